package ahocorasick

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestScan(t *testing.T) {
	m := New([][]string{{"see also", "read more"}, {"|"}, nil, {"also"}, {""}}) // an empty literal is never reported
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
		m.Scan(tt.line, hits)
		if hits[0] != tt.want {
			t.Errorf("%q: hits %b, want %b", tt.line, hits[0], tt.want)
		}
	}
}

// TestScanAgainstContains compares Scan with regexp's (?i) on random
// literal sets (overlapping, sharing prefixes and suffixes, letters outside
// ASCII with two and three cases of different lengths) and on lines short
// and long (walked whole, in two halves or in four quarters).
func TestScanAgainstContains(t *testing.T) {
	scanAgainstContains(t)
	// And with the table of any size, as for a large rule set.
	noSmall = true
	defer func() { noSmall = false }()
	scanAgainstContains(t)
}

func scanAgainstContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", " ", "é", "ab", "Я", "Σ", "ς", "ß", "ẞ", "ǅ"}
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
				m.Scan(l, hits)
				for i, set := range sets {
					want := false
					for _, lit := range set {
						want = want || regexp.MustCompile("(?i)"+regexp.QuoteMeta(lit)).MatchString(l)
					}
					// A literal of more cases than maxVariants is
					// looked for by its start: found more often.
					if got := hits[i/64]&(1<<(i%64)) != 0; got != want && !(got && slices.ContainsFunc(set, manyCases)) {
						t.Fatalf("set %d %q in %q: got %v, want %v", i, set, l, got, want)
					}
				}
			}
		}
	}
}

func BenchmarkScan(b *testing.B) {
	m := New([][]string{{"see also", "read more"}, {"advertisement"}, {"newsletter"}, {"|", "•"}})
	line := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 40)
	hits := make([]uint64, m.Words())
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		m.Scan(line, hits)
	}
}

// manyCases reports whether lit has more cases than maxVariants.
func manyCases(lit string) bool {
	product := 1
	for _, r := range lit {
		forms := 1
		for f := unicode.SimpleFold(r); f != r && r >= utf8.RuneSelf; f = unicode.SimpleFold(f) {
			forms++
		}
		product *= forms
	}
	return product > maxVariants
}

func TestCaseVariants(t *testing.T) {
	for _, tt := range []struct {
		lit  string
		want []string
	}{
		{"see also", []string{"see also"}}, // ASCII: the table folds it
		{"café", []string{"café", "cafÉ"}}, // é and É
		{"\u043c\u044b \u0438\xd1", []string{"\u043c\u044b \u0438", "\u043c\u042b \u0438", "\u043c\u044b \u0418", "\u043c\u042b \u0418", "\u041c\u044b \u0438", "\u041c\u042b \u0438", "\u041c\u044b \u0418", "\u041c\u042b \u0418"}}, // cut inside its last rune: "мы и" in each case
		{"σ", []string{"σ", "ς", "Σ"}},
		{"ß", []string{"ß", "ẞ"}},
		{"kelvin", []string{"kelvin"}}, // not K: SpecialFolder's work
		{"\xff", []string{"\xff"}},
	} {
		got := caseVariants(tt.lit)
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("caseVariants(%q) = %q, want %q", tt.lit, got, tt.want)
		}
	}
	// More cases than maxVariants: cut before the rune that would pass it.
	lit := strings.Repeat("σ", 5) // 3^4 = 81 > 64
	if got := caseVariants(lit); len(got) != 27 || len(got[0]) != len("σσσ") {
		t.Errorf("caseVariants(%q): %d variants of %d bytes, want 27 of %d", lit, len(got), len(got[0]), len("σσσ"))
	}
}
