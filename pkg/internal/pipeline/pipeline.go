// Package pipeline runs neardup's whole pipeline over a list of files: read and
// decode each file, fingerprint it on a bounded pool of workers, find
// candidate pairs with LSH, verify them and group them. Results depend only
// on the files and the options, never on the number of workers.
package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/minhash"
)

// Defaults, chosen from the measurements in the README.
const (
	DefaultShingle   = 4
	DefaultThreshold = 0.5
	DefaultPerms     = 128
	DefaultSeed      = 1
	DefaultLang      = "english"
	DefaultMaxBytes  = 8 << 20
	// A pair is also grouped when this share of the smaller document's
	// shingles is in the larger: an excerpt, a trimmed copy, a shortened
	// rewrite.
	DefaultContainment = 0.5
	// A line is an outlet's template when it is in at least this many files
	// and in more than this share of them.
	DefaultTemplateFiles = 3
	DefaultTemplateShare = 0.01
)

// DefaultOptions returns the options neardup scan uses without flags.
func DefaultOptions() Options {
	return Options{
		Fingerprint: fingerprint.Config{
			Shingle: DefaultShingle, Perms: DefaultPerms, Seed: DefaultSeed, Lang: DefaultLang,
			Cleaner: clean.New(clean.BuiltinRules()),
		},
		Threshold:     DefaultThreshold,
		Containment:   DefaultContainment,
		Verify:        VerifyAuto,
		MaxBytes:      DefaultMaxBytes,
		TemplateFiles: DefaultTemplateFiles,
		TemplateShare: DefaultTemplateShare,
	}
}

// Options configure a scan.
type Options struct {
	Fingerprint fingerprint.Config
	// Threshold is the Jaccard similarity a pair must reach to be grouped.
	Threshold float64
	// LSH is the banding; the zero value means lsh.Optimal for Threshold.
	LSH lsh.Params
	// Jobs is the number of workers; 0 means one per CPU.
	Jobs int
	// MaxBytes is how much of each file is read; 0 means all of it.
	MaxBytes int64
	// Containment, when above 0, also groups a pair where that share of
	// the smaller document's shingles is in the larger one: a trimmed copy
	// or an excerpt of its original (see package group for how such edges
	// join groups).
	Containment float64
	// Verify is VerifyAuto (the default; "" means it too): candidate
	// pairs the MinHash estimate cannot settle, and every containment
	// edge, are measured exactly from the texts read again; VerifyExact:
	// every candidate pair is; VerifyEstimate: none is (no second read,
	// coarser figures, containment from estimates).
	Verify string
	// TemplateFiles and TemplateShare enable cleaning's corpus layer: a
	// first pass counts lines across files, and a line found in at least
	// TemplateFiles files and in more than TemplateShare of them is dropped
	// from every file (unless it reads like body text). TemplateFiles 0, or
	// no Cleaner, turns the pass off.
	TemplateFiles int
	TemplateShare float64
	// Templates, if set, is the corpus layer's set of template lines to
	// use instead of counting them (an index stores the set it was built
	// with, so later runs clean the same way).
	Templates *clean.Templates
	// Progress, if set, is called once per file when it is done, from the
	// worker goroutines.
	Progress func()
	// CleanedElsewhere says documents given to FromDocs were cleaned by
	// rules not known here (Fingerprint.Cleaner is then nil): what
	// cleaning took from a file cannot be read back, so Covers holds a
	// member only when its file is the kept one's bytes.
	CleanedElsewhere bool
}

// Verification modes.
const (
	VerifyAuto     = "auto"
	VerifyEstimate = "estimate"
	VerifyExact    = "exact"
)

// VerifyChoices lists the Verify values.
var VerifyChoices = []string{VerifyAuto, VerifyExact, VerifyEstimate}

// errNotRegular and errIsFolder are the causes given for a path that is
// not a regular file.
var (
	errNotRegular = errors.New("not a regular file (FIFO, device or socket)")
	errIsFolder   = errors.New("is a folder, not a file")
)

// ErrEmpty is the cause given for an empty file.
var ErrEmpty = errors.New("empty file")

// Warning is a problem with one file. Skipped says the file was left out;
// otherwise it was read with the problem noted (a truncation, say).
type Warning struct {
	Path    string
	Err     error
	Skipped bool
}

func (w Warning) Error() string {
	if w.Skipped {
		return fmt.Sprintf("%s: %v, skipped", w.Path, w.Err)
	}
	return fmt.Sprintf("%s: %v", w.Path, w.Err)
}

// Doc is one fingerprinted file.
type Doc = doc.Doc

// Result is what a scan found.
type Result struct {
	cleanedElsewhere bool      // see Options.CleanedElsewhere
	Docs             []Doc     // fingerprinted files, in input order
	Warnings         []Warning // in input order
	Skipped          int       // files left out
	LSH              lsh.Params
	Candidates       int        // pairs proposed by LSH
	Matched          []lsh.Pair // candidate pairs that matched
	Groups           []group.Group
	// Templates are the corpus layer's template lines the documents were
	// cleaned with (counted by Fingerprint, or Options.Templates); nil when
	// the layer was off. A sketch file stores them so shards clean alike.
	Templates *clean.Templates
	// Time spent in each stage, for --verbose.
	TemplateTime, FingerprintTime, CandidateTime, GroupTime time.Duration

	fp                     *fingerprint.Fingerprinter
	pool                   *workerPool // Fingerprint's workers, their term caches warm, for reading again
	jobs                   int
	maxBytes               int64
	threshold, containment float64
	rep                    []int              // each document's representative: the first with its text
	edges                  []group.Edge       // every verified edge of the last Group, identical ones included
	sets                   map[int]packedText // shingles read for exact measures, by representative
	traces                 *traceStore        // what cleaning removed from each document (clean.Replay), if Fingerprint cleaned it
	stale                  map[int]bool       // documents whose files were missing or changed when read again
	terms                  termTable          // numbers the terms of sets
	cache                  textCache          // sets last unpacked
	negOnce                sync.Once
	neg                    *negSet // term hashes of negations (negationsHeld)
	stop, taken            *negSet // and of spareWords and takenOutWords (newWordsHeld)
	removedMu              sync.Mutex
	removed                map[int]removedText // by document (ReadRemovals)
	furniture              map[uint64]bool     // sentenceHash of removed sentences found in two groups
	iso                    *clean.Cleaner      // cleans a removed clause alone
	clauses                sync.Map            // clause text -> *clause
	isoMu                  sync.Mutex
	isoWorker              *fingerprint.Worker // hashes what iso keeps
}

