package pipeline

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
)

// What cleaning took from a document that reads as text of its own. A
// document listed for removal (Covers) must lose nothing the kept one
// lacks, and cleaning is no oracle: a rule for a newsletter prompt takes
// the line "Sign up to our newsletter. Ms Hewitt has denied the claims."
// whole, the template layer takes a sentence found in three files of
// four, features take a short line in capitals or a paragraph that starts
// with a credit. So each piece cleaning removed is split into clauses
// (eachSentence); a clause of minOwnTerms terms or more that the kept
// document does not hold, in its cleaned text or among what cleaning
// removed from it, keeps the document, unless cleaning it alone (without
// the corpus layer; a one-line text keeps what features would take)
// leaves too little of it: furniture the rules know. A clause found in
// documents of two groups or more is an outlet's furniture too ("Required
// fields are marked *", an outlet's motto), not a story's: a story's
// sentences are in its copies, one group; one of its holders is kept all
// the same (Furniture).

// minOwnTerms is the fewest terms a removed sentence of a document's own
// has: shorter ones are labels ("Getty Images", "Read more").
const minOwnTerms = 3

// maxRuleTerms is the fewest terms of a removed clause that keeps a
// document even when a rule removes it whole: furniture the rules know is
// mostly shorter, and a rule that starts with a line's first words
// ("Copyright 2005 ...") took a sentence of eight words with them (a
// hostile pass). Longer furniture in copies of one story keeps them
// (safe); across stories it is furniture and goes.
const maxRuleTerms = 8

// removedText is what ReadRemovals found of one document: the clauses
// cleaning removed from it, of minOwnTerms terms or more.
type removedText struct {
	own []*clause
}

// clause is one removed clause, shared by every document it was removed
// from (an outlet's prompts recur in every page). Whether it survives
// cleaning alone is worked out only when it matters: for a clause that
// would keep a document listed otherwise, or furniture.
type clause struct {
	text  string
	terms []uint64 // as written
	hash  uint64   // sentenceHash(terms)
	once  sync.Once
	kept  []uint64 // the terms of what cleaning it alone keeps
}

// ReadRemovals reads again the files of docs whose cleaning removed
// something and finds the sentences of their own it removed, for Covers.
// A document whose file changed gets none recorded, and is never covered.
// With groupOf (the group of each of docs), a sentence removed from
// documents of two groups or more is furniture, no document's own.
func (r *Result) ReadRemovals(ctx context.Context, docs []int, groupOf func(d int) int) error {
	c := r.fp.Config().Cleaner
	if c == nil {
		return nil // nothing cleaned, nothing removed
	}
	r.removedMu.Lock()
	if r.removed == nil {
		r.removed = map[int]removedText{}
		r.iso = c.WithTemplates(nil)
	}
	var todo []int
	seen := map[int]bool{}
	for _, d := range docs {
		if seen[d] {
			continue
		}
		seen[d] = true
		if _, done := r.removed[d]; !done {
			todo = append(todo, d)
		}
	}
	r.removedMu.Unlock()
	out := make([]removedText, len(todo))
	ok := make([]bool, len(todo))
	if r.pool == nil {
		r.pool = &workerPool{fp: r.fp}
	}
	err := r.pool.parallel(ctx, len(todo), r.jobs, func(sw *scanWorker) func(int) {
		return func(i int) {
			d := &r.Docs[todo[i]]
			trace := r.traces.get(todo[i], sw.trace[:0])
			if trace != nil {
				sw.trace = trace[:0]
			}
			if len(trace) == 2 && trace[0] == 0 && trace[1] == 0 {
				ok[i] = true // nothing removed
				return
			}
			f, _, err := sw.rd.read(d.Path, r.maxBytes, true)
			if err != nil || f.Hash != d.Hash {
				return // not the text fingerprinted: never covered
			}
			var own []*clause
			err = clean.ErrTrace // a stored fingerprint has no trace
			if trace != nil {
				own, err = r.ownRemoved(sw.w, f.Text, trace)
			}
			if errors.Is(err, clean.ErrTrace) { // no trace of this text's: clean again
				if _, err = sw.w.TermHashes(f.Text); err == nil {
					own, err = r.ownRemoved(sw.w, f.Text, sw.w.LastTrace())
				}
			}
			if err == nil {
				out[i], ok[i] = removedText{own: own}, true
			}
		}
	})
	r.removedMu.Lock()
	defer r.removedMu.Unlock()
	for i, d := range todo {
		if ok[i] {
			r.removed[d] = out[i]
		}
	}
	if groupOf != nil { // a new grouping: furniture is counted again
		r.furniture = map[uint64]bool{}
		first := map[uint64]int{} // sentence -> the first group seen with it
		for d := range seen {
			for _, c := range r.removed[d].own {
				h, g := c.hash, groupOf(d)
				if f, ok := first[h]; !ok {
					first[h] = g
				} else if f != g {
					r.furniture[h] = true
				}
			}
		}
	}
	return err
}

