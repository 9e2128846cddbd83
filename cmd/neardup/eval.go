package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/neardup"
)

func newEvalCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:         "eval --truth FILE [flags] PATH...",
		Short:       "Score scan's groups against known duplicates",
		Long:        help("eval", "", ", or truth paths not among the scanned files"),
		Example:     example("eval"),
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
	for _, spec := range s.sweeps {
		if err := sw.Add(spec); err != nil {
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
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), warns)
	if errors.Is(err, neardup.ErrTruthMissing) || errors.Is(err, neardup.ErrNoTruth) || errors.Is(err, neardup.ErrTruthAmbiguous) {
		return cmdutil.Hinted(fmt.Errorf("--truth: %w", err), "")
	} else if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	switch {
	case s.format == "json":
		return evaluate.WriteJSON(out, runs)
	case len(s.sweeps) > 0:
		return evaluate.WriteSweep(out, runs)
	}
	return evaluate.WriteRun(out, runs[0], s.show)
}
