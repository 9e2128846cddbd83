package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/report"
)

type evalFlags struct {
	corpusFlags
	truth  string
	sweeps []string
	format string
	show   int
	// allowMissing scores only the truth pairs whose files were scanned.
	allowMissing bool
}

func newEvalCmd() *cobra.Command {
	var f evalFlags
	cmd := &cobra.Command{
		Use:   "eval --truth FILE [flags] PATH...",
		Short: "Score scan's groups against known duplicates",
		Long: `Eval scans PATHs as scan would and scores the groups against a truth file:
pair precision, recall and F1, and the adjusted Rand index of the clustering,
then lists the false pairs (most similar first) and the missed pairs.

The truth file is JSON, {"groups":[["a.txt","b.txt"],...]}, or TSV with the
two paths of a duplicate pair as the last two columns of each line. Truth
paths may be relative to the scanned folder: a scanned path matches a truth
path it ends with. Each truth path that matches no scanned file is named on
stderr, and eval then exits 2, as recall over the remaining pairs would
flatter: --allow-missing scores the pairs found and says how many were left
out.

--sweep KEY=VALUES (repeatable) scores every combination instead and prints a
table. KEY is threshold, shingle or containment; VALUES is a list (2,3,4) or
a range FROM:TO:STEP (0.2:0.9:0.05).

` + exitCodesHelp,
		Example: `  neardup eval --truth ../shared/corpora/bbc-duplicates.tsv ../shared/corpora/bbc
  neardup eval --truth truth.json --sweep threshold=0.3:0.8:0.1 --sweep shingle=3,4,5 corpus/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runEval(cmd, args, &f) },
	}
	f.corpusFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.truth, "truth", "", "truth `FILE` (JSON groups or TSV pairs; required)")
	fl.StringArrayVar(&f.sweeps, "sweep", nil, "score across `KEY=VALUES` (threshold, shingle, containment)")
	fl.StringVarP(&f.format, "format", "f", "text", "text or json")
	fl.Var(newDecimal(&f.show, 10), "show", "false and missed pairs to list")
	fl.BoolVar(&f.allowMissing, "allow-missing", false, "score only the truth pairs whose files were scanned, instead of exiting 2")
	return cmd
}

// sweep is one swept setting.
type sweep struct {
	key    string
	values []float64
}

// parseSweep reads KEY=VALUES. Each value must be one the flag KEY would
// take (the same limits), and a sweep has at most maxSweepSettings.
func parseSweep(s string) (sweep, error) {
	key, spec, ok := strings.Cut(s, "=")
	if !ok || !slices.Contains([]string{"threshold", "shingle", "containment"}, key) {
		return sweep{}, fmt.Errorf("--sweep %q: want threshold=, shingle= or containment=", s)
	}
	bad := func(format string, args ...any) (sweep, error) {
		return sweep{}, fmt.Errorf("--sweep %q: %s", s, fmt.Sprintf(format, args...))
	}
	lim := flagLimits[key]
	number := func(v string) (float64, error) {
		v = strings.TrimSpace(v)
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", v)
		}
		return x, lim.check(key, v, x)
	}
	sw := sweep{key: key}
	if from, rest, ok := strings.Cut(spec, ":"); ok {
		to, step, ok := strings.Cut(rest, ":")
		if !ok {
			return bad("want FROM:TO:STEP")
		}
		a, err := number(from)
		if err != nil {
			return bad("FROM: %v", err)
		}
		b, err := number(to)
		if err != nil {
			return bad("TO: %v", err)
		}
		d, err := strconv.ParseFloat(strings.TrimSpace(step), 64)
		switch {
		case err != nil:
			return bad("STEP: %q is not a number", step)
		case !(d >= 1e-6) || math.IsInf(d, 0): // also NaN; values are rounded to 6 decimals
			return bad("STEP must be a finite number of at least 0.000001, got %s", step)
		case lim.whole && d != math.Trunc(d):
			return bad("STEP must be a whole number for %s, got %s", key, step)
		case b < a:
			return bad("TO %s is below FROM %s", to, from)
		}
		if n := math.Floor((b-a)/d+1e-9) + 1; n > maxSweepSettings {
			return bad("%.0f settings, at most %d", n, maxSweepSettings)
		}
		for i := 0; ; i++ {
			v := math.Round((a+float64(i)*d)*1e6) / 1e6
			if v > b+1e-9 {
				break
			}
			sw.values = append(sw.values, v)
		}
	} else {
		list := strings.Split(spec, ",")
		if len(list) > maxSweepSettings {
			return bad("%d settings, at most %d", len(list), maxSweepSettings)
		}
		for _, v := range list {
			x, err := number(v)
			if err != nil {
				return bad("%v", err)
			}
			sw.values = append(sw.values, x)
		}
	}
	return sw, nil
}

// evalRun is one scored setting.
type evalRun struct {
	Shingle     int       `json:"shingle"`
	Threshold   float64   `json:"threshold"`
	Containment float64   `json:"containment"`
	Files       int       `json:"files"`
	Predicted   int       `json:"predicted_pairs"`
	Truth       int       `json:"truth_pairs"`
	Excluded    int       `json:"excluded_truth_pairs,omitempty"` // with --allow-missing
	Precision   float64   `json:"precision"`
	Recall      float64   `json:"recall"`
	F1          float64   `json:"f1"`
	ARI         float64   `json:"ari"`
	False       []pairSim `json:"false_pairs,omitempty"`
	Missed      []pairSim `json:"missed_pairs,omitempty"`
	Modes       []modeRun `json:"modes,omitempty"`
}

// modeRun is one mode's score, when the truth file says how each group
// was made.
type modeRun struct {
	Mode      string  `json:"mode"`
	Files     int     `json:"files"`
	Truth     int     `json:"truth_pairs"`
	Predicted int     `json:"predicted_pairs"`
	Grouped   int     `json:"grouped_negatives,omitempty"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// readModes reads the modes of a JSON truth file, if it has them.
func readModes(path string) (evaluate.Modes, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return evaluate.Modes{}, false, err
	}
	defer f.Close()
	return evaluate.ReadModes(f, path)
}

// writeModes writes a table of per-mode scores.
func writeModes(w io.Writer, modes []modeRun) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "mode	files	true pairs	found	precision	recall	F1")
	for _, m := range modes {
		if m.Mode == "negatives" {
			fmt.Fprintf(tw, "%s	%d	%d pairs	%d grouped	%.4f		\n", m.Mode, m.Files, m.Truth, m.Grouped, m.Precision)
			continue
		}
		fmt.Fprintf(tw, "%s	%d	%d	%d	%.4f	%.4f	%.4f\n", m.Mode, m.Files, m.Truth, m.Predicted, m.Precision, m.Recall, m.F1)
	}
	tw.Flush()
}

