package evaluate

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestReadTruth(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Pair
	}{
		{"tsv with header", "jaccard\tcontainment\ta\tb\n1.000\t1.000\tx/2.txt\tx/1.txt\n", []Pair{{"x/1.txt", "x/2.txt"}}},
		{"plain tsv", "a.txt\tb.txt\n# note\n\nc.txt\td.txt\n", []Pair{{"a.txt", "b.txt"}, {"c.txt", "d.txt"}}},
		// A hostile tester's: words before the paths on every line; the
		// first line's pair was taken for a header.
		{"labels before paths", "x\ty\tcity-bees.txt\tdigest-bees.txt\nx\ty\tmetro-tram.txt\triver-tram.txt\n", []Pair{{"city-bees.txt", "digest-bees.txt"}, {"metro-tram.txt", "river-tram.txt"}}},
		{"two-column header", "a\tb\nx/1.txt\tx/2.txt\n", []Pair{{"x/1.txt", "x/2.txt"}}},
		{"paths without dots", "doc1\tdoc2\ndoc3\tdoc4\n", []Pair{{"doc1", "doc2"}, {"doc3", "doc4"}}},
		{"json groups", `{"groups":[["a","b","c"],["d"]]}`, []Pair{{"a", "b"}, {"a", "c"}, {"b", "c"}}},
	}
	for _, tt := range tests {
		got, err := ReadTruth(strings.NewReader(tt.in), "truth")
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if _, err := ReadTruth(strings.NewReader("only-one-column\n"), "t.tsv"); err == nil || !strings.Contains(err.Error(), "t.tsv:1") {
		t.Errorf("bad TSV: err = %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	truth := []Pair{NewPair("a", "b"), NewPair("c", "d"), NewPair("e", "f"), NewPair("y", "z")}
	docs := []string{"../corpus/a", "../corpus/b", "../corpus/c", "../corpus/d", "../corpus/e", "../corpus/f", "../corpus/x"}
	groups := [][]string{{"../corpus/a", "../corpus/b", "../corpus/x"}, {"../corpus/c", "../corpus/d"}}
	s := Evaluate(docs, groups, truth)
	// y and z were not scanned, so their pair does not count.
	if s.Predicted != 4 || s.Truth != 3 || s.TruePositive != 2 {
		t.Fatalf("counts = %+v", s)
	}
	if math.Abs(s.Precision-0.5) > 1e-9 || math.Abs(s.Recall-2.0/3) > 1e-9 || math.Abs(s.F1-4.0/7) > 1e-9 {
		t.Errorf("P %.3f R %.3f F1 %.3f", s.Precision, s.Recall, s.F1)
	}
	if len(s.Missed) != 1 || s.Missed[0] != NewPair("../corpus/e", "../corpus/f") {
		t.Errorf("missed = %v", s.Missed)
	}
	if len(s.FalsePositives) != 2 || s.FalsePositives[0] != NewPair("../corpus/a", "../corpus/x") {
		t.Errorf("false positives = %v", s.FalsePositives)
	}
	if s.ARI <= 0 || s.ARI >= 1 {
		t.Errorf("ARI = %v, want strictly between 0 and 1", s.ARI)
	}
}

func TestARI(t *testing.T) {
	docs := []string{"a", "b", "c", "d", "e", "f"}
	truth := []Pair{NewPair("a", "b"), NewPair("c", "d")}
	if got := Evaluate(docs, [][]string{{"a", "b"}, {"c", "d"}}, truth).ARI; got != 1 {
		t.Errorf("perfect ARI = %v", got)
	}
	if got := Evaluate(docs, nil, truth).ARI; got != 0 {
		t.Errorf("empty prediction ARI = %v, want 0", got)
	}
	// {a,b,e},{c,d} against {a,b},{c,d}: index = C(2,2)+C(2,2) = 2;
	// sum over predicted = C(3,2)+C(2,2) = 4; over truth = 2; total 15;
	// expected 8/15; max 3; ARI = (2-8/15)/(3-8/15) = 22/37.
	if got := Evaluate(docs, [][]string{{"a", "b", "e"}, {"c", "d"}}, truth).ARI; math.Abs(got-22.0/37) > 1e-9 {
		t.Errorf("ARI = %v, want %v", got, 22.0/37)
	}
}

// TestEvaluateMissing: truth pairs whose files were not scanned are named
// and counted, never silently dropped.
func TestEvaluateMissing(t *testing.T) {
	tests := []struct {
		name         string
		docs         []string
		truth        []Pair
		wantTruth    int
		wantExcluded int
		wantMissing  []string
	}{
		{"all found", []string{"d/a", "d/b"}, []Pair{NewPair("a", "b")}, 1, 0, nil},
		{"one path missing", []string{"d/a", "d/b"}, []Pair{NewPair("a", "b"), NewPair("a", "c")}, 1, 1, []string{"c"}},
		{"nothing found", []string{"d/x", "d/y"}, []Pair{NewPair("a", "b"), NewPair("c", "d")}, 0, 2, []string{"a", "b", "c", "d"}},
		{"a pair listed twice is excluded once", []string{"d/a"}, []Pair{NewPair("a", "b"), NewPair("b", "a")}, 0, 1, []string{"b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Evaluate(tt.docs, nil, tt.truth)
			if s.Truth != tt.wantTruth || s.Excluded != tt.wantExcluded || !reflect.DeepEqual(s.MissingPaths, tt.wantMissing) {
				t.Errorf("truth %d, excluded %d, missing %q; want %d, %d, %q", s.Truth, s.Excluded, s.MissingPaths, tt.wantTruth, tt.wantExcluded, tt.wantMissing)
			}
		})
	}
}

func TestEvaluateContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs := []string{"a", "b", "c"}
	if _, err := EvaluateContext(ctx, docs, [][]string{docs}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("EvaluateContext with a cancelled context: got %v, want context.Canceled", err)
	}
	s, err := EvaluateContext(context.Background(), docs, [][]string{docs}, nil)
	if err != nil || s.Predicted != 3 {
		t.Fatalf("EvaluateContext: got %d predicted pairs, %v; want 3, nil", s.Predicted, err)
	}
}

// TestAmbiguousTruthPath: a truth path that two scanned paths end with is
// named, not silently matched to one of them.
func TestAmbiguousTruthPath(t *testing.T) {
	docs := []string{"c/business/001.txt", "c/tech/001.txt", "c/tech/002.txt"}
	s := Evaluate(docs, nil, []Pair{{A: "001.txt", B: "tech/002.txt"}})
	if !reflect.DeepEqual(s.Ambiguous, []string{"001.txt"}) {
		t.Errorf("Ambiguous = %q, want [001.txt]", s.Ambiguous)
	}
	s = Evaluate(docs, nil, []Pair{{A: "tech/001.txt", B: "tech/002.txt"}})
	if len(s.Ambiguous) != 0 {
		t.Errorf("Ambiguous = %q for paths that name one file each", s.Ambiguous)
	}
}
