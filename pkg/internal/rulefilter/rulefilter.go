// Package rulefilter derives, from a boilerplate rule's regular expression,
// cheap conditions a line must meet for the rule to match it (its length,
// its first bytes, literals it must hold, the lines it matches whole), so
// that pkg/clean runs few regexps per line. Every condition is necessary,
// never sufficient, except the listed whole lines: FuzzClean in pkg/clean
// holds filtered cleaning to running every regexp on every line.
package rulefilter

import (
	"bytes"
	"math/bits"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Filter holds cheap necessary conditions for a rule to match a line,
// derived from the rule's syntax tree, so that most lines never reach the
// regexp engine (which is where cleaning spent 80% of its time). The zero
// Filter is unusable; Plain lets every line through.
type Filter struct {
	// MaxRunes bounds the length of a line the rule can match whole, when
	// it is anchored at both ends; -1 means no bound.
	MaxRunes int
	// Span bounds the length in runes of any match; -1 means no bound.
	Span int
	// Windowed: the rule has required literals, a bounded span and no
	// line anchor, so on a long line its regexp need only run around the
	// literals (see Window).
	Windowed bool
	// Loose is the rule's expression loosened for lines of at most
	// LooseMax runes (see Loosen); "" if it has no long repeat.
	Loose    string
	LooseMax int
	// Starts: the rule is anchored at the start and a match begins with
	// one of these (lower-cased); nil means no such set is known. First
	// marks the first bytes of their every case.
	Starts []string
	First  [256]bool
	// pairs marks (hashed) the first two bytes of the starts in every
	// case; unused when a start is one byte long. The starts a line can
	// have are bucketed by the key of its first two bytes (pairIndex when
	// pairs is used, else the first byte): bucket k is
	// bucketed[bucket[k]:bucket[k+1]].
	pairs    [4]uint64
	onePairs bool
	bucket   [257]uint8
	bucketed []string
	cased    []bool // per bucketed start: it has a letter outside ASCII with case
	// Lits: a match contains at least one of these (lower-cased); nil
	// means no such set is known. Only kept when Starts is nil: checking
	// the start of a line is cheaper than scanning it. Skip does not
	// check them: a caller checks all rules' at once (pkg/internal/ahocorasick).
	Lits []string
	// Whole: for a rule matching whole lines only, lines (lower-cased)
	// it certainly matches, so no regexp needs to run for them; with
	// WholeOnly, the rule matches no other line.
	Whole     map[string]bool
	wholeMax  int // longest line in Whole
	WholeOnly bool
	// lead marks the bytes a matched line can start with, when the rule
	// is anchored at the start and begins with a character class
	// ("^[▶►...]"): such a rule has no literal, and without this its
	// regexp ran on every line. hasLead says lead is known.
	lead    [256]bool
	hasLead bool
	// leadRunes is the class (rune ranges, as syntax gives them) a
	// matched line's first rune is in, checked when that rune is not
	// ASCII: "^[\x{2190}-\x{21FF}...]" shares its first byte with curly
	// quotes.
	leadRunes []rune
	// trail marks the bytes a matched line can end with, when the rule
	// is anchored at the end: a rule without literals ("^[A-Z]...(—|-)$")
	// otherwise ran on every line short enough. hasTrail says it is known.
	trail    [256]bool
	hasTrail bool
	// early: a match starts with at most earlyRunes runes and then one of
	// these (lower-cased, ASCII-foldable), as "^.{0,60}\b(tell us|let us
	// know|...)" does: a long line holding them only further in is
	// skipped, where the regexp engine took microseconds to say no.
	early      []string
	earlyRunes int
	earlyMax   int // bytes in the longest of early
	// litsFoldable: no literal has a letter outside ASCII with case, so
	// a line with its ASCII letters lower-cased holds one if it matches.
	litsFoldable bool
	// also: other sets of literals a match holds one of each (lower-cased,
	// ASCII-foldable), one per part of the expression: Lits is the most
	// selective, but a line holding it often lacks the others ("read"
	// without "ago" for "\d+ hours ago \d+ min read").
	also [][]string
	// whole is Lits without the literals that hold another of them.
	whole []string
}

// Plain is a Filter that knows nothing and skips no line.
var Plain = Filter{MaxRunes: -1, Span: -1}

// New derives the Filter of a rule's expression, as matched with (?i)
// before it; an expression that does not parse gets Plain.
func New(expr string) (p Filter) {
	// The parse tree, not its simplified form: Simplify writes x{0,400}
	// out as 400 nested copies, and analysing those was most of the cost
	// of compiling the rules.
	re, err := syntax.Parse("(?i)"+expr, syntax.Perl)
	if err != nil {
		return Plain
	}
	p = Filter{MaxRunes: -1, Span: maxRunes(re)}
	p.trail, p.hasTrail = trailBytes(re)
	// Last, as it changes the tree.
	defer func() { p.Loose, p.LooseMax, _ = loosen(expr, re) }()
	if anchoredBothEnds(re) {
		p.MaxRunes = p.Span
		if !strings.Contains(expr, "(?-") {
			p.wholeLines(re)
		}
	}
	if anchoredStart(re) {
		if starts := prefixes(re); usableStarts(starts) {
			p.setStarts(starts)
			return p
		}
		p.lead, p.leadRunes, p.hasLead = leadBytes(re)
		p.early, p.earlyRunes = earlyLits(re)
		for _, e := range p.early {
			// Of the whole set: a string left out by minimal ends
			// where the one it holds may.
			p.earlyMax = max(p.earlyMax, len(e))
		}
		p.early = minimal(p.early)
	}
	if lits, sets, ok := requiredAll(re); ok {
		p.Lits = lits
		p.litsFoldable = foldable(lits)
		p.whole = minimal(lits)
		for _, set := range sets {
			if !slices.Equal(set, lits) {
				p.also = append(p.also, minimal(set))
			}
		}
		p.Windowed = p.Span > 0 && !holds(re, lineAnchors...) && foldable(lits)
	}
	return p
}

// lineAnchors are ^ and $ in every form; with \b and \B, the empty-width
// assertions exact ignores.
var (
	lineAnchors = []syntax.Op{syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText}
	assertions  = append(slices.Clone(lineAnchors), syntax.OpWordBoundary, syntax.OpNoWordBoundary)
)

// holds reports whether re or any part of it is one of ops.
func holds(re *syntax.Regexp, ops ...syntax.Op) bool {
	return slices.Contains(ops, re.Op) || slices.ContainsFunc(re.Sub, func(sub *syntax.Regexp) bool { return holds(sub, ops...) })
}

// window returns where in line the matches of a windowed rule can be: from
// 4*span bytes before the first of its literals to as far after the last,
// widened to ASCII non-word bytes so that \b sees the same neighbours as in
// the whole line; ok is false when no literal is found as ASCII folding
// sees them (the caller then searches the whole line).
func (p *Filter) Window(line string) (from, to int, ok bool) {
	lower := []byte(line)
	for i, c := range lower {
		lower[i] = LowerASCII(c)
	}
	first, last := len(line), -1
	for _, lit := range p.Lits {
		if i := bytes.Index(lower, []byte(lit)); i >= 0 {
			first = min(first, i)
			last = max(last, bytes.LastIndex(lower, []byte(lit))+len(lit))
		}
	}
	if last < 0 {
		return 0, 0, false
	}
	from, to = max(0, first-4*p.Span), min(len(line), last+4*p.Span)
	for from > 0 && !boundaryByte(line[from-1]) {
		from--
	}
	for to < len(line) && !boundaryByte(line[to]) {
		to++
	}
	return from, to, true
}

// boundaryByte reports whether c is an ASCII byte that is not a word
// character for \b: a cut next to it leaves \b and rune boundaries as
// they were.
func boundaryByte(c byte) bool {
	return c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_')
}

// skip reports whether the rule cannot match a line for its length or its
// start; runes is the line's length in runes, or -1 if not yet counted.
// (The literals are checked for all rules at once by a matcher.) line must
// have been through SpecialFolder.
func (p *Filter) Skip(line string, runes *int) bool {
	// The starts first: a look at a byte or two, where the length may
	// need the line's runes counted.
	if p.skipStarts(line) {
		return true
	}
	if p.MaxRunes >= 0 && len(line) > p.MaxRunes {
		if len(line) > 4*p.MaxRunes {
			return true
		}
		if *runes < 0 {
			*runes = RuneCount(line)
		}
		if *runes > p.MaxRunes {
			return true
		}
	}
	return false
}

// SkipLower is Skip's second stage, for a line that passed Skip and the
// literal scan, before its regexp runs: lower is the line (through
// SpecialFolder) with its ASCII letters lower-cased, ascii says its runes
// are its bytes. It reports whether the line lacks one of the literal
// sets the rule needs besides Lits, or the literals it needs early in it,
// or, with lits (the scan looked for their first bytes only), holds none
// of Lits whole.
func (p *Filter) SkipLower(lower []byte, ascii, lits bool) bool {
	if lits && p.litsFoldable && !holdsAny(lower, p.whole) {
		return true
	}
	for _, set := range p.also {
		if !holdsAny(lower, set) {
			return true
		}
	}
	if p.early == nil {
		return false
	}
	limit := p.earlyRunes
	if !ascii {
		limit *= utf8.UTFMax
	}
	return !holdsAny(lower[:min(len(lower), limit+p.earlyMax)], p.early)
}

// minimal returns set without the strings that hold another of its
// strings: a text holds one of set exactly when it holds one of these.
func minimal(set []string) []string {
	if len(set) == 0 {
		return set
	}
	shortest := len(set[0])
	for _, l := range set {
		shortest = min(shortest, len(l))
	}
	var out []string
	for _, l := range set {
		if len(l) == shortest || !slices.ContainsFunc(set, func(m string) bool { return len(m) < len(l) && strings.Contains(l, m) }) {
			out = append(out, l)
		}
	}
	return out
}

// holdsAny reports whether s holds one of lits.
func holdsAny(s []byte, lits []string) bool {
	for _, l := range lits {
		if bytes.Contains(s, []byte(l)) {
			return true
		}
	}
	return false
}

// earlyLits returns, for re anchored at the start, the strings one of
// which a match has after at most runes runes: those of the first part
// of re whose every match is known (see exact), after parts of bounded
// length. nil if there is none.
func earlyLits(re *syntax.Regexp) (lits []string, runes int) {
	for _, sub := range re.Sub[1:] {
		if e, ok := exact(sub); ok && usableLits(e) && foldable(e) {
			return e, runes
		}
		m := maxRunes(sub)
		if m < 0 {
			return nil, 0
		}
		runes += m
	}
	return nil, 0
}

// skipStarts reports whether line cannot start, or end, as a match does:
// not with its lead rune or one of p.Starts, not with its trail byte.
func (p *Filter) skipStarts(line string) bool {
	if p.hasLead {
		if line == "" || !p.lead[line[0]] {
			return true
		}
		// Invalid UTF-8 is U+FFFD to the regexp engine: let it by.
		if line[0] >= utf8.RuneSelf {
			if r, n := utf8.DecodeRuneInString(line); n > 1 && !inRanges(r, p.leadRunes) {
				return true
			}
		}
	}
	if p.hasTrail && (line == "" || !p.trail[line[len(line)-1]]) {
		return true
	}
	if p.Starts != nil {
		if line == "" || !p.First[line[0]] {
			return true
		}
		k := uint(line[0])
		if p.onePairs {
			if len(line) < 2 {
				return true
			}
			if k = pairIndex(line[0], line[1]); p.pairs[k/64]&(1<<(k%64)) == 0 {
				return true
			}
		}
		for i := p.bucket[k]; i < p.bucket[k+1]; i++ {
			if s := p.bucketed[i]; p.cased[i] && hasPrefixFoldUnicode(line, s) || !p.cased[i] && hasPrefixFoldASCII(line, s) {
				return false
			}
		}
		return true
	}
	return false
}

// setStarts keeps starts as the rule's, with the tables Skip checks
// them by: the first bytes of every case of their first rune and, when
// all are two bytes or longer, the hashed first two bytes of every case
// of their first two runes; and the starts bucketed by either.
func (p *Filter) setStarts(starts []string) {
	p.Starts = starts
	type keyed struct {
		first, pair uint
		s           string
	}
	var keys []keyed
	p.onePairs = true
	for _, s := range starts {
		r0, n0 := utf8.DecodeRuneInString(s)
		for _, v0 := range caseVariants(r0) {
			e0 := utf8.AppendRune(nil, v0)
			p.First[e0[0]] = true
			switch {
			case len(e0) >= 2:
				keys = append(keys, keyed{uint(e0[0]), pairIndex(e0[0], e0[1]), s})
			case n0 < len(s):
				r1, _ := utf8.DecodeRuneInString(s[n0:])
				for _, v1 := range caseVariants(r1) {
					keys = append(keys, keyed{uint(e0[0]), pairIndex(e0[0], utf8.AppendRune(nil, v1)[0]), s})
				}
			default:
				keys = append(keys, keyed{uint(e0[0]), 0, s})
				p.onePairs = false
			}
		}
	}
	key := func(k keyed) uint {
		if p.onePairs {
			return k.pair
		}
		return k.first
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if key(a) != key(b) {
			return int(key(a)) - int(key(b))
		}
		return strings.Compare(a.s, b.s)
	})
	keys = slices.CompactFunc(keys, func(a, b keyed) bool { return key(a) == key(b) && a.s == b.s })
	if len(keys) > 255 {
		// Too many to bucket in uint8 offsets: every line checks them all.
		p.onePairs = false
		p.bucketed = starts
		for _, s := range starts {
			p.cased = append(p.cased, hasCasedNonASCII(s))
		}
		for k := range 256 {
			p.bucket[k+1] = uint8(len(starts))
		}
		return
	}
	for _, k := range keys {
		if p.onePairs {
			p.pairs[k.pair/64] |= 1 << (k.pair % 64)
		}
		p.bucketed = append(p.bucketed, k.s)
		p.cased = append(p.cased, hasCasedNonASCII(k.s))
	}
	for k := range 256 {
		p.bucket[k+1] = p.bucket[k]
		for int(p.bucket[k+1]) < len(keys) && key(keys[p.bucket[k+1]]) == uint(k) {
			p.bucket[k+1]++
		}
	}
}