type pairSim struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
}

func runEval(cmd *cobra.Command, args []string, f *evalFlags) error {
	if f.truth == "" {
		return usageErrorf("--truth is required")
	}
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	sweeps := map[string][]float64{}
	settings := 1
	for _, s := range f.sweeps {
		sw, err := parseSweep(s)
		if err != nil {
			return usageErrorf("%w", err)
		}
		if _, ok := sweeps[sw.key]; ok {
			return usageErrorf("--sweep %s= given twice", sw.key)
		}
		sweeps[sw.key] = sw.values
		if settings *= len(sw.values); settings > maxSweepSettings {
			return usageErrorf("--sweep: %d settings in all (every combination), at most %d", settings, maxSweepSettings)
		}
	}
	tf, err := os.Open(f.truth)
	if err != nil {
		return usageErrorf("--truth: %w", err)
	}
	truth, err := evaluate.ReadTruth(tf, f.truth)
	tf.Close()
	if err != nil {
		return usageErrorf("--truth: %w", err)
	}
	if len(truth) == 0 {
		return usageErrorf("--truth: %s holds no duplicate pairs", f.truth)
	}
	modes, hasModes, err := readModes(f.truth)
	if err != nil {
		return usageErrorf("--truth: %w", err)
	}
	base, err := f.options()
	if err != nil {
		return err
	}
	shingles := []float64{float64(base.Fingerprint.Shingle)}
	if v, ok := sweeps["shingle"]; ok {
		shingles = v
	}
	thresholds := []float64{base.Threshold}
	if v, ok := sweeps["threshold"]; ok {
		thresholds = v
	}
	containments := []float64{base.Containment}
	if v, ok := sweeps["containment"]; ok {
		containments = v
	}
	var runs []evalRun
	for _, k := range shingles {
		opts := base
		opts.Fingerprint.Shingle = int(k) // a whole number: see parseSweep
		res, _, err := f.fingerprint(cmd, args, opts)
		if err != nil {
			return err
		}
		docs := make([]string, len(res.Docs))
		index := make(map[string]int, len(res.Docs))
		for i, d := range res.Docs {
			docs[i], index[d.Path] = d.Path, i
		}
		for _, t := range thresholds {
			for _, c := range containments {
				if err := cmd.Context().Err(); err != nil {
					return err
				}
				opts.Threshold, opts.Containment = t, c
				if err := res.Group(cmd.Context(), opts); err != nil {
					return usageErrorf("%w", err)
				}
				s, err := evaluate.EvaluateContext(cmd.Context(), docs, res.Report().Paths(), truth)
				if err != nil {
					return err
				}
				if len(runs) == 0 { // the same files in every run: check once
					if err := f.checkMissing(cmd, s); err != nil {
						return err
					}
				}
				run := evalRun{Shingle: int(k), Threshold: t, Containment: c, Files: s.Docs, Predicted: s.Predicted, Truth: s.Truth, Excluded: s.Excluded,
					Precision: s.Precision, Recall: s.Recall, F1: s.F1, ARI: s.ARI}
				if hasModes {
					for _, m := range evaluate.EvaluateModes(docs, res.Report().Paths(), modes) {
						run.Modes = append(run.Modes, modeRun{Mode: m.Mode, Files: m.Files, Truth: m.Truth, Predicted: m.Predicted, Grouped: m.Grouped,
							Precision: m.Precision, Recall: m.Recall, F1: m.F1})
					}
				}
				if len(f.sweeps) == 0 {
					sim := func(p evaluate.Pair) pairSim {
						return pairSim{p.A, p.B, report.Round(res.Similarity(index[p.A], index[p.B]).Jaccard)}
					}
					for _, p := range s.FalsePositives {
						run.False = append(run.False, sim(p))
					}
					for _, p := range s.Missed {
						run.Missed = append(run.Missed, sim(p))
					}
					// Worst first: the most similar false pairs, the least similar misses.
					slices.SortStableFunc(run.False, func(a, b pairSim) int { return cmpFloat(b.Similarity, a.Similarity) })
					slices.SortStableFunc(run.Missed, func(a, b pairSim) int { return cmpFloat(a.Similarity, b.Similarity) })
				}
				runs = append(runs, run)
			}
		}
	}
	out := cmd.OutOrStdout()
	if f.format == "json" {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"runs": runs})
	}
	if len(f.sweeps) > 0 {
		return writeSweep(out, runs)
	}
	return writeEval(out, runs[0], f.show)
}

