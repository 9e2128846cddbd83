// Package clean strips outlet boilerplate (teasers, adverts, video prompts,
// share and newsletter prompts, comment forms, photo credits, menus, legal
// lines) from article text, and can explain every removal.
//
// Cleaning works in two layers. Rules are case-insensitive regular
// expressions grouped by kind; every match is cut out of its line, and a
// line left without letters or digits is dropped. Line features then drop a
// short line without sentence punctuation that sits next to a line a rule
// dropped: the caption above a credit line, the title under a video prompt.
package clean

import (
	"bufio"
	"maps"

	_ "embed"
	"fmt"
	"io"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/internal/ahocorasick"
	"github.com/neardup/neardup/pkg/internal/rulefilter"
)

//go:embed rules.txt
var builtinRules string

// Layers that can remove text.
const (
	LayerRule    = "rule"
	LayerCorpus  = "corpus"
	LayerFeature = "feature"
	// LayerClassifier removes lines the line classifier judged
	// boilerplate from their features and their neighbours.
	LayerClassifier = "classifier"
)

// Rule is one boilerplate pattern.
type Rule struct {
	Kind   string
	Expr   string // the regular expression as written, matched case-insensitively
	Source string // where it was defined, "file:line"
	// re compiles Expr once. The built-in rules compile when first
	// needed: on most text few of them ever run, and compiling all of
	// them was most of a small run's start.
	re     func() *regexp.Regexp
	filter rulefilter.Filter
	// loose is Expr with its long repeats unbounded, for short lines,
	// where it finds the same matches faster; nil if it has none.
	loose *loosened
	// prefixOnly: the literal scan looks for the first bytes of some of
	// the filter's literals (see matchPrefix), so a line it reports is
	// checked for them whole before the regexp runs.
	prefixOnly bool
	// tail: a match can only end the line and is at most tail runes
	// long, so the regexp runs on the line's last tail runes (0: the
	// whole line). Unanchored at its start, such a rule ("[syms]+$") was
	// tried at every byte of a long line.
	tail int
}

// curlyApostrophes returns expr with its apostrophes matching curly ones
// too (’, and ‘ typed for one): scraped text has them as often as straight
// ones, and "You’ve reached your limit of free stories" got past a rule
// written with "you've". An apostrophe outside a class becomes ['‘’]; a
// class holding one and not ’ gets ‘ and ’. The expression is rewritten as
// text, not through regexp/syntax: its String form drops the (?-i) of a
// part that is to stay case-sensitive under the (?i) all rules get.
func curlyApostrophes(expr string) string {
	if !strings.Contains(expr, "'") {
		return expr
	}
	var b strings.Builder
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\' && i+1 < len(expr):
			if expr[i+1] == '\'' {
				b.WriteString("['‘’]")
			} else {
				b.WriteString(expr[i : i+2])
			}
			i++
		case c == '\'':
			b.WriteString("['‘’]")
		case c == '[':
			end := classEnd(expr, i)
			if end < 0 {
				return expr // unbalanced: Compile says why
			}
			class := expr[i : end+1]
			if strings.Contains(class, "'") && !strings.Contains(class, "’") {
				// First in the class, where no range can take them in
				// ("[\\w.'-]" must not become "[\\w.'-‘’]").
				at := i + 1
				if at < end && expr[at] == '^' {
					at++
				}
				if at < end && expr[at] == ']' {
					at++
				}
				class = expr[i:at] + "‘’" + expr[at:end+1]
			}
			b.WriteString(class)
			i = end
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// classEnd returns the index of the ] closing the class that opens at
// expr[open], or -1.
func classEnd(expr string, open int) int {
	i := open + 1
	if i < len(expr) && expr[i] == '^' {
		i++
	}
	if i < len(expr) && expr[i] == ']' {
		i++ // a ] first is a member
	}
	for ; i < len(expr); i++ {
		switch {
		case expr[i] == '\\':
			i++
		case expr[i] == '[' && i+1 < len(expr) && expr[i+1] == ':':
			if end := strings.Index(expr[i:], ":]"); end > 0 {
				i += end + 1
			}
		case expr[i] == ']':
			return i
		}
	}
	return -1
}

// loosened is a rule's expression with its long repeats unbounded, for
// lines of at most max runes (see rulefilter.Loosen). It is compiled when
// first needed: on most text few rules' regexps run at all, and
// compiling them all was a tenth of a small scan.
type loosened struct {
	expr string
	max  int
	re   func() *regexp.Regexp
}

// Regexp returns the rule's compiled expression: (?i) and Expr.
func (r *Rule) Regexp() *regexp.Regexp { return r.re() }

// ParseRules reads rules, one "KIND<TAB>REGEX" a line; blank lines and lines
// starting with '#' are ignored. name is used in error messages and in each
// Rule's Source. Every expression is compiled and checked.
func ParseRules(r io.Reader, name string) ([]Rule, error) { return parseRules(r, name, false, nil) }

// parseRules is ParseRules; lazy leaves each expression to be compiled
// when first used, unchecked (the built-in rules, which tests check).
// filters, when not nil, are the rules' filters in order (stored for the
// built-in rules), derived from each expression otherwise.
func parseRules(r io.Reader, name string, lazy bool, filters []rulefilter.Filter) ([]Rule, error) {
	var rules []Rule
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		kind, expr, ok := strings.Cut(line, "\t")
		kind = strings.TrimSpace(kind)
		if !ok || kind == "" || expr == "" {
			return nil, fmt.Errorf("%s:%d: want KIND<TAB>REGEX, got %q", name, n, line)
		}
		rule := Rule{Kind: kind, Expr: expr, Source: fmt.Sprintf("%s:%d", name, n)}
		expr = curlyApostrophes(expr)
		if i := len(rules); i < len(filters) {
			rule.filter = filters[i]
		} else {
			rule.filter = rulefilter.New(expr)
		}
		rule.prefixOnly = slices.ContainsFunc(rule.filter.Lits, func(l string) bool { return len(l) > matchPrefix })
		if tailOnly(expr) && rule.filter.Span > 0 {
			rule.tail = rule.filter.Span
		}
		if lazy {
			rule.re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("(?i)" + expr) })
		} else {
			re, err := regexp.Compile("(?i)" + expr)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad regex: %w", name, n, err)
			}
			if re.MatchString("") {
				return nil, fmt.Errorf("%s:%d: regex %q matches empty text, which would cut nothing or everything", name, n, expr)
			}
			rule.re = func() *regexp.Regexp { return re }
		}
		if f := rule.filter; f.Loose != "" {
			l := &loosened{expr: "(?i)" + f.Loose, max: f.LooseMax}
			l.re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(l.expr) })
			rule.loose = l
		}
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return rules, nil
}

