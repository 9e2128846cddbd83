// Package neardup finds near-duplicate articles among text files: the
// library behind the neardup command, one call per command.
//
// Scan reads files, removes boilerplate, fingerprints them and reports
// groups of near-duplicates; Fingerprint and Corpus.Group are its two
// halves, for grouping one corpus several ways. OpenIndex opens an index
// of fingerprints, which Index.Update keeps current, Index.Scan uses as a
// cache and Index.Query matches new files against. Compare explains one
// pair. Every result depends only on the files and the options, never on
// Options.Jobs.
//
// Every call takes files, not folders: inputs.Collect lists the files of
// folders (and of a --files-from list) as the command does. Errors are for
// errors.Is: ErrOptions for a setting out of range, ErrNoInput (a
// *NoInputError holding each file's cause) when no file could be read,
// ErrSettings and the ErrIndex values for an index, ctx.Err() when ctx is
// cancelled. A file that cannot be read is a Warning, and the run goes on.
// The examples (ExampleScan, ExampleOpenIndex, ExampleCompare,
// ExampleClean) show each call.
//
// The stage packages (clean, tokenize, stem, shingle, minhash, lsh,
// anchor, group, report, index) can be used alone; this package joins
// them the way the command does.
package neardup

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/report"
)

// Warning is a problem with one file: its fields are Path, Err (the
// cause, for errors.Is: fs.ErrNotExist, ErrEmpty, decode.ErrBinary,
// ErrChanged...) and Skipped, which says the file was left out; otherwise
// it was used with the problem noted (read in part, say). Its Error method
// gives "PATH: CAUSE".
type Warning = pipeline.Warning

// File is a file read and decoded: its fields are Path, Text (UTF-8,
// spaces normalized), Size and ModTime, Hash (of the bytes read),
// Encoding (as decoded) and Truncated (read only to Options.Read.MaxBytes).
type File = pipeline.File

// ErrEmpty is the cause given for an empty file.
var ErrEmpty = pipeline.ErrEmpty

// ErrNoInput says no file could be read. Scan, Fingerprint's callers and
// Index.Update return it as a *NoInputError, which holds each file's
// problem: errors.Is(err, fs.ErrNotExist) says whether a file was missing.
var ErrNoInput = errors.New("no input could be read")

// NoInputError is ErrNoInput with the problem of each file given.
type NoInputError struct {
	Warnings []Warning
}

func (e *NoInputError) Error() string { return ErrNoInput.Error() }

// Unwrap gives ErrNoInput and each file's cause.
func (e *NoInputError) Unwrap() []error {
	errs := []error{ErrNoInput}
	for _, w := range e.Warnings {
		errs = append(errs, w.Err)
	}
	return errs
}

// ErrChanged is the cause given for a file whose fingerprint was loaded
// (from an index or sketch file) but whose bytes are no longer those it was
// made from: it is not listed as redundant.
var ErrChanged = errors.New("changed since its fingerprint was stored, not listed")

// ErrModified is the cause given for a file whose bytes changed while the
// scan ran (found when read again): it is measured as it was read first
// and never listed as redundant.
var ErrModified = errors.New("changed while being scanned, not listed")

// ReadFile reads and decodes one file, at most maxBytes of it (0: all), as
// every command does. It fails for a file that cannot be read, is empty or
// is binary, with an error naming the path; warnings say what was read
// with a problem.
func ReadFile(path string, maxBytes int64) (File, []Warning, error) {
	f, w, err := pipeline.Read(path, maxBytes)
	if err != nil {
		err = fmt.Errorf("read %s: %w", path, err)
	}
	return f, w, err
}

// Similarity of two documents; see group.Measure.
type Similarity = group.Measure

// Stages says what each stage did and how long it took.
type Stages struct {
	Templates, Fingerprint, Candidates, Group time.Duration
	LSH                                       lsh.Params // the banding used
	Pairs                                     int        // candidate pairs proposed
	Verified                                  int        // pairs that are near-duplicates
	Stored                                    int        // documents whose fingerprints were loaded, not made
}

// Corpus is a set of fingerprinted documents, ready to be grouped.
type Corpus struct {
	Docs     []doc.Doc // the documents that could be read, in input order
	Warnings []Warning // in input order
	Skipped  int       // files left out
	Stages   Stages

	res     *pipeline.Result
	opts    Options
	pending []doc.Doc // fingerprints made here for an index to store
	changed []string  // files whose stored fingerprints proved stale
}