// caseVariants returns r and the runes case folding equates with it,
// but for the two SpecialFolder replaces in lines before Skip sees them.
func caseVariants(r rune) []rune {
	vs := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f != '\u212a' && f != '\u017f' {
			vs = append(vs, f)
		}
	}
	return vs
}

// hasPrefixFoldASCII reports whether s starts with prefix, a start
// without letters outside ASCII that have case: its ASCII letters are
// compared folded, other bytes as they are.
func hasPrefixFoldASCII(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if LowerASCII(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// hasPrefixFoldUnicode reports whether s starts with prefix, a start as
// exact returns it, folding case rune by rune as the rule's regexp does.
func hasPrefixFoldUnicode(s, prefix string) bool {
	for _, pr := range prefix {
		if s == "" {
			return false
		}
		r, n := utf8.DecodeRuneInString(s)
		if r != pr && !sameFold(r, pr) {
			return false
		}
		s = s[n:]
	}
	return true
}

// sameFold reports whether case folding equates a and b.
func sameFold(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// RuneCount is utf8.RuneCountInString eight bytes at a time: the runes
// are the bytes that do not continue one. (Counted one at a time, the
// length of lines for Skip was a fifth of cleaning.) In invalid UTF-8 a
// stray continuation byte is not counted, so the count is never more
// than the regexp engine's, and Skip stays a necessary condition.
func RuneCount(s string) int {
	n, i := len(s), 0
	for ; i+8 <= len(s); i += 8 {
		// Runs of ASCII, most of a line even where it has curly
		// quotes, 32 bytes at a time.
		for i+32 <= len(s) && (load64(s, i)|load64(s, i+8)|load64(s, i+16)|load64(s, i+24))&highBits == 0 {
			i += 32
		}
		if i+8 > len(s) {
			break
		}
		x := load64(s, i)
		n -= bits.OnesCount64(x & ^(x << 1) & highBits) // 10xxxxxx
	}
	for ; i < len(s); i++ {
		if s[i]&0xc0 == 0x80 {
			n--
		}
	}
	return n
}

// IsASCII reports whether s is all ASCII, eight bytes at a time: a line
// of such a text is as many runes as bytes, has no rune SpecialFolder
// replaces and no capital outside ASCII.
func IsASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if load64(s, i)&highBits != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

const highBits = 0x8080808080808080

// load64 reads s[i:i+8] as a little-endian integer (one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// pairIndex hashes two bytes, ASCII letters folded, to 0..255.
func pairIndex(a, b byte) uint {
	return (uint(a|0x20)*31 + uint(b|0x20)) & 255
}

// wholeLines fills whole from re, anchored at both ends and
// case-insensitive throughout: the lines its exactly-known alternatives
// match. (|0x20 folds ASCII letters; it also merges some punctuation,
// which only makes the filter looser.)
func (p *Filter) wholeLines(re *syntax.Regexp) {
	body := re.Sub[1 : len(re.Sub)-1]
	if len(body) != 1 || holds(body[0], assertions...) {
		return
	}
	lines, complete := someExact(body[0])
	if len(lines) == 0 || !foldable(lines) {
		return
	}
	p.Whole = map[string]bool{}
	for _, l := range lines {
		p.Whole[l] = true
		p.wholeMax = max(p.wholeMax, len(l))
	}
	p.WholeOnly = complete
}

// someExact returns strings re certainly matches, lower-cased: all of
// them (complete) when exact can list them, else those of the
// alternatives it can, through the prefixes the parser factored out.
func someExact(re *syntax.Regexp) (lines []string, complete bool) {
	if e, ok := exact(re); ok {
		return e, true
	}
	switch re.Op {
	case syntax.OpCapture:
		return someExact(re.Sub[0])
	case syntax.OpAlternate:
		complete = true
		for _, sub := range re.Sub {
			e, c := someExact(sub)
			lines, complete = append(lines, e...), complete && c
		}
		if lines = dedupe(lines); len(lines) > 4*maxSet {
			return nil, false
		}
		return lines, complete
	case syntax.OpConcat:
		lines, complete = []string{""}, true
		for _, sub := range re.Sub {
			e, c := someExact(sub)
			if lines = crossUpTo(lines, e, 4*maxSet); lines == nil {
				return nil, false
			}
			complete = complete && c
		}
		return lines, complete
	}
	return nil, false
}

// matchesWhole reports whether line (through SpecialFolder) is one of
// the lines the rule certainly matches.
func (p *Filter) MatchesWhole(line string) bool {
	if len(line) > p.wholeMax || p.Whole == nil {
		return false
	}
	var buf [256]byte
	b := buf[:len(line)]
	for i := 0; i < len(line); i++ {
		b[i] = LowerASCII(line[i])
	}
	return p.Whole[string(b)]
}

// foldable reports whether lower-casing ASCII letters is all the case
// folding lines need to be compared with these: no non-ASCII letter with
// case, and short enough for matchesWhole's buffer.
func foldable(lines []string) bool {
	return !slices.ContainsFunc(lines, func(l string) bool { return len(l) > 256 || hasCasedNonASCII(l) })
}

// hasCasedNonASCII reports whether s holds a non-ASCII letter with case,
// which ASCII folding would not fold.
func hasCasedNonASCII(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && (unicode.ToUpper(r) != r || unicode.ToLower(r) != r) {
			return true
		}
	}
	return false
}

// LowerASCII lower-cases an ASCII letter and leaves other bytes alone:
// the folding Skip compares starts with.
func LowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// The only non-ASCII runes that case-insensitive matching equates with
// ASCII letters are the Kelvin sign (k) and the long s; the ASCII-only
// prefilters see lines with them replaced.
var SpecialFolder = strings.NewReplacer("\u212a", "k", "\u017f", "s")

// AppendLowerASCII appends s to dst with its ASCII letters lower-cased
// (what SkipLower wants).
func AppendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, LowerASCII(s[i]))
	}
	return dst
}