// tailOnly reports, conservatively from its text, whether expr matches
// only at the end of a line and looks at nothing before a match: it ends
// in an unescaped "$", and has no "^", no word boundary and no flags (a
// multi-line "$" ends lines inside the text). Such a match found in a
// line's tail is the match in the whole line.
func tailOnly(expr string) bool {
	if !strings.HasSuffix(expr, "$") || strings.HasSuffix(expr, `\$`) {
		return false
	}
	return !strings.ContainsAny(expr, "^") && !strings.Contains(expr, `\b`) && !strings.Contains(expr, `\B`) &&
		!strings.Contains(expr, `\A`) && !strings.Contains(expr, "(?")
}

// windowMin is the line length from which a windowed rule's regexp runs
// only around its literals: on a long line, Go's regexp engine falls back
// to its slowest matcher, and crawled text flattened into one line of
// thousands of bytes with an advert prompt inside was a tenth of a scan.
const windowMin = 512

// find returns the matches of r in line; folded is line through
// rulefilter.SpecialFolder, and special says that changed it (literal positions
// would then differ); runes is its length in runes, or -1 if not counted
// (only trusted when it is len(line)).
// A line the rule lists is matched whole without its regexp.
func (r *Rule) find(line, folded string, special bool, runes int) [][]int {
	switch {
	case r.filter.MatchesWhole(folded):
		return [][]int{{0, len(line)}}
	case r.filter.WholeOnly:
		return nil
	}
	if len(line) >= windowMin && r.filter.Windowed && !special {
		if from, to, ok := r.filter.Window(line); ok {
			locs := r.re().FindAllStringIndex(line[from:to], -1)
			for _, l := range locs {
				l[0], l[1] = l[0]+from, l[1]+from
			}
			return locs
		}
	}
	if r.tail > 0 && len(line) > 4*r.tail {
		// Decoded as the regexp engine does: a byte of invalid UTF-8 is
		// a rune.
		from := len(line)
		for n := 0; n < r.tail && from > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(line[:from])
			from -= size
		}
		locs := r.re().FindAllStringIndex(line[from:], -1)
		for _, l := range locs {
			l[0], l[1] = l[0]+from, l[1]+from
		}
		return locs
	}
	if r.loose != nil && len(line) <= 4*r.loose.max {
		if runes != len(line) {
			// Counted as the regexp engine does: a byte of invalid
			// UTF-8 is a rune (rulefilter.RuneCount may count fewer).
			runes = utf8.RuneCountInString(line)
		}
		if runes <= r.loose.max {
			return r.loose.re().FindAllStringIndex(line, -1)
		}
	}
	return r.re().FindAllStringIndex(line, -1)
}

// BuiltinRules returns neardup's built-in rules (rules.txt in this package).
// They are compiled once per process; each call returns a slice of its own.
func BuiltinRules() []Rule {
	return slices.Clone(compiledBuiltins())
}

var compiledBuiltins = sync.OnceValue(func() []Rule {
	// A stale file (rules.txt edited, the test not yet run) costs time,
	// not correctness: the filters are then derived.
	filters, _ := decodeFilters(storedFilters, builtinRules)
	rules, err := parseRules(strings.NewReader(builtinRules), "rules.txt", true, filters)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return rules
})

// BuiltinKinds is Kinds(BuiltinRules()) without compiling the rules, for
// help texts: compiling them takes 15 ms, and every command's flags
// would pay it at start.
func BuiltinKinds() []string {
	var kinds []string
	for line := range strings.Lines(builtinRules) {
		kind, _, ok := strings.Cut(line, "\t")
		if kind = strings.TrimSpace(kind); ok && kind != "" && !strings.HasPrefix(kind, "#") && !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
	}
	return kinds
}

// Kinds lists the distinct kinds of rules, in order of first appearance.
func Kinds(rules []Rule) []string {
	var kinds []string
	for _, r := range rules {
		if !slices.Contains(kinds, r.Kind) {
			kinds = append(kinds, r.Kind)
		}
	}
	return kinds
}

