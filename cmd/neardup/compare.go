package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/neardup"
)

func newCompareCmd(s *settings) *cobra.Command {
	return s.use(&cobra.Command{
		Use:         "compare [flags] A B",
		Short:       "Explain why two articles match or not",
		Long:        help("compare", "the two are near-duplicates", ""),
		Example:     example("compare"),
		Args:        cmdutil.ExactArgs(2),
		Annotations: textOrJSON,
		RunE:        func(cmd *cobra.Command, args []string) error { return s.compare(cmd, args) },
	}, "no-clean rules no-rules"+fpFlags+" threshold containment format passages exit-code quiet max-bytes",
		"format", textJSON, "exit-code", "exit 1 when the two are near-duplicates", "quiet", "print nothing; use with --exit-code",
		"threshold", "Jaccard similarity that makes near-duplicates",
		"containment", "also near-duplicates when this share of the shorter is in the longer and it has few passages of its own (0: off)")
}

func (s *settings) compare(cmd *cobra.Command, args []string) error {
	opts, err := s.options(cmd, streams{})
	if err != nil {
		return err
	}
	c, warns, err := neardup.Compare(cmd.Context(), args[0], args[1], opts, s.passages)
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return err
	}
	if !s.quiet {
		if s.format == "json" {
			err = c.WriteJSON(cmd.OutOrStdout())
		} else {
			err = c.WriteText(cmd.OutOrStdout())
		}
		// A closed stdout is a reader that has all it wants: --exit-code
		// still says what was found.
		if err != nil && !cmdutil.ClosedPipe(err) {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if s.exitCode && c.NearDuplicates {
		return cmdutil.ErrFound
	}
	return nil
}
