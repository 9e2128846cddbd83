// Package group turns candidate pairs into groups of near-duplicate
// documents: pairs are verified against a threshold, joined with
// union-find, and each joined component is split so that every member of a
// group reaches the threshold with the group's representative.
package group

import (
	"slices"

	"github.com/neardup/neardup/pkg/lsh"
)

// Member is one document of a group and its similarity to the group's
// representative (1 for the representative itself).
type Member struct {
	Doc        int
	Similarity float64
}

// Group is a set of near-duplicates; Members[0] is the representative, the
// member with the lowest document index. The others follow in index order.
type Group struct {
	Members []Member
}

// Match reports the similarity of documents a and b and whether they are
// near-duplicates.
type Match func(a, b int) (similarity float64, ok bool)

// Threshold is the usual Match: sim reaches t.
func Threshold(sim func(a, b int) float64, t float64) Match {
	return func(a, b int) (float64, bool) {
		s := sim(a, b)
		return s, s >= t
	}
}

// Build returns the groups among n documents, sorted by representative.
// Documents are identified by index; callers number them in the order they
// want representatives chosen (neardup uses path order). A candidate pair
// is kept when match says so.
func Build(n int, pairs []lsh.Pair, match Match) []Group {
	uf := newUnionFind(n)
	for _, p := range pairs {
		if _, ok := match(int(p.A), int(p.B)); ok {
			uf.union(int(p.A), int(p.B))
		}
	}
	components := make(map[int][]int)
	for _, p := range pairs {
		for _, d := range [2]int{int(p.A), int(p.B)} {
			if r := uf.find(d); uf.size[r] > 1 {
				components[r] = append(components[r], d)
			}
		}
	}
	var groups []Group
	for _, docs := range components {
		slices.Sort(docs)
		docs = slices.Compact(docs)
		groups = append(groups, split(docs, match)...)
	}
	slices.SortFunc(groups, func(a, b Group) int { return a.Members[0].Doc - b.Members[0].Doc })
	return groups
}

// split breaks a connected component into groups around representatives:
// the lowest remaining document takes every remaining document that
// matches it. A chain a~b~c where a and c are far apart so cannot become
// one group through its weak link.
func split(docs []int, match Match) []Group {
	var groups []Group
	for len(docs) > 1 {
		rep := docs[0]
		g := Group{Members: []Member{{Doc: rep, Similarity: 1}}}
		rest := docs[:0:0]
		for _, d := range docs[1:] {
			if s, ok := match(rep, d); ok {
				g.Members = append(g.Members, Member{Doc: d, Similarity: s})
			} else {
				rest = append(rest, d)
			}
		}
		if len(g.Members) > 1 {
			groups = append(groups, g)
		}
		docs = rest
	}
	return groups
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
