package neardup

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/report"
)

// Sweep lists settings to score every combination of; an empty list
// means the setting of the Options.
type Sweep struct {
	Shingle     []int
	Threshold   []float64
	Containment []float64
}

// Truth is what a run is scored against.
type Truth struct {
	Pairs []evaluate.Pair
	// Modes, if set, says how each true group was made; runs are then
	// also scored mode by mode.
	Modes *evaluate.Modes
	// AllowMissing scores the pairs whose files were scanned when some
	// truth paths match no scanned file; otherwise Evaluate fails with
	// ErrTruthMissing, as recall over the remaining pairs would flatter.
	AllowMissing bool
}

// Errors of Evaluate about the truth, for errors.Is.
var (
	// ErrNotScanned is the cause in the warning for a truth path that
	// matches no scanned file.
	ErrNotScanned = errors.New("truth path not among the scanned files")
	// ErrTruthMissing: truth paths match no scanned file (and
	// Truth.AllowMissing is not set).
	ErrTruthMissing = errors.New("truth paths are not among the scanned files")
	// ErrTruthAmbiguous: a truth path matches more than one scanned file.
	ErrTruthAmbiguous = errors.New("truth paths match more than one scanned file")
	// ErrNoTruth: no truth pair is among the scanned files.
	ErrNoTruth = errors.New("no truth pair is among the scanned files")
)

// ReadTruth reads a truth file: duplicate pairs as JSON groups or TSV
// (see evaluate.ReadTruth), and the modes if it has them. It reads the
// file once, so it may be a pipe.
func ReadTruth(ctx context.Context, path string) (Truth, error) {
	var t Truth
	b, err := inputs.ReadListFile(ctx, path)
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

// checkMissing turns the truth paths s found no file for into warnings,
// and fails when they leave no pair, or leave pairs out unless allowed.
func (t Truth) checkMissing(s evaluate.Scores) ([]Warning, error) {
	var warns []Warning
	for _, p := range s.MissingPaths {
		warns = append(warns, Warning{Path: p, Err: ErrNotScanned})
	}
	if len(s.Ambiguous) > 0 {
		return warns, fmt.Errorf("%w: %q (%d in all)", ErrTruthAmbiguous, s.Ambiguous[0], len(s.Ambiguous))
	}
	if s.Truth == 0 {
		return warns, fmt.Errorf("%w (%d excluded)", ErrNoTruth, s.Excluded)
	}
	if len(s.MissingPaths) > 0 && !t.AllowMissing {
		return warns, fmt.Errorf("%d %w, which leaves %d of %d truth pairs out", len(s.MissingPaths), ErrTruthMissing, s.Excluded, s.Truth+s.Excluded)
	}
	return warns, nil
}

// Evaluate scans files with every combination of sweep's settings and
// scores each run against truth. Without a sweep (one run) it also lists
// the false and missed pairs with their similarity. It fingerprints once
// per shingle size; warnings are those of the first fingerprinting, then
// one per truth path that matches no scanned file.
func Evaluate(ctx context.Context, files []string, opts Options, truth Truth, sweep Sweep) ([]evaluate.Run, []Warning, error) {
	shingles, thresholds, containments := sweep.Shingle, sweep.Threshold, sweep.Containment
	if len(shingles) == 0 {
		shingles = []int{opts.Fingerprint.Shingle}
	}
	if len(thresholds) == 0 {
		thresholds = []float64{opts.Group.Threshold}
	}
	if len(containments) == 0 {
		containments = []float64{opts.Group.Containment}
	}
	single := len(shingles)*len(thresholds)*len(containments) == 1
	var runs []evaluate.Run
	var warnings []Warning
	for i, k := range shingles {
		o := opts
		o.Fingerprint.Shingle = k
		c, err := Fingerprint(ctx, files, o)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			warnings = c.Warnings
		}
		if len(c.Docs) == 0 {
			return nil, warnings, &NoInputError{Warnings: c.Warnings}
		}
		docs := make([]string, len(c.Docs))
		at := make(map[string]int, len(c.Docs))
		for i, d := range c.Docs {
			docs[i], at[d.Path] = d.Path, i
		}
		for _, t := range thresholds {
			for _, ct := range containments {
				g := o.Group
				g.Threshold, g.Containment = t, ct
				g.SkipRedundant = true // scored on groups alone
				res, err := c.Group(ctx, g)
				if err != nil {
					return nil, warnings, err
				}
				groups := res.Report.Paths()
				s, err := evaluate.EvaluateContext(ctx, docs, groups, truth.Pairs)
				if err != nil {
					return nil, warnings, err
				}
				if len(runs) == 0 {
					missing, err := truth.checkMissing(s)
					warnings = append(warnings, missing...)
					if err != nil {
						return nil, warnings, err
					}
				}
				var modes []evaluate.ModeScore
				if truth.Modes != nil {
					modes = evaluate.EvaluateModes(docs, groups, *truth.Modes)
				}
				run := evaluate.NewRun(k, t, ct, s, modes)
				if single {
					sim := func(p evaluate.Pair) evaluate.PairSim {
						return evaluate.PairSim{A: p.A, B: p.B, Similarity: report.Round(c.Similarity(at[p.A], at[p.B]).Jaccard)}
					}
					for _, p := range s.FalsePositives {
						run.False = append(run.False, sim(p))
					}
					for _, p := range s.Missed {
						run.Missed = append(run.Missed, sim(p))
					}
					// Worst first: the most similar false pairs, the least similar misses.
					slices.SortStableFunc(run.False, func(a, b evaluate.PairSim) int { return cmp.Compare(b.Similarity, a.Similarity) })
					slices.SortStableFunc(run.Missed, func(a, b evaluate.PairSim) int { return cmp.Compare(a.Similarity, b.Similarity) })
				}
				runs = append(runs, run)
			}
		}
	}
	return runs, warnings, nil
}
