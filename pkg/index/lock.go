package index

import (
	"context"
	"errors"
	"os"
	"time"
)

// lockFile is the writers' lock: a file beside the index, locked
// exclusively. It is a separate file because the index itself is replaced
// by every update, and because readers must not wait for it.
type lockFile struct {
	f    *os.File
	path string
}

// errBusy is what tryLock returns when another process holds the lock.
var errBusy = errors.New("busy")

// acquire takes the lock at path, polling until timeout or ctx ends.
// The holder removes the file when it lets go, so after locking we check
// that the file we locked is still the one at path: otherwise we locked a
// file its holder had just removed, and try again.
func acquire(ctx context.Context, path string, timeout time.Duration, waiting func()) (*lockFile, error) {
	deadline := time.Now().Add(timeout)
	told := false
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		err = tryLock(f)
		if err == nil {
			a, aerr := f.Stat()
			b, berr := os.Stat(path)
			if aerr == nil && berr == nil && os.SameFile(a, b) {
				return &lockFile{f: f, path: path}, nil
			}
			unlock(f)
			f.Close()
			continue
		}
		f.Close()
		if !errors.Is(err, errBusy) {
			return nil, err
		}
		if !time.Now().Before(deadline) {
			return nil, ErrLocked
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(min(50*time.Millisecond, time.Until(deadline)+time.Millisecond)):
		}
	}
}

// release removes the lock file, then unlocks it (see acquire).
func (l *lockFile) release() {
	if removeLockFile {
		_ = os.Remove(l.path)
	}
	unlock(l.f)
	_ = l.f.Close()
}
