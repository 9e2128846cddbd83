// Package tokenize normalizes article text and splits it into lower-case
// words, so that the same words typed with different quotes, dashes, entities
// or Unicode forms come out identical.
package tokenize

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize decodes HTML entities (repeatedly, so doubly escaped ones such
// as "&amp;#8217;" decode too), applies Unicode NFKC and folds typographic
// quotes, apostrophes and dashes to their ASCII forms. It keeps case.
func Normalize(s string) string {
	// Three rounds cover the double and triple escaping crawlers produce
	// without looping on text that merely talks about entities.
	for i := 0; i < 3 && strings.IndexByte(s, '&') >= 0; i++ {
		u := html.UnescapeString(s)
		if u == s {
			break
		}
		s = u
	}
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
	s = Normalize(s)
	start := -1
	ascii := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		if ascii {
			w = lowerASCII(w)
		} else {
			w = strings.ToLower(w)
		}
		dst = append(dst, w)
		start, ascii = -1, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
				if start < 0 {
					start = i
				}
			case c == '\'' && start >= 0 && i+1 < len(s) && isLetterAt(s, i+1) && isLetterBefore(s, i):
				// apostrophe inside a word: keep going
			default:
				flush(i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			ascii = false
		} else {
			flush(i)
		}
		i += n
	}
	flush(len(s))
	return dst
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isLetterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r)
}

// lowerASCII lower-cases an ASCII word, allocating only when it must.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if 'A' <= w[i] && w[i] <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}
