package clean

import (
	"hash/crc32"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

const shared = "../../../shared"

// shingles4 are the word 4-grams of text as boilerplate-dev's score.py
// takes them: lower-cased runs of letters and digits; a text of one to
// three words is one shingle.
func shingles4(text string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	set := map[string]bool{}
	if len(words) < 4 {
		if len(words) > 0 {
			set[strings.Join(words, " ")] = true
		}
		return set
	}
	for i := 0; i+4 <= len(words); i++ {
		set[strings.Join(words[i:i+4], " ")] = true
	}
	return set
}

// c4 keeps the lines C4's filter keeps: three or more words, ending in
// sentence punctuation.
func c4(text string) string {
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if len(strings.Fields(l)) >= 3 && strings.ContainsAny(l[len(l)-1:], ".!?\"") {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}

// TestBoilerplateDev scores cleaning on ../shared/corpora/boilerplate-dev
// as its SOURCE.md describes (P and R averaged over pages, F1 of the
// averages), on the whole set and on its two parts split by a hash of the
// page id: "fit" (two thirds, the pages looked at while choosing the
// classifier's thresholds) and "held" (a third, never looked at). Run
// with -v for the figures.
func TestBoilerplateDev(t *testing.T) {
	dir := filepath.Join(shared, "corpora", "boilerplate-dev")
	raws, _ := filepath.Glob(filepath.Join(dir, "raw", "*.txt"))
	if len(raws) == 0 {
		t.Skip("../shared/corpora/boilerplate-dev not present")
	}
	c := New(BuiltinRules())
	type sum struct {
		p, r float64
		n    int
	}
	sums := map[string]*sum{"all": {}, "fit": {}, "held": {}, "raw": {}, "c4": {}}
	for _, raw := range raws {
		id := strings.TrimSuffix(filepath.Base(raw), ".txt")
		rb, err := os.ReadFile(raw)
		if err != nil {
			t.Fatal(err)
		}
		gb, err := os.ReadFile(filepath.Join(dir, "gold", id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		gold := shingles4(string(gb))
		if len(gold) == 0 {
			continue
		}
		score := func(kept string) (p, r float64) { return pageScore(gold, kept) }
		part := "fit"
		if crc32.ChecksumIEEE([]byte(id))%3 == 0 {
			part = "held"
		}
		add := func(k string, p, r float64) {
			sums[k].p += p
			sums[k].r += r
			sums[k].n++
		}
		p, r := score(c.Clean(string(rb)))
		add("all", p, r)
		add(part, p, r)
		// Baselines, for the README: the page as saved, and C4's line
		// filter (keep lines of three or more words ending in sentence
		// punctuation).
		p, r = score(string(rb))
		add("raw", p, r)
		p, r = score(c4(string(rb)))
		add("c4", p, r)
	}
	// Floors a little under what cleaning reached once code and tables
	// in an article stopped passing for menus (all 0.912/0.952, fit
	// 0.910/0.953, held 0.918/0.952): the target, F1 0.90 with
	// recall 0.95, on the whole set and on the held-out pages alike.
	floors := map[string][2]float64{"all": {0.91, 0.95}, "fit": {0.905, 0.95}, "held": {0.91, 0.95}}
	for _, k := range []string{"all", "fit", "held", "raw", "c4"} {
		s := sums[k]
		p, r := s.p/float64(s.n), s.r/float64(s.n)
		f := 2 * p * r / (p + r)
		t.Logf("%-4s %2d pages: P %.4f R %.4f F1 %.4f", k, s.n, p, r, f)
		if fl, ok := floors[k]; ok && (f < fl[0] || r < fl[1]) {
			t.Errorf("%s: F1 %.4f recall %.4f, want at least %.3f and %.2f", k, f, r, floors[k][0], floors[k][1])
		}
	}
}

// TestWrittenPages scores cleaning on testdata/pages (saved pages with
// their gold content, written for this project by four writers who had
// not seen the code; see its README) as TestBoilerplateDev does, per
// set. Run with -v for the figures.
func TestWrittenPages(t *testing.T) {
	c := New(BuiltinRules())
	for _, set := range []string{"A", "B", "C", "D"} {
		raws, _ := filepath.Glob(filepath.Join("testdata", "pages", set, "raw", "*.txt"))
		if len(raws) < 14 {
			t.Fatalf("set %s: %d pages", set, len(raws))
		}
		var sp, sr, cp, cr float64
		for _, raw := range raws {
			rb, err := os.ReadFile(raw)
			if err != nil {
				t.Fatal(err)
			}
			gb, err := os.ReadFile(filepath.Join("testdata", "pages", set, "gold", filepath.Base(raw)))
			if err != nil {
				t.Fatal(err)
			}
			gold := shingles4(string(gb))
			p, r := pageScore(gold, c.Clean(string(rb)))
			sp, sr = sp+p, sr+r
			p, r = pageScore(gold, c4(string(rb)))
			cp, cr = cp+p, cr+r
		}
		n := float64(len(raws))
		p, r := sp/n, sr/n
		f := 2 * p * r / (p + r)
		t.Logf("set %s, %d pages: P %.4f R %.4f F1 %.4f (C4's filter: P %.4f R %.4f F1 %.4f)", set, len(raws), p, r, f, cp/n, cr/n, 2*cp*cr/(cp+cr)/n)
		// Floors a little under the figures when lists, tables and live
		// blogs stopped going as menus and feeds (A 0.948/0.975, B
		// 0.990/0.988, C 0.972/0.982, D 0.935/0.939).
		if f < 0.92 || r < 0.93 {
			t.Errorf("set %s: F1 %.4f recall %.4f, want at least 0.92 and 0.93", set, f, r)
		}
	}
}

// pageScore is score.py's precision and recall of kept against a page's
// gold shingles.
func pageScore(gold map[string]bool, kept string) (p, r float64) {
	cand, inter := shingles4(kept), 0
	for s := range cand {
		if gold[s] {
			inter++
		}
	}
	if len(cand) > 0 {
		p = float64(inter) / float64(len(cand))
	}
	if len(gold) > 0 {
		r = float64(inter) / float64(len(gold))
	}
	return p, r
}

// insertedLines are boilerplate lines of the kinds issue #16 lists,
// written for this test (not copied from any site), one put alone between
// two paragraphs of a BBC article by TestInsertedLines.
var insertedLines = map[string][]string{
	"paywall": {
		"Already a subscriber? Log in", "Already a member? Sign in here.", "Subscribe to continue reading",
		"Sign in to keep reading", "You have reached your limit of free articles this month.",
		"Create a free account to read the full story", "This article is only available to subscribers.",
		"Unlock this story with a digital subscription", "Get unlimited access for just £1 a week",
		"Don't have an account? Register now",
	},
	"affiliate": {
		"We may earn a commission when you buy through links in this article.",
		"This post contains affiliate links.", "As an Amazon Associate we earn from qualifying purchases.",
		"Our journalists choose products independently; we may earn a small commission.",
	},
	"adblock": {
		"It looks like you're using an ad blocker.", "Please disable your ad blocker to continue.",
		"We noticed you are using an ad blocker. Ads keep this site free.",
		"Whitelist us in your ad blocker to support local news",
	},
	"cookies": {
		"We use cookies to improve your experience on our site.", "Accept all", "Reject all", "Manage preferences",
		"This website uses cookies. By continuing to browse you agree to our use of cookies.",
		"Our site uses cookies for analytics and advertising.", "Cookie settings",
	},
	"byline": {
		"By Maria Lindqvist", "By Tom Okafor, Transport Correspondent", "Written by Priya Raman",
		"Posted by Dan Whitcombe", "By Ellen Park | Health reporter", "About the author",
	},
	"dateline": {
		"Published 14 March 2025", "Updated: 3 February 2025, 09:41 GMT", "March 14, 2025",
		"Tuesday 4 March 2025 18.02 GMT", "14/03/2025", "Last updated 2 hours ago", "Posted on 12 January 2025",
	},
	"reading": {
		"5 min read", "Reading time: 4 minutes", "1,240 words", "Estimated reading time 6 min", "Word count: 912 words",
	},
	"media": {
		"Listen to this article", "Listen to this article 6 min", "Image 1 of 5", "Photo 3 of 12", "3 of 9",
		"View gallery", "Toggle caption", "Hide caption", "Enlarge this image", "12 photos",
	},
	"comments": {
		"Comments (14)", "Be the first to comment", "Log in to comment", "Add your comment",
		"Sort by newest", "Notify me of new posts by email.", "View all 37 comments", "Leave a comment",
		"Join the conversation", "Maria Lindqvist · March 10, 2025 at 1:26 AM", "T. Okafor | 4 February 2025, 18:02",
	},
	"source":       {"— AP", "(END)", "-- Reuters", "– AFP", "/ends", "###", "Source: Reuters", "(AP)"},
	"junk-url":     {"https://example.org/news/2025/03/tram-plan", "www.example.com/subscribe"},
	"junk-address": {"newsdesk@example.org", "Email: letters@example.co.uk"},
	"junk-handle":  {"@CityDeskNews", "Follow us @RiversideEcho", "#TramPlan #Riverside"},
	"junk-bullet":  {"•", "—", "* * *"},
	"share": {
		"Share this article", "Share on Facebook", "Copy link", "Follow us on Instagram",
		"Sign up for our morning briefing newsletter", "Read more: Council budget explained", "Share this:",
		"Like Loading...", "Click to share on Facebook (Opens in new window)",
	},
}

// TestInsertedLines puts each line of insertedLines alone between two
// paragraphs of a BBC article and checks that it goes and that no line
// of the article does.
func TestInsertedLines(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "corpora", "bbc", "*", "*.txt"))
	if len(files) == 0 {
		t.Skip("../shared/corpora/bbc not present")
	}
	c := New(BuiltinRules())
	total, removed, k := 0, 0, 0
	for kind, ls := range insertedLines {
		for _, ins := range ls {
			total++
			f := files[(k*97)%len(files)]
			k++
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			paras := strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n\n")
			at := min(2, len(paras)-1) // after the headline and the first paragraph
			doc := strings.Join(paras[:at], "\n\n") + "\n\n" + ins + "\n\n" + strings.Join(paras[at:], "\n\n")
			out := c.Clean(doc)
			kept := map[string]bool{}
			for _, l := range strings.Split(out, "\n") {
				kept[strings.TrimSpace(l)] = true
			}
			if kept[ins] {
				t.Logf("%s kept: %q", kind, ins)
			} else {
				removed++
			}
			// Lines cleaning takes from the article alone (the capitals
			// lines TestBBCContentLoss counts) are not the insertion's doing.
			alone := map[string]bool{}
			for _, l := range strings.Split(c.Clean(string(b)), "\n") {
				alone[strings.TrimSpace(l)] = true
			}
			for _, p := range strings.Split(string(b), "\n") {
				if p = strings.TrimSpace(p); p != "" && alone[p] && !kept[p] {
					t.Errorf("%s: article line lost with %q inserted: %.70q", filepath.Base(f), ins, p)
				}
			}
		}
	}
	t.Logf("inserted boilerplate lines removed: %d of %d", removed, total)
	if removed*100 < total*90 {
		t.Errorf("removed %d of %d inserted lines, want at least 90%%", removed, total)
	}
}

// TestBBCContentLoss counts what cleaning takes from the 2,225 BBC
// articles, clean text from 2004-2005: whole lines, as few as before the
// classifier (8 short lines, as --explain lists them).
func TestBBCContentLoss(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "corpora", "bbc", "*", "*.txt"))
	if len(files) == 0 {
		t.Skip("../shared/corpora/bbc not present")
	}
	c := New(BuiltinRules())
	lines, words := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, rem := c.Explain(string(b))
		for _, r := range rem {
			if testing.Verbose() {
				t.Logf("%s:%d %s %s: %q (%s)", filepath.Base(f), r.Line, r.Layer, r.Kind, r.Text, r.Rule)
			}
			lines++
			words += countWords(r.Text)
		}
	}
	t.Logf("removed from %d BBC articles: %d lines or fragments, %d words", len(files), lines, words)
	if lines > 12 {
		t.Errorf("%d lines or fragments removed from clean articles, want at most 12", lines)
	}
}

