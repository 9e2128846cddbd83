package evaluate

import (
	"math"
	"strings"
	"testing"
)

func TestReadModes(t *testing.T) {
	tests := []struct {
		in, wantErr string
		ok          bool
	}{
		{`{"groups":[["a","b"]],"modes":{"x":[0]},"negatives":[["c","d"]]}`, "", true},
		{`{"groups":[["a","b"]]}`, "", false},
		{"a\tb\n", "", false},
		{`{"groups":[["a","b"]],"modes":{"x":[5]}}`, `mode "x" names group 5, but there are 1 groups`, false},
		{`{"groups":[["a","b"]],"modes":{"x":[-1]}}`, `names group -1`, false},
		{`{"groups":[["a","b"]],"negatives":[["a"]]}`, `a negative pair needs two paths`, false},
	}
	for _, tt := range tests {
		_, ok, err := ReadModes(strings.NewReader(tt.in), "t.json")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "t.json: ") {
				t.Errorf("%s: err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || ok != tt.ok {
			t.Errorf("%s: ok %v, err %v", tt.in, ok, err)
		}
	}
}

func TestEvaluateModes(t *testing.T) {
	m := Modes{
		Groups:    [][]string{{"a", "b"}, {"c", "d", "e"}},
		ByMode:    map[string][]int{"copies": {0}, "chain": {1}},
		Negatives: [][2]string{{"a", "c"}, {"f", "g"}},
	}
	docs := []string{"x/a", "x/b", "x/c", "x/d", "x/e", "x/f", "x/g"}
	// a~b found; c~d found, e missed; f~g wrongly grouped.
	got := EvaluateModes(docs, [][]string{{"x/a", "x/b"}, {"x/c", "x/d"}, {"x/f", "x/g"}}, m)
	want := map[string][3]float64{"chain": {1, 1.0 / 3, 0.5}, "copies": {1, 1, 1}, "negatives": {0.5, 1, 0.5}}
	if len(got) != 3 {
		t.Fatalf("scores %+v", got)
	}
	for _, s := range got {
		w := want[s.Mode]
		if math.Abs(s.Precision-w[0]) > 1e-9 || math.Abs(s.Recall-w[1]) > 1e-9 || math.Abs(s.F1-w[2]) > 1e-9 {
			t.Errorf("%s: P %.4f R %.4f F1 %.4f, want %v", s.Mode, s.Precision, s.Recall, s.F1, w)
		}
	}
}
