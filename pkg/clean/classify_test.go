package clean

import (
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
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
