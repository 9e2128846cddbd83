// Package index stores fingerprints of a corpus on disk so that later runs
// fingerprint only new or changed files and can ask whether a new article
// duplicates anything already indexed.
//
// The store is a bbolt file followed by a trailer that holds a hash of every
// byte before it. Nothing of a file is used before that hash is checked:
// bbolt maps the file into memory and trusts its pages, so a damaged page
// would otherwise make it read past the mapping (a fault that kills the
// process) or return a short answer as if it were whole. Each record also
// carries a CRC-32C of its path and its fields, and the index records a
// format version and the settings its signatures were made with.
//
// Besides the records, the index keeps postings (see postings.go for the
// layout): for each entry, the keys of its bands under one fixed banding
// (Banding: lsh.Optimal(BandFloor, perms)) and its anchors, each mapped to
// the entry's number. Update keeps them in step with the records, and
// Candidates follows them from a query's keys to the entries it could
// match, so that a query of a few files reads a few blocks and records,
// not the whole index. Postings carry checksums like the records do, and
// every entry they name is checked against its record when read.
//
// A file is never changed in place. A writer takes a lock file beside the
// index (PATH.lock), copies the verified index to a temporary file in the
// same folder, updates the copy in one bbolt transaction, appends the
// trailer, syncs it and renames it over the index. Readers take no lock:
// one that opened the index keeps reading the old file while a writer
// replaces it, and an interrupted or failed update leaves the index as it
// was.
package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/lsh"
)

// FormatVersion is the version of the index layout this package writes.
// Version 1 had no trailer and a record CRC that left out the path;
// version 2 had no postings (see Candidates) and no ids in its records;
// version 3 had the same layout, with content hashes blind to the signs
// and currency symbols of numbers (two entries with "-12C" and "12C" were
// one text), so it is refused as older; version 4 had the same layout,
// with signatures of texts whose no-break spaces were read as letters and
// whose soft hyphens and zero-width spaces split words (see package
// decode).
const FormatVersion = 5

// Errors, for errors.Is.
var (
	ErrLocked   = errors.New("locked by another neardup")
	ErrNotIndex = errors.New("not a neardup index")
	ErrNewer    = errors.New("written by a newer neardup")
	ErrOlder    = errors.New("built by an older neardup")
	ErrCorrupt  = errors.New("damaged")
	ErrSettings = errors.New("built with other settings")
	ErrMissing  = errors.New("does not exist")
	ErrNoFolder = errors.New("its folder does not exist") // also ErrMissing
	ErrNotFile  = errors.New("not a regular file")
	ErrReadOnly = errors.New("opened for reading only")
	ErrChanged  = errors.New("replaced by another neardup since it was read")
)

var (
	bucketMeta      = []byte("meta")
	bucketDocs      = []byte("docs")
	bucketTemplates = []byte("templates")
	keyFormat       = []byte("format")
	keySettings     = []byte("settings")
	keyMagic        = []byte("magic")
	magic           = []byte("neardup index")
)

// DefaultLockTimeout is how long Open waits for another writer.
const DefaultLockTimeout = time.Second

// Options say how OpenWith opens an index.
type Options struct {
	// Write takes the writer's lock, waiting up to LockTimeout for another
	// writer; a missing index is created by the first Update. A file that
	// cannot be verified is refused: it is never written over.
	Write bool
	// Rebuild (with Write) starts the index over: it reads as empty and the
	// first Update replaces the file. The old file must be a neardup index
	// (possibly damaged, older or built with other settings); anything else
	// is refused with ErrNotIndex.
	Rebuild bool
	// Create (without Write) makes a missing index read as a new, empty one
	// instead of failing with ErrMissing; Lock can then create it.
	Create bool
	// LockTimeout is how long a writer waits for the lock; 0: not at all.
	LockTimeout time.Duration
	// Context cancels the wait for the lock, and an Update before it
	// replaces the file. Nil: never cancelled.
	Context context.Context
	// Waiting, if set, is called once when the writer has to wait.
	Waiting func()
}

// Settings are everything a stored signature depends on.
type Settings struct {
	Shingle       int     `json:"shingle"`
	Perms         int     `json:"perms"`
	Seed          uint64  `json:"seed"`
	Lang          string  `json:"lang"`
	NoStem        bool    `json:"no_stem"`
	DropStopWords bool    `json:"drop_stop_words"`
	Clean         bool    `json:"clean"`
	Rules         string  `json:"rules"` // clean.Cleaner.Version
	TemplateFiles int     `json:"template_files"`
	TemplateShare float64 `json:"template_share"`
}

// maxPerms bounds the signature length a record may claim, so a damaged
// length can never make us allocate gigabytes.
const maxPerms = 1 << 16

func (s Settings) valid() error {
	switch {
	case s.Perms < 1 || s.Perms > maxPerms:
		return fmt.Errorf("perms %d out of range", s.Perms)
	case s.Shingle < 1:
		return fmt.Errorf("shingle %d out of range", s.Shingle)
	case s.TemplateFiles < 0 || math.IsNaN(s.TemplateShare) || s.TemplateShare < 0 || s.TemplateShare > 1:
		return errors.New("template settings out of range")
	}
	return nil
}