// Cleaner removes boilerplate. It is safe for concurrent use.
type Cleaner struct {
	rules     []Rule
	templates *Templates
	literals  *ahocorasick.Matcher
	// starts finds the rules whose starts a line may begin with.
	starts *startTrie
	always []uint64 // rules with no literal or start to check
	// long is literals without the rules that cannot match a line of
	// more than longLine runes, for such lines: a smaller automaton, and
	// no stop for the literals of short lines (" and ", "at ", agency
	// names) every few dozen bytes of running text.
	// It is built when first needed: a run of short lines never needs
	// it, and building it is a tenth of a small run's start.
	long func() *ahocorasick.Matcher
	lang int // stop words the classifier counts (langNone: off)
	// plain runs every rule's regexp on every line, without prefilters
	// or the literal scan: the reference FuzzClean holds them to.
	plain bool
	// memo remembers what the rules did to lines seen before; shared by
	// the copies WithTemplates and WithLanguage make (same rules).
	memo *ruleMemo
}

// Version identifies the rules (kinds, patterns, order), the classifier's
// language and how template lines are keyed, so that an index can tell
// whether it was built with the same cleaning.
func (c *Cleaner) Version() string {
	h := xxhash.New()
	lang := "none"
	for name, id := range langIDs {
		if id == c.lang {
			lang = name
		}
	}
	fmt.Fprintf(h, "lang\t%s\n", lang)
	// Template lines are stored by key (an index, a sketch): keys that
	// keep digits are not the keys that zeroed them.
	fmt.Fprintf(h, "linekey\tdigits\n")
	// A rule's apostrophes match curly ones (curlyApostrophes): the same
	// rules file cleans otherwise than before.
	fmt.Fprintf(h, "apostrophes\tcurly\n")
	for _, r := range c.rules {
		fmt.Fprintf(h, "%s\t(?i)%s\n", r.Kind, r.Expr)
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// WithTemplates returns a copy of c that also drops the lines of t (see
// LineCounter) unless they read like body text.
func (c *Cleaner) WithTemplates(t *Templates) *Cleaner {
	cp := *c
	cp.templates = t
	return &cp
}

// WithLanguage returns a copy of c whose line classifier expects text in
// lang (one of stem.Languages; "" or "none" turns the classifier off). A
// document with too few of lang's stop words is judged with the language
// whose stop words it has, if any.
func (c *Cleaner) WithLanguage(lang string) (*Cleaner, error) {
	cp := *c
	switch l := strings.ToLower(lang); l {
	case "", "none":
		cp.lang = langNone
	default:
		id, ok := langIDs[l]
		if !ok {
			known := slices.Sorted(maps.Keys(langIDs))
			return nil, fmt.Errorf("unknown language %q (supported: %s, or none)", lang, strings.Join(known, ", "))
		}
		cp.lang = id
	}
	return &cp, nil
}

// New returns a Cleaner applying rules in order, with the line classifier
// set for English (see WithLanguage).
func New(rules []Rule) *Cleaner {
	c := &Cleaner{rules: rules, literals: newMatcher(rules, 0), long: sync.OnceValue(func() *ahocorasick.Matcher { return newMatcher(rules, longLine) }), lang: langEnglish, memo: &ruleMemo{}}
	words := c.literals.Words()
	c.always = make([]uint64, words)
	c.starts = newStartTrie(rules, words)
	for ri, r := range rules {
		if r.filter.Starts == nil && r.filter.Lits == nil {
			c.always[ri/64] |= 1 << (ri % 64)
		}
	}
	return c
}

// candidates sets in set (a bitset over c.rules) the rules line may match
// for its literals or its start; the rules' own prefilters and
// patterns decide the rest. Iterating these instead of every rule keeps
// the work per line small when there are many rules.
//
// runes is the line's length in runes, or -1 if not yet counted; a long
// line gets it counted.
func (c *Cleaner) candidates(line string, runes *int, set []uint64) {
	if c.plain {
		clear(set)
		for ri := range c.rules {
			set[ri/64] |= 1 << (ri % 64)
		}
		return
	}
	m := c.literals
	if len(line) > longLine {
		if *runes < 0 {
			*runes = rulefilter.RuneCount(line) // kept for the classifier
		}
		if *runes > longLine {
			m = c.long()
		}
	}
	m.Scan(line, set)
	for w := range set {
		set[w] |= c.always[w]
	}
	c.starts.match(line, set)
}

// nextRule returns the first rule at or after from in set, or -1.
func nextRule(set []uint64, from int) int {
	for w := from / 64; w < len(set); w++ {
		v := set[w]
		if w == from/64 {
			v &= ^uint64(0) << (from % 64)
		}
		if v != 0 {
			return w*64 + bits.TrailingZeros64(v)
		}
	}
	return -1
}

// Removal is one piece of text cleaning removed.
type Removal struct {
	Line  int    `json:"line"`       // 1-based line number in the input
	Layer string `json:"layer"`      // LayerRule or LayerFeature
	Kind  string `json:"kind"`       // rule kind, or the feature's name
	Rule  string `json:"rule"`       // rule source ("rules.txt:12") or feature description
	Whole bool   `json:"whole_line"` // the whole line was dropped
	Text  string `json:"text"`       // the removed text: a whole line, or a fragment of one
}

// Clean returns text without its boilerplate.
func (c *Cleaner) Clean(text string) string {
	// Joined in a pooled buffer, which appendJoined sizes for every
	// line, and copied out at its length: one allocation a document.
	buf := joinPool.Get().(*[]byte)
	*buf = c.AppendClean((*buf)[:0], text)
	out := string(*buf)
	if cap(*buf) <= maxPooledJoin {
		joinPool.Put(buf)
	}
	return out
}

// joinPool recycles Clean's buffers; one larger than maxPooledJoin (a
// rare huge document) is left to the collector rather than kept.
var joinPool = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledJoin = 1 << 20

// AppendClean appends text without its boilerplate to dst: Clean for
// callers that reuse a buffer.
func (c *Cleaner) AppendClean(dst []byte, text string) []byte {
	dst, _ = c.appendClean(dst, nil, text, false)
	return dst
}

// AppendCleanTrace is AppendClean that also appends to trace a record of
// what cleaning removed from text (a few bytes), from which Replay makes
// the same cleaned text again at a fraction of the cost: for a text read
// a second time, as a scan does to verify a pair.
func (c *Cleaner) AppendCleanTrace(dst, trace []byte, text string) (cleaned, traced []byte) {
	return c.appendClean(dst, trace, text, true)
}

func (c *Cleaner) appendClean(dst, trace []byte, text string, tracing bool) ([]byte, []byte) {
	scratch := linePool.Get().(*[]line)
	var cuts *[]cutRecord
	if tracing {
		cuts = cutPool.Get().(*[]cutRecord)
		*cuts = (*cuts)[:0]
	}
	lines, _ := c.analyze(text, false, *scratch, cuts)
	dst = appendJoined(dst, lines)
	if tracing {
		trace = appendTrace(trace, lines, *cuts)
		clear(*cuts)
		cutPool.Put(cuts)
	}
	clear(lines) // drop references to text before pooling
	*scratch = lines[:0]
	linePool.Put(scratch)
	return dst, trace
}

// linePool recycles analyze's line slices between documents.
var linePool = sync.Pool{New: func() any { return new([]line) }}

// Explain returns the cleaned text and every removal, in input order.
func (c *Cleaner) Explain(text string) (string, []Removal) {
	lines, removals := c.analyze(text, true, nil, nil)
	return string(appendJoined(nil, lines)), removals
}

// Line is a line cleaning kept: its 1-based number in the input and its
// text with any debris cut out.
type Line struct {
	Number int
	Text   string
}

// Lines returns the non-blank lines cleaning keeps, and every removal.
func (c *Cleaner) Lines(text string) ([]Line, []Removal) {
	lines, removals := c.analyze(text, true, nil, nil)
	var out []Line
	for i, l := range lines {
		if !l.dropped && l.text != "" {
			out = append(out, Line{Number: i + 1, Text: l.text})
		}
	}
	return out, removals
}

type line struct {
	text    string // after inline cuts
	runes   int32  // text's length in runes, if counted (see counted)
	counted bool
	dropped bool
	byRule  bool   // dropped by a rule or as a corpus template
	kind    string // kind of the rule that dropped it
}

// analyze decides the fate of every line of text, in lines (reused when
// it has room). Each cut a rule makes inside a line is appended to cuts,
// if not nil.
func (c *Cleaner) analyze(text string, explain bool, lines []line, cuts *[]cutRecord) ([]line, []Removal) {
	n := strings.Count(text, "\n") + 1
	lines = slices.Grow(lines[:0], n)[:n]
	clear(lines)
	hits := make([]uint64, c.literals.Words())
	// Checked once for the document rather than for each line: in an
	// ASCII text (most of a large English corpus) no line needs its runes
	// counted, special folds replaced or capitals looked for.
	ascii := rulefilter.IsASCII(text)
	special := !ascii && rulefilter.HasSpecialFolds(text)
	fold := func(t string) string {
		if special {
			return rulefilter.SpecialFolder.Replace(t)
		}
		return t
	}
	var removals []Removal
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	lowerBuf := sc.lower[:0] // reused by the lines' lower(), and by the next document
	rest := text
	for i := range lines {
		var r string
		r, rest, _ = strings.Cut(rest, "\n")
		t := strings.TrimSpace(r)
		lines[i].text = t
		if t == "" {
			continue
		}
		runes := -1
		if ascii {
			runes = len(t)
		}
		// Explain reports each rule's work, so it does it.
		memo := c.memo != nil && !explain && !c.plain && len(c.rules) < 1<<16-memoDrop0
		var key uint64
		if memo {
			key = memoKey(t, special)
			switch o := c.memo.get(key); {
			case o == memoKept:
				if runes >= 0 {
					lines[i].runes, lines[i].counted = int32(runes), true
				}
				continue
			case o >= memoDrop0:
				lines[i].dropped, lines[i].byRule, lines[i].kind = true, true, c.rules[o-memoDrop0].Kind
				continue
			}
		}
		cut1 := false // a rule cut the line in part
		folded := fold(t)
		// folded with ASCII lower-cased, made when a rule first asks.
		var lowered []byte
		lower := func() []byte {
			if lowered == nil {
				lowerBuf = rulefilter.AppendLowerASCII(lowerBuf[:0], folded)
				lowered = lowerBuf
			}
			return lowered
		}
		c.candidates(folded, &runes, hits)
		for ri := nextRule(hits, 0); ri >= 0; ri = nextRule(hits, ri+1) {
			rule := &c.rules[ri]
			var locs [][]int
			switch {
			case c.plain:
				locs = rule.re().FindAllStringIndex(t, -1)
			case rule.filter.Skip(folded, &runes):
				continue
			case rule.filter.SkipLower(lower(), runes == len(folded), rule.prefixOnly):
				continue
			default:
				locs = rule.find(t, folded, special, runes)
			}
			if locs == nil {
				continue
			}
			kept := cut(t, locs)
			if !hasWordChar(kept) && creditKinds[rule.Kind] {
				if at := c.gluedCredit(t); at > 0 {
					// A paragraph with a photo credit glued to its end:
					// the credit goes, not the paragraph.
					locs = [][]int{{at, len(t)}}
					kept = cut(t, locs)
				}
			}
			if !hasWordChar(kept) {
				if speechVetoes[rule.Kind] && reportsSpeech(t) || vetoesNarrative(rule.Kind, t) && c.narrates(t) {
					continue // a sentence of reporting, whatever it mentions
				}
				lines[i].dropped, lines[i].byRule, lines[i].kind = true, true, rule.Kind
				if explain {
					removals = append(removals, Removal{Line: i + 1, Text: t, Whole: true, Layer: LayerRule, Kind: rule.Kind, Rule: rule.Source})
				}
				if memo && !cut1 {
					c.memo.put(key, memoDrop0+uint64(ri))
				}
				break
			}
			cut1 = true
			if cuts != nil {
				*cuts = append(*cuts, cutRecord{line: i, locs: locs})
			}
			if explain {
				for _, l := range locs {
					removals = append(removals, Removal{Line: i + 1, Text: strings.TrimSpace(t[l[0]:l[1]]), Layer: LayerRule, Kind: rule.Kind, Rule: rule.Source})
				}
			}
			t = kept
			lines[i].text = t
			runes = -1
			if ascii {
				runes = len(t)
			}
			folded, lowered = fold(t), nil
			c.candidates(folded, &runes, hits)
		}
		if memo && !cut1 && !lines[i].dropped {
			c.memo.put(key, memoKept)
		}
		if runes >= 0 && !lines[i].dropped {
			lines[i].runes, lines[i].counted = int32(runes), true
		}
	}
	// The corpus and feature layers are guesses about this document; when
	// together they would take more than maxGuessShare of the words the
	// rules left, they are wrong about it and only the rules apply.
	guessed := 0
	var corpus []int
	if c.templates != nil {
		for i := range lines {
			l := &lines[i]
			if l.dropped || l.text == "" || bodyLike(l.text) || c.templates.files(l.text) == 0 {
				continue
			}
			l.dropped, l.byRule, l.kind = true, true, "template"
			corpus = append(corpus, i)
			guessed += countWords(l.text)
		}
	}
	drop := features(lines)
	for i := range drop {
		guessed += countWords(lines[i].text)
	}
	before := 0
	if guessed > 0 {
		for _, l := range lines {
			if !l.dropped || l.kind == "template" {
				before += countWords(l.text)
			}
		}
	}
	if guessed > 0 && float64(guessed) > maxGuessShare*float64(before) {
		for _, i := range corpus {
			lines[i].dropped, lines[i].byRule, lines[i].kind = false, false, ""
		}
		corpus, drop = nil, nil
	}
	for i := range lines {
		if f := drop[i]; f != "" {
			lines[i].dropped = true
			if explain {
				removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerFeature, Kind: f, Rule: featureHelp[f]})
			}
		}
	}
	// The classifier decides last, seeing what the other layers removed
	// as boilerplate. It is not under maxGuessShare: on a page saved whole
	// the furniture is often most of the words, and it never removes a
	// paragraph of text.
	for _, i := range listSections(lines) {
		lines[i].dropped = true
		if explain {
			removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerFeature, Kind: FeatureListItem, Rule: featureHelp[FeatureListItem]})
		}
	}
	sc.lower = lowerBuf[:0]
	if c.lang != langNone {
		v, st, lang := classify(lines, c.lang, sc)
		for i := range v {
			if v[i].final != clsBad || lines[i].dropped {
				continue
			}
			lines[i].dropped = true
			if explain {
				kind, why := explainVerdict(v, st, lines, sc.groups, lang, i)
				removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerClassifier, Kind: kind, Rule: why})
			}
		}
	}
	if explain {
		for _, i := range corpus {
			removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerCorpus, Kind: "template", Rule: fmt.Sprintf("line found in %d files", c.templates.files(lines[i].text))})
		}
	}
	if explain {
		slices.SortStableFunc(removals, func(a, b Removal) int { return a.Line - b.Line })
	}
	return lines, removals
}

