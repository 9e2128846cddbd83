package clean

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/internal/synth"
)

// para is a paragraph of body text, so that documents in tests are not so
// short that the share guard undoes every line feature.
const para = "The council approved the eastern tram extension on Tuesday after an eight-hour debate in which more than sixty residents spoke, most of them in favour of the plan."

func TestCleanLines(t *testing.T) {
	c := New(BuiltinRules())
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"close alone goes", "First paragraph of news.\nclose", "First paragraph of news."},
		{"a close vote stays", "It was a close vote in the council.", "It was a close vote in the council."},
		{"advert line", "One.\n\nStory continues below advertisement\n\nTwo.", "One.\n\nTwo."},
		{"advert glued into paragraph", "The mayor spoke.Story continues below advertisement The vote followed.", "The mayor spoke. The vote followed."},
		{"see also teaser", "Body text here.\nSee also\u00a0 Some Other Headline Entirely\nMore body.", "Body text here.\nMore body."},
		{"see also inside a sentence stays", "Critics see also a risk of delay.", "Critics see also a risk of delay."},
		{"read more inline cut", "The plan was approved. READ MORE: Council votes on trams", "The plan was approved."},
		{"related needs a colon", "Related charges were filed on Monday.", "Related charges were filed on Monday."},
		{"caption credit", "The harbour at dawn on Monday.Jane Roe / Reuters file\nBody.", "Body."},
		{"getty credit", "Crowds gather in the square. John Doe / AFP via Getty Images", ""},
		{"fraction stays", "Turnout rose to 3/4 of voters.", "Turnout rose to 3/4 of voters."},
		{"image caption", "Image: Handout photo of a ship\nBody.", "Body."},
		{"comment form", "Body.\nLeave a Reply\nYour email address will not be published. Required fields are marked *\nName *", "Body."},
		{"newsletter", "For news from around the world, sign up to receive breaking news alerts.\nBody.", "Body."},
		{"navigation bar", "HOME | WORLD | SPORT | BUSINESS\nBody.", "Body."},
		{"copyright", "Body.\n© 2025 Example Media. All rights reserved.", "Body."},
		{"reading-time debris", "Ships Sail.19 hours ago7 min read1 comments\n\nBody.", "Ships Sail.\n\nBody."},
		{"byline", "By Jane Roe and John Doe\nBody.", "Body."},
		{"by then is content", "By then it was too late.", "By then it was too late."},
		{"video prompt and its title", para + "\n\nClick to play video: 'Storm hits'\n\nStorm hits the coast overnight\n\n" + para, para + "\n\n" + para},
		{"a sentence under a video line stays", para + "\n\nVideo\n\nThe officer was suspended on full pay.\n\n" + para, para + "\n\nThe officer was suspended on full pay.\n\n" + para},
		{"a live blog's entry under its time stays", para + "\n\n22:00\n\nPolls have closed and the exit poll points to a majority of 66.\n\n23:15\n\nThe first seat has declared.\n\n" + para, para + "\n\nPolls have closed and the exit poll points to a majority of 66.\n\nThe first seat has declared.\n\n" + para},
		{"a sentence ending with an agency's name stays", para + "\n\nThe photo was licensed from Getty Images.\n\nTwo-thirds support the ban, a Reuters/Ipsos poll showed.\n\n" + para, para + "\n\nThe photo was licensed from Getty Images.\n\nTwo-thirds support the ban, a Reuters/Ipsos poll showed.\n\n" + para},
		{"a paragraph keeps its sentences, not the credit glued to its end", para + "\n\nThe minister said he would take action on Monday. Shares in the company, which was founded in 1923, fell by 5% after the news. Photo: AFP/Getty Images\n\n" + para, para + "\n\nThe minister said he would take action on Monday. Shares in the company, which was founded in 1923, fell by 5% after the news.\n\n" + para},
		{"caption above credit line", para + "\nA crane lifts a tram car\nA crane lifts a tram car on Monday. Jo Bloggs / AP\n" + para, para + "\n" + para},
		{"single word line", para + "\n\nPolitics\n\n" + para, para + "\n\n" + para},
		{"a lone last word after boilerplate goes", para + "\n\nAdvertisement\n\nMore.", para},
		{"number line stays", para + "\n\n2024\n\nMore.", para + "\n\n2024\n\nMore."},
		{"broken lower-case line stays", para + "\n\nwas\n\nMore.", para + "\n\nwas\n\nMore."},
		{"slash inside a sentence stays", "They were infected with HIV/Aids.", "They were infected with HIV/Aids."},
		{"photograph credit", para + "\nA bee on lavender. Photograph: Jane Roe/City Science", para},
		{"capitals line", "WATCH LIVE COVERAGE HERE\n\n" + para, para},
		{"trailing block", para + "\n\nShare this article\nContact the newsroom\nOur other titles\n", para},
		{"closing list stays without boilerplate", para + "\n\nBest drama - Doc Martin\nBest comedy - Little Britain", para + "\n\nBest drama - Doc Martin\nBest comedy - Little Britain"},
		{"features undone when they would take too much", "Council Votes Today\nA long and winding road\n\nIt passed.", "Council Votes Today\nA long and winding road\n\nIt passed."},
		{"short heading far from boilerplate stays", "Body.\n\nA heading\n\nMore body.", "Body.\n\nA heading\n\nMore body."},
		{"blank lines collapse", "\n\nOne.\n\n\n\nTwo.\n\n", "One.\n\nTwo."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	c := New(BuiltinRules())
	in := "News\n\nThe mayor spoke.Story continues below advertisement The vote followed.\nSource link"
	out, rem := c.Explain(in)
	if out != "The mayor spoke. The vote followed." {
		t.Errorf("cleaned = %q", out)
	}
	want := []struct {
		line  int
		kind  string
		whole bool
	}{{1, "navigation", true}, {3, "advert", false}, {4, "scaffold", true}}
	if len(rem) != len(want) {
		t.Fatalf("removals = %+v", rem)
	}
	for i, w := range want {
		r := rem[i]
		if r.Line != w.line || r.Kind != w.kind || r.Whole != w.whole || r.Layer != LayerRule || !strings.HasPrefix(r.Rule, "rules.txt:") {
			t.Errorf("removal %d = %+v, want line %d kind %s whole %v", i, r, w.line, w.kind, w.whole)
		}
	}
}