// diff describes how s differs from the stored settings.
func (stored Settings) diff(s Settings) []string {
	var out []string
	a, b := fields(stored), fields(s)
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if a[k] != b[k] {
			out = append(out, fmt.Sprintf("%s %s (this run: %s)", k, a[k], b[k]))
		}
	}
	return out
}

func fields(s Settings) map[string]string {
	var m map[string]any
	b, _ := json.Marshal(s)
	_ = json.Unmarshal(b, &m)
	out := map[string]string{}
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// Index is an open index file.
type Index struct {
	path     string // as given, for messages
	file     string // path with symbolic links resolved: what is replaced
	ctx      context.Context
	db       *bolt.DB // the verified file, read-only; nil when new or rebuilding
	fi       os.FileInfo
	data     int64  // bytes of bbolt data before the trailer
	sum      uint64 // their hash, from the trailer
	settings *Settings
	banding  lsh.Params   // of the band postings; zero when new
	nextID   uint32       // the next entry's id: how many were ever added
	touched  atomic.Int64 // reads of mapped pages since opened (see release)
	lock     *lockFile    // held by a writer
	rebuild  bool         // the next Update starts from nothing
}

// Open opens the index at path; with write it takes the writer's lock,
// waiting up to DefaultLockTimeout for another writer, and the first Update
// creates a missing index.
func Open(path string, write bool) (*Index, error) {
	return OpenWith(path, Options{Write: write, LockTimeout: DefaultLockTimeout})
}

// OpenWith opens the index at path as o says.
func OpenWith(path string, o Options) (*Index, error) {
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ix := &Index{path: path, file: path, ctx: ctx}
	ix.file = resolve(path)
	fi, err := os.Stat(ix.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(ix.file)
		if _, derr := os.Stat(dir); derr != nil {
			return nil, fmt.Errorf("%s: %w", path, folderError(dir))
		}
		if !o.Write && !o.Create {
			return nil, fmt.Errorf("%s: %w", path, ErrMissing)
		}
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	case fi.IsDir():
		return nil, fmt.Errorf("%s: %w: it is a folder", path, ErrNotFile)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: %w: it is a %s", path, ErrNotFile, kind(fi.Mode()))
	}
	if o.Write {
		ix.lock, err = acquire(ctx, ix.file+".lock", o.LockTimeout, o.Waiting)
		if err != nil {
			if errors.Is(err, ErrLocked) {
				return nil, fmt.Errorf("%s: %w (waited %s)", path, ErrLocked, o.LockTimeout)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ix.removeStale()
	}
	if err := ix.openFile(); err != nil {
		if o.Rebuild && indexLike(err) {
			ix.closeDB()
			ix.rebuild = true
			return ix, nil
		}
		ix.Close()
		if o.Rebuild {
			return nil, fmt.Errorf("%w; --rebuild replaces only an index", err)
		}
		return nil, err
	}
	if o.Rebuild {
		ix.closeDB()
		ix.settings, ix.banding, ix.rebuild = nil, lsh.Params{}, true
	}
	return ix, nil
}

// resolve follows symbolic links at path, even to a file not created
// yet, so that a writer replaces the file a link names and not the link.
func resolve(path string) string {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path
		}
		target, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return path
}

// indexLike reports whether an open error still says the file is a neardup
// index, so that starting it over loses nothing else.
func indexLike(err error) bool {
	return errors.Is(err, ErrCorrupt) || errors.Is(err, ErrOlder) || errors.Is(err, ErrNewer)
}

// folderError says which folder of an index's path is missing.
type folderError string

func (d folderError) Error() string { return "folder " + string(d) + " does not exist" }

func (d folderError) Is(target error) bool { return target == ErrMissing || target == ErrNoFolder }

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// openFile verifies the file at ix.file and opens it with bbolt, read-only.
// A missing or empty file leaves the index new.
func (ix *Index) openFile() (err error) {
	f, err := os.Open(ix.file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return fmt.Errorf("%s: %w: it is a %s", ix.path, ErrNotFile, kind(fi.Mode()))
	}
	if fi.Size() == 0 {
		f.Close()
		return nil // nothing to lose: reads as new, and a writer may fill it
	}
	data, sum, err := verify(f, fi.Size())
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	// bbolt opens the very file that was verified: the path may have been
	// replaced by a writer since. Opening reads mapped pages (the meta
	// pages, the header bucket): a fault there must be an error too, for a
	// file whose trailer was forged over damaged pages.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(ix.path, &err)
	db, err := bolt.Open(ix.file, 0, &bolt.Options{ReadOnly: true, Timeout: time.Second,
		OpenFile: func(string, int, os.FileMode) (*os.File, error) { return f, nil }})
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w: %v", ix.path, ErrCorrupt, err)
	}
	ix.db, ix.fi, ix.data, ix.sum = db, fi, data, sum
	if err := ix.load(); err != nil {
		ix.closeDB()
		return err
	}
	return nil
}

func (ix *Index) closeDB() {
	if ix.db != nil {
		_ = ix.db.Close()
		ix.db = nil
	}
}

func (ix *Index) load() error {
	return ix.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || !bytes.Equal(meta.Get(keyMagic), magic) {
			return fmt.Errorf("%s: %w: no neardup header", ix.path, ErrCorrupt)
		}
		v := meta.Get(keyFormat)
		if len(v) != 4 {
			return fmt.Errorf("%s: %w: no format version", ix.path, ErrCorrupt)
		}
		switch f := binary.BigEndian.Uint32(v); {
		case f > FormatVersion:
			return fmt.Errorf("%s: %w (format %d, this neardup reads up to %d)", ix.path, ErrNewer, f, FormatVersion)
		case f < FormatVersion:
			return fmt.Errorf("%s: %w (format %d)", ix.path, ErrOlder, f)
		}
		var s Settings
		if err := json.Unmarshal(meta.Get(keySettings), &s); err != nil {
			return fmt.Errorf("%s: %w: settings: %v", ix.path, ErrCorrupt, err)
		}
		if err := s.valid(); err != nil {
			return fmt.Errorf("%s: %w: settings: %v", ix.path, ErrCorrupt, err)
		}
		v = meta.Get(keyBanding)
		if len(v) != 8 {
			return fmt.Errorf("%s: %w: no banding", ix.path, ErrCorrupt)
		}
		p := lsh.Params{Bands: int(binary.BigEndian.Uint32(v)), Rows: int(binary.BigEndian.Uint32(v[4:]))}
		if err := p.Validate(s.Perms); err != nil {
			return fmt.Errorf("%s: %w: banding: %v", ix.path, ErrCorrupt, err)
		}
		if len(meta.Get(keyNextID)) != 4 {
			return fmt.Errorf("%s: %w: no entry count", ix.path, ErrCorrupt)
		}
		ix.settings, ix.banding, ix.nextID = &s, p, binary.BigEndian.Uint32(meta.Get(keyNextID))
		return nil
	})
}

