//go:build !linux

package index

// release is a no-op where pages cannot be dropped from a mapping.
func (ix *Index) release() {}
