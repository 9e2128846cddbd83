package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

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
	fl.Var(newDecimal(&f.show, 10), "show", "false and missed pairs to list")
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
	truth, err := readTruth(cmd.Context(), f.truth)
	if err != nil {
		return fmt.Errorf("--truth: %w", err)
	}
	truth.Check = func(s evaluate.Scores) error { return f.checkMissing(cmd, s) }
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
	if err != nil {
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

// readTruth reads the truth file: its pairs, and its modes if it has them.
func readTruth(ctx context.Context, path string) (neardup.Truth, error) {
	var t neardup.Truth
	// Read once: the file may be a pipe (<(...)), which cannot be read twice.
	b, err := readList(ctx, path)
	if err != nil {
		return t, err
	}
	if t.Pairs, err = evaluate.ReadTruth(bytes.NewReader(b), path); err != nil {
		return t, err
	}
	if len(t.Pairs) == 0 {
		return t, fmt.Errorf("%s holds no duplicate pairs", path)
	}
	modes, ok, err := evaluate.ReadModes(bytes.NewReader(b), path)
	if ok {
		t.Modes = &modes
	}
	return t, err
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
		warn(stderr, neardup.Warning{Path: p, Err: errors.New("truth path not among the scanned files")})
	}
	if s.Truth == 0 {
		return fmt.Errorf("--truth: no truth pair is among the scanned files (%d excluded)\nhint: truth paths are matched against the end of scanned paths; scan the folder they are relative to", s.Excluded)
	}
	if len(s.MissingPaths) > 0 && !f.allowMissing {
		return fmt.Errorf("--truth: %d truth paths are not among the scanned files, which leaves %d of %d truth pairs out\nhint: scan the folder the truth paths are relative to, or pass --allow-missing to score the other pairs",
			len(s.MissingPaths), s.Excluded, s.Truth+s.Excluded)
	}
	return nil
}
