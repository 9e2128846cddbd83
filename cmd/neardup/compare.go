package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/neardup"
)

func newCompareCmd(s *settings) *cobra.Command {
	return s.use(&cobra.Command{
		Use:   "compare [flags] A B",
		Short: "Explain why two articles match or not",
		Long: `Compare shows how scan sees two articles: their Jaccard similarity estimated
from MinHash signatures and computed exactly, how much of each is contained
in the other, how many shingles they share, their longest shared passages
(original text with line numbers), and what cleaning removed from each.

Cleaning here uses the rules and line features only: the corpus layer needs a
folder of files.

` + exitHelp("the two are near-duplicates", ""),
		Example: `  neardup compare a.txt b.txt
  neardup compare --format json --passages 1 a.txt b.txt | jq .exact
  neardup compare --exit-code -q new.txt archive/old.txt && echo different`,
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
	printWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return err
	}
	if !s.quiet {
		if s.format == "json" {
			c.Result = c.Result.Rounded()
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			err = enc.Encode(c)
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
		return errFound
	}
	return nil
}
