//go:build !linux

package pipeline

import (
	"os"
	"time"
)

type osFile struct{ *os.File }

func openRead(path string) (osFile, error) {
	f, err := os.Open(path)
	return osFile{f}, err
}

// stat returns the file's size and modification time.
func (f osFile) stat() (int64, time.Time, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, time.Time{}, err
	}
	if fi.IsDir() {
		return 0, time.Time{}, errIsFolder
	}
	if !fi.Mode().IsRegular() {
		return 0, time.Time{}, errNotRegular
	}
	return fi.Size(), fi.ModTime(), nil
}
