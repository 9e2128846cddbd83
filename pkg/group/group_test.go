package group

import (
	"reflect"
	"testing"

	"github.com/neardup/neardup/pkg/lsh"
)

// table is a symmetric similarity lookup; missing pairs are 0.
type table map[[2]int]float64

func (t table) sim(a, b int) float64 {
	if a > b {
		a, b = b, a
	}
	return t[[2]int{a, b}]
}

func (t table) pairs() []lsh.Pair {
	var ps []lsh.Pair
	for k := range t {
		ps = append(ps, lsh.Pair{A: int32(k[0]), B: int32(k[1])})
	}
	return ps
}

func docs(gs []Group) [][]int {
	var out [][]int
	for _, g := range gs {
		var ds []int
		for _, m := range g.Members {
			ds = append(ds, m.Doc)
		}
		out = append(out, ds)
	}
	return out
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name string
		n    int
		sims table
		want [][]int
	}{
		{"none", 3, table{}, nil},
		{"one pair", 3, table{{0, 2}: 0.9}, [][]int{{0, 2}}},
		{"below threshold", 3, table{{0, 2}: 0.4}, nil},
		{"two groups sorted by representative", 6,
			table{{3, 5}: 0.8, {0, 1}: 0.95, {1, 4}: 0.7, {0, 4}: 0.7},
			[][]int{{0, 1, 4}, {3, 5}}},
		{"chain is split at its weak link", 3,
			table{{0, 1}: 0.6, {1, 2}: 0.6, {0, 2}: 0.2},
			[][]int{{0, 1}}},
		{"chain remainder regroups", 4,
			table{{0, 1}: 0.6, {1, 2}: 0.6, {2, 3}: 0.9, {0, 2}: 0.1, {0, 3}: 0.1},
			[][]int{{0, 1}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := docs(Build(tt.n, tt.sims.pairs(), Threshold(tt.sims.sim, 0.5)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("groups = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuildSimilarityToRepresentative(t *testing.T) {
	sims := table{{0, 1}: 0.9, {0, 2}: 0.7, {1, 2}: 0.8}
	got := Build(3, sims.pairs(), Threshold(sims.sim, 0.5))
	want := []Group{{Members: []Member{{0, 1}, {1, 0.9}, {2, 0.7}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
