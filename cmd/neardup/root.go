package main

import (
	"embed"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/cmd/neardup/internal/iostreams"
)

// The commands' long help and examples are prose, kept in help/NAME.txt:
// the text, then "Examples:" and the example lines.
//
//go:embed help
var helpFiles embed.FS

func help(name, found, failure string) string {
	return cmdutil.Help(helpFile(name), found, failure)
}

func example(name string) string { return cmdutil.Example(helpFile(name)) }

func helpFile(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic(err) // embedded; newRootCmd reads every one, so any test would fail
	}
	return string(b)
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
The help of each command that reads files lists its exit codes; version,
help and completion exit 0, or 2 on a usage error.`,
		Version:       cmdutil.Version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// The one place numeric flags are checked, for every command.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return cmdutil.ValidateFlags(cmd) },
	}
	// -v is --verbose in every command; --version has no short form.
	root.Flags().Bool("version", false, "print neardup's version")
	root.SetVersionTemplate("neardup {{.Version}}\n") // as neardup version prints it
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
	return cmdutil.Execute(newRootCmd(io), args, io.ErrOut)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print neardup's version",
		Long:    "Version prints the module version and, when the build recorded it, the commit.",
		Example: "  neardup version\n  neardup --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "neardup %s\n", cmdutil.Version())
			return err
		},
	}
}
