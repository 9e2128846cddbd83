package clean

import (
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The line classifier follows jusText (Pomikálek 2011) on the features
// plain text has: every line left by the rules gets a class from its
// length, stop-word density, sentence punctuation and tokens, then short
// and borderline lines take the class of their neighbours. A line is only
// removed when its context says boilerplate: a paragraph of reporting
// (long, with the stop words of running text) is never removed, and a
// short line between paragraphs stays.

// Languages whose stop words the classifier knows: those --lang accepts.
const (
	langNone = iota
	langEnglish
	langFrench
	langHungarian
	langNorwegian
	langRussian
	langSpanish
	langSwedish
	langCount
)

var langIDs = map[string]int{
	"english": langEnglish, "french": langFrench, "hungarian": langHungarian, "norwegian": langNorwegian,
	"russian": langRussian, "spanish": langSpanish, "swedish": langSwedish,
}

// Thresholds, jusText's (its lengths in characters) with stop-word
// densities lowered for snowball's lists, which are shorter than
// jusText's: running English text measures 0.42 (median over BBC
// paragraphs), menus and link lists far less.
const (
	lengthLow  = 70
	lengthHigh = 200
	stopLow    = 0.25
	stopHigh   = 0.30
	// stopBad: below it a long line is boilerplate on its own (menus,
	// link lists); between it and stopLow it is judged by its context,
	// as a short line is, since lists of names in an article measure
	// there too.
	stopBad = 0.15
	// maxCounted caps the words examined on a line: a density is known
	// well enough after them, and long lines cost no more.
	maxCounted = 48
	// minDocStops is the stop-word density under which a document is not
	// in the language: the classifier then tries the others, and without
	// one that fits judges lines without stop words.
	minDocStops = 0.12
)

// lineStats are the shallow features of one line.
type lineStats struct {
	runes    int
	tokens   int    // white-space separated, up to maxCounted
	counted  int    // letter words among those tokens
	stops    uint64 // per language, a count in byte lang (see stop)
	caps     int    // letter words starting with a capital
	junk     int    // tokens that are a URL, address, handle or tag
	sentence bool
}

func (s *lineStats) density(lang int) float64 {
	if s.counted == 0 {
		return 0
	}
	return float64(s.stop(lang)) / float64(s.counted)
}

// stop returns the stop words of lang counted on the line.
func (s *lineStats) stop(lang int) int { return int(uint8(s.stops >> (8 * lang))) }

// measure fills s for line, counting the stop words of every language.
// It runs on every line the rules leave, so it is one pass over the bytes
// through a table: a word is lower-cased and hashed as it is read and
// looked up once for all languages; a token that turns out to be a link
// or handle takes back the words counted in it.
func (s *lineStats) measure(line string) {
	*s = lineStats{runes: runeCount(line), sentence: endsSentence(line)}
	var buf [maxStopBytes + utf8.UTFMax]byte
	i := 0
	for s.tokens < maxCounted {
		for i < len(line) {
			c := line[i]
			if c < utf8.RuneSelf {
				if !asciiSpace[c] {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(line[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		if i == len(line) {
			break
		}
		start, before := i, *s
		flags, n, h := uint8(0), 0, uint32(fnvOffset)
		for i < len(line) {
			c := line[i]
			f := byteClass[c]
			if f&bcLetter != 0 {
				if i == start && c <= 'Z' {
					s.caps++
				}
				c |= 0x20
				if n < maxStopBytes {
					buf[n] = c
				}
				n++
				h = (h ^ uint32(c)) * fnvPrime
				i++
				continue
			}
			if f&bcHigh != 0 {
				r, size := utf8.DecodeRuneInString(line[i:])
				if unicode.IsSpace(r) {
					break
				}
				i += size
				flags |= bcHigh
				if unicode.IsLetter(r) {
					if n == 0 && start+size == i && unicode.IsUpper(r) {
						s.caps++
					}
					if n < maxStopBytes {
						m := len(utf8.AppendRune(buf[:n], unicode.ToLower(r)))
						for _, b := range buf[n:m] {
							h = (h ^ uint32(b)) * fnvPrime
						}
						n = m
					} else {
						n = maxStopBytes + 1 // too long for a stop word
					}
					continue
				}
			} else {
				if f&bcSpace != 0 {
					break
				}
				flags |= f
				i++
			}
			// Letter runs are the words ("don't" is "don" and "t", as
			// snowball's lists expect).
			if n > 0 {
				s.word(buf[:min(n, maxStopBytes)], n, h)
				n, h = 0, fnvOffset
			}
		}
		if n > 0 {
			s.word(buf[:min(n, maxStopBytes)], n, h)
		}
		if flags&bcJunk != 0 && junkToken(line[start:i]) {
			*s = before
			s.junk++
		}
		s.tokens++
	}
}

// word counts one word (n bytes long, w its first bytes lower-cased, h
// their hash) and the languages it is a stop word of.
func (s *lineStats) word(w []byte, n int, h uint32) {
	s.counted++
	if n <= maxStopBytes {
		s.stops += stopTable.lookup(w, h)
	}
}

// runeCount is utf8.RuneCountInString, eight bytes at a time: the runes
// are the bytes that do not continue one.
func runeCount(s string) int {
	n, i := len(s), 0
	for ; i+8 <= len(s); i += 8 {
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

// Byte classes for measure.
const (
	bcSpace  = 1 << iota
	bcLetter // ASCII letter
	bcJunk   // '@', '#', '/' or '.': the token may be a link or handle
	bcHigh   // not ASCII
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c < utf8.RuneSelf && asciiSpace[c]:
			t[c] = bcSpace
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			t[c] = bcLetter
		case c == '@', c == '#', c == '/', c == '.':
			t[c] = bcJunk
		case c >= utf8.RuneSelf:
			t[c] = bcHigh
		}
	}
	return t
}()

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// maxStopBytes bounds the stop words looked up (the longest in any list
// is shorter): longer words are counted without a look-up.
const maxStopBytes = 24

// stopSet maps a lower-cased word to the languages (a bit per language
// id) whose snowball list has it, by open addressing on the word's FNV-1a
// hash.
type stopSet struct {
	keys  []string
	langs []uint64 // 1 in the byte of each language (see lineStats.stops)
	mask  uint32
}

var stopTable = func() *stopSet {
	n := 0
	for _, l := range stopWordLists {
		n += len(l)
	}
	size := 1
	for size < 4*n {
		size *= 2
	}
	t := &stopSet{keys: make([]string, size), langs: make([]uint64, size), mask: uint32(size - 1)}
	for i, list := range stopWordLists {
		for _, w := range list {
			if len(w) > maxStopBytes {
				panic("clean: stop word longer than maxStopBytes: " + w)
			}
			h := uint32(fnvOffset)
			for j := 0; j < len(w); j++ {
				h = (h ^ uint32(w[j])) * fnvPrime
			}
			for k := h & t.mask; ; k = (k + 1) & t.mask {
				if t.keys[k] == "" || t.keys[k] == w {
					t.keys[k] = w
					t.langs[k] |= 1 << (8 * (langEnglish + i))
					break
				}
			}
		}
	}
	return t
}()

// lookup returns the languages w (hash h) is a stop word of.
func (t *stopSet) lookup(w []byte, h uint32) uint64 {
	for k := h & t.mask; ; k = (k + 1) & t.mask {
		key := t.keys[k]
		if key == "" {
			return 0
		}
		if key == string(w) {
			return t.langs[k]
		}
	}
}

// junkToken reports whether a token is a link, an e-mail address, a
// handle or a hashtag.
func junkToken(t string) bool {
	// Most tokens have neither '@', '#' nor a link's start: tell them
	// cheaply, as this runs on every word.
	if strings.IndexByte(t, '@') < 0 && strings.IndexByte(t, '#') < 0 && strings.IndexByte(t, '/') < 0 && strings.IndexByte(t, '.') < 0 {
		return false
	}
	t = strings.Trim(t, "()[]<>.,;:!?\"'")
	switch {
	case len(t) < 2:
		return false
	case strings.HasPrefix(t, "http://"), strings.HasPrefix(t, "https://"), strings.HasPrefix(t, "www."):
		return true
	case t[0] == '@' || t[0] == '#':
		r, _ := utf8.DecodeRuneInString(t[1:])
		return unicode.IsLetter(r) || r == '_'
	}
	at := strings.IndexByte(t, '@')
	return at > 0 && strings.IndexByte(t[at:], '.') > 1
}

// Classes, jusText's.
type class uint8

const (
	clsNone     class = iota // blank, or removed before classifying
	clsBad                   // boilerplate
	clsShort                 // too short to judge alone
	clsNearGood              // text, if its context is
	clsGood                  // a paragraph of text
)

var classNames = [...]string{"none", "boilerplate", "short", "near-text", "text"}

// Classifier kinds, as reported in Removal.Kind.
const (
	ClassJunk       = "junk-tokens"
	ClassLowStops   = "few-stop-words"
	ClassNoSentence = "no-sentence"
	ClassShort      = "short-among-boilerplate"
	ClassNearGood   = "between-boilerplate"
	ClassLabelRun   = "run-of-labels"
)

// verdict is the classifier's decision on one line.
type verdict struct {
	initial class
	final   class
	kind    string // why initial is clsBad
}

// classify returns, per line, the classifier's verdict; lines already
// dropped, blank lines and documents it cannot judge get clsNone.
func classify(lines []line, lang int, sc *scratch) ([]verdict, []lineStats, int) {
	v := grow(&sc.v, len(lines))
	st := grow(&sc.st, len(lines))
	// Stop words are counted for all languages at once; a document with
	// too few of the configured language's is judged in the language
	// whose stop words it has, if any.
	var n [langCount]int
	counted := 0
	for i := range lines {
		if lines[i].dropped || lines[i].text == "" {
			continue
		}
		st[i].measure(lines[i].text)
		counted += st[i].counted
		for l := range n {
			n[l] += st[i].stop(l)
		}
	}
	if counted > 0 && float64(n[lang]) < minDocStops*float64(counted) {
		best := langNone
		for l := 1; l < langCount; l++ {
			if float64(n[l]) >= minDocStops*float64(counted) && (best == langNone || n[l] > n[best]) {
				best = l
			}
		}
		lang = best
	}
	good, evidence := false, false
	for i := range lines {
		l, s := &lines[i], &st[i]
		switch {
		case l.dropped && (l.kind == "junk" || !l.byRule):
			// A date, a link or a bullet alone does not show that its
			// neighbours are furniture: a fixture's date heads a preview;
			// nor do the guesses of the feature layer.
			continue
		case l.dropped:
			v[i].initial, evidence = clsBad, evidence || l.byRule
			continue
		case l.text == "":
			continue
		}
		d := s.density(lang)
		switch {
		case s.junk > 0 && 2*s.junk >= s.tokens:
			v[i].initial, v[i].kind = clsBad, ClassJunk
		case s.runes < lengthLow:
			v[i].initial = clsShort
		case lang == langNone && !s.sentence:
			v[i].initial, v[i].kind = clsBad, ClassNoSentence
		case lang == langNone && s.runes > lengthHigh:
			v[i].initial = clsGood
		case lang == langNone:
			v[i].initial = clsNearGood
		case d >= stopHigh && (s.runes > lengthHigh || s.sentence && s.counted >= 20),
			d >= stopLow && s.sentence && s.runes > lengthHigh:
			// jusText's length is for HTML paragraphs; a plain-text
			// sentence of twenty words is as sure a sign of text.
			v[i].initial = clsGood
		case d >= stopLow:
			v[i].initial = clsNearGood
		case s.sentence && s.runes > lengthHigh:
			// A long paragraph ending in a sentence is kept whatever
			// its stop words (results, scores, names).
			v[i].initial = clsNearGood
		case d >= stopBad || s.sentence:
			// A sentence with few stop words is more often a list in
			// the article (a team sheet) than furniture.
			v[i].initial = clsShort
		default:
			v[i].initial, v[i].kind = clsBad, ClassLowStops
		}
		good = good || v[i].initial == clsGood
		evidence = evidence || v[i].kind == ClassJunk
	}
	if !good {
		// Nothing reads as text: the classifier cannot tell the article
		// from its furniture here, and keeps everything.
		for i := range v {
			v[i].final = clsNone
		}
		return v, st, lang
	}
	for i := range v {
		v[i].final = v[i].initial
	}
	// Without boilerplate anywhere, the document's edges are its own
	// text: a clean article's headline or closing line is not furniture.
	edge := clsGood
	if evidence {
		edge = clsBad
	}
	// Lines with few stop words between paragraphs are part of the
	// article (a table, a team sheet, a list of names), not furniture.
	for i := 0; i < len(v); {
		if v[i].initial != clsBad || v[i].kind != ClassLowStops {
			i++
			continue
		}
		end := i // the run of such lines, past short and near-text ones
		for j := i + 1; j < len(v); j++ {
			if v[j].initial == clsBad && v[j].kind == ClassLowStops {
				end = j
			} else if v[j].initial == clsBad || v[j].initial == clsGood {
				break
			}
		}
		if neighbour(v, i, -1, true, edge) == clsGood && neighbour(v, end, 1, true, edge) == clsGood {
			for j := i; j <= end; j++ {
				if v[j].initial == clsBad {
					v[j].final = clsNearGood
				}
			}
		}
		i = end + 1
	}
	// On a page with boilerplate, a run of short lines without sentence
	// punctuation is a menu or a list of links to other stories, even
	// between paragraphs (boilerpipe's short-between-short rule).
	if evidence {
		for i := 0; i < len(v); {
			if !label(v[i], &st[i]) {
				i++
				continue
			}
			end, n := i, 1
			for j := i + 1; j < len(v); j++ {
				if lines[j].text == "" || lines[j].dropped {
					continue
				}
				if !label(v[j], &st[j]) {
					break
				}
				end, n = j, n+1
			}
			if n >= minLabelRun {
				for j := i; j <= end; j++ {
					if !lines[j].dropped && lines[j].text != "" {
						v[j].final, v[j].kind = clsBad, ClassLabelRun
						v[j].initial = clsBad
					}
				}
			}
			i = end + 1
		}
	}
	// Headings: a short line, or a title with few stop words, right above
	// a paragraph (past dropped lines) introduces it. jusText looks 200
	// characters ahead, but knows headings from their HTML tags; plain
	// text has none, and a menu's last items are as close.
	for i := range v {
		if !headingLike(v[i], &st[i]) {
			continue
		}
		j := i + 1
		for j < len(v) && (lines[j].text == "" || lines[j].dropped) {
			j++
		}
		if j < len(v) && (v[j].final == clsGood || v[j].final == clsNearGood) {
			v[i].final = clsNearGood
		}
	}
	short := grow(&sc.short, len(v))
	for i := range v {
		if v[i].final != clsShort {
			continue
		}
		prev, next := neighbour(v, i, -1, true, edge), neighbour(v, i, 1, true, edge)
		switch {
		case prev == clsGood && next == clsGood:
			short[i] = clsGood
		case prev == clsBad && next == clsBad:
			short[i] = clsBad
		case prev == clsBad && neighbour(v, i, -1, false, edge) == clsNearGood,
			next == clsBad && neighbour(v, i, 1, false, edge) == clsNearGood:
			short[i] = clsGood
		case st[i].sentence || st[i].counted == 0:
			// Between text and boilerplate, a sentence is text (an
			// article's last short paragraph, a team sheet's line), and
			// so is a number (a table's); a label is not.
			short[i] = clsGood
		default:
			short[i] = clsBad
		}
	}
	for i := range v {
		if v[i].final != clsNearGood {
			continue
		}
		// A sentence is kept even between boilerplate: a rule-dropped
		// line next to an article's lead paragraph does not make it
		// furniture.
		if !st[i].sentence && neighbour(v, i, -1, true, edge) == clsBad && neighbour(v, i, 1, true, edge) == clsBad {
			short[i] = clsBad
		} else {
			short[i] = clsGood
		}
	}
	for i, c := range short {
		if c != clsNone {
			v[i].final = c
		}
	}
	// A title just above a paragraph stays, though rule-dropped bylines
	// and dates between them made it look surrounded by boilerplate.
	for i := range v {
		if v[i].final != clsGood || v[i].initial == clsBad {
			continue
		}
		j := i - 1
		for j >= 0 && (lines[j].text == "" || lines[j].dropped) {
			j--
		}
		if j >= 0 && v[j].final == clsBad && (v[j].initial == clsShort || headingLike(verdict{final: v[j].initial, kind: v[j].kind}, &st[j])) {
			v[j].final = clsGood
		}
	}
	return v, st, lang
}

// scratch holds classify's per-line slices between documents (see
// scratchPool): allocating them per document was a third of cleaning's
// allocations.
type scratch struct {
	v     []verdict
	st    []lineStats
	short []class
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// grow returns (*s)[:n], zeroed, reallocating when it is too short.
func grow[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

// minLabelRun is the shortest run of labels taken for a menu.
const minLabelRun = 4

// label reports whether a line is short and no sentence.
func label(v verdict, s *lineStats) bool {
	return v.initial == clsShort && !s.sentence && s.runes < lengthLow
}

// headingLike reports whether a line could be a heading: short, or a
// title (few stop words, no sentence end, at most twenty words).
func headingLike(v verdict, s *lineStats) bool {
	switch {
	case s.junk > 0 || s.counted < 2:
		return false
	case v.final == clsShort:
		return true
	}
	return v.final == clsBad && v.kind == ClassLowStops && !s.sentence && s.tokens <= 20
}

// neighbour returns the class of the nearest line from i in direction dir
// that is good or bad (or near-good, unless skipNear), or edge past the
// document's end.
func neighbour(v []verdict, i, dir int, skipNear bool, edge class) class {
	for j := i + dir; j >= 0 && j < len(v); j += dir {
		switch c := v[j].final; {
		case c == clsGood || c == clsBad:
			return c
		case c == clsNearGood && !skipNear:
			return c
		}
	}
	return edge
}

func nextNonBlank(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].dropped || lines[j].text != "" {
			return j
		}
	}
	return -1
}

// explainVerdict says which features decided a removal.
func explainVerdict(v []verdict, st []lineStats, lines []line, lang int, i int) (kind, why string) {
	s := &st[i]
	feats := fmt.Sprintf("%d chars, %d words", s.runes, countWords(lines[i].text))
	if lang != langNone && s.counted > 0 {
		feats += fmt.Sprintf(", stop words %d/%d", s.stop(lang), s.counted)
	}
	if s.sentence {
		feats += ", sentence end"
	} else {
		feats += ", no sentence end"
	}
	if s.junk > 0 {
		feats += fmt.Sprintf(", %d of %d tokens links/addresses/handles/tags", s.junk, s.tokens)
	}
	switch v[i].initial {
	case clsBad:
		kind = v[i].kind
	case clsShort:
		kind = ClassShort
	default:
		kind = ClassNearGood
	}
	ctx := fmt.Sprintf("; above: %s, below: %s", describe(v, lines, i, -1), describe(v, lines, i, 1))
	if v[i].initial == clsBad {
		ctx = ""
	}
	return kind, feats + ctx
}

// describe names the line that decided a neighbour class.
func describe(v []verdict, lines []line, i, dir int) string {
	for j := i + dir; j >= 0 && j < len(v); j += dir {
		c := v[j].final
		if c != clsGood && c != clsBad {
			continue
		}
		what := classNames[c]
		switch {
		case lines[j].dropped && lines[j].kind != "":
			what += " (" + lines[j].kind + ")"
		case v[j].kind != "":
			what += " (" + v[j].kind + ")"
		}
		return fmt.Sprintf("line %d %s", j+1, what)
	}
	return "document edge"
}

// listSections marks the items of a list introduced by a boilerplate
// heading ("More on these topics", "Common questions") and set apart by
// bullet lines: teasers and one-line biographies, however much they read
// like text. The list ends at a line dropped for another reason, at a
// blank line after an item, or at the end of the document.
func listSections(lines []line) []int {
	var items []int
	for i := 0; i < len(lines); i++ {
		h := &lines[i]
		if !h.dropped || !h.byRule || h.kind != "teaser" && h.kind != "scaffold" {
			continue
		}
		j := nextNonBlank(lines, i)
		if j < 0 || lines[j].kind != "junk" && lines[j].kind != "scaffold" || !bulletOnly(lines[j].text) {
			continue
		}
		afterItem := false
		for j++; j < len(lines); j++ {
			l := &lines[j]
			switch {
			case l.text == "":
				if afterItem {
					i = j
					j = len(lines)
				}
				continue
			case l.dropped && bulletOnly(l.text):
				afterItem = false
				continue
			case l.dropped:
				i = j - 1
				j = len(lines)
				continue
			}
			items = append(items, j)
			afterItem = true
		}
	}
	return items
}

func bulletOnly(s string) bool {
	return s != "" && !hasWordChar(s) && countWordsUpTo(s, 2) == 1
}