// userPanic carries a panic raised by a caller's function through guard,
// which must not pass it off as damage.
type userPanic struct{ v any }

// guard, deferred, turns a panic inside bbolt into an error naming the file.
// The file was verified before bbolt saw it, so this is a second line:
// bbolt panics on pages it cannot make sense of, and a fault on a mapped
// page (a file shortened or changed behind our back) is a panic too while
// SetPanicOnFault is on; see safely.
func guard(path string, err *error) {
	if r := recover(); r != nil {
		if u, ok := r.(userPanic); ok {
			panic(u.v)
		}
		*err = fmt.Errorf("%s: %w: %v", path, ErrCorrupt, r)
	}
}

// safely runs fn, which reads mapped pages, so that a damaged page is an
// error and never a crash. SetPanicOnFault is per goroutine, and bbolt
// reads in the caller's goroutine.
func (ix *Index) safely(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(ix.path, &err)
	return fn()
}

// Close releases the file and the writer's lock.
func (ix *Index) Close() error {
	ix.closeDB()
	if ix.lock != nil {
		ix.lock.release()
		ix.lock = nil
	}
	return nil
}

// New reports whether the index holds nothing yet.
func (ix *Index) New() bool { return ix.settings == nil }

// Check fails with ErrSettings, saying what differs, when the index was
// built with other settings than s.
func (ix *Index) Check(s Settings) error {
	if ix.settings == nil {
		return nil
	}
	if d := ix.settings.diff(s); len(d) > 0 {
		return fmt.Errorf("%s: %w: %s", ix.path, ErrSettings, strings.Join(d, "; "))
	}
	return nil
}

// Templates returns the template lines stored when the index was created.
func (ix *Index) Templates() (t *clean.Templates, err error) {
	counts := map[uint64]int{}
	if ix.db != nil {
		err = ix.safely(func() error {
			return ix.db.View(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucketTemplates)
				if b == nil {
					return nil
				}
				return b.ForEach(func(k, v []byte) error {
					if len(k) != 8 || len(v) != 4 {
						return fmt.Errorf("%s: %w: template record", ix.path, ErrCorrupt)
					}
					counts[binary.BigEndian.Uint64(k)] = int(binary.BigEndian.Uint32(v))
					return nil
				})
			})
		})
	}
	if err != nil {
		return nil, err
	}
	return clean.TemplatesFrom(counts), nil
}

// Len is the number of indexed files (0 if that cannot be read: use Count
// to tell).
func (ix *Index) Len() int {
	n, _ := ix.Count()
	return n
}

// Empty says the index holds no file (a new one, or one whose every file
// was removed), reading one key at most.
func (ix *Index) Empty() bool {
	if ix.db == nil {
		return true
	}
	empty := true
	_ = ix.safely(func() error {
		return ix.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketDocs); b != nil {
				k, _ := b.Cursor().First()
				empty = k == nil
			}
			return nil
		})
	})
	return empty
}

// Count is the number of indexed files.
func (ix *Index) Count() (n int, err error) {
	if ix.db == nil {
		return 0, nil
	}
	err = ix.safely(func() error {
		return ix.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketDocs); b != nil {
				n = b.Stats().KeyN
			}
			return nil
		})
	})
	return n, err
}

