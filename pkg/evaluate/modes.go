package evaluate

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Modes is the part of a truth file that says how each group was made
// (neardup's test-set generator writes it): groups by mode, and negative
// pairs that must never be grouped.
type Modes struct {
	Groups    [][]string       `json:"groups"`
	ByMode    map[string][]int `json:"modes"` // mode -> indexes into Groups
	Negatives [][2]string      `json:"negatives"`
}

// ReadModes reads the modes of a JSON truth file; ok is false when it has
// none (TSV, or JSON groups alone).
func ReadModes(r io.Reader, name string) (m Modes, ok bool, err error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return m, false, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) == 0 || b[0] != '{' {
		return m, false, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, false, fmt.Errorf("%s: %w", name, err)
	}
	for mode, idx := range m.ByMode {
		for _, i := range idx {
			if i < 0 || i >= len(m.Groups) {
				return m, false, fmt.Errorf("%s: mode %q names group %d, but there are %d groups (numbered from 0)", name, mode, i, len(m.Groups))
			}
		}
	}
	for _, n := range m.Negatives {
		if n[0] == "" || n[1] == "" {
			return m, false, fmt.Errorf("%s: a negative pair needs two paths, got %q", name, n)
		}
	}
	return m, len(m.ByMode) > 0 || len(m.Negatives) > 0, nil
}

// ModeScore is agreement with the truth for the groups of one mode: its
// true pairs against the predicted pairs that touch its files. For the
// negatives, Truth is the number of negative pairs and Grouped how many of
// them were grouped; Precision is then 1 - Grouped/Truth.
type ModeScore struct {
	Mode                                  string
	Files, Truth, Predicted, TruePositive int
	Grouped                               int
	Precision, Recall, F1                 float64
}

// EvaluateModes scores the predicted groups of the scanned docs mode by
// mode, matching paths as Evaluate does.
func EvaluateModes(docs []string, groups [][]string, m Modes) []ModeScore {
	known := map[string]bool{}
	for _, g := range m.Groups {
		for _, p := range g {
			known[p] = true
		}
	}
	for _, n := range m.Negatives {
		known[n[0]], known[n[1]] = true, true
	}
	key := truthKey(known)
	scanned := map[string]bool{}
	for _, d := range docs {
		scanned[key(d)] = true
	}
	var predicted []Pair
	for _, g := range groups {
		ks := make([]string, len(g))
		for i, p := range g {
			ks[i] = key(p)
		}
		predicted = append(predicted, PairsOf([][]string{ks})...)
	}
	got := map[Pair]bool{}
	for _, p := range predicted {
		got[p] = true
	}
	var out []ModeScore
	modes := make([]string, 0, len(m.ByMode))
	for mode := range m.ByMode {
		modes = append(modes, mode)
	}
	slices.Sort(modes)
	for _, mode := range modes {
		files := map[string]bool{}
		var gs [][]string
		for _, i := range m.ByMode[mode] {
			var g []string
			for _, p := range m.Groups[i] {
				if scanned[p] {
					g = append(g, p)
					files[p] = true
				}
			}
			gs = append(gs, g)
		}
		want := map[Pair]bool{}
		for _, p := range PairsOf(gs) {
			want[p] = true
		}
		s := ModeScore{Mode: mode, Files: len(files), Truth: len(want)}
		for p := range got {
			if files[p.A] || files[p.B] {
				s.Predicted++
				if want[p] {
					s.TruePositive++
				}
			}
		}
		s.Precision, s.Recall = ratio(s.TruePositive, s.Predicted), ratio(s.TruePositive, s.Truth)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		out = append(out, s)
	}
	if len(m.Negatives) > 0 {
		s := ModeScore{Mode: "negatives"}
		for _, n := range m.Negatives {
			if !scanned[n[0]] || !scanned[n[1]] {
				continue
			}
			s.Truth++
			s.Files += 2
			if got[NewPair(n[0], n[1])] {
				s.Grouped++
			}
		}
		s.Precision = 1 - ratio(s.Grouped, s.Truth)
		if s.Truth == 0 {
			s.Precision = 1
		}
		s.Recall, s.F1 = 1, s.Precision
		out = append(out, s)
	}
	return out
}

// ratio is a/b, 1 when b is 0 (nothing predicted is nothing wrong).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
