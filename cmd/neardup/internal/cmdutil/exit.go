package cmdutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes, documented in each command's help and the README.
const (
	ExitOK        = 0
	ExitFound     = 1 // --exit-code: a group, match or near-duplicate pair
	ExitFailure   = 2 // bad flags or arguments, no readable input, --strict warnings, a failure
	ExitInterrupt = 130
	ExitTerminate = 143
)

// ErrFound ends a run that found what --exit-code asks about.
var ErrFound = errors.New("found")

// ExitCode is the one place errors become exit codes.
func ExitCode(err error) int {
	switch {
	case err == nil, ClosedPipe(err): // a reader that has all it wants
		return ExitOK
	case errors.Is(err, ErrFound):
		return ExitFound
	}
	return ExitFailure
}

// Execute runs root with args, cancelling its context on SIGINT or
// SIGTERM, prints a failure on stderr and returns the exit code.
func Execute(root *cobra.Command, args []string, stderr io.Writer) int {
	ctx, got, stop := Interruptible(stderr)
	defer stop()
	if args == nil {
		args = []string{} // cobra reads os.Args on nil
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	// A signal that came while the command ran ends it as interrupted, even
	// when its last step could not stop and finished (clean of one file).
	if s := got(); s != nil {
		fmt.Fprintf(stderr, "neardup: interrupted (%v)\n", s)
		return SignalExit(s)
	}
	code := ExitCode(err)
	if code == ExitFailure {
		fmt.Fprintf(stderr, "neardup: error: %v\n", err)
	}
	return code
}