// Run scans files, which should be in the order groups are to be reported
// (neardup sorts them by path). It stops early, returning ctx.Err(), when
// ctx is cancelled.
func Run(ctx context.Context, files []string, opts Options) (*Result, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	res, err := Fingerprint(ctx, files, opts)
	if err != nil {
		return nil, err
	}
	if err := res.Group(ctx, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// Check says what is wrong with the grouping options, if anything.
func (o Options) Check() error {
	// Written so that NaN, which fails every comparison, fails them too.
	if !(o.Threshold > 0 && o.Threshold <= 1) {
		return fmt.Errorf("threshold must be in (0, 1], got %v", o.Threshold)
	}
	if !(o.Containment >= 0 && o.Containment <= 1) {
		return fmt.Errorf("containment must be in [0, 1], got %v", o.Containment)
	}
	if !slices.Contains(VerifyChoices, o.Verify) && o.Verify != "" {
		return fmt.Errorf("verify must be one of %v, got %q", VerifyChoices, o.Verify)
	}
	if o.LSH != (lsh.Params{}) {
		return o.LSH.Validate(o.Fingerprint.Perms)
	}
	return nil
}

// Fingerprint reads and fingerprints files: the first half of Run. The
// result has no groups yet; Group finds them, as often as wanted with
// different grouping options.
func Fingerprint(ctx context.Context, files []string, opts Options) (*Result, error) {
	fp, err := fingerprint.New(opts.Fingerprint)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	t := opts.Templates
	var sampled map[int]sampledFile // files the template pass read, kept for fingerprinting
	if t == nil && opts.TemplateFiles > 0 && opts.Fingerprint.Cleaner != nil {
		if t, sampled, err = templates(ctx, files, opts.TemplateFiles, opts.TemplateShare, opts.Jobs, opts.MaxBytes, keptSampleBytes); err != nil {
			return nil, err
		}
	}
	templateTime := time.Since(start)
	if t != nil && opts.Fingerprint.Cleaner != nil {
		cfg := opts.Fingerprint
		cfg.Cleaner = cfg.Cleaner.WithTemplates(t)
		if fp, err = fingerprint.New(cfg); err != nil {
			return nil, err
		}
	}
	// Signatures live in one flat slice, documents in one slice of values:
	// no allocation per document, nothing for the collector to chase.
	perms := fp.Config().Perms
	sigs := make([]uint32, len(files)*perms)
	docs := make([]Doc, len(files))
	warns := make([][]Warning, len(files))
	// The sample's texts by file, each let go once fingerprinted rather
	// than all at the end.
	fromSample := make([]*sampledFile, len(files))
	for i, s := range sampled {
		fromSample[i] = &s
	}
	sampled = nil
	traces := newTraceStore(len(files))
	pool := &workerPool{fp: fp}
	err = pool.parallel(ctx, len(files), opts.Jobs, func(sw *scanWorker) func(int) {
		w, rd := sw.w, &sw.rd
		return func(i int) {
			sig := sigs[i*perms : (i+1)*perms : (i+1)*perms]
			if s := fromSample[i]; s != nil {
				docs[i], warns[i] = fingerprintFile(w, files[i], s.file, s.warns, sig)
				fromSample[i] = nil // its text can go
			} else {
				docs[i], warns[i] = readOne(w, rd, files[i], opts.MaxBytes, sig)
			}
			if docs[i].Signature != nil {
				traces.set(i, w.LastTrace())
			}
			if opts.Progress != nil {
				opts.Progress()
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res := &Result{fp: fp, pool: pool, jobs: opts.Jobs, maxBytes: opts.MaxBytes, TemplateTime: templateTime, FingerprintTime: time.Since(start) - templateTime}
	if opts.Fingerprint.Cleaner != nil {
		res.Templates = t
	}
	kept, keptTraces := docs[:0], newTraceStore(0)
	for i, d := range docs {
		res.Warnings = append(res.Warnings, warns[i]...)
		if d.Signature == nil {
			res.Skipped++
			continue
		}
		kept = append(kept, d)
		keptTraces.add(traces, i)
	}
	res.Docs = slices.Clip(kept)
	if opts.Fingerprint.Cleaner != nil {
		res.traces = keptTraces
	}
	if len(res.Docs) >= collectAfter {
		// Grouping's transients (band keys, anchor postings) come next:
		// with the reading's garbage collected first they fit under the
		// heap the collector allows, rather than on top of it (a million
		// documents: 1.45 GiB at the peak instead of 1.5).
		runtime.GC()
	}
	return res, nil
}

// FromDocs returns a result over documents fingerprinted before (loaded
// from an index or sketch files) with the fingerprint settings of opts,
// ready for Group or Matches. Their files are read again only to verify
// pairs (Options.Verify); VerifyEstimate reads nothing.
func FromDocs(docs []Doc, opts Options) (*Result, error) {
	cfg := opts.Fingerprint
	if opts.Templates != nil && cfg.Cleaner != nil {
		cfg.Cleaner = cfg.Cleaner.WithTemplates(opts.Templates) // as they were made
	}
	fp, err := fingerprint.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Result{Docs: docs, fp: fp, jobs: opts.Jobs, maxBytes: opts.MaxBytes, cleanedElsewhere: opts.CleanedElsewhere}, nil
}

// Group finds the groups among the fingerprinted documents with the
// grouping options of opts (Threshold, LSH, Containment, Verify), replacing
// any found before. Documents with the same text after cleaning are
// collapsed to one before LSH and joined back as identical members, so a
// folder of ten thousand copies costs what one document does. Candidates
// come from LSH banding (Jaccard) and, with containment on, from shared
// anchors (an excerpt and its source); those the MinHash estimates cannot
// settle are verified exactly (see Options.Verify) and become edges, which
// package group turns into groups.
func (r *Result) Group(ctx context.Context, opts Options) error {
	if err := opts.Check(); err != nil {
		return err
	}
	start := time.Now()
	perms := r.fp.Config().Perms
	r.LSH = opts.LSH
	if r.LSH == (lsh.Params{}) {
		r.LSH = Banding(opts.Threshold, perms)
	}
	n := len(r.Docs)
	r.rep = make([]int, n)
	var reps []int // one document per distinct text, in document order
	first := make(map[uint64]int, n)
	var edges []group.Edge
	for i, d := range r.Docs {
		r.rep[i] = i
		if d.Content != 0 {
			if f, ok := first[d.Content]; ok {
				r.rep[i] = f
				edges = append(edges, group.Edge{A: f, B: i, Kind: group.Identical, Jaccard: 1, Containment: 1})
				continue
			}
			first[d.Content] = i
		}
		reps = append(reps, i)
	}
	first = nil
	sig := func(k int) []uint32 { return r.Docs[reps[k]].Signature }
	banded, err := lsh.Candidates(ctx, len(reps), sig, r.LSH, r.jobs)
	if err != nil {
		return err
	}
	var anchored []anchor.Pair
	if opts.Containment > 0 {
		anchors := func(k int) []uint32 { return r.Docs[reps[k]].Anchors }
		anchored = anchor.Pairs(len(reps), anchors, MinSharedAnchors, r.jobs)
	}
	// Both lists are sorted by rep, and reps are in document order, so
	// merging them gives the candidate pairs of documents in order, each
	// once, with the anchors it shares (0 for a pair banding alone found).
	var pairs, toRead [][2]int
	consider := func(p [2]int32, shared int32) {
		a, b := reps[p[0]], reps[p[1]]
		if ok, decided := r.plausible(a, b, shared, opts); ok {
			pairs = append(pairs, [2]int{a, b})
			if opts.Verify == VerifyExact || !decided && opts.Verify != VerifyEstimate {
				toRead = append(toRead, [2]int{a, b})
			}
		}
	}
	for i, j := 0, 0; i < len(banded) || j < len(anchored); {
		var x, y [2]int32
		if i < len(banded) {
			x = [2]int32{banded[i].A, banded[i].B}
		}
		if j < len(anchored) {
			y = [2]int32{anchored[j].A, anchored[j].B}
		}
		switch {
		case j == len(anchored) || i < len(banded) && cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) < 0:
			consider(x, 0)
			i++
		case i == len(banded) || x != y:
			consider(y, anchored[j].Shared)
			j++
		default:
			consider(y, anchored[j].Shared)
			i++
			j++
		}
	}
	banded, anchored = nil, nil
	if n >= collectAfter {
		runtime.GC() // as after reading: the candidate stage's transients go before verifying
	}
	r.Candidates = len(pairs)
	r.CandidateTime = time.Since(start)
	start = time.Now()
	verified, err := r.verify(ctx, pairs, toRead, opts)
	if err != nil {
		return err
	}
	r.Matched = r.Matched[:0]
	for _, e := range verified {
		r.Matched = append(r.Matched, lsh.Pair{A: int32(min(e.A, e.B)), B: int32(max(e.A, e.B))})
	}
	r.edges = append(edges, verified...)
	r.Groups = group.Build(n, r.edges)
	// Keep the shingle sets of group members only: reports measure
	// members against the kept one.
	if len(r.sets) > 0 {
		kept := map[int]packedText{}
		for _, g := range r.Groups {
			for _, m := range g.Members {
				if s, ok := r.sets[r.rep[m.Doc]]; ok {
					kept[r.rep[m.Doc]] = s
				}
			}
		}
		r.sets = kept
	}
	r.GroupTime = time.Since(start)
	return ctx.Err()
}

// Matches measures each queried document (query(i) true) against the
// others, as neardup query does against an index: it returns, by queried
// document, the edges it makes (Edge.A or Edge.B is the queried one),
// strongest first. Unlike Group it joins nothing and collapses nothing,
// so a document's matches depend only on it and the others, never on
// what else is queried. skip(q, d) leaves out pairs that are one file
// (a queried file that is also indexed). Others whose files cannot be
// read again (or changed since) are measured from their signatures.
func (r *Result) Matches(ctx context.Context, opts Options, query func(i int) bool, skip func(q, d int) bool) (map[int][]group.Edge, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	r.LSH = opts.LSH
	if r.LSH == (lsh.Params{}) {
		r.LSH = Banding(opts.Threshold, r.fp.Config().Perms)
	}
	n := len(r.Docs)
	r.rep = nil
	cands := map[[2]int]int32{}
	banding := r.LSH
	if opts.Containment > 0 && opts.LSH == (lsh.Params{}) {
		// Indexed documents may have no anchors (an index of an older
		// format): band for the Jaccard of an excerpt a fifth of its
		// source's size. Only queried pairs are proposed, so this costs
		// little.
		banding = lsh.Optimal(min(opts.Threshold, QueryFloor), r.fp.Config().Perms)
	}
	banded, err := lsh.Queried(ctx, n, func(i int) []uint32 { return r.Docs[i].Signature }, query, banding)
	if err != nil {
		return nil, err
	}
	for _, p := range banded {
		cands[[2]int{int(p.A), int(p.B)}] = 0
	}
	if opts.Containment > 0 {
		for _, p := range anchor.Pairs(n, func(i int) []uint32 { return r.Docs[i].Anchors }, MinSharedAnchors, r.jobs) {
			if query(int(p.A)) != query(int(p.B)) {
				cands[[2]int{int(p.A), int(p.B)}] = p.Shared
			}
		}
	}
	var pairs [][2]int
	for p, shared := range cands {
		q, d := p[0], p[1]
		if !query(q) {
			q, d = d, q
		}
		if ok, _ := r.plausible(p[0], p[1], shared, opts); ok && (skip == nil || !skip(q, d)) {
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, func(x, y [2]int) int { return cmp.Or(x[0]-y[0], x[1]-y[1]) })
	r.Candidates = len(pairs)
	// A query reads every candidate it can: they are few, and what a
	// query prints is what a user acts on.
	var toRead [][2]int
	if opts.Verify != VerifyEstimate {
		toRead = pairs
	}
	verified, err := r.verify(ctx, pairs, toRead, opts)
	if err != nil {
		return nil, err
	}
	out := map[int][]group.Edge{}
	for _, e := range verified {
		q := e.A
		if !query(q) {
			q = e.B
		}
		out[q] = append(out[q], e)
	}
	for _, es := range out {
		slices.SortFunc(es, func(x, y group.Edge) int { return cmp.Or(cmp.Compare(y.Score(), x.Score()), x.A-y.A, x.B-y.B) })
	}
	return out, nil
}

// Banding is the LSH banding for a threshold when none is given:
// lsh.Optimal's for the threshold, or for DefaultThreshold when the
// threshold is higher. Every candidate is verified, so banding tuned to a
// high threshold saves verifications but misses pairs just above it:
// lsh.Optimal(0.9, 128), 5 bands of 25 rows, makes a pair of Jaccard 0.9
// a candidate 3 times in 10, and scans at --threshold 0.8 to 0.95 found
// 58-82% of the pairs a dense banding (64 bands of 2 rows) finds on
// generated syndication copies, 94-99% on the BBC folder. Banding for 0.5 finds them
// (1 - (1 - 0.9^5)^25 > 0.9999) with no more candidates than a scan at
// the default threshold has.
func Banding(threshold float64, perms int) lsh.Params {
	return lsh.Optimal(min(threshold, DefaultThreshold), perms)
}

// QueryFloor is the Jaccard that query banding catches with containment
// on: an excerpt a fifth of its source.
const QueryFloor = 0.2

// MinSharedAnchors is how many anchors a pair must share to be a
// candidate for containment: one shared shingle could be a stock phrase.
const MinSharedAnchors = 2

// plausible says whether the MinHash estimates (or shared anchors) leave
// a chance that documents a and b reach the threshold or the containment
// level, so that only those are verified exactly. The margin is four
// standard deviations of the estimate.
// Decided is true when the estimate alone settles it: the pair is
// similar beyond the estimate's margin, so an exact measure could only
// change the figure shown, not the verdict.
func (r *Result) plausible(a, b int, shared int32, opts Options) (plausible, decided bool) {
	da, db := &r.Docs[a], &r.Docs[b]
	j := minhash.Similarity(da.Signature, db.Signature)
	margin := margin(j, len(da.Signature))
	if j-margin >= opts.Threshold {
		return true, true
	}
	if j+margin >= opts.Threshold {
		return true, false
	}
	if opts.Containment == 0 || min(da.Shingles, db.Shingles) < group.MinContained {
		return false, false
	}
	if estimateContainment(min(1, j+margin), da.Shingles, db.Shingles) >= opts.Containment {
		return true, false
	}
	// An anchor is one shingle in anchor.Rate: the share of the smaller
	// document's anchors that are shared estimates its containment.
	fewer := min(len(da.Anchors), len(db.Anchors))
	return fewer > 0 && float64(shared) >= 0.5*opts.Containment*float64(fewer), false
}

// verify reads the documents of the pairs toRead again (exact measures
// for those) and returns the edges that pairs make under opts, in the
// order of pairs.
func (r *Result) verify(ctx context.Context, pairs, toRead [][2]int, opts Options) ([]group.Edge, error) {
	var err error
	r.sets, r.stale = map[int]packedText{}, map[int]bool{}
	if r.sets, err = r.shingleSets(ctx, toRead); err != nil {
		return nil, err
	}
	r.threshold, r.containment = opts.Threshold, opts.Containment
	exact, err := r.measureRead(ctx, pairs)
	if err != nil {
		return nil, err
	}
	rule := group.Rule{Threshold: r.threshold, Containment: r.containment}
	var edges []group.Edge
	for i, p := range pairs {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var e group.Edge
		var ok bool
		if exact[i].Exact {
			e, ok = rule.Edge(p[0], p[1], exact[i])
		} else {
			e, ok = r.edge(p[0], p[1])
		}
		if ok {
			edges = append(edges, e)
		}
	}
	return edges, nil
}

// margin is how far a MinHash estimate j from perms values may be from
// the truth: four standard deviations, and a little for the estimator's
// own bias on small sets.
func margin(j float64, perms int) float64 {
	return 4*math.Sqrt(max(j, 0.02)*(1-j)/float64(perms)) + 0.02
}

// Covers says whether the text of document m is held by document k, so
// that removing m loses nothing k does not have: the same text after
// cleaning, or text derived from k by light edits. Every passage of m
// (run of group.PassageShingles shingles) must share a shingle with k,
// and m may have no words, figures or negations of its own (facts.go).
// A sentence or paragraph of m's own keeps m, however long m is: a
// hostile tester's two press releases in the same 370 words of company
// boilerplate (3 of 51 passages their own), a story with one sentence
// added ("Two firefighters died..."), three local stories in the same
// cookie notice and author bio, were all listed for removal while a
// tenth was allowed; so were "Police arrested the mayor." glued to a
// line, a score flipped, a minus sign gone and a "not" added, before
// words, figures and negations were compared. A containment edge
// (grouping, not deletion) allows more; a word or two changed here and
// there ("lawful" for "unlawful") are light edits. Both texts must have
// been read (Group's verification, Matches, or ReadTexts); a document
// read only in part (MaxBytes), or found changed when read again, is
// never covered.
func (r *Result) Covers(k, m int) bool {
	if r.Docs[m].Truncated || r.stale[k] || r.stale[m] {
		return false // m's text was not all seen, or is not what was seen
	}
	origK, origM := k, m
	k, m = r.repOf(k), r.repOf(m)
	if r.stale[k] || r.stale[m] {
		return false
	}
	r.cache.mu.Lock()
	defer r.cache.mu.Unlock()
	if k == m { // the same text after cleaning: and before it?
		var terms []uint64
		if x, ok := r.sets[k]; ok {
			terms = r.unpack(k, x).terms
		}
		return r.ownHeld(origK, origM, terms)
	}
	xk, okK := r.sets[k]
	xm, okM := r.sets[m]
	if !okK || !okM || len(xm.terms) == 0 {
		return false
	}
	if !figuresHeld(xm.figures, xk.figures) {
		return false
	}
	uk, um := r.unpack(k, xk), r.unpack(m, xm)
	if _, uncovered := coverage(um.seq, &uk.set); uncovered > 0 {
		return false
	}
	r.negOnce.Do(func() {
		th := r.fp.NewWorker().TermHash
		r.neg, r.stop, r.taken = negationTerms(th), termsOf(th, spareWords[r.fp.Config().Lang], nil), termsOf(th, takenOutWords, nil)
	})
	if !newWordsHeld(um, uk, r.fp.Config().Shingle, r.stop, r.taken) {
		return false // words of m's own, or a negation taken out
	}
	return negationsHeld(um.terms, uk.terms, r.neg) && r.ownHeld(origK, origM, uk.terms)
}

// repOf is the document standing for d's text (d itself outside Group).
func (r *Result) repOf(d int) int {
	if r.rep != nil && d < len(r.rep) {
		return r.rep[d]
	}
	return d
}

// ReadTexts reads again the texts of docs not read yet (by the document
// standing for each text), for Covers and exact Similarity.
//
// Then every document of docs has its file checked again (a copy with
// the text of the one standing for it, a document read earlier to verify
// a pair, one just read): one changed since it was fingerprinted is
// marked stale (Stale), so that Covers never vouches for it.
func (r *Result) ReadTexts(ctx context.Context, docs []int) error {
	var pairs [][2]int
	for _, d := range docs {
		d = r.repOf(d)
		if _, ok := r.sets[d]; !ok && !r.stale[d] {
			pairs = append(pairs, [2]int{d, d}) // shingleSets reads each once
		}
	}
	if r.sets == nil {
		r.sets = map[int]packedText{}
	}
	sets, err := r.shingleSets(ctx, pairs)
	for d, x := range sets {
		r.sets[d] = x
	}
	if err != nil {
		return err
	}
	// Reading and measuring the texts takes a while (seconds, on a large
	// folder): the files' bytes are checked once more after it, so that
	// what a report lists was unchanged a moment before.
	return r.CheckUnchanged(ctx, docs)
}

// CheckUnchanged reads the files of docs again and marks stale (Stale)
// those whose bytes are not the ones fingerprinted, or that are gone.
func (r *Result) CheckUnchanged(ctx context.Context, docs []int) error {
	docs = slices.DeleteFunc(slices.Clone(docs), func(d int) bool { return r.stale[d] || r.Docs[d].Stored })
	changed := make([]bool, len(docs))
	if r.pool == nil {
		r.pool = &workerPool{fp: r.fp}
	}
	err := r.pool.parallel(ctx, len(docs), r.jobs, func(sw *scanWorker) func(int) {
		return func(i int) {
			d := &r.Docs[docs[i]]
			changed[i] = !sw.rd.unchanged(d.Path, r.maxBytes, d.Hash)
		}
	})
	if r.stale == nil {
		r.stale = map[int]bool{}
	}
	for i, d := range docs {
		if changed[i] {
			r.stale[d] = true
		}
	}
	return err
}

// Edges are the verified edges of the last Group, identical copies
// included: the edges its groups were built from.
func (r *Result) Edges() []group.Edge { return r.edges }

// Stale says whether document d's file was found missing or changed when
// Group or Matches read it again (only files read again are known).
func (r *Result) Stale(d int) bool { return r.stale[d] }

// edge measures documents a and b (exactly when their shingle sets were
// read) and returns the edge they make, if any.
func (r *Result) edge(a, b int) (group.Edge, bool) {
	return group.Rule{Threshold: r.threshold, Containment: r.containment}.Edge(a, b, r.Similarity(a, b))
}

// Similarity of two documents: see group.Measure.
type Similarity = group.Measure

// Similarity measures documents a and b: exactly when the last Group read
// their shingle sets (VerifyExact, for group members and candidates),
// from their MinHash signatures otherwise.
func (r *Result) Similarity(a, b int) Similarity {
	if r.rep != nil && a < len(r.rep) && b < len(r.rep) {
		a, b = r.rep[a], r.rep[b]
		if a == b {
			n := r.Docs[a].Shingles
			if s, ok := r.sets[a]; ok {
				r.cache.mu.Lock()
				n = r.unpack(a, s).set.len() // a group's member kept: unpacked already
				r.cache.mu.Unlock()
			}
			return Similarity{Jaccard: 1, Containment: 1, AInB: true, Smaller: n, Exact: true}
		}
	}
	xa, okA := r.sets[a]
	xb, okB := r.sets[b]
	if okA && okB {
		r.cache.mu.Lock()
		defer r.cache.mu.Unlock()
		return r.exact(r.unpack(a, xa), r.unpack(b, xb))
	}
	da, db := &r.Docs[a], &r.Docs[b]
	j := minhash.Similarity(da.Signature, db.Signature)
	return Similarity{Jaccard: j, Containment: estimateContainment(j, da.Shingles, db.Shingles), AInB: da.Shingles <= db.Shingles, Smaller: min(da.Shingles, db.Shingles)}
}

// exact measures two documents from their shingles.
func (r *Result) exact(ua, ub *unpacked) Similarity {
	sa, sb := &ua.set, &ub.set
	inter := intersectSets(sa, sb)
	m := Similarity{AInB: sa.len() <= sb.len(), Smaller: min(sa.len(), sb.len()), Exact: true}
	if union := sa.len() + sb.len() - inter; union > 0 {
		m.Jaccard = float64(inter) / float64(union)
	}
	if m.Smaller > 0 {
		m.Containment = float64(inter) / float64(m.Smaller)
	}
	// Passages matter only where containment could decide: count them
	// there alone (they cost a search per shingle).
	if m.Jaccard < r.threshold && r.containment > 0 && m.Containment >= r.containment {
		if m.AInB {
			m.Passages, m.Uncovered = coverage(ua.seq, sb)
		} else {
			m.Passages, m.Uncovered = coverage(ub.seq, sa)
		}
	}
	return m
}

// estimateContainment derives |A∩B| / min(|A|, |B|) from Jaccard and set
// sizes: |A∩B| = J(|A|+|B|)/(1+J).
func estimateContainment(j float64, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	inter := j * float64(na+nb) / (1 + j)
	return min(1, inter/float64(min(na, nb)))
}

// unpack returns document d's shingles, packed in p, unpacked; the caller
// holds r.cache.mu.
func (r *Result) unpack(d int, p packedText) *unpacked {
	return r.cache.get(d, p, r.terms.table, r.fp.Config().Shingle)
}

// shingleSets re-reads the documents in candidate pairs (and only those,
// so memory stays bounded by the candidates) for exact verification.
func (r *Result) shingleSets(ctx context.Context, pairs [][2]int) (map[int]packedText, error) {
	var docs []int
	seen := map[int]bool{}
	for _, p := range pairs {
		for _, d := range p {
			if !seen[d] {
				seen[d] = true
				docs = append(docs, d)
			}
		}
	}
	sets := make([]packedText, len(docs))
	read := make([]bool, len(docs))
	stale := make([]bool, len(docs))
	if r.pool == nil {
		r.pool = &workerPool{fp: r.fp}
	}
	err := r.pool.parallel(ctx, len(docs), r.jobs, func(sw *scanWorker) func(int) {
		w, rd := sw.w, &sw.rd
		return func(i int) {
			d := &r.Docs[docs[i]]
			f, _, err := rd.read(d.Path, r.maxBytes, true)
			if err != nil || f.Hash != d.Hash {
				stale[i] = true // measured from its signature, as it was
				return
			}
			var terms []uint64
			if tr := r.traces.get(docs[i], sw.trace[:0]); tr != nil {
				// The same bytes are the same text: its cleaning is
				// replayed, not done again.
				sw.trace = tr
				terms, err = w.TermHashesReplay(f.Text, tr)
			}
			if terms == nil {
				terms, err = w.TermHashes(f.Text)
			}
			if err == nil {
				sets[i], read[i] = sw.pack.pack(&r.terms, terms), true
				if sw.figures = figureFacts(sw.figures[:0], w.LastText()); len(sw.figures) > 0 {
					sets[i].figures = slices.Clone(sw.figures)
				}
			}
		}
	})
	r.cache.mu.Lock()
	r.cache.reset() // the texts read may differ from those unpacked
	r.cache.mu.Unlock()
	out := make(map[int]packedText, len(docs))
	if r.stale == nil {
		r.stale = map[int]bool{}
	}
	for i, d := range docs {
		if read[i] { // the others are measured from their signatures
			out[d] = sets[i]
		}
		if stale[i] {
			r.stale[d] = true
		}
	}
	return out, err
}

// collectAfter is how many documents make a collection between reading
// and grouping worth its pause (a few milliseconds a hundred thousand).
const collectAfter = 100_000

// traceStore keeps each document's cleaning trace: 8 bytes a document
// for the short ones (most are two to seven bytes: nothing removed, a few
// lines dropped), the longer ones in a map. A million documents would
// otherwise hold a million small strings.
type traceStore struct {
	short []uint64 // length in the top byte (0: none kept, 0xff: in long), bytes below
	mu    sync.Mutex
	long  map[int]string
}

const traceLong = 0xff

func newTraceStore(n int) *traceStore {
	return &traceStore{short: make([]uint64, n)}
}

// set keeps trace as document i's; safe for concurrent use with other i.
func (t *traceStore) set(i int, trace []byte) {
	switch {
	case len(trace) == 0:
		return
	case len(trace) > 7:
		t.mu.Lock()
		if t.long == nil {
			t.long = map[int]string{}
		}
		t.long[i] = string(trace)
		t.mu.Unlock()
		t.short[i] = traceLong << 56
		return
	}
	v := uint64(len(trace)) << 56
	for k, b := range trace {
		v |= uint64(b) << (8 * k)
	}
	t.short[i] = v
}

// add appends from's document j as this store's next document.
func (t *traceStore) add(from *traceStore, j int) {
	i := len(t.short)
	t.short = append(t.short, from.short[j])
	if from.short[j]>>56 == traceLong {
		if t.long == nil {
			t.long = map[int]string{}
		}
		t.long[i] = from.long[j]
	}
}

// get appends document i's trace to buf, or returns nil when none is kept.
func (t *traceStore) get(i int, buf []byte) []byte {
	if t == nil || i >= len(t.short) {
		return nil
	}
	switch v := t.short[i]; v >> 56 {
	case 0:
		return nil
	case traceLong:
		return append(buf, t.long[i]...)
	default:
		for k := range int(v >> 56) {
			buf = append(buf, byte(v>>(8*k)))
		}
		return buf
	}
}

// TemplateSample is how many files, at most, the corpus layer reads to find
// template lines: an evenly spaced sample of a larger corpus. A line in
// more than 1% of the files is then expected in 40 of the sample, so the
// sample finds what the whole corpus would at a fraction of the reading.
const TemplateSample = 4000

// Templates reads files and returns the lines that recur in at least
// minFiles of them and in more than minShare of them: the corpus layer of
// cleaning. Above TemplateSample files it reads an evenly spaced sample.
// Files that cannot be read are passed over here; the scan reports them.
func Templates(ctx context.Context, files []string, minFiles int, minShare float64, jobs int, maxBytes int64) (*clean.Templates, error) {
	t, _, err := templates(ctx, files, minFiles, minShare, jobs, maxBytes, 0)
	return t, err
}

// keptSampleBytes bounds the text the template pass keeps for
// fingerprinting, so that the files of its sample are not read twice.
const keptSampleBytes = 32 << 20

// sampledFile is a file the template pass read.
type sampledFile struct {
	file  File
	warns []Warning
}

// templates is Templates, also returning the files of the sample it read,
// by index in files, up to keep bytes of text in all.
func templates(ctx context.Context, files []string, minFiles int, minShare float64, jobs int, maxBytes int64, keep int64) (*clean.Templates, map[int]sampledFile, error) {
	sample := make([]int, min(len(files), TemplateSample))
	for k := range sample {
		sample[k] = k * len(files) / len(sample)
	}
	lc := clean.NewLineCounter()
	var mu sync.Mutex
	kept := map[int]sampledFile{}
	seen := map[uint64]bool{}
	var keptBytes int64
	err := parallel(ctx, len(sample), jobs, func() func(int) {
		rd := &reader{}
		return func(k int) {
			i := sample[k]
			text, warns, err := rd.read(files[i], maxBytes, true)
			if err != nil {
				return
			}
			// Identical files vote once: a story copied three times is not
			// a template.
			mu.Lock()
			dup := seen[text.Hash]
			seen[text.Hash] = true
			mu.Unlock()
			if !dup {
				lc.Add(text.Text) // keeps line keys, not text
			}
			mu.Lock()
			defer mu.Unlock()
			if keptBytes+int64(len(text.Text)) <= keep {
				keptBytes += int64(len(text.Text))
				text.Text = strings.Clone(text.Text) // it was borrowed from rd
				kept[i] = sampledFile{text, warns}
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return lc.Templates(minFiles, minShare), kept, nil
}

// parallel calls a function for each index in [0, n) on jobs goroutines;
// newWorker is called once per goroutine, so each can keep its own state.
// It stops handing out indexes when ctx is cancelled.
func parallel(ctx context.Context, n, jobs int, newWorker func() func(int)) error {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	// Workers take the next index from a shared counter: no feeding
	// goroutine, no channel hand-off per file.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(jobs, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// scanWorker is one goroutine's state: a fingerprinting worker (with its
// term cache) and a reader (with its buffer).
type scanWorker struct {
	w       *fingerprint.Worker
	rd      reader
	pack    packer
	trace   []byte
	figures []uint64
}

// workerPool keeps the workers of one Fingerprinter between passes: the
// texts read again for exact measures are mostly words the first pass
// stemmed already, and a new worker would stem them all again.
type workerPool struct {
	fp   *fingerprint.Fingerprinter
	mu   sync.Mutex
	free []*scanWorker
}

// parallel is the package's parallel with each goroutine given a worker
// from the pool (or a new one), returned to the pool at the end.
func (p *workerPool) parallel(ctx context.Context, n, jobs int, newWork func(*scanWorker) func(int)) error {
	var used []*scanWorker
	err := parallel(ctx, n, jobs, func() func(int) {
		p.mu.Lock()
		var sw *scanWorker
		if k := len(p.free); k > 0 {
			sw, p.free = p.free[k-1], p.free[:k-1]
		} else {
			sw = &scanWorker{w: p.fp.NewWorker()}
		}
		used = append(used, sw)
		p.mu.Unlock()
		return newWork(sw)
	})
	p.mu.Lock()
	p.free = append(p.free, used...)
	p.mu.Unlock()
	return err
}

// readOne reads and fingerprints one file, its signature written into sig.
// A Doc without a signature means the file was skipped.
func readOne(w *fingerprint.Worker, rd *reader, path string, maxBytes int64, sig []uint32) (Doc, []Warning) {
	text, warns, err := rd.read(path, maxBytes, true)
	if err != nil {
		return Doc{}, append(warns, Warning{Path: path, Err: err, Skipped: true})
	}
	return fingerprintFile(w, path, text, warns, sig)
}

// fingerprintFile fingerprints a file read with warnings warns.
func fingerprintFile(w *fingerprint.Worker, path string, text File, warns []Warning, sig []uint32) (Doc, []Warning) {
	f, err := w.TextInto(sig, text.Text)
	if err != nil {
		return Doc{}, append(warns, Warning{Path: path, Err: err, Skipped: true})
	}
	return Doc{Path: path, Signature: f.Signature, Words: f.Words, Shingles: f.Shingles, Encoding: text.Encoding, Size: text.Bytes, ModTime: text.ModTime, Hash: text.Hash,
		Content: f.Content, Anchors: w.Anchors(), Truncated: text.Truncated}, warns
}

// File is a file read and decoded.
type File struct {
	Text     string
	Encoding string // see package decode
	Bytes    int64  // bytes read
	ModTime  time.Time
	Hash     uint64 // xxhash of the bytes read
	// Truncated says only the first maxBytes of the file were read.
	Truncated bool
}

// Read reads and decodes one file, at most maxBytes of it (0: all). It
// fails for a file that cannot be read, is empty or is binary; warnings
// note what was read with a problem (truncated, invalid UTF-8 replaced).
func Read(path string, maxBytes int64) (File, []Warning, error) {
	var r reader
	return r.read(path, maxBytes, false)
}

// reader reads files through one buffer, so that a worker reading
// thousands of files does not allocate one buffer per file.
type reader struct {
	buf []byte
}

// maxKeptBuffer bounds the buffer a reader keeps between files: one huge
// file should not hold its memory for the rest of a run.
const maxKeptBuffer = 1 << 20

// read is Read; with borrow, the File's text may share the reader's
// buffer and is only valid until the next read.
func (r *reader) read(path string, maxBytes int64, borrow bool) (File, []Warning, error) {
	raw, mtime, truncated, err := r.readFile(path, maxBytes)
	if err != nil {
		return File{}, nil, err
	}
	var warns []Warning
	if truncated {
		warns = append(warns, Warning{Path: path, Err: fmt.Errorf("larger than %d bytes, only the first %d read", maxBytes, maxBytes)})
	}
	if len(raw) == 0 {
		return File{}, warns, ErrEmpty
	}
	decodeRaw := decode.Bytes
	if borrow {
		decodeRaw = decode.View
	}
	text, err := decodeRaw(raw)
	if err != nil {
		return File{}, warns, err
	}
	if text.Invalid > 0 {
		warns = append(warns, Warning{Path: path, Err: fmt.Errorf("%d invalid UTF-8 sequences replaced", text.Invalid)})
	}
	return File{Text: text.Text, Encoding: text.Encoding, Bytes: int64(len(raw)), ModTime: mtime, Hash: xxhash.Sum64(raw), Truncated: truncated}, warns, nil
}

// unchanged says whether the file at path (its first maxBytes) still has
// the hash read gave it.
func (r *reader) unchanged(path string, maxBytes int64, hash uint64) bool {
	raw, _, _, err := r.readFile(path, maxBytes)
	return err == nil && len(raw) > 0 && xxhash.Sum64(raw) == hash
}

// readFile is readFile into r's buffer, which it keeps for the next file
// unless it grew past maxKeptBuffer.
func (r *reader) readFile(path string, maxBytes int64) (data []byte, mtime time.Time, truncated bool, err error) {
	data, mtime, truncated, err = readFile(path, maxBytes, r.buf[:0])
	if cap(data) <= maxKeptBuffer {
		r.buf = data[:0]
	} else {
		r.buf = nil
	}
	return data, mtime, truncated, err
}

// readFile reads a file into buf, growing it as needed.
func readFile(path string, maxBytes int64, buf []byte) (data []byte, mtime time.Time, truncated bool, err error) {
	f, err := openRead(path)
	if err != nil {
		return buf, mtime, false, unwrapPath(err)
	}
	defer f.Close()
	// Size the buffer from the file's size (one read, no regrowing); a
	// file that grows meanwhile still reads whole.
	size := 512
	n, t, err := f.stat()
	if errors.Is(err, errNotRegular) || errors.Is(err, errIsFolder) {
		return buf, mtime, false, err // never read: it could block or never end
	}
	if err == nil {
		mtime = t
		if n > 0 {
			size = int(n) + 1
			if maxBytes > 0 && int64(size) > maxBytes+1 {
				size = int(maxBytes) + 1
			}
		}
	}
	var r io.Reader = f
	if maxBytes > 0 {
		r = io.LimitReader(f, maxBytes+1)
	}
	data, err = readAll(r, buf[:0], size)
	if err != nil {
		return data, mtime, false, unwrapPath(err)
	}
	if maxBytes > 0 && int64(len(data)) > maxBytes {
		return data[:maxBytes], mtime, true, nil
	}
	return data, mtime, false, nil
}

// readAll is io.ReadAll into b (emptied), starting with room for size
// bytes, so a file whose size is known is read without regrowing.
func readAll(r io.Reader, b []byte, size int) ([]byte, error) {
	b = slices.Grow(b[:0], size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