// appendJoined appends the kept lines to dst, one a line, dropping
// leading and trailing blank lines and collapsing runs of them.
func appendJoined(dst []byte, lines []line) []byte {
	start := len(dst)
	n := 0
	for _, l := range lines {
		n += len(l.text) + 1
	}
	dst = slices.Grow(dst, n)
	blank := true
	for _, l := range lines {
		if l.dropped {
			continue
		}
		if l.text == "" {
			if !blank {
				dst = append(dst, '\n')
			}
			blank = true
			continue
		}
		dst = append(dst, l.text...)
		dst = append(dst, '\n')
		blank = false
	}
	for len(dst) > start && dst[len(dst)-1] == '\n' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// cut removes the located spans from s, joining what is left with a space
// where a cut separated two pieces of text.
func cut(s string, locs [][]int) string {
	var sb strings.Builder
	prev := 0
	for _, l := range locs {
		if piece := s[prev:l[0]]; piece != "" {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strings.TrimSpace(piece))
		}
		prev = l[1]
	}
	if piece := strings.TrimSpace(s[prev:]); piece != "" {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(piece)
	}
	return strings.TrimSpace(sb.String())
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// reportsSpeech reports whether s is a sentence of reporting: six words or
// more with "said", "told", "according to", "ruled", "found", "heard" and
// the like (in the languages --lang accepts too). Rules of the kinds
// in speechVetoes never drop one whole: such boilerplate speaks to the
// reader ("we use cookies", "you are using an ad blocker"); an article
// reports what someone said about cookies or ad blockers. Teasers,
// captions and comment headers do report speech ("Read more: PM says
// ...", "Jane Roe says:"), so their rules have no such veto.
func reportsSpeech(s string) bool {
	if countWordsUpTo(s, 6) < 6 {
		return false
	}
	// Words, lower-cased, compared with the verbs: a regexp of them
	// was a third of cleaning furniture-heavy text, run on every line a
	// rule would drop.
	var prev [2]string
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		w = strings.ToLower(w)
		if reportingVerbs[w] || reportingPairs[prev[1]+" "+w] || reportingTriples[prev[0]+" "+prev[1]+" "+w] {
			return true
		}
		prev[0], prev[1] = prev[1], w
	}
	return false
}

