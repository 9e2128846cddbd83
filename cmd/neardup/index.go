package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/scan"
)

// settingsOf is what an index records about how signatures were made.
func settingsOf(opts scan.Options) index.Settings {
	c := opts.Fingerprint
	s := index.Settings{Shingle: c.Shingle, Perms: c.Perms, Seed: c.Seed, Lang: strings.ToLower(c.Lang), NoStem: c.NoStem, DropStopWords: c.DropStopWords}
	if c.Cleaner != nil {
		s.Clean, s.Rules = true, c.Cleaner.Version()
		s.TemplateFiles, s.TemplateShare = opts.TemplateFiles, opts.TemplateShare
	}
	return s
}

// defaultLockTimeout is how long a writer waits for another one. A writer
// holds the lock for its whole run; an incremental update of a large
// archive takes seconds (39,000 unchanged files: 0.3 s), so overlapping CI
// jobs or cron runs get through, while a writer stuck behind a first build
// of a big folder, or a hung one, fails with a hint instead of hanging a
// job for ever.
const defaultLockTimeout = 30 * time.Second

func addLockTimeout(cmd *cobra.Command) {
	cmd.Flags().Duration("lock-timeout", defaultLockTimeout, "how long to wait for another neardup writing the index")
}

// lockTimeout is the command's --lock-timeout, or the default for a
// command without the flag.
func lockTimeout(cmd *cobra.Command) (time.Duration, error) {
	d, err := cmd.Flags().GetDuration("lock-timeout")
	switch {
	case err != nil:
		return defaultLockTimeout, nil
	case d < 0:
		return 0, usageErrorf("--lock-timeout must not be negative, got %s", d)
	}
	return d, nil
}

// openIndex opens (write: creates) the index at path for opts, turning its
// errors into one line and a hint. It fills opts.Templates from the index,
// or, for a new index with the corpus layer on, from files.
func openIndex(cmd *cobra.Command, path string, write bool, opts *scan.Options, files []string) (*index.Index, error) {
	return openIndexWith(cmd, path, index.Options{Write: write}, opts, files)
}

// openIndexWith is openIndex with the index's options; the lock timeout,
// the context and a note when waiting come from the command.
func openIndexWith(cmd *cobra.Command, path string, o index.Options, opts *scan.Options, files []string) (*index.Index, error) {
	timeout, err := lockTimeout(cmd)
	if err != nil {
		return nil, err
	}
	o.Context, o.LockTimeout = cmd.Context(), timeout
	if q, _ := cmd.Flags().GetBool("quiet"); !q {
		o.Waiting = func() {
			fmt.Fprintf(cmd.ErrOrStderr(), "neardup: waiting up to %s for another neardup writing %s\n", o.LockTimeout, path)
		}
	}
	ix, err := index.OpenWith(path, o)
	if err != nil {
		return nil, indexError(cmd, path, err)
	}
	if err := ix.Check(settingsOf(*opts)); err != nil {
		ix.Close()
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("index %w\nhint: use the flags the index was built with, or start it over with neardup index --rebuild", err)}
	}
	if opts.Fingerprint.Cleaner != nil && opts.TemplateFiles > 0 {
		if ix.New() {
			t, err := scan.Templates(cmd.Context(), files, opts.TemplateFiles, opts.TemplateShare, opts.Jobs, opts.MaxBytes)
			if err != nil {
				ix.Close()
				return nil, err
			}
			opts.Templates = t
		} else if opts.Templates, err = ix.Templates(); err != nil {
			ix.Close()
			return nil, indexError(cmd, path, err)
		}
	}
	return ix, nil
}

// dbFlag is the command's --db.
func dbFlag(cmd *cobra.Command) string {
	p, _ := cmd.Flags().GetString("db")
	return p
}

// indexError turns an error of package index into one line and a hint.
func indexError(cmd *cobra.Command, path string, err error) error {
	if cmd.Context().Err() != nil && errors.Is(err, cmd.Context().Err()) {
		return err // interrupted: run reports it
	}
	rebuild := "rebuild it: neardup index --rebuild --db " + path + " FOLDER"
	hint := ""
	switch {
	case errors.Is(err, index.ErrNoFolder):
		hint = "create the folder first, or give --db a file in an existing folder"
	case errors.Is(err, index.ErrMissing):
		hint = "create it with: neardup index --db " + path + " FOLDER"
	case errors.Is(err, index.ErrNotFile):
		hint = "--db takes the name of an index file, e.g. --db archive.ndx"
	case errors.Is(err, index.ErrLocked):
		hint = "another neardup is writing it; wait for it to finish, or wait longer with --lock-timeout"
	case errors.Is(err, index.ErrNotIndex):
		hint = "--db names a file that is not a neardup index; nothing was written to it"
	case errors.Is(err, index.ErrNewer):
		hint = "upgrade neardup to read this index"
	case errors.Is(err, index.ErrOlder), errors.Is(err, index.ErrCorrupt):
		hint = rebuild
	case errors.Is(err, index.ErrChanged):
		hint = "another neardup replaced it meanwhile; run again"
	case errors.Is(err, fs.ErrPermission):
		hint = "neardup needs to read the index, and to write in its folder to update it"
	}
	if hint != "" {
		hint = "\nhint: " + hint
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("index %w%s", err, hint)}
}