// maxMissingNamed bounds the truth paths named one by one on stderr.
const maxMissingNamed = 10

// checkMissing names the truth paths no scanned file matches and fails
// (exit 2) unless --allow-missing: recall over the pairs that remain is
// not the recall the truth file asks about. With no truth pair left there
// is nothing to score at all.
func (f *evalFlags) checkMissing(cmd *cobra.Command, s evaluate.Scores) error {
	stderr := cmd.ErrOrStderr()
	for i, p := range s.MissingPaths {
		if i == maxMissingNamed {
			fmt.Fprintf(stderr, "neardup: warning: ... and %d more truth paths not among the scanned files\n", len(s.MissingPaths)-i)
			break
		}
		warn(stderr, p, errors.New("truth path not among the scanned files"), false)
	}
	if s.Truth == 0 {
		return usageErrorf("--truth: no truth pair is among the scanned files (%d excluded)\nhint: truth paths are matched against the end of scanned paths; scan the folder they are relative to", s.Excluded)
	}
	if len(s.MissingPaths) > 0 && !f.allowMissing {
		return usageErrorf("--truth: %d truth paths are not among the scanned files, which leaves %d of %d truth pairs out\nhint: scan the folder the truth paths are relative to, or pass --allow-missing to score the other pairs",
			len(s.MissingPaths), s.Excluded, s.Truth+s.Excluded)
	}
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func writeSweep(w io.Writer, runs []evalRun) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "shingle\tthreshold\tcontainment\tpairs\tprecision\trecall\tF1\tARI"
	for _, m := range runs[0].Modes {
		header += "\t" + m.Mode
	}
	fmt.Fprintln(tw, header)
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f", r.Shingle, r.Threshold, r.Containment, r.Predicted, r.Precision, r.Recall, r.F1, r.ARI)
		for _, m := range r.Modes {
			fmt.Fprintf(tw, "\t%.4f", m.F1) // F1; for the negatives, the share left ungrouped
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

func writeEval(w io.Writer, r evalRun, show int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "files %d, true pairs %d", r.Files, r.Truth)
	if r.Excluded > 0 {
		fmt.Fprintf(&b, " (%d more excluded: files not scanned)", r.Excluded)
	}
	fmt.Fprintf(&b, ", found pairs %d (shingle %d, threshold %.2f", r.Predicted, r.Shingle, r.Threshold)
	if r.Containment > 0 {
		fmt.Fprintf(&b, ", containment %.2f", r.Containment)
	}
	fmt.Fprintf(&b, ")\nprecision %.4f  recall %.4f  F1 %.4f  ARI %.4f\n", r.Precision, r.Recall, r.F1, r.ARI)
	if len(r.Modes) > 0 {
		b.WriteString("\n")
		writeModes(&b, r.Modes)
	}
	list := func(title string, ps []pairSim) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(ps))
		for i, p := range ps {
			if i == show {
				fmt.Fprintf(&b, "  ... %d more (--show)\n", len(ps)-show)
				break
			}
			fmt.Fprintf(&b, "  %.2f  %s  %s\n", p.Similarity, report.QuotePath(p.A), report.QuotePath(p.B))
		}
	}
	list("false pairs, most similar first", r.False)
	list("missed pairs, least similar first", r.Missed)
	_, err := io.WriteString(w, b.String())
	return err
}
