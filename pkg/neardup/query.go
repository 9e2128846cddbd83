package neardup

import (
	"cmp"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/report"
)

// ErrStale is the cause given for an indexed file that is gone or changed
// since it was indexed: its entry no longer says what the archive holds,
// so it matches nothing.
var ErrStale = errors.New("indexed file missing or changed since it was indexed, not matched")

// ErrEmptyIndex says an index queried holds no file.
var ErrEmptyIndex = errors.New("index is empty")

// QueryResult is what Query found.
type QueryResult struct {
	// Report has a group per queried file with matches: the queried file
	// first, then the indexed files it matches, strongest first. A queried
	// file is Redundant when an indexed file holds its text and it is not
	// itself indexed.
	Report   report.Report
	Warnings []Warning // files skipped, and indexed files found stale
	Read     int       // indexed entries read: the candidates, or all of them
	queried  *Corpus
}

// Query fingerprints files and matches each against the index: by
// similarity, or by containment (an excerpt of an indexed file, or an
// indexed excerpt of it). A file's matches never depend on the other files
// queried with it; a queried file that is itself indexed (under any name)
// is matched against the rest of the index. Indexed paths are absolute.
// No files is an empty result; files against an empty index, ErrEmptyIndex.
func (x *Index) Query(ctx context.Context, files []string, opts Options) (*QueryResult, error) {
	if len(files) == 0 {
		// An empty batch (a CI step queries whatever arrived) repeats
		// nothing, from any index the options fit.
		return &QueryResult{queried: &Corpus{}}, x.Check(opts)
	}
	if x.Empty() {
		return nil, ErrEmptyIndex
	}
	if err := x.prepare(ctx, &opts, files); err != nil {
		return nil, err
	}
	q, err := Fingerprint(ctx, files, opts)
	if err != nil {
		return nil, err
	}
	if len(q.Docs) == 0 {
		return nil, &NoInputError{Warnings: q.Warnings}
	}
	docs, err := x.candidates(ctx, q.Docs, opts)
	if err != nil {
		return nil, err
	}
	nIndexed := len(docs)
	all, err := Load(append(docs, q.Docs...), opts)
	if err != nil {
		return nil, err
	}
	res := all.res
	abs := make([]string, len(res.Docs))
	for i := nIndexed; i < len(res.Docs); i++ {
		abs[i], _ = filepath.Abs(res.Docs[i].Path)
	}
	isQuery := func(i int) bool { return i >= nIndexed }
	// A queried file that is itself indexed is part of the archive: it is
	// matched against the rest of the index, never its own entry, and
	// never listed for removal. Its entry is looked up, not searched for
	// among the candidates: an entry since changed may not be one.
	indexed := make(map[int]bool)
	for i := nIndexed; i < len(res.Docs); i++ {
		for _, p := range []string{abs[i], realPath(abs[i])} {
			if _, ok, err := x.ix.Get(p); err != nil {
				return nil, err
			} else if ok {
				indexed[i] = true
			}
		}
	}
	var mu sync.Mutex
	stats := map[int]os.FileInfo{} // one stat a file, however many pairs
	stat := func(i int) os.FileInfo {
		mu.Lock()
		defer mu.Unlock()
		fi, ok := stats[i]
		if !ok {
			fi, _ = os.Stat(res.Docs[i].Path)
			stats[i] = fi
		}
		return fi
	}
	self := func(q, d int) bool {
		same := res.Docs[d].Path == abs[q]
		if !same {
			a, b := stat(d), stat(q)
			same = a != nil && b != nil && os.SameFile(a, b)
		}
		if same {
			mu.Lock()
			indexed[q] = true
			mu.Unlock()
		}
		return same
	}
	matches, err := res.Matches(ctx, opts.pipeline(), isQuery, self)
	if err != nil {
		return nil, err
	}
	out := &QueryResult{Warnings: q.Warnings, Read: nIndexed, queried: q}
	fresh := map[int]bool{}
	isFresh := func(d int) bool {
		if ok, seen := fresh[d]; seen {
			return ok
		}
		fi := stat(d)
		ok := fi != nil && !res.Stale(d) && fi.Size() == res.Docs[d].Size && fi.ModTime().Equal(res.Docs[d].ModTime)
		if !ok {
			out.Warnings = append(out.Warnings, Warning{Path: res.Docs[d].Path, Err: ErrStale})
		}
		fresh[d] = ok
		return ok
	}
	var involved []int // queried files with matches, and what they match
	for i := nIndexed; i < len(res.Docs); i++ {
		for _, e := range matches[i] {
			involved = append(involved, e.A, e.B)
		}
	}
	if !opts.Group.SkipRedundant {
		if err := res.ReadRemovals(ctx, involved, nil); err != nil {
			return nil, err
		}
	}
	rep := report.Report{Stats: report.Stats{Files: len(q.Docs), Skipped: q.Skipped}}
	for i := nIndexed; i < len(res.Docs); i++ {
		g := report.Group{ID: len(rep.Groups) + 1, Members: []report.Member{{Path: res.Docs[i].Path, Similarity: 1}}}
		for _, e := range matches[i] {
			d := e.A
			if d == i {
				d = e.B
			}
			if !isFresh(d) {
				continue
			}
			if !indexed[i] && !opts.Group.SkipRedundant && res.Covers(d, i) {
				g.Members[0].Redundant = true
			}
			v := viaOf(e, d, res.Docs[i].Path)
			if c := res.Docs[i].Content; c != 0 && c == res.Docs[d].Content {
				v.Kind = report.Identical // the same text after cleaning, as scan says
			}
			g.Members = append(g.Members, report.Member{Path: res.Docs[d].Path, Similarity: e.Jaccard, Via: v})
		}
		if len(g.Members) == 1 {
			continue
		}
		slices.SortStableFunc(g.Members[1:], func(a, b report.Member) int {
			return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), strings.Compare(a.Path, b.Path))
		})
		rep.Groups = append(rep.Groups, g)
		rep.Pairs = append(rep.Pairs, queryPairs(g)...)
	}
	rep.Stats.Groups = len(rep.Groups)
	out.Report = rep
	return out, nil
}

