package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/neardup"
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

func newEvalCmd(io streams) *cobra.Command {
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

` + exitHelp("", ", or truth paths not among the scanned files"),
		Example: `  neardup eval --truth ../shared/corpora/bbc-duplicates.tsv ../shared/corpora/bbc
  neardup eval --truth truth.json --sweep threshold=0.3:0.8:0.1 --sweep shingle=3,4,5 corpus/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runEval(cmd, args, &f, io) },
	}
	f.corpusFlags.register(cmd, true, false)
	fl := cmd.Flags()
	fl.StringVar(&f.truth, "truth", "", "truth `FILE` (JSON groups or TSV pairs; required)")
	fl.StringArrayVar(&f.sweeps, "sweep", nil, "score across `KEY=VALUES` (threshold, shingle, containment)")
	fl.StringVarP(&f.format, "format", "f", "text", "text or json")
	fl.Var(cmdutil.NewDecimal(&f.show, 10), "show", "false and missed pairs to list")
	fl.BoolVar(&f.allowMissing, "allow-missing", false, "score only the truth pairs whose files were scanned, instead of exiting 2")
	return cmd
}

func runEval(cmd *cobra.Command, args []string, f *evalFlags, io streams) error {
	if f.truth == "" {
		return errors.New("--truth is required")
	}
	if err := checkFormat(f.format, []string{"text", "json"}); err != nil {
		return err
	}
	var sw neardup.Sweep
	for _, s := range f.sweeps {
		if err := sw.Add(s); err != nil {
			return fmt.Errorf("--%w", err)
		}
	}
	truth, err := neardup.ReadTruth(cmd.Context(), f.truth)
	if err != nil {
		return fmt.Errorf("--truth: %w", err)
	}
	truth.AllowMissing = f.allowMissing
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	files, _, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	runs, warns, err := neardup.Evaluate(cmd.Context(), files, opts, truth, sw)
	printWarnings(cmd.ErrOrStderr(), warns)
	if errors.Is(err, neardup.ErrTruthMissing) || errors.Is(err, neardup.ErrNoTruth) || errors.Is(err, neardup.ErrTruthAmbiguous) {
		return hinted(fmt.Errorf("--truth: %w", err), "")
	} else if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	switch {
	case f.format == "json":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"runs": runs})
	case len(f.sweeps) > 0:
		return evaluate.WriteSweep(out, runs)
	}
	return evaluate.WriteRun(out, runs[0], f.show)
}
