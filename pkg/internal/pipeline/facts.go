package pipeline

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/internal/digits"
	"github.com/neardup/neardup/pkg/shingle"
	"github.com/neardup/neardup/pkg/tokenize"
)

// A member may go (Covers) only when the kept file holds what it says.
// Shingle coverage alone (every passage shares a shingle) let go what a
// few words carry: a short sentence glued to a line, a score flipped
// ("2-1", "1-2"), a figure or a date changed, a temperature that lost its
// minus sign (the tokenizer drops signs and currency symbols), a "not"
// added or taken out, a story turned around one word at a time. Light
// edits (a word or a spelling changed here and there, words taken out)
// still let a member go; these do not:
//
//   - words of its own: more than maxNewWords in a row, or in more than
//     maxChanges places (newWordsHeld);
//   - figures: every number of the member, as written and with the words
//     that say what it counts or how it compares ("-12c", "£1.5 bn",
//     "less than 40 %", "3 mar"), must be in the kept text after the same
//     word or before the same word (figureFacts, figuresHeld);
//   - negations: every negation of the member (not, never, no longer,
//     isn't...) must be in the kept text between the same two words on
//     one side; and where the kept text has a negation, the member must
//     not have the words around it without it ("did approve" for "did not
//     approve", "is under investigation" for "is not currently under
//     investigation") more often than the kept text does (negationsHeld).
//
// Figures are read from the cleaned text, words and negations from the
// terms (stemmed, as shingled): with --drop-stop-words "not" is no term,
// and negations are not compared.

// maxNewWords is how many words in a row a member may have that the kept
// text lacks and still go: a word or two changed or added ("an
// estimated", "could" for "will be able to"), not a sentence of its own,
// however short ("Police arrested the mayor." glued to a line of the kept
// text, which shingle coverage alone let go).
const maxNewWords = 2

// maxChanges is how many places a member of n words may have words of its
// own in (words taken out do not count) and still go: light edits are
// few (a spelling, a word, a figure's format), while changing a word or
// two in every sentence turns a story around one word at a time
// ("approved" to "rejected", "expand" to "cut", "spring" to "autumn").
func maxChanges(n int) int { return 2 + n/40 }

// newWordsHeld says whether m (unpacked, shingles of k words) has no word
// of its own that u, the kept text, lacks, but for spare words (stop: "a"
// for "the", "has" for "had"; nil: none), and no run of more than
// maxNewWords of those. At each run of m's shingles that u lacks, the
// words of m from the shingle before the run to the one after it are
// aligned with the same stretch of u (longest common subsequence); the
// words left out are m's own. A word swapped for another is a word of m's
// own: a hostile tester's copy of a BBC story with "profits slump" turned
// to "profits soar", "benefited" to "suffered" and "gains" to "losses"
// was listed for removal while up to 2 + n/40 such places were let go.
//
// Words of u left out of the same alignment are words m takes out inside
// a stretch both have; none may be in taken (nil: any may).
func newWordsHeld(m, u *unpacked, k int, stop, taken *negSet) bool {
	k = min(k, len(m.terms))
	seq := m.seq
	var first map[uint64]int // where each shingle of u first is
	sites := 0
	for i := 0; i < len(seq); {
		if u.set.has(seq[i]) {
			i++
			continue
		}
		s := i
		for i < len(seq) && !u.set.has(seq[i]) {
			i++
		}
		if i-s >= k { // a word or more of m's own, not only words taken out
			if sites++; sites > maxChanges(len(m.terms)) {
				return false // not a light edit, but a rewrite
			}
		}
		if i-s > 40 {
			return false // no light edit
		}
		if first == nil {
			first = make(map[uint64]int, len(u.seq))
			for j, h := range u.seq {
				if _, ok := first[h]; !ok {
					first[h] = j
				}
			}
		}
		// m's words from the shingle before the run to the one after it,
		// and u's between the same two shingles.
		ms, me := max(s-1, 0), min(i+k-1, len(m.terms)) // [ms, me)
		us, ue := -1, -1
		if s > 0 {
			us = first[seq[s-1]]
		}
		if i < len(seq) {
			ue = first[seq[i]] + k
		}
		switch {
		case us < 0 && ue < 0:
			return false
		case us < 0:
			us = max(0, ue-(me-ms)-2*maxNewWords)
		case ue < 0:
			ue = min(len(u.terms), us+(me-ms)+2*maxNewWords)
		}
		if ue <= us || ue-us > 4*(me-ms)+40 {
			return false // the text around moved, or is far apart in u
		}
		own, kept := true, true
		if unaligned(m.terms[ms:me], u.terms[us:ue], func(t uint64) {
			own = own && stop != nil && stop.has(t)
		}, func(t uint64) {
			kept = kept && (taken == nil || !taken.has(t))
		}) > maxNewWords || !own || !kept {
			return false
		}
	}
	return true
}

