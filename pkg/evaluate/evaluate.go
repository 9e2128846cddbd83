// Package evaluate scores groups of near-duplicates against a truth set:
// pair precision, recall and F1.
package evaluate

import (
	"bufio"
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
// or TSV (one pair a line: the last two columns are the paths; numeric
// columns before them, a header line and '#' comments are allowed).
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
		if n == 1 && len(cols) > 2 {
			if _, err := strconv.ParseFloat(cols[0], 64); err != nil {
				continue // header
			}
		}
		out = append(out, NewPair(a, b))
	}
	return out, sc.Err()
}

// Scores are pair-level agreement with the truth.
type Scores struct {
	Predicted, Truth, TruePositive int
	Precision, Recall, F1          float64
	FalsePositives, Missed         []Pair
}

// Score compares predicted pairs with true ones. A predicted path matches a
// truth path that equals it or is a suffix of it after a '/', so groups
// found under "../corpus/" compare with truth written relative to it.
func Score(predicted, truth []Pair) Scores {
	known := map[string]bool{}
	for _, p := range truth {
		known[p.A], known[p.B] = true, true
	}
	key := func(path string) string {
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
	want := map[Pair]bool{}
	for _, p := range truth {
		want[p] = true
	}
	got := map[Pair]bool{}
	for _, p := range predicted {
		got[NewPair(key(p.A), key(p.B))] = true
	}
	s := Scores{Predicted: len(got), Truth: len(want)}
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
	return s
}
