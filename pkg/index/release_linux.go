package index

import "syscall"

// release drops the index's pages from this process's memory; they stay
// in the page cache and a later read maps them again (the file is never
// changed in place, so they read the same). Each lookup in a large index
// maps the page it reads and, by the kernel's fault-around, up to 64 KiB
// about it: a query of many keys would otherwise hold hundreds of MiB of
// the index as its own resident memory until it closes it.
func (ix *Index) release() {
	if ix.db == nil || ix.data == 0 {
		return
	}
	// The mapping's address, not a Go pointer: no unsafe.Pointer needed.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, ix.db.Info().Data, uintptr(ix.data), syscall.MADV_DONTNEED)
}