// unaligned calls eachA for every word of a, and eachB for every word of
// b, left out of a longest common subsequence of a and b, and returns the
// longest run of words of a left out.
func unaligned(a, b []uint64, eachA, eachB func(t uint64)) int {
	w := len(b) + 1
	l := make([]uint16, (len(a)+1)*w) // l[i*w+j]: LCS of a[i:], b[j:]
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	longest, run := 0, 0
	for i, j := 0, 0; i < len(a); {
		switch {
		case j < len(b) && a[i] == b[j]:
			i, j, run = i+1, j+1, 0
		case j < len(b) && l[i*w+j+1] >= l[(i+1)*w+j]:
			eachB(b[j])
			j++
		default:
			eachA(a[i])
			i++
			if run++; run > longest {
				longest = run
			}
		}
	}
	return longest
}

// figureFacts appends to dst two hashes for each number in text, in text
// order: the number with the word before it, and with the word after it.
// A number is a word that starts with an ASCII digit: the digits, the
// separators between them (".", ",", ":", "/"), the letters glued after
// them and a "%" or "°" ("-12c", "£1.5bn", "3.5%", "21st"), with the sign
// or currency symbol just before it; and the words beside it that say
// what it counts or how it compares (unitWords, qualifierWords, the word
// before "than"), in one spelling. Words are runs of letters and digits,
// lower-cased; apostrophes inside them are dropped ("Fiat's", "Fiat’s"
// and "Fiat&#8217;s" are one word); entities are decoded first. Only the
// words beside a number are read: text is searched for digits.
func figureFacts(dst []uint64, text string) []uint64 {
	if strings.IndexByte(text, '&') >= 0 {
		text = tokenize.Unescape(text)
	}
	var bufs [4][64]byte
	for i := 0; i < len(text); i++ {
		if text[i]-'0' >= 10 {
			if i = digits.Next(text, i); i >= len(text) {
				break
			}
		}
		if p, _ := runeBefore(text, i); isWordRune(p) {
			_, i = wordAt(bufs[0][:0], text, i) // a digit inside a word ("by3G", "A4"): no number
			i--
			continue
		}
		num, end := wordAt(bufs[0][:0], text, i)
		// Digits grouped by spaces are one number ("5 000", "1 000 000";
		// no-break and thin spaces are spaces by now): read as "5" and
		// "000", the member's "5 subscribers" was held by "5 000
		// subscribers".
		for end+4 <= len(text) && text[end] == ' ' && num[len(num)-1]-'0' < 10 && isDigits(text[end+1:end+4]) {
			if r, _ := runeAt(text, end+4); end+4 < len(text) && isWordRune(r) {
				break
			}
			num = append(append(num, ' '), text[end+1:end+4]...)
			end += 4
		}
		if j := bytes.IndexFunc(num, unicode.IsLetter); j > 0 {
			if u, ok := unitWords[string(num[j:])]; ok { // "£1.5bn" is "£1.5 billion"
				num = append(append(num[:j], ' '), u...)
			}
		}
		switch {
		case strings.HasPrefix(text[end:], "%"):
			num = append(num, " %"...) // as "per cent" is
			end++
		case strings.HasPrefix(text[end:], "°"): // 30°C, 30°F
			num = append(num, "°"...)
			end += len("°")
			if r, n := runeAt(text, end); unicode.IsLetter(r) {
				num = utf8.AppendRune(num, unicode.ToLower(r))
				end += n
			}
		}
		sign, at := signBefore(text, i)
		prev, pstart := prevWord(bufs[1][:0], text, at)
		next, nend := nextWord(bufs[2][:0], text, end)
		// Words that say what the number counts or how it compares are
		// part of it: "£1.5 billion" is not "£1.5 million", "11 p.m." not
		// "11 a.m.", "less than 40%" not "more than 40%".
		for range 2 { // "£5 million", "5 million pounds"
			u, ok := unitWords[string(next)]
			if !ok {
				break
			}
			num = append(append(num, ' '), u...)
			next, nend = nextWord(bufs[2][:0], text, nend)
		}
		qual := bufs[3][:0]
		if string(prev) == "than" || string(prev) == "de" || string(prev) == "que" { // "less than", "plus de", "más de"
			prev, pstart = prevWord(bufs[1][:0], text, pstart)
			qual = append(append(qual, prev...), " than"...)
			prev, _ = prevWord(bufs[1][:0], text, pstart)
		} else if q, ok := qualifierWords[string(prev)]; ok {
			if c, _ := utf8.DecodeRuneInString(q); sign == "" && !unicode.IsLetter(c) {
				sign = q // "USD 50" is "$50"
			} else {
				qual = append(qual, q...)
			}
			prev, _ = prevWord(bufs[1][:0], text, pstart)
		}
		h := factHash(0, factHash(0, 0, qual, []byte(sign)), num, nil)
		dst = append(dst, factHash(1, h, prev, nil), factHash(2, h, next, nil))
		i = end - 1
	}
	return dst
}