// Each calls fn for every entry, in path order. The entry's signature is
// fn's to keep. A damaged record stops it with an error wrapping
// ErrCorrupt: entries already passed to fn are then not the whole index.
func (ix *Index) Each(fn func(doc.Doc) error) error {
	if ix.db == nil {
		return nil
	}
	perms := ix.settings.Perms
	return ix.safely(func() error {
		return ix.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketDocs)
			if b == nil {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				e, _, err := decode(string(k), v)
				if err == nil && len(e.Signature) != perms {
					err = fmt.Errorf("%w: record for %s has %d permutations, the index %d", ErrCorrupt, e.Path, len(e.Signature), perms)
				}
				if err != nil {
					return fmt.Errorf("%s: %w", ix.path, err)
				}
				return callUser(fn, e)
			})
		})
	})
}

// Get returns the entry stored for path, if any: a query that reads only
// candidates asks this to tell whether a queried file is itself indexed.
func (ix *Index) Get(path string) (e doc.Doc, ok bool, err error) {
	if ix.db == nil {
		return doc.Doc{}, false, nil
	}
	err = ix.safely(func() error {
		return ix.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketDocs)
			if b == nil {
				return nil
			}
			v := b.Get([]byte(path))
			if v == nil {
				return nil
			}
			var err error
			if e, _, err = decode(path, v); err == nil && len(e.Signature) != ix.settings.Perms {
				err = fmt.Errorf("%w: record for %s has %d permutations, the index %d", ErrCorrupt, e.Path, len(e.Signature), ix.settings.Perms)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", ix.path, err)
			}
			ok = true
			return nil
		})
	})
	if err != nil {
		return doc.Doc{}, false, err
	}
	return e, ok, nil
}

// callUser runs fn so that its panics pass through guard unchanged.
func callUser(fn func(doc.Doc) error, e doc.Doc) (err error) {
	defer func() {
		if r := recover(); r != nil {
			panic(userPanic{r})
		}
	}()
	return fn(e)
}