// HasSpecialFolds reports whether text holds a rune SpecialFolder replaces.
// Cleaning asks once per document, as most never do.
func HasSpecialFolds(text string) bool {
	return strings.Contains(text, "\u212a") || strings.Contains(text, "\u017f")
}

// leadBytes returns the first bytes of the lines an anchored re can match,
// when what follows its anchor is a character class, repeated at least
// once: the UTF-8 first bytes of the class's runes.
func leadBytes(re *syntax.Regexp) (lead [256]bool, ranges []rune, ok bool) {
	if len(re.Sub) < 2 {
		return lead, nil, false
	}
	first := re.Sub[1]
	for (first.Op == syntax.OpPlus || first.Op == syntax.OpRepeat && first.Min >= 1 || first.Op == syntax.OpCapture) && len(first.Sub) == 1 {
		first = first.Sub[0]
	}
	if first.Op != syntax.OpCharClass {
		return lead, nil, false
	}
	var buf [utf8.UTFMax]byte
	for i := 0; i+1 < len(first.Rune); i += 2 {
		lo, hi := first.Rune[i], first.Rune[i+1]
		if lo < utf8.RuneSelf {
			for r := lo; r <= min(hi, utf8.RuneSelf-1); r++ {
				lead[r] = true
			}
			lo = utf8.RuneSelf
		}
		if lo > hi {
			continue
		}
		// Every first byte from lo's to hi's: UTF-8 orders them as runes.
		utf8.EncodeRune(buf[:], lo)
		a := buf[0]
		utf8.EncodeRune(buf[:], min(hi, unicode.MaxRune))
		for b := int(a); b <= int(buf[0]); b++ {
			lead[b] = true
		}
	}
	// A byte of invalid UTF-8 is U+FFFD to the regexp engine.
	if slices.ContainsFunc(lead[0x80:], func(b bool) bool { return b }) {
		for b := 0x80; b < 0x100; b++ {
			if !utf8.RuneStart(byte(b)) || b >= 0xF5 || b == 0xC0 || b == 0xC1 {
				lead[b] = true
			}
		}
	}
	specialFolded(&lead, first.Rune)
	return lead, first.Rune, true
}