// unitWords, after a number, are part of it, in one spelling.
var unitWords = wordMap("million=m millions=m mn=m m=m billion=bn billions=bn bn=bn trillion=tn tn=tn thousand=k thousands=k k=k " +
	"hundred=h hundreds=h crore=crore crores=crore lakh=lakh lakhs=lakh percent=% per=% pc=% pct=% " +
	"euros=€ euro=€ eur=€ dollars=$ dollar=$ usd=$ pounds=£ pound=£ gbp=£ sterling=£ yen=¥ yuan=yuan rupees=₹ rupee=₹ rs=₹ " +
	"naira=naira rand=rand shillings=shilling km=km kms=km kilometres=km kilometers=km miles=mile mile=mile mph=mph kph=kph " +
	"kg=kg kilos=kg kilograms=kg tonnes=t tons=t metres=metre meters=metre feet=ft ft=ft inches=in cm=cm mm=mm " +
	"litres=l liters=l gallons=gal degrees=° c=c f=f a=am am=am p=pm pm=pm gmt=gmt bst=bst utc=utc " +
	"seconds=s minutes=min mins=min hours=h hrs=h days=d weeks=w months=mo years=y yrs=y decades=dec centuries=cent " +
	months)

// months, beside a number, are part of it: "3 March" is not "3 May".
const months = "january=jan february=feb march=mar april=apr may=may june=jun july=jul august=aug september=sep october=oct november=nov december=dec " +
	"jan=jan feb=feb mar=mar apr=apr jun=jun jul=jul aug=aug sep=sep sept=sep oct=oct nov=nov dec=dec"

// qualifierWords, before a number, are part of it (a currency code as its
// symbol); so is the word before "than".
var qualifierWords = wordMap("minus=- plus=+ negative=- under=under over=over below=under above=over nearly=nearly almost=nearly " +
	"least=least most=most usd=$ eur=€ gbp=£ inr=₹ rs=₹ jpy=¥ cny=yuan rmb=yuan aud=a$ cad=c$ nzd=nz$ chf=chf zar=rand ngn=naira kes=ksh ksh=ksh " +
	months)

func wordMap(pairs string) map[string]string {
	m := map[string]string{}
	for _, p := range strings.Fields(pairs) {
		k, v, _ := strings.Cut(p, "=")
		m[k] = v
	}
	return m
}

// maxWord bounds the bytes of a word a fact keeps: no figure is longer,
// and a word's first bytes are enough to know it by.
const maxWord = 48

// isWordRune says whether r is part of a word: a letter or digit.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) // "2½" is one word
}

// isApostrophe says whether r is an apostrophe, dropped inside a word.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc'
}

// runeAt and runeBefore decode the rune at i and the one ending at i.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func runeBefore(s string, i int) (rune, int) {
	if i <= 0 {
		return utf8.RuneError, 0
	}
	if s[i-1] < utf8.RuneSelf {
		return rune(s[i-1]), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// wordAt appends to dst the word starting at i, lower-cased (at most
// maxWord bytes of it), and returns where it ends. A number's
// separators count as part of it when a digit follows them.
func wordAt(dst []byte, s string, i int) ([]byte, int) {
	for i < len(s) {
		r, n := runeAt(s, i)
		switch {
		case isWordRune(r):
			if len(dst) < maxWord {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
		case (isApostrophe(r) || r == '.' || r == ',' || r == ':' || r == '/') && i+n < len(s) && isNextWordRune(s, i+n, r):
			if !isApostrophe(r) && len(dst) < maxWord {
				dst = append(dst, byte(r))
			}
		default:
			return dst, i
		}
		i += n
	}
	return dst, i
}

// isDigits says whether s is ASCII digits only.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]-'0' >= 10 {
			return false
		}
	}
	return true
}