func TestParseRules(t *testing.T) {
	rules, err := ParseRules(strings.NewReader("# comment\n\npromo\t^buy now$\nadvert\tsponsored by \\w+\n"), "my.rules")
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[0].Kind != "promo" || rules[1].Source != "my.rules:4" {
		t.Fatalf("rules = %+v", rules)
	}
	c := New(rules)
	if got := c.Clean("BUY NOW\nGood text, sponsored by Acme, here."); got != "Good text, , here." {
		t.Errorf("custom rules gave %q", got)
	}
	for _, bad := range []struct{ in, want string }{
		{"promo\t(unclosed\n", "my.rules:1: bad regex"},
		{"no tab here\n", "my.rules:1: want KIND<TAB>REGEX"},
		{"# ok\nempty\t.*\n", "my.rules:2: regex"},
	} {
		_, err := ParseRules(strings.NewReader(bad.in), "my.rules")
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseRules(%q) err = %v, want %q", bad.in, err, bad.want)
		}
	}
}

// TestBuiltinRulesCompile: the built-in rules, compiled only when first
// used, pass every check ParseRules makes of a user's rules, and each
// compiles to what ParseRules compiles.
func TestBuiltinRulesCompile(t *testing.T) {
	checked, err := ParseRules(strings.NewReader(builtinRules), "rules.txt")
	if err != nil {
		t.Fatal(err)
	}
	lazy := BuiltinRules()
	if len(lazy) != len(checked) {
		t.Fatalf("%d built-in rules, ParseRules reads %d", len(lazy), len(checked))
	}
	for i := range lazy {
		if got, want := lazy[i].Regexp().String(), checked[i].Regexp().String(); got != want || lazy[i].Source != checked[i].Source {
			t.Errorf("rule %s: %q, ParseRules gives %s %q", lazy[i].Source, got, checked[i].Source, want)
		}
	}
}

func TestBuiltinRulesKinds(t *testing.T) {
	got := strings.Join(Kinds(BuiltinRules()), ",")
	want := "junk,teaser,advert,video,media,share,newsletter,comments,caption-credit,navigation,legal,scaffold,paywall"
	if got != want {
		t.Errorf("kinds = %s, want %s", got, want)
	}
}

