// Package fingerprint runs the per-document part of the pipeline: clean,
// tokenize, stem, shingle and MinHash, turning one article's text into a
// signature. The scan, compare and index commands all fingerprint through
// it, so a document gets the same signature whichever command reads it.
package fingerprint

import (
	"errors"
	"slices"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/minhash"
	"github.com/neardup/neardup/pkg/shingle"
	"github.com/neardup/neardup/pkg/stem"
	"github.com/neardup/neardup/pkg/tokenize"
)

// ErrNoWords is returned for text with no words left after cleaning.
var ErrNoWords = errors.New("no words after cleaning")

// Config holds every setting a signature depends on.
type Config struct {
	Shingle int    // words per shingle
	Perms   int    // MinHash permutations (signature length)
	Seed    uint64 // MinHash seed
	Lang    string // snowball language
	NoStem  bool
	// DropStopWords removes the language's stop words before shingling.
	DropStopWords bool
	// Cleaner removes boilerplate before tokenizing; nil turns cleaning off.
	Cleaner *clean.Cleaner
}

// Fingerprinter holds what workers share. It is safe for concurrent use;
// each goroutine fingerprints through its own Worker.
type Fingerprinter struct {
	cfg    Config
	hasher *minhash.Hasher
}

// New checks cfg and returns a Fingerprinter for it.
func New(cfg Config) (*Fingerprinter, error) {
	if cfg.Shingle < 1 {
		return nil, errors.New("shingle size must be at least 1")
	}
	if _, err := stem.New(cfg.Lang); err != nil {
		return nil, err
	}
	h, err := minhash.New(cfg.Perms, cfg.Seed)
	if err != nil {
		return nil, err
	}
	return &Fingerprinter{cfg: cfg, hasher: h}, nil
}

// Config returns the configuration the Fingerprinter was made with.
func (f *Fingerprinter) Config() Config { return f.cfg }

// Worker fingerprints documents one at a time, reusing its buffers and its
// stem cache. It is not safe for concurrent use.
type Worker struct {
	f        *Fingerprinter
	stemmer  *stem.Stemmer
	cleaned  []byte
	last     string // the last text hashed, after cleaning (LastText)
	trace    []byte // what cleaning removed from the last text (clean.Replay)
	tok      tokenize.Tokenizer
	keys     []uint64
	hashes   []uint64
	shingles []uint64
	anchors  []uint32
	// cache holds, per word as tokenized, the hash of its term (0 for a
	// dropped stop word), so each distinct word is stemmed and hashed once.
	cache termCache
}

// maxKeptText is the longest text whose buffers a Worker keeps for the
// next document.
const maxKeptText = 1 << 20

// NewWorker returns a Worker.
func (f *Fingerprinter) NewWorker() *Worker {
	s, _ := stem.New(f.cfg.Lang) // checked in New
	return &Worker{f: f, stemmer: s, cache: newTermCache()}
}

// Fingerprint summarizes one document.
type Fingerprint struct {
	Signature []uint32 // owned by the caller
	Words     int      // words after cleaning
	Shingles  int      // shingles, counted with repeats
	// Content is a hash of the terms in order, and of how the numbers
	// among them are written (signs, currency symbols, separators, percent
	// signs: terms leave those out; see figuresDigest): documents
	// with equal Content have the same text after cleaning, as far as
	// neardup sees.
	Content uint64
}

// Shingles returns the distinct shingle hashes of text after cleaning,
// tokenizing and stemming, sorted. The slice is reused by the next call.
func (w *Worker) Shingles(text string) ([]uint64, error) {
	if err := w.shingle(text); err != nil {
		return nil, err
	}
	slices.Sort(w.shingles)
	w.shingles = slices.Compact(w.shingles)
	return w.shingles, nil
}

// Sequence returns the shingle hashes of text after cleaning, tokenizing
// and stemming in text order, with repeats. The slice is reused by the
// next call.
func (w *Worker) Sequence(text string) ([]uint64, error) {
	if err := w.shingle(text); err != nil {
		return nil, err
	}
	return w.shingles, nil
}

// TermHashes returns the hashes of the terms of text after cleaning,
// tokenizing and stemming, in text order: shingle.FromWordHashes over them
// with the configured shingle size gives Sequence's shingles. The slice is
// reused by the next call.
func (w *Worker) TermHashes(text string) ([]uint64, error) {
	if err := w.hashTerms(text); err != nil {
		return nil, err
	}
	return w.hashes, nil
}

// shingle fills w.shingles with the shingle hashes of text, in order and
// with repeats: MinHash needs no more.
func (w *Worker) shingle(text string) error {
	if err := w.hashTerms(text); err != nil {
		return err
	}
	w.shingles = shingle.FromWordHashes(w.shingles[:0], w.hashes, w.f.cfg.Shingle)
	return nil
}

// LastTrace returns what cleaning removed from the last text hashed (see
// clean.Replay), nil when the Fingerprinter does not clean. The slice is
// reused by the next call.
func (w *Worker) LastTrace() []byte {
	if w.f.cfg.Cleaner == nil {
		return nil
	}
	return w.trace
}

// TermHashesReplay is TermHashes of a text read again, given the trace
// LastTrace gave when it was first hashed: the cleaning is replayed rather
// than done again. A trace that does not fit text is clean.ErrTrace.
func (w *Worker) TermHashesReplay(text string, trace []byte) ([]uint64, error) {
	if w.f.cfg.Cleaner != nil {
		var err error
		if w.cleaned, err = clean.Replay(w.cleaned[:0], text, trace); err != nil {
			return nil, err
		}
		text = unsafe.String(unsafe.SliceData(w.cleaned), len(w.cleaned))
	}
	if err := w.hashCleaned(text); err != nil {
		return nil, err
	}
	return w.hashes, nil
}

