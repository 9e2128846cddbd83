package neardup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
)

// Index is an index of fingerprints, opened by OpenIndex.
type Index struct {
	ix   *index.Index
	path string
}

// Errors of an index, for errors.Is (the same values as package index's):
// OpenIndex, Update, Scan, Store and Query return them wrapped with the
// index's path.
var (
	ErrIndexMissing  = index.ErrMissing  // no index at the path (ErrIndexNoFolder too)
	ErrIndexNoFolder = index.ErrNoFolder // its folder does not exist
	ErrIndexNotFile  = index.ErrNotFile  // the path is a folder, device...
	ErrIndexLocked   = index.ErrLocked   // another writer held the lock past LockTimeout
	ErrNotIndex      = index.ErrNotIndex // the file is not an index
	ErrIndexNewer    = index.ErrNewer    // written by a newer neardup
	ErrIndexOlder    = index.ErrOlder    // built by an older neardup: rebuild it
	ErrIndexCorrupt  = index.ErrCorrupt  // damaged: rebuild it
	ErrIndexReplaced = index.ErrChanged  // replaced by another writer since it was read
)

// IndexOptions say how to open an index.
type IndexOptions struct {
	// Write takes the writer's lock at once (waiting up to LockTimeout),
	// as Update and Query with Add need; a missing index is created by the
	// first write.
	Write bool
	// Create opens a missing index as empty without taking the lock: Scan
	// creates it when it stores.
	Create bool
	// Rebuild (with Write) starts the index over; the old one is replaced
	// only when the new one is complete.
	Rebuild bool
	// LockTimeout is how long a writer waits for another one; 0 does not
	// wait (the command waits 30 seconds).
	LockTimeout time.Duration
	// Waiting, if set, is called once when the writer has to wait.
	Waiting func()
}

// OpenIndex opens the index at path. Its errors are those of package index
// (index.ErrMissing, index.ErrCorrupt, index.ErrLocked, ...), wrapped.
func OpenIndex(ctx context.Context, path string, o IndexOptions) (*Index, error) {
	ix, err := index.OpenWith(path, index.Options{Write: o.Write, Create: o.Create, Rebuild: o.Rebuild, LockTimeout: o.LockTimeout, Waiting: o.Waiting, Context: ctx})
	if err != nil {
		return nil, err
	}
	return &Index{ix: ix, path: path}, nil
}

// Close releases the index and its lock.
func (x *Index) Close() error { return x.ix.Close() }

// Empty says the index holds no file.
func (x *Index) Empty() bool { return x.ix.Empty() }

// settings is what an index records about how signatures were made.
func settings(o Options) index.Settings {
	f := o.Fingerprint
	s := index.Settings{Shingle: f.Shingle, Perms: f.Perms, Seed: f.Seed, Lang: strings.ToLower(f.Lang), NoStem: f.NoStem, DropStopWords: f.DropStopWords}
	if c := o.Clean; c.Cleaner != nil {
		s.Clean, s.Rules = true, o.cleaner().Version()
		s.TemplateFiles, s.TemplateShare = c.TemplateFiles, c.TemplateShare
	}
	return s
}

// ErrSettings says an index was built with other settings than asked for.
var ErrSettings = errors.New("settings differ")

// settingsError is an index's account of how its settings differ; it is
// ErrSettings.
type settingsError struct{ error }

func (e settingsError) Is(target error) bool { return target == ErrSettings }
func (e settingsError) Unwrap() error        { return e.error }

// prepare checks that opts make signatures as the index's were made, and
// sets opts' template lines: the index's, or for a new index with the
// corpus layer on, those of files.
func (x *Index) prepare(ctx context.Context, opts *Options, files []string) error {
	if err := x.Check(*opts); err != nil {
		return err
	}
	if err := x.notInput(files); err != nil {
		return err
	}
	if opts.Clean.Cleaner == nil || opts.Clean.TemplateFiles == 0 {
		return nil
	}
	var err error
	if x.ix.New() {
		opts.Clean.Templates, err = Templates(ctx, files, *opts)
	} else {
		opts.Clean.Templates, err = x.ix.Templates()
	}
	return err
}

// ErrIsInput says an index file is one of the files given to read: it is
// never written over (an empty article would take an index).
var ErrIsInput = errors.New("is one of the files to read; nothing was written")

// notInput fails with ErrIsInput when the index file is one of files.
func (x *Index) notInput(files []string) error {
	ifi, err := os.Stat(x.path)
	if err != nil {
		return nil // not there yet: no input can be it
	}
	for _, p := range files {
		if fi, err := os.Stat(p); err == nil && os.SameFile(ifi, fi) {
			return fmt.Errorf("%s %w", x.path, ErrIsInput)
		}
	}
	return nil
}

// Changes counts what Update did.
type Changes struct {
	Added, Updated, Unchanged, Removed int
	Total                              int // files in the index after
}

