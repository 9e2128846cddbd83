package fingerprint

import (
	"math/bits"
	"strings"

	"github.com/neardup/neardup/pkg/internal/digits"
)

// The tokenizer keeps a number's digits but not what is around them:
// signs and currency symbols ("-12C" and "12C", "¥50" and "£50"), the
// separators between digits ("1,250" and "1.250") and a percent sign
// ("3.5%" and "3.5") are gone from the terms. Content folds them in
// again, so that two texts that differ only there are not the same text
// (a report would list one for removal as an identical copy).

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
	{"<", '<', true}, {">", '>', true}, {"≤", 'l', true}, {"≥", 'g', true}, {"~", '~', false}, {"≈", '~', false},
	{"&minus;", '-', false}, {"&#8722;", '-', false}, {"&ndash;", '-', false}, {"&#8211;", '-', false},
	{"&pound;", 'L', false}, {"&#163;", 'L', false}, {"&euro;", 'E', false}, {"&#8364;", 'E', false}, {"&yen;", 'Y', false}, {"&#165;", 'Y', false},
	{"&dollar;", '$', false}, {"&#36;", '$', false}, {"&plus;", '+', false}, {"&#43;", '+', false}, {"&cent;", 'c', false}, {"&#162;", 'c', false},
	{"&lt;", '<', true}, {"&gt;", '>', true}, {"&le;", 'l', true}, {"&ge;", 'g', true},
}

// figuresDigest hashes, in order, how text writes its numbers: the sign
// or currency symbol before each, the separators between its digits and
// a percent or degree sign after it. It is 0 for text without numbers. A
// run of digits glued to a letter or digit before it ("A4", "2-1",
// "US$5") starts no number of its own, and numeric entities ("&#8217;",
// which the tokenizer decodes) are skipped.
func figuresDigest(text string) uint64 {
	var h uint64
	for i := digits.Next(text, 0); i < len(text); i = digits.Next(text, i) {
		if i > 0 && isASCIIAlnum(text[i-1]) {
			for i < len(text) && isDigit(text[i]) {
				i++
			}
			continue
		}
		if i >= 2 && text[i-1] == '#' && text[i-2] == '&' || i >= 3 && (text[i-1] == 'x' || text[i-1] == 'X') && text[i-2] == '#' && text[i-3] == '&' {
			for i < len(text) && isDigit(text[i]) {
				i++
			}
			continue // an entity
		}
		x := uint64(14695981039346656037) // FNV-1a of the number as written
		add := func(c byte) { x = (x ^ uint64(c)) * 1099511628211 }
		sign, start := signBefore(text, i)
		add(sign)
		if sign != 0 && sign != '-' && sign != '+' && sign != '~' && start < i {
			// A sign before a currency symbol: "-$1.13bn" is not "$1.13bn".
			if s2, _ := signBefore(text, start); s2 == '-' || s2 == '+' || s2 == '~' {
				add(s2)
			}
		}
		for i < len(text) {
			c := text[i]
			if isDigit(c) || (c == '.' || c == ',' || c == ':' || c == '/') && i+1 < len(text) && isDigit(text[i+1]) && isDigit(text[i-1]) {
				add(c)
				i++
				continue
			}
			break
		}
		switch {
		case strings.HasPrefix(text[i:], "%"):
			add('%')
		case strings.HasPrefix(text[i:], "°"), strings.HasPrefix(text[i:], "&deg;"):
			add('o')
		case strings.HasPrefix(text[i:], "‰"):
			add('m')
		}
		h = bits.RotateLeft64(h, 23) ^ x
		h *= 0x9E3779B97F4A7C15
	}
	return h
}

// signBefore returns the byte standing for the sign or currency symbol
// spelled just before text[i], or 0, and where its spelling starts. A
// symbol glued to a letter or digit before it is none.
func signBefore(text string, i int) (byte, int) {
	end := i
	if end > 0 && text[end-1] == ' ' {
		end-- // a comparison may stand a space apart: "< 40%"
	}
	if end == 0 {
		return 0, i
	}
	if p := text[end-1]; p < 0x80 && p != '-' && p != '+' && p != '$' && p != '<' && p != '>' && p != ';' && p != '~' {
		return 0, i // most numbers: nothing to look up
	}
	for _, s := range signSpellings {
		if end < i && !s.cmp || !strings.HasSuffix(text[:end], s.s) {
			continue
		}
		start := end - len(s.s)
		if start > 0 && isASCIIAlnum(text[start-1]) {
			return 0, i
		}
		return s.sign, start
	}
	return 0, i
}

func isDigit(c byte) bool { return c-'0' < 10 }

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// mixContent folds a figures digest into a content hash.
func mixContent(content, d uint64) uint64 {
	x := content ^ bits.RotateLeft64(d, 29)
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	return x ^ x>>29
}
