package clean

import (
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