// inRanges reports whether r is in a class's ranges (sorted lo, hi
// pairs), by binary search: a class folded for case has hundreds.
func inRanges(r rune, ranges []rune) bool {
	lo, hi := 0, len(ranges)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case r < ranges[2*m]:
			hi = m
		case r > ranges[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

// specialFolded marks in bytes what SpecialFolder makes of the runes it
// replaces that ranges (a class's) hold: Skip sees a line through it, so
// a case-sensitive class holding U+212A (\p{Lu} does) must let "k" by.
func specialFolded(bytes *[256]bool, ranges []rune) {
	bytes['k'] = bytes['k'] || inRanges('\u212a', ranges)
	bytes['s'] = bytes['s'] || inRanges('\u017f', ranges)
}

// trailBytes returns the bytes a match of re can end a line with, when
// re is anchored at the end and what comes before the anchor cannot match
// empty; ok is false when they are not known.
func trailBytes(re *syntax.Regexp) (trail [256]bool, ok bool) {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return trail, false
	}
	if last := re.Sub[len(re.Sub)-1].Op; last != syntax.OpEndText && last != syntax.OpEndLine {
		return trail, false
	}
	body := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[:len(re.Sub)-1]}
	nullable, ok := lastBytes(body, &trail)
	return trail, ok && !nullable
}

