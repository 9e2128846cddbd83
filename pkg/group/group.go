// Package group turns verified edges between documents into groups of
// near-duplicates. Similarity edges (Jaccard at the threshold) join
// documents as connected components. Containment edges (the smaller
// document mostly inside the larger) are directional: an excerpt joins the
// group of its best container, one container only, so a passage quoted by
// two stories cannot merge their groups (a page that holds two whole
// stories contains both, and groups with both). Every member records the
// edge that brought it in.
package group

import (
	"cmp"
	"slices"
)

// Kind says how two documents are related.
type Kind uint8

// Edge kinds.
const (
	Similar   Kind = iota + 1 // Jaccard similarity at the threshold
	Contained                 // the smaller document is inside the larger
	Identical                 // the same text after cleaning
)

func (k Kind) String() string {
	switch k {
	case Similar:
		return "similar"
	case Contained:
		return "contained"
	case Identical:
		return "identical"
	}
	return "none"
}

// Edge is a verified relation between documents A and B with both
// measures: Jaccard similarity, and containment (the share of the smaller
// document's shingles found in the larger). For a Contained edge A is the
// smaller document, the one inside B.
type Edge struct {
	A, B        int
	Kind        Kind
	Jaccard     float64
	Containment float64
}

// Score is the measure the edge's kind is judged by.
func (e Edge) Score() float64 {
	if e.Kind == Contained {
		return e.Containment
	}
	return e.Jaccard
}

// Member is one document of a group and the edge that brought it in: its
// strongest accepted edge to another member, turned so that Via.A is the
// member itself (for a Contained edge, Via.A is still the smaller side, so
// Via.A != Doc says the member is the container).
type Member struct {
	Doc int
	Via Edge
}

// Other is the member at the far end of Via.
func (m Member) Other() int {
	if m.Via.A == m.Doc {
		return m.Via.B
	}
	return m.Via.A
}

// Group is a set of near-duplicates, members in document order.
type Group struct {
	Members []Member
}

// byJaccard orders edges by Jaccard, strongest first, then kind and
// documents, so a result never depends on the order edges arrive in. For
// containment this prefers, among an excerpt's containers, the one the
// excerpt covers most: the story it was cut from rather than a page that
// quotes it next to something else.
func byJaccard(x, y Edge) int {
	if c := cmp.Compare(y.Jaccard, x.Jaccard); c != 0 {
		return c
	}
	if c := cmp.Compare(y.Containment, x.Containment); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(x.A, y.A); c != 0 {
		return c
	}
	return cmp.Compare(x.B, y.B)
}

// Build returns the groups that edges among n documents make, sorted by
// their first document. Documents are identified by index; callers number
// them in the order they want groups and members listed. The result
// depends only on the set of edges, not on their order.
func Build(n int, edges []Edge) []Group {
	edges = slices.Clone(edges)
	slices.SortFunc(edges, byJaccard)
	// Similar and identical edges are symmetric: their components are
	// stories.
	story := newUnionFind(n)
	var accepted []Edge
	for _, e := range edges {
		if e.Kind != Contained {
			story.union(e.A, e.B)
			accepted = append(accepted, e)
		}
	}
	// Containment is directional: each story (its excerpt side) joins at
	// most one container's group, the one it covers most (edges come in
	// that order), so a passage quoted by two stories cannot merge them.
	groups := newUnionFind(n) // over documents, starting from the stories
	for d := range n {
		groups.union(d, story.find(d))
	}
	attached := map[int]bool{} // story roots that joined a container
	for _, e := range edges {
		if e.Kind != Contained {
			continue
		}
		s := story.find(e.A)
		if groups.find(e.A) != groups.find(e.B) {
			if attached[s] {
				continue
			}
			attached[s] = true
			groups.union(e.A, e.B)
		}
		accepted = append(accepted, e)
	}
	// Each member's edge: its strongest accepted one, similarity before
	// containment.
	slices.SortStableFunc(accepted, func(x, y Edge) int {
		if (x.Kind == Contained) != (y.Kind == Contained) {
			if x.Kind == Contained {
				return 1
			}
			return -1
		}
		return cmp.Compare(y.Score(), x.Score())
	})
	via := make([]Edge, n)
	has := make([]bool, n)
	for _, e := range accepted {
		for _, d := range [2]int{e.A, e.B} {
			if !has[d] {
				has[d], via[d] = true, e
			}
		}
	}
	byRoot := map[int][]int{}
	for d := range n {
		if has[d] {
			r := groups.find(d)
			byRoot[r] = append(byRoot[r], d)
		}
	}
	var out []Group
	for _, docs := range byRoot {
		if len(docs) < 2 {
			continue
		}
		g := Group{Members: make([]Member, len(docs))}
		for i, d := range docs {
			g.Members[i] = Member{Doc: d, Via: via[d]}
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Group) int { return a.Members[0].Doc - b.Members[0].Doc })
	return out
}

type unionFind struct {
	parent, size []int
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = i, 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
}

// Measure is what is known of a pair of documents A and B.
type Measure struct {
	Jaccard float64
	// Containment is the share of the smaller document's shingles found in
	// the larger one; AInB says A is the smaller.
	Containment float64
	AInB        bool
	Smaller     int // shingles of the smaller document
	// Passages and Uncovered count the smaller document's passages (see
	// Coverage) and those that share no shingle with the larger. They are
	// 0 when unknown: for MinHash estimates, and where only Jaccard could
	// decide (below the containment level, or at the threshold).
	Passages, Uncovered int
	Exact               bool // measured on shingle sets, not estimated
}

// Rule says which pairs are near-duplicates: Jaccard at Threshold, or,
// when Containment is above 0, the smaller document derived from the
// larger (see Measure.Derived) with at least that share of its shingles
// inside it.
type Rule struct {
	Threshold, Containment float64
}

// MinContained is the fewest shingles the smaller document of a
// containment edge must have: a line or two inside an article is a quote,
// not a copy.
const MinContained = 30

// Derived says whether the smaller document reads as cut or rewritten from
// the larger: at most a tenth of its passages, or three (a headline, a
// byline, a line of template that cleaning left), are its own. An update
// that adds new paragraphs to old ones has many passages of its own, and is
// a near-duplicate only if Jaccard says so.
func (m Measure) Derived() bool {
	return m.Uncovered <= max(3, m.Passages/10)
}

// Edge returns the edge documents a and b make under the rule, if any.
func (r Rule) Edge(a, b int, m Measure) (Edge, bool) {
	e := Edge{A: a, B: b, Kind: Similar, Jaccard: m.Jaccard, Containment: m.Containment}
	if m.Jaccard >= r.Threshold {
		return e, true
	}
	if r.Containment > 0 && m.Containment >= r.Containment && m.Smaller >= MinContained && m.Derived() {
		e.Kind = Contained
		if !m.AInB {
			e.A, e.B = b, a
		}
		return e, true
	}
	return e, false
}

// PassageShingles is the length of a passage for Coverage: about two lines
// of text.
const PassageShingles = 8

// Coverage counts the passages (runs of PassageShingles shingles) of a
// document with shingle hashes seq, in text order, and those that share no
// shingle with the sorted set other.
func Coverage(seq, other []uint64) (passages, uncovered int) {
	for i := 0; i < len(seq); i += PassageShingles {
		passages++
		uncovered++
		for _, h := range seq[i:min(i+PassageShingles, len(seq))] {
			if _, ok := slices.BinarySearch(other, h); ok {
				uncovered--
				break
			}
		}
	}
	return passages, uncovered
}
