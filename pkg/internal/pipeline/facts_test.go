package pipeline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/shingle"
)

// A member's figures are held when each is in the kept text beside the
// same word on one side; anything that changes what a figure says is not.
func TestFiguresHeld(t *testing.T) {
	for _, c := range []struct {
		name, kept, member string
		held               bool
	}{
		{"same", "Rovers won 2-1 before 24,000 fans.", "Rovers won 2-1 before 24,000 fans.", true},
		{"trimmed", "Rovers won 2-1 before 24,000 fans. Next: 3pm Sunday.", "Rovers won 2-1 before 24,000 fans.", true},
		{"no figures", "A quiet day.", "A calm day.", true},
		{"word edited beside", "about 410 million people", "an estimated 410 million people", true},
		{"unit respelled", "by 6.2 kilometers", "by 6.2 kilometres", true},
		{"entities and apostrophes", "Fiat’s 12 plants", "Fiat&#8217;s 12 plants", true},
		{"score flipped", "Rovers 2-1 United.", "Rovers 1-2 United.", false},
		{"figure changed", "a crowd of 21,000 fans", "a crowd of 22,000 fans", false},
		{"decade changed", "in the 1990s and", "in the 1980s and", false},
		{"sign dropped", "fall to -12C, with", "fall to 12C, with", false},
		{"sign added", "fall to 12C, with", "fall to -12C, with", false},
		{"minus spelled", "fall to −12C, with", "fall to -12C, with", true},
		{"currency", "a fine of ¥50 million", "a fine of £50 million", false},
		{"currency entity", "a fine of &pound;50 million", "a fine of £50 million", true},
		{"comparison", "support at < 40% among", "support at > 40% among", false},
		{"percent", "rose 3.5% in May", "rose 3.5 in May", false},
		{"decimal", "rose 3.5 points", "rose 35 points", false},
		{"figure added", "The council met.", "The council met at 9am.", false},
		{"range is no sign", "the 1990-91 season", "the 1990-91 season", true},
		{"magnitude", "will cost £1.5 billion to build", "will cost £1.5 million to build", false},
		{"magnitude spelled", "will cost £1.5bn to build", "will cost £1.5 billion to build", true},
		{"magnitude glued", "will cost £1.5bn to build", "will cost £1.5m to build", false},
		{"time of day", "open until 11 p.m. on Friday", "open until 11 a.m. on Friday", false},
		{"currency word", "fines rise to 50 euros for", "fines rise to 50 dollars for", false},
		{"currency code", "a fee of USD 50 for", "a fee of $50 for", true},
		{"degrees", "will reach 30°C today", "will reach 30°F today", false},
		{"comparison word", "support is less than 40% among", "support is more than 40% among", false},
		{"minus word", "fell to minus 12C in", "fell to -12C in", true},
		{"minus word dropped", "fell to minus 12C in", "fell to 12C in", false},
		{"fraction", "rose by 2½ per cent", "rose by 2¼ per cent", false},
		{"unit spelling", "a 5 km route", "a 5 kilometres route", true},
		{"unit changed", "a 5 km route", "a 5 miles route", false},
		{"two units", "it cost 5 million pounds to", "it cost 5 million dollars to", false},
		{"per cent", "rose 55% last year", "rose 55 per cent last year", true},
		{"date day first", "on 3 March 2024 the", "on 3 May 2024 the", false},
		{"digits grouped by spaces", "It lost 5 000 subscribers.", "It lost 5 subscribers.", false},
		{"sign before a currency", "jumped to $1.13bn in", "jumped to -$1.13bn in", false},
		{"minus before a currency", "a loss of −£2m this", "a loss of £2m this", false},
		{"about", "cost ~£2m to", "cost £2m to", false},
		{"sign before a currency kept", "jumped to -$1.13bn in", "jumped to -$1.13bn in all", true},
		{"a million grouped", "about 1 000 000 people", "about 1 000 people", false},
		{"grouped the same", "It lost 5 000 subscribers.", "It lost 5 000 subscribers in all.", true},
		{"a year and a count", "in 2019 100 people came", "in 2019 100 people came", true},
		{"date month first", "on March 3, 2024 the", "on May 3, 2024 the", false},
		{"month and year", "since May 2023 the", "since June 2023 the", false},
		{"plus de", "pendant plus de 4 heures", "pendant moins de 4 heures", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, m := figureFacts(nil, c.kept), figureFacts(nil, c.member)
			if got := figuresHeld(m, k); got != c.held {
				t.Errorf("figuresHeld(%q in %q) = %v, want %v", c.member, c.kept, got, c.held)
			}
		})
	}
}

// terms hashes words as terms, for negationsHeld; neg is the term set of
// "not", "never" and "isn't".
func terms(s string) []uint64 {
	var out []uint64
	for _, w := range strings.Fields(strings.ToLower(s)) {
		out = append(out, shingle.WordHash(strings.Trim(w, ".,")))
	}
	return out
}