// lastBytes marks in set the last bytes of re's non-empty matches and
// reports whether re matches empty; ok is false when it cannot tell.
// Outside ASCII it marks every byte from 0x80: a rune's last byte, or
// invalid UTF-8 (U+FFFD to the regexp engine).
func lastBytes(re *syntax.Regexp, set *[256]bool) (nullable, ok bool) {
	high := func() {
		if set[0x80] {
			return // set all at once, and by nothing else
		}
		for b := 0x80; b < 0x100; b++ {
			set[b] = true
		}
	}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		r := re.Rune[len(re.Rune)-1]
		if r >= utf8.RuneSelf {
			high()
			specialFolded(set, []rune{r, r}) // a literal U+212A ends a folded line in "k"
			return false, true
		}
		set[r] = true
		if re.Flags&syntax.FoldCase != 0 {
			set[unicode.ToUpper(r)], set[unicode.ToLower(r)] = true, true
			if r|0x20 == 'k' || r|0x20 == 's' {
				high() // folds with U+212A or U+017F
			}
		}
		return false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= min(re.Rune[i+1], utf8.RuneSelf-1); r++ {
				set[r] = true
			}
		}
		if n := len(re.Rune); n > 0 && re.Rune[n-1] >= utf8.RuneSelf {
			high()
		}
		specialFolded(set, re.Rune)
		return false, true
	case syntax.OpCapture:
		return lastBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		_, ok := lastBytes(re.Sub[0], set)
		return true, ok
	case syntax.OpPlus:
		return lastBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		n, ok := lastBytes(re.Sub[0], set)
		return n || re.Min == 0, ok
	case syntax.OpConcat:
		for i := len(re.Sub) - 1; i >= 0; i-- {
			n, ok := lastBytes(re.Sub[i], set)
			if !ok {
				return false, false
			}
			if !n {
				return false, true
			}
		}
		return true, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			n, ok := lastBytes(sub, set)
			if !ok {
				return false, false
			}
			nullable = nullable || n
		}
		return nullable, true
	}
	return false, false
}

