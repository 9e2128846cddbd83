//go:build docs

// The docs command is built only with -tags docs, so the shipped binary
// carries neither it nor cobra/doc's dependencies (markdown, man, yaml):
//
//	go run -tags docs ./cmd/neardup docs --out docs/

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func init() { extraCommands = append(extraCommands, newDocsCmd) }

// newDocsCmd writes the man pages and Markdown reference from the commands
// themselves, so they cannot drift from --help.
func newDocsCmd(root *cobra.Command) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:     "docs --out DIR",
		Short:   "Write man pages and Markdown reference for every command",
		Example: "  go run -tags docs ./cmd/neardup docs --out docs/",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("--out is required")
			}
			for _, dir := range []string{out + "/man", out + "/md"} {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return fmt.Errorf("docs: %w", err)
				}
			}
			root.DisableAutoGenTag = true // keep the output reproducible
			if err := doc.GenManTree(root, &doc.GenManHeader{Title: "NEARDUP", Section: "1", Source: "neardup " + version()}, out+"/man"); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			if err := doc.GenMarkdownTree(root, out+"/md"); err != nil {
				return fmt.Errorf("markdown: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "folder to write man/ and md/ into")
	return cmd
}