// creditKinds are the kinds whose whole-line rules take a caption with its
// credit ("A bee on lavender. Photograph: Jane Roe/City Science").
var creditKinds = map[string]bool{"caption-credit": true, "media": true}

// gluedCredit returns where the last sentence of line starts when line is
// a paragraph with a credit glued to its end: two sentences or more that
// narrate (see narrates), then a last one of at most twelve words without
// a sentence's end ("... fell 5%. Photo: AFP/Getty Images"); 0 otherwise.
// A hostile pass lost such paragraphs whole. A caption is one sentence
// and its credit, and still goes whole.
func (c *Cleaner) gluedCredit(line string) int {
	ends := 0 // sentence ends before the last one
	last := 0
	for i := 1; i+1 < len(line); i++ {
		if (line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i+1] == ' ' && line[i-1] != '.' {
			ends++
			last = i + 2
		}
	}
	if ends < 2 || last >= len(line) {
		return 0
	}
	tail := line[last:]
	if countWordsUpTo(tail, 13) > 12 || strings.ContainsAny(strings.TrimRight(tail, ".)"), ".!?") || !c.narrates(strings.TrimSpace(line[:last])) {
		return 0
	}
	return last
}

// vetoesNarrative reports whether a rule of kind, matching line whole,
// must not drop it if it narrates (see narrates): photo credits, and
// bylines ("By ...", "Words by ..."), are names, not sentences. A hostile
// pass found "BY THE TIME POLICE ARRIVED, THE GUNMAN HAD FLED.", "Photos
// by the Hubble telescope revealed a new galaxy." and "Words by Tim Rice,
// music by Andrew Lloyd Webber, the musical opened in 1978." taken for
// them. Other furniture of those kinds is written in sentences ("This
// story was originally published by ...", "Jane Roe is a reporter for
// ..."), so the veto is no wider.
func vetoesNarrative(kind, line string) bool {
	switch kind {
	case "caption-credit":
		return true
	case "scaffold":
		for _, p := range bylineStarts {
			if len(line) > len(p) && strings.EqualFold(line[:len(p)], p) {
				return true
			}
		}
	}
	return false
}