func anchoredStart(re *syntax.Regexp) bool {
	return re.Op == syntax.OpConcat && len(re.Sub) > 0 &&
		(re.Sub[0].Op == syntax.OpBeginText || re.Sub[0].Op == syntax.OpBeginLine)
}

// usableStarts reports whether a set of prefixes can filter lines: none
// is empty.
func usableStarts(starts []string) bool {
	return len(starts) > 0 && !slices.Contains(starts, "")
}

func anchoredBothEnds(re *syntax.Regexp) bool {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return false
	}
	first, last := re.Sub[0].Op, re.Sub[len(re.Sub)-1].Op
	return (first == syntax.OpBeginText || first == syntax.OpBeginLine) &&
		(last == syntax.OpEndText || last == syntax.OpEndLine)
}

// maxRunes is the most runes re can match, or -1 if unbounded.
func maxRunes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxRunes(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if maxRunes(re.Sub[0]) == 0 {
			return 0
		}
		return -1
	case syntax.OpRepeat:
		m := maxRunes(re.Sub[0])
		if re.Max < 0 || m < 0 {
			return -1
		}
		return re.Max * m
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			m := maxRunes(s)
			if m < 0 {
				return -1
			}
			total += m
		}
		return total
	case syntax.OpAlternate:
		most := 0
		for _, s := range re.Sub {
			m := maxRunes(s)
			if m < 0 {
				return -1
			}
			most = max(most, m)
		}
		return most
	}
	return 0 // empty-width operators
}

// maxSet bounds the literal sets the analysis below builds; beyond it a
// set is too weak a filter to be worth checking.
const maxSet = 64

