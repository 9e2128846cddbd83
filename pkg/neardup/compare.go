package neardup

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/neardup/neardup/pkg/compare"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/internal/pipeline"
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
	NearDuplicates bool     `json:"near_duplicates"` // Relation is not Unrelated
	Relation       Relation `json:"relation"`
	// The thresholds the relation was decided with.
	Threshold   float64 `json:"threshold"`
	Containment float64 `json:"containment_threshold,omitempty"`
}

// WriteText writes c for a reader, as compare prints it.
func (c Comparison) WriteText(w io.Writer) error {
	return c.Result.WriteText(w, string(c.Relation), c.Threshold, c.Containment)
}

// WriteJSON writes c as compare --format json prints it: one JSON object,
// measures rounded to four places.
func (c Comparison) WriteJSON(w io.Writer) error {
	c.Result = c.Result.Rounded()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}

// Compare reads the files a and b and compares them as Scan would,
// listing up to passages shared passages for each. The corpus layer of
// cleaning is not used: it needs a folder. It returns ctx.Err() as soon as
// ctx is cancelled.
func Compare(ctx context.Context, a, b string, opts Options, passages int) (Comparison, []Warning, error) {
	opts.Clean.TemplateFiles = 0
	if passages < 0 {
		return Comparison{}, nil, &optionsError{fmt.Errorf("passages must be at least 0, got %d", passages)}
	}
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
		f, w, err := pipeline.Read(p, opts.Read.MaxBytes)
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
	c := Comparison{Result: r, Relation: Unrelated, Threshold: opts.Group.Threshold, Containment: opts.Group.Containment}
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
	c.NearDuplicates = c.Relation != Unrelated
	return c, warns, nil
}