// Scan fingerprints files and groups them: Fingerprint, then Group. Files
// should be in the order groups are to be reported in (the command sorts
// them by path); a folder is no file (inputs.Collect lists a folder's
// files as the command does). It fails with a *NoInputError when no file
// could be read, and returns ctx.Err() when ctx is cancelled.
func Scan(ctx context.Context, files []string, opts Options) (*Result, error) {
	c, err := Fingerprint(ctx, files, opts)
	if err != nil {
		return nil, err
	}
	if len(c.Docs) == 0 {
		return nil, &NoInputError{Warnings: c.Warnings}
	}
	return c.Group(ctx, opts.Group)
}

// Fingerprint reads and fingerprints files: the first half of Scan. With
// the corpus layer on and no Templates given, it first learns the
// template lines from the files.
func Fingerprint(ctx context.Context, files []string, opts Options) (*Corpus, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	p := opts.pipeline()
	if opts.Read.Progress != nil {
		var done atomic.Int64
		total := len(files)
		p.Progress = func() { opts.Read.Progress(int(done.Add(1)), total) }
	}
	res, err := pipeline.Fingerprint(ctx, files, p)
	if err != nil {
		return nil, err
	}
	return &Corpus{Docs: res.Docs, Warnings: res.Warnings, Skipped: res.Skipped, res: res, opts: opts,
		Stages: Stages{Templates: res.TemplateTime, Fingerprint: res.FingerprintTime}}, nil
}

// Load returns a corpus of documents fingerprinted before, with opts'
// settings (an index, sketch files). Their files are read again only to
// verify pairs (GroupOptions.Verify) and before a Stored document is
// listed as redundant.
func Load(docs []doc.Doc, opts Options) (*Corpus, error) { return load(docs, opts, false) }

// load is Load; cleanedElsewhere says docs were cleaned by rules not
// known here (see pipeline.Options.CleanedElsewhere).
func load(docs []doc.Doc, opts Options, cleanedElsewhere bool) (*Corpus, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	p := opts.pipeline()
	p.CleanedElsewhere = cleanedElsewhere
	res, err := pipeline.FromDocs(docs, p)
	if err != nil {
		return nil, err
	}
	c := &Corpus{Docs: res.Docs, res: res, opts: opts}
	for _, d := range docs {
		if d.Stored {
			c.Stages.Stored++
		}
	}
	return c, nil
}

// Templates learns the template lines of the corpus layer from files, as
// Fingerprint does, so that other runs (an index, sketch shards) clean
// alike.
func Templates(ctx context.Context, files []string, opts Options) (*clean.Templates, error) {
	c := opts.Clean
	return pipeline.Templates(ctx, files, c.TemplateFiles, c.TemplateShare, opts.Jobs, opts.Read.MaxBytes)
}

// Result is what grouping a corpus found.
type Result struct {
	Report report.Report
	// Warnings name the Stored documents found changed when about to be
	// listed as redundant (they are not).
	Warnings []Warning
	Stages   Stages
	Corpus   *Corpus
}

// Group finds the groups among the corpus's documents with g, replacing
// what an earlier Group found, and reports them. Groups are numbered
// from 1 in the order of their first path; each starts with the member g.Keep
// keeps.
func (c *Corpus) Group(ctx context.Context, g GroupOptions) (*Result, error) {
	opts := c.opts
	opts.Group = g
	if err := opts.Check(); err != nil {
		return nil, err
	}
	if err := c.res.Group(ctx, opts.pipeline()); err != nil {
		return nil, err
	}
	r := c.res
	c.Stages.LSH, c.Stages.Pairs, c.Stages.Verified = r.LSH, r.Candidates, len(r.Matched)
	c.Stages.Candidates, c.Stages.Group = r.CandidateTime, r.GroupTime
	var docs []int
	groupOf := map[int]int{}
	for gi, gr := range r.Groups {
		for _, m := range gr.Members {
			docs = append(docs, m.Doc)
			groupOf[m.Doc] = gi
		}
	}
	if g.Verify != VerifyEstimate {
		// Whether a member's text is held by the kept one is measured
		// from both texts: read those not read yet, and check that the
		// others' files are still what was read.
		if err := r.ReadTexts(ctx, docs); err != nil {
			return nil, err
		}
	} else if err := r.CheckUnchanged(ctx, docs); err != nil {
		// Estimates list identical copies only, and only while their
		// files are what was read.
		return nil, err
	}
	// A member listed for removal must lose nothing cleaning took from it
	// that the kept member lacks.
	if !g.SkipRedundant {
		if err := r.ReadRemovals(ctx, docs, func(d int) int { return groupOf[d] }); err != nil {
			return nil, err
		}
	}
	rep, warns := c.report(g.Keep, !g.SkipRedundant)
	rep.Stats.Skipped = c.Skipped
	c.changed = c.changed[:0]
	for _, w := range warns {
		if errors.Is(w.Err, ErrChanged) || errors.Is(w.Err, ErrModified) {
			a, err := filepath.Abs(w.Path)
			if err != nil {
				a = w.Path
			}
			c.changed = append(c.changed, a) // Index.Store drops their entries
		}
	}
	return &Result{Report: rep, Warnings: warns, Stages: c.Stages, Corpus: c}, nil
}

