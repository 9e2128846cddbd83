//go:build linux

package inputs

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// readDir lists dir's entries sorted by name, as os.ReadDir does, but
// keeps the inode number the directory itself holds (getdents64), so that
// identifying each file found costs no stat. buf is the read buffer, kept
// by the caller from one folder to the next.
func readDir(dir string, buf *[]byte) ([]dirEntry, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	if len(*buf) == 0 {
		*buf = make([]byte, 32<<10)
	}
	var out []dirEntry
	for {
		n, err := ignoringEINTR(func() (int, error) { return syscall.ReadDirent(fd, *buf) })
		if err != nil {
			return out, &os.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			break
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
		for rec := (*buf)[:n]; len(rec) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(rec[16:18]))
			if reclen < 19 || reclen > len(rec) {
				break
			}
			ino, typ, name := binary.NativeEndian.Uint64(rec[:8]), rec[18], rec[19:reclen]
			rec = rec[reclen:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if ino == 0 || string(name) == "." || string(name) == ".." {
				continue // a deleted entry, or the folder and its parent
			}
			e := dirEntry{name: string(name), ino: ino, known: true}
			switch typ {
			case syscall.DT_REG:
			case syscall.DT_DIR:
				e.typ = fs.ModeDir
			case syscall.DT_LNK:
				e.typ = fs.ModeSymlink
			case syscall.DT_UNKNOWN: // some filesystems leave it to lstat
				e.known = false
			default:
				e.typ = fs.ModeIrregular
			}
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