// teaser is a headline and summary of another story, as news pages list
// them under an article.
const teaser = "Harbour works to close the coast road for a month\nThe county says the repairs to the sea wall cannot wait until the autumn, when storms are expected to return."

func TestClassifier(t *testing.T) {
	c := New(BuiltinRules())
	body := para + "\n\n" + para
	tests := []struct {
		name, in, want string
	}{
		{"menu run above the article goes", "Home\nLocal sport\nWeather today\nBusiness pages\nCulture and arts\n" + body, body},
		{"headline above the article stays", "Council backs the eastern tram\n" + body, "Council backs the eastern tram\n" + body},
		{"headline over a dropped byline stays", "Share this article\nCouncil backs the eastern tram\nBy Jane Roe\n" + body, "Council backs the eastern tram\n" + body},
		{"short line between paragraphs stays", para + "\n\nIt was a close vote.\n\n" + para, para + "\n\nIt was a close vote.\n\n" + para},
		{"list of names between paragraphs stays", para + "\nArsenal: Lehmann, Lauren, Toure, Campbell, Cole, Vieira, Pires, Reyes, Henry, Bergkamp\n" + para,
			para + "\nArsenal: Lehmann, Lauren, Toure, Campbell, Cole, Vieira, Pires, Reyes, Henry, Bergkamp\n" + para},
		{"short lines among boilerplate go", body + "\nShare this article\nOur other titles\nContact the newsroom\nAdvertisement", body},
		{"links half of a line go", para + "\nLinks: https://example.org/a www.example.org/b\n" + para, para + "\n" + para},
		{"clean article without boilerplate is kept whole", "Tram vote\n\n" + para + "\n\nThe end", "Tram vote\n\n" + para + "\n\nThe end"},
		{"nothing reads as text: all kept", "Home\nNews\nOne two three four\nFive six seven", "One two three four\nFive six seven"},
		{"teasers past the article's furniture go", body + "\n" + body + "\n" + body + "\nShare this article\nMost read\nAdvertisement\nSubscribe\nCopy link\n" + teaser,
			body + "\n" + body + "\n" + body},
		{"a gallery's slides go", body + "\n" + body + "\nShare this article\nAdvertisement\nCopy link\nSubscribe\n1/3 Harbour at dawn\n" + para + "\n2/3 The old pier\n" + para + "\n3/3 Night ferry\n" + para + "\nAll rights reserved",
			body + "\n" + body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestClassifierLanguages checks that per-language phrases go and that a
// document in another language than the configured one keeps its text.
func TestClassifierLanguages(t *testing.T) {
	fr := "Le conseil municipal a approuvé mardi le prolongement du tramway vers l'est, après un débat de huit heures au cours duquel plus de soixante habitants ont pris la parole."
	es := "El ayuntamiento aprobó el martes la ampliación del tranvía hacia el este, después de un debate de ocho horas en el que hablaron más de sesenta vecinos de la ciudad."
	tests := []struct{ lang, in, want string }{
		{"french", fr + "\nPartager cet article\nLire aussi : Le budget de la ville\n" + fr, fr + "\n" + fr},
		{"english", fr + "\nPartager cet article\nLire aussi : Le budget de la ville\n" + fr, fr + "\n" + fr},
		{"spanish", es + "\nCompartir en Facebook\nLee también: El presupuesto municipal\n" + es, es + "\n" + es},
		{"swedish", "Läs också: Budgeten\n" + para, para},
		{"russian", "Читайте также: бюджет города\n" + para, para},
	}
	for _, tt := range tests {
		c, err := New(BuiltinRules()).WithLanguage(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Clean(tt.in); got != tt.want {
			t.Errorf("%s: Clean(%q)\n got %q\nwant %q", tt.lang, tt.in, got, tt.want)
		}
	}
	if _, err := New(nil).WithLanguage("klingon"); err == nil {
		t.Error("WithLanguage accepted an unknown language")
	}
}

func TestExplainClassifier(t *testing.T) {
	c := New(BuiltinRules())
	_, rem := c.Explain("Home\nLocal sport\nWeather today\nBusiness pages\nCulture and arts\n" + para)
	var got []Removal
	for _, r := range rem {
		if r.Layer == LayerClassifier {
			got = append(got, r)
		}
	}
	if len(got) == 0 {
		t.Fatalf("no classifier removal in %+v", rem)
	}
	re := regexp.MustCompile(`^\d+ chars, \d+ words, stop words \d+/\d+, (no )?sentence end(; above: .+, below: .+)?$`)
	for _, r := range got {
		if !re.MatchString(r.Rule) || r.Kind == "" {
			t.Errorf("classifier removal explained as %q (%s)", r.Rule, r.Kind)
		}
	}
}

// TestVersionLanguage: an index built with another --lang was cleaned
// differently, and says so.
func TestVersionLanguage(t *testing.T) {
	c := New(BuiltinRules())
	fr, err := c.WithLanguage("french")
	if err != nil {
		t.Fatal(err)
	}
	en, _ := c.WithLanguage("English")
	if c.Version() == fr.Version() || c.Version() != en.Version() {
		t.Errorf("versions: default %s, french %s, English %s", c.Version(), fr.Version(), en.Version())
	}
}