// Lock makes an index opened for reading writable: it takes the writer's
// lock, waiting up to timeout. It fails with ErrLocked when another writer
// holds it, and with ErrChanged when the index was replaced since it was
// read (what the caller read is then out of date).
func (ix *Index) Lock(ctx context.Context, timeout time.Duration) error {
	if ix.lock != nil {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	l, err := acquire(ctx, ix.file+".lock", timeout, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	fi, err := os.Stat(ix.file)
	same := ix.fi == nil && (errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0) ||
		ix.fi != nil && err == nil && os.SameFile(ix.fi, fi) && fi.Size() == ix.fi.Size() && fi.ModTime().Equal(ix.fi.ModTime())
	if !same {
		l.release()
		return fmt.Errorf("%s: %w", ix.path, ErrChanged)
	}
	ix.lock, ix.ctx = l, ctx
	ix.removeStale()
	return nil
}

// Update writes the entries to put and the paths to delete, all or, on any
// error or a cancelled context, none. On a new index it also records the
// settings and the template lines (nil: none); later the index keeps the
// ones it was created with and both arguments are not written again. The
// index must be open for writing (or locked).
func (ix *Index) Update(s Settings, templates *clean.Templates, put []doc.Doc, del []string) (err error) {
	if ix.lock == nil {
		return fmt.Errorf("%s: %w", ix.path, ErrReadOnly)
	}
	if !ix.New() && len(put) == 0 && len(del) == 0 {
		return nil // leave the file, and its readers, alone
	}
	perms := s.Perms
	if ix.settings != nil {
		perms = ix.settings.Perms
	} else if err := s.valid(); err != nil {
		return fmt.Errorf("%s: settings: %v", ix.path, err)
	}
	for _, e := range put {
		if len(e.Signature) != perms {
			return fmt.Errorf("%s: entry %s: %d permutations, the index has %d", ix.path, e.Path, len(e.Signature), perms)
		}
	}
	if err := ix.ctx.Err(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(ix.file), filepath.Base(ix.file)+tmpInfix+"*")
	if err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if ix.db != nil && !ix.rebuild {
		if err := ix.copyVerified(tmp); err != nil {
			return err
		}
	}
	size, err := ix.write(tmp, s, templates, put, del)
	if err != nil {
		return err
	}
	// A large update rewrites most pages of postings, and bbolt keeps the
	// pages it replaced as free pages: the file would double. It is
	// copied once more, key by key, into a compacted file.
	if ix.db != nil && !ix.rebuild && len(put)+len(del) >= compactMin && (len(put)+len(del))*compactShare >= int(ix.nextID) {
		if name, size, err = ix.compact(name); err != nil {
			return err
		}
	}
	// bbolt closed tmp; append the trailer and replace the index.
	if tmp, err = os.OpenFile(name, os.O_RDWR, 0); err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	if err := seal(tmp, size); err != nil {
		return fmt.Errorf("%s: write: %w", ix.path, err)
	}
	mode := fs.FileMode(0o644)
	if ix.fi != nil {
		mode = ix.fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: write: %w", ix.path, err)
	}
	if err := ix.ctx.Err(); err != nil {
		return err // the last moment to change our mind
	}
	if err := os.Rename(name, ix.file); err != nil {
		return fmt.Errorf("%s: replace: %w", ix.path, err)
	}
	syncDir(filepath.Dir(ix.file))
	ix.closeDB()
	ix.settings, ix.banding, ix.rebuild = nil, lsh.Params{}, false
	if err := ix.openFile(); err != nil {
		return err
	}
	if ix.settings == nil {
		return fmt.Errorf("%s: %w: written but reads as empty", ix.path, ErrCorrupt)
	}
	return nil
}

// An update of at least compactMin entries, and at least 1/compactShare
// of all the index ever held, writes a compacted copy.
const compactMin, compactShare = 1024, 8

// compact copies the bbolt file at name (an update written, not sealed)
// into a new temporary file, full pages and no free ones, removes it and
// returns the new file's name and the size of its pages. On an error it
// returns name, for the caller to remove.
func (ix *Index) compact(name string) (string, int64, error) {
	dst, err := os.CreateTemp(filepath.Dir(ix.file), filepath.Base(ix.file)+tmpInfix+"*")
	if err != nil {
		return name, 0, fmt.Errorf("%s: %w", ix.path, err)
	}
	var size int64
	err = ix.safely(func() error {
		src, err := bolt.Open(name, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return err
		}
		defer src.Close()
		db, err := bolt.Open(dst.Name(), 0o600, &bolt.Options{NoSync: true, Timeout: time.Second,
			OpenFile: func(string, int, os.FileMode) (*os.File, error) { return dst, nil }})
		if err != nil {
			return err
		}
		defer db.Close()
		if err := bolt.Compact(db, src, 64<<20); err != nil {
			return err
		}
		if err := db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil {
			return err
		}
		return db.Close()
	})
	if err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return name, 0, fmt.Errorf("%s: compact: %w", ix.path, err)
	}
	os.Remove(name)
	return dst.Name(), size, nil
}

// write applies an update to the bbolt file tmp (a verified copy, or
// empty) in one transaction, and returns the size of its pages.
func (ix *Index) write(tmp *os.File, s Settings, templates *clean.Templates, put []doc.Doc, del []string) (size int64, err error) {
	err = ix.safely(func() error {
		// No sync per commit: the whole file is synced once sealed.
		// Map room for what the update adds at once: bbolt otherwise maps
		// the file again each time it grows, copying every changed page.
		room := int(ix.data)*2 + len(put)*4096 + 64<<20
		db, err := bolt.Open(tmp.Name(), 0o600, &bolt.Options{NoSync: true, Timeout: time.Second, InitialMmapSize: room,
			OpenFile: func(string, int, os.FileMode) (*os.File, error) { return tmp, nil }})
		if err != nil {
			return fmt.Errorf("%s: %w", ix.path, err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bolt.Tx) error { return ix.apply(tx, s, templates, put, del) }); err != nil {
			return fmt.Errorf("%s: %w", ix.path, err)
		}
		if err := db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil {
			return err
		}
		return db.Close()
	})
	return size, err
}

func (ix *Index) apply(tx *bolt.Tx, s Settings, templates *clean.Templates, put []doc.Doc, del []string) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	fresh := ix.settings == nil
	banding, perms, next := ix.banding, s.Perms, uint32(0)
	if fresh {
		if templates != nil {
			tb, err := tx.CreateBucket(bucketTemplates)
			if err != nil {
				return err
			}
			for k, n := range templates.Counts() {
				var kb [8]byte
				var vb [4]byte
				binary.BigEndian.PutUint64(kb[:], k)
				binary.BigEndian.PutUint32(vb[:], uint32(n))
				if err := tb.Put(kb[:], vb[:]); err != nil {
					return err
				}
			}
		}
		banding = lsh.Optimal(BandFloor, s.Perms)
		var v [4]byte
		binary.BigEndian.PutUint32(v[:], FormatVersion)
		js, _ := json.Marshal(s)
		bv := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(banding.Bands)), uint32(banding.Rows))
		for k, val := range map[string][]byte{string(keyMagic): magic, string(keyFormat): v[:], string(keySettings): js, string(keyBanding): bv} {
			if err := meta.Put([]byte(k), val); err != nil {
				return err
			}
		}
	} else {
		perms = ix.settings.Perms
		next = binary.BigEndian.Uint32(meta.Get(keyNextID)) // checked by load
	}
	var bk [4]*bolt.Bucket
	for i, name := range [][]byte{bucketDocs, bucketIDs, bucketBands, bucketAnchors} {
		if bk[i], err = tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
		if fresh {
			// A new index is written in key order, once: full pages make
			// it half the size bbolt's default leaves.
			bk[i].FillPercent = 1
		}
	}
	docs, ids := bk[0], bk[1]
	// Entries in path order make bbolt's inserts sequential; a path put
	// twice keeps its last entry, as before.
	put = slices.Clone(put)
	slices.SortStableFunc(put, func(a, b doc.Doc) int { return strings.Compare(a.Path, b.Path) })
	var addBands, delBands, addAnchors, delAnchors []posting
	n := 0
	for _, e := range put {
		n += len(e.Anchors)
	}
	addBands, addAnchors = make([]posting, 0, len(put)*banding.Bands), make([]posting, 0, n)
	// forget takes the postings of the entry stored at path, if any, out
	// and returns its id.
	forget := func(path []byte) (id uint32, ok bool, err error) {
		v := docs.Get(path)
		if v == nil {
			return 0, false, nil
		}
		old, id, err := decode(string(path), v)
		if err == nil && len(old.Signature) != perms {
			err = fmt.Errorf("%w: record for %q has %d permutations, the index %d", ErrCorrupt, path, len(old.Signature), perms)
		}
		if err == nil {
			var p string
			if p, err = idPath(id, ids.Get(idKey(id))); err == nil && p != string(path) {
				err = fmt.Errorf("%w: entry %d is %q in its record, %q in the ids", ErrCorrupt, id, path, p)
			}
		}
		if err != nil {
			return 0, false, err
		}
		delBands, delAnchors = postingsOf(delBands, delAnchors, old, id, banding)
		return id, true, nil
	}
	for _, p := range del {
		id, ok, err := forget([]byte(p))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := docs.Delete([]byte(p)); err != nil {
			return err
		}
		if err := ids.Delete(idKey(id)); err != nil {
			return err
		}
	}
	for _, e := range put {
		if e.Path == "" {
			return errors.New("an entry without a path")
		}
		id, ok, err := forget([]byte(e.Path))
		if err != nil {
			return err
		}
		if !ok {
			if next == math.MaxUint32 {
				return errors.New("out of entry numbers: rebuild the index")
			}
			id, next = next, next+1
			if err := ids.Put(idKey(id), idValue(id, e.Path)); err != nil {
				return fmt.Errorf("entry %q: %w", e.Path, err)
			}
		}
		if err := docs.Put([]byte(e.Path), encode(e, id)); err != nil {
			return fmt.Errorf("entry %q: %w", e.Path, err)
		}
		addBands, addAnchors = postingsOf(addBands, addAnchors, e, id, banding)
	}
	if err := meta.Put(keyNextID, binary.BigEndian.AppendUint32(nil, next)); err != nil {
		return err
	}
	if err := applyPostings(bk[2], bucketBands, addBands, delBands); err != nil {
		return err
	}
	return applyPostings(bk[3], bucketAnchors, addAnchors, delAnchors)
}