// hashTerms fills w.hashes with the term hashes of text.
func (w *Worker) hashTerms(text string) error {
	if w.f.cfg.Cleaner != nil {
		// The cleaned text goes into a buffer the worker reuses; the string
		// over it is only read by Split, before the next document.
		w.cleaned, w.trace = w.f.cfg.Cleaner.AppendCleanTrace(w.cleaned[:0], w.trace[:0], text)
		text = unsafe.String(unsafe.SliceData(w.cleaned), len(w.cleaned))
	}
	return w.hashCleaned(text)
}

// hashCleaned fills w.hashes with the term hashes of text, cleaned.
func (w *Worker) hashCleaned(text string) error {
	w.last = text
	w.tok.Split(text)
	if len(text) > maxKeptText {
		// One huge document should not hold its buffers for the rest of
		// a run: let them go once this one is done.
		defer func() { w.cleaned, w.tok, w.keys = nil, tokenize.Tokenizer{}, nil }()
	}
	w.hashes = w.hashes[:0]
	// Keys first, lookups after: a loop of independent lookups lets the
	// processor overlap their cache misses.
	w.keys = w.keys[:0]
	for i := range w.tok.Len() {
		w.keys = append(w.keys, w.tok.Key(i))
	}
	for i, key := range w.keys {
		h, ok := w.cache.get(key)
		if !ok {
			h = w.termHash(string(w.tok.Word(i)))
			w.cache.put(key, h)
		}
		if h != 0 {
			w.hashes = append(w.hashes, h)
		}
	}
	if len(w.hashes) == 0 {
		return ErrNoWords
	}
	return nil
}

// AppendTermHashes appends to dst the term hashes of text as it is, not
// cleaned: the terms TermHashes gives text that cleaning leaves whole. It
// reuses the worker's tokenizer: call it between documents.
func (w *Worker) AppendTermHashes(dst []uint64, text string) []uint64 {
	w.tok.Split(text)
	for i := range w.tok.Len() {
		key := w.tok.Key(i)
		h, ok := w.cache.get(key)
		if !ok {
			h = w.termHash(string(w.tok.Word(i)))
			w.cache.put(key, h)
		}
		if h != 0 {
			dst = append(dst, h)
		}
	}
	return dst
}

// LastText returns the text last hashed (by TermHashes, Sequence,
// Shingles, Text...) as it was after cleaning. It is valid until the next
// call.
func (w *Worker) LastText() string { return w.last }

// TermHash returns the hash TermHashes gives a word (lower-case, as
// tokenized), or 0 when the configuration drops it (a stop word).
func (w *Worker) TermHash(word string) uint64 { return w.termHash(word) }

// termHash is the hash of a word's term, or 0 for a dropped stop word.
func (w *Worker) termHash(word string) uint64 {
	if w.f.cfg.DropStopWords && w.stemmer.IsStopWord(word) {
		return 0
	}
	if !w.f.cfg.NoStem {
		// The term cache in front holds the result; the stemmer's own
		// cache would keep every word again (7 MB on a 95.8 MB folder),
		// so it is used only once a vocabulary too large for the term
		// cache has made it start over.
		if w.cache.cleared {
			word = w.stemmer.Stem(word)
		} else {
			word = w.stemmer.StemUncached(word)
		}
	}
	if h := shingle.WordHash(word); h != 0 {
		return h
	}
	return 1 // 0 means "dropped"; a term hashing to 0 is astronomically rare
}

// terms drops stop words (if configured) and stems, in place.
func (w *Worker) terms(words []string) []string {
	if w.f.cfg.DropStopWords {
		kept := words[:0]
		for _, word := range words {
			if !w.stemmer.IsStopWord(word) {
				kept = append(kept, word)
			}
		}
		words = kept
	}
	if !w.f.cfg.NoStem {
		for i, word := range words {
			words[i] = w.stemmer.Stem(word)
		}
	}
	return words
}

// Terms returns the terms (stemmed words) of lines, as shingles see them,
// and for each term the number of the line it came from. Words never span
// lines, so shingling these terms gives the same shingles as Shingles.
func (w *Worker) Terms(lines []clean.Line) (terms []string, lineOf []int) {
	for _, l := range lines {
		before := len(terms)
		terms = append(terms, w.terms(tokenize.Words(l.Text))...)
		for range len(terms) - before {
			lineOf = append(lineOf, l.Number)
		}
	}
	return terms, lineOf
}

// Signature returns the MinHash signature of a set of shingles.
func (f *Fingerprinter) Signature(shingles []uint64) []uint32 {
	return f.hasher.Sum(nil, shingles)
}

// Text fingerprints decoded text.
func (w *Worker) Text(text string) (Fingerprint, error) {
	return w.TextInto(nil, text)
}

// TextInto is Text writing the signature into dst when it has room, so a
// caller can keep all signatures in one flat slice.
func (w *Worker) TextInto(dst []uint32, text string) (Fingerprint, error) {
	if err := w.shingle(text); err != nil {
		return Fingerprint{}, err
	}
	content := xxhash.Sum64(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w.hashes))), len(w.hashes)*8))
	if d := figuresDigest(w.last); d != 0 {
		content = mixContent(content, d)
	}
	return Fingerprint{Signature: w.f.hasher.Sum(dst, w.shingles), Words: len(w.hashes), Shingles: len(w.shingles), Content: content}, nil
}

// Anchors returns the anchors (see package anchor) of the document the
// Worker fingerprinted last, in a slice of their own, no larger than
// needed: a scan keeps them for every document.
func (w *Worker) Anchors() []uint32 {
	w.anchors = anchor.Select(w.anchors[:0], w.shingles)
	if len(w.anchors) == 0 {
		return nil
	}
	return slices.Clone(w.anchors)
}
