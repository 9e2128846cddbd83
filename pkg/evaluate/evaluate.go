// Package evaluate scores groups of near-duplicates against a truth set:
// pair precision, recall and F1.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Pair is an unordered pair of paths, stored with A < B.
type Pair struct{ A, B string }

// NewPair orders a and b.
func NewPair(a, b string) Pair {
	if b < a {
		a, b = b, a
	}
	return Pair{a, b}
}

// PairsOf returns every pair inside each group.
func PairsOf(groups [][]string) []Pair {
	var out []Pair
	for _, g := range groups {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				out = append(out, NewPair(g[i], g[j]))
			}
		}
	}
	return out
}

// ReadTruth reads duplicate pairs from JSON ({"groups":[["a","b"],...]})
// or TSV (one pair a line: the last two columns are the paths; columns
// before them, '#' comments and a header line are allowed: a first line
// whose last two columns hold no '.' or '/', names rather than paths,
// when later lines hold paths or a word heads more columns).
func ReadTruth(r io.Reader, name string) ([]Pair, error) {
	br := bufio.NewReader(r)
	first, _ := br.Peek(1)
	if len(first) == 1 && first[0] == '{' {
		var doc struct {
			Groups [][]string `json:"groups"`
		}
		if err := json.NewDecoder(br).Decode(&doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return PairsOf(doc.Groups), nil
	}
	var out []Pair
	header, named, pathLike := false, false, false
	sc := bufio.NewScanner(br)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("%s:%d: want tab-separated paths, got %q", name, n, line)
		}
		a, b := cols[len(cols)-2], cols[len(cols)-1]
		if strings.ContainsAny(a+b, "./") {
			pathLike = true
		} else if len(out) == 0 {
			// Names, not paths: a header, when later lines hold paths or
			// a word heads more columns ("jaccard containment a b").
			_, err := strconv.ParseFloat(cols[0], 64)
			header, named = true, len(cols) > 2 && err != nil
		}
		out = append(out, NewPair(a, b))
	}
	if header && (pathLike || named) {
		out = out[1:]
	}
	return out, sc.Err()
}

// Scores are agreement with the truth: pair precision, recall and F1, and
// the adjusted Rand index of the clustering (groups plus singletons).
type Scores struct {
	Docs, Predicted, Truth, TruePositive int
	Precision, Recall, F1, ARI           float64
	// FalsePositives are predicted pairs not in the truth; Missed are
	// true pairs not predicted (both with scanned paths, sorted).
	FalsePositives, Missed []Pair
	// MissingPaths are the truth paths that match no scanned path,
	// sorted; Excluded counts the truth pairs left out of Truth, and so
	// of recall, because a path of theirs is missing. A caller should
	// name them and refuse to score unless told otherwise.
	MissingPaths []string
	Excluded     int
	// Ambiguous are the truth paths that match more than one scanned path
	// (001.txt under business/ and tech/), sorted: the scores then pair
	// the wrong files, so a caller should refuse them.
	Ambiguous []string
}

// Evaluate scores the predicted groups of the scanned docs against true
// duplicate pairs. A scanned path matches a truth path that equals it or
// is a suffix of it after a '/', so groups found under "../corpus/"
// compare with truth written relative to that folder. Truth pairs whose
// files were not scanned are left out of the scores and counted in
// Excluded, their paths listed in MissingPaths.
func Evaluate(docs []string, groups [][]string, truth []Pair) Scores {
	s, _ := EvaluateContext(context.Background(), docs, groups, truth)
	return s
}

