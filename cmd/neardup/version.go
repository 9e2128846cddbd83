package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print neardup's version",
		Long:    "Version prints the module version and, when the build recorded it, the commit.",
		Example: "  neardup version\n  neardup --version",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "neardup %s\n", version())
			return err
		},
	}
}

// newDocsCmd generates the man pages and Markdown reference from the
// commands themselves, so they cannot drift from --help. Hidden: it is for
// packagers and the docs, not for daily use.
func newDocsCmd(root *cobra.Command) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:     "docs --out DIR",
		Short:   "Write man pages and Markdown reference for every command",
		Example: "  go run ./cmd/neardup docs --out docs/",
		Hidden:  true,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageErrorf("--out is required")
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
