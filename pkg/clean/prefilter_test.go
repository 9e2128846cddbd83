package clean

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrefilter(t *testing.T) {
	tests := []struct {
		expr     string
		maxRunes int
		starts   []string
		lits     []string
	}{
		{`^(home|menu)$`, 4, []string{"home", "menu"}, nil},
		{`^see also[\s\x{a0}]*\S.{0,200}$`, -1, []string{"see also"}, nil},
		{`^leave a (reply|comment)$`, 15, []string{"leave a comment", "leave a reply"}, nil},
		{`^(?:By|Written by)\s+[A-Z]\w*$`, -1, []string{"by\t", "by\n", "by\f", "by\r", "by ", "written by\t", "written by\n", "written by\f", "written by\r", "written by "}, nil},
		{`^\d+ shares$`, -1, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, nil},
		{`[\s\x{a0}]*\bstory continues below( the)? advertisement\b`, -1, nil, []string{"story continues below advertisement", "story continues below the advertisement"}},
		{`^[\w ]{1,5}([|•])[\w ]{1,5}$`, 11, nil, []string{"|", "•"}},
		{`(?-i)^.{0,10} / (?:[A-Z]\w*)$`, -1, nil, []string{" / "}},
		{`^(?-i)B[yY] \w+`, -1, []string{"by "}, nil},
		{`\bB(?-i)[yY]\w+`, -1, nil, []string{"by"}},
		{`^\d+$`, -1, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, nil},
		{`^\w+$`, -1, nil, nil},
		{`^\w+ \d{4}$`, -1, nil, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{`^é\w+ \d{4}$`, -1, nil, []string{"é"}}, // a cased non-ASCII start is not used
		{`^.{0,9} \w+$`, -1, nil, nil},           // a space is in nearly every line: useless
	}
	for _, tt := range tests {
		p := newPrefilter(tt.expr)
		if p.maxRunes != tt.maxRunes || !reflect.DeepEqual(p.starts, tt.starts) || !reflect.DeepEqual(p.lits, tt.lits) {
			t.Errorf("%s: max %d starts %q lits %q, want %d %q %q", tt.expr, p.maxRunes, p.starts, p.lits, tt.maxRunes, tt.starts, tt.lits)
		}
	}
}

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
			if !r.Pattern.MatchString(l) {
				continue
			}
			runes := -1
			folded := l
			if hasSpecialFolds(l) {
				folded = specialFolder.Replace(l)
			}
			if r.filter.skip(folded, &runes) || !r.filter.hasLiteral(strings.ToLower(folded)) {
				t.Errorf("%s (%s) matches %q but its prefilter skips it", r.Source, r.Kind, l)
			}
		}
	}
}

func TestMatcher(t *testing.T) {
	rules := []Rule{
		{filter: prefilter{lits: []string{"see also", "read more"}}},
		{filter: prefilter{lits: []string{"|"}}},
		{filter: prefilter{}}, // no literals: never set
		{filter: prefilter{lits: []string{"also"}}},
	}
	m := newMatcher(rules)
	hits := make([]uint64, m.words)
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
		m.scan(tt.line, hits, true)
		if hits[0] != tt.want {
			t.Errorf("%q: hits %b, want %b", tt.line, hits[0], tt.want)
		}
	}
}

// TestPrefilterChangesNothing cleans every sample text with and without
// the prefilters: the output must be the same.
func TestPrefilterChangesNothing(t *testing.T) {
	plain := BuiltinRules()
	for i := range plain {
		plain[i].filter = prefilter{maxRunes: -1, span: -1}
	}
	slow, fast := New(plain), New(BuiltinRules())
	var files []string
	for _, g := range []string{"../../testdata/articles/*.txt", "../../testdata/clean/*.txt", "../../../shared/seeds/*.txt"} {
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

// hasLiteral is the plain form of what the matcher computes for all rules
// at once: whether lower holds one of the rule's required literals.
func (p prefilter) hasLiteral(lower string) bool {
	if p.lits == nil {
		return true
	}
	for _, l := range p.lits {
		if strings.Contains(lower, l) {
			return true
		}
	}
	return false
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
// and long (scan walks long lines in two halves): its rule must be hit, and
// every few positions all rules are compared with strings.Contains.
func TestMatcherLongLines(t *testing.T) {
	rules := BuiltinRules()
	m := newMatcher(rules)
	hits := make([]uint64, m.words)
	for _, repeats := range []int{1, 3, 8, 20} { // walked whole or in two halves
		filler := strings.Repeat("the quick brown fox jumps over the lazy dog ", repeats)
		longLinesWith(t, rules, m, hits, filler)
	}
}

func longLinesWith(t *testing.T, rules []Rule, m *matcher, hits []uint64, filler string) {
	for ri, r := range rules {
		for _, lit := range r.filter.lits {
			for at := 0; at <= len(filler); at++ {
				line := filler[:at] + strings.ToUpper(lit) + filler[at:]
				m.scan(line, hits, true)
				if hits[ri/64]&(1<<(ri%64)) == 0 {
					t.Fatalf("%q at %d of %d bytes: rule %s not hit", lit, at, len(line), r.Source)
				}
				if at%13 != 0 {
					continue
				}
				lower := strings.ToLower(line)
				for rj, r2 := range rules {
					want := r2.filter.lits != nil && r2.filter.hasLiteral(lower)
					if got := hits[rj/64]&(1<<(rj%64)) != 0; got != want {
						t.Fatalf("%q at %d: rule %s hit %v, want %v", lit, at, r2.Source, got, want)
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
		for l := range r.filter.whole {
			for _, v := range []string{l, strings.ToUpper(l), strings.Title(l)} { //nolint:staticcheck // ASCII only
				if loc := r.Pattern.FindStringIndex(v); loc == nil || loc[0] != 0 || loc[1] != len(v) {
					t.Errorf("%s: taken to match %q whole, but the regexp says %v", r.Source, v, loc)
				}
				if !r.filter.matchesWhole(v) {
					t.Errorf("%s: matchesWhole(%q) is false", r.Source, v)
				}
				checked++
			}
		}
		if !r.filter.wholeOnly {
			continue
		}
		for _, l := range sample {
			if r.Pattern.MatchString(l) && !r.filter.matchesWhole(l) {
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
		if !r.filter.windowed {
			continue
		}
		windowed++
		for _, lit := range r.filter.lits {
			for _, at := range []int{0, 7, len(filler) / 3, len(filler) - 5, len(filler)} {
				for _, form := range []string{lit, strings.ToUpper(lit), "x" + lit, lit + "y", lit + " " + lit, "_" + lit, "\u00e9" + lit} {
					line := filler[:at] + form + filler[at:]
					if !utf8.ValidString(line) {
						continue // cut inside a rune
					}
					line += " and again " + strings.Title(lit) + "." //nolint:staticcheck // ASCII only
					got, want := r.find(line, line, false), r.Pattern.FindAllStringIndex(line, -1)
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
