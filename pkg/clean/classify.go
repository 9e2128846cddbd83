package clean

import (
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pkg/internal/rulefilter"
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
	stopLow    = stopLowPct / 100.0
	stopLowPct = 25
	stopHigh   = 0.30
	// stopBad: below it a long line is boilerplate on its own (menus,
	// link lists); between it and stopLow it is judged by its context,
	// as a short line is, since lists of names in an article measure
	// there too.
	stopBad = 0.15
	// maxCounted caps the words examined on a line: a density is known
	// well enough after them, and long lines cost no more.
	maxCounted = 24
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
	partial  bool // measure stopped early, sure the line is text
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
// through a table; an ASCII word is looked up, once for all languages, by
// its bytes as one integer, and only words with other letters are copied.
// A token that turns out to be a link or handle takes back its words.
//
// A long line ending in a sentence is text once a quarter of the words it
// may examine are stop words of lang (see classify), whatever the rest
// say; measure stops there, as such lines are most of an article's bytes.
//
// runes is the line's length in runes, or -1 if the rules did not count
// it.
func (s *lineStats) measure(line string, lang int, runes int) {
	if runes < 0 {
		runes = rulefilter.RuneCount(line)
	}
	*s = lineStats{runes: runes, sentence: endsSentence(line)}
	enough := maxCounted + 1
	if lang != langNone && s.sentence && s.runes > lengthHigh {
		enough = (maxCounted*stopLowPct + 99) / 100
	}
	i := 0
	for s.tokens < maxCounted {
		if s.stop(lang) >= enough {
			s.partial = true
			break
		}
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
		start, counted, stops, caps := i, s.counted, s.stops, s.caps
		flags := uint8(0)
		for i < len(line) {
			c := line[i]
			f := byteClass[c]
			if f&bcLetter != 0 {
				// A run of ASCII letters, counted as a word where it
				// ends.
				word := i
				if i == start && c <= 'Z' {
					s.caps++
				}
				if i+8 <= len(line) {
					// asciiWord's common case, inlined: a word of
					// fewer than eight letters, measured eight bytes at
					// a time (a loop to its end mispredicted its exit).
					x := load64(line, i)
					if n := letterRun(x); n < 8 {
						i += n
						s.counted++
						m := uint64(1)<<(8*n) - 1
						s.stops += stopTable.short(x&m | 0x2020202020202020&m)
						continue
					}
					i += 8
				}
				for ; i < len(line) && byteClass[line[i]]&bcLetter != 0; i++ {
				}
				s.asciiWord(line, word, i)
				continue
			}
			if f&bcSpace != 0 {
				break
			}
			if f&bcHigh != 0 {
				// Letters outside ASCII: the token is counted on the
				// slow path, from its start.
				s.counted, s.stops, s.caps = counted, stops, caps
				i = s.unicodeToken(line, start)
				flags |= bcHigh
				break
			}
			flags |= f
			i++
		}
		if flags&bcJunk != 0 && junkToken(line[start:i]) {
			s.counted, s.stops, s.caps = counted, stops, caps
			s.junk++
		}
		s.tokens++
	}
}

// letterRun returns how many of the bytes of x, from its low end, are
// ASCII letters: 8 when all are.
func letterRun(x uint64) int {
	y := (x | 0x2020202020202020) &^ highBits // lower-cased, below 0x80
	atLeastA := y + 0x1f1f1f1f1f1f1f1f        // high bit set from 'a' (0x61) up
	pastZ := y + 0x0505050505050505           // and from past 'z' (0x7b) up
	letters := atLeastA &^ pastZ &^ x & highBits
	return bits.TrailingZeros64(^letters&highBits) >> 3
}

// asciiWord counts the ASCII letters line[from:to] as a word.
func (s *lineStats) asciiWord(line string, from, to int) {
	s.counted++
	n := to - from
	if n > 8 {
		// Looked up in the map only when the table holds its first
		// eight letters as the start of a long stop word.
		if n <= stopTable.maxLong && stopTable.has(load64(line, from)|0x2020202020202020) {
			var buf [maxStopBytes]byte
			for j := range n {
				buf[j] = line[from+j] | 0x20
			}
			s.stops += stopTable.long[string(buf[:n])]
		}
		return
	}
	var k uint64
	if from+8 <= len(line) {
		k = load64(line, from) & (1<<(8*n) - 1)
	} else {
		for j := n - 1; j >= 0; j-- {
			k = k<<8 | uint64(line[from+j])
		}
	}
	s.stops += stopTable.short(k | 0x2020202020202020&(1<<(8*n)-1))
}

// unicodeToken counts the words of the token at line[start:], which has
// letters outside ASCII, and returns its end: letter runs lower-cased.
func (s *lineStats) unicodeToken(line string, start int) int {
	var buf [maxStopBytes + utf8.UTFMax]byte
	n, first, i := 0, true, start
	flush := func() {
		if n > 0 {
			s.counted++
			if n <= maxStopBytes {
				s.stops += stopTable.lookup(buf[:n])
			}
			n = 0
		}
	}
	for i < len(line) {
		r, size := rune(line[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(line[i:])
		}
		if unicode.IsSpace(r) {
			break
		}
		i += size
		if !unicode.IsLetter(r) {
			flush()
			continue
		}
		if first && unicode.IsUpper(r) {
			s.caps++
		}
		first = false
		if n <= maxStopBytes {
			n = len(utf8.AppendRune(buf[:n], unicode.ToLower(r)))
		}
	}
	flush()
	return i
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

// maxStopBytes bounds the stop words looked up (the longest in any list
// is shorter): longer words are counted without a look-up.
const maxStopBytes = 24

// stopSet maps a lower-cased word to the languages whose snowball list has
// it, as a 1 in the byte of each language (see lineStats.stops). ASCII
// words of up to eight bytes, most of the words of running text, are
// looked up as one integer in a table; the others in a map.
type stopSet struct {
	// keys holds each short word in one of two slots, as a little-endian
	// integer with its languages in the high bits of its bytes, which
	// ASCII leaves free: bit 7 of byte l for language l, which shifted
	// down is the word's stops increment. A look-up reads both slots and
	// takes the one that matches without a branch: in running text
	// whether a word is a stop word is a coin toss, and probing until a
	// match or an empty slot mispredicted about once a word. (Cuckoo
	// hashing, with the multipliers of the first seed that places every
	// word.) It also holds the first eight letters of the longer ASCII
	// words of long, with no language, so that most long words skip the
	// map. An array of constant size: a shifted index needs no bounds
	// check.
	keys    [stopSlots]uint64
	mul     [2]uint64
	long    map[string]uint64
	maxLong int // longest ASCII word in long
}

var stopTable = func() *stopSet {
	n := 0
	for _, l := range stopWordLists {
		n += len(l)
	}
	// At most a third full (most words are in one list; two-slot cuckoo
	// hashing holds up to half), and small: the table is read for most
	// words of a document, and a miss in the processor's cache costs
	// more than the look-up.
	if 1<<bits.Len(uint(2*n)) != stopSlots {
		panic("clean: stopSlots does not fit the stop word lists")
	}
	for seed := uint64(0); seed < 64; seed++ {
		if t := newStopSet(seed); t != nil {
			return t
		}
	}
	panic("clean: no seed places every stop word")
}()

// newStopSet builds the stop set with the multipliers of seed, or returns
// nil when they cannot place every word.
func newStopSet(seed uint64) *stopSet {
	t := &stopSet{long: map[string]uint64{}}
	t.mul = [2]uint64{0x9e3779b97f4a7c15 + 4*seed, 0xc2b2ae3d27d4eb4f + 4*seed}
	for i, list := range stopWordLists {
		lang := langEnglish + i
		for _, w := range list {
			if len(w) > maxStopBytes {
				panic("clean: stop word longer than maxStopBytes: " + w)
			}
			if len(w) > 8 || !isASCII(w) {
				t.long[w] |= 1 << (8 * lang)
				if isASCII(w) {
					t.maxLong = max(t.maxLong, len(w))
					// Its first eight letters, with no language: a
					// long word without them needs no map look-up.
					if !t.add(load64(w, 0), 0) {
						return nil
					}
				}
				continue
			}
			var k uint64
			for j := len(w) - 1; j >= 0; j-- {
				k = k<<8 | uint64(w[j])
			}
			if !t.add(k, 1<<(8*lang+7)) {
				return nil
			}
		}
	}
	return t
}

// add puts the word k with the language bit lang in the table, moving
// others to their other slot as needed; false if it cannot.
func (t *stopSet) add(k, lang uint64) bool {
	h1, h2 := t.slots(k)
	for _, h := range [2]uint64{h1, h2} {
		if t.keys[h]&^highBits == k {
			t.keys[h] |= lang
			return true
		}
	}
	e, h := k|lang, h1
	for range 500 {
		if t.keys[h] == 0 {
			t.keys[h] = e
			return true
		}
		e, t.keys[h] = t.keys[h], e
		s1, s2 := t.slots(e &^ highBits)
		if s1 == s2 {
			return false
		}
		if h == s1 {
			h = s2
		} else {
			h = s1
		}
	}
	return false
}

// stopSlots is the size of stopSet's table: twice the words of all the
// lists, rounded up to a power of two (checked when it is built).
const (
	stopBits  = 12
	stopSlots = 1 << stopBits
)

// slots returns the two slots that may hold k.
func (t *stopSet) slots(k uint64) (uint64, uint64) {
	return k * t.mul[0] >> (64 - stopBits), k * t.mul[1] >> (64 - stopBits)
}

// has reports whether the table holds k, with or without languages.
func (t *stopSet) has(k uint64) bool {
	h1, h2 := t.slots(k)
	a, b := t.keys[h1], t.keys[h2]
	return a&^highBits == k || b&^highBits == k
}

// short looks up an ASCII word of up to eight bytes, given as a
// little-endian integer.
func (t *stopSet) short(k uint64) uint64 {
	h1, h2 := t.slots(k)
	a, b := t.keys[h1], t.keys[h2]
	var inc uint64
	if a&^highBits == k {
		inc = a & highBits >> 7
	}
	if b&^highBits == k {
		inc = b & highBits >> 7
	}
	return inc
}

// lookup looks up any lower-cased word.
func (t *stopSet) lookup(w []byte) uint64 {
	if len(w) <= 8 && isASCII(string(w)) {
		var k uint64
		for j := len(w) - 1; j >= 0; j-- {
			k = k<<8 | uint64(w[j])
		}
		return t.short(k)
	}
	return t.long[string(w)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
	return at > 0 && strings.IndexByte(t[at:], '.') > 1 || hostPath(t)
}

// gluedControls reports whether a short line is a page's controls whose
// labels lost the spaces between them when the page became text ("Accept
// all cookiesReject allManage preferences", "Share on FacebookShare on
// XShare via EmailCopy link", "2 minute readUpdated 1h ago"): a line of
// at most maxGluedWords words with no sentence end, where a control's
// label is glued to a lower-case word, or two are glued to other labels
// (a control's, a network's, a page's: "EmailCopy", "NewsManage"). Brands
// glue a word to a label too ("CarPlay", "TalkBack", "SpringWatch"), but
// one that is no label: a hostile pass found their names taken in pairs.
func gluedControls(line string, sentence bool) bool {
	if len(line) > maxGluedBytes {
		return false
	}
	labels, lowerLeft := 0, false
	for i := 2; i < len(line); i++ {
		c := line[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		// The byte before: a lower-case letter, or a full stop or an
		// ellipsis after one ("loading.Play", "more…Share").
		j := i - 1
		switch {
		case line[j] == '.':
			j--
		case j >= 3 && line[j-2:j+1] == "…":
			j -= 3
		}
		if j < 1 || !isLowerASCII(line[j]) || !isASCIILetter(line[j-1]) {
			continue
		}
		end := i + 1
		for end < len(line) && isLowerASCII(line[end]) {
			end++
		}
		if !controlWords[line[i:end]] {
			continue
		}
		start := j
		for start > 0 && isASCIILetter(line[start-1]) {
			start--
		}
		left := line[start : j+1]
		lowerLeft = lowerLeft || isLowerASCII(left[0]) && (start == 0 || line[start-1] == ' ' || line[start-1] == '(')
		if controlWords[left] || labelWords[left] {
			labels++
		}
	}
	return !sentence && (lowerLeft || labels >= 2) && countWords(line) <= maxGluedWords
}

const (
	maxGluedBytes = 200
	maxGluedWords = 15
)

func isLowerASCII(c byte) bool  { return 'a' <= c && c <= 'z' }
func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// controlWords are the labels of a page's buttons and links; labelWords
// the other words such labels are glued after.
var controlWords, labelWords = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields(`Accept Add Agree Allow Back Block Bookmark Bookmarked Cancel Close
		Comment Comments Continue Copy Current Decline Deny Dismiss Download Edited Email Enlarge
		Expand Follow Fullscreen Gift Hide Install Join Like Listen Load Log Login Manage More
		Mute Next Open Pause Pin Play Post Posted Previous Print Published Read Register Reject
		Reply Report Save Share Show Sign Skip Submit Subscribe Tweet Unmute Updated View Watch`) {
		controlWords[w] = true
	}
	for _, w := range strings.Fields(`Account Article Facebook Flipboard Instagram Link LinkedIn News
		Pinterest Pocket Preferences Profile Reddit Settings Telegram TikTok Twitter WhatsApp YouTube`) {
		labelWords[w] = true
	}
}

// hostPath reports whether t is a host name followed by a path, without
// a scheme ("amzn.to/4bT9kQz", "example.org/2024/11/vote"): its top-level
// domain is two to six letters, so "1.5/10" and "U.S./Mexico" are not.
func hostPath(t string) bool {
	slash := strings.IndexByte(t, '/')
	dot := strings.LastIndexByte(t[:max(slash, 0)], '.')
	if slash < 0 || dot <= 0 || slash-dot-1 < 2 || slash-dot-1 > 6 {
		return false
	}
	for i := 0; i < slash; i++ {
		c := t[i] | 0x20
		switch {
		case i > dot && (c < 'a' || c > 'z'):
			return false // the top-level domain: letters only
		case t[i] == '.' && (i == 0 || t[i-1] == '.'):
			return false
		case t[i] != '.' && t[i] != '-' && t[i] != '_' && !isWordByte(t[i]):
			return false
		}
	}
	return true
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
	ClassGlued      = "glued-controls"
	ClassNoSentence = "no-sentence"
	ClassShort      = "short-among-boilerplate"
	ClassNearGood   = "between-boilerplate"
	ClassLabelRun   = "run-of-labels"
	ClassOutside    = "outside-main-text"
	ClassGallery    = "gallery-slide"
	ClassFeed       = "live-feed"
	ClassTeasers    = "teaser-list"
	ClassComments   = "comment-thread"
)

// verdict is the classifier's decision on one line.
type verdict struct {
	initial class
	final   class
	kind    string // why initial is clsBad
	code    bool   // in a run of short lines that reads as code or a table
	list    bool   // in a run of labels that may be a list of the article's
}

// classify returns, per line, the classifier's verdict; lines already
// dropped, blank lines and documents it cannot judge get clsNone.
func classify(lines []line, lang int, sc *scratch) ([]verdict, []lineStats, int) {
	v := grow(&sc.v, len(lines))
	st := grow(&sc.st, len(lines))
	// Stop words are counted for all languages at once; a document with
	// too few of the configured language's is judged in the language
	// whose stop words it has, if any.
	var n [langCount]float64
	counted := 0.0
	for i := range lines {
		if lines[i].dropped || lines[i].text == "" {
			continue
		}
		s := &st[i]
		runes := -1
		if lines[i].counted {
			runes = int(lines[i].runes)
		}
		s.measure(lines[i].text, lang, runes)
		// A line measured in part counts for the words it would have
		// had examined, at the shares it showed, or its weight in the
		// document's totals would shrink.
		w := 1.0
		if s.partial {
			w = float64(maxCounted) / float64(s.counted)
		}
		counted += w * float64(s.counted)
		for l := range n {
			n[l] += w * float64(s.stop(l))
		}
	}
	if counted > 0 && n[lang] < minDocStops*counted {
		best := langNone
		for l := 1; l < langCount; l++ {
			if n[l] >= minDocStops*counted && (best == langNone || n[l] > n[best]) {
				best = l
			}
		}
		lang = best
	}
	good, evidence := false, false
	// Where the boilerplate and the text are, for the edges below.
	firstEv, lastEv, firstGood, lastGood := -1, -1, -1, -1
	// What the feed detectors need, counted here so that most documents
	// skip them: paragraphs right under a line shaped like a headline
	// (teasers, at most), and comment markers.
	heads, markers, prevHead := 0, 0, false
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
			if l.byRule {
				firstEv, lastEv = firstOf(firstEv, i), i
			}
			if l.kind == "comments" {
				markers++
			}
			continue
		case l.text == "":
			continue
		}
		d := s.density(lang)
		switch {
		case s.junk > 0 && 2*s.junk >= s.tokens:
			v[i].initial, v[i].kind = clsBad, ClassJunk
		case gluedControls(l.text, s.sentence):
			v[i].initial, v[i].kind = clsBad, ClassGlued
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
		if prevHead && (v[i].initial == clsGood || v[i].initial == clsNearGood || s.sentence && s.counted >= 6) {
			heads++
		}
		prevHead = headShaped(s)
		good = good || v[i].initial == clsGood
		if v[i].kind == ClassJunk || v[i].kind == ClassGlued {
			evidence = true
			firstEv, lastEv = firstOf(firstEv, i), i
		}
		if v[i].initial == clsGood {
			firstGood, lastGood = firstOf(firstGood, i), i
		}
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
	// A document's edge is its own text unless boilerplate lies between
	// it and the first (or after the last) paragraph: a clean article's
	// headline or closing line is not furniture, nor is it when an
	// advert sits in the middle of the article.
	edge := edges{clsGood, clsGood}
	if firstEv >= 0 && firstEv < firstGood {
		edge[0] = clsBad
	}
	if lastEv > lastGood {
		edge[1] = clsBad
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
		if textAround(lines, v, st, i, end, edge) {
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
			if n >= minLabelRun && codeRun(lines, i, end) {
				// Code or a table printed in the article, not a menu:
				// its lines stay short ones, and weigh nothing in
				// mainText.
				for j := i; j <= end; j++ {
					v[j].code = true
				}
			} else if n >= minLabelRun && articleList(lines, v, st, i, end, edge) {
				// Maybe a list or a table of the article's: decided
				// once the main text is known (confirmLists).
				for j := i; j <= end; j++ {
					if !lines[j].dropped && lines[j].text != "" {
						v[j].list = true
					}
				}
			} else if n >= minLabelRun {
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
	if len(sc.groups) > 0 {
		sc.groups = sc.groups[:0]
	}
	if evidence && heads >= minTeasers {
		teaserLists(lines, v, st, sc)
	}
	if evidence && markers > minComments {
		commentThreads(lines, v, st, sc)
	}
	gallery(lines, v)
	liveFeed(lines, v)
	if evidence {
		from, to := mainText(lines, v, st)
		confirmLists(lines, v, st, from, to, edge)
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
		if j >= 0 && v[j].final == clsBad && (v[j].initial == clsShort || headingLike(verdict{final: v[j].initial, kind: v[j].kind}, &st[j]) || headline(v[j], &st[j], lang)) {
			v[j].final = clsGood
		}
	}
	return v, st, lang
}

// headline reports whether the last line of a run of labels reads as a
// headline: words with the stop words of a sentence, not a menu's names.
func headline(v verdict, s *lineStats, lang int) bool {
	return v.kind == ClassLabelRun && s.counted >= 4 && s.density(lang) >= stopLow
}

// scratch holds classify's per-line slices between documents (see
// scratchPool): allocating them per document was a third of cleaning's
// allocations.
type scratch struct {
	v      []verdict
	st     []lineStats
	short  []class
	units  []teaserUnit
	groups []group // what the feed detectors found, for --explain
	lower  []byte  // a line lower-cased for the rules' filters (analyze)
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

// codeRun reports whether the run of short lines lines[from:to+1] is
// code or a table rather than a menu: at least a third of its lines have
// the punctuation of code (brackets glued to words, braces, semicolons,
// assignments) or the rules of a drawn table.
func codeRun(lines []line, from, to int) bool {
	n, code := 0, 0
	for i := from; i <= to; i++ {
		if lines[i].dropped || lines[i].text == "" {
			continue
		}
		n++
		if codeLike(lines[i].text) {
			code++
		}
	}
	return code > 0 && 3*code >= n
}

// codeLike reports whether a short line has the marks of code: a bracket
// opened right after a word ("avg(n)", "items[0]") or ending the line, a
// brace, a semicolon, "=" between spaces, a word joined by "_"
// ("lower_bound"), a comma ending the line after a word, brackets alone
// (")", "),"), or box-drawing characters.
func codeLike(s string) bool {
	letters := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{', '}', ';':
			return true
		case '(', '[':
			if i > 0 && isWordByte(s[i-1]) || i == len(s)-1 {
				return true
			}
		case '=':
			if i > 0 && s[i-1] == ' ' && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '=') {
				return true
			}
		case '_':
			if i > 0 && isWordByte(s[i-1]) && i+1 < len(s) && isWordByte(s[i+1]) {
				return true
			}
		case ',':
			if i == len(s)-1 && i > 0 && (isWordByte(s[i-1]) || s[i-1] == ')') {
				return true
			}
		case 0xe2: // U+2500 to U+257F, box drawing
			if i+1 < len(s) && (s[i+1] == 0x94 || s[i+1] == 0x95) {
				return true
			}
		}
		letters = letters || isWordByte(s[i]) || s[i] >= utf8.RuneSelf
	}
	return !letters && strings.ContainsAny(s, ")]")
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
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

// textAround reports whether the lines from..to sit in the article's
// text: the nearest line before them and the nearest after them that is
// text or boilerplate is text (a paragraph, or a near-text line ending a
// sentence), past short lines and furniture set inside an article.
func textAround(lines []line, v []verdict, st []lineStats, from, to int, edge edges) bool {
	return textSide(lines, v, st, from, -1, edge) && textSide(lines, v, st, to, 1, edge)
}

// textSide reports whether the nearest line from i in direction dir that
// is text or boilerplate is text; past the document's end, whether edge
// is.
func textSide(lines []line, v []verdict, st []lineStats, i, dir int, edge edges) bool {
	j, end := nearestText(lines, v, st, i, dir)
	return j >= 0 || end && edge.at(dir) == clsGood
}

// nearestText returns the nearest line from i in direction dir that is
// text, past short lines and inline furniture, or -1 when boilerplate
// comes first; end says the document ended first.
func nearestText(lines []line, v []verdict, st []lineStats, i, dir int) (j int, end bool) {
	for j = i + dir; j >= 0 && j < len(v); j += dir {
		switch c := v[j].final; {
		case inlineFurniture(&lines[j]):
			continue
		case c == clsGood, c == clsNearGood && st[j].sentence:
			return j, false
		case c == clsBad:
			return -1, false
		}
	}
	return -1, true
}

// inlineFurniture reports whether a line is furniture set inside an
// article's text: an advert's slot, a junk line, a "Read more: ..." link,
// a box's heading, a table's source.
func inlineFurniture(l *line) bool {
	if !l.dropped || !l.byRule {
		return false
	}
	switch l.kind {
	case "advert", "junk":
		return true
	case "teaser":
		return strings.Contains(l.text, ":") // "Read more: ...", not "Related"
	case "scaffold":
		// A box's heading ("Key points") or a table's source line.
		return countWordsUpTo(l.text, 4) <= 3 && !strings.ContainsAny(l.text, "0123456789") ||
			len(l.text) > 7 && strings.EqualFold(l.text[:7], "source:")
	}
	return false
}

// runShape is what a run of lines shows of a table: its lines (blank and
// dropped ones left out), those with a figure, those shaped "label:
// value", and whether a line holds two figures.
type runShape struct {
	lines, figures, pairs int
	row                   bool
}

func shapeOf(lines []line, from, to int) (sh runShape) {
	for j := from; j <= to; j++ {
		t := lines[j].text
		if lines[j].dropped || t == "" {
			continue
		}
		sh.lines++
		if c := strings.IndexByte(t, ':'); c > 0 && c < 30 && c < len(t)-1 && t[c+1] == ' ' {
			sh.pairs++
		}
		nums := 0
		for w := range strings.FieldsSeq(t) {
			if strings.ContainsAny(w, "0123456789") {
				nums++
			}
		}
		if nums > 0 {
			sh.figures++
		}
		sh.row = sh.row || nums >= 2
	}
	return sh
}

// halfFigures: half the lines or more hold a figure.
func (sh runShape) halfFigures() bool { return sh.lines > 0 && 2*sh.figures >= sh.lines }

// table reports whether the run reads as a table or a fact box rather
// than a list of headlines with a figure or a label here and there
// ("Opinion: ..."): two in three lines are "label: value" pairs, or half
// hold a figure and a row holds two, or, five lines or more, two in
// three hold a figure.
func (sh runShape) table() bool {
	n := sh.lines
	return n > 0 && (sh.pairs >= minTableRows && 3*sh.pairs >= 2*n || sh.halfFigures() && sh.row || n >= minTableRows+2 && 3*sh.figures >= 2*n)
}

// tableRun reports whether the lines from..to read as a table (see
// runShape.table).
func tableRun(lines []line, from, to int) bool { return shapeOf(lines, from, to).table() }

// articleList reports whether a run of labels from..to may be a list or
// a table of the article's rather than a menu: it sits in the article's
// text (textAround; a table or a fact box, runShape.table, may also close
// it: text above it is enough), and its lines are no menu's names: half
// hold a figure and they average minRowWords words, or they average
// minListWords (a menu's one to three), or they read as a table.
func articleList(lines []line, v []verdict, st []lineStats, from, to int, edge edges) bool {
	sh := shapeOf(lines, from, to)
	if !textAround(lines, v, st, from, to, edge) && !(sh.table() && textSide(lines, v, st, from, -1, edge)) {
		return false
	}
	n, words := sh.lines, runWords(lines, st, from, to)
	return n > 0 && (sh.halfFigures() && words >= minRowWords*n || words >= minListWords*n || sh.table())
}

// confirmLists keeps the runs articleList found when they lie inside
// the main text's best block (first..last) and still between text, or,
// a table or a fact box, right after its text; the others go as runs of
// labels. A menu or a list of headlines between the article and the
// page's other blocks of text looks like a list until the blocks are
// known.
func confirmLists(lines []line, v []verdict, st []lineStats, first, last int, edge edges) {
	for i := 0; i < len(v); {
		if !v[i].list {
			i++
			continue
		}
		end := i
		for j := i + 1; j < len(v) && (v[j].list || lines[j].text == "" || lines[j].dropped); j++ {
			if v[j].list {
				end = j
			}
		}
		keep := first < i && end < last && textAround(lines, v, st, i, end, edge)
		if !keep && tableRun(lines, i, end) {
			// A table or a fact box closing the article, not much
			// heavier than it: a stack of sidebar widgets after a
			// short article reads as tables too (a hostile pass's).
			j, _ := nearestText(lines, v, st, i, -1)
			keep = first <= j && j <= last && runWords(lines, st, i, end) <= maxClosingWeight*runWords(lines, st, first, last)
		}
		for j := i; j <= end; j++ {
			if !v[j].list {
				continue
			}
			if keep {
				v[j].final = clsGood
			} else {
				v[j].final, v[j].initial, v[j].kind = clsBad, clsBad, ClassLabelRun
			}
		}
		i = end + 1
	}
}

// runWords counts the words of the lines from..to that are not dropped.
func runWords(lines []line, st []lineStats, from, to int) int {
	n := 0
	for j := max(from, 0); j <= to && j < len(lines); j++ {
		if !lines[j].dropped {
			n += st[j].tokens
		}
	}
	return n
}

// maxClosingWeight: a table closing the article weighs at most twice the
// article's main block (a box score under a short recap does; fifteen
// sidebar widgets under a brief do not).
const maxClosingWeight = 2

// articleList's averages of words a line: a list's items have
// minListWords at least (a menu's one to three); a run with figures
// minRowWords (a table's rows have a few cells, a chart's labels one).
const (
	minListWords = 4
	minRowWords  = 3
)

// edges are the classes of what lies before a document's first line and
// after its last.
type edges [2]class

// at is the edge in direction dir (-1: before the first line).
func (e edges) at(dir int) class {
	if dir < 0 {
		return e[0]
	}
	return e[1]
}

// firstOf returns i unless first is set (not -1).
func firstOf(first, i int) int {
	if first >= 0 {
		return first
	}
	return i
}

// neighbour returns the class of the nearest line from i in direction dir
// that is good or bad (or near-good, unless skipNear), or edge past the
// document's end.
func neighbour(v []verdict, i, dir int, skipNear bool, edge edges) class {
	for j := i + dir; j >= 0 && j < len(v); j += dir {
		switch c := v[j].final; {
		case c == clsGood || c == clsBad:
			return c
		case c == clsNearGood && !skipNear:
			return c
		}
	}
	return edge.at(dir)
}

func nextNonBlank(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].dropped || lines[j].text != "" {
			return j
		}
	}
	return -1
}

// explainVerdict says which features decided a removal; groups are the
// feed detectors' finds.
func explainVerdict(v []verdict, st []lineStats, lines []line, groups []group, lang int, i int) (kind, why string) {
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
	for _, g := range groups {
		if g.kind == v[i].kind && g.from <= i && i <= g.to {
			ctx = "; " + g.explain(lines, i)
		}
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

// mainText keeps the page's text to its main blocks: a block is a run of
// lines whose text outweighs the boilerplate inside it (a largest sum of
// line scores, text lines scoring their length and boilerplate lines a
// cost). The best block is the article, or most of it; past its ends,
// blocks found the same way stay when they weigh at least mainShare of
// it (the rest of an article cut by an advert, or comments as long as
// it), and the text of lighter ones goes: teasers, promotions and short
// comments around the article.
//
// It returns the best block's first and last lines, or 0 and
// len(lines)-1 when the page has too little boilerplate to tell.
func mainText(lines []line, v []verdict, st []lineStats) (first, last int) {
	score := make([]float64, len(lines))
	bad := 0
	for i := range lines {
		score[i] = lineScore(&lines[i], v[i], &st[i])
		if score[i] <= -mainBadCost {
			bad++
		}
	}
	if bad < mainMinBad {
		return 0, len(lines) - 1 // a line or two of furniture: nothing to tell apart
	}
	keep := make([]bool, len(lines))
	best := -1.0
	first, last = -1, -1
	// visit keeps the best run of lines[from:to] and goes on either side
	// of it; near is the kept line beside the range, or -1.
	var visit func(from, to, near int)
	visit = func(from, to, near int) {
		a, b, w := bestRun(score[from:to])
		if a < 0 {
			return
		}
		a, b = a+from, b+from
		if best < 0 {
			best, first, last = w, a, b
		}
		// A lighter block stays when little separates it from a kept
		// one: a prompt inserted between two paragraphs.
		if w < mainShare*best && (near < 0 || gapCost(score, a, b, near) > mainRuleCost) {
			return
		}
		for i := a; i <= b; i++ {
			keep[i] = true
		}
		visit(from, a, a)
		visit(b+1, to, b)
	}
	visit(0, len(lines), -1)
	for i := range v {
		if !keep[i] && !lines[i].dropped && (v[i].final == clsGood || v[i].final == clsNearGood) {
			v[i].final, v[i].initial, v[i].kind = clsBad, clsBad, ClassOutside
		}
	}
	return first, last
}

// gapCost is the boilerplate between the run a..b and the kept line
// near, outside it.
func gapCost(score []float64, a, b, near int) float64 {
	from, to := b+1, near // near after the run
	if near < a {
		from, to = near+1, a
	}
	cost := 0.0
	for i := from; i < to; i++ {
		cost -= min(score[i], 0)
	}
	return cost
}

// bestRun returns the run of score with the largest sum, and the sum; a
// is -1 when no run sums above zero.
func bestRun(score []float64) (a, b int, best float64) {
	a, b = -1, -1
	sum, start := 0.0, 0
	for i, sc := range score {
		if sum <= 0 {
			sum, start = 0, i
		}
		sum += sc
		if sum > best {
			best, a, b = sum, start, i
		}
	}
	return a, b, best
}

// lineScore is a line's weight for mainText.
func lineScore(l *line, v verdict, s *lineStats) float64 {
	switch {
	case v.code:
		return 0
	case v.list:
		// Scored as the run of labels it was taken for, so that the
		// blocks are those without it (see confirmLists).
		return -mainBadCost
	case l.dropped:
		return -mainRuleCost
	case l.text == "":
		return 0
	case v.final == clsBad:
		return -mainBadCost
	case v.final == clsGood:
		return float64(s.runes) / 6
	case v.final == clsNearGood:
		return float64(s.runes) / 12
	}
	return -mainShortCost
}

// mainText's weights, in words (a text line scores its runes/6): a
// line a rule dropped costs more than one the classifier judged
// boilerplate, being surer; a short line costs little, as lists and
// subheadings inside an article are short. A block weighing less than
// mainShare of the best one is taken for furniture.
const (
	mainRuleCost  = 10
	mainBadCost   = 3
	mainShortCost = 0.5
	mainShare     = 0.2
	// mainMinBad is the fewest boilerplate lines that make a page worth
	// looking at for its main text.
	mainMinBad = 4
)

// gallery marks the slides of a picture gallery saved as text: lines
// numbered "k/N title" (or "k of N") with one N at least minSlides times,
// and the lines after each up to the next slide (its caption and credit)
// or, after the last one, its caption line.
func gallery(lines []line, v []verdict) {
	var total [256]uint16 // lines counting out of N, for N < 256
	slides := 0
	for i := range lines {
		if _, n, ok := slideNumber(lines[i].text); ok {
			total[n]++
			slides++
		}
	}
	if slides < minSlides {
		return
	}
	in, last := false, 0 // last: lines left to mark after the last slide
	for i := range lines {
		l := &lines[i]
		if l.text == "" || l.dropped {
			continue
		}
		if k, n, ok := slideNumber(l.text); ok {
			in = total[n] >= minSlides
			if last = -1; k == n {
				last = 1
			}
		} else if !in || last == 0 {
			in = false
			continue
		} else if last > 0 {
			last--
		}
		v[i].initial, v[i].final, v[i].kind = clsBad, clsBad, ClassGallery
	}
}

// liveFeed marks a live feed saved with the page: at least minFeed
// entries that start with a time of day ("13:18 Headline"), each earlier
// than the one above (a feed runs newest first; a timeline told in an
// article runs forward), and the lines between them (their summaries,
// credits), and the line after the last; unless the text around the
// feed weighs less than a quarter of the feed's (liveBlogShare), when
// the page is a live blog and the feed its article.
func liveFeed(lines []line, v []verdict) {
	var entries []int
	last := -1
	for i := range lines {
		if lines[i].dropped || lines[i].text == "" {
			continue
		}
		t, ok := entryTime(lines[i].text)
		if !ok {
			continue
		}
		if last >= 0 && t > last {
			return // forward in time: a timeline, not a feed
		}
		entries, last = append(entries, i), t
	}
	if len(entries) < minFeed {
		return
	}
	end := entries[len(entries)-1]
	if j := nextNonBlank(lines, end); j >= 0 {
		end = j
	}
	// A live blog saved as the page is its own feed: the feed is its
	// text, and the page around it weighs much less.
	in, out := 0, 0
	for i := range lines {
		if lines[i].dropped || v[i].initial != clsGood && v[i].initial != clsNearGood {
			continue
		}
		if entries[0] <= i && i <= end {
			in += len(lines[i].text)
		} else {
			out += len(lines[i].text)
		}
	}
	if liveBlogShare*out < in {
		return
	}
	for i := entries[0]; i <= end; i++ {
		if !lines[i].dropped && lines[i].text != "" {
			v[i].initial, v[i].final, v[i].kind = clsBad, clsBad, ClassFeed
		}
	}
}

// liveBlogShare: a feed that outweighs the page's other text this many
// times is a live blog saved as the page (a hostile pass's sidebar feeds
// beside short articles outweighed them twice).
const liveBlogShare = 4

// minFeed is the fewest timed entries taken for a live feed.
const minFeed = 5

// entryTime reads a time of day "13:18" or "9h05" that starts s and is
// followed by a space and text, as minutes since midnight.
func entryTime(s string) (int, bool) {
	i, h := 0, 0
	for i < len(s) && i < 2 && isDigit(s[i]) {
		h = h*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i+4 > len(s) || s[i] != ':' && s[i] != 'h' && s[i] != '.' {
		return 0, false
	}
	if s[i+1] < '0' || s[i+1] > '5' || s[i+2] < '0' || s[i+2] > '9' || s[i+3] != ' ' || h > 23 || i+4 == len(s) {
		return 0, false
	}
	return h*60 + int(s[i+1]-'0')*10 + int(s[i+2]-'0'), true
}

// minSlides is the fewest numbered slides taken for a gallery.
const minSlides = 3

// slideNumber reads a gallery counter at the start of s: "k/N" or
// "k of N" followed by a space or the end, 1 <= k <= N < 256.
func slideNumber(s string) (k, n int, ok bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, 0, false
	}
	i := 0
	for i < len(s) && i < 3 && isDigit(s[i]) {
		k = k*10 + int(s[i]-'0')
		i++
	}
	switch {
	case strings.HasPrefix(s[i:], "/"):
		i++
	case strings.HasPrefix(s[i:], " of "):
		i += 4
	default:
		return 0, 0, false
	}
	j := i
	for j < len(s) && j-i < 3 && isDigit(s[j]) {
		n = n*10 + int(s[j]-'0')
		j++
	}
	if j == i || j < len(s) && s[j] != ' ' || k < 1 || k > n || n > 255 {
		return 0, 0, false
	}
	return k, n, true
}

// A teaser list is a news page's feed of other stories saved with the
// article: units of a headline line (short, no sentence end, starting as
// a headline does) over one summary paragraph, one after another, with no
// body of two paragraphs or more between them. An article's own lists
// have that shape too (a listicle's items, short subheaded sections, a
// live blog's entries), so a run of units is only taken for teasers when
// the lines around its units read as a feed's and the page has an article
// besides:
//   - two thirds of the units or more show a feed's marks: a summary cut
//     short (an ellipsis, or no closing punctuation after a word), a
//     byline or date a rule dropped beside it, or a short line that
//     recurs beside three units or more (an outlet's name, "Read in
//     English", a comment counter): an article does not repeat a line
//     after each of its items;
//   - fewer than half the headlines are numbered as a list's items;
//   - paragraphs that sit next to another paragraph (the article's body)
//     weigh at least teaserBodyShare of the run: a page that is mostly
//     the list (a live blog, a listicle under a short introduction, an
//     index page of teasers) keeps it;
//   - fewer than half the units have a time of day beside them, as a
//     live blog's entries have ("13:05", "Posted at 13:05").
//
// A short question over a paragraph is neither a unit nor body: a FAQ's
// or an interview's question and answer are not teasers.
const (
	minTeasers = 3
	// teaserBodyShare: the body's runes over the run's, at least.
	teaserBodyShare = 0.3
	// teaserGap bounds the lines looked at before the first unit and
	// after the last one for their marks.
	teaserGap = 8
	// teaserMetaTokens is the most tokens of a short line counted as a
	// unit's furniture when it recurs.
	teaserMetaTokens = 8
	// teaserRecurs is the fewest gaps between units a line recurs in
	// to be a feed's furniture.
	teaserRecurs = 3
)

// teaserUnit is a headline and its summary, as line indices.
type teaserUnit struct{ head, summary int }

// group is a run of lines a feed detector took for boilerplate, with
// what decided it, for --explain.
type group struct {
	kind     string
	from, to int // first and last line marked
	units    int // teasers, or comments
	// Teasers: units with a summary cut short, with a byline or date
	// beside them, with a recurring line beside them (recurring: one
	// such line). Comments: comments opened by a header (dated).
	cut, dated, recurs int
	recurring          string
	heading            bool         // teasers: under a teaser heading
	body               int          // teasers: runes of the article's body
	teasers            []teaserUnit // in scratch.units, valid for the document
}

// textLine: a paragraph for the feed detectors, whatever its neighbours
// (the classifier's text or near-text, or a sentence of six words or
// more), and neither a headline nor a short question.
func textLine(l *line, v verdict, s *lineStats) bool {
	if v.initial != clsGood && v.initial != clsNearGood && (!s.sentence || s.counted < 6) || l.dropped || l.text == "" {
		return false
	}
	return !headShaped(s) && (s.tokens > 20 || s.runes > 150 || !question(l.text))
}

// headShaped: a line that could be a headline: no sentence end, two to
// twenty words, at most 150 runes, no links or handles.
func headShaped(s *lineStats) bool {
	return !s.sentence && s.counted >= 2 && s.tokens <= 20 && s.runes <= 150 && s.junk == 0
}

// headStart reports whether s starts as a headline does: with a capital
// (or a letter of a script without case) or a digit, perhaps after an
// opening quote or an inverted mark. Code, commands, table cells in lower
// case and bracketed credits do not.
func headStart(s string) bool {
	for _, r := range s {
		switch {
		case strings.ContainsRune("\"'‘“«¿¡", r):
			continue
		case unicode.IsLetter(r):
			return !unicode.IsLower(r)
		}
		return unicode.IsDigit(r)
	}
	return false
}

// question reports whether s ends in a question mark, perhaps followed by
// a closing quote or bracket.
func question(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune("\"'\u201d\u2019)]", r) {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-n])
	}
	return r == '?'
}

// cutShort reports whether a summary was cut by its page: it ends in an
// ellipsis.
func cutShort(s string) bool {
	// Only an ellipsis: a list item ending without a full stop (a court
	// sentence, a caption, a result) is an article's as often as a feed's.
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
}

// listNumber reports whether s starts as a numbered item: "1. ", "12) ",
// "#3 ".
func listNumber(s string) bool {
	i := 0
	if strings.HasPrefix(s, "#") {
		i++
	}
	j := i
	for j < len(s) && j-i < 3 && isDigit(s[j]) {
		j++
	}
	if j == i || j+1 >= len(s) {
		return false
	}
	if i == 1 {
		return s[j] == ' '
	}
	return (s[j] == '.' || s[j] == ')') && s[j+1] == ' '
}

// timeLine reports whether a short line (six tokens at most) shows a time
// of day: "13:05", "9.30am", "Posted at 10:15 GMT", as a live blog's
// entries do.
func timeLine(s string) bool {
	if countWordsUpTo(s, 7) > 6 {
		return false
	}
	for i := 0; i+2 < len(s); i++ {
		if c := s[i]; (c == ':' || c == '.' && i < 3) && i > 0 && isDigit(s[i-1]) && s[i+1] <= '5' && isDigit(s[i+1]) && isDigit(s[i+2]) && (i+3 == len(s) || !isDigit(s[i+3])) && (i < 3 || !isDigit(s[i-3])) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// metaLine: a short line beside teasers that is a feed's furniture (an
// outlet, a byline, a prompt) if it recurs.
func metaLine(l *line, v verdict, s *lineStats) bool {
	return !l.dropped && l.text != "" && s.counted > 0 && s.tokens <= teaserMetaTokens && !textLine(l, v, s)
}

// counterLine: a comment counter a rule dropped ("12 comments"). A
// byline, date or source beside an item is an article's list's as often
// as a feed's, and a form's "Website" or "Reply" is no story's.
func counterLine(l *line) bool {
	return l.dropped && l.byRule && l.kind == "comments" && strings.ContainsAny(l.text, "0123456789")
}

// teaserLists marks teaser lists (see minTeasers) as boilerplate and
// appends them to sc.groups.
func teaserLists(lines []line, v []verdict, st []lineStats, sc *scratch) {
	units := sc.units[:0]
	var runs [][2]int // candidate runs, as ranges of units
	body, bodyLines, start := 0, 0, 0
	// One pass over the visible lines with one of look-ahead: cur, a
	// paragraph if curText, is body when a paragraph is next to it, and
	// ends a run; it is a unit's summary when a headline is right above
	// it.
	prev, cur := -1, -1
	prevText, curText := false, false
	for i := 0; i <= len(lines); i++ {
		nextText := false
		if i < len(lines) {
			if l := &lines[i]; l.dropped || l.text == "" {
				continue
			}
			nextText = textLine(&lines[i], v[i], &st[i])
		}
		if curText {
			switch {
			case prevText || nextText:
				body += st[cur].runes
				bodyLines++
				if len(units)-start >= minTeasers {
					runs = append(runs, [2]int{start, len(units)})
				}
				start = len(units)
			case prev >= 0 && headShaped(&st[prev]) && headStart(lines[prev].text):
				units = append(units, teaserUnit{prev, cur})
			}
		}
		prev, prevText, cur, curText = cur, curText, i, nextText
	}
	if len(units)-start >= minTeasers {
		runs = append(runs, [2]int{start, len(units)})
	}
	sc.units = units
	if bodyLines < 2 {
		return // no article besides: an index page, or the list is the article
	}
	for _, r := range runs {
		teaserRun(lines, v, st, units[r[0]:r[1]], body, sc)
	}
}

// teaserRun marks the run of units us if it is a teaser list, given the
// runes of the article's body.
func teaserRun(lines []line, v []verdict, st []lineStats, us []teaserUnit, body int, sc *scratch) {
	n := len(us)
	weight, numbered := 0, 0
	for _, u := range us {
		weight += st[u.head].runes + st[u.summary].runes
		if listNumber(lines[u.head].text) {
			numbered++
		}
	}
	if float64(body) < teaserBodyShare*float64(weight) || 2*numbered >= n {
		return
	}
	// gap returns the lines around the units: gap k is above unit k, gap
	// n below the last (up to teaserGap lines short of a paragraph).
	gap := func(k int) (from, to int) {
		switch k {
		case 0:
			from = us[0].head
			for seen := 0; from > 0 && seen < teaserGap; {
				l := &lines[from-1]
				if l.text != "" && !l.dropped {
					if textLine(l, v[from-1], &st[from-1]) {
						break
					}
					seen++
				}
				from--
			}
			return from, us[0].head
		case n:
			to = us[n-1].summary + 1
			for seen := 0; to < len(lines) && seen < teaserGap; to++ {
				l := &lines[to]
				if l.text != "" && !l.dropped {
					if textLine(l, v[to], &st[to]) {
						break
					}
					seen++
				}
			}
			return us[n-1].summary + 1, to
		}
		return us[k-1].summary + 1, us[k].head
	}
	// Lines are compared lower-cased without digits: "12 comments" and
	// "7 comments" recur.
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return -1
			}
			return unicode.ToLower(r)
		}, s)
	}
	type seen struct{ gaps, last int }
	keys := make(map[string]seen)
	for k := 0; k <= n; k++ {
		from, to := gap(k)
		for i := from; i < to; i++ {
			if metaLine(&lines[i], v[i], &st[i]) {
				kk := key(lines[i].text)
				if s, ok := keys[kk]; !ok || s.last != k {
					keys[kk] = seen{s.gaps + 1, k}
				}
			}
		}
	}
	g := group{kind: ClassTeasers, from: us[0].head, to: us[n-1].summary, units: n, body: body}
	dated := make([]bool, n+1)
	recurs := make([]bool, n+1)
	timed := 0
	for k := 0; k <= n; k++ {
		from, to := gap(k)
		for i := from; i < to; i++ {
			l := &lines[i]
			if timeLine(l.text) {
				timed++
			}
			switch {
			case counterLine(l):
				dated[k] = true
			case metaLine(l, v[i], &st[i]) && keys[key(l.text)].gaps >= teaserRecurs && !strings.ContainsAny(l.text, "0123456789"):
				recurs[k] = true
				if g.recurring == "" {
					g.recurring = l.text
				}
			}
		}
	}
	if 2*timed >= n {
		return // entries timed as a live blog's
	}
	// A list under a teaser heading ("Related articles", "More
	// stories") is teasers whatever its units show; an inline prompt
	// ("Read more: ...") above an article's sections is no heading.
	from, to := gap(0)
	for i := from; i < to && !g.heading; i++ {
		l := &lines[i]
		g.heading = l.dropped && l.byRule && l.kind == "teaser" && !strings.ContainsRune(l.text, ':') && countWordsUpTo(l.text, 6) <= 5
	}
	evidenced := 0
	for k, u := range us {
		c, d, r := cutShort(lines[u.summary].text), dated[k] || dated[k+1], recurs[k] || recurs[k+1]
		if c || d || r || g.heading {
			evidenced++
		}
		g.cut += b2i(c)
		g.dated += b2i(d)
		g.recurs += b2i(r)
	}
	if 3*evidenced < 2*n {
		return
	}
	for i := g.from; i <= g.to; i++ {
		if !lines[i].dropped && lines[i].text != "" {
			v[i].initial, v[i].final, v[i].kind = clsBad, clsBad, ClassTeasers
		}
	}
	g.teasers = us
	sc.groups = append(sc.groups, g)
}

// explain says what made line i part of g.
func (g *group) explain(lines []line, i int) string {
	if g.kind == ClassComments {
		return fmt.Sprintf("comment text: one of %d comments between comment markers (lines %d-%d), %d opened by an author and date, after the article's text", g.units, g.from+1, g.to+1, g.dated)
	}
	role := "line between the units"
	for _, u := range g.teasers {
		switch {
		case u.head == i:
			role = "headline"
		case u.summary == i && cutShort(lines[i].text):
			role = "summary, cut short,"
		case u.summary == i:
			role = "summary"
		}
	}
	marks := fmt.Sprintf("%d cut short, %d beside a byline or date, %d beside a recurring line", g.cut, g.dated, g.recurs)
	if g.recurring != "" {
		marks += fmt.Sprintf(" (%q)", g.recurring)
	}
	if g.heading {
		marks += ", all under a teaser heading"
	}
	return fmt.Sprintf("%s in a list of %d headline and one-paragraph summary units (lines %d-%d) outside the article's body (%d chars); units with a feed's marks: %s", role, g.units, g.from+1, g.to+1, g.body, marks)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A comment thread is the readers' comments under a post: runs of a few
// lines between lines a rule dropped as a comment thread's or form's,
// each comment opened by its header ("Jane Roe · March 10, 2017 at 1:26
// AM", "Jane Roe says:") and the runs closed by "Reply", "Report" or the
// next header. Such runs are taken for comments only past the article:
//   - the text above the first comment outweighs each comment (a blog
//     with "Leave a comment" under its title has its whole post between
//     that and the thread);
//   - no more text follows the thread than its heaviest comment holds (a
//     thread-like run with the article going on below is the article's);
//   - at least minComments comments, half of them or more opened by a
//     header: "Reply" or "Report" alone, between an article's sections,
//     does not make a thread, nor does a discussion page where the
//     comments are the content and carry no such headers.
const (
	minComments = 2
	// maxCommentLines is the most lines a comment holds, past which the
	// run is the article or something else.
	maxCommentLines = 8
)

// commentMarker: a line a rule dropped as a comment thread's or form's.
func commentMarker(l *line) bool { return l.dropped && l.byRule && l.kind == "comments" }

// commentHeader: a comment marker that names a comment's author and date,
// as the comments rules' header patterns do.
func commentHeader(l *line) bool {
	return commentMarker(l) && (strings.HasSuffix(l.text, "says:") || strings.ContainsAny(l.text, "0123456789") && strings.ContainsAny(l.text, "·•|"))
}

// commentThreads marks comment threads (see minComments) as boilerplate
// and appends them to sc.groups.
func commentThreads(lines []line, v []verdict, st []lineStats, sc *scratch) {
	headers := 0
	for i := range lines {
		if l := &lines[i]; l.dropped && l.kind == "comments" && commentHeader(l) {
			headers++
		}
	}
	if headers < minComments {
		return
	}
	// The runs between markers, each with the text above its opening
	// marker and above its end.
	type segment struct{ from, to, above, end, weight, lines int }
	var segs []segment
	text, open := 0, -1
	var cur segment
	for i := range lines {
		l := &lines[i]
		switch {
		case commentMarker(l):
			if open >= 0 {
				cur.to, cur.end = i, text
				segs = append(segs, cur)
			}
			open = i
			cur = segment{from: i + 1, above: text}
		case l.dropped || l.text == "":
		default:
			if v[i].initial == clsGood || v[i].initial == clsNearGood {
				text += st[i].runes
			}
			cur.weight += st[i].runes
			cur.lines++
		}
	}
	for a := 0; a < len(segs); {
		if segs[a].lines > maxCommentLines {
			a++
			continue
		}
		b := a
		for b+1 < len(segs) && segs[b+1].lines <= maxCommentLines {
			b++
		}
		// The thread starts at the first run with more text above it
		// than in any run from there on.
		heaviest, start, suffix := 0, -1, 0
		for j := b; j >= a; j-- {
			suffix = max(suffix, segs[j].weight)
			if segs[j].above > 0 && segs[j].above >= suffix {
				start, heaviest = j, suffix
			}
		}
		a = b + 1
		if start < 0 || text-segs[b].end > heaviest {
			continue
		}
		comments, headed, actions, total := 0, 0, 0, 0
		for j := start; j <= b; j++ {
			total += segs[j].weight
			if segs[j].lines > 0 {
				comments++
				if commentHeader(&lines[segs[j].from-1]) {
					headed++
				}
			}
			if !commentHeader(&lines[segs[j].to]) {
				actions++
			}
		}
		// Headers alone are no thread: a live blog's entries and an
		// article's quoted experts ("Dr Jane Roe says:") have them too;
		// readers' comments also carry what a reader can do to them.
		// And a thread follows an article longer than all of it: readers'
		// questions answered in the article (an "ask the expert" page)
		// outweigh its introduction.
		if comments < minComments || headed < minComments || 2*headed < comments || actions < minComments || segs[start].above < total {
			continue
		}
		g := group{kind: ClassComments, from: -1, units: comments, dated: headed}
		for i := segs[start].from; i < segs[b].to; i++ {
			if !lines[i].dropped && lines[i].text != "" {
				v[i].initial, v[i].final, v[i].kind = clsBad, clsBad, ClassComments
				if g.from < 0 {
					g.from = i
				}
				g.to = i
			}
		}
		sc.groups = append(sc.groups, g)
	}
}
