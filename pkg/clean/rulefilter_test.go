package clean

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pkg/internal/ahocorasick"
	"github.com/neardup/neardup/pkg/internal/rulefilter"
	"github.com/neardup/neardup/pkg/internal/synth"
)

// TestPrefilterNeverSkipsAMatch checks every built-in rule against lines
// that match it: the prefilter must let all of them through.
func TestPrefilterNeverSkipsAMatch(t *testing.T) {
	lines := []string{
		"News", "HOME | WORLD | SPORT", "See also\u00a0 A headline", "Story continues below advertisement",
		"The mayor spoke.Story continues below advertisement The vote followed.", "READ MORE: Council votes",
		"Click to play video: 'Storm'", "Share this article", "Follow us on Instagram", "3.2K shares",
		"Sign up to receive breaking news alerts in your inbox.", "Leave a Reply", "Anna says:",
		"Your email address will not be published. Required fields are marked *",
		"Crowds gather. John Doe / AFP via Getty Images", "Image: A ship", "A bee. Photograph: Jane Roe/City Science",
		"© 2025 Example. All rights reserved.", "Privacy notice: we use data", "Source link", "-",
		"Ships Sail.19 hours ago7 min read1 comments", "By Jane Roe and John Doe", "(Reporting by Jane Roe; Editing by Tom Bell)",
		"March 3, 2025 at 9:14 am", "AP writers Jo Bloggs contributed to this report.", "LOCAL NEWS", "Близко",
		"\u017fee also: A headline", "Faceboo\u212a", "\u017fTORY CONTINUES BELOW ADVERTISEMENT", "November 24, 2026 at 9:14  pm",
	}
	for _, r := range BuiltinRules() {
		for _, l := range lines {
			if !r.Regexp().MatchString(l) {
				continue
			}
			runes := -1
			folded := l
			if rulefilter.HasSpecialFolds(l) {
				folded = rulefilter.SpecialFolder.Replace(l)
			}
			if r.filter.Skip(folded, &runes) || !r.filter.HasLiteral(strings.ToLower(folded)) || skipLower(r, folded, runes) {
				t.Errorf("%s (%s) matches %q but its prefilter skips it", r.Source, r.Kind, l)
			}
		}
	}
}

// skipLower is Filter.SkipLower as cleaning asks it, and as it may be
// asked for a line whose runes were not counted.
func skipLower(r Rule, folded string, runes int) bool {
	lower := rulefilter.AppendLowerASCII(nil, folded)
	return r.filter.SkipLower(lower, runes == len(folded), r.prefixOnly) || r.filter.SkipLower(lower, false, r.prefixOnly)
}

// TestPrefilterChangesNothing cleans every sample text, and real pages
// full of furniture, with and without the prefilters: the output must be
// the same.
func TestPrefilterChangesNothing(t *testing.T) {
	plain := BuiltinRules()
	for i := range plain {
		plain[i].filter = rulefilter.Plain
	}
	slow, fast := New(plain), New(BuiltinRules())
	var files []string
	for _, g := range []string{"../../testdata/articles/*.txt", "../../testdata/clean/*.txt", "../../../shared/seeds/*.txt",
		"testdata/inserted/*", "testdata/lists/*", "../../../shared/corpora/boilerplate-dev/raw/*"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, ra := slow.Explain(string(b))
		z, rz := fast.Explain(string(b))
		if a != z || !reflect.DeepEqual(ra, rz) {
			t.Errorf("%s: prefilters change the result", f)
		}
	}
}

// TestCandidatesByStart: every rule with starts whose Skip lets a line
// through is among the line's candidates, for lines starting with each
// start in every case, cut short, and with each start's first bytes.
func TestCandidatesByStart(t *testing.T) {
	c := New(BuiltinRules())
	set := make([]uint64, c.literals.Words())
	var lines []string
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, r := range c.rules {
		for _, s := range r.filter.Starts {
			mixed := []rune(s) // each letter in either case
			for i, r := range mixed {
				if rnd.IntN(2) == 0 {
					mixed[i] = unicode.ToUpper(r)
				}
			}
			for _, v := range []string{s, strings.ToUpper(s), strings.ToTitle(s[:1]) + s[1:], string(mixed)} {
				lines = append(lines, v, v+" a headline", v[:1], v[:min(2, len(v))], v[:min(2, len(v))]+"x", v[:len(v)/2], v[:len(v)-1])
			}
		}
	}
	for _, l := range lines {
		r := -1
		c.candidates(l, &r, set)
		for ri, r := range c.rules {
			runes := -1
			if r.filter.Starts != nil && !r.filter.Skip(l, &runes) && set[ri/64]&(1<<(ri%64)) == 0 {
				t.Errorf("%s is not a candidate for %q, which its Skip lets through", r.Source, l)
			}
		}
	}
}