// Queried is how many files Query fingerprinted.
func (r *QueryResult) Queried() int { return len(r.queried.Docs) }

// Add stores the files r queried in the index, which must be open for
// writing.
func (x *Index) Add(ctx context.Context, r *QueryResult) error {
	var put []doc.Doc
	for _, d := range r.queried.Docs {
		d.Path, _ = filepath.Abs(d.Path)
		d.Encoding = ""
		put = append(put, d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return x.ix.Update(settings(r.queried.opts), nil, put, nil)
}

// realPath is p with symbolic links resolved, or "" when it cannot be.
func realPath(p string) string {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		return ""
	}
	return r
}

// candidates returns the indexed documents a query of qs may match. With
// the banding the index keeps postings for (containment on, a threshold
// of index.BandFloor or more, no banding of the caller's), it reads only
// those the postings name; otherwise every entry.
func (x *Index) candidates(ctx context.Context, qs []doc.Doc, opts Options) ([]doc.Doc, error) {
	g := opts.Group
	if g.Containment > 0 && g.LSH == (lsh.Params{}) && g.Threshold >= index.BandFloor &&
		x.ix.Banding() == lsh.Optimal(index.BandFloor, opts.Fingerprint.Perms) {
		return x.ix.Candidates(ctx, qs, pipeline.MinSharedAnchors, anchor.MaxDocs)
	}
	var docs []doc.Doc
	err := x.ix.Each(func(e doc.Doc) error { docs = append(docs, e); return nil })
	return docs, err
}

// queryPairs are the edges of a query group, its queried file first, for
// the pairs formats: A within B for containment.
func queryPairs(g report.Group) []report.Pair {
	q := g.Members[0].Path
	var out []report.Pair
	for _, m := range g.Members[1:] {
		p := report.Pair{A: q, B: m.Path, Kind: m.Via.Kind, Similarity: m.Via.Similarity}
		switch m.Via.Kind {
		case report.Within: // the indexed file is inside the queried one
			p.A, p.B = m.Path, q
		case report.Contains:
			p.Kind = report.Within
		}
		out = append(out, p)
	}
	return out
}
