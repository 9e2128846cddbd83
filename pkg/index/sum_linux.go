package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/cespare/xxhash/v2"
)

// sumFile is hashRange(f, n, nil) for a file opened to be checked. A large
// one is hashed where the kernel maps it, not copied out first (a copy of
// every byte was a third of opening a large index), each chunk dropped
// from this process's memory once hashed.
func sumFile(f *os.File, n int64) (uint64, error) {
	if n < 64<<20 || int64(int(n)) != n {
		return hashRange(f, n, nil)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(n), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return hashRange(f, n, nil)
	}
	defer syscall.Munmap(m)
	_ = syscall.Madvise(m, syscall.MADV_SEQUENTIAL)
	chunks := (len(m) + sumChunk - 1) / sumChunk
	sums := make([]byte, 8*chunks)
	var next atomic.Int64
	errs := make([]error, min(runtime.GOMAXPROCS(0), chunks))
	var wg sync.WaitGroup
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A file cut short since it was opened faults on the pages
			// past its end: an error, not a crash.
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if r := recover(); r != nil {
					errs[g] = fmt.Errorf("read: %v", r)
				}
			}()
			for c := int(next.Add(1) - 1); c < chunks; c = int(next.Add(1) - 1) {
				b := m[c*sumChunk : min(len(m), (c+1)*sumChunk)]
				binary.BigEndian.PutUint64(sums[8*c:], xxhash.Sum64(b))
				_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return xxhash.Sum64(sums), nil
}
