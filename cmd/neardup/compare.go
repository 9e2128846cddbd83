package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/compare"
	"github.com/neardup/neardup/pkg/neardup"
)

type compareFlags struct {
	clean                  cleanFlags
	fp                     fingerprintFlags
	threshold, containment float64
	format                 string
	passages               int
	exitCode, quiet        bool
	maxBytes               int64
}

func newCompareCmd() *cobra.Command {
	var f compareFlags
	cmd := &cobra.Command{
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
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runCompare(cmd, args, &f) },
	}
	f.clean.register(cmd, true, false)
	f.fp.register(cmd)
	fl := cmd.Flags()
	fl.Float64Var(&f.threshold, "threshold", neardup.DefaultThreshold, "Jaccard similarity that makes near-duplicates")
	fl.Float64Var(&f.containment, "containment", neardup.DefaultContainment, "also near-duplicates when this share of the shorter is in the longer and it has few passages of its own (0: off)")
	fl.StringVarP(&f.format, "format", "f", "text", "text or json")
	fl.Var(newDecimal(&f.passages, 3), "passages", "shared passages to show for each article")
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when the two are near-duplicates")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing; use with --exit-code")
	fl.Var(newDecimal(&f.maxBytes, neardup.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	return cmd
}

// compareJSON is compare --format json.
type compareJSON struct {
	compare.Result
	NearDup     bool             `json:"near_duplicates"`
	Relation    neardup.Relation `json:"relation"`
	Threshold   float64          `json:"threshold"`
	Containment float64          `json:"containment_threshold,omitempty"`
}

func runCompare(cmd *cobra.Command, args []string, f *compareFlags) error {
	if err := checkFormat(f.format, []string{"text", "json"}); err != nil {
		return err
	}
	co, err := f.clean.options(cmd.Context())
	if err != nil {
		return err
	}
	opts := neardup.Options{Clean: co, Fingerprint: f.fp.o, Read: neardup.ReadOptions{MaxBytes: f.maxBytes},
		Group: neardup.GroupOptions{Threshold: f.threshold, Containment: f.containment}}
	c, warns, err := neardup.Compare(cmd.Context(), args[0], args[1], opts, f.passages)
	printWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return err
	}
	near := c.Relation != neardup.Unrelated
	if !f.quiet {
		r := c.Result
		if f.format == "json" {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			err = enc.Encode(compareJSON{Result: r.Rounded(), NearDup: near, Relation: c.Relation, Threshold: f.threshold, Containment: f.containment})
		} else {
			err = r.WriteText(cmd.OutOrStdout(), string(c.Relation), f.threshold, f.containment)
		}
		// A closed stdout is a reader that has all it wants: --exit-code
		// still says what was found.
		if err != nil && !closedPipe(err) {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if f.exitCode && near {
		return errFound
	}
	return nil
}
