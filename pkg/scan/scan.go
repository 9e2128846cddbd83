// Package scan runs neardup's whole pipeline over a list of files: read and
// decode each file, fingerprint it on a bounded pool of workers, find
// candidate pairs with LSH, verify them and group them. Results depend only
// on the files and the options, never on the number of workers.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/minhash"
	"github.com/neardup/neardup/pkg/report"
)

// Defaults, chosen from the measurements in the README.
const (
	DefaultShingle   = 4
	DefaultThreshold = 0.45
	DefaultPerms     = 128
	DefaultSeed      = 1
	DefaultLang      = "english"
	DefaultMaxBytes  = 8 << 20
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
	// or an excerpt of its original. Pairs are then verified exactly.
	Containment float64
	// Verify is VerifyEstimate (MinHash estimates, the default) or
	// VerifyExact (exact Jaccard from re-read shingle sets).
	Verify string
	// TemplateFiles and TemplateShare enable cleaning's corpus layer: a
	// first pass counts lines across files, and a line found in at least
	// TemplateFiles files and in more than TemplateShare of them is dropped
	// from every file (unless it reads like body text). TemplateFiles 0, or
	// no Cleaner, turns the pass off.
	TemplateFiles int
	TemplateShare float64
	// PairFilter, if set, keeps only the candidate pairs it accepts (the
	// query command wants pairs of a new file and an indexed one).
	PairFilter func(a, b int) bool
	// Templates, if set, is the corpus layer's set of template lines to
	// use instead of counting them (an index stores the set it was built
	// with, so later runs clean the same way).
	Templates *clean.Templates
	// Progress, if set, is called once per file when it is done, from the
	// worker goroutines.
	Progress func()
}

// Verification modes.
const (
	VerifyEstimate = "estimate"
	VerifyExact    = "exact"
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
type Doc struct {
	Path      string
	Signature []uint32
	Words     int
	Shingles  int    // shingles, counted with repeats
	Encoding  string // as decoded; see package decode
	Bytes     int64  // bytes read
	ModTime   time.Time
	Hash      uint64 // of the bytes read
}

// Result is what a scan found.
type Result struct {
	Docs       []Doc     // fingerprinted files, in input order
	Warnings   []Warning // in input order
	Skipped    int       // files left out
	LSH        lsh.Params
	Candidates int        // pairs proposed by LSH
	Matched    []lsh.Pair // candidate pairs that matched
	Groups     []group.Group
	// Time spent in each stage, for --verbose.
	TemplateTime, FingerprintTime, CandidateTime, GroupTime time.Duration

	fp        *fingerprint.Fingerprinter
	jobs      int
	maxBytes  int64
	threshold float64
	measure   func(a, b int) Similarity
}

// Run scans files, which should be in the order groups are to be reported
// (neardup sorts them by path). It stops early, returning ctx.Err(), when
// ctx is cancelled.
func Run(ctx context.Context, files []string, opts Options) (*Result, error) {
	if err := opts.check(); err != nil {
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

func (o Options) check() error {
	// Written so that NaN, which fails every comparison, fails them too.
	if !(o.Threshold > 0 && o.Threshold <= 1) {
		return fmt.Errorf("threshold must be in (0, 1], got %v", o.Threshold)
	}
	if !(o.Containment >= 0 && o.Containment <= 1) {
		return fmt.Errorf("containment must be in [0, 1], got %v", o.Containment)
	}
	if o.Verify != VerifyEstimate && o.Verify != VerifyExact && o.Verify != "" {
		return fmt.Errorf("verify must be %q or %q, got %q", VerifyEstimate, VerifyExact, o.Verify)
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
	err = parallel(ctx, len(files), opts.Jobs, func() func(int) {
		w, rd := fp.NewWorker(), &reader{}
		return func(i int) {
			sig := sigs[i*perms : (i+1)*perms : (i+1)*perms]
			if s, ok := sampled[i]; ok {
				docs[i], warns[i] = fingerprintFile(w, files[i], s.file, s.warns, sig)
			} else {
				docs[i], warns[i] = readOne(w, rd, files[i], opts.MaxBytes, sig)
			}
			if opts.Progress != nil {
				opts.Progress()
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res := &Result{fp: fp, jobs: opts.Jobs, maxBytes: opts.MaxBytes, TemplateTime: templateTime, FingerprintTime: time.Since(start) - templateTime}
	kept := docs[:0]
	for i, d := range docs {
		res.Warnings = append(res.Warnings, warns[i]...)
		if d.Signature == nil {
			res.Skipped++
			continue
		}
		kept = append(kept, d)
	}
	res.Docs = slices.Clip(kept)
	return res, nil
}

// Group finds the groups among the fingerprinted documents with the
// grouping options of opts (Threshold, LSH, Containment, Verify), replacing
// any found before.
func (r *Result) Group(ctx context.Context, opts Options) error {
	if err := opts.check(); err != nil {
		return err
	}
	perms := r.fp.Config().Perms
	r.LSH = opts.LSH
	if r.LSH == (lsh.Params{}) {
		// An excerpt of a fifth of a text has Jaccard 0.2 with it at best:
		// with containment, band for that so LSH proposes such pairs.
		r.LSH = lsh.Optimal(min(opts.Threshold, candidateFloor(opts.Containment)), perms)
	}
	start := time.Now()
	sig := func(i int) []uint32 { return r.Docs[i].Signature }
	pairs := lsh.Candidates(len(r.Docs), sig, r.LSH, r.jobs)
	if opts.PairFilter != nil {
		pairs = slices.DeleteFunc(pairs, func(p lsh.Pair) bool { return !opts.PairFilter(int(p.A), int(p.B)) })
	}
	r.Candidates = len(pairs)
	r.CandidateTime = time.Since(start)
	start = time.Now()

	// Set sizes for containment: shingle counts (repeats are rare in prose)
	// unless the exact sets are at hand.
	sizes := func(a, b int) (int, int) { return r.Docs[a].Shingles, r.Docs[b].Shingles }
	jaccard := func(a, b int) float64 { return minhash.Similarity(sig(a), sig(b)) }
	// Containment is derived from Jaccard and set sizes, which magnifies
	// MinHash error several times for an excerpt: verify it exactly.
	if opts.Verify == VerifyExact || opts.Containment > 0 {
		sets, err := r.shingleSets(ctx, pairs)
		if err != nil {
			return err
		}
		jaccard = func(a, b int) float64 { return exactJaccard(sets[a], sets[b]) }
		sizes = func(a, b int) (int, int) { return len(sets[a]), len(sets[b]) }
	}
	r.measure = func(a, b int) Similarity {
		j := jaccard(a, b)
		na, nb := sizes(a, b)
		return Similarity{Jaccard: j, Containment: containment(j, na, nb), AInB: na <= nb}
	}
	match := func(a, b int) (float64, bool) {
		m := r.measure(a, b)
		return m.Jaccard, m.Jaccard >= opts.Threshold || opts.Containment > 0 && m.Containment >= opts.Containment
	}
	r.Matched = r.Matched[:0]
	for _, p := range pairs {
		if _, ok := match(int(p.A), int(p.B)); ok {
			r.Matched = append(r.Matched, p)
		}
	}
	r.threshold = opts.Threshold
	r.Groups = group.Build(len(r.Docs), r.Matched, match)
	r.GroupTime = time.Since(start)
	return ctx.Err()
}

// candidateFloor is the Jaccard LSH should catch when containment c is
// wanted: 1 (no effect) without containment.
func candidateFloor(c float64) float64 {
	if c == 0 {
		return 1
	}
	return 0.2
}

// Similarity of two documents.
type Similarity struct {
	Jaccard float64
	// Containment is the share of the smaller document's shingles found in
	// the larger one; AInB says the first document is the smaller.
	Containment float64
	AInB        bool
}

// Similarity measures documents a and b as the last Group did (estimated
// or exact).
func (r *Result) Similarity(a, b int) Similarity { return r.measure(a, b) }

// containment derives |A∩B| / min(|A|, |B|) from Jaccard and set sizes:
// |A∩B| = J(|A|+|B|)/(1+J).
func containment(j float64, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	inter := j * float64(na+nb) / (1 + j)
	return min(1, inter/float64(min(na, nb)))
}

func exactJaccard(a, b []uint64) float64 {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// shingleSets re-reads the documents in candidate pairs (and only those,
// so memory stays bounded by the candidates) for exact verification.
func (r *Result) shingleSets(ctx context.Context, pairs []lsh.Pair) (map[int][]uint64, error) {
	var docs []int
	seen := map[int]bool{}
	for _, p := range pairs {
		for _, d := range [2]int{int(p.A), int(p.B)} {
			if !seen[d] {
				seen[d] = true
				docs = append(docs, d)
			}
		}
	}
	sets := make([][]uint64, len(docs))
	err := parallel(ctx, len(docs), r.jobs, func() func(int) {
		w := r.fp.NewWorker()
		return func(i int) {
			f, _, err := Read(r.Docs[docs[i]].Path, r.maxBytes)
			if err != nil {
				return // changed since: it then matches nothing
			}
			if sh, err := w.Shingles(f.Text); err == nil {
				sets[i] = slices.Clone(sh)
			}
		}
	})
	out := make(map[int][]uint64, len(docs))
	for i, d := range docs {
		out[d] = sets[i]
	}
	return out, err
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
	var keptBytes int64
	err := parallel(ctx, len(sample), jobs, func() func(int) {
		rd := &reader{}
		return func(k int) {
			i := sample[k]
			text, warns, err := rd.read(files[i], maxBytes, true)
			if err != nil {
				return
			}
			lc.Add(text.Text) // keeps line keys, not text
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
	return Doc{Path: path, Signature: f.Signature, Words: f.Words, Shingles: f.Shingles, Encoding: text.Encoding, Bytes: text.Bytes, ModTime: text.ModTime, Hash: text.Hash}, warns
}

// File is a file read and decoded.
type File struct {
	Text     string
	Encoding string // see package decode
	Bytes    int64  // bytes read
	ModTime  time.Time
	Hash     uint64 // xxhash of the bytes read
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
	raw, mtime, truncated, err := readFile(path, maxBytes, r.buf[:0])
	if cap(raw) <= maxKeptBuffer {
		r.buf = raw[:0]
	} else {
		r.buf = nil
	}
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
	return File{Text: text.Text, Encoding: text.Encoding, Bytes: int64(len(raw)), ModTime: mtime, Hash: xxhash.Sum64(raw)}, warns, nil
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
	if n, t, err := f.stat(); err == nil {
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

// Which member of a group to keep: it becomes the group's first member,
// and the others' similarities are given to it.
const (
	KeepFirst    = "first"    // first in path order
	KeepLongest  = "longest"  // most words after cleaning
	KeepShortest = "shortest" // fewest words after cleaning
	KeepNewest   = "newest"   // latest modification time
	KeepOldest   = "oldest"   // earliest modification time
)

// KeepChoices lists the Keep values.
var KeepChoices = []string{KeepFirst, KeepLongest, KeepShortest, KeepNewest, KeepOldest}

// Report turns the result into report form, numbering groups from 1. Each
// group's representative is its first member in path order.
func (r *Result) Report() report.Report {
	rep, _ := r.ReportKeeping(KeepFirst)
	return rep
}

// ReportKeeping is Report with the member to keep chosen by keep (one of
// KeepChoices; ties go to path order). Groups stay in the order of their
// first path.
func (r *Result) ReportKeeping(keep string) (report.Report, error) {
	better, ok := map[string]func(a, b *Doc) bool{
		KeepFirst:    func(a, b *Doc) bool { return false },
		KeepLongest:  func(a, b *Doc) bool { return a.Words > b.Words },
		KeepShortest: func(a, b *Doc) bool { return a.Words < b.Words },
		KeepNewest:   func(a, b *Doc) bool { return a.ModTime.After(b.ModTime) },
		KeepOldest:   func(a, b *Doc) bool { return a.ModTime.Before(b.ModTime) },
	}[keep]
	if !ok {
		return report.Report{}, fmt.Errorf("keep must be one of %v, got %q", KeepChoices, keep)
	}
	rep := report.Report{Stats: report.Stats{Files: len(r.Docs), Skipped: r.Skipped, Groups: len(r.Groups)}}
	for i, g := range r.Groups {
		docs := make([]int, len(g.Members))
		for k, m := range g.Members {
			docs[k] = m.Doc
		}
		kept := 0
		for k := range docs { // members are in path order, so ties keep the first
			if better(&r.Docs[docs[k]], &r.Docs[docs[kept]]) {
				kept = k
			}
		}
		first := docs[kept]
		order := append([]int{first}, slices.Delete(slices.Clone(docs), kept, kept+1)...)
		rg := report.Group{ID: i + 1}
		for k, d := range order {
			rm := report.Member{Path: r.Docs[d].Path, Similarity: 1}
			if k > 0 {
				sim := r.measure(d, first)
				rm.Similarity = sim.Jaccard
				if sim.Jaccard < r.threshold {
					// In the group by containment: say which way.
					rm.Containment = sim.Containment
					rm.Relation = report.Contains
					if sim.AInB {
						rm.Relation = report.Within
					}
				}
			}
			rg.Members = append(rg.Members, rm)
		}
		rep.Groups = append(rep.Groups, rg)
	}
	return rep, nil
}
