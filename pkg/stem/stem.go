// Package stem reduces words to their snowball stems, with a per-worker
// cache because stemming uncached costs about a microsecond a word.
package stem

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

type language struct {
	stem     func(string, bool) string
	stopWord func(string) bool
}

var languages = map[string]language{
	"english":   {english.Stem, english.IsStopWord},
	"french":    {french.Stem, french.IsStopWord},
	"hungarian": {hungarian.Stem, hungarian.IsStopWord},
	"norwegian": {norwegian.Stem, norwegian.IsStopWord},
	"russian":   {russian.Stem, russian.IsStopWord},
	"spanish":   {spanish.Stem, spanish.IsStopWord},
	"swedish":   {swedish.Stem, swedish.IsStopWord},
}

// Languages lists the languages New accepts, sorted.
func Languages() []string {
	out := make([]string, 0, len(languages))
	for l := range languages {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// maxCache bounds the cache; a news corpus has far fewer distinct words, so
// the bound only matters on pathological input.
const maxCache = 1 << 18

// Stemmer stems words of one language. It is not safe for concurrent use:
// give each goroutine its own.
type Stemmer struct {
	lang  language
	cache map[string]string
}

// New returns a Stemmer for lang, one of Languages().
func New(lang string) (*Stemmer, error) {
	l, ok := languages[strings.ToLower(lang)]
	if !ok {
		return nil, fmt.Errorf("unknown language %q (supported: %s)", lang, strings.Join(Languages(), ", "))
	}
	return &Stemmer{lang: l, cache: make(map[string]string)}, nil
}

// Stem returns the stem of a lower-case word. Stop words are stemmed too, so
// that "is" and "was" keep their place in shingles.
func (s *Stemmer) Stem(word string) string {
	if st, ok := s.cache[word]; ok {
		return st
	}
	st := s.lang.stem(word, true)
	if len(s.cache) >= maxCache {
		clear(s.cache)
	}
	// Clone the key: word may point into a large document we do not want
	// the cache to keep alive.
	s.cache[strings.Clone(word)] = st
	return st
}

// StemUncached is Stem without the cache, for callers that cache the
// result themselves: the cache would hold every word a second time.
func (s *Stemmer) StemUncached(word string) string { return s.lang.stem(word, true) }

// IsStopWord reports whether word is a stop word of the language.
func (s *Stemmer) IsStopWord(word string) bool { return s.lang.stopWord(word) }