// TestSeeds checks the real scraped articles in ../shared/seeds: their
// boilerplate goes and their reporting stays.
func TestSeeds(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skip("../shared/seeds not present")
	}
	gone := []string{
		"See also", "Story continues below advertisement", "Click to play", "Back to top button",
		"Leave a Reply", "Your email address will not be published", "sign up to receive",
		"Source link", "Related Articles", "Getty Images", "Reuters file", "Image: Handout",
		"min read", "Technical News",
		// seed 004: FAQ teasers and the list of one-line biographies
		"Will the US send long-range missiles", "Why Is the US Supporting Ukraine",
		"Donald John Trump is an American politician", "Vladimir Vladimirovich Putin is a Russian politician",
		"The United Nations is an intergovernmental organization", "Russia, or the Russian Federation, is a transcontinental",
	}
	kept := []string{
		"Defense Secretary Pete Hegseth promised Wednesday",
		"Trump will meet with Ukrainian President Volodymyr Zelenskyy",
		"US President Donald Trump said Thursday he was speaking",
		"Treasury Secretary Scott Bessent said Wednesday",
		"In a strategic gambit with profound implications",
		"The United States has secretly provided Ukrainian armed forces",
		"The ongoing conflict in Ukraine has seen Russia targeting",
		"US Considers Sending Tomahawk Missiles to Ukraine.",
	}
	c := New(BuiltinRules())
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw := string(b)
		out := c.Clean(raw)
		all.WriteString(out)
		// Every long paragraph of reporting survives whole.
		for _, p := range strings.Split(raw, "\n") {
			listed := slices.ContainsFunc(gone, func(g string) bool { return strings.Contains(p, g) })
			if len(strings.Fields(p)) >= 25 && !strings.Contains(p, "sign up") && !strings.Contains(p, " / ") && !listed && !strings.HasPrefix(p, "The possibility of the US") && !strings.HasPrefix(p, "The US is considering") {
				if !strings.Contains(out, strings.TrimSpace(p)) {
					t.Errorf("%s: paragraph lost: %.80q", filepath.Base(f), p)
				}
			}
		}
	}
	for _, g := range gone {
		if strings.Contains(all.String(), g) {
			t.Errorf("boilerplate %q survived cleaning", g)
		}
	}
	for _, k := range kept {
		if !strings.Contains(all.String(), k) {
			t.Errorf("reporting %q was removed", k)
		}
	}
}

func TestWithout(t *testing.T) {
	rules, unknown := Without(BuiltinRules(), "advert", "nonsense")
	if len(unknown) != 1 || unknown[0] != "nonsense" {
		t.Errorf("unknown = %v", unknown)
	}
	for _, r := range rules {
		if r.Kind == "advert" {
			t.Fatal("advert rule kept")
		}
	}
	if got := New(rules).Clean("Advertisement\nBody."); got != "Advertisement\nBody." {
		t.Errorf("disabled kind still cleaned: %q", got)
	}
}