// exact returns every string re can match, lower-cased, when there are few.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true // the assertion constrains context, not text
	case syntax.OpLiteral:
		if slices.ContainsFunc(re.Rune, unfoldable) {
			return nil, false
		}
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] >= 16 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if unfoldable(r) {
					return nil, false
				}
				set = append(set, strings.ToLower(string(r)))
			}
		}
		set = dedupe(set)
		return set, len(set) > 0 && len(set) <= 16
	case syntax.OpRepeat:
		// x{2,3} as xx or xxx, when x has few forms and the count is small.
		if re.Max < 0 || re.Max > 4 {
			return nil, false
		}
		sub, ok := exact(re.Sub[0])
		if !ok {
			return nil, false
		}
		var set []string
		power := []string{""}
		for n := 0; n <= re.Max; n++ {
			if n >= re.Min {
				set = append(set, power...)
			}
			if n < re.Max {
				if power = cross(power, sub); power == nil {
					return nil, false
				}
			}
		}
		set = dedupe(set)
		return set, len(set) <= maxSet
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := exact(re.Sub[0])
		return dedupe(append(sub, "")), ok
	case syntax.OpConcat:
		set := []string{""}
		for _, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok {
				return nil, false
			}
			if set = cross(set, e); set == nil {
				return nil, false
			}
		}
		return set, true
	case syntax.OpAlternate:
		set, ok := unionOf(re.Sub, exact)
		return set, ok && len(set) <= maxSet
	}
	return nil, false
}

// runeCut returns where to cut s to keep at most n bytes, whole runes
// only, and at least its first rune.
func runeCut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	if n == 0 {
		_, n = utf8.DecodeRuneInString(s)
	}
	return n
}

// unfoldable reports whether r lower-cased is not one of the runes case
// folding equates r with (U+0130, capital I with a dot, lower-cases to
// "i", which does not fold back): a literal with it is not compared
// through its lower case.
func unfoldable(r rune) bool {
	l := unicode.ToLower(r)
	return l != r && !sameFold(r, l)
}

// unionOf returns the union of f over subs, if f knows each.
func unionOf(subs []*syntax.Regexp, f func(*syntax.Regexp) ([]string, bool)) ([]string, bool) {
	var set []string
	for _, sub := range subs {
		e, ok := f(sub)
		if !ok {
			return nil, false
		}
		set = append(set, e...)
	}
	return dedupe(set), true
}

// cross returns every a+b, or nil when there would be more than maxSet.
func cross(as, bs []string) []string { return crossUpTo(as, bs, maxSet) }

// crossUpTo is cross with another bound.
func crossUpTo(as, bs []string, limit int) []string {
	if len(as)*len(bs) > limit || len(as)*len(bs) == 0 {
		return nil
	}
	var out []string
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return dedupe(out)
}

func dedupe(set []string) []string {
	slices.Sort(set)
	return slices.Compact(set)
}

// prefixes returns strings one of which every match of re starts with,
// lower-cased; a set holding "" says nothing.
func prefixes(re *syntax.Regexp) []string {
	if e, ok := exact(re); ok {
		return e
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return prefixes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return prefixes(re.Sub[0])
		}
	case syntax.OpConcat:
		set := []string{""}
		for i, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok {
				next := prefixes(sub)
				if nullable(sub) {
					// Either sub's text starts the rest, or what follows it.
					rest := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[i+1:], Flags: re.Flags}
					if next = shorten(append(prefixes(sub.Sub[0]), prefixes(rest)...)); slices.Contains(next, "") {
						next = []string{""}
					}
				}
				if longer := cross(set, next); longer != nil {
					set = longer
				}
				return set
			}
			longer := cross(set, e)
			if longer == nil {
				return set
			}
			set = longer
		}
		return set
	case syntax.OpAlternate:
		var set []string
		for _, sub := range re.Sub {
			set = append(set, prefixes(sub)...)
		}
		return shorten(set)
	}
	return []string{""}
}

// nullable reports whether re, which exact does not know, is an optional
// or repeated part that can match nothing: x?, x*, x{0,n}.
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpQuest, syntax.OpStar:
		return true
	case syntax.OpRepeat:
		return re.Min == 0
	}
	return false
}

// shorten returns a set of prefixes no larger than maxSet: set itself, or
// its members cut to their first bytes (still a prefix of every match),
// as many as keep the set small enough; [""] if even one byte is too many.
func shorten(set []string) []string {
	set = dedupe(set)
	if len(set) <= maxSet {
		return set
	}
	if slices.Contains(set, "") {
		return []string{""}
	}
	longest := 0
	for _, s := range set {
		longest = max(longest, len(s))
	}
	for n := longest - 1; n >= 1; n-- {
		cut := make([]string, len(set))
		for i, s := range set {
			cut[i] = s[:runeCut(s, n)]
		}
		if cut = dedupe(cut); len(cut) <= maxSet {
			return cut
		}
	}
	return []string{""}
}

// required returns strings at least one of which every match of re
// contains, lower-cased.
func required(re *syntax.Regexp) ([]string, bool) {
	if e, ok := exact(re); ok {
		return e, usableLits(e)
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		best, _ := concatRequired(re)
		return best, best != nil
	case syntax.OpAlternate:
		return unionOf(re.Sub, required)
	}
	return nil, false
}