// entryOf is d as the index stores it: under its absolute path.
func entryOf(abs string, d scan.Doc) scan.Doc {
	d.Path, d.Encoding = abs, ""
	return d
}

// docOf is an indexed document under the name it was asked for by.
func docOf(path string, e scan.Doc) scan.Doc {
	e.Path = path
	return e
}

// changes counts what an update does to an index.
type changes struct {
	added, updated, touched int // touched: same content, new modification time
}

// cached fingerprints files through the index: a file whose size and
// modification time match its entry keeps the stored signature; the others
// are read. It returns the result over all files in their order and the
// entries to store.
func cached(cmd *cobra.Command, f *corpusFlags, ix *index.Index, files []string, opts scan.Options) (*scan.Result, []scan.Doc, changes, int, error) {
	var ch changes
	abs := make([]string, len(files))
	want := map[string]int{}
	for i, p := range files {
		a, err := filepath.Abs(p)
		if err != nil {
			a = p
		}
		abs[i] = a
		want[a] = i
	}
	stored := make([]*scan.Doc, len(files))
	err := ix.Each(func(e scan.Doc) error {
		if i, ok := want[e.Path]; ok {
			stored[i] = &e
		}
		return nil
	})
	if err != nil {
		return nil, nil, ch, 0, indexError(cmd, dbFlag(cmd), err)
	}
	var fresh []string
	reused := make([]bool, len(files))
	for i, p := range files {
		if e := stored[i]; e != nil {
			if fi, err := os.Stat(p); err == nil && fi.Size() == e.Size && fi.ModTime().Equal(e.ModTime) {
				reused[i] = true
				continue
			}
		}
		fresh = append(fresh, p)
	}
	var res *scan.Result
	warnings := 0
	if len(fresh) > 0 {
		r, w, err := f.fingerprintFiles(cmd, fresh, opts, true)
		if err != nil {
			return nil, nil, ch, 0, err
		}
		res, warnings = r, w
	} else if res, err = scan.Fingerprint(cmd.Context(), nil, opts); err != nil {
		return nil, nil, ch, 0, err
	}
	byPath := map[string]scan.Doc{}
	for _, d := range res.Docs {
		byPath[d.Path] = d
	}
	var docs []scan.Doc
	var put []scan.Doc
	for i, p := range files {
		if reused[i] {
			docs = append(docs, docOf(p, *stored[i]))
			continue
		}
		if d, ok := byPath[p]; ok {
			docs = append(docs, d)
			switch e := stored[i]; {
			case e == nil:
				ch.added++
			case e.Hash != d.Hash:
				ch.updated++
			case !e.ModTime.Equal(d.ModTime) || e.Size != d.Size:
				ch.touched++
			default:
				continue
			}
			put = append(put, entryOf(abs[i], d))
		}
	}
	res.Docs = docs
	return res, put, ch, warnings, nil
}

type indexFlags struct {
	corpusFlags
	db      string
	rebuild bool
}

