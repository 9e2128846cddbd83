package neardup

import (
	"cmp"
	"context"
	"slices"

	"github.com/neardup/neardup/pkg/evaluate"
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
	// Check, if set, is given the first run's scores; an error from it
	// ends the evaluation (missing truth paths, say).
	Check func(evaluate.Scores) error
}

// Evaluate scans files with every combination of sweep's settings and
// scores each run against truth. Without a sweep (one run) it also lists
// the false and missed pairs with their similarity. It fingerprints once
// per shingle size; warnings are those of the first fingerprinting.
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
			return nil, warnings, ErrNoInput
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
				res, err := c.Group(ctx, g)
				if err != nil {
					return nil, warnings, err
				}
				groups := res.Report.Paths()
				s, err := evaluate.EvaluateContext(ctx, docs, groups, truth.Pairs)
				if err != nil {
					return nil, warnings, err
				}
				if len(runs) == 0 && truth.Check != nil {
					if err := truth.Check(s); err != nil {
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
