package clean

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
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

// isStop calls each language's function directly, not through a func
// value, so that string(w) need not escape to the heap.
func isStop(lang int, w []byte) bool {
	switch lang {
	case langEnglish:
		return english.IsStopWord(string(w))
	case langFrench:
		return french.IsStopWord(string(w))
	case langHungarian:
		return hungarian.IsStopWord(string(w))
	case langNorwegian:
		return norwegian.IsStopWord(string(w))
	case langRussian:
		return russian.IsStopWord(string(w))
	case langSpanish:
		return spanish.IsStopWord(string(w))
	case langSwedish:
		return swedish.IsStopWord(string(w))
	}
	return false
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
	tokens   int // white-space separated, up to maxCounted
	counted  int // letter words among those tokens
	stops    [langCount]uint8
	caps     int // letter words starting with a capital
	junk     int // tokens that are a URL, address, handle or tag
	sentence bool
}

func (s *lineStats) density(lang int) float64 {
	if s.counted == 0 {
		return 0
	}
	return float64(s.stops[lang]) / float64(s.counted)
}

// measure fills s for line, counting the stop words of the languages in
// langs (a bit per language).
func (s *lineStats) measure(line string, langs uint) {
	*s = lineStats{runes: utf8.RuneCountInString(line), sentence: endsSentence(line)}
	var buf [64]byte
	rest := line
	for s.tokens < maxCounted {
		rest = trimSpaceLeft(rest)
		if rest == "" {
			break
		}
		end := spaceIndex(rest)
		tok := rest[:end]
		rest = rest[end:]
		s.tokens++
		if junkToken(tok) {
			s.junk++
			continue
		}
		// Letter runs inside the token are the words ("don't" is "don"
		// and "t", as snowball's lists expect).
		w := buf[:0]
		first := true
		flush := func() {
			if len(w) == 0 {
				return
			}
			s.counted++
			for l := 1; l < langCount; l++ {
				if langs&(1<<l) != 0 && isStop(l, w) {
					s.stops[l]++
				}
			}
			w = w[:0]
		}
		for _, r := range tok {
			switch {
			case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
				if first && r <= 'Z' {
					s.caps++
				}
				first = false
				if len(w) < len(buf)-1 {
					w = append(w, byte(r)|0x20)
				}
			case r >= utf8.RuneSelf && unicode.IsLetter(r):
				if first && unicode.IsUpper(r) {
					s.caps++
				}
				first = false
				if len(w)+utf8.UTFMax < len(buf) {
					w = utf8.AppendRune(w, unicode.ToLower(r))
				}
			default:
				flush()
			}
		}
		flush()
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
func classify(lines []line, lang int) ([]verdict, []lineStats, int) {
	v := make([]verdict, len(lines))
	st := make([]lineStats, len(lines))
	// Stop words are counted for the configured language and, when the
	// document turns out not to be in it, for all the others.
	langs := uint(1) << lang
	if lang == langNone {
		langs = 0
	}
	measureAll := func() (stops, counted int) {
		for i := range lines {
			if lines[i].dropped || lines[i].text == "" {
				continue
			}
			st[i].measure(lines[i].text, langs)
			stops += int(st[i].stops[lang])
			counted += st[i].counted
		}
		return stops, counted
	}
	stops, counted := measureAll()
	if counted > 0 && float64(stops) < minDocStops*float64(counted) {
		// Not the configured language: guess another from a sample of
		// lines, all languages at once, then measure again with the
		// guess alone, so that text in no known language costs little.
		var sample lineStats
		var n [langCount]int
		words := 0
		for i := range lines {
			if lines[i].dropped || lines[i].text == "" || words >= 4*maxCounted {
				continue
			}
			sample.measure(lines[i].text, 1<<langCount-2)
			words += sample.counted
			for l := range n {
				n[l] += int(sample.stops[l])
			}
		}
		best := langNone
		for l := 1; l < langCount; l++ {
			if float64(n[l]) >= minDocStops*float64(words) && (best == langNone || n[l] > n[best]) {
				best = l
			}
		}
		lang = best
		if lang != langNone {
			langs = 1 << lang
			measureAll()
		}
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
	short := make([]class, len(v))
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
		feats += fmt.Sprintf(", stop words %d/%d", s.stops[lang], s.counted)
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

// trimSpaceLeft is strings.TrimLeftFunc(s, unicode.IsSpace), with ASCII
// bytes checked without decoding.
func trimSpaceLeft(s string) string {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return s[i:]
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return s[i:]
		}
		i += n
	}
	return ""
}

// spaceIndex returns the index of the first white space in s, or len(s).
func spaceIndex(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += n
	}
	return len(s)
}