var bylineStarts = []string{"by ", "words by ", "text by ", "story by ", "words and pictures by ", "written ", "posted ", "published ", "updated ", "edited "}

// narrates reports whether line is a sentence of running text: six words
// or more, ending in sentence punctuation, with the stop words of running
// text in the cleaner's language (stopHigh: "By Richard Parsons and Jane
// Smith, Staff Writers." has a quarter).
func (c *Cleaner) narrates(line string) bool {
	if countWordsUpTo(line, 6) < 6 || !strings.ContainsAny(line[len(line)-1:], ".!?") && !strings.HasSuffix(line, ".\u201d") && !strings.HasSuffix(line, ".\"") {
		return false
	}
	var st lineStats
	st.measure(line, c.lang, -1)
	return st.counted >= 6 && st.density(c.lang) >= stopHigh
}

var speechVetoes = map[string]bool{"legal": true, "advert": true, "paywall": true, "newsletter": true, "scaffold": true, "share": true}

// reportingVerbs, and the pairs and triples of words that report speech
// (in the languages --lang accepts too).
var (
	reportingVerbs = setOf("said", "says", "say", "told", "asked", "ruled", "announced", "disclosed", "demanded", "urged", "pleads", "pleaded",
		"warned", "promised", "claimed", "argued", "insisted", "found", "heard", "noted", "explained", "admitted", "stated",
		"concluded", "reported", "added", "wrote", "selon", "explique", "conseille", "estime", "dijo", "según", "afirmó",
		"explicó", "señaló", "leyó", "aconseja", "sade", "enligt", "szerint", "заявил", "сказал")
	reportingPairs   = setOf("according to", "he read", "she read", "they read", "it read", "a déclaré", "по словам")
	reportingTriples = setOf("a t il", "a t elle")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// shortFragment reports whether s looks like a caption, title or prompt
// rather than a paragraph: at most 20 words and no sentence punctuation at
// its end (a closing quote or bracket counts when punctuation precedes it).
func shortFragment(s string) bool {
	return !endsSentence(s) && countWordsUpTo(s, 21) <= 20
}

// endsSentence reports whether s ends in sentence punctuation, perhaps
// followed by a closing quote or bracket.
func endsSentence(s string) bool {
	if s == "" {
		return false
	}
	// Most lines end in ASCII other than a quote or bracket.
	switch c := s[len(s)-1]; {
	case c == '.' || c == '!' || c == '?' || c == ':' || c == ';':
		return true
	case c < utf8.RuneSelf && c != '"' && c != '\'' && c != ')' && c != ']':
		return false
	}
	r, n := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune("\"'\u201d\u2019)]", r) {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-n])
	}
	return strings.ContainsRune(".!?:;", r)
}

