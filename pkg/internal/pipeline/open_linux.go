package pipeline

import (
	"io"
	"os"
	"syscall"
	"time"
)

// fdFile reads a file through its descriptor alone. os.Open would also try
// to register a regular file with the network poller, which fails after
// five system calls (four fcntl, one epoll_ctl), and os.NewFile asks fcntl
// once more; over tens of thousands of small files those were half of
// scan's system calls.
type fdFile int

func openRead(path string) (fdFile, error) {
	for {
		// O_NONBLOCK: a FIFO without a writer must not hang the open; stat
		// then refuses it (regular files ignore the flag).
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err == syscall.EINTR {
			continue // the runtime preempts with signals: try again
		}
		if err != nil {
			return -1, &os.PathError{Op: "open", Path: path, Err: err}
		}
		return fdFile(fd), nil
	}
}

func (f fdFile) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(int(f), b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fdFile) Close() error { return syscall.Close(int(f)) }

// stat returns the file's size and modification time; a file that is
// not a regular one (a FIFO, a device) is an error.
func (f fdFile) stat() (int64, time.Time, error) {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(int(f), &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, time.Time{}, err
		}
		switch st.Mode & syscall.S_IFMT {
		case syscall.S_IFREG:
		case syscall.S_IFDIR:
			return 0, time.Time{}, errIsFolder
		default:
			return 0, time.Time{}, errNotRegular
		}
		return st.Size, time.Unix(st.Mtim.Unix()), nil
	}
}