// Furniture returns, for each clause ReadRemovals last took for furniture
// (found removed from documents of two groups or more) that survives
// cleaning alone, the documents among docs it was removed from, in docs'
// order; clauses in the order of their hashes. A caller listing documents
// for removal keeps one holder of each, so that no clause is lost because
// it was everywhere.
func (r *Result) Furniture(docs []int) (holders [][]int) {
	r.removedMu.Lock()
	defer r.removedMu.Unlock()
	by := map[uint64][]int{}
	for _, d := range docs {
		for _, c := range r.removed[d].own {
			// Only what survives cleaning alone needs a holder kept.
			if h := c.hash; r.furniture[h] && r.keptAlone(c) != nil {
				if ds := by[h]; len(ds) == 0 || ds[len(ds)-1] != d {
					by[h] = append(ds, d)
				}
			}
		}
	}
	for _, h := range slices.Sorted(maps.Keys(by)) {
		holders = append(holders, by[h])
	}
	return holders
}

// sentenceHash is a hash of a sentence's terms, in order.
func sentenceHash(terms []uint64) uint64 {
	h := uint64(14695981039346656037)
	for _, t := range terms {
		h = (h ^ t) * 1099511628211
	}
	return h
}

// ownRemoved returns the sentences of its own cleaning removed from text.
func (r *Result) ownRemoved(w *fingerprint.Worker, text string, trace []byte) ([]*clause, error) {
	var own []*clause
	err := clean.Removed(text, trace, func(piece string) {
		eachSentence(piece, func(s string) {
			if !atLeastWords(s, minOwnTerms) {
				return
			}
			if c := r.clauseOf(w, s); len(c.terms) >= minOwnTerms {
				own = append(own, c)
			}
		})
	})
	return own, err
}

// clauseOf is the clause of text s, made once.
func (r *Result) clauseOf(w *fingerprint.Worker, s string) *clause {
	if c, ok := r.clauses.Load(s); ok {
		return c.(*clause)
	}
	terms := w.AppendTermHashes(nil, s)
	c := &clause{text: strings.Clone(s), terms: terms, hash: sentenceHash(terms)}
	got, _ := r.clauses.LoadOrStore(c.text, c)
	return got.(*clause)
}

// keptAlone is what is left of c cleaned alone, without the corpus
// layer: nil when the rules remove it (furniture whatever its company).
func (r *Result) keptAlone(c *clause) []uint64 {
	c.once.Do(func() {
		if kept := strings.TrimSpace(r.iso.Clean(c.text)); kept != "" {
			r.isoMu.Lock()
			if r.isoWorker == nil {
				r.isoWorker = r.fp.NewWorker()
			}
			if terms := r.isoWorker.AppendTermHashes(nil, kept); len(terms) >= minOwnTerms {
				c.kept = terms
			}
			r.isoMu.Unlock()
		}
	})
	return c.kept
}

