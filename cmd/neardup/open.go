package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// maxListBytes bounds what is read of a list the user names (--truth,
// --rules, --files-from): far past any real one, short of exhausting memory
// on /dev/zero's like.
const maxListBytes = 1 << 30

// readList reads a file the user names for a list. A pipe or FIFO is fine
// (<(...)), but opening never waits for a writer, a device is refused, and
// a signal ends a read that waits.
func readList(ctx context.Context, path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if m := fi.Mode(); !m.IsRegular() && m&os.ModeNamedPipe == 0 {
		return nil, fmt.Errorf("%s: not a regular file or pipe", path)
	}
	stop := context.AfterFunc(ctx, func() { f.Close() }) // ends a waiting read
	defer stop()
	b, err := io.ReadAll(io.LimitReader(f, maxListBytes+1))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	if len(b) > maxListBytes {
		return nil, errors.New(path + ": larger than 1 GiB")
	}
	return b, nil
}
