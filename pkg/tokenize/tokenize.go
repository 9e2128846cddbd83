// Package tokenize normalizes article text and splits it into lower-case
// words, so that the same words typed with different quotes, dashes, entities
// or Unicode forms come out identical.
package tokenize

import (
	"encoding/binary"
	"html"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"
)

// Normalize decodes HTML entities (repeatedly, so doubly escaped ones such
// as "&amp;#8217;" decode too), applies Unicode NFKC and folds typographic
// quotes, apostrophes and dashes to their ASCII forms. It keeps case.
func Normalize(s string) string {
	return normalizeUnescaped(unescape(s))
}

// Unescape decodes HTML entities as Normalize does (repeatedly), and
// does nothing else.
func Unescape(s string) string { return unescape(s) }

// unescape decodes HTML entities as Normalize does.
func unescape(s string) string {
	// Three rounds cover the double and triple escaping crawlers produce
	// without looping on text that merely talks about entities.
	for i := 0; i < 3 && strings.IndexByte(s, '&') >= 0; i++ {
		u := html.UnescapeString(s)
		if u == s {
			break
		}
		s = u
	}
	return s
}

// unescaper decodes entities as unescape does, into buffers it reuses.
type unescaper struct {
	bufs [2][]byte
	// memo holds the pieces decoded by html.UnescapeString, which
	// allocates: a page's rare entities (and its bare "&"s) recur.
	memo map[string]string
}

// maxMemo bounds the memo.
const maxMemo = 1 << 10

// unescape is unescape into the unescaper's buffers: the result is a
// string over one of them, valid until the next call.
func (e *unescaper) unescape(s string) string {
	for i := 0; i < 3 && strings.IndexByte(s, '&') >= 0; i++ {
		b, changed := e.append(e.bufs[i%2][:0], s)
		e.bufs[i%2] = b
		if !changed {
			break
		}
		s = unsafe.String(unsafe.SliceData(b), len(b))
	}
	return s
}

// append appends s to dst with its entities decoded as
// html.UnescapeString decodes them, and says whether that changed s.
//
// An entity is decoded from what follows its '&' up to the end of a run of
// letters, digits and '#', and a ';' after it: UnescapeString never looks
// further, so text can be decoded a piece at a time. The entities scraped
// text is full of (&amp;, &quot;, &#8217;, &nbsp;) are decoded here, the
// others by UnescapeString on that piece alone, so the text is not copied
// twice for every round.
func (e *unescaper) append(dst []byte, s string) ([]byte, bool) {
	changed := false
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...), changed
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		j := 1
		for j < len(s) && (asciiClass[s[j]] != asciiOther || s[j] == '#') {
			j++
		}
		if j < len(s) && s[j] == ';' {
			j++
		}
		piece := s[:j]
		s = s[j:]
		if r, ok := commonEntity(piece); ok {
			dst = utf8.AppendRune(dst, r)
			changed = true
			continue
		}
		u, ok := e.memo[piece]
		if !ok {
			u = html.UnescapeString(piece)
			if len(e.memo) >= maxMemo {
				clear(e.memo)
			}
			if e.memo == nil {
				e.memo = map[string]string{}
			}
			e.memo[strings.Clone(piece)] = u
		}
		dst = append(dst, u...)
		changed = changed || u != piece
	}
}

// commonEntity decodes a whole piece that is one common entity, as
// html.UnescapeString does: &amp; &lt; &gt; &quot; &apos; &nbsp;, a few
// typographic ones (&rsquo;, &mdash;, &copy;, ...), and
// character references to valid code points outside the C1 range (which
// UnescapeString maps through Windows-1252).
func commonEntity(piece string) (rune, bool) {
	switch piece {
	case "&amp;":
		return '&', true
	case "&quot;":
		return '"', true
	case "&lt;":
		return '<', true
	case "&gt;":
		return '>', true
	case "&apos;":
		return '\'', true
	case "&nbsp;":
		return '\u00A0', true
	case "&copy;":
		return '\u00A9', true
	case "&pound;":
		return '\u00A3', true
	case "&euro;":
		return '\u20AC', true
	case "&ndash;":
		return '\u2013', true
	case "&mdash;":
		return '\u2014', true
	case "&lsquo;":
		return '\u2018', true
	case "&rsquo;":
		return '\u2019', true
	case "&ldquo;":
		return '\u201C', true
	case "&rdquo;":
		return '\u201D', true
	case "&hellip;":
		return '\u2026', true
	}
	if len(piece) < 4 || piece[1] != '#' || piece[len(piece)-1] != ';' {
		return 0, false
	}
	digits := piece[2 : len(piece)-1]
	base := 10
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 || len(digits) > 6 {
		return 0, false
	}
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case '0' <= c && c <= '9':
			r = r*rune(base) + rune(c-'0')
		case base == 16 && 'a' <= c && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case base == 16 && 'A' <= c && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	if r == 0 || 0x80 <= r && r <= 0x9F || 0xD800 <= r && r <= 0xDFFF || r > 0x10FFFF {
		return 0, false
	}
	return r, true
}

