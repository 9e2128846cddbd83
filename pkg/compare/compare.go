// Package compare explains why two articles match or not: their estimated
// and exact Jaccard similarity, containment both ways, the shingles they
// share, their longest shared passages with line numbers, and what cleaning
// removed from each.
package compare

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/minhash"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/shingle"
)

// Passage is a run of text one article shares with the other.
type Passage struct {
	FromLine int      `json:"from_line"` // 1-based, inclusive, in the original file
	ToLine   int      `json:"to_line"`
	Words    int      `json:"words"` // terms in the shared run
	Lines    []string `json:"lines"` // the original lines FromLine..ToLine
}

// Side is what compare found about one article.
type Side struct {
	Path     string `json:"path"`
	Words    int    `json:"words"`    // terms after cleaning
	Shingles int    `json:"shingles"` // distinct shingles
	// Contained is the share of this article's shingles found in the other.
	Contained float64 `json:"contained_in_other"`
	// Windows and Own count this article's passages (runs of
	// group.PassageShingles shingles) and those that share no shingle with
	// the other: what it has of its own.
	Windows  int             `json:"passages_total"`
	Own      int             `json:"passages_own"`
	Passages []Passage       `json:"passages"` // longest first
	Removed  []clean.Removal `json:"removed"`
}

// Result compares two articles.
type Result struct {
	A         Side    `json:"a"`
	B         Side    `json:"b"`
	Estimated float64 `json:"estimated_jaccard"` // Jaccard from MinHash signatures
	Exact     float64 `json:"exact"`             // Jaccard from shingle sets
	Shared    int     `json:"shared_shingles"`   // shingles in both
}

// Text is one article to compare.
type Text struct {
	Path, Text string
}

// Compare compares a and b as fingerprints made with f see them, listing up
// to maxPassages shared passages for each side. The cleaner is f's (nil
// means no cleaning).
func Compare(f *fingerprint.Fingerprinter, a, b Text, maxPassages int) Result {
	w := f.NewWorker()
	cfg := f.Config()
	type prepared struct {
		side   Side
		raw    []string
		terms  []string
		lineOf []int
		hashes []uint64 // per position
		set    []uint64 // sorted distinct
	}
	prep := func(t Text) prepared {
		var lines []clean.Line
		var removed []clean.Removal
		if c := cfg.Cleaner; c != nil {
			lines, removed = c.Lines(t.Text)
		} else {
			for i, l := range strings.Split(t.Text, "\n") {
				lines = append(lines, clean.Line{Number: i + 1, Text: l})
			}
		}
		p := prepared{side: Side{Path: t.Path, Removed: removed}, raw: strings.Split(t.Text, "\n")}
		p.terms, p.lineOf = w.Terms(lines)
		p.hashes = shingle.Hashes(nil, p.terms, cfg.Shingle)
		p.set = slices.Compact(slices.Sorted(slices.Values(p.hashes)))
		p.side.Words, p.side.Shingles = len(p.terms), len(p.set)
		return p
	}
	pa, pb := prep(a), prep(b)
	shared := 0
	for _, h := range pa.set {
		if _, ok := slices.BinarySearch(pb.set, h); ok {
			shared++
		}
	}
	r := Result{Shared: shared}
	if union := len(pa.set) + len(pb.set) - shared; union > 0 {
		r.Exact = float64(shared) / float64(union)
	}
	if len(pa.set) > 0 && len(pb.set) > 0 {
		r.Estimated = minhash.Similarity(f.Signature(pa.set), f.Signature(pb.set))
		pa.side.Contained = float64(shared) / float64(len(pa.set))
		pb.side.Contained = float64(shared) / float64(len(pb.set))
	}
	k := min(cfg.Shingle, max(len(pa.terms), 1))
	pa.side.Windows, pa.side.Own = group.Coverage(pa.hashes, pb.set)
	pb.side.Windows, pb.side.Own = group.Coverage(pb.hashes, pa.set)
	pa.side.Passages = passages(pa.hashes, pb.set, pa.lineOf, pa.raw, k, maxPassages)
	k = min(cfg.Shingle, max(len(pb.terms), 1))
	pb.side.Passages = passages(pb.hashes, pa.set, pb.lineOf, pb.raw, k, maxPassages)
	r.A, r.B = pa.side, pb.side
	return r
}

