package evaluate

import (
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

func TestScore(t *testing.T) {
	truth := []Pair{NewPair("a", "b"), NewPair("c", "d"), NewPair("e", "f")}
	pred := PairsOf([][]string{{"../corpus/a", "../corpus/b", "../corpus/x"}, {"../corpus/c", "../corpus/d"}})
	s := Score(pred, truth)
	if s.Predicted != 4 || s.Truth != 3 || s.TruePositive != 2 {
		t.Fatalf("counts = %+v", s)
	}
	if math.Abs(s.Precision-0.5) > 1e-9 || math.Abs(s.Recall-2.0/3) > 1e-9 || math.Abs(s.F1-4.0/7) > 1e-9 {
		t.Errorf("P %.3f R %.3f F1 %.3f", s.Precision, s.Recall, s.F1)
	}
	if len(s.Missed) != 1 || s.Missed[0] != NewPair("e", "f") {
		t.Errorf("missed = %v", s.Missed)
	}
	if len(s.FalsePositives) != 2 {
		t.Errorf("false positives = %v", s.FalsePositives)
	}
	if s := Score(nil, nil); s.Precision != 1 || s.Recall != 1 || s.F1 != 1 {
		t.Errorf("empty = %+v", s)
	}
}
