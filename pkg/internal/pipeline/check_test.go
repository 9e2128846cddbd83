package pipeline

import (
	"context"
	"math"
	"testing"
)

// NaN passes a check written as "v <= 0 || v > 1": it must not.
func TestRunRefusesNaN(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*Options)
	}{
		{"threshold NaN", func(o *Options) { o.Threshold = math.NaN() }},
		{"threshold +Inf", func(o *Options) { o.Threshold = math.Inf(1) }},
		{"containment NaN", func(o *Options) { o.Containment = math.NaN() }},
	} {
		opts := DefaultOptions()
		tc.set(&opts)
		if _, err := Run(context.Background(), []string{"../../../testdata/articles/storm-warning.txt"}, opts); err == nil {
			t.Errorf("%s: Run accepted it", tc.name)
		}
	}
}
