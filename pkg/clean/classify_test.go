package clean

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"github.com/neardup/neardup/pkg/internal/synth"
)

// The generated table must agree with snowball's own IsStopWord on every
// word of every list (regenerate it with go run ./pkg/internal/cmd/stopwords
// after a snowball upgrade).
func TestStopTable(t *testing.T) {
	isStop := map[int]func(string) bool{
		langEnglish: english.IsStopWord, langFrench: french.IsStopWord, langHungarian: hungarian.IsStopWord,
		langNorwegian: norwegian.IsStopWord, langRussian: russian.IsStopWord, langSpanish: spanish.IsStopWord,
		langSwedish: swedish.IsStopWord,
	}
	words := map[string]bool{"report": true, "thé": true, "минут": true}
	for _, list := range stopWordLists {
		for _, w := range list {
			words[w] = true
		}
	}
	for w := range words {
		var s lineStats
		s.measure(w, langNone, -1)
		for l, f := range isStop {
			if got, want := s.stop(l) == 1, f(w); got != want {
				t.Errorf("%q in language %d: table says %v, IsStopWord %v", w, l, got, want)
			}
		}
	}
}

func TestMeasure(t *testing.T) {
	var s lineStats
	line := "The BBC said it didn't see @someone at http://example.com/x — Élan était là."
	s.measure(line, langEnglish, -1)
	// 13 tokens; the handle and the link are junk and their words not
	// counted; "didn't" is two words, and "—" none.
	want := lineStats{runes: 76, tokens: 13, counted: 11, caps: 3, junk: 2, sentence: true}
	want.stops = 4<<(8*langEnglish) | 2<<(8*langFrench) // the, it, t, at; t, était
	if s != want {
		t.Errorf("measure = %+v, want %+v", s, want)
	}
}

// TestMeasureAnyOffset measures lines behind 0 to 9 spaces: words are read
// eight bytes at a time where eight bytes remain, byte by byte near the
// end, and the counts must not depend on which.
func TestMeasureAnyOffset(t *testing.T) {
	for _, line := range []string{
		"The BBC said it didn't see @someone at http://example.com/x — Élan était là.",
		"ourselves themselves yourselves, and whatever: the of a",
		"Nous n'avons pas été informés, dit-elle, de leur départ précipité.",
		"a an the abcdefgh abcdefghi ABCDEFGH Themselves",
		"x",
	} {
		var want lineStats
		want.measure(line, langNone, -1)
		for pad := range 10 {
			var s lineStats
			s.measure(strings.Repeat(" ", pad)+line, langNone, -1)
			s.runes -= pad
			if s != want {
				t.Errorf("%q behind %d spaces: %+v, want %+v", line, pad, s, want)
			}
		}
	}
}

func TestLetterRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bytes := []byte("aZmz@[`{ 09.-'\x80\xc3\xa9\xff")
	for range 20000 {
		var b [8]byte
		for j := range b {
			b[j] = bytes[rng.IntN(len(bytes))]
		}
		want := 0
		for want < 8 && isASCIILetter(b[want]) && b[want] < utf8.RuneSelf {
			want++
		}
		if got := letterRun(load64(string(b[:]), 0)); got != want {
			t.Fatalf("letterRun(%q) = %d, want %d", b[:], got, want)
		}
	}
}