// Similarity measures documents a and b (indexes in Docs) as the last
// Group did: exactly where it read their texts, from signatures otherwise.
func (c *Corpus) Similarity(a, b int) Similarity { return c.res.Similarity(a, b) }

// report turns the groups into report form, keeping keep's member first.
func (c *Corpus) report(keep Keep, redundant bool) (report.Report, []Warning) {
	better := [...]func(a, b *doc.Doc) bool{
		KeepFirst:    func(a, b *doc.Doc) bool { return false },
		KeepLongest:  func(a, b *doc.Doc) bool { return a.Words > b.Words },
		KeepShortest: func(a, b *doc.Doc) bool { return a.Words < b.Words },
		KeepNewest:   func(a, b *doc.Doc) bool { return a.ModTime.After(b.ModTime) },
		KeepOldest:   func(a, b *doc.Doc) bool { return a.ModTime.Before(b.ModTime) },
	}[keep]
	r := c.res
	ch := changes{maxBytes: c.opts.Read.MaxBytes}
	rep := report.Report{Stats: report.Stats{Files: len(r.Docs), Groups: len(r.Groups)}}
	for i, g := range r.Groups {
		kept := 0
		for k, m := range g.Members { // members are in path order: ties keep the first
			if better(&r.Docs[m.Doc], &r.Docs[g.Members[kept].Doc]) {
				kept = k
			}
		}
		first := g.Members[kept].Doc
		rg := report.Group{ID: i + 1, Members: make([]report.Member, 0, len(g.Members))}
		member := func(m group.Member) report.Member {
			rm := report.Member{Path: r.Docs[m.Doc].Path, Similarity: 1, Via: c.via(m)}
			if r.Stale(m.Doc) {
				ch.stale(&r.Docs[m.Doc]) // found changed when read again to verify
			}
			if m.Doc != first {
				rm.Similarity = r.Similarity(m.Doc, first).Jaccard
				// A stored fingerprint vouches for a file only while it is
				// unchanged: a file replaced by other text of the same size
				// with its time kept (cp -p, rsync -t) is read again before
				// it is listed for removal.
				// (same is asked either way: it warns of a changed file.)
				rm.Redundant = ch.same(&r.Docs[first]) && ch.same(&r.Docs[m.Doc]) && redundant &&
					!ch.oneFile(r.Docs[first].Path, r.Docs[m.Doc].Path) && r.Covers(first, m.Doc)
			}
			return rm
		}
		rg.Members = append(rg.Members, member(g.Members[kept]))
		for k, m := range g.Members {
			if k != kept {
				rg.Members = append(rg.Members, member(m))
			}
		}
		rep.Groups = append(rep.Groups, rg)
	}
	if redundant {
		c.keepFurnitureHolder(&rep)
	}
	rep.Pairs = c.pairs()
	return rep, ch.warnings
}

// keepFurnitureHolder keeps one file of those a furniture sentence was
// removed from when all were listed as redundant: a sentence put in copies
// of two stories is furniture to each copy, and must not go with them all
// (a hostile tester's sentence in four copies of two stories went).
func (c *Corpus) keepFurnitureHolder(rep *report.Report) {
	listed := map[string]*report.Member{}
	for gi := range rep.Groups {
		for k := range rep.Groups[gi].Members {
			if m := &rep.Groups[gi].Members[k]; m.Redundant {
				listed[m.Path] = m
			}
		}
	}
	at := map[int]*report.Member{} // listed members by document
	var docs []int
	for _, g := range c.res.Groups {
		for _, m := range g.Members {
			docs = append(docs, m.Doc)
			if rm := listed[c.res.Docs[m.Doc].Path]; rm != nil {
				at[m.Doc] = rm
			}
		}
	}
	if len(at) == 0 {
		return
	}
	for _, ds := range c.res.Furniture(docs) {
		all := true
		for _, d := range ds {
			if at[d] == nil || !at[d].Redundant {
				all = false
				break
			}
		}
		if all {
			at[ds[0]].Redundant = false
		}
	}
}