func prevNonBlank(lines []line, i int) int {
	for j := i - 1; j >= 0; j-- {
		if lines[j].dropped || lines[j].text != "" {
			return j
		}
	}
	return -1
}

// besideMedia reports whether the next line, past blank ones, was dropped
// as a picture credit, an advert or a video prompt: the short line above it
// is then its caption or label. Only the line above counts, and only one
// hop: the line under a header or byline is the headline, and a cascade
// could eat a run of short paragraphs.
func besideMedia(lines []line, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].dropped {
			k := lines[j].kind
			return lines[j].byRule && (k == "caption-credit" || k == "advert" || k == "video")
		}
		if lines[j].text != "" {
			return false
		}
	}
	return false
}

// Without returns rules minus those of the given kinds, and the kinds that
// matched no rule (so a caller can report a misspelt kind).
func Without(rules []Rule, kinds ...string) ([]Rule, []string) {
	var unknown []string
	known := Kinds(rules)
	for _, k := range kinds {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	var out []Rule
	for _, r := range rules {
		if !slices.Contains(kinds, r.Kind) {
			out = append(out, r)
		}
	}
	return out, unknown
}

// Feature names, as reported in Removal.Kind.
const (
	FeatureBeside     = "beside-boilerplate"
	FeatureVideoTitle = "video-title"
	FeatureOneWord    = "single-word"
	FeatureUpper      = "upper-case"
	FeatureTrailing   = "trailing-block"
	FeatureListItem   = "boilerplate-list"
)

// maxGuessShare bounds the words the corpus and feature layers may take
// from a document: past it they are wrong about this document and undone.
const maxGuessShare = 0.4

// features picks lines to drop by their shape and place rather than their
// words, and says which feature picked each.
func features(lines []line) map[int]string {
	drop := make(map[int]string)
	for i, l := range lines {
		if l.dropped || l.text == "" {
			continue
		}
		switch {
		case shortFragment(l.text) && besideMedia(lines, i) && !tableEnd(lines, i):
			drop[i] = FeatureBeside
		case afterVideo(lines, i) && countWordsUpTo(l.text, 26) <= 25 && !statement(l.text):
			drop[i] = FeatureVideoTitle
		case startsUpper(l.text) && countWordsUpTo(l.text, 2) == 1 && shortFragment(l.text) && !besideCode(lines, i):
			drop[i] = FeatureOneWord
		case shortFragment(l.text) && mostlyUpper(l.text) && !besideCode(lines, i):
			drop[i] = FeatureUpper
		}
	}
	// The trailing block: short fragments after the last paragraph, when
	// known boilerplate among them shows it is a footer and not, say, a
	// closing list of award winners.
	var tail []int
	evidence := false
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if l.text == "" {
			continue
		}
		if l.dropped {
			evidence = evidence || l.byRule
			continue
		}
		if drop[i] != "" {
			continue
		}
		if !shortFragment(l.text) {
			break
		}
		tail = append(tail, i)
	}
	if evidence {
		tail = sparedTable(lines, tail)
		for _, i := range tail {
			drop[i] = FeatureTrailing
		}
	}
	return drop
}

// sparedTable returns tail (the trailing block's lines, last first)
// without a table or a fact box that closes the article: the lines right
// after the last paragraph, past furniture set inside an article, when
// there are minTableRows of them or more, averaging minRowWords words,
// that read as a table (tableRun). The classifier judges them as the article's
// other lists (articleList).
func sparedTable(lines []line, tail []int) []int {
	if len(tail) < minTableRows {
		return tail
	}
	// The rows: tail's last n lines (tail runs last line first), from
	// the first line after the paragraph on, while only blank lines and
	// inline furniture lie between them.
	first := tail[len(tail)-1]
	n, words := 0, 0
	for i := first; i < len(lines) && n < len(tail); i++ {
		l := &lines[i]
		if i == tail[len(tail)-1-n] {
			words += countWords(l.text)
			n++
		} else if l.text != "" && !inlineFurniture(l) {
			break // any other line ends the run
		}
	}
	if n < minTableRows || words < minRowWords*n || !tableRun(lines, first, tail[len(tail)-n]) {
		return tail
	}
	return tail[:len(tail)-n]
}