func newIndexCmd() *cobra.Command {
	var f indexFlags
	cmd := &cobra.Command{
		Use:   "index --db FILE [flags] PATH...",
		Short: "Create or update an index of fingerprints",
		Long: `Index records, for each file under PATH, its path, size, modification time,
content hash and MinHash signature in the index FILE, with the settings that
made them. Run again, it fingerprints only new or changed files and drops
files that no longer exist, and says how many were added, updated, unchanged
and removed. Query the index with neardup query; scan --db uses it as a cache.

An update is written to a copy that replaces the index only when complete:
interrupted, the index stays as it was, and query and scan --db go on
reading the old one meanwhile. A second writer waits for the first (up to
--lock-timeout). Every byte is checked before use: a damaged index is
refused, never misread nor written over. An index built with other settings
(shingle, perms, seed, language, stemming, cleaning rules) is refused;
--rebuild starts it over.

` + exitCodesHelp,
		Example: `  neardup index --db archive.ndx archive/
  neardup index --db archive.ndx --rebuild --shingle 5 archive/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runIndex(cmd, args, &f) },
	}
	f.corpusFlags.register(cmd)
	for _, name := range []string{"threshold", "bands", "rows", "verify", "containment"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	cmd.Flags().StringVar(&f.db, "db", "", "index `FILE` (required)")
	cmd.Flags().BoolVar(&f.rebuild, "rebuild", false, "start the index over (its old content is replaced only when the new one is complete)")
	addLockTimeout(cmd)
	return cmd
}

func runIndex(cmd *cobra.Command, args []string, f *indexFlags) error {
	start := time.Now()
	if f.db == "" {
		return usageErrorf("--db is required")
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	files, _, err := f.in.files(cmd, args)
	if err != nil {
		return err
	}
	// --rebuild takes the lock as index does, reads as empty, and replaces
	// the file only when the new index is complete.
	ix, err := openIndexWith(cmd, f.db, index.Options{Write: true, Rebuild: f.rebuild}, &opts, files)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, put, ch, _, err := cached(cmd, &f.corpusFlags, ix, files, opts)
	if err != nil {
		return err
	}
	// Entries whose files are gone.
	var gone []string
	err = ix.Each(func(e scan.Doc) error {
		if err := cmd.Context().Err(); err != nil {
			return err // a stat each: long on a large index
		}
		if _, err := os.Stat(e.Path); errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, e.Path)
		}
		return nil
	})
	if err != nil {
		return indexError(cmd, f.db, err)
	}
	if err := cmd.Context().Err(); err != nil {
		return err // interrupted: commit nothing
	}
	if err := ix.Update(settingsOf(opts), opts.Templates, put, gone); err != nil {
		if cmd.Context().Err() != nil {
			return err
		}
		return fmt.Errorf("write index %s: %w", f.db, err)
	}
	after, err := ix.Count()
	if err != nil {
		return indexError(cmd, f.db, err)
	}
	ix.Close()
	unchanged := len(res.Docs) - ch.added - ch.updated
	if !f.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: index %s: %d added, %d updated, %d unchanged, %d removed (%d files) in %s\n",
			f.db, ch.added, ch.updated, unchanged, len(gone), after, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

type queryFlags struct {
	corpusFlags
	db       string
	format   string
	exitCode bool
	add      bool
}

func newQueryCmd() *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "query --db FILE [flags] PATH...",
		Short: "Report which indexed articles each given file duplicates",
		Long: `Query fingerprints the files under PATH and reports, for each, the indexed
articles it near-duplicates (by similarity, or by containment: an excerpt of
an indexed article, or an indexed excerpt of it), in the formats of scan: each
group is a queried file followed by its matches and their similarity. A
file's matches never depend on the other files queried with it; a queried
file that is itself indexed is matched against the rest of the index.
Indexed paths are printed absolute. --format paths prints the queried files
that have matches (never an indexed file). --add also adds the queried files
to the index.

` + exitCodesHelp,
		Example: `  neardup query --db archive.ndx incoming/
  neardup query --db archive.ndx --exit-code -q -f csv today/*.txt || echo "batch repeats the archive"`,
		RunE: func(cmd *cobra.Command, args []string) error { return runQuery(cmd, args, &f) },
	}
	f.corpusFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "", "index `FILE` (required)")
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when any file duplicates an indexed one")
	fl.BoolVar(&f.add, "add", false, "also add the queried files to the index")
	addLockTimeout(cmd)
	return cmd
}

// queryFiles lists the files to query, with a warning line per path that
// could not be used. An empty batch (an empty folder or --files-from list)
// is not an error: a CI step queries whatever arrived, and nothing repeats
// nothing. It then checks the index all the same, writes an empty report,
// warns once and returns no files. A path that is missing or unusable, with
// nothing else to query, is still an error (exit 2).
func (f *queryFlags) queryFiles(cmd *cobra.Command, args []string, opts scan.Options) ([]string, int, error) {
	files, problems, err := f.in.expand(cmd, args)
	if err != nil {
		return nil, 0, err
	}
	for _, p := range problems {
		warn(cmd.ErrOrStderr(), p.Path, p.Err, false)
	}
	if len(files) > 0 {
		return files, len(problems), nil
	}
	if len(problems) > 0 {
		return nil, 0, usageErrorf("no input files found")
	}
	ix, err := openIndex(cmd, f.db, false, &opts, nil)
	if err != nil {
		return nil, 0, err
	}
	ix.Close()
	if err := writeReport(cmd.OutOrStdout(), report.Report{}, f.format, report.Options{Null: f.in.null}); err != nil {
		return nil, 0, err
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "neardup: warning: no input files found (folders are searched for *.txt), nothing to query")
	return nil, 0, nil
}

func runQuery(cmd *cobra.Command, args []string, f *queryFlags) error {
	if f.db == "" {
		return usageErrorf("--db is required")
	}
	if !slices.Contains(report.Formats, f.format) {
		return usageErrorf("--format: unknown format %q (want %s)", f.format, strings.Join(report.Formats, ", "))
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	files, problems, err := f.queryFiles(cmd, args, opts)
	if err != nil || files == nil { // no files: an empty batch, already answered
		return err
	}
	ix, err := openIndex(cmd, f.db, f.add, &opts, files)
	if err != nil {
		return err
	}
	defer ix.Close()
	if ix.New() {
		return usageErrorf("index %s is empty\nhint: fill it with: neardup index --db %s FOLDER", f.db, f.db)
	}
	res, _, err := f.fingerprintFiles(cmd, files, opts, false)
	if err != nil {
		return err
	}
	queried := res.Docs
	var docs []scan.Doc
	err = ix.Each(func(e scan.Doc) error {
		docs = append(docs, docOf(e.Path, e))
		return nil
	})
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("index %w", err)}
	}
	nIndexed := len(docs)
	res.Docs = append(docs, queried...)
	abs := make([]string, len(res.Docs))
	for i := nIndexed; i < len(res.Docs); i++ {
		abs[i], _ = filepath.Abs(res.Docs[i].Path)
	}
	isQuery := func(i int) bool { return i >= nIndexed }
	indexedPath := make(map[string]bool, nIndexed)
	for _, d := range docs {
		indexedPath[d.Path] = true
	}
	// A queried file that is itself indexed (under any name) is part of
	// the archive: it is matched against the rest of the index, never
	// against its own entry, and never listed for removal.
	indexed := make(map[int]bool)
	for q := nIndexed; q < len(res.Docs); q++ {
		real, err := filepath.EvalSymlinks(abs[q])
		indexed[q] = indexedPath[abs[q]] || err == nil && indexedPath[real]
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
	matches, err := res.Matches(cmd.Context(), opts, isQuery, self)
	if err != nil {
		return err
	}
	// An indexed file that is gone or changed since it was indexed is no
	// match: its entry no longer says what the archive holds.
	fresh := map[int]bool{}
	isFresh := func(d int) bool {
		if ok, seen := fresh[d]; seen {
			return ok
		}
		fi := stat(d)
		ok := fi != nil && !res.Stale(d) && fi.Size() == res.Docs[d].Size && fi.ModTime().Equal(res.Docs[d].ModTime)
		if !ok {
			warn(cmd.ErrOrStderr(), res.Docs[d].Path, errors.New("indexed file missing or changed since it was indexed, not matched (hint: update the index with neardup index)"), false)
		}
		fresh[d] = ok
		return ok
	}
	rep := report.Report{Stats: report.Stats{Files: len(queried), Skipped: res.Skipped + problems}}
	for q := nIndexed; q < len(res.Docs); q++ {
		edges := matches[q]
		if len(edges) == 0 {
			continue
		}
		g := report.Group{ID: len(rep.Groups) + 1, Members: []report.Member{{Path: res.Docs[q].Path, Similarity: 1}}}
		for _, e := range edges {
			d := e.A
			if d == q {
				d = e.B
			}
			if !isFresh(d) {
				continue
			}
			// The queried file may go when an indexed file holds its text.
			if !indexed[q] && res.Covers(d, q) {
				g.Members[0].Redundant = true
			}
			v := &report.Via{Kind: report.Similar, To: res.Docs[q].Path, Similarity: e.Jaccard}
			if e.Kind == group.Contained {
				v.Kind, v.Similarity = report.Contains, e.Containment
				if e.A == d {
					v.Kind = report.Within
				}
			}
			g.Members = append(g.Members, report.Member{Path: res.Docs[d].Path, Similarity: e.Jaccard, Via: v})
		}
		if len(g.Members) == 1 {
			continue
		}
		slices.SortStableFunc(g.Members[1:], func(a, b report.Member) int {
			return cmp.Or(cmpFloat(b.Similarity, a.Similarity), strings.Compare(a.Path, b.Path))
		})
		rep.Groups = append(rep.Groups, g)
	}
	rep.Stats.Groups = len(rep.Groups)
	if err := writeReport(cmd.OutOrStdout(), rep, f.format, report.Options{Null: f.in.null}); err != nil {
		return err
	}
	if f.add {
		var put []scan.Doc
		for _, d := range queried {
			a, _ := filepath.Abs(d.Path)
			put = append(put, entryOf(a, d))
		}
		if err := cmd.Context().Err(); err != nil {
			return err
		}
		if err := ix.Update(settingsOf(opts), nil, put, nil); err != nil {
			return fmt.Errorf("write index %s: %w", f.db, err)
		}
	}
	if !f.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: %s queried against %d indexed, %d with matches\n", plural(len(queried), "file"), nIndexed, len(rep.Groups))
	}
	if f.exitCode && len(rep.Groups) > 0 {
		return &exitError{code: exitFound}
	}
	return nil
}
