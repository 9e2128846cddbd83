package inputs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// MaxListBytes bounds what ReadListFile reads: far past any real list, short
// of exhausting memory on /dev/zero's like.
const MaxListBytes = 1 << 30

// ReadListFile reads a file a user names for a list (of paths, rules,
// truth pairs). A pipe is fine (<(...)); a FIFO made by mkfifo is waited
// for until a writer opens it, as cat does (reading it at once would take
// "no writer yet" for an empty list, and a CI step would pass on nothing).
// A device is refused, and cancelling ctx ends an open or a read that waits.
func ReadListFile(ctx context.Context, path string) ([]byte, error) {
	f, err := openList(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return nil, nil // the usual empty list
	}
	if m := fi.Mode(); !m.IsRegular() && m&os.ModeNamedPipe == 0 {
		return nil, fmt.Errorf("%s: not a regular file or pipe", path)
	}
	stop := context.AfterFunc(ctx, func() { f.Close() }) // ends a waiting read
	defer stop()
	b, err := io.ReadAll(io.LimitReader(f, MaxListBytes+1))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	if len(b) > MaxListBytes {
		return nil, errors.New(path + ": larger than 1 GiB")
	}
	return b, nil
}

// openList opens path to read a list. A FIFO in the file system is opened
// blocking, so that it waits for its writer; anything else (a pipe passed
// as /dev/fd/N, whose writer may be gone already, leaving data) is opened
// without waiting.
func openList(ctx context.Context, path string) (*os.File, error) {
	real, err := filepath.EvalSymlinks(path) // fails for /dev/fd/N of a pipe: "pipe:[N]"
	if err == nil {
		if fi, err := os.Lstat(real); err == nil && fi.Mode()&os.ModeNamedPipe != 0 {
			return waitForWriter(ctx, real)
		}
	}
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// waitForWriter opens the FIFO at path once a writer opens it, or fails
// with ctx's error when ctx ends first.
func waitForWriter(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_RDONLY, 0)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		// End the waiting open by being its writer for a moment.
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// Request says which files to read: the Paths, and those listed in the
// file FilesFrom ("-": Stdin), one per line or, with Null, per NUL byte.
type Request struct {
	Paths     []string
	FilesFrom string
	Stdin     io.Reader
	Null      bool
	Options
}

// ErrNoPaths says a Request named no path and no list.
var ErrNoPaths = errors.New("no paths given")

// Collect returns the files r asks for, sorted, and the paths that could
// not be used (see Expand). An empty list is no files, not ErrNoPaths. A
// list that never ends (yes | neardup …) stops when ctx is cancelled.
func Collect(ctx context.Context, r Request) ([]string, []Problem, error) {
	roots := slices.Clone(r.Paths)
	if r.FilesFrom != "" {
		in := r.Stdin
		if r.FilesFrom != "-" {
			b, err := ReadListFile(ctx, r.FilesFrom)
			if err != nil {
				return nil, nil, fmt.Errorf("read file list: %w", err)
			}
			in = bytes.NewReader(b)
		} else if in == nil {
			in = os.Stdin
		}
		list, err := ReadList(ctxReader{ctx, in}, r.Null)
		if err != nil {
			return nil, nil, fmt.Errorf("read file list %s: %w", r.FilesFrom, err)
		}
		roots = append(roots, list...)
	} else if len(roots) == 0 {
		return nil, nil, ErrNoPaths
	}
	return Expand(roots, r.Options)
}

// ctxReader is a reader that fails once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