// requiredAll is required, with, for a concatenation, the literal sets of
// its other parts too (see concatRequired).
func requiredAll(re *syntax.Regexp) (best []string, all [][]string, ok bool) {
	if e, isExact := exact(re); isExact {
		return e, nil, usableLits(e) // as required says
	}
	if re.Op != syntax.OpConcat {
		best, ok = required(re)
		return best, nil, ok
	}
	best, all = concatRequired(re)
	return best, all, best != nil
}

// concatRequired returns, for a concatenation, the literal sets its parts
// require: each run of consecutive exactly-known parts, joined (so "b" and
// "[yY]" give "by"), and what each other part requires. best is the most
// selective usable one; all holds every usable, ASCII-foldable one.
func concatRequired(re *syntax.Regexp) (best []string, all [][]string) {
	consider := func(lits []string) {
		if !usableLits(lits) {
			return
		}
		if best == nil || selectivity(lits) > selectivity(best) {
			best = lits
		}
		if foldable(lits) {
			all = append(all, lits)
		}
	}
	run := []string{""}
	for _, sub := range re.Sub {
		if e, ok := exact(sub); ok {
			if longer := cross(run, e); longer != nil {
				run = longer
				continue
			}
			consider(run)
			run = e
			continue
		}
		consider(run)
		run = []string{""}
		if lits, ok := required(sub); ok {
			consider(lits)
		}
	}
	consider(run)
	return best, all
}

// usableLits reports whether a literal set can filter lines: no member is
// empty or white space only (a space is in nearly every line).
func usableLits(lits []string) bool {
	if len(lits) == 0 {
		return false
	}
	for _, l := range lits {
		if strings.TrimSpace(l) == "" {
			return false
		}
	}
	return true
}

// selectivity prefers sets whose shortest member is longest.
func selectivity(lits []string) int {
	shortest := 1 << 30
	for _, l := range lits {
		shortest = min(shortest, len(strings.TrimSpace(l)))
	}
	return shortest*64 - len(lits)
}

// HasLiteral is the plain form of what a literal scan computes for all
// rules at once: whether lower (lower-cased) holds one of the rule's
// required literals, or the rule has none.
func (p *Filter) HasLiteral(lower string) bool {
	if p.Lits == nil {
		return true
	}
	for _, l := range p.Lits {
		if strings.Contains(lower, l) {
			return true
		}
	}
	return false
}

// loosenMin is the smallest bound of a repeat Loosen lifts: shorter ones
// cost the regexp engine little.
const loosenMin = 16

// Loosen returns expr with the upper bound of each repeat of one rune
// (".{0,200}", "[^/]{1,60}") of at least loosenMin lifted, and the
// shortest bound it lifted: on a line of at most that many runes no such
// repeat can reach its bound, so the loosened expression finds exactly
// the matches expr does, with a program a fraction of the size (x{0,200}
// compiles to 200 copies of x, which keeps the regexp engine on its
// slowest matcher). ok is false when expr has no such repeat, or when
// the bounds cannot be told apart in its text (the loosened text is
// checked to parse to expr's tree with those bounds lifted; it is edited
// as text, as the parser's own rendering of a tree can take far longer
// to compile).
func Loosen(expr string) (loose string, maxRunes int, ok bool) {
	re, err := syntax.Parse("(?i)"+expr, syntax.Perl)
	if err != nil {
		return "", 0, false
	}
	return loosen(expr, re)
}

// loosen is Loosen of expr parsed as re, which it changes.
func loosen(expr string, re *syntax.Regexp) (loose string, maxRunes int, ok bool) {
	maxRunes = -1
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		if re.Op == syntax.OpRepeat && re.Max >= loosenMin && oneRune(re.Sub[0]) {
			if maxRunes < 0 || re.Max < maxRunes {
				maxRunes = re.Max
			}
			re.Max = -1
		}
		for _, sub := range re.Sub {
			walk(sub)
		}
	}
	walk(re)
	if maxRunes < 0 {
		return "", 0, false
	}
	loose = boundRE.ReplaceAllStringFunc(expr, func(b string) string {
		m := boundRE.FindStringSubmatch(b)
		if n, err := strconv.Atoi(m[2]); err == nil && n >= loosenMin {
			return "{" + m[1] + ",}"
		}
		return b
	})
	got, err := syntax.Parse("(?i)"+loose, syntax.Perl)
	if err != nil || !got.Equal(re) {
		return "", 0, false
	}
	return loose, maxRunes, true
}

// boundRE finds the bounds of counted repeats in an expression's text.
var boundRE = regexp.MustCompile(`\{(\d+),(\d+)\}`)

// oneRune reports whether every match of re is one rune.
func oneRune(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 1
	}
	return false
}