// tableEnd reports whether line i is the last row of a table (tableRun)
// of minTableRows rows or more: a caption's shape, above an advert.
func tableEnd(lines []line, i int) bool {
	from, n := i, 1
	for j := i - 1; j >= 0 && n < minTableRows; j-- {
		if lines[j].text == "" {
			continue
		}
		if lines[j].dropped || !shortFragment(lines[j].text) {
			break
		}
		from, n = j, n+1
	}
	return n >= minTableRows && tableRun(lines, from, i)
}

// minTableRows is the fewest lines sparedTable takes for a table.
const minTableRows = 3

var featureHelp = map[string]string{
	FeatureBeside:     "short line without sentence punctuation above a credit, advert or video",
	FeatureVideoTitle: "short line after a video prompt",
	FeatureOneWord:    "a single word on its own line",
	FeatureUpper:      "short line in capitals",
	FeatureTrailing:   "short lines after the last paragraph, among boilerplate",
	FeatureListItem:   "item of a bulleted list under a boilerplate heading",
}

// besideCode reports whether the line above or below (past blank lines)
// reads as code: a lone "SELECT" or "END" there is a keyword of the
// listing, not a section label.
func besideCode(lines []line, i int) bool {
	p, n := prevNonBlank(lines, i), nextNonBlank(lines, i)
	return p >= 0 && !lines[p].dropped && codeLike(lines[p].text) || n >= 0 && !lines[n].dropped && codeLike(lines[n].text)
}

// statement reports whether a line is a sentence of three words or more
// with its full stop: a video's title has none ("Riverside tram vote
// explained"), while a live blog's entry under its time ("22:00", which
// the video rules take for a duration) or a paragraph under a "Video"
// line ("Police said the man was arrested...") does.
func statement(s string) bool {
	s = strings.TrimRight(s, "\"'\u201d\u2019)")
	return strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "...") && countWordsUpTo(s, 3) >= 3
}

func afterVideo(lines []line, i int) bool {
	p := prevNonBlank(lines, i)
	return p >= 0 && lines[p].byRule && lines[p].kind == "video"
}

// startsUpper: section labels are capitalized; a lone lower-case word is a
// line broken in the middle of a sentence, and a number may be a table.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func mostlyUpper(s string) bool {
	upper, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 4 && upper*10 >= letters*8 && countWordsUpTo(s, 2) >= 2
}

// bodyLike reports whether a line reads like article text: at least ten
// words ending in sentence punctuation. Such a line is never dropped for
// repeating across files, since syndicated copies repeat their content.
func bodyLike(s string) bool {
	w := countWordsUpTo(s, 21)
	return w > 20 || w >= 10 && endsSentence(s)
}

// countWords counts runs of non-space characters, as len(strings.Fields(s))
// would, without allocating.
func countWords(s string) int { return countWordsUpTo(s, len(s)+1) }

// countWordsUpTo is countWords that stops counting at limit.
func countWordsUpTo(s string, limit int) int {
	n, in := 0, false
	i := 0
	// Eight ASCII bytes at a time: a word starts at each non-space byte
	// whose previous byte is a space (or, for the first, at the state
	// carried in).
	for ; i+8 <= len(s) && n < limit; i += 8 {
		x := load64(s, i)
		if x&highBits != 0 {
			break // non-ASCII: white space may be multi-byte
		}
		word := ^space8(x) & highBits
		prevSpace := ^word<<8&highBits | 0x80
		if in {
			prevSpace &^= 0x80
		}
		n += bits.OnesCount64(word & prevSpace)
		in = word>>63 != 0
	}
	for i < len(s) && n < limit {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return min(n, limit) // a chunk may count past it
}

const highBits = 0x8080808080808080

// load64 reads s[i:i+8] as a little-endian integer (one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// space8 sets the high bit of each byte of x (all ASCII) that asciiSpace
// holds: '\t' to '\r', or ' '. The sums stay below 0x100 per byte.
func space8(x uint64) uint64 {
	control := (x + 0x7777777777777777) &^ (x + 0x7272727272727272) // 0x09 <= b <= 0x0d
	t := x ^ 0x2020202020202020
	blank := ^((t + 0x7f7f7f7f7f7f7f7f) | t) // b == ' '
	return (control | blank) & highBits
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// newMatcher compiles the rules' required literals into one automaton:
// scanning a line tells every rule whose literals it holds. A literal
// longer than matchPrefix bytes is looked for by its start, still a
// necessary condition (the rule's regexp decides): the automaton's states
// are its literals' bytes, and whole literals made it 3 MB. Rules that
// match no line longer than minRunes are left out.
func newMatcher(rules []Rule, minRunes int) *ahocorasick.Matcher {
	sets := make([][]string, len(rules))
	for i, r := range rules {
		if r.filter.MaxRunes >= 0 && r.filter.MaxRunes < minRunes {
			continue // Skip would skip it
		}
		for _, lit := range r.filter.Lits {
			if len(lit) > matchPrefix {
				lit = lit[:matchPrefix]
			}
			if !slices.Contains(sets[i], lit) {
				sets[i] = append(sets[i], lit)
			}
		}
	}
	return ahocorasick.New(sets)
}

// longLine is the runes past which a line is scanned by Cleaner.long.
// (On generated text 100 to 150 runes were alike, 8% faster than 300,
// 12% than 500; a second automaton for lines of 400 gained nothing.)
const longLine = 150

// matchPrefix is the most bytes of a literal the automaton looks for.
const matchPrefix = 8