// Update brings the index up to date with files: new and changed files are
// fingerprinted, entries of files that no longer exist are dropped, and
// the index is replaced in one step. The index must be open for writing.
// When files are given and none can be read it fails with ErrNoInput and
// writes nothing.
func (x *Index) Update(ctx context.Context, files []string, opts Options) (Changes, []Warning, error) {
	var ch Changes
	if err := x.prepare(ctx, &opts, files); err != nil {
		return ch, nil, err
	}
	c, err := x.fingerprint(ctx, files, opts)
	if err != nil {
		return ch, nil, err
	}
	if len(files) > 0 && len(c.Docs) == 0 {
		// Files were named and none could be read: an index of nothing
		// would let a later query pass for want of an archive.
		return ch, c.Warnings, &NoInputError{Warnings: c.Warnings}
	}
	var gone []string
	err = x.ix.Each(func(e doc.Doc) error {
		if err := ctx.Err(); err != nil {
			return err // a stat each: long on a large index
		}
		if _, err := os.Stat(e.Path); errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, e.Path)
		}
		return nil
	})
	if err != nil {
		return ch, nil, err
	}
	if err := ctx.Err(); err != nil {
		return ch, nil, err // interrupted: commit nothing
	}
	if err := x.ix.Update(settings(opts), opts.Clean.Templates, c.pending, gone); err != nil {
		return ch, nil, err
	}
	if ch.Total, err = x.ix.Count(); err != nil {
		return ch, nil, err
	}
	ch.Added, ch.Updated, ch.Removed = c.added, c.updated, len(gone)
	ch.Unchanged = len(c.Docs) - ch.Added - ch.Updated
	return ch, c.Warnings, nil
}

// Scan fingerprints files through the index: a file whose size and
// modification time match its entry keeps the stored fingerprint (a Stored
// document), the others are read. It reads the index without the writer's
// lock. Store saves what it had to read.
func (x *Index) Scan(ctx context.Context, files []string, opts Options) (*Corpus, error) {
	if err := x.prepare(ctx, &opts, files); err != nil {
		return nil, err
	}
	c, err := x.fingerprint(ctx, files, opts)
	if err != nil {
		return nil, err
	}
	if len(c.Docs) == 0 {
		return nil, &NoInputError{Warnings: c.Warnings}
	}
	return c.Corpus, nil
}

// Store saves in the index the fingerprints Scan made for c. It takes the
// writer's lock without waiting: when another writer holds it, or replaced
// the index since it was read, it fails with index.ErrLocked or
// index.ErrChanged and stores nothing.
func (x *Index) Store(ctx context.Context, c *Corpus) error {
	if ctx.Err() != nil || len(c.pending) == 0 && len(c.changed) == 0 && !x.ix.New() {
		return ctx.Err()
	}
	if err := x.ix.Lock(ctx, 0); err != nil {
		return err
	}
	// A file Group found changed behind an unchanged size and time loses
	// its entry: the next scan reads it again.
	return x.ix.Update(settings(c.opts), c.opts.Clean.Templates, c.pending, c.changed)
}

// Pending is how many fingerprints Store would save.
func (c *Corpus) Pending() int { return len(c.pending) }

// fingerprintedCorpus is a Corpus with what an update changes.
type fingerprintedCorpus struct {
	*Corpus
	added, updated int
}

// fingerprint makes the corpus of files, reusing the index's entries of
// unchanged files, and notes the entries to store.
func (x *Index) fingerprint(ctx context.Context, files []string, opts Options) (fingerprintedCorpus, error) {
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
	stored := make([]*doc.Doc, len(files))
	err := x.ix.Each(func(e doc.Doc) error {
		if i, ok := want[e.Path]; ok {
			stored[i] = &e
		}
		return nil
	})
	if err != nil {
		return fingerprintedCorpus{}, err
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
	c, err := Fingerprint(ctx, fresh, opts)
	if err != nil {
		return fingerprintedCorpus{}, err
	}
	byPath := make(map[string]doc.Doc, len(c.Docs))
	for _, d := range c.Docs {
		byPath[d.Path] = d
	}
	out := fingerprintedCorpus{Corpus: c}
	var docs []doc.Doc
	for i, p := range files {
		if reused[i] {
			d := *stored[i]
			d.Path = p
			docs = append(docs, d)
			continue
		}
		d, ok := byPath[p]
		if !ok {
			continue // skipped, with a warning
		}
		docs = append(docs, d)
		switch e := stored[i]; {
		case e == nil:
			out.added++
		case e.Hash != d.Hash:
			out.updated++
		case !e.ModTime.Equal(d.ModTime) || e.Size != d.Size:
			// same content, new time: stored again, counted unchanged
		default:
			continue
		}
		d.Path, d.Encoding = abs[i], ""
		c.pending = append(c.pending, d)
	}
	loaded, err := Load(docs, opts)
	if err != nil {
		return fingerprintedCorpus{}, err
	}
	loaded.Warnings, loaded.Skipped, loaded.pending = c.Warnings, c.Skipped, c.pending
	loaded.Stages.Templates, loaded.Stages.Fingerprint = c.Stages.Templates, c.Stages.Fingerprint
	out.Corpus = loaded
	return out, nil
}

// Check says whether opts make signatures as the index's were made
// (ErrSettings if not).
func (x *Index) Check(opts Options) error {
	if err := opts.Check(); err != nil {
		return err
	}
	if err := x.ix.Check(settings(opts)); err != nil {
		return settingsError{err}
	}
	return nil
}