// The ids bucket maps an entry's id (4 bytes, big-endian) to its path,
// followed by a CRC-32C of both.
func idKey(id uint32) []byte { return binary.BigEndian.AppendUint32(nil, id) }

func idValue(id uint32, path string) []byte {
	b := append([]byte(path), 0, 0, 0, 0)
	return binary.BigEndian.AppendUint32(b[:len(path)], crc32.Update(crc32.Checksum(idKey(id), castagnoli), castagnoli, []byte(path)))
}

func idPath(id uint32, v []byte) (string, error) {
	if len(v) < 5 {
		return "", fmt.Errorf("%w: entry %d has no path", ErrCorrupt, id)
	}
	path := v[:len(v)-4]
	if crc32.Update(crc32.Checksum(idKey(id), castagnoli), castagnoli, path) != binary.BigEndian.Uint32(v[len(v)-4:]) {
		return "", fmt.Errorf("%w: the path of entry %d fails its checksum", ErrCorrupt, id)
	}
	return string(path), nil
}

// A record: version byte, the entry's id, size, mtime (ns), hash, words,
// shingles, perms, the signature, the content hash, the anchors' count and
// the anchors, then a CRC-32C of the path's length, the path and
// everything before the CRC, so a record read under another key fails.
const recordVersion = 3

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func recordSum(path string, body []byte) uint32 {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(path)))
	c := crc32.Update(0, castagnoli, n[:])
	c = crc32.Update(c, castagnoli, []byte(path))
	return crc32.Update(c, castagnoli, body)
}

func encode(e doc.Doc, id uint32) []byte {
	b := make([]byte, 0, 1+4+8*3+4*3+4*len(e.Signature)+8+4+4*len(e.Anchors)+4)
	b = append(b, recordVersion)
	b = binary.BigEndian.AppendUint32(b, id)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Size))
	b = binary.BigEndian.AppendUint64(b, uint64(e.ModTime.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, e.Hash)
	b = binary.BigEndian.AppendUint32(b, uint32(e.Words))
	b = binary.BigEndian.AppendUint32(b, uint32(e.Shingles))
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Signature)))
	for _, v := range e.Signature {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	b = binary.BigEndian.AppendUint64(b, e.Content)
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Anchors)))
	for _, v := range e.Anchors {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return binary.BigEndian.AppendUint32(b, recordSum(e.Path, b))
}

