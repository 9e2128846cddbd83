package fingerprint

import (
	"math/bits"
	"strings"
)

// The tokenizer drops signs and currency symbols, so "-12C" and "12C",
// "¥50" and "£50", are the same terms; Content folds them in again, so
// that two texts that differ only there are not the same text (a report
// would list one for removal as an identical copy).

// signSpellings are the signs and currency symbols a number may start
// with, as scraped text spells them, and the byte each stands for; cmp
// marks comparisons, which may stand a space apart from the number.
var signSpellings = []struct {
	s    string
	sign byte
	cmp  bool
}{
	{"-", '-', false}, {"+", '+', false}, {"$", '$', false}, {"\u2212", '-', false}, {"\u2013", '-', false},
	{"£", 'L', false}, {"€", 'E', false}, {"¥", 'Y', false}, {"₹", 'R', false}, {"₽", 'P', false}, {"₩", 'W', false}, {"¢", 'c', false},
	{"<", '<', true}, {">", '>', true}, {"≤", 'l', true}, {"≥", 'g', true},
	{"&minus;", '-', false}, {"&#8722;", '-', false}, {"&ndash;", '-', false}, {"&#8211;", '-', false},
	{"&pound;", 'L', false}, {"&#163;", 'L', false}, {"&euro;", 'E', false}, {"&#8364;", 'E', false}, {"&yen;", 'Y', false}, {"&#165;", 'Y', false},
	{"&dollar;", '$', false}, {"&#36;", '$', false}, {"&plus;", '+', false}, {"&#43;", '+', false}, {"&cent;", 'c', false}, {"&#162;", 'c', false},
	{"&lt;", '<', true}, {"&gt;", '>', true}, {"&le;", 'l', true}, {"&ge;", 'g', true},
}

// signBytes are the bytes a spelling starts with, or ends with for an
// entity: where a search stops.
const signBytes = "-+$<>;\xc2\xe2"

// signsDigest hashes which numbers of text start with a sign or currency
// symbol, and which: 0 when none does. A number is known by its digits
// and by how many times they were seen before it; a symbol glued to a
// letter or digit before it ("2-1", "US$5") is not counted, as the
// tokenizer splits those the same way either way. Each byte a spelling
// can start with (an entity: end with) is searched for on its own
// (IndexByte), so text without them costs next to nothing.
func signsDigest(text string) uint64 {
	var h uint64
	for k := 0; k < len(signBytes); k++ {
		b := signBytes[k]
		for from := 0; ; {
			j := strings.IndexByte(text[from:], b)
			if j < 0 {
				break
			}
			j += from
			from = j + 1
			if b != ';' && b < 0x80 && (j+1 >= len(text) || !isDigit(text[j+1]) && text[j+1] != ' ') {
				continue // most hyphens: no digit after them
			}
			if b >= 0x80 && !digitWithin(text, j+2, j+5) {
				continue // most quotes and dashes: no digit after them
			}
			for _, s := range signSpellings {
				if s.s[0] != b && s.s[len(s.s)-1] != b {
					continue
				}
				start, end := j, j+len(s.s) // the spelling's bytes
				if b == ';' {
					start, end = j+1-len(s.s), j+1
				}
				if start < 0 || end > len(text) || text[start:end] != s.s {
					continue
				}
				d := end // where the number starts
				if s.cmp && d < len(text) && text[d] == ' ' {
					d++
				}
				if d >= len(text) || !isDigit(text[d]) || start > 0 && isASCIIAlnum(text[start-1]) {
					break
				}
				e := d
				for e < len(text) && isDigit(text[e]) {
					e++
				}
				digits := text[d:e]
				seen := countDigits(text[:d], digits)
				x := (seen<<8 | uint64(s.sign)) ^ hashString(digits)
				x *= 0x9E3779B97F4A7C15
				h += x ^ x>>32 // a sum: the order the searches find them in does not matter
				break
			}
		}
	}
	return h
}

// countDigits counts the places digits occur in text, outside numeric
// entities ("&#8217;"): the tokenizer decodes those, so two texts with
// the same terms may have them in one and not the other.
func countDigits(text, digits string) uint64 {
	n := uint64(0)
	for from := 0; ; {
		j := strings.Index(text[from:], digits)
		if j < 0 {
			return n
		}
		j += from
		from = j + 1
		q := j
		for q > 0 && isDigit(text[q-1]) {
			q--
		}
		if q > 0 && (text[q-1] == 'x' || text[q-1] == 'X') {
			q--
		}
		if q >= 2 && text[q-2:q] == "&#" {
			continue
		}
		n++
	}
}

// hashString is FNV-1a, for the few digits a digest hashes.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func isDigit(c byte) bool { return c-'0' < 10 }

// digitWithin says whether text has a digit in [from, to).
func digitWithin(text string, from, to int) bool {
	for i := from; i < to && i < len(text); i++ {
		if isDigit(text[i]) {
			return true
		}
	}
	return false
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// mixContent folds a signs digest into a content hash.
func mixContent(content, d uint64) uint64 {
	x := content ^ bits.RotateLeft64(d, 29)
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	return x ^ x>>29
}
