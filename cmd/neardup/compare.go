package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/compare"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/scan"
)

type compareFlags struct {
	pipe        pipelineFlags
	threshold   float64
	containment float64
	format      string
	passages    int
	exitCode    bool
	maxBytes    int64
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

` + exitCodesHelp,
		Example: `  neardup compare a.txt b.txt
  neardup compare --format json --passages 1 a.txt b.txt | jq .exact
  neardup compare --exit-code -q new.txt archive/old.txt && echo different`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runCompare(cmd, args, &f) },
	}
	f.pipe.register(cmd)
	for _, name := range []string{"template-files", "template-share"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	fl := cmd.Flags()
	fl.Float64Var(&f.threshold, "threshold", scan.DefaultThreshold, "Jaccard similarity that makes near-duplicates")
	fl.Float64Var(&f.containment, "containment", scan.DefaultContainment, "also near-duplicates when this share of the shorter is in the longer and it has few passages of its own (0: off)")
	fl.StringVarP(&f.format, "format", "f", "text", "text or json")
	fl.Var(newDecimal(&f.passages, 3), "passages", "shared passages to show for each article")
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when the two are near-duplicates")
	fl.BoolP("quiet", "q", false, "print nothing; use with --exit-code")
	fl.Var(newDecimal(&f.maxBytes, scan.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	return cmd
}

// exactArgs is cobra.ExactArgs with a usage exit code and a hint.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d paths, got %d\nhint: %s", cmd.Name(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

type compareJSON struct {
	A           sideJSON `json:"a"`
	B           sideJSON `json:"b"`
	Estimated   float64  `json:"estimated_jaccard"`
	Exact       float64  `json:"exact"`
	Shared      int      `json:"shared_shingles"`
	NearDup     bool     `json:"near_duplicates"`
	Relation    string   `json:"relation"`
	Threshold   float64  `json:"threshold"`
	Containment float64  `json:"containment_threshold,omitempty"`
}

type sideJSON struct {
	Path      string            `json:"path"`
	Words     int               `json:"words"`
	Shingles  int               `json:"shingles"`
	Contained float64           `json:"contained_in_other"`
	Windows   int               `json:"passages_total"`
	Own       int               `json:"passages_own"`
	Passages  []compare.Passage `json:"passages"`
	Removed   []explained       `json:"removed"`
}

func runCompare(cmd *cobra.Command, args []string, f *compareFlags) error {
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	cfg, err := f.pipe.config()
	if err != nil {
		return err
	}
	fp, err := fingerprint.New(cfg)
	if err != nil {
		return usageErrorf("%w", err)
	}
	var texts [2]compare.Text
	for i, p := range args {
		file, warns, err := scan.Read(p, f.maxBytes)
		for _, w := range warns {
			warn(cmd.ErrOrStderr(), w.Path, w.Err, false)
		}
		if err != nil {
			return usageErrorf("read %s: %w", report.QuotePath(p), err)
		}
		texts[i] = compare.Text{Path: p, Text: file.Text}
	}
	r, err := untilDone(cmd.Context(), func() compare.Result { return compare.Compare(fp, texts[0], texts[1], f.passages) })
	if err != nil {
		return err
	}
	edge, near := group.Rule{Threshold: f.threshold, Containment: f.containment}.Edge(0, 1, r.Measure())
	relation := verdict(edge, near)
	quiet, _ := cmd.Flags().GetBool("quiet")
	if !quiet {
		out := cmd.OutOrStdout()
		if f.format == "json" {
			side := func(s compare.Side) sideJSON {
				j := sideJSON{Path: s.Path, Words: s.Words, Shingles: s.Shingles, Contained: report.Round(s.Contained), Windows: s.Windows, Own: s.Own, Passages: s.Passages, Removed: []explained{}}
				if j.Passages == nil {
					j.Passages = []compare.Passage{}
				}
				for _, rm := range s.Removed {
					j.Removed = append(j.Removed, explained{s.Path, rm.Line, rm.Layer, rm.Kind, rm.Rule, rm.Whole, rm.Text})
				}
				return j
			}
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false)
			err = enc.Encode(compareJSON{A: side(r.A), B: side(r.B), Estimated: report.Round(r.Estimated), Exact: report.Round(r.Exact),
				Shared: r.Shared, NearDup: near, Relation: relation, Threshold: f.threshold, Containment: f.containment})
		} else {
			err = writeCompare(out, r, relation, f.threshold, f.containment)
		}
		// A closed stdout is a reader that has all it wants: --exit-code
		// still says what was found.
		if err != nil && !closedPipe(err) {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if f.exitCode && near {
		return &exitError{code: exitFound}
	}
	return nil
}

// verdict names the relation an edge says: "similar", "A within B", "B
// within A", or "none".
func verdict(e group.Edge, near bool) string {
	switch {
	case !near:
		return "none"
	case e.Kind == group.Contained && e.A == 0:
		return "A within B"
	case e.Kind == group.Contained:
		return "B within A"
	}
	return "similar"
}

func writeCompare(w io.Writer, r compare.Result, relation string, threshold, containment float64) error {
	var b strings.Builder
	verdict := "not near-duplicates"
	if relation != "none" {
		verdict = "near-duplicates: " + relation
	}
	sides := []struct {
		tag  string
		side compare.Side
	}{{"A", r.A}, {"B", r.B}}
	for _, s := range sides {
		fmt.Fprintf(&b, "%s  %s  (%d words, %d shingles; cleaning removed %d)\n", s.tag, report.QuotePath(s.side.Path), s.side.Words, s.side.Shingles, len(s.side.Removed))
	}
	fmt.Fprintf(&b, "\njaccard      %.2f exact, %.2f estimated  (threshold %.2f)\n", r.Exact, r.Estimated, threshold)
	fmt.Fprintf(&b, "containment  %.2f of A is in B, %.2f of B is in A  (level %.2f)\n", r.A.Contained, r.B.Contained, containment)
	fmt.Fprintf(&b, "own text     %d of %d passages of A are not in B, %d of %d of B not in A\n", r.A.Own, r.A.Windows, r.B.Own, r.B.Windows)
	fmt.Fprintf(&b, "shared       %d shingles\n", r.Shared)
	fmt.Fprintf(&b, "verdict      %s\n", verdict)
	for _, s := range sides {
		if len(s.side.Passages) > 0 {
			fmt.Fprintf(&b, "\nlongest shared passages of %s:\n", s.tag)
			for _, p := range s.side.Passages {
				fmt.Fprintf(&b, "  lines %d-%d (%d words)\n", p.FromLine, p.ToLine, p.Words)
				shown := 0
				for i, l := range p.Lines {
					if strings.TrimSpace(l) == "" {
						continue
					}
					if shown == 4 {
						fmt.Fprintf(&b, "    ... (to line %d)\n", p.ToLine)
						break
					}
					fmt.Fprintf(&b, "    %4d  %s\n", p.FromLine+i, ellipsis(l, 100))
					shown++
				}
			}
		}
	}
	for _, s := range sides {
		if len(s.side.Removed) > 0 {
			fmt.Fprintf(&b, "\nremoved from %s by cleaning:\n", s.tag)
			for _, rm := range s.side.Removed {
				fmt.Fprintf(&b, "  %4d  %s %s: %s\n", rm.Line, rm.Layer, rm.Kind, ellipsis(rm.Text, 80))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ellipsis shortens s to at most n runes.
func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