// isNextWordRune says whether the word goes on after r at i: past an
// apostrophe, a letter or digit; past a separator, a digit after a digit.
func isNextWordRune(s string, i int, r rune) bool {
	next, _ := runeAt(s, i)
	if isApostrophe(r) {
		return isWordRune(next)
	}
	prev, _ := runeBefore(s, i-1)
	return next >= '0' && next <= '9' && prev >= '0' && prev <= '9'
}

// prevWord appends the word that ends before i (past whatever is not a
// word between), as wordAt would read it from its start, and returns
// where it starts.
func prevWord(dst []byte, s string, i int) ([]byte, int) {
	for i > 0 { // past the gap
		r, n := runeBefore(s, i)
		if isWordRune(r) {
			break
		}
		i -= n
	}
	start := i
	for start > 0 { // back to the word's start
		r, n := runeBefore(s, start)
		if isWordRune(r) {
			start -= n
			continue
		}
		if (isApostrophe(r) || r == '.' || r == ',' || r == ':' || r == '/') && start-n > 0 {
			if p, _ := runeBefore(s, start-n); isWordRune(p) && isNextWordRune(s, start, r) {
				start -= n
				continue
			}
		}
		break
	}
	w, _ := wordAt(dst, s[:i], start)
	return w, start
}

// nextWord appends the word that starts after i, past whatever is not a
// word between, and returns where it ends.
func nextWord(dst []byte, s string, i int) ([]byte, int) {
	for i < len(s) {
		r, n := runeAt(s, i)
		if isWordRune(r) {
			break
		}
		i += n
	}
	return wordAt(dst, s, i)
}

// signBefore returns the sign or currency symbol just before text[i] (a
// digit), in the form it is compared in, and where it starts (i when
// there is none). A symbol glued to a letter or digit before it is none:
// "2-1" is a score, "1990-91" a season. A comparison may stand a space
// apart: "< 40%".
func signBefore(text string, i int) (string, int) {
	r, n := runeBefore(text, i)
	at := i - n
	if r == ' ' {
		if c, m := runeBefore(text, at); c == '<' || c == '>' || c == '≤' || c == '≥' {
			r, at = c, at-m
		}
	}
	s, ok := signOf(r)
	if !ok {
		return "", i
	}
	// A sign before a currency symbol ("-$1.13bn", "~£2m"): a hostile
	// tester's "-$1.13bn" was held by "$1.13bn".
	if c, m := runeBefore(text, at); !strings.Contains("-+<>~", s) && c != ' ' {
		if cs, ok := signOf(c); ok && strings.Contains("-+<>~", cs) {
			s, at = cs+s, at-m
		}
	}
	if p, _ := runeBefore(text, at); isWordRune(p) {
		return "", i
	}
	return s, at
}

// signOf returns the form a sign or currency symbol is compared in.
func signOf(r rune) (string, bool) {
	switch r {
	case '-', '\u2212', '\u2013': // hyphen-minus, minus, an en dash typed for one
		return "-", true
	case '+', '$', '£', '€', '¥', '₹', '₽', '₩', '¢', '<', '>', '≤', '≥':
		return string(r), true
	case '~', '≈': // about
		return "~", true
	}
	return "", false
}

// factHash hashes a fact: its kind, a hash and the bytes of two words (at
// most 64 in all).
func factHash(kind byte, h uint64, a, b []byte) uint64 {
	var buf [9 + 2*64]byte
	buf[0] = kind
	for i := range 8 {
		buf[1+i] = byte(h >> (8 * i))
	}
	n := 9 + copy(buf[9:], a)
	buf[n] = 0
	n++
	n += copy(buf[n:], b)
	return xxhash.Sum64(buf[:n])
}

// figuresHeld says whether every number of m (figureFacts, pairs in text
// order) is in k after the same word or before the same word.
func figuresHeld(m, k []uint64) bool {
	if len(m) == 0 {
		return true
	}
	have := slices.Clone(k)
	slices.Sort(have)
	in := func(h uint64) bool { _, ok := slices.BinarySearch(have, h); return ok }
	for i := 0; i+1 < len(m); i += 2 {
		if !in(m[i]) && !in(m[i+1]) {
			return false
		}
	}
	return true
}

