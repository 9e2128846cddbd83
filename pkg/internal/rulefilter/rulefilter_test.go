package rulefilter

import (
	"fmt"
	"reflect"
	"regexp"
	"regexp/syntax"
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
		{`^é\w+ \d{4}$`, -1, []string{"é"}, nil}, // compared folding case rune by rune
		{`^(word count\s*:?\s*)?\d\w*$`, -1, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "word count"}, nil},
		{`^(a|b)?c?\w`, -1, nil, nil},
		{`^-{1,2}x$`, 3, []string{"--x", "-x"}, nil},
		{`^(Автор:|By) \w+`, -1, []string{"by ", "автор: "}, nil},
		{`^.{0,9} \w+$`, -1, nil, nil}, // a space is in nearly every line: useless
	}
	for _, tt := range tests {
		p := New(tt.expr)
		if p.MaxRunes != tt.maxRunes || !reflect.DeepEqual(p.Starts, tt.starts) || !reflect.DeepEqual(p.Lits, tt.lits) {
			t.Errorf("%s: max %d starts %q lits %q, want %d %q %q", tt.expr, p.MaxRunes, p.Starts, p.Lits, tt.maxRunes, tt.starts, tt.lits)
		}
	}
}

// TestManyStarts: an alternation with more starts than maxSet keeps
// their first bytes, whole runes only.
func TestManyStarts(t *testing.T) {
	var alts []string
	for i := range 100 {
		alts = append(alts, fmt.Sprintf("ж%02d", i))
	}
	p := New(`^(` + strings.Join(alts, "|") + `)$`)
	if want := []string{"ж0", "ж1", "ж2", "ж3", "ж4", "ж5", "ж6", "ж7", "ж8", "ж9"}; !reflect.DeepEqual(p.Starts, want) {
		t.Errorf("starts %q, want %q", p.Starts, want)
	}
	alts = alts[:0]
	for i := range 100 {
		alts = append(alts, string(rune(0x4e00+i))+"x") // three-byte runes, all different
	}
	if p := New(`^(` + strings.Join(alts, "|") + `)$`); p.Starts != nil {
		t.Errorf("starts %q, want none", p.Starts)
	}
}

// TestSkipStarts checks Skip against lines that start with a start in
// another case, or with something else sharing its first bytes.
func TestSkipStarts(t *testing.T) {
	p := New(`^(?:By|Автор:|Ärger|see also|x)\s+\w+`)
	for line, skip := range map[string]bool{
		"By Jane": false, "BY JANE": false, "bY j": false, "АВТОР: Иван": false, "автор: иван": false, "ÄRGER x": false,
		"ärger x": false, "See Also  x": false, "X y": false, "x": true, "Bx Jane": true, "Автомобиль": true, "Arger x": true,
		"": true, "see": true, "sea also x": true, "Y": true, "Ä": true,
	} {
		runes := -1
		if got := p.Skip(line, &runes); got != skip {
			t.Errorf("Skip(%q) = %v, want %v", line, got, skip)
		}
	}
}

func TestRuneCountAndASCII(t *testing.T) {
	cases := []string{"", "a", "abcdefgh", "abcdefghi", "é", "aaaaaaaé", "aaaaaaaaé", "\xff\xfe", "日本語のテキストです", strings.Repeat("ab\u00a0", 9), "\x80"}
	// A rune outside ASCII at every offset of lines read 32 and 8 bytes
	// at a time.
	ascii := strings.Repeat("abcdefghij", 8)
	for i := range len(ascii) + 1 {
		cases = append(cases, ascii[:i]+"\u201c"+ascii[i:], ascii[:i]+"\x80"+ascii[i:], ascii[:i])
	}
	for _, s := range cases {
		want := utf8.RuneCountInString(s)
		if !utf8.ValidString(s) {
			want = 0 // invalid bytes count as runes only when they start one
			for i := 0; i < len(s); i++ {
				if utf8.RuneStart(s[i]) {
					want++
				}
			}
		}
		if got := RuneCount(s); got != want {
			t.Errorf("RuneCount(%q) = %d, want %d", s, got, want)
		}
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < utf8.RuneSelf
		}
		if IsASCII(s) != ascii {
			t.Errorf("IsASCII(%q) = %v", s, !ascii)
		}
	}
}