// Measure is the pair's exact measures, as neardup scan judges them.
func (r Result) Measure() group.Measure {
	m := group.Measure{Jaccard: r.Exact, Exact: true, AInB: r.A.Shingles <= r.B.Shingles}
	small := r.A
	if !m.AInB {
		small = r.B
	}
	m.Containment, m.Smaller, m.Passages, m.Uncovered = small.Contained, small.Shingles, small.Windows, small.Own
	return m
}

// passages finds runs of consecutive shingle positions of one article whose
// hashes the other article has, longest first.
func passages(hashes, other []uint64, lineOf []int, raw []string, k, most int) []Passage {
	var out []Passage
	for i := 0; i < len(hashes); {
		if _, ok := slices.BinarySearch(other, hashes[i]); !ok {
			i++
			continue
		}
		j := i
		for j+1 < len(hashes) {
			if _, ok := slices.BinarySearch(other, hashes[j+1]); !ok {
				break
			}
			j++
		}
		last := min(j+k-1, len(lineOf)-1)
		p := Passage{FromLine: lineOf[i], ToLine: lineOf[last], Words: last - i + 1}
		p.Lines = raw[p.FromLine-1 : p.ToLine]
		out = append(out, p)
		i = j + 1
	}
	slices.SortStableFunc(out, func(a, b Passage) int { return b.Words - a.Words })
	if len(out) > most {
		out = out[:most]
	}
	return out
}

// WriteText writes r as neardup compare prints it: the two sides, the
// measures against threshold and containment level, the verdict
// (relation: "none", "similar", "A within B", "B within A"), the longest
// shared passages and what cleaning removed.
func (r Result) WriteText(w io.Writer, relation string, threshold, containment float64) error {
	var b strings.Builder
	verdict := "not near-duplicates"
	if relation != "none" {
		verdict = "near-duplicates: " + relation
	}
	sides := []struct {
		tag  string
		side Side
	}{{"A", r.A}, {"B", r.B}}
	for _, s := range sides {
		fmt.Fprintf(&b, "%s  %s  (%d words, %d shingles; cleaning removed %d)\n", s.tag, report.QuotePath(s.side.Path), s.side.Words, s.side.Shingles, len(s.side.Removed))
	}
	fmt.Fprintf(&b, "\njaccard      %.2f exact, %.2f estimated  (threshold %.2f)\n", r.Exact, r.Estimated, threshold)
	fmt.Fprintf(&b, "containment  %.2f of A is in B, %.2f of B is in A  (level %.2f)\n", r.A.Contained, r.B.Contained, containment)
	fmt.Fprintf(&b, "own text     %d of %d passages of A are not in B, %d of %d of B not in A\n", r.A.Own, r.A.Windows, r.B.Own, r.B.Windows)
	fmt.Fprintf(&b, "shared       %d shingles\n", r.Shared)
	fmt.Fprintf(&b, "verdict      %s\n", verdict)
	for _, s := range sides {
		if len(s.side.Passages) > 0 {
			fmt.Fprintf(&b, "\nlongest shared passages of %s:\n", s.tag)
			for _, p := range s.side.Passages {
				fmt.Fprintf(&b, "  lines %d-%d (%d words)\n", p.FromLine, p.ToLine, p.Words)
				shown := 0
				for i, l := range p.Lines {
					if strings.TrimSpace(l) == "" {
						continue
					}
					if shown == 4 {
						fmt.Fprintf(&b, "    ... (to line %d)\n", p.ToLine)
						break
					}
					fmt.Fprintf(&b, "    %4d  %s\n", p.FromLine+i, ellipsis(l, 100))
					shown++
				}
			}
		}
	}
	for _, s := range sides {
		if len(s.side.Removed) > 0 {
			fmt.Fprintf(&b, "\nremoved from %s by cleaning:\n", s.tag)
			for _, rm := range s.side.Removed {
				fmt.Fprintf(&b, "  %4d  %s %s: %s\n", rm.Line, rm.Layer, rm.Kind, ellipsis(rm.Text, 80))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ellipsis shortens s to at most n runes.
func ellipsis(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Rounded is r with its measures rounded to 4 decimals, as printed, and
// empty lists rather than none.
func (r Result) Rounded() Result {
	round := report.Round
	r.Estimated, r.Exact = round(r.Estimated), round(r.Exact)
	for _, s := range []*Side{&r.A, &r.B} {
		s.Contained = round(s.Contained)
		if s.Passages == nil {
			s.Passages = []Passage{}
		}
		if s.Removed == nil {
			s.Removed = []clean.Removal{}
		}
	}
	return r
}
