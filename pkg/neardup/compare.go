package neardup

import (
	"context"
	"fmt"

	"github.com/neardup/neardup/pkg/compare"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
)

// Relation is what Compare found two articles to be.
type Relation string

const (
	Unrelated Relation = "none"
	Similar   Relation = "similar"    // Jaccard at the threshold
	AWithinB  Relation = "A within B" // A is an excerpt of B (containment)
	BWithinA  Relation = "B within A"
)

// Comparison is how the pipeline sees two articles, and what it makes of
// them.
type Comparison struct {
	compare.Result
	Relation Relation
}

// Compare reads the files a and b and compares them as Scan would,
// listing up to passages shared passages for each. The corpus layer of
// cleaning is not used: it needs a folder. It returns ctx.Err() as soon as
// ctx is cancelled.
func Compare(ctx context.Context, a, b string, opts Options, passages int) (Comparison, []Warning, error) {
	opts.Clean.TemplateFiles = 0
	if err := opts.Check(); err != nil {
		return Comparison{}, nil, err
	}
	fp, err := fingerprint.New(opts.config())
	if err != nil {
		return Comparison{}, nil, err
	}
	var texts [2]compare.Text
	var warns []Warning
	for i, p := range []string{a, b} {
		f, w, err := ReadFile(p, opts.Read.MaxBytes)
		warns = append(warns, w...)
		if err != nil {
			return Comparison{}, warns, fmt.Errorf("read %s: %w", p, err)
		}
		texts[i] = compare.Text{Path: p, Text: f.Text}
	}
	// The analysis only computes: abandoned when ctx ends.
	done := make(chan compare.Result, 1)
	go func() { done <- compare.Compare(fp, texts[0], texts[1], passages) }()
	var r compare.Result
	select {
	case r = <-done:
	case <-ctx.Done():
		return Comparison{}, warns, ctx.Err()
	}
	c := Comparison{Result: r, Relation: Unrelated}
	rule := group.Rule{Threshold: opts.Group.Threshold, Containment: opts.Group.Containment}
	if e, ok := rule.Edge(0, 1, r.Measure()); ok {
		switch {
		case e.Kind != group.Contained:
			c.Relation = Similar
		case e.A == 0:
			c.Relation = AWithinB
		default:
			c.Relation = BWithinA
		}
	}
	return c, warns, nil
}
