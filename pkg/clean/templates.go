package clean

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// lineKey normalizes a line before counting it across documents (lower
// case, punctuation and spacing dropped) and hashes it. Blank lines and
// lines without letters give 0. Unlike CCNet it keeps digits: with them
// as 0, the lines of figures in a run of daily reports ("Aviemore: -7C,
// heavy snow", "Road warning level: 1") were taken for the outlet's
// template and removed, so reports that differed only there read as
// copies and -f paths listed them (a hostile tester's case); the
// accuracy sets and boilerplate-dev score the same either way.
func lineKey(s string) uint64 {
	var stack [512]byte
	b := stack[:0]
	letters := false
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z':
			letters = true
			b = append(b, byte(r))
		case 'A' <= r && r <= 'Z':
			letters = true
			b = append(b, byte(r+'a'-'A'))
		case '0' <= r && r <= '9':
			b = append(b, byte(r))
		case r < utf8.RuneSelf:
			// ASCII punctuation and space: dropped
		case unicode.IsLetter(r):
			letters = true
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case unicode.IsDigit(r):
			b = utf8.AppendRune(b, r)
		}
	}
	if !letters {
		return 0
	}
	return xxhash.Sum64(b) | 1
}

// LineCounter counts in how many documents each line occurs, to find an
// outlet's template lines that no rule knows. It is safe for concurrent use.
type LineCounter struct {
	mu     sync.Mutex
	counts map[uint64]int
	docs   int
}

// NewLineCounter returns an empty counter.
func NewLineCounter() *LineCounter {
	return &LineCounter{counts: make(map[uint64]int)}
}

// Add counts the distinct lines of one document.
func (c *LineCounter) Add(text string) {
	var keys []uint64
	for l := range strings.SplitSeq(text, "\n") {
		if k := lineKey(l); k != 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys) // once per document
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs++
	for _, k := range keys {
		c.counts[k]++
	}
}

// Templates returns the lines found in at least minFiles documents and in
// more than minShare of all documents.
func (c *LineCounter) Templates(minFiles int, minShare float64) *Templates {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &Templates{counts: make(map[uint64]int)}
	for k, n := range c.counts {
		if n >= minFiles && float64(n) > minShare*float64(c.docs) {
			t.counts[k] = n
		}
	}
	return t
}

// Templates is a set of lines that recur across a corpus.
type Templates struct {
	counts map[uint64]int
}

// Len is the number of distinct template lines.
func (t *Templates) Len() int { return len(t.counts) }

// files returns in how many documents the line was found, 0 if it is not a
// template line.
func (t *Templates) files(line string) int {
	if k := lineKey(line); k != 0 {
		return t.counts[k]
	}
	return 0
}

// Counts returns the template lines' keys and file counts, to store them.
func (t *Templates) Counts() map[uint64]int {
	return maps.Clone(t.counts)
}

// TemplatesFrom rebuilds Templates stored with Counts.
func TemplatesFrom(counts map[uint64]int) *Templates {
	return &Templates{counts: maps.Clone(counts)}
}