func TestTemplates(t *testing.T) {
	docs := []string{
		"Metro Wire Morning Edition\nFirst story body, with several words in it.\nFollow Metro Wire on social media\n" + para,
		"Metro Wire Morning Edition\nSecond story body is about ferries.\nFollow Metro Wire on social media",
		"METRO WIRE morning edition!\nThird story body on markets.\n" + para,
		"Unrelated blog\n" + para,
	}
	lc := NewLineCounter()
	for _, d := range docs {
		lc.Add(d)
		lc.Add("") // an empty document counts but adds no lines
	}
	tpl := lc.Templates(3, 0.01)
	if tpl.Len() != 2 {
		t.Fatalf("%d template lines, want 2 (the edition line, normalized for case and punctuation, and para)", tpl.Len())
	}
	if got := New(nil).WithTemplates(tpl).Clean(docs[3]); got != docs[3] {
		t.Errorf("a repeated body-like line was dropped: %q", got)
	}
	c := New(nil).WithTemplates(tpl)
	out, rem := c.Explain(docs[2])
	if out != "Third story body on markets.\n"+para {
		t.Errorf("cleaned = %q", out)
	}
	if len(rem) != 1 || rem[0].Layer != LayerCorpus || rem[0].Rule != "line found in 3 files" {
		t.Errorf("removals = %+v", rem)
	}
	if got := lc.Templates(3, 0.5).Len(); got != 0 {
		t.Errorf("3 of 8 documents is not more than half, got %d template lines", got)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"News\n\nBody text.\nStory continues below advertisement",
		"Ships Sail.19 hours ago7 min read1 comments",
		"caption.Jane Roe / Reuters file\n\nClick to play video: 'x'\n\ntitle",
		"a\x00b\n\xff\xfe", "\u00a0See also\u00a0 x", "HOME | A | B",
		// Rules' literals with capitals outside ASCII, which the
		// automaton holds in each case.
		"SUSCRÍBETE A NUESTRO BOLETÍN", "ПОДПИШИТЕСЬ НА НАШУ РАССЫЛКУ NEWSLETTER", "GÉRER LES COOKIES",
		"MЫ ИСПОЛЬЗУЕМ ФАЙЛЫ COOKIE", "GODKÄNN ALLA COOKIES", "SÜTIKET HASZNÁLUNK", "LÄSNING: 5 MIN",
	} {
		f.Add(s)
	}
	c := New(BuiltinRules())
	lc := NewLineCounter()
	lc.Add("HOME | A | B\nshared line here")
	ct := c.WithTemplates(lc.Templates(1, 0))
	plain := *ct
	plain.plain = true
	f.Fuzz(func(t *testing.T, s string) {
		// The prefilters and the literal scan only save work: every
		// removal is the same with each rule's regexp run on every line.
		out, rem := ct.Explain(s)
		if pout, prem := plain.Explain(s); out != pout || !reflect.DeepEqual(rem, prem) {
			t.Fatalf("prefiltered and plain cleaning differ on %q:\n%q %+v\n%q %+v", s, out, rem, pout, prem)
		}
		line := strings.TrimSpace(s)
		set := make([]uint64, c.literals.Words())
		n := -1
		c.candidates(line, &n, set)
		for ri, r := range c.rules {
			runes := -1
			if r.Regexp().MatchString(line) && (r.filter.Skip(line, &runes) || !r.filter.HasLiteral(strings.ToLower(line)) || skipLower(r, line, runes)) {
				t.Fatalf("%s matches %q but its prefilter skips it", r.Source, line)
			}
			// The candidates by a line's first bytes leave out only
			// rules whose Skip would pass over it.
			if runes = -1; r.filter.Starts != nil && !r.filter.Skip(line, &runes) && set[ri/64]&(1<<(ri%64)) == 0 {
				t.Fatalf("%s is not a candidate for %q, which its Skip lets through", r.Source, line)
			}
			// And every rule that matches is a candidate (a long line's
			// automaton has no rule that matches only shorter lines).
			if set[ri/64]&(1<<(ri%64)) == 0 && r.Regexp().MatchString(line) {
				t.Fatalf("%s matches %q but is not a candidate", r.Source, line)
			}
		}
		if out != ct.Clean(s) {
			t.Fatalf("Explain and Clean disagree on %q", s)
		}
		// The line memo only saves work: a second clean, answered from
		// it, is the same.
		if again := ct.Clean(s); again != out {
			t.Fatalf("clean from the memo differs on %q: %q, first %q", s, again, out)
		}
		// A trace gives the cleaned text back.
		cleaned, trace := ct.AppendCleanTrace(nil, nil, s)
		if string(cleaned) != out {
			t.Fatalf("AppendCleanTrace and Clean disagree on %q", s)
		}
		if re, err := Replay(nil, s, trace); err != nil || string(re) != out {
			t.Fatalf("Replay(%q, %x) = %q, %v; want %q", s, trace, re, err, out)
		}
		if len(out) > len(s)+strings.Count(s, "\n") {
			t.Fatalf("cleaning grew %q to %q", s, out)
		}
		lines := strings.Count(s, "\n") + 1
		for _, r := range rem {
			if r.Line < 1 || r.Line > lines || r.Layer == "" || r.Kind == "" {
				t.Fatalf("bad removal %+v for %q", r, s)
			}
		}
		// Cleaning is idempotent once templates are gone: what survives a
		// clean never grows on a second pass.
		if again := c.Clean(out); len(again) > len(out) {
			t.Fatalf("second clean grew %q to %q", out, again)
		}
	})
}

func TestCountWords(t *testing.T) {
	texts := []string{"", " ", "one", " two  words ", "tab\tsep\nnl", "nbsp\u00a0joined", "ünïcode wörds\u2003em",
		"exactly8 b", "a b c d e f g h i j k l m n o p q r s t u v w x y z", "  \v\f\r leading\x0bcontrol\x1fnot space\x7f"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 { // random runs of words and white space across eight-byte chunks
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString([]string{"w", "word", " ", "  ", "\t", "\u00a0", "\u2003", "é", "x\x00y", "\n"}[r.IntN(10)])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		want := len(strings.Fields(s))
		if got := countWords(s); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", s, got, want)
		}
		for _, limit := range []int{0, 1, 3, 21} {
			if got := countWordsUpTo(s, limit); got != min(want, limit) {
				t.Fatalf("countWordsUpTo(%q, %d) = %d, want %d", s, limit, got, min(want, limit))
			}
		}
	}
}

