//go:build !unix

package inputs

import (
	"io/fs"
	"path/filepath"
)

type fileID struct{ dev, ino uint64 }

// Without inode numbers, loops through links cannot be told apart.
func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }

// keyOf identifies the file at p by its cleaned absolute path with links
// resolved, as no inode is at hand: spellings and symbolic links of one
// file share it; hard links do not.
func keyOf(p string, _ fs.FileInfo) fileKey {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return fileKey{path: cleanAbs(p)}
}