func TestLoosen(t *testing.T) {
	for _, tt := range []struct {
		expr, loose string
		max         int
	}{
		{`^.{0,120}\bads?\b.{0,200}$`, `^.{0,}\bads?\b.{0,}$`, 120},
		{`^[^/]{1,60}/x{2,40}$`, `^[^/]{1,}/x{2,}$`, 40},
		{`^\w{1,15} and (ab){0,20}$`, ``, 0}, // short, and not one rune
		{`^\{0,20\}.{0,20}$`, `^\{0,20\}.{0,}$`, 20},
		{`^\{0,20}.{0,20}$`, ``, 0}, // a literal "{0,20}" in its text
	} {
		loose, most, ok := Loosen(tt.expr)
		if ok != (tt.loose != "") || loose != tt.loose || most != tt.max {
			t.Errorf("Loosen(%q) = %q %d %v, want %q %d", tt.expr, loose, most, ok, tt.loose, tt.max)
		}
	}
}

// TestLeadBytes: a rule anchored at the start and beginning with a class
// skips lines that cannot start with one of its runes, a rule anchored
// at the end lines that cannot end with one, and only those.
func TestLeadBytes(t *testing.T) {
	tests := []struct {
		expr  string
		skip  []string
		check []string // must not be skipped
	}{
		{`^[\x{2190}-\x{21FF}\x{1F300}-\x{1FAFF}]+\s*`, []string{"plain text", "", "é accent", "“Quoted”", "\U0001F000 x"}, []string{"→ next", "🔒 Premium", "\xe2\x86 cut"}},
		{`^[b-d]{1,3}x`, []string{"axe", "Ex", "éx"}, []string{"bx", "Cx", "dddx"}},
		{`^(?-i)[A-Z]x`, []string{"ax", "éx"}, []string{"Ax"}},
		// Skip sees lines through SpecialFolder: "\u212ax" (a capital to
		// \p{Lu}) comes as "kx".
		{`(?-i)^\p{Lu}x`, []string{"ax", "1x"}, []string{"Ax", "Éx", "kx"}},
		// Anchored at the end: the last byte.
		{`^a.*(—|-)$`, []string{"a b", "a —x", "a b "}, []string{"a —", "a -", "a b –-"}},
		{`(?-i)^[A-Z]+ \p{Ll}+$`, []string{"AB C", "AB c1"}, []string{"AB cd", "AB é", "AB s"}},
		{`^x\.?$`, []string{"xy"}, []string{"x", "x."}},
		{`^ab\w*$`, []string{"ab!"}, []string{"abc", "ab", "AB", "ab_"}},
		{`^kic(k|k)$`, []string{"kic"}, []string{"KICK", "kick"}},
		{`(?-i)^x\x{212A}$`, []string{"xy"}, []string{"xk"}}, // "x\u212a" as Skip sees it
		{`^a.*$`, nil, []string{"a!", "a\xff"}},              // nothing known of the end
		{`^a(b|.*)$`, nil, []string{"a!"}},
	}
	for _, tt := range tests {
		f := New(tt.expr)
		for _, l := range tt.skip {
			runes := -1
			if !f.Skip(l, &runes) {
				t.Errorf("New(%q).Skip(%q) = false, want true", tt.expr, l)
			}
		}
		for _, l := range tt.check {
			runes := -1
			if f.Skip(l, &runes) {
				t.Errorf("New(%q).Skip(%q) = true, want false", tt.expr, l)
			}
		}
	}
}

// TestInRanges holds the binary search to a linear one over a class folded
// for case.
func TestInRanges(t *testing.T) {
	re, err := syntax.Parse(`(?i)[\x{2190}-\x{21FF}a-fq\x{1F300}-\x{1FAFF}\p{Greek}]`, syntax.Perl)
	if err != nil || re.Op != syntax.OpCharClass {
		t.Fatal(err, re.Op)
	}
	linear := func(r rune) bool {
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= r && r <= re.Rune[i+1] {
				return true
			}
		}
		return false
	}
	for r := rune(0); r < 0x20000; r++ {
		if inRanges(r, re.Rune) != linear(r) {
			t.Fatalf("inRanges(%U) = %v", r, !linear(r))
		}
	}
	if inRanges('a', nil) {
		t.Error("an empty class holds a rune")
	}
}