func TestNegationsHeld(t *testing.T) {
	neg := negationTerms(func(w string) uint64 { return shingle.WordHash(w) })
	for _, c := range []struct {
		name, kept, member string
		held               bool
	}{
		{"same", "officers were not treating the fire as suspicious", "officers were not treating the fire as suspicious", true},
		{"none", "officers were treating the fire as suspicious", "police were treating the blaze as suspicious", true},
		{"trimmed", "He said so. Officers were not treating it as arson.", "He said so.", true},
		{"word edited elsewhere", "officers were not treating the fire as suspicious", "officers were not treating the blaze as suspicious", true},
		{"not added", "officers were treating the fire as suspicious", "officers were not treating the fire as suspicious", false},
		{"not taken out", "officers were not treating the fire as suspicious", "officers were treating the fire as suspicious", false},
		{"isn't to is", "He isn't guilty of the charges", "He is guilty of the charges", false},
		{"never added", "she had won in Paris before", "she had never won in Paris before", false},
		{"same words elsewhere", "it is not a crime. it is a fine.", "it is not a crime. it is a fine.", true},
		{"no longer taken out", "the company no longer runs night buses", "the company runs night buses", false},
		{"no one to someone", "police said no one was hurt in the crash", "police said someone was hurt in the crash", false},
		{"didnt added", "he paid the fine on time", "he didnt pay the fine on time", false},
		{"contraction kept", "he didn't pay the fine", "he didn't pay the fine", true},
		{"not and an adverb taken out", "jenkins who is not currently under investigation said", "jenkins who is under investigation said", false},
		{"did not to a verb", "members who did not vote for it", "members who vote for it", false},
		{"not yet taken out", "the firm has not yet paid the fine", "the firm has paid the fine", false},
		{"wont added", "he will pay the fine", "he wont pay the fine", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := negationsHeld(terms(c.member), terms(c.kept), neg); got != c.held {
				t.Errorf("negationsHeld(%q in %q) = %v, want %v", c.member, c.kept, got, c.held)
			}
		})
	}
}

// figureFacts allocates nothing beyond its output, given room for it.
func TestFigureFactsAllocs(t *testing.T) {
	text := strings.Repeat("Rovers won 2-1 before 24,000 fans at -3C. ", 20)
	dst := make([]uint64, 0, 200)
	if n := testing.AllocsPerRun(50, func() { dst = figureFacts(dst[:0], text) }); n != 0 {
		t.Errorf("%v allocations a call", n)
	}
}

// newWordsHeld never panics, whatever the lengths of the two texts
// against the shingle size, and holds a text that is the kept text
// itself or a part of it.
func TestNewWordsHeldShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	unpack := func(terms []uint64, k int) *unpacked {
		u := &unpacked{terms: terms}
		u.seq = shingle.FromWordHashes(nil, terms, k)
		u.set.build(u.seq)
		return u
	}
	for range 20000 {
		k := 1 + rng.IntN(5)
		a := make([]uint64, rng.IntN(30))
		for i := range a {
			a[i] = 1 + uint64(rng.IntN(6))
		}
		b := make([]uint64, rng.IntN(30))
		for i := range b {
			b[i] = 1 + uint64(rng.IntN(6))
		}
		newWordsHeld(unpack(a, k), unpack(b, k), k, nil, nil)
		if len(a) > 0 {
			from := rng.IntN(len(a))
			part := a[from : from+rng.IntN(len(a)-from)+1]
			if !newWordsHeld(unpack(part, k), unpack(a, k), k, nil, nil) && len(part) >= k {
				t.Fatalf("k=%d: %v, a part of %v, not held", k, part, a)
			}
		}
	}
}

// TestNewWordsHeldSwaps: a word swapped for another is a word of the
// member's own, wherever it is (the first word, the middle, the last),
// unless it is a stop word; words taken out are not.
func TestNewWordsHeldSwaps(t *testing.T) {
	const k = 4
	unpack := func(terms []uint64) *unpacked {
		u := &unpacked{terms: terms}
		u.seq = shingle.FromWordHashes(nil, terms, k)
		u.set.build(u.seq)
		return u
	}
	kept := make([]uint64, 60)
	for i := range kept {
		kept[i] = 1000 + uint64(i)
	}
	kept[30] = 7 // a stop word in the middle
	stop := newNegSet(7, 8)
	swap := func(at int, to uint64) []uint64 {
		m := slices.Clone(kept)
		m[at] = to
		return m
	}
	tests := []struct {
		name string
		m    []uint64
		held bool
	}{
		{"the same", kept, true},
		{"a word taken out", slices.Delete(slices.Clone(kept), 20, 21), true},
		{"three words taken out", slices.Delete(slices.Clone(kept), 40, 43), true},
		{"first word swapped", swap(0, 5000), false},
		{"second word swapped", swap(1, 5000), false},
		{"a middle word swapped", swap(20, 5000), false},
		{"last word swapped", swap(59, 5000), false},
		{"a word swapped for one found elsewhere", swap(20, 1050), false},
		{"a stop word swapped for another", swap(30, 8), true},
		{"a word swapped for a stop word", swap(20, 8), true},
		{"a stop word added", slices.Insert(slices.Clone(kept), 10, 8), true},
		{"a word added", slices.Insert(slices.Clone(kept), 10, 5000), false},
		{"a negation taken out", slices.Delete(slices.Clone(kept), 44, 45), false},
		{"a negation and the word before it taken out", slices.Delete(slices.Clone(kept), 43, 45), false},
	}
	taken := newNegSet(1044)
	for _, tt := range tests {
		if got := newWordsHeld(unpack(tt.m), unpack(kept), k, stop, taken); got != tt.held {
			t.Errorf("%s: held %v, want %v", tt.name, got, tt.held)
		}
	}
}

// figureFacts reads any text without panicking, the same way twice, and
// gives two hashes a number.
func FuzzFigureFacts(f *testing.F) {
	for _, s := range []string{"", "5", "-", "£", "fell to -12C, with -8C", "&pound;1.5bn (was &#163;2)", "< 40% or ≥ 3°F", "2½ per cent on 3 March 2024", "\xff9\xc2", "a1b2 3.4.5 6,,7 8:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := figureFacts(nil, s)
		b := figureFacts(nil, s)
		if !slices.Equal(a, b) || len(a)%2 != 0 {
			t.Fatalf("figureFacts(%q): %v then %v", s, a, b)
		}
	})
}
