//go:build unix

package inputs

import (
	"io/fs"
	"syscall"
)

type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

// keyOf identifies the file at p, whose (followed) FileInfo is fi: device
// and inode, so every spelling, symbolic link and hard link of one file
// has one key.
func keyOf(p string, fi fs.FileInfo) fileKey {
	if id, ok := idOf(fi); ok {
		return fileKey{id: id}
	}
	return fileKey{path: cleanAbs(p)}
}
