package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/neardup"
)

func newEvalCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
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
		Annotations: textOrJSON,
		RunE:        func(cmd *cobra.Command, args []string) error { return s.eval(cmd, args, io) },
	}, inputFlags+cleanFlags+fpFlags+groupFlags+runFlags+" format truth sweep show allow-missing", "format", textJSON)
}

func (s *settings) eval(cmd *cobra.Command, args []string, io streams) error {
	if s.truth == "" {
		return errors.New("--truth is required")
	}
	if _, err := s.checkOutput(cmd); err != nil {
		return err
	}
	var sw neardup.Sweep
	for _, s := range s.sweeps {
		if err := sw.Add(s); err != nil {
			return fmt.Errorf("--%w", err)
		}
	}
	truth, err := neardup.ReadTruth(cmd.Context(), s.truth)
	if err != nil {
		return fmt.Errorf("--truth: %w", err)
	}
	truth.AllowMissing = s.allowMissing
	opts, files, _, err := s.prepare(cmd, args, io, false)
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
	case s.format == "json":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"runs": runs})
	case len(s.sweeps) > 0:
		return evaluate.WriteSweep(out, runs)
	}
	return evaluate.WriteRun(out, runs[0], s.show)
}