// TestSkipLower: a line passes when it holds a literal of every set the
// rule requires, the literals after a bounded start early enough; a
// literal left out for holding a shorter one still counts where it ends.
func TestSkipLower(t *testing.T) {
	tests := []struct {
		expr       string
		skip, keep []string
	}{
		{`^.{0,10}\b(tell us|let us know)\b.{0,40}\bcomments?$`,
			[]string{"tell us what you think", "one two three four five six tell us your comment", "comments"},
			[]string{"tell us your comments", "Please, let us know: comment"}},
		// "abcdx" is left out for holding "bcx", which then starts at 3,
		// past the bound: the window reaches the end of the longest.
		{`^.{0,2}(abcd|bc)x`, []string{"123456 bcx", "bc"}, []string{"12abcdx", "1bcx"}},
		{`\d+ hours ago \d+ min read`, []string{"read this", "3 min read"}, []string{"2 hours ago 3 min read"}},
	}
	for _, tt := range tests {
		f := New(tt.expr)
		for _, l := range tt.skip {
			if !f.SkipLower(AppendLowerASCII(nil, l), true, true) {
				t.Errorf("New(%q).SkipLower(%q) = false, want true", tt.expr, l)
			}
		}
		for _, l := range tt.keep {
			if f.SkipLower(AppendLowerASCII(nil, l), true, true) || f.SkipLower(AppendLowerASCII(nil, l), false, true) {
				t.Errorf("New(%q).SkipLower(%q) = true, want false", tt.expr, l)
			}
		}
	}
	if got := minimal([]string{"abc", "bc", "x", "xy", "bc"}); !reflect.DeepEqual(got, []string{"bc", "x", "bc"}) {
		t.Errorf("minimal = %q", got)
	}
}

// FuzzFilter holds every condition to what it claims to be: necessary. A
// line an expression matches (case-insensitively, as pkg/clean runs it) is
// never skipped by its Filter, whatever the expression.
func FuzzFilter(f *testing.F) {
	for _, s := range [][2]string{
		{`^.{0,10}\b(tell us|let us)\b.{0,40}\bcomments?$`, "Tell us: comments"},
		{`(?-i)^\p{Lu}[\p{Ll}'’-]{1,20}\s(&|and)\s\p{Lu}\w*$`, "Ann and Bob"},
		{`^[A-Z][A-Z.'-]{1,20}, [A-Z]\w+\s?(—|–|-)$`, "PARIS, France —"},
		{`(?-i)^x\x{212A}$`, "x\u212a"}, {`\d+ hours ago \d+ min read`, "3 hours ago 2 min read"},
		{`^[\x{2190}-\x{21FF}]+\s*`, "→ next"}, {`^(a|b)?c?\w$`, "ſ"}, {`x\.?$`, "X."},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, expr, line string) {
		re, err := regexp.Compile("(?i)" + expr)
		if err != nil || len(expr) > 200 || !re.MatchString(line) {
			return
		}
		p := New(expr)
		folded := line
		if HasSpecialFolds(line) {
			folded = SpecialFolder.Replace(line)
		}
		runes := -1
		if p.Skip(folded, &runes) {
			t.Fatalf("New(%q).Skip(%q) skips a line the expression matches", expr, line)
		}
		lower := AppendLowerASCII(nil, folded)
		if p.SkipLower(lower, runes == len(folded), true) || p.SkipLower(lower, false, true) {
			t.Fatalf("New(%q).SkipLower(%q) skips a line the expression matches", expr, line)
		}
		if !p.HasLiteral(strings.ToLower(folded)) {
			t.Fatalf("New(%q): %q holds none of its literals %q", expr, line, p.Lits)
		}
	})
}

// A filter read back from its encoding is the filter: for expressions of
// every shape New derives (starts, literals, whole lines, leads, trails,
// early literals, loosened repeats, non-ASCII) and for Plain.
func TestMarshalBinary(t *testing.T) {
	for _, expr := range []string{
		`^(share|share this|tweet|email)$`,
		`\b(article|story) continues (below|after)( this| the)?( advertisement| advert| ad)\b`,
		`^[\x{2190}-\x{21FF}\x{1F300}-\x{1FAFF}]+\s*`,
		`(?-i)^\p{Lu}[\p{Lu} .'-]{2,30}, (?i:jan|feb)[a-z]{0,6}\.? \d{1,2}\s?[–—-]$`,
		`^.{0,60}\b(tell us|let us know|share your (thoughts|views))\b.{0,40}\bcomments?.{0,20}$`,
		`^(read more|see also)\s*:.{0,300}$`,
		`^écouter cet article$`,
		`(`,
	} {
		want := New(expr)
		b, err := want.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Filter
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: read back\n%+v\nwant\n%+v", expr, got, want)
		}
		for n := range b { // every truncation is an error, never a filter
			var f Filter
			if f.UnmarshalBinary(b[:n]) == nil {
				t.Errorf("%q: %d of %d bytes read as a filter", expr, n, len(b))
			}
		}
	}
}
