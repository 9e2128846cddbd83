//go:build !unix

package inputs

import "io/fs"

type fileID struct{ dev, ino uint64 }

// Without inode numbers, loops through links cannot be told apart.
func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }
