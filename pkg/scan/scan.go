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
	"sync"

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
	DefaultShingle   = 5
	DefaultThreshold = 0.5
	DefaultPerms     = 128
	DefaultSeed      = 1
	DefaultLang      = "english"
	DefaultMaxBytes  = 8 << 20
)

// DefaultOptions returns the options neardup scan uses without flags.
func DefaultOptions() Options {
	return Options{
		Fingerprint: fingerprint.Config{
			Shingle: DefaultShingle, Perms: DefaultPerms, Seed: DefaultSeed, Lang: DefaultLang,
			Cleaner: clean.New(clean.BuiltinRules()),
		},
		Threshold: DefaultThreshold,
		MaxBytes:  DefaultMaxBytes,
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
	// Progress, if set, is called once per file when it is done, from the
	// worker goroutines.
	Progress func()
}

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
	Encoding  string // as decoded; see package decode
	Bytes     int64  // bytes read
}

// Result is what a scan found.
type Result struct {
	Docs       []Doc     // fingerprinted files, in input order
	Warnings   []Warning // in input order
	Skipped    int       // files left out
	LSH        lsh.Params
	Candidates int // pairs proposed by LSH
	Groups     []group.Group
}

// Run scans files, which should be in the order groups are to be reported
// (neardup sorts them by path). It stops early, returning ctx.Err(), when
// ctx is cancelled.
func Run(ctx context.Context, files []string, opts Options) (*Result, error) {
	fp, err := fingerprint.New(opts.Fingerprint)
	if err != nil {
		return nil, err
	}
	if opts.Threshold <= 0 || opts.Threshold > 1 {
		return nil, fmt.Errorf("threshold must be in (0, 1], got %v", opts.Threshold)
	}
	params := opts.LSH
	if params == (lsh.Params{}) {
		params = lsh.Optimal(opts.Threshold, opts.Fingerprint.Perms)
	}
	if err := params.Validate(opts.Fingerprint.Perms); err != nil {
		return nil, err
	}

	type outcome struct {
		doc  *Doc
		warn []Warning
	}
	out := make([]outcome, len(files))
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := fp.NewWorker()
			for i := range next {
				doc, warn := readOne(w, files[i], opts.MaxBytes)
				out[i] = outcome{doc, warn}
				if opts.Progress != nil {
					opts.Progress()
				}
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &Result{LSH: params}
	for _, o := range out {
		res.Warnings = append(res.Warnings, o.warn...)
		if o.doc == nil {
			res.Skipped++
			continue
		}
		res.Docs = append(res.Docs, *o.doc)
	}
	sig := func(i int) []uint32 { return res.Docs[i].Signature }
	pairs := lsh.Candidates(len(res.Docs), sig, params)
	res.Candidates = len(pairs)
	sim := func(a, b int) float64 { return minhash.Similarity(sig(a), sig(b)) }
	res.Groups = group.Build(len(res.Docs), pairs, sim, opts.Threshold)
	return res, ctx.Err()
}

// readOne reads and fingerprints one file. A nil Doc means it was skipped.
func readOne(w *fingerprint.Worker, path string, maxBytes int64) (*Doc, []Warning) {
	skip := func(err error) (*Doc, []Warning) {
		return nil, []Warning{{Path: path, Err: err, Skipped: true}}
	}
	raw, truncated, err := readFile(path, maxBytes)
	if err != nil {
		return skip(err)
	}
	var warns []Warning
	if truncated {
		warns = append(warns, Warning{Path: path, Err: fmt.Errorf("larger than %d bytes, only the first %d read", maxBytes, maxBytes)})
	}
	if len(raw) == 0 {
		return skip(ErrEmpty)
	}
	text, err := decode.Bytes(raw)
	if err != nil {
		return skip(err)
	}
	if text.Invalid > 0 {
		warns = append(warns, Warning{Path: path, Err: fmt.Errorf("%d invalid UTF-8 sequences replaced", text.Invalid)})
	}
	f, err := w.Text(text.Text)
	if err != nil {
		d, ws := skip(err)
		return d, append(warns, ws...)
	}
	return &Doc{Path: path, Signature: f.Signature, Words: f.Words, Encoding: text.Encoding, Bytes: int64(len(raw))}, warns
}

func readFile(path string, maxBytes int64) (data []byte, truncated bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, unwrapPath(err)
	}
	defer f.Close()
	var r io.Reader = f
	if maxBytes > 0 {
		r = io.LimitReader(f, maxBytes+1)
	}
	data, err = io.ReadAll(r)
	if err != nil {
		return nil, false, unwrapPath(err)
	}
	if maxBytes > 0 && int64(len(data)) > maxBytes {
		return data[:maxBytes], true, nil
	}
	return data, false, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Report turns the result into report form, numbering groups from 1.
func (r *Result) Report() report.Report {
	rep := report.Report{Stats: report.Stats{Files: len(r.Docs), Skipped: r.Skipped, Groups: len(r.Groups)}}
	for i, g := range r.Groups {
		rg := report.Group{ID: i + 1}
		for _, m := range g.Members {
			rg.Members = append(rg.Members, report.Member{Path: r.Docs[m.Doc].Path, Similarity: m.Similarity})
		}
		rep.Groups = append(rep.Groups, rg)
	}
	return rep
}