// EvaluateContext is Evaluate, stopping early with ctx's error when ctx
// is cancelled: a group of n files has n(n-1)/2 pairs, so a sweep down to
// a low threshold can spend long here.
func EvaluateContext(ctx context.Context, docs []string, groups [][]string, truth []Pair) (Scores, error) {
	known := map[string]bool{}
	for _, p := range truth {
		known[p.A], known[p.B] = true, true
	}
	keyOf := map[string]string{} // truth path -> scanned path
	key := truthKey(known)
	ambiguous := map[string]bool{}
	for _, d := range docs {
		k := key(d)
		if prev, ok := keyOf[k]; ok && prev != d && known[k] {
			ambiguous[k] = true
		}
		keyOf[k] = d
	}
	want := map[Pair]bool{}
	excluded := map[Pair]bool{}
	missing := map[string]bool{}
	for _, p := range truth {
		a, okA := keyOf[p.A]
		b, okB := keyOf[p.B]
		if !okA {
			missing[p.A] = true
		}
		if !okB {
			missing[p.B] = true
		}
		if okA && okB && a != b {
			want[NewPair(a, b)] = true
		} else if p.A != p.B {
			excluded[p] = true
		}
	}
	got := map[Pair]bool{}
	for _, g := range groups {
		for i := range g {
			if err := ctx.Err(); err != nil {
				return Scores{}, err
			}
			for j := i + 1; j < len(g); j++ {
				got[NewPair(g[i], g[j])] = true
			}
		}
	}
	s := Scores{Docs: len(docs), Predicted: len(got), Truth: len(want), Excluded: len(excluded)}
	for p := range missing {
		s.MissingPaths = append(s.MissingPaths, p)
	}
	slices.Sort(s.MissingPaths)
	for p := range ambiguous {
		s.Ambiguous = append(s.Ambiguous, p)
	}
	slices.Sort(s.Ambiguous)
	for p := range got {
		if want[p] {
			s.TruePositive++
		} else {
			s.FalsePositives = append(s.FalsePositives, p)
		}
	}
	for p := range want {
		if !got[p] {
			s.Missed = append(s.Missed, p)
		}
	}
	byPath := func(x, y Pair) int { return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B) }
	slices.SortFunc(s.FalsePositives, byPath)
	slices.SortFunc(s.Missed, byPath)
	s.Precision, s.Recall = 1, 1
	if s.Predicted > 0 {
		s.Precision = float64(s.TruePositive) / float64(s.Predicted)
	}
	if s.Truth > 0 {
		s.Recall = float64(s.TruePositive) / float64(s.Truth)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.ARI = ari(docs, clusters(groups), clusters(pairGroups(want)))
	return s, nil
}

// clusters numbers each path by its group (paths not in a group are
// singletons, absent from the map).
func clusters(groups [][]string) map[string]int {
	c := map[string]int{}
	for i, g := range groups {
		for _, p := range g {
			c[p] = i + 1
		}
	}
	return c
}

// pairGroups joins pairs into connected components.
func pairGroups(pairs map[Pair]bool) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	for p := range pairs {
		parent[find(p.A)] = find(p.B)
	}
	byRoot := map[string][]string{}
	for x := range parent {
		byRoot[find(x)] = append(byRoot[find(x)], x)
	}
	var out [][]string
	for _, g := range byRoot {
		slices.Sort(g)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// ari is the adjusted Rand index (Hubert and Arabie) of two clusterings
// of docs; 1 is perfect agreement, 0 what chance gives.
func ari(docs []string, pred, truth map[string]int) float64 {
	type cell struct{ p, t int }
	n := map[cell]int{}
	a, b := map[int]int{}, map[int]int{}
	for i, d := range docs {
		p, t := pred[d], truth[d]
		if p == 0 {
			p = -(i + 1) // a singleton cluster of its own
		}
		if t == 0 {
			t = -(i + 1)
		}
		n[cell{p, t}]++
		a[p]++
		b[t]++
	}
	c2 := func(x int) float64 { return float64(x) * float64(x-1) / 2 }
	var index, sa, sb float64
	for _, v := range n {
		index += c2(v)
	}
	for _, v := range a {
		sa += c2(v)
	}
	for _, v := range b {
		sb += c2(v)
	}
	total := c2(len(docs))
	if total == 0 {
		return 1
	}
	expected := sa * sb / total
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// truthKey returns the function that names a scanned path by the truth
// path it matches: the path itself or a suffix of it after a '/' that the
// truth knows; otherwise the path.
func truthKey(known map[string]bool) func(string) string {
	return func(path string) string {
		for p := path; ; {
			if known[p] {
				return p
			}
			i := strings.IndexByte(p, '/')
			if i < 0 {
				return path
			}
			p = p[i+1:]
		}
	}
}
