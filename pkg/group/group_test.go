package group

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

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

func sim(a, b int, j float64) Edge {
	return Edge{A: a, B: b, Kind: Similar, Jaccard: j, Containment: j}
}

// in says a (the smaller) is inside b with containment c and Jaccard j.
func in(a, b int, c, j float64) Edge {
	return Edge{A: a, B: b, Kind: Contained, Jaccard: j, Containment: c}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		want  [][]int
	}{
		{"none", 3, nil, nil},
		{"one pair", 3, []Edge{sim(0, 2, 0.9)}, [][]int{{0, 2}}},
		{"two groups sorted by first document", 6,
			[]Edge{sim(3, 5, 0.8), sim(0, 1, 0.95), sim(1, 4, 0.7), sim(0, 4, 0.7)},
			[][]int{{0, 1, 4}, {3, 5}}},
		// a~b 0.54, b~c 0.53, a~c 0.25: every document with a verified
		// edge is in a group, so c is not left out.
		{"chain keeps every member", 3, []Edge{sim(0, 1, 0.54), sim(1, 2, 0.53)}, [][]int{{0, 1, 2}}},
		{"identical copies join", 4, []Edge{{A: 0, B: 3, Kind: Identical, Jaccard: 1, Containment: 1}, sim(0, 1, 0.6)}, [][]int{{0, 1, 3}}},
		{"excerpt joins its container", 3, []Edge{in(2, 0, 0.95, 0.2)}, [][]int{{0, 2}}},
		// An excerpt inside two stories joins the one it covers most and
		// never merges them.
		{"excerpt joins one container", 5,
			[]Edge{sim(0, 1, 0.9), sim(2, 3, 0.9), in(4, 0, 0.9, 0.2), in(4, 2, 0.9, 0.4)},
			[][]int{{0, 1}, {2, 3, 4}}},
		{"excerpt story joins whole", 5,
			[]Edge{sim(0, 1, 0.9), sim(3, 4, 0.95), in(3, 0, 0.8, 0.3), in(4, 1, 0.8, 0.3)},
			[][]int{{0, 1, 3, 4}}},
		{"nested excerpts", 3, []Edge{in(0, 1, 1, 0.5), in(1, 2, 0.9, 0.6)}, [][]int{{0, 1, 2}}},
		{"two excerpts of one article", 3, []Edge{in(1, 0, 0.9, 0.3), in(2, 0, 0.8, 0.3)}, [][]int{{0, 1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := docs(Build(tt.n, tt.edges))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("groups = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuildVia(t *testing.T) {
	g := Build(4, []Edge{sim(0, 1, 0.54), sim(1, 2, 0.53), in(3, 0, 0.9, 0.2)})
	if len(g) != 1 {
		t.Fatalf("groups = %v", docs(g))
	}
	want := map[int]struct {
		other int
		kind  Kind
		score float64
	}{
		0: {1, Similar, 0.54}, // similarity before containment
		1: {0, Similar, 0.54},
		2: {1, Similar, 0.53}, // c came in through b
		3: {0, Contained, 0.9},
	}
	for _, m := range g[0].Members {
		w := want[m.Doc]
		if m.Other() != w.other || m.Via.Kind != w.kind || m.Via.Score() != w.score {
			t.Errorf("member %d: via %+v (other %d), want other %d %v %v", m.Doc, m.Via, m.Other(), w.other, w.kind, w.score)
		}
	}
	if m := g[0].Members[3]; m.Via.A != 3 {
		t.Errorf("the excerpt should be the contained side: %+v", m.Via)
	}
}

// TestBuildOrderFree checks that groups depend on the edges, not on the
// order they arrive in or on which file comes first.
func TestBuildOrderFree(t *testing.T) {
	edges := []Edge{sim(0, 1, 0.6), sim(1, 2, 0.55), in(3, 2, 0.9, 0.3), in(3, 5, 0.9, 0.3), sim(5, 6, 0.8), in(7, 6, 0.7, 0.2), sim(8, 9, 1)}
	want := Build(10, edges)
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		shuffled := append([]Edge(nil), edges...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := Build(10, shuffled); !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v: got %v, want %v", shuffled, docs(got), docs(want))
		}
	}
}

func TestRule(t *testing.T) {
	r := Rule{Threshold: 0.5, Containment: 0.5}
	tests := []struct {
		name string
		m    Measure
		kind Kind // 0: no edge
		a    int  // the edge's A
	}{
		{"similar", Measure{Jaccard: 0.6, Containment: 0.7, AInB: true, Smaller: 100, Passages: 13}, Similar, 0},
		{"excerpt, B inside A", Measure{Jaccard: 0.2, Containment: 0.95, AInB: false, Smaller: 100, Passages: 13, Uncovered: 1}, Contained, 1},
		{"too short to be contained", Measure{Jaccard: 0.1, Containment: 1, AInB: true, Smaller: 20, Passages: 3}, 0, 0},
		// An update: 40% new paragraphs, many passages of its own.
		{"update with passages of its own", Measure{Jaccard: 0.4, Containment: 0.6, AInB: true, Smaller: 300, Passages: 38, Uncovered: 8}, 0, 0},
		{"below both", Measure{Jaccard: 0.3, Containment: 0.4, AInB: true, Smaller: 300, Passages: 38}, 0, 0},
	}
	for _, tt := range tests {
		e, ok := r.Edge(0, 1, tt.m)
		if !ok && tt.kind != 0 || ok && (e.Kind != tt.kind || e.A != tt.a) {
			t.Errorf("%s: edge %+v, %v; want kind %v with A %d", tt.name, e, ok, tt.kind, tt.a)
		}
	}
	if _, ok := (Rule{Threshold: 0.5}).Edge(0, 1, Measure{Jaccard: 0.2, Containment: 1, Smaller: 100, Passages: 13}); ok {
		t.Error("containment 0 must turn containment edges off")
	}
}

func TestCoverage(t *testing.T) {
	other := []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		seq                 []uint64
		passages, uncovered int
	}{
		{[]uint64{1, 2, 3}, 1, 0},
		{[]uint64{20, 21, 22, 23, 24, 25, 26, 27, 1}, 2, 1}, // a passage of its own
		{[]uint64{20, 21, 22, 23, 24, 25, 26, 3, 30, 31}, 2, 1},
		{nil, 0, 0},
	}
	for _, tt := range tests {
		if p, u := Coverage(tt.seq, other); p != tt.passages || u != tt.uncovered {
			t.Errorf("coverage(%v) = %d, %d; want %d, %d", tt.seq, p, u, tt.passages, tt.uncovered)
		}
	}
}
