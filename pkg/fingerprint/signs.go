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
// with, as scraped text spells them, and the byte each stands for.
var signSpellings = []struct {
	s    string
	sign byte
}{
	{"-", '-'}, {"+", '+'}, {"$", '$'}, {"\u2212", '-'}, {"\u2013", '-'},
	{"£", 'L'}, {"€", 'E'}, {"¥", 'Y'}, {"₹", 'R'}, {"₽", 'P'}, {"₩", 'W'}, {"¢", 'c'},
	{"&minus;", '-'}, {"&#8722;", '-'}, {"&ndash;", '-'}, {"&#8211;", '-'},
	{"&pound;", 'L'}, {"&#163;", 'L'}, {"&euro;", 'E'}, {"&#8364;", 'E'}, {"&yen;", 'Y'}, {"&#165;", 'Y'},
	{"<", '<'}, {">", '>'}, {"≤", 'l'}, {"≥", 'g'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&le;", 'l'}, {"&ge;", 'g'},
	{"&dollar;", '$'}, {"&#36;", '$'}, {"&plus;", '+'}, {"&#43;", '+'}, {"&cent;", 'c'}, {"&#162;", 'c'},
}

// signsDigest hashes which of text's runs of digits start with a sign or
// currency symbol, and which: 0 when none does. A symbol glued to a
// letter or digit before it ("2-1", "US$5") is not counted, as the
// tokenizer splits those the same way either way.
func signsDigest(text string) uint64 {
	var h uint64
	run := uint64(0) // runs of digits so far
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' || i > 0 && text[i-1] >= '0' && text[i-1] <= '9' {
			continue
		}
		run++
		if i == 0 {
			continue
		}
		end := i // where the symbol would end
		if text[i-1] == ' ' {
			end = i - 1 // a comparison may stand a space apart: "< 40%"
		}
		if end == 0 {
			continue
		}
		if p := text[end-1]; p >= 'a' && p <= 'z' || p >= 'A' && p <= 'Z' || p == '.' || p == ',' || p == ' ' {
			continue // most digits: nothing to look up
		}
		for _, s := range signSpellings {
			j := end - len(s.s)
			if j < 0 || !strings.HasSuffix(text[:end], s.s) || end < i && !isComparison(s.sign) {
				continue
			}
			if j > 0 && isASCIIAlnum(text[j-1]) {
				break
			}
			h = bits.RotateLeft64(h, 7) ^ (run<<8 | uint64(s.sign))
			h *= 0x9E3779B97F4A7C15
			break
		}
	}
	return h
}

func isComparison(sign byte) bool {
	return sign == '<' || sign == '>' || sign == 'l' || sign == 'g'
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
