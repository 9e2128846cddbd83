package ahocorasick

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	m := New([][]string{{"see also", "read more"}, {"|"}, nil, {"also"}})
	hits := make([]uint64, m.Words())
	for _, tt := range []struct {
		line string
		want uint64
	}{
		{"nothing here", 0},
		{"please see also this", 1<<0 | 1<<3},
		{"home | news", 1 << 1},
		{"read more | also", 1<<0 | 1<<1 | 1<<3},
		{"see alsx", 0},
		{"SEE ALSO | READ More", 1<<0 | 1<<1 | 1<<3},
	} {
		m.Scan(tt.line, hits, true)
		if hits[0] != tt.want {
			t.Errorf("%q: hits %b, want %b", tt.line, hits[0], tt.want)
		}
	}
}

// TestScanAgainstContains compares Scan with strings.Contains on random
// literal sets (overlapping, sharing prefixes and suffixes, non-ASCII) and
// on lines short and long (walked whole or in two halves).
func TestScanAgainstContains(t *testing.T) {
	scanAgainstContains(t)
	// And with the table of any size, as for a large rule set.
	noSmall = true
	defer func() { noSmall = false }()
	scanAgainstContains(t)
}

func scanAgainstContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", " ", "é", "ab", "Я"}
	word := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	for round := range 50 {
		sets := make([][]string, 1+rng.IntN(130))
		for i := range sets {
			for range rng.IntN(4) {
				sets[i] = append(sets[i], strings.ToLower(word(1+rng.IntN(5))))
			}
		}
		m := New(sets)
		if (m.small == nil) != noSmall {
			t.Fatalf("small table %v with noSmall %v", m.small != nil, noSmall)
		}
		hits := make([]uint64, m.Words())
		for range 40 {
			line := word(rng.IntN(60 * (1 + round%3)))
			upper := strings.ToUpper(line)
			for _, l := range []string{line, upper} {
				m.Scan(l, hits, true)
				lower := strings.ToLower(l)
				for i, set := range sets {
					want := false
					for _, lit := range set {
						want = want || strings.Contains(lower, lit)
					}
					if got := hits[i/64]&(1<<(i%64)) != 0; got != want {
						t.Fatalf("set %d %q in %q: got %v, want %v", i, set, l, got, want)
					}
				}
			}
		}
	}
}

func TestHasUpperNonASCII(t *testing.T) {
	for s, want := range map[string]bool{"": false, "ASCII ONLY": false, "café": false, "CAFÉ": true, "“quoted” — dash": false, "plenty of ascii before Ǆ": true,
		"£5 ‘quoted’ Ä": true, "£5 “x” ÿ": false, "\u2040\u2060Σ": true, "\u2060": false, "\xe2\x80": false, "\xc2": false, "tail \xe2\x81Ω": true, "\xc2Ä": true} {
		// (The signs and punctuation skipped without decoding are next
		// to letters, and cut short at the end.)
		if got := HasUpperNonASCII(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

func BenchmarkScan(b *testing.B) {
	m := New([][]string{{"see also", "read more"}, {"advertisement"}, {"newsletter"}, {"|", "•"}})
	line := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 40)
	hits := make([]uint64, m.Words())
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		m.Scan(line, hits, false)
	}
}