func TestCodeLike(t *testing.T) {
	for s, want := range map[string]bool{
		"avg(n) - stddev(n) AS lower_bound,": true, "bounds;": true, "x = 1": true, "if (a == b) {": true,
		"WITH series AS (": true, "n │ is_anomaly": true, "───┼────": true, "items[0]": true, "series,": true,
		"Sports (12)": false, "Home | News": false, "SELECT": false, "Comments": false, "Tom, Dick and Harry": false,
		"Opinion: why it matters": false, "status_code": true, ")": true, "),": true, "Tags: news_desk": true,
		"Q&A (live)": false, "…": false, "“Yes”": false,
	} {
		if got := codeLike(s); got != want {
			t.Errorf("codeLike(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCodeBlock: a listing between paragraphs is kept whole, its lone
// keywords too, where a menu of as many short lines goes.
func TestCodeBlock(t *testing.T) {
	para := "To find the anomaly in the series we first need to define what a reasonable value is, and the mean of the values is a good place to start for this kind of data."
	code := []string{"SELECT", "avg(n) - stddev(n) AS lower_bound,", "avg(n) + stddev(n) AS upper_bound", "FROM", "series", "GROUP BY", "status_code", ")"}
	menu := []string{"Home", "World News", "Business Today", "Sport and Leisure", "Culture Desk", "Travel Guides"}
	text := "Subscribe\n\n" + para + "\n\n" + strings.Join(code, "\n") + "\n\n" + para + "\n\n" + strings.Join(menu, "\n") + "\n\n" + para + "\nShare this article\n"
	out := New(BuiltinRules()).Clean(text)
	for _, l := range code {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("code line %q removed:\n%s", l, out)
		}
	}
	for _, l := range menu {
		if strings.Contains(out, l+"\n") {
			t.Errorf("menu line %q kept:\n%s", l, out)
		}
	}
}

// TestLiveFeed: entries timed newest first are a feed saved with the
// page; a timeline told in the article, oldest first, stays.
func TestLiveFeed(t *testing.T) {
	para := "The council voted on Tuesday to approve the new tram line, which will link the station to the hospital by the end of the decade."
	feed := []string{"13:54 Storm closes the coast road", "Drivers were told to avoid the area.", "13:18 Budget vote delayed",
		"12:57 Rail strike called off", "The union accepted the offer late last night.", "12:47 Mayor opens the new library",
		"12:34 Heatwave warning for the weekend", "Temperatures could reach 35C in places."}
	timeline := []string{"8:46 The first plane hits the north tower.", "9:03 A second plane hits the south tower.",
		"9:37 A third plane hits the Pentagon.", "9:59 The south tower collapses.", "10:28 The north tower collapses."}
	c := New(BuiltinRules())
	out := c.Clean(para + "\n\n" + strings.Join(feed, "\n") + "\n")
	for _, l := range feed {
		if strings.Contains(out, l) {
			t.Errorf("feed line %q kept:\n%s", l, out)
		}
	}
	out = c.Clean(para + "\n\n" + strings.Join(timeline, "\n") + "\n\n" + para + "\n")
	for _, l := range timeline {
		if !strings.Contains(out, l) {
			t.Errorf("timeline line %q removed:\n%s", l, out)
		}
	}
	// A live blog saved as the page: the feed is the article, with
	// little text around it, and stays.
	var blog []string
	for _, e := range []string{"15.42 GMT", "14.58 GMT", "14.20 GMT", "13.37 GMT", "12.51 GMT"} {
		blog = append(blog, e+" Update from the coast", "Engineers said on Friday afternoon that about 140,000 homes were still without power across the region, and that most repairs could not start until the wind dropped this evening.", "Share")
	}
	out = c.Clean("Home\nNews\nStorm live: gusts of 90mph on the coast\n" + strings.Join(blog, "\n") + "\n© 2025 The Coast Standard. All rights reserved.\n")
	if n := strings.Count(out, "Engineers said on Friday"); n != 5 {
		t.Errorf("live blog: %d of 5 entries kept:\n%s", n, out)
	}
	for s, want := range map[string]int{"13:18 Loi": 798, "9h05 Le": 545, "00:00 x": 0} {
		if got, ok := entryTime(s); !ok || got != want {
			t.Errorf("entryTime(%q) = %d %v, want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"13:18", "25:00 x", "13:60 x", "1318 x", "13:18x", "ab:cd x"} {
		if _, ok := entryTime(s); ok {
			t.Errorf("entryTime(%q) is a time", s)
		}
	}
}

func TestJunkToken(t *testing.T) {
	for _, c := range []struct {
		token string
		want  bool
	}{
		{"https://example.com/a", true},
		{"www.example.com", true},
		{"@handle", true},
		{"#tag", true},
		{"tips@example.org", true},
		{"amzn.to/4bT9kQz", true},
		{"example.org/2024/11/18/vote", true},
		{"(news.example.co.uk/story).", true},
		{"bit.ly/", true},
		{"1.5/10", false},      // a score
		{"U.S./Mexico", false}, // a one-letter "domain"
		{"km/h", false},
		{"and/or", false},
		{"e.g./i.e.", false},
		{"9.30am/10.30am", false},
		{"..com/x", false},
		{"a.longtldname/x", false},
		{"word.", false},
		{"3.5%", false},
	} {
		if got := junkToken(c.token); got != c.want {
			t.Errorf("junkToken(%q) = %v, want %v", c.token, got, c.want)
		}
	}
}

func TestGluedControls(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"Accept all cookiesReject allManage preferences", true},
		{"Share on FacebookShare on XShare via EmailCopy link", true},
		{"Video player is loading.Play VideoPause", true},
		{"2 minute readUpdated 1h ago", true},
		{"I've disabled my ad blockerContinue without disabling", true},
		{"View all 312 commentsAdd a comment…", true},
		{"My NewsManage ProfileEmail PreferencesSign Out", true},
		{"Sign inSubscribe", true},
		{"LG is going to support that hotel AirPlay thing.", false}, // one brand
		{"Apple unveils new AirPlay features", false},               // a headline with one
		{"iMore", false},
		{"Ken Mayland, president of ClearView Economics, said rates would rise.", false},
		{"The app, called PodShow, lets anyone publish a show", false}, // capital-led brand
		{"She said.Share prices rose 3% after the results were published.", false},
		{"Expand GalleryClose", false}, // one glue after a capital: left to the rules
		{"Apple said on Tuesday that CarPlay and AirPlay would be available in 40 countries.", false},
		{"CarPlay, AirPlay and FaceTime outage", false}, // a brand family: a hostile pass's
		{"DocuSign shares tumble as AdobeSign gains", false},
		{"Google TalkBack and Apple AirPrint fixes", false},
		{"NHS HealthWatch, ClearView and CareSign contracts", false},
		{strings.Repeat("cookiesReject ", 20), false}, // longer than a row of controls
	} {
		if got := gluedControls(c.line, endsSentence(c.line)); got != c.want {
			t.Errorf("gluedControls(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

// TestArticleLists: a list or a table inside an article, which a page's
// menus look like, stays; a menu, and a list of headlines past the
// article's end, still go.
func TestArticleLists(t *testing.T) {
	c := New(BuiltinRules())
	items := []string{"A two-course hot meal, with vegetarian options", "Tea, coffee and a bag of bread to take away",
		"Warm clothing and sleeping bags from the store", "An advice worker from the housing team, once a week"}
	table := []string{"Crossing Old timetable New timetable", "Morning 07:30 daily 07:30 daily",
		"Afternoon none 15:30 weekdays", "Saturday 09:00 only 09:00 and 16:00", "Sunday none 11:00 in summer"}
	menu := []string{"News", "Sport", "Weather", "Travel", "Jobs"}
	facts := []string{"Skipper: Ellen Park", "Age: 54", "Crossings this winter: 61", "Boat: Skellig Star", "Home port: Porthaven"}
	heads := []string{"Lifeboat crew moves into new station", "Fishing quotas cut for a third year",
		"Lighthouse cottage sold at auction", "Road to the quay closed for repairs"}
	tests := []struct {
		name       string
		doc        string
		kept, gone []string
	}{
		{"list", page(pageTop, ferryArticle[:2], items, ferryArticle[2:], pageBottom), items, nil},
		{"table after an advert", page(pageTop, ferryArticle[:2], []string{"Advertisement"}, table, ferryArticle[2:], pageBottom), table, nil},
		{"table closing the article", page(pageTop, ferryArticle, []string{"Read more: The ferry vote"}, table, []string{"Advertisement"}, pageBottom), table, nil},
		{"fact box", page(pageTop, ferryArticle[:2], facts, ferryArticle[2:], pageBottom), facts, nil},
		{"fact box closing the article", page(pageTop, ferryArticle, facts, pageBottom), facts, nil},
		{"menu", page(pageTop, ferryArticle[:2], menu, ferryArticle[2:], pageBottom), nil, menu[1:]},
		{"headlines after the article", page(pageTop, ferryArticle, []string{"Most read"}, heads, pageBottom), nil, heads},
	}
	for _, tt := range tests {
		out := c.Clean(tt.doc)
		kept := map[string]bool{}
		for _, l := range strings.Split(out, "\n") {
			kept[l] = true
		}
		for _, l := range tt.kept {
			if !kept[l] {
				t.Errorf("%s: removed %q", tt.name, l)
			}
		}
		for _, l := range tt.gone {
			if kept[l] {
				t.Errorf("%s: kept %q", tt.name, l)
			}
		}
		for _, l := range ferryArticle {
			if !kept[l] {
				t.Errorf("%s: article line removed: %q", tt.name, l)
			}
		}
	}
}

// BenchmarkMeasure measures every non-blank line of generated articles:
// the classifier's pass over a line's words.
func BenchmarkMeasure(b *testing.B) {
	var lines []string
	var n int64
	for _, t := range synth.Texts(synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1}) {
		for l := range strings.Lines(t) {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
				n += int64(len(l))
			}
		}
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			var s lineStats
			s.measure(l, langEnglish, -1)
		}
	}
}