func TestLineKey(t *testing.T) {
	same := [][2]string{
		{"Follow Metro Wire!", "follow metro wire"},
		{"Issue 12 of 2024", "issue 12, of 2024."},
		{"ÉCOLE Ouverte", "école ouverte"},
	}
	for _, p := range same {
		if lineKey(p[0]) != lineKey(p[1]) {
			t.Errorf("%q and %q should share a key", p[0], p[1])
		}
	}
	// Figures are kept: a line of results repeated with other figures in
	// each day's report is the report, not the outlet's template.
	if lineKey("Aviemore: -7C, heavy snow") == lineKey("Aviemore: 2C, heavy snow") || lineKey("Rovers 2") == lineKey("Rovers 1") {
		t.Error("lines that differ in their figures share a key")
	}
	if lineKey("follow metro") == lineKey("follow metro wire") || lineKey("123 456") != 0 || lineKey("") != 0 {
		t.Error("lineKey keys differ wrongly or lines without letters got a key")
	}
}

func BenchmarkClean(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/articles/*.txt")
	var texts []string
	for _, f := range files {
		t, _ := os.ReadFile(f)
		texts = append(texts, string(t))
	}
	benchmarkCleaning(b, texts)
}

// BenchmarkCleanGenerated cleans 2,000 generated articles (about 4 MB),
// mostly body text: the case a large scan spends its time on.
func BenchmarkCleanGenerated(b *testing.B) {
	benchmarkCleaning(b, synth.Texts(synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1}))
}

func benchmarkCleaning(b *testing.B, texts []string) {
	c := New(BuiltinRules())
	b.SetBytes(totalLen(texts))
	b.ReportAllocs()
	for b.Loop() {
		// A corpus is cleaned once: the line memo starts empty, as in a
		// scan, rather than answering every line of a second pass.
		c.memo = &ruleMemo{}
		for _, t := range texts {
			c.Clean(t)
		}
	}
}

func totalLen(texts []string) (n int64) {
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

func TestBuiltinKinds(t *testing.T) {
	if got, want := BuiltinKinds(), Kinds(BuiltinRules()); !reflect.DeepEqual(got, want) {
		t.Errorf("BuiltinKinds() = %q, want %q", got, want)
	}
	a, b := BuiltinRules(), BuiltinRules()
	a[0].Kind = "changed"
	if b[0].Kind == "changed" || BuiltinRules()[0].Kind == "changed" {
		t.Error("BuiltinRules returns a shared slice")
	}
}

// TestWriterEscapesControls: a removed line's text is printed with its
// control characters escaped, so a page cannot drive the reader's
// terminal; tabs stay.
func TestWriterEscapesControls(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b, true, false, false)
	if err := w.Add("a.txt", "", []Removal{{Line: 3, Layer: "rule", Kind: "share", Rule: "r", Whole: true, Text: "Share this\x1b[31m red\tok\u009b \u202eevil"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "a.txt:3: rule share (r) line: Share this\\x1b[31m red\tok\\x9b \\u202eevil\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestReportsSpeech(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"The watchdog said the site had failed to obtain consent.", true},
		{"Cookie consent banners annoy 80% of users, the study found.", true},
		{"This article is for subscribers only, he read aloud in parliament.", true},
		{"Cet article est réservé aux abonnés, a-t-il lu à voix haute.", true},
		{"Este contenido es exclusivo para suscriptores, leyó en voz alta.", true},
		{"Subscriptions rose, according to the annual report of the firm.", true},
		{"We use cookies to personalise content and ads on this site.", false},
		{"Jane Roe said:", false}, // under six words
		{"The unsaid rules of the club were never written down anywhere.", false},
		{"Read more of our reporting on this story in the archive today.", false},
	} {
		if got := reportsSpeech(tt.s); got != tt.want {
			t.Errorf("reportsSpeech(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestTailOnly(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{`[\s\x{a0}]*[\x{2600}-\x{27BF}]+$`, true},
		{`\(source: [\w ]{2,20}\)$`, true},
		{`^see also.{0,40}$`, false},              // anchored at the start too
		{`[^.]{0,20}$`, false},                    // "^" in a class: refused, conservatively
		{`\bends here$`, false},                   // looks at the byte before a match
		{`(?m)ends here$`, false},                 // "$" at every line end
		{`costs \$`, false},                       // an escaped dollar
		{`(read more|see also)[\s:]{0,3}`, false}, // not at the end
	} {
		if got := tailOnly(tc.expr); got != tc.want {
			t.Errorf("tailOnly(%q) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

// TestTailRules: a rule run on a line's tail finds what it finds on the
// whole line, on long lines ending in what the tail rules take.
func TestTailRules(t *testing.T) {
	body := strings.Repeat("The council said the plan would cost £2m over five years, and “more later”. ", 12)
	ends := []string{"", " 🔖", "✉️", " ▸", "→", "(Source: PNA)", " — Reuters", "é", "\xff\xfe", " …", "日本語", " Save for later 🔖 ✉️"}
	tails := 0
	for _, r := range BuiltinRules() {
		if r.tail == 0 {
			continue
		}
		tails++
		for _, e := range ends {
			line := body + e
			whole := r.re().FindAllStringIndex(line, -1)
			if got := r.find(line, line, false, -1); !reflect.DeepEqual(got, whole) {
				t.Errorf("%s on a line ending %q: tail finds %v, whole line %v", r.Source, e, got, whole)
			}
		}
	}
	if tails == 0 {
		t.Fatal("no built-in rule runs on a line's tail")
	}
}

// TestCurlyApostrophes: a rule's apostrophes match curly ones, in a class
// or not, and a class keeps its ranges.
func TestCurlyApostrophes(t *testing.T) {
	for expr, want := range map[string]string{
		`you've`:                  `you['‘’]ve`,
		`don\'t`:                  `don['‘’]t`,
		`[\w.'-]`:                 `[‘’\w.'-]`, // not "'-‘", a range
		`[^']`:                    `[^‘’']`,
		`[]']`:                    `[]‘’']`,
		`[\p{L}'’.-]`:             `[\p{L}'’.-]`,
		`[[:alpha:]']{2}`:         `[‘’[:alpha:]']{2}`,
		`(?-i)^\p{Lu}[\p{Ll}'-]+`: `(?-i)^\p{Lu}[‘’\p{Ll}'-]+`,
		`no apostrophe`:           `no apostrophe`,
	} {
		if got := curlyApostrophes(expr); got != want {
			t.Errorf("curlyApostrophes(%q) = %q, want %q", expr, got, want)
		}
	}
	c := New(BuiltinRules())
	for _, l := range []string{"You’ve reached your limit of free stories. Subscribe for unlimited access.", "You've reached your limit of free stories. Subscribe for unlimited access."} {
		if out := c.Clean("Body text of the story here.\n\n" + l + "\n\nMore body text."); strings.Contains(out, "reached") {
			t.Errorf("%q stayed", l)
		}
	}
}

// TestCaseFoldedLiterals: a rule's literals are found in every case its
// regexp's (?i) matches, as the plain run of every regexp finds them. The
// build before lower-cased lines instead, which is not case folding: a
// hostile pass found "ΔΙΑΦΉΜΙΣΗ" and "Διαφήμιση" past a user rule
// "διαφήμιση", and the Cyrillic Extended-C "ᲂ" (a case form of "о") past
// rule 111's "подпишитесь".
func TestCaseFoldedLiterals(t *testing.T) {
	rules, err := ParseRules(strings.NewReader("advert\tδιαφήμιση\nadvert\tfinal ς here\n"), "r.tsv")
	if err != nil {
		t.Fatal(err)
	}
	rules = append(rules, BuiltinRules()...)
	c := New(rules)
	plain := *c
	plain.plain = true
	for _, line := range []string{"Διαφήμιση", "ΔΙΑΦΉΜΙΣΗ", "διαφήμιση", "FINAL Σ HERE", "final σ here", "1п\u1c82дпишитесь1канал1", "1подпишитесь1канал1"} {
		out, rem := c.Explain(line)
		pout, prem := plain.Explain(line)
		if out != pout || len(rem) != len(prem) {
			t.Errorf("%q: prefiltered %q %+v, every regexp %q %+v", line, out, rem, pout, prem)
		}
		if len(rem) == 0 {
			t.Errorf("%q: no rule removed it", line)
		}
	}
}