// pairs returns the verified edges of the last Group whose two documents
// ended in one group, ordered by their documents: the edges the groups
// were built from, for the pairs formats. Connected components of these
// edges are the groups (a containment edge that group.Build turned down
// joins two groups, so it is left out).
func (c *Corpus) pairs() []report.Pair {
	r := c.res
	in := make(map[int]int) // document -> its group
	for gi, g := range r.Groups {
		for _, m := range g.Members {
			in[m.Doc] = gi
		}
	}
	var kept []group.Edge
	for _, e := range r.Edges() {
		ga, okA := in[e.A]
		gb, okB := in[e.B]
		if okA && okB && ga == gb {
			kept = append(kept, e)
		}
	}
	slices.SortFunc(kept, func(x, y group.Edge) int {
		return cmp.Or(min(x.A, x.B)-min(y.A, y.B), max(x.A, x.B)-max(y.A, y.B), int(x.Kind)-int(y.Kind))
	})
	out := make([]report.Pair, 0, len(kept))
	for _, e := range kept {
		p := report.Pair{A: r.Docs[e.A].Path, B: r.Docs[e.B].Path, Kind: e.Kind.String(), Similarity: e.Jaccard}
		switch e.Kind {
		case group.Contained:
			p.Kind, p.Similarity = report.Within, e.Containment // A is the smaller, inside B
		default:
			if e.A > e.B {
				p.A, p.B = p.B, p.A
			}
		}
		out = append(out, p)
	}
	return out
}

// via describes the edge that brought m into its group.
func (c *Corpus) via(m group.Member) *report.Via {
	if m.Via.Kind == 0 {
		return nil
	}
	return viaOf(m.Via, m.Doc, c.res.Docs[m.Other()].Path)
}

// viaOf is edge e as a report gives it for document member, linked to the
// document named to: Jaccard for a similar or identical edge, the share of
// the smaller text for containment, seen from member's side (within or
// contains).
func viaOf(e group.Edge, member int, to string) *report.Via {
	v := &report.Via{To: to, Similarity: e.Jaccard, Kind: e.Kind.String()}
	if e.Kind == group.Contained {
		v.Similarity, v.Kind = e.Containment, report.Contains
		if e.A == member {
			v.Kind = report.Within
		}
	}
	return v
}

// changes reads Stored documents' files again, once each, to see whether
// they still hold the bytes their fingerprints were made from.
type changes struct {
	maxBytes int64
	seen     map[string]bool // path -> unchanged
	stats    map[string]os.FileInfo
	warnings []Warning
}

// oneFile says whether paths a and b name one file (links, or two
// spellings that sketch shards or an index kept apart): removing the member
// would remove the kept text.
func (ch *changes) oneFile(a, b string) bool {
	if ch.stats == nil {
		ch.stats = map[string]os.FileInfo{}
	}
	stat := func(p string) os.FileInfo {
		fi, ok := ch.stats[p]
		if !ok {
			fi, _ = os.Stat(p)
			ch.stats[p] = fi
		}
		return fi
	}
	fa, fb := stat(a), stat(b)
	return fa != nil && fb != nil && os.SameFile(fa, fb)
}

// stale notes a document found changed when read again.
func (ch *changes) stale(d *doc.Doc) {
	if _, seen := ch.seen[d.Path]; !seen {
		ch.record(d, false)
	}
}

func (ch *changes) same(d *doc.Doc) bool {
	if !d.Stored {
		return true
	}
	if ok, seen := ch.seen[d.Path]; seen {
		return ok
	}
	f, _, err := pipeline.Read(d.Path, ch.maxBytes)
	return ch.record(d, err == nil && f.Hash == d.Hash)
}

// record notes whether d's file is unchanged, warning once when not: a
// stored fingerprint's file changed since, or one read in this run
// changed during it.
func (ch *changes) record(d *doc.Doc, ok bool) bool {
	if ch.seen == nil {
		ch.seen = map[string]bool{}
	}
	ch.seen[d.Path] = ok
	if !ok {
		cause := ErrModified
		if d.Stored {
			cause = ErrChanged
		}
		ch.warnings = append(ch.warnings, Warning{Path: d.Path, Err: cause})
	}
	return ok
}
