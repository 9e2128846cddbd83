package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// Interruptible is the one signal path of every command. The first SIGINT
// or SIGTERM cancels the returned context: each command's loops check it,
// stop, commit nothing and print nothing more on stdout. A second signal
// exits at once (with the first one's exit code), for when a step cannot
// stop soon, such as a write to a stdout nobody reads. got returns the
// first signal, or nil; stop ends the watch.
func Interruptible(stderr io.Writer) (ctx context.Context, got func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	// A write to a closed pipe then fails with EPIPE, which commands treat
	// as the reader having all it wants, instead of killing the process
	// with SIGPIPE (exit 141, a failure under `set -o pipefail`). Done
	// after Notify: the tests take an ignored SIGPIPE to mean a signal is
	// now handled.
	signal.Ignore(syscall.SIGPIPE)
	var first atomic.Value // os.Signal
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			first.Store(s)
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			s := first.Load().(os.Signal)
			fmt.Fprintf(stderr, "neardup: interrupted (%v), stopped at once\n", s)
			os.Exit(SignalExit(s))
		case <-done:
		}
	}()
	got = func() os.Signal {
		s, _ := first.Load().(os.Signal)
		return s
	}
	stop = func() {
		// sigs stays registered: a signal that comes once the command is
		// done, before the exit, is then ignored instead of killing a run
		// that succeeded.
		close(done)
		cancel()
	}
	return ctx, got, stop
}

// SignalExit is the shell's exit code for a process ended by s.
func SignalExit(s os.Signal) int {
	if s == syscall.SIGTERM {
		return ExitTerminate
	}
	return ExitInterrupt
}

// ClosedPipe reports whether err comes from writing to a pipe whose reader
// has gone (`neardup scan | head -1`): that reader has all it wanted, so it
// is no failure and needs no message.
func ClosedPipe(err error) bool { return errors.Is(err, syscall.EPIPE) }