// negationWords are the words that turn a claim around, in the languages
// --lang has stop words for; a word of another language that is spelled
// as one of them only makes comparisons stricter.
var negationWords = []string{
	"not", "no", "never", "nor", "neither", "cannot", "nobody", "nothing", "none", "without",
	"isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "wouldn't",
	"can't", "couldn't", "shouldn't", "hasn't", "haven't", "hadn't", "mustn't", "needn't", "ain't", "shan't",
	"isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "cant", "couldnt", "wouldnt", "shouldnt",
	"hasnt", "havent", "hadnt", "wont", "mustnt", "neednt", "mightnt", "mightn't", "shant", "aint",
	"n't", "nt", "noone", "nowhere", "hardly", "barely", "scarcely",
	// what is left of "doesn't" when an odd apostrophe splits it ("doesn`t")
	"isn", "aren", "wasn", "weren", "doesn", "didn", "couldn", "wouldn", "shouldn", "hasn", "haven", "hadn", "mustn", "needn", "mightn", "shan",
	"n'est", "n'a", "n'ont", "n'était", "n'y", "n'en", "n'ai", "n'avait", // French, as tokenized
	"ne", "pas", "non", "jamais", "aucun", "aucune", "sans", // French
	"nunca", "jamás", "ni", "sin", "tampoco", "ningún", "ninguna", // Spanish
	"nicht", "kein", "keine", "nie", "niemals", "ohne", // German
	"niet", "geen", "nooit", "zonder", // Dutch
	"non", "mai", "senza", "nessuno", // Italian
	"não", "nem", "nunca", "sem", // Portuguese
	"inte", "ingen", "aldrig", "utan", "ikke", "aldri", "uten", // Swedish, Norwegian, Danish
}

// negationFollowers are part of a negation after it: "no longer", "no
// one", and the "t" of "didn´t" when an odd apostrophe splits it.
var negationFollowers = []string{"longer", "more", "one", "t"}

// negSet is a set of term hashes: a bitmap by the top bits answers most
// lookups (every term of two texts is looked up) before the sorted list.
type negSet struct {
	bits   [64]uint64
	terms  []uint64 // sorted
	follow []uint64 // negationFollowers' terms
}

func (s *negSet) has(t uint64) bool {
	return s.bits[t>>58]&(1<<(t>>52&63)) != 0 && s.listed(t)
}

// listed is has past the bitmap, kept out of line so that has inlines.
//
//go:noinline
func (s *negSet) listed(t uint64) bool {
	_, ok := slices.BinarySearch(s.terms, t)
	return ok
}

// spareWords are the words a member may have of its own, by language:
// articles and relative pronouns ("the" for "a", "which" for "that").
// Not the other stop words: "before" for "after", "up" for "down", "to"
// for "from", "with" for "without", "she" for "he", "was" for "is" turn
// a story around (two hostile testers' findings, when any snowball stop
// word, then forms of be and have, were spared). Other languages spare
// none.
var spareWords = map[string][]string{
	"english": {"a", "an", "the", "that", "which"},
	"french":  {"le", "la", "les", "l", "un", "une", "des"},
	"spanish": {"el", "la", "los", "las", "un", "una", "unos", "unas"},
}

// takenOutWords are the words a member may not lack where the kept text
// has them inside a stretch both share: the kept copy's "The Tories have
// still not dismissed" says the opposite of the member's "The Tories
// dismissed" (a hostile tester's finding: negationsHeld looks only two
// words either side). Negations in every language neardup reads, and
// words that negate without "not"; compared as stemmed, so a word that
// stems like another only keeps more members.
var takenOutWords = append(slices.Clip(negationWords), "rarely", "seldom", "zero", "nil", "instead", "rather",
	"neither", "nadie", "nada", "ninguno", "rien", "personne", "inget", "inga", "intet", "icke",
	"не", "нет", "ни", "никогда", "nem", "soha", "sem", "sehol", "senki", "semmi")

// termsOf returns the set of the term hashes of words under a worker's
// settings, for the words keep accepts (nil: all).
func termsOf(termHash func(string) uint64, words []string, keep func(w string, h uint64) bool) *negSet {
	var hs []uint64
	for _, w := range words {
		if h := termHash(w); h != 0 && (keep == nil || keep(w, h)) {
			hs = append(hs, h)
		}
	}
	return newNegSet(hs...)
}