// normalizeUnescaped is Normalize after the entities: NFKC and folding.
func normalizeUnescaped(s string) string {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
		s = punctFolder.Replace(s)
	}
	return s
}

var punctFolder = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201A", "'", "\u201B", "'", "\u2032", "'", "\u02BC", "'",
	"\u201C", `"`, "\u201D", `"`, "\u201E", `"`, "\u201F", `"`, "\u2033", `"`, "\u00AB", `"`, "\u00BB", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-",
	"\u00A0", " ",
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Words normalizes s and returns its words in order: maximal runs of
// letters, digits and combining marks, lower-cased. An apostrophe between
// two letters stays inside the word ("don't", "trump's") so the stemmer can
// treat it; any other character separates words, so "table.The" is two.
func Words(s string) []string {
	return AppendWords(nil, s)
}

// AppendWords is Words appending to dst, for callers that reuse a slice.
func AppendWords(dst []string, s string) []string {
	var t Tokenizer
	t.Split(s)
	for i := range t.Len() {
		dst = append(dst, string(t.Word(i)))
	}
	return dst
}

// Tokenizer splits text into the words Words returns, into buffers it
// reuses, so that a caller hashing words allocates nothing per word. The
// zero value is ready to use; a Tokenizer is not safe for concurrent use.
type Tokenizer struct {
	buf  []byte    // the lower-cased words, back to back
	ends []int32   // where each word ends in buf
	esc  unescaper // decodes entities for split
}

// Split tokenizes s, replacing the previous words.
//
// Most text needs no normalizing: with only runes that NFKC leaves alone,
// splitting s directly (folding typographic apostrophes, quotes and dashes
// as Normalize would) gives the same words, in one pass and without
// copying s. Entities are decoded first, as Normalize does, and the text
// they leave is split directly too when it can be: scraped pages are full
// of &amp; and &#8217;, which would otherwise send the whole text through
// NFKC. Other text is normalized first.
func (t *Tokenizer) Split(s string) {
	if strings.IndexByte(s, '&') >= 0 {
		s = t.esc.unescape(s)
	}
	if t.split(s, false) {
		return
	}
	t.split(normalizeUnescaped(s), true)
}

// Len is the number of words.
func (t *Tokenizer) Len() int { return len(t.ends) }

// Word returns word i; it is valid until the next Split.
func (t *Tokenizer) Word(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.buf[start:t.ends[i]]
}

// Key returns a 64-bit key for word i, for callers that cache per word:
// equal words have equal keys; two different words of up to 8 bytes never
// share one (their bytes, which hold no NUL, are the key, mixed), and
// longer words share one with a chance of about 2^-64 (xxhash). It is much
// cheaper than hashing short words.
func (t *Tokenizer) Key(i int) uint64 {
	w := t.Word(i)
	if len(w) > 8 {
		return xxhash.Sum64(w)
	}
	// split leaves 8 bytes of capacity past the last word, so 8 bytes
	// load from any word's start; the mask keeps the word's own.
	v := binary.LittleEndian.Uint64(w[:8])
	return mix64(v & (^uint64(0) >> (64 - 8*len(w))))
}

// mix64 is the splitmix64 finalizer, a bijection.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// Rune classes for the direct path.
const (
	runeOther      = iota // a letter, digit or other rune NFKC keeps
	runeApostrophe        // folds to '
	runeSeparator         // folds to ASCII punctuation or a space
	runeUnstable          // NFKC may change it: normalize first
)

