package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, documented in --help and the README.
const (
	exitOK        = 0
	exitFound     = 1 // --exit-code and at least one group or match
	exitUsage     = 2 // bad flags or arguments, no readable input, or --strict warnings
	exitInterrupt = 130
	exitTerminate = 143
)

const exitCodesHelp = `Exit codes:
  0    success
  1    with --exit-code: at least one group of near-duplicates was found
  2    usage error, no input could be read, or (with --strict) any file warning
  130  interrupted (SIGINT); 143 terminated (SIGTERM); nothing is printed to stdout
       (clean: only whole files); a second signal stops at once`

// exitError carries an exit code; its message, if any, was not printed yet.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// streams are the command's IO, injectable for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// isTerminal reports whether w is a terminal; only then do we draw
// progress, colour, or shorten paths.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil {
			return width
		}
	}
	return 0
}

func newRootCmd(io streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "neardup",
		Short: "Find near-duplicate articles among text files",
		Long: `neardup finds near-duplicate news articles among raw text files: it strips
outlet boilerplate, normalizes and stems the words, builds word-shingle MinHash
signatures, finds candidates with LSH, verifies them and prints the groups.

` + exitCodesHelp,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// The one place numeric flags are checked, for every command.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return validateFlags(cmd) },
	}
	root.SetIn(io.in)
	root.SetOut(io.out)
	root.SetErr(io.err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w\nhint: see '%s --help'", err, c.CommandPath())}
	})
	root.AddCommand(newScanCmd(), newCleanCmd(), newCompareCmd(), newEvalCmd(), newIndexCmd(), newQueryCmd(), newVersionCmd(), newDocsCmd(root))
	root.AddCommand(newSketchCmd(), newGroupCmd())
	return root
}

// run executes the command line and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, got, stop := interruptible(stderr)
	defer stop()

	root := newRootCmd(streams{in: stdin, out: stdout, err: stderr})
	if args == nil {
		args = []string{} // cobra reads os.Args on nil
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if s := got(); s != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "neardup: interrupted (%v)\n", s)
		return signalExit(s)
	}
	if closedPipe(err) {
		return exitOK
	}
	code := exitUsage // cobra's own errors (unknown command, bad args) are usage errors
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	}
	fmt.Fprintf(stderr, "neardup: error: %v\n", err)
	return code
}

func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v
}