func TestNextRule(t *testing.T) {
	set := []uint64{1<<0 | 1<<5 | 1<<63, 1 << 2}
	var got []int
	for ri := nextRule(set, 0); ri >= 0; ri = nextRule(set, ri+1) {
		got = append(got, ri)
	}
	if want := []int{0, 5, 63, 66}; !reflect.DeepEqual(got, want) {
		t.Errorf("rules %v, want %v", got, want)
	}
	if r := nextRule(set, 67); r != -1 {
		t.Errorf("past the last rule: %d", r)
	}
}

// TestMatcherLongLines puts each literal at every position of lines short
// and long (scan walks long lines in two halves or four quarters): its rule
// must be hit, and every few positions no rule whose literal
// strings.Contains finds is missed. The automaton for lines of more than
// longLine runes must do so for every rule that can match such a line.
func TestMatcherLongLines(t *testing.T) {
	rules := BuiltinRules()
	m := newMatcher(rules, 0)
	hits := make([]uint64, m.Words())
	for _, repeats := range []int{1, 3, 8, 20} { // walked whole, in two halves or in four quarters
		filler := strings.Repeat("the quick brown fox jumps over the lazy dog ", repeats)
		longLinesWith(t, rules, m, hits, filler, 0)
	}
	long := newMatcher(rules, longLine) // as Cleaner.long builds it
	for _, repeats := range []int{4, 20} {
		filler := strings.Repeat("the quick brown fox jumps over the lazy dog ", repeats)
		longLinesWith(t, rules, long, hits, filler, longLine)
	}
}

func longLinesWith(t *testing.T, rules []Rule, m *ahocorasick.Matcher, hits []uint64, filler string, minRunes int) {
	for ri, r := range rules {
		if r.filter.MaxRunes >= 0 && r.filter.MaxRunes < minRunes {
			continue
		}
		for li, lit := range r.filter.Lits {
			for at := 0; at <= len(filler); at++ {
				line := filler[:at] + strings.ToUpper(lit) + filler[at:]
				m.Scan(line, hits)
				if hits[ri/64]&(1<<(ri%64)) == 0 {
					t.Fatalf("%q at %d of %d bytes: rule %s not hit", lit, at, len(line), r.Source)
				}
				// Every rule's literals against the line: at some
				// places, for one literal of each rule (all of them took
				// a minute).
				if at%13 != 0 || li > 0 {
					continue
				}
				lower := strings.ToLower(line)
				for rj, r2 := range rules {
					// The automaton looks for a literal's first
					// matchPrefix bytes: a hit may be extra, never missing.
					want := r2.filter.Lits != nil && r2.filter.HasLiteral(lower) && (r2.filter.MaxRunes < 0 || r2.filter.MaxRunes >= minRunes)
					if got := hits[rj/64]&(1<<(rj%64)) != 0; want && !got {
						t.Fatalf("%q at %d: rule %s not hit", lit, at, r2.Source)
					}
				}
			}
		}
	}
}

