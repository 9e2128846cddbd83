package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/cmd/neardup/internal/iostreams"
)

// Exit codes, documented in each command's help and the README.
const (
	exitOK        = 0
	exitFound     = 1 // --exit-code: a group, match or near-duplicate pair
	exitFailure   = 2 // bad flags or arguments, no readable input, --strict warnings, a failure
	exitInterrupt = 130
	exitTerminate = 143
)

// errFound ends a run that found what --exit-code asks about.
var errFound = errors.New("found")

// exitCode is the one place errors become exit codes.
func exitCode(err error) int {
	switch {
	case err == nil, cmdutil.ClosedPipe(err): // a reader that has all it wants
		return exitOK
	case errors.Is(err, errFound):
		return exitFound
	}
	return exitFailure
}

// exitHelp lists a command's exit codes: found says what exit 1 means
// (empty: the command has no --exit-code), failure what exit 2 adds.
func exitHelp(found, failure string) string {
	var b strings.Builder
	b.WriteString("Exit codes:\n  0    success\n")
	if found != "" {
		b.WriteString("  1    with --exit-code: " + found + "\n")
	}
	b.WriteString("  2    usage error, no input could be read" + failure + "\n")
	b.WriteString("  130  interrupted (SIGINT); 143 terminated (SIGTERM); nothing more is printed to\n       stdout; a second signal stops at once")
	return b.String()
}

// streams are the command's IO and their terminal state, which tests set.
type streams = iostreams.IOStreams

func newRootCmd(io streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "neardup",
		Short: "Find near-duplicate articles among text files",
		Long: `neardup finds near-duplicate news articles among raw text files: it strips
outlet boilerplate, normalizes and stems the words, builds word-shingle MinHash
signatures, finds candidates with LSH, verifies them and prints the groups.
Each command's help lists its exit codes.`,
		Version:       cmdutil.Version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// The one place numeric flags are checked, for every command.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return validateFlags(cmd) },
	}
	// -v is --verbose in every command; --version has no short form.
	root.Flags().Bool("version", false, "print neardup's version")
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	s := newSettings() // one run: the commands share the flags' values
	root.AddCommand(newScanCmd(s, io), newCleanCmd(s), newCompareCmd(s), newEvalCmd(s, io), newIndexCmd(s, io), newQueryCmd(s, io), newSketchCmd(s, io), newGroupCmd(s, io), newVersionCmd())
	cmdutil.Strict(root)
	return root
}

// run executes the command line and returns the exit code.
func run(args []string, io streams) int {
	ctx, got, stop := cmdutil.Interruptible(io.ErrOut)
	defer stop()
	root := newRootCmd(io)
	if args == nil {
		args = []string{} // cobra reads os.Args on nil
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	// A signal that came while the command ran ends it as interrupted, even
	// when its last step could not stop and finished (clean of one file).
	if s := got(); s != nil {
		fmt.Fprintf(io.ErrOut, "neardup: interrupted (%v)\n", s)
		return cmdutil.SignalExit(s)
	}
	code := exitCode(err)
	if code == exitFailure {
		fmt.Fprintf(io.ErrOut, "neardup: error: %v\n", err)
	}
	return code
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print neardup's version",
		Long:    "Version prints the module version and, when the build recorded it, the commit.",
		Example: "  neardup version\n  neardup --version",
		Args:    cmdutil.ExactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "neardup %s\n", cmdutil.Version())
			return err
		},
	}
}