// newNegSet returns the set of terms hs.
func newNegSet(hs ...uint64) *negSet {
	s := &negSet{terms: slices.Compact(slices.Sorted(slices.Values(hs)))}
	for _, h := range s.terms {
		s.bits[h>>58] |= 1 << (h >> 52 & 63)
	}
	return s
}

// negationTerms returns the term hashes of the negation words under a
// worker's settings (stemmed as it stems; dropped stop words left out).
func negationTerms(termHash func(string) uint64) *negSet {
	// A word the stemmer changes is left out: its stem may be another
	// word's ("hardly" is "hard", French "pas" is "pa").
	s := termsOf(termHash, negationWords, func(w string, h uint64) bool { return h == shingle.WordHash(w) })
	for _, w := range negationFollowers {
		s.follow = append(s.follow, termHash(w))
	}
	return s
}

// negationsHeld says whether the terms of m say no more and no less than
// the terms of k where either has a negation: each negation of m is in k
// between the same two terms before it or the same two after it; and for
// no negation of k (with the words that go with it: "no longer", "n'est
// pas") does m have one of the two terms before it followed within three
// terms, with no negation between, by one of the two after it, more often
// than k has.
func negationsHeld(m, k []uint64, neg *negSet) bool {
	if len(neg.terms) == 0 {
		return true
	}
	var kNeg []int
	for i, t := range k {
		if neg.has(t) {
			kNeg = append(kNeg, i)
		}
	}
	for i, t := range m {
		if !neg.has(t) {
			continue
		}
		held := false
		for _, j := range kNeg {
			if k[j] == t && (at(m, i-2) == at(k, j-2) && at(m, i-1) == at(k, j-1) || at(m, i+1) == at(k, j+1) && at(m, i+2) == at(k, j+2)) {
				held = true
				break
			}
		}
		if !held {
			return false // a negation of m's own
		}
	}
	if len(kNeg) == 0 {
		return true
	}
	// Where m has k's words around a negation of k, with the negation
	// gone or other words in its place, more often than k has them so:
	// one of the two terms before it followed, within three terms and no
	// negation between, by one of the two after it ("who is not currently
	// under investigation" / "who is under investigation"; "who did not
	// vote" / "who voted"). The places of the terms before k's negations
	// are found in one pass over each text.
	type bridge struct{ before, after [2]uint64 }
	var bridges []bridge
	var befores []uint64
	var mask uint64
	for _, i := range kNeg {
		if i > 0 && neg.has(k[i-1]) {
			continue // inside a negation of several words, seen from its start
		}
		j := i + 1 // past the negation: "n'est pas", "no longer", "didn´t"
		for j < len(k) && (neg.has(k[j]) || slices.Contains(neg.follow, k[j])) {
			j++
		}
		br := bridge{[2]uint64{at(k, i-1), at(k, i-2)}, [2]uint64{at(k, j), at(k, j+1)}}
		bridges = append(bridges, br)
		for _, b := range br.before {
			if b != 0 && !slices.Contains(befores, b) {
				befores = append(befores, b)
				mask |= 1 << (b >> 58)
			}
		}
	}
	places := func(s []uint64) []int {
		var out []int
		for j, t := range s {
			if mask&(1<<(t>>58)) != 0 && slices.Contains(befores, t) {
				out = append(out, j)
			}
		}
		return out
	}
	pm, pk := places(m), places(k)
	for _, br := range bridges {
		if bridged(m, pm, br.before, br.after, neg) > bridged(k, pk, br.before, br.after, neg) {
			return false
		}
	}
	return true
}

// bridged counts the places in s, among at, where a term of before is
// followed within three terms, and no negation between, by a term of
// after.
func bridged(s []uint64, at []int, before, after [2]uint64, neg *negSet) int {
	n := 0
	for _, p := range at {
		if s[p] != before[0] && s[p] != before[1] {
			continue
		}
		for q := p + 1; q <= p+3 && q < len(s); q++ {
			if neg.has(s[q]) {
				break
			}
			if s[q] != 0 && (s[q] == after[0] || s[q] == after[1]) {
				n++
				break
			}
		}
	}
	return n
}

// at is s[i], or 0 outside s.
func at(s []uint64, i int) uint64 {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}