func decode(path string, b []byte) (doc.Doc, uint32, error) {
	bad := func(why string) (doc.Doc, uint32, error) {
		return doc.Doc{}, 0, fmt.Errorf("%w: record for %q %s", ErrCorrupt, path, why)
	}
	const head = 1 + 4 + 8*3 + 4*3
	if len(b) < head+4 {
		return bad("is truncated")
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if recordSum(path, body) != sum {
		return bad("fails its checksum")
	}
	if body[0] != recordVersion {
		return bad(fmt.Sprintf("has unknown version %d", body[0]))
	}
	id := binary.BigEndian.Uint32(body[1:])
	e := doc.Doc{
		Stored:   true,
		Path:     path,
		Size:     int64(binary.BigEndian.Uint64(body[5:])),
		ModTime:  time.Unix(0, int64(binary.BigEndian.Uint64(body[13:]))),
		Hash:     binary.BigEndian.Uint64(body[21:]),
		Words:    int(binary.BigEndian.Uint32(body[29:])),
		Shingles: int(binary.BigEndian.Uint32(body[33:])),
	}
	n := int(binary.BigEndian.Uint32(body[37:]))
	tail := head + 4*n // content and anchors follow the signature
	if n > maxPerms || len(body) < tail+12 {
		return bad("has the wrong length")
	}
	e.Signature = make([]uint32, n)
	for i := range e.Signature {
		e.Signature[i] = binary.BigEndian.Uint32(body[head+4*i:])
	}
	e.Content = binary.BigEndian.Uint64(body[tail:])
	m := int(binary.BigEndian.Uint32(body[tail+8:]))
	if m > len(body) || len(body) != tail+12+4*m {
		return bad("has the wrong length")
	}
	if m > 0 {
		e.Anchors = make([]uint32, m)
		for i := range e.Anchors {
			e.Anchors[i] = binary.BigEndian.Uint32(body[tail+12+4*i:])
		}
	}
	return e, id, nil
}

// The trailer ends the file: a magic, the format version, the length of
// the bbolt data before it, its sum (see hashRange), and a CRC-32C of the
// trailer's own fields (so a damaged version reads as damage, not as a
// newer format).
const trailerSize = 32

var trailerMagic = []byte("NDXTRAIL")

func trailer(size int64, sum uint64) []byte {
	t := make([]byte, 0, trailerSize)
	t = append(t, trailerMagic...)
	t = binary.BigEndian.AppendUint32(t, FormatVersion)
	t = binary.BigEndian.AppendUint64(t, uint64(size))
	t = binary.BigEndian.AppendUint64(t, sum)
	return binary.BigEndian.AppendUint32(t, crc32.Checksum(t, castagnoli))
}

// The trailer's sum is an xxhash of the xxhashes of the data's chunks
// (big-endian), so that a reader checks a large index on every core: it
// is the whole of opening an index for a query.
const sumChunk = 4 << 20

// sumRead is how much of a chunk a worker reads at a time: small enough to
// stay in a core's cache while it is hashed, so the copy out of the page
// cache costs little (reading 4 MiB at a time, or hashing the file where
// the kernel maps it, both cost more: page faults or a copy through main
// memory; measured on the 1.6 GB index of a million entries).
const sumRead = 256 << 10

// hashRange sums n bytes of r from offset 0, copying them to w if set.
func hashRange(r io.ReaderAt, n int64, w io.Writer) (uint64, error) {
	chunks := int((n + sumChunk - 1) / sumChunk)
	sums := make([]byte, 8*chunks)
	// sum hashes chunk c, sumRead bytes at a time, calling each with them.
	sum := func(buf []byte, c int, each func([]byte) error) error {
		d := xxhash.New()
		start, end := int64(c)*sumChunk, min(n, int64(c+1)*sumChunk)
		for off := start; off < end; {
			b := buf[:min(int64(len(buf)), end-off)]
			got, err := r.ReadAt(b, off)
			if got == len(b) {
				err = nil // ReadAt may say io.EOF with the last byte
			} else if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			if err == nil && each != nil {
				err = each(b)
			}
			if err != nil {
				return err
			}
			_, _ = d.Write(b)
			off += int64(len(b))
		}
		binary.BigEndian.PutUint64(sums[8*c:], d.Sum64())
		return nil
	}
	if w != nil { // a copy is written in order
		buf := make([]byte, min(sumRead, n))
		for c := range chunks {
			if err := sum(buf, c, func(b []byte) error { _, err := w.Write(b); return err }); err != nil {
				return 0, err
			}
		}
		return xxhash.Sum64(sums), nil
	}
	var next atomic.Int64
	errs := make([]error, min(runtime.GOMAXPROCS(0), chunks))
	var wg sync.WaitGroup
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, min(sumRead, n))
			for c := int(next.Add(1) - 1); c < chunks && errs[g] == nil; c = int(next.Add(1) - 1) {
				errs[g] = sum(buf, c, nil)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return xxhash.Sum64(sums), nil
}

// verify checks that f, of size bytes, is bbolt data followed by a trailer
// that matches it, and returns the data's length and hash. Otherwise it
// says what the file is: an index of an older format, a damaged index, or
// not an index at all.
func verify(f *os.File, size int64) (int64, uint64, error) {
	t := make([]byte, trailerSize)
	if size < trailerSize {
		return 0, 0, sniff(f, size)
	}
	if _, err := f.ReadAt(t, size-trailerSize); err != nil {
		return 0, 0, err
	}
	if !bytes.Equal(t[:8], trailerMagic) {
		return 0, 0, sniff(f, size)
	}
	if crc32.Checksum(t[:28], castagnoli) != binary.BigEndian.Uint32(t[28:]) {
		return 0, 0, fmt.Errorf("%w: its trailer fails its checksum", ErrCorrupt)
	}
	switch v := binary.BigEndian.Uint32(t[8:]); {
	case v > FormatVersion:
		return 0, 0, fmt.Errorf("%w (format %d, this neardup reads up to %d)", ErrNewer, v, FormatVersion)
	case v < FormatVersion:
		// Its sum is of another kind (format 2: one xxhash of the data);
		// a rebuild replaces it, so it is not read further.
		return 0, 0, fmt.Errorf("%w (format %d)", ErrOlder, v)
	}
	data := int64(binary.BigEndian.Uint64(t[12:]))
	if data != size-trailerSize {
		return 0, 0, fmt.Errorf("%w: %d bytes, but its trailer says %d (truncated or extended?)", ErrCorrupt, size, data+trailerSize)
	}
	sum, err := hashRange(f, data, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("read: %w", err)
	}
	if sum != binary.BigEndian.Uint64(t[20:]) {
		return 0, 0, fmt.Errorf("%w: its content does not match its checksum", ErrCorrupt)
	}
	return data, sum, nil
}

// seal appends the trailer to the bbolt data of tmp (cutting off the room
// bbolt keeps to grow into) and syncs it.
func seal(tmp *os.File, size int64) error {
	if err := tmp.Truncate(size); err != nil {
		return err
	}
	sum, err := hashRange(tmp, size, nil)
	if err != nil {
		return err
	}
	if _, err := tmp.WriteAt(trailer(size, sum), size); err != nil {
		return err
	}
	return tmp.Sync()
}

// copyVerified copies the index's bbolt data to w, checking on the way
// that it is still what was verified when the index was opened.
func (ix *Index) copyVerified(w io.Writer) error {
	f, err := os.Open(ix.file)
	if err != nil {
		return fmt.Errorf("%s: %w", ix.path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !os.SameFile(fi, ix.fi) {
		return fmt.Errorf("%s: %w", ix.path, ErrChanged)
	}
	sum, err := hashRange(f, ix.data, w)
	if err != nil {
		return fmt.Errorf("%s: copy: %w", ix.path, err)
	}
	if sum != ix.sum {
		return fmt.Errorf("%s: %w: changed on disk since it was verified", ix.path, ErrCorrupt)
	}
	return nil
}

// sniff tells, for a file without a valid trailer, what it is. It reads
// the file as bytes and never hands it to bbolt: an unverified bbolt file
// can make bbolt crash.
func sniff(f *os.File, size int64) error {
	head := make([]byte, 4096+64)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	isBolt := func(off int) bool {
		return len(head) >= off+4 && binary.NativeEndian.Uint32(head[off:]) == 0xED0CDAED
	}
	if !isBolt(16) && !isBolt(4096+16) {
		return ErrNotIndex
	}
	// The meta pages (16-byte page header, then magic, version, page size,
	// flags, root bucket, freelist, and the page high-water mark at 56, in
	// the machine's byte order) say how long the file must be.
	const pageSizeOff, pgidOff = 24, 56
	need := int64(0)
	for _, at := range []int{0, 4096} {
		if isBolt(at+16) && len(head) >= at+pgidOff+8 {
			ps := int64(binary.NativeEndian.Uint32(head[at+pageSizeOff:]))
			pages := int64(binary.NativeEndian.Uint64(head[at+pgidOff:]))
			if ps > 0 && pages > 0 && pages < 1<<40 {
				need = max(need, ps*pages)
			}
		}
	}
	if size < need {
		return fmt.Errorf("%w: %d bytes, but its pages need %d (truncated?)", ErrCorrupt, size, need)
	}
	// A bucket's keys and values lie side by side in its leaf, so the meta
	// bucket's format key and value read as "format" + 4 bytes.
	var v1, v2 [10]byte
	copy(v1[:], keyFormat)
	copy(v2[:], keyFormat)
	binary.BigEndian.PutUint32(v1[6:], 1)
	binary.BigEndian.PutUint32(v2[6:], FormatVersion)
	found := contains(f, size, magic, v1[:], v2[:])
	switch {
	case found[0] && found[1] && !found[2]:
		return fmt.Errorf("%w (format 1)", ErrOlder)
	case found[0] || found[2]:
		return fmt.Errorf("%w: its trailer is missing or broken", ErrCorrupt)
	}
	return fmt.Errorf("%w (a bbolt file of something else)", ErrNotIndex)
}

// contains reports which of pats occur in the first size bytes of r.
func contains(r io.ReaderAt, size int64, pats ...[]byte) []bool {
	found := make([]bool, len(pats))
	const chunk, overlap = 1 << 20, 64
	buf := make([]byte, chunk+overlap)
	keep := 0
	for off := int64(0); off < size; off += chunk {
		n, err := r.ReadAt(buf[keep:keep+chunk], off)
		if n == 0 && err != nil {
			break
		}
		window := buf[:keep+n]
		for i, p := range pats {
			found[i] = found[i] || bytes.Contains(window, p)
		}
		keep = min(overlap, len(window))
		copy(buf, window[len(window)-keep:])
	}
	return found
}

// tmpInfix names the temporary copies a writer makes beside the index.
const tmpInfix = ".tmp-"

// removeStale deletes temporary copies left by a writer that was killed:
// only the lock holder makes them, and we hold the lock.
func (ix *Index) removeStale() {
	dir, base := filepath.Dir(ix.file), filepath.Base(ix.file)+tmpInfix
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), base) && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
