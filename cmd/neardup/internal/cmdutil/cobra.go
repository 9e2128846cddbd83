package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Strict makes root's generic behaviour fail where cobra shrugs, each
// error with a hint: a bad flag names the help to read; help for a topic
// there is none of, and completion for a shell there is no script for,
// are errors (exit 2), not a note or the help and exit 0. Call it after
// the commands are added.
func Strict(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w\nhint: see '%s --help'", err, c.CommandPath())
	})
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			show := c.Run
			c.Run, c.RunE = nil, func(cmd *cobra.Command, args []string) error {
				if t, _, err := root.Find(args); len(args) > 0 && (err != nil || t == root) {
					return fmt.Errorf("unknown help topic %q\nhint: %s --help lists the commands", strings.Join(args, " "), root.Name())
				}
				show(cmd, args)
				return nil
			}
		case "completion":
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("unknown command %q for %q\nhint: %s completion bash|fish|powershell|zsh", args[0], cmd.CommandPath(), root.Name())
				}
				return cmd.Help()
			}
		}
	}
}

// ExactArgs is cobra.ExactArgs with a hint.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s takes %d paths, got %d\nhint: %s", cmd.Name(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}