// split tokenizes s, which is normalized or else checked rune by rune; it
// reports false, leaving the words unfinished, when s needs normalizing.
func (t *Tokenizer) split(s string, normalized bool) bool {
	// Words take at most 3/2 of the text's bytes (a lower-case rune can be
	// a byte longer than its capital), plus 8 bytes for Key.
	t.buf, t.ends = slices.Grow(t.buf[:0], len(s)+len(s)/2+8), t.ends[:0]
	inWord := false
	prevLetter := false // the rune before is a letter
	end := func() {
		if inWord {
			t.ends = append(t.ends, int32(len(t.buf)))
			inWord = false
		}
		prevLetter = false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] != asciiOther {
				// A run of ASCII letters and digits, lower-cased on the way
				// (| 0x20 leaves digits as they are): eight bytes at a time
				// while they last, then byte by byte.
				buf := t.buf
				for i+8 <= len(s) {
					x := load64(s, i)
					stop := ^alnum8(x) & highBits
					if cap(buf)-len(buf) < 8 {
						buf = slices.Grow(buf, 8)
					}
					n := len(buf)
					binary.LittleEndian.PutUint64(buf[n:n+8], x|0x2020202020202020)
					if stop != 0 {
						k := bits.TrailingZeros64(stop) / 8
						buf, i = buf[:n+k], i+k
						break
					}
					buf, i = buf[:n+8], i+8
				}
				for i < len(s) && asciiClass[s[i]] != asciiOther {
					buf = append(buf, s[i]|0x20)
					i++
				}
				t.buf = buf
				inWord, prevLetter = true, asciiClass[s[i-1]] == asciiLetter
				continue
			}
			if c == '\'' && inWord && prevLetter && letterAt(s, i+1, normalized) {
				t.buf = append(t.buf, '\'')
				prevLetter = false
			} else {
				end()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		class := runeOther
		if !normalized {
			if class = classify(r, n); class == runeUnstable {
				return false
			}
		}
		switch {
		case class == runeApostrophe:
			if inWord && prevLetter && letterAt(s, i+n, normalized) {
				t.buf = append(t.buf, '\'')
				prevLetter = false
			} else {
				end()
			}
		case class == runeSeparator || !isWordRune(r):
			end()
		default:
			t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
			inWord, prevLetter = true, unicode.IsLetter(r)
		}
		i += n
	}
	end()
	t.buf = slices.Grow(t.buf, 8) // for Key (already there unless text grew by lower-casing)
	return true
}

const highBits = 0x8080808080808080

// load64 reads s[i:i+8] as a little-endian integer (the compiler makes it
// one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// alnum8 sets the high bit of each byte of x that is an ASCII letter or
// digit, and clears the rest.
func alnum8(x uint64) uint64 {
	ascii := ^x & highBits // bytes below 0x80
	low := x &^ highBits   // each byte's low seven bits: sums below cannot carry across bytes
	lower := low | 0x2020202020202020
	letter := (lower + 0x1f1f1f1f1f1f1f1f) &^ (lower + 0x0505050505050505) // 0x61 <= b <= 0x7a
	digit := (low + 0x5050505050505050) &^ (low + 0x4646464646464646)      // 0x30 <= b <= 0x39
	return (letter | digit) & ascii & highBits
}

// letterAt reports whether the rune at s[i:] is a letter once normalized.
func letterAt(s string, i int, normalized bool) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c] == asciiLetter
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if !normalized && classify(r, n) != runeOther {
		return false // folded punctuation; or unstable, and then split gives up anyway
	}
	return unicode.IsLetter(r)
}

const (
	asciiOther = iota
	asciiLetter
	asciiDigit
)

// asciiClass classes the ASCII bytes; the others are asciiOther here.
var asciiClass = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			t[c] = asciiLetter
		case '0' <= c && c <= '9':
			t[c] = asciiDigit
		}
	}
	return t
}()

// classify places a non-ASCII rune (n bytes long in the text) for the
// direct path.
func classify(r rune, n int) int {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC':
		return runeApostrophe
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB',
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u00A0':
		return runeSeparator
	}
	if r == utf8.RuneError && n == 1 || r >= stableLimit || !stable()[r] {
		return runeUnstable
	}
	return runeOther
}

// stableLimit bounds the runes whose stability is tabled; the Latin,
// Greek, Cyrillic and punctuation blocks news text uses are all below it.
const stableLimit = 0x3000

// stable reports, for each rune below stableLimit, whether NFKC leaves any
// text made of it and ASCII unchanged: the rune is its own NFKC form, has
// canonical combining class 0 and never combines with the rune before it.
// (So a rune that composes with a following mark still counts: the mark
// itself is unstable.) Built on first use.
var stable = sync.OnceValue(func() *[stableLimit]bool {
	var t [stableLimit]bool
	for r := rune(utf8.RuneSelf); r < stableLimit; r++ {
		s := string(r)
		p := norm.NFKC.PropertiesString(s)
		t[r] = p.CCC() == 0 && p.BoundaryBefore() && norm.NFKC.String(s) == s
	}
	return &t
})

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