// TestWholeLines checks the lines a rule is taken to match without its
// regexp: the regexp matches each of them whole, in any case; and a rule
// whose lines are all known matches no line of the sample texts outside
// them.
func TestWholeLines(t *testing.T) {
	var sample []string
	for _, g := range []string{"../../testdata/articles/*.txt", "../../testdata/clean/*.txt", "../../../shared/seeds/*.txt"} {
		files, _ := filepath.Glob(g)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			for _, l := range strings.Split(string(b), "\n") {
				sample = append(sample, strings.TrimSpace(l))
			}
		}
	}
	checked := 0
	for _, r := range BuiltinRules() {
		for l := range r.filter.Whole {
			for _, v := range []string{l, strings.ToUpper(l), strings.Title(l)} { //nolint:staticcheck // ASCII only
				if loc := r.Regexp().FindStringIndex(v); loc == nil || loc[0] != 0 || loc[1] != len(v) {
					t.Errorf("%s: taken to match %q whole, but the regexp says %v", r.Source, v, loc)
				}
				if !r.filter.MatchesWhole(v) {
					t.Errorf("%s: matchesWhole(%q) is false", r.Source, v)
				}
				checked++
			}
		}
		if !r.filter.WholeOnly {
			continue
		}
		for _, l := range sample {
			if r.Regexp().MatchString(l) && !r.filter.MatchesWhole(l) {
				t.Errorf("%s matches %q, which its known lines miss", r.Source, l)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no rule has known lines")
	}
}

// TestWindowedFind compares Rule.find, which on long lines runs a rule's
// regexp only around its literals, with the regexp over the whole line.
func TestWindowedFind(t *testing.T) {
	filler := strings.Repeat("The caf\u00e9 crowd \u201cwaited\u201d, 9 hours_ago; read\u00a0on. ", 40)
	windowed := 0
	for _, r := range BuiltinRules() {
		if !r.filter.Windowed {
			continue
		}
		windowed++
		for _, lit := range r.filter.Lits {
			for _, at := range []int{0, 7, len(filler) / 3, len(filler) - 5, len(filler)} {
				for _, form := range []string{lit, strings.ToUpper(lit), "x" + lit, lit + "y", lit + " " + lit, "_" + lit, "\u00e9" + lit} {
					line := filler[:at] + form + filler[at:]
					if !utf8.ValidString(line) {
						continue // cut inside a rune
					}
					line += " and again " + strings.Title(lit) + "." //nolint:staticcheck // ASCII only
					got, want := r.find(line, line, false, -1), r.Regexp().FindAllStringIndex(line, -1)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, %q at %d: find %v, regexp %v", r.Source, form, at, got, want)
					}
				}
			}
		}
	}
	if windowed == 0 {
		t.Fatal("no built-in rule is windowed")
	}
}

// TestLoose compares each rule's loosened regexp with its own on lines up
// to its bound: boilerplate the rules match, with text before and after
// it, cut to every length around the bounds of the rule's repeats.
func TestLoose(t *testing.T) {
	seeds := []string{
		"We may earn a commission when you buy through links in this article.", "Sign up for our daily newsletter",
		"A ship at dawn. Photograph: Jane Roe/City Science", "Crowds gather. John Doe / AFP via Getty Images",
		"© 2025 Example Media. All rights reserved.", "We use cookies to improve your experience.",
		"Tags: politics, budget", "Already a subscriber? Log in", "Support independent journalism today",
		"Read more: Council votes on the tram plan", "Click to play video: 'Storm hits coast'", "By Jane Roe, Science reporter",
		"caf\u00e9 \u201cquoted\u201d \xff\xfe text",
	}
	loosened := 0
	for _, r := range BuiltinRules() {
		if r.loose == nil {
			continue
		}
		loosened++
		for _, s := range seeds {
			for _, pad := range []int{0, 1, r.loose.max / 2, r.loose.max - len(s), r.loose.max} {
				if pad < 0 {
					continue
				}
				filler := strings.Repeat("x ", pad/2+1)[:pad]
				for _, line := range []string{filler + s, s + filler, filler + s + filler, strings.ToUpper(s) + filler} {
					if utf8.RuneCountInString(line) > r.loose.max {
						continue
					}
					got, want := r.loose.re().FindAllStringIndex(line, -1), r.Regexp().FindAllStringIndex(line, -1)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s on %q: loosened %v, own %v", r.Source, line, got, want)
					}
				}
			}
		}
	}
	if loosened == 0 {
		t.Fatal("no built-in rule is loosened")
	}
}

// BenchmarkMatcherGenerated scans the lines of generated articles with
// the rules' literal automaton alone: the part of cleaning that walks
// every byte.
func BenchmarkMatcherGenerated(b *testing.B) {
	m := newMatcher(BuiltinRules(), 0)
	hits := make([]uint64, m.Words())
	var lines []string
	var n int64
	for _, t := range synth.Texts(synth.Options{Docs: 500, Seed: 1}) {
		for l := range strings.Lines(t) {
			lines = append(lines, l)
			n += int64(len(l))
		}
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			m.Scan(l, hits)
		}
	}
}

// TestMatchersFast: the built-in rules' automata fit the fixed-size table
// of the fast walk. They outgrew an earlier size unnoticed, and every scan
// took the general walk, 10% of cleaning's time.
func TestMatchersFast(t *testing.T) {
	c := New(BuiltinRules())
	if !c.literals.Fast() || !c.long().Fast() {
		t.Errorf("the rules' automata outgrew ahocorasick's fixed table (all lines %v, long lines %v): raise smallSize", c.literals.Fast(), c.long().Fast())
	}
}