// eachSentence calls fn with each sentence or clause of s. A clause ends
// at sentence punctuation of any script ('.', '!', '?', '…', '。', '！',
// '؟', '।'...) and at ':' or ';', unless a digit follows (2.5, 10:30); at
// dashes other than a hyphen, and a hyphen between spaces; at separators
// and bullets ('|', '/', '•', '·', '»', '*', symbols such as '+', '>',
// '◆'), quotes and brackets; and at
// any space but a plain or no-break one (a tab, a line or paragraph
// separator). Cut finer than sentences, a sentence glued to a boilerplate
// phrase, or wrapped in a credit ("Photo: ... / Getty Images"), is a
// clause of its own, cleaned alone; cutting a clause of furniture in
// pieces only makes listing stricter.
func eachSentence(s string, fn func(string)) {
	emit := func(c string) {
		if c = strings.TrimSpace(c); c != "" {
			fn(c)
		}
	}
	start := 0
	for i := 0; i < len(s); {
		end := -1 // where the clause ends, if it does here
		c := s[i]
		if c < utf8.RuneSelf { // most text: a table, not a search
			var next byte
			if i+1 < len(s) {
				next = s[i+1]
			}
			switch asciiClause[c] {
			case stopEnds:
				if next < '0' || next > '9' {
					end = i + 1 // the clause keeps its stop
				}
			case sepEnds:
				end = i
			case hyphen:
				if i > 0 && s[i-1] == ' ' && (next == ' ' || next == '-') {
					end = i
				}
			}
			i++
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			switch {
			case strings.ContainsRune("…。！？．․﹒؟।॥։؛\u037e：；", r):
				if !unicode.IsDigit(next) {
					end = i + n
				}
			case unicode.Is(unicode.Pd, r), r == '−', // dashes but the hyphen
				strings.ContainsRune("•·・‧»«‹›¦｜∣‖⁄∕“”„¿¡", r),
				unicode.In(r, unicode.Sm, unicode.So), // ◆ ▶ ...
				unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f':
				end = i
			}
			i += n
		}
		if end >= 0 {
			emit(s[start:end])
			start = i
		}
	}
	emit(s[start:])
}

// The ASCII bytes that end a clause: sentence stops, ':' and ';' (unless
// a digit follows), separators, symbols, quotes, brackets and spaces other
// than ' ' (a tab); and the hyphen, between spaces.
const (
	stopEnds = 1 + iota
	sepEnds
	hyphen
)

var asciiClause = func() (t [utf8.RuneSelf]byte) {
	for _, c := range ".!?:;" {
		t[c] = stopEnds
	}
	for _, c := range "|/\\~*\"()[]{}+<=>^`\t\v\f\r\n" {
		t[c] = sepEnds
	}
	t['-'] = hyphen
	return t
}()

// atLeastWords says whether s has n words or more (runs of non-spaces).
func atLeastWords(s string, n int) bool {
	in := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			if in, n = true, n-1; n == 0 {
				return true
			}
		}
	}
	return false
}

// ownHeld says whether every sentence of its own cleaning removed from m
// is in k: in kTerms (k's cleaned text, when read) or among the sentences
// cleaning removed from k. Words are compared in pairs, in order.
func (r *Result) ownHeld(k, m int, kTerms []uint64) bool {
	if r.fp.Config().Cleaner == nil {
		// Nothing removed, or removed by rules not known here.
		dk, dm := &r.Docs[k], &r.Docs[m]
		return !r.cleanedElsewhere || dk.Hash == dm.Hash && dk.Size == dm.Size && !dk.Truncated
	}
	ownM, ok := r.removedOf(m)
	if !ok {
		return false
	}
	if len(ownM.own) == 0 {
		return true
	}
	ownK, ok := r.removedOf(k)
	if !ok {
		return false
	}
	pairs := map[[2]uint64]struct{}{}
	add := func(ts []uint64) {
		for i := 0; i+1 < len(ts); i++ {
			pairs[[2]uint64{ts[i], ts[i+1]}] = struct{}{}
		}
	}
	add(kTerms)
	for _, c := range ownK.own {
		add(c.terms)
	}
	held := func(ts []uint64) bool {
		for i := 0; i+1 < len(ts); i++ {
			if _, ok := pairs[[2]uint64{ts[i], ts[i+1]}]; !ok {
				return false
			}
		}
		return true
	}
	for _, c := range ownM.own {
		if r.furniture[c.hash] || held(c.terms) {
			continue
		}
		// Not held as written: what cleaning alone keeps of it must be.
		kept := r.keptAlone(c)
		if kept != nil && !held(kept) {
			return false
		}
		if kept == nil && len(c.terms) >= maxRuleTerms {
			return false // a sentence a rule took whole
		}
	}
	return true
}

// removedOf is what ReadRemovals found of d, read now if it was not.
func (r *Result) removedOf(d int) (removedText, bool) {
	r.removedMu.Lock()
	x, ok := r.removed[d]
	done := r.removed != nil && ok
	r.removedMu.Unlock()
	if done {
		return x, true
	}
	if err := r.ReadRemovals(context.Background(), []int{d}, nil); err != nil {
		return removedText{}, false
	}
	r.removedMu.Lock()
	defer r.removedMu.Unlock()
	x, ok = r.removed[d]
	return x, ok
}
