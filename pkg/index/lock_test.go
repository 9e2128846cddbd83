package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/neardup/neardup/pkg/doc"
)

// A reader opens and reads the index while a writer holds the lock, and
// keeps reading the file it opened while the writer replaces it.
func TestReadersDoNotWaitForWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	w, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	start := time.Now()
	r, err := Open(path, false)
	if err != nil {
		t.Fatalf("reader while a writer holds the lock: %v", err)
	}
	defer r.Close()
	if err := w.Update(settings, nil, []doc.Doc{entry("/b", 2)}, []string{"/a"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("reader took %s", d)
	}
	if got := all(t, r); len(got) != 1 || got[0].Path != "/a" {
		t.Errorf("the open reader sees %+v, want its snapshot with /a", got)
	}
	r2, _ := Open(path, false)
	defer r2.Close()
	if got := all(t, r2); len(got) != 1 || got[0].Path != "/b" {
		t.Errorf("a new reader sees %+v, want /b", got)
	}
}

// A second writer waits for the first, up to its timeout, and a cancelled
// context stops the wait at once.
func TestWriterWaitsForTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	first, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = OpenWith(path, Options{Write: true, LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || time.Since(start) < 200*time.Millisecond {
		t.Errorf("second writer: %v after %s, want ErrLocked after 200ms", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	start = time.Now()
	_, err = OpenWith(path, Options{Write: true, LockTimeout: time.Minute, Context: ctx})
	// Well under the minute it would otherwise wait; not a second, which
	// a loaded 2-core machine once took 2.3 s to schedule.
	if !errors.Is(err, context.Canceled) || time.Since(start) > 15*time.Second {
		t.Errorf("cancelled wait: %v after %s", err, time.Since(start))
	}
	waited := make(chan struct{}, 1)
	go func() { time.Sleep(300 * time.Millisecond); first.Close() }()
	second, err := OpenWith(path, Options{Write: true, LockTimeout: 10 * time.Second, Waiting: func() { waited <- struct{}{} }})
	if err != nil {
		t.Fatalf("second writer after the first closed: %v", err)
	}
	second.Close()
	if len(waited) != 1 {
		t.Error("Waiting was not called")
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

// A rebuild takes the same lock: while it builds, index waits; readers read
// the old index until the rebuilt one replaces it.
func TestRebuildTakesTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/old", 1)}, nil)
	ix.Close()
	rb, err := OpenWith(path, Options{Write: true, Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWith(path, Options{Write: true, LockTimeout: 100 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("writer during a rebuild: %v, want ErrLocked", err)
	}
	if got, _, err := readAll(path); err != nil || len(got) != 1 || got[0].Path != "/old" {
		t.Errorf("reader during a rebuild: %v %v", got, err)
	}
	other := settings
	other.Shingle = 5
	if err := rb.Update(other, nil, []doc.Doc{entry("/new", 2)}, nil); err != nil {
		t.Fatal(err)
	}
	rb.Close()
	r, _ := Open(path, false)
	defer r.Close()
	if got := all(t, r); len(got) != 1 || got[0].Path != "/new" || r.Check(other) != nil {
		t.Errorf("after the rebuild: %+v", got)
	}
}

// Writers and readers at once: every writer's batch lands whole, every
// reader sees whole batches only and never fails, and nothing is left
// beside the index.
func TestWritersAndReadersAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ndx")
	const writers, batch = 6, 20
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	done := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			ix, err := OpenWith(path, Options{Write: true, LockTimeout: 30 * time.Second})
			if err != nil {
				errs <- err
				return
			}
			defer ix.Close()
			var put []doc.Doc
			for i := range batch {
				put = append(put, entry(fmt.Sprintf("/w%d/%02d", w, i), uint32(w*batch+i)))
			}
			// Two updates per lock: the second replaces the first's file.
			if err := ix.Update(settings, nil, put[:batch/2], nil); err != nil {
				errs <- err
			}
			if err := ix.Update(settings, nil, put[batch/2:], nil); err != nil {
				errs <- err
			}
		})
	}
	var readers sync.WaitGroup
	reads := make([]int, 4)
	for r := range reads {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				ix, err := Open(path, false)
				if errors.Is(err, ErrMissing) {
					continue // before the first writer's update
				}
				if err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
				per := map[string]int{}
				err = ix.Each(func(e doc.Doc) error {
					if e.Signature[0] != uint32(e.Hash/7) {
						return fmt.Errorf("entry %s read wrong", e.Path)
					}
					per[filepath.Dir(e.Path)]++
					return nil
				})
				ix.Close()
				if err != nil {
					errs <- fmt.Errorf("reader: %w", err)
					return
				}
				for w, n := range per {
					if n != batch/2 && n != batch {
						errs <- fmt.Errorf("reader saw %d entries of %s: half an update", n, w)
					}
				}
				reads[r]++
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ix, err := Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := ix.Len(); n != writers*batch {
		t.Errorf("final index has %d entries, want %d", n, writers*batch)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("files beside the index: %v", names)
	}
	t.Logf("reads: %v", reads)
}

// A failed or cancelled update leaves the index as it was and no
// temporary file.
func TestInterruptedUpdateLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	ix.Close()
	before, _ := os.ReadFile(path)
	ctx, cancel := context.WithCancel(context.Background())
	ix, err := OpenWith(path, Options{Write: true, Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := ix.Update(settings, nil, []doc.Doc{entry("/b", 2)}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled update: %v", err)
	}
	if err := ix.Update(settings, nil, []doc.Doc{{Path: "/short", Signature: []uint32{1}}}, nil); err == nil {
		t.Error("an entry of the wrong length was accepted")
	}
	ix.Close()
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the index changed")
	}
	// A writer killed mid-update leaves its copy; the next writer removes it.
	stale := path + tmpInfix + "123"
	_ = os.WriteFile(stale, []byte("half"), 0o600)
	ix, _ = Open(path, true)
	ix.Close()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("%d files in the folder, want the index alone", len(ents))
	}
}

// scan --db reads without the lock and stores only if it can lock the
// index it read: Lock says when another writer holds it or replaced it.
func TestLockAfterReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	r, err := OpenWith(path, Options{Create: true})
	if err != nil || !r.New() {
		t.Fatalf("create-read of a missing index: %v", err)
	}
	if err := r.Update(settings, nil, nil, nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("update without the lock: %v", err)
	}
	w, _ := Open(path, true)
	if err := r.Lock(context.Background(), 0); !errors.Is(err, ErrLocked) {
		t.Errorf("lock while a writer holds it: %v", err)
	}
	_ = w.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	w.Close()
	if err := r.Lock(context.Background(), 0); !errors.Is(err, ErrChanged) {
		t.Errorf("lock after the index was created by another: %v", err)
	}
	r.Close()
	r, _ = Open(path, false)
	defer r.Close()
	if err := r.Lock(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if err := r.Update(settings, nil, []doc.Doc{entry("/b", 2)}, nil); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 2 {
		t.Errorf("len %d", r.Len())
	}
}
