package inputs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadListFileFIFO: a FIFO is read once its writer comes, and the wait
// for one ends when the context does.
func TestReadListFileFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = os.WriteFile(fifo, []byte("a.txt\nb.txt\n"), 0o600)
	}()
	b, err := ReadListFile(context.Background(), fifo)
	if err != nil || string(b) != "a.txt\nb.txt\n" {
		t.Fatalf("ReadListFile = %q, %v", b, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := ReadListFile(ctx, fifo) // no writer ever
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("no writer, cancelled: %v, want the context's error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the wait for a writer did not end with the context")
	}
}

// TestReadListFileRefusesDevices: a device is no list (/dev/zero would
// never end), but /dev/null is the empty one.
func TestReadListFileRefusesDevices(t *testing.T) {
	if _, err := ReadListFile(context.Background(), "/dev/zero"); err == nil {
		t.Error("/dev/zero read as a list")
	}
	if b, err := ReadListFile(context.Background(), os.DevNull); err != nil || len(b) != 0 {
		t.Errorf("%s, the usual empty list: %q, %v", os.DevNull, b, err)
	}
}
