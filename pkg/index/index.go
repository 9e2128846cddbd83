// Package index stores fingerprints of a corpus on disk so that later runs
// fingerprint only new or changed files and can ask whether a new article
// duplicates anything already indexed.
//
// The store is a bbolt file: every update is one transaction, written copy
// on write and committed by a checksummed meta page, so a crash or Ctrl-C
// mid-write leaves the previous index intact; an exclusive file lock keeps
// two writers apart (readers share a lock). On top of that each record
// carries its own CRC-32, and the index records a format version and the
// settings its signatures were made with.
package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/neardup/neardup/pkg/clean"
)

// FormatVersion is the version of the index layout this package writes.
const FormatVersion = 1

// Errors, for errors.Is.
var (
	ErrLocked   = errors.New("locked by another neardup")
	ErrNotIndex = errors.New("not a neardup index")
	ErrNewer    = errors.New("written by a newer neardup")
	ErrCorrupt  = errors.New("damaged")
	ErrSettings = errors.New("built with other settings")
	ErrMissing  = errors.New("does not exist")
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

// Entry is one indexed file.
type Entry struct {
	Path      string // absolute
	Size      int64
	ModTime   time.Time
	Hash      uint64 // of the bytes read
	Words     int
	Shingles  int
	Signature []uint32
}

// Index is an open index file.
type Index struct {
	db       *bolt.DB
	path     string
	settings *Settings // nil for a new, empty index
}

// Open opens the index at path; with write it creates it if missing and
// takes the writer's lock, waiting up to a second for another writer.
func Open(path string, write bool) (ix *Index, err error) {
	defer recoverDamage(path, &err)
	if !write {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrMissing)
		}
	}
	if err := checkSize(path); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second, ReadOnly: !write})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("%s: %w (%v)", path, ErrNotIndex, err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	ix = &Index{db: db, path: path}
	if err := ix.load(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) load() error {
	return ix.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if empty {
				return nil // new
			}
			return fmt.Errorf("%s: %w (a bbolt file of something else)", ix.path, ErrNotIndex)
		}
		if string(meta.Get(keyMagic)) != string(magic) {
			return fmt.Errorf("%s: %w", ix.path, ErrNotIndex)
		}
		v := meta.Get(keyFormat)
		if len(v) != 4 {
			return fmt.Errorf("%s: %w: no format version", ix.path, ErrCorrupt)
		}
		if f := binary.BigEndian.Uint32(v); f > FormatVersion {
			return fmt.Errorf("%s: %w (format %d, this neardup reads up to %d)", ix.path, ErrNewer, f, FormatVersion)
		}
		var s Settings
		if err := json.Unmarshal(meta.Get(keySettings), &s); err != nil {
			return fmt.Errorf("%s: %w: settings: %v", ix.path, ErrCorrupt, err)
		}
		ix.settings = &s
		return nil
	})
}

// checkSize refuses a bbolt file shorter than its own meta pages say it
// is: bbolt maps the file into memory, and reading past the end of a
// truncated file is a bus error no recover can catch. The meta page layout
// (bbolt's on-disk format, in the machine's byte order): a 16-byte page
// header, then magic, version, page size, flags (4 bytes each), the root
// bucket (16), the freelist page id (8) and the page high-water mark (8).
func checkSize(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // let bolt.Open report it (or create the file)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const magicOff, pageSizeOff, pgidOff = 16, 24, 56
	if len(head) < pgidOff+8 || binary.NativeEndian.Uint32(head[magicOff:]) != 0xED0CDAED {
		return nil // not bbolt: bolt.Open says so without touching it
	}
	pageSize := int64(binary.NativeEndian.Uint32(head[pageSizeOff:]))
	pages := int64(binary.NativeEndian.Uint64(head[pgidOff:]))
	// The second meta page may be the newer one; it follows the first.
	if second := make([]byte, pgidOff+8); pageSize > 0 {
		if _, err := f.ReadAt(second, pageSize); err == nil && binary.NativeEndian.Uint32(second[magicOff:]) == 0xED0CDAED {
			pages = max(pages, int64(binary.NativeEndian.Uint64(second[pgidOff:])))
		}
	}
	if pageSize <= 0 || pages <= 0 || fi.Size() < pages*pageSize {
		return fmt.Errorf("%s: %w: %d bytes, but its pages need %d (truncated?)", path, ErrCorrupt, fi.Size(), pages*pageSize)
	}
	return nil
}

// recoverDamage turns a panic inside bbolt (which it may raise on a
// damaged file) into an error naming the file.
func recoverDamage(path string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %w: %v", path, ErrCorrupt, r)
	}
}

// Close releases the file and its lock.
func (ix *Index) Close() error { return ix.db.Close() }

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
	defer recoverDamage(ix.path, &err)
	counts := map[uint64]int{}
	err = ix.db.View(func(tx *bolt.Tx) error {
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
	return clean.TemplatesFrom(counts), err
}

// Len is the number of indexed files.
func (ix *Index) Len() (n int) {
	_ = ix.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketDocs); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}

// Each calls fn for every entry, in path order. The entry's signature is
// fn's to keep.
func (ix *Index) Each(fn func(Entry) error) (err error) {
	defer recoverDamage(ix.path, &err)
	return ix.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocs)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			e, err := decode(string(k), v)
			if err != nil {
				return fmt.Errorf("%s: %w", ix.path, err)
			}
			return fn(e)
		})
	})
}

// Update writes the entries to put and the paths to delete, in one
// transaction: all of it or, on any error, none. On a new index it also
// records the settings and the template lines (nil: none); later the
// index keeps the ones it was created with and both arguments are not
// written again.
func (ix *Index) Update(s Settings, templates *clean.Templates, put []Entry, del []string) (err error) {
	defer recoverDamage(ix.path, &err)
	err = ix.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if ix.settings == nil && templates != nil {
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
		if ix.settings == nil {
			var v [4]byte
			binary.BigEndian.PutUint32(v[:], FormatVersion)
			js, _ := json.Marshal(s)
			for k, val := range map[string][]byte{string(keyMagic): magic, string(keyFormat): v[:], string(keySettings): js} {
				if err := meta.Put([]byte(k), val); err != nil {
					return err
				}
			}
		}
		docs, err := tx.CreateBucketIfNotExists(bucketDocs)
		if err != nil {
			return err
		}
		for _, p := range del {
			if err := docs.Delete([]byte(p)); err != nil {
				return err
			}
		}
		for _, e := range put {
			if err := docs.Put([]byte(e.Path), encode(e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && ix.settings == nil {
		ix.settings = &s
	}
	return err
}

// A record: version byte, size, mtime (ns), hash, words, shingles, perms,
// the signature, then a CRC-32 (IEEE) of everything before it.
const recordVersion = 1

func encode(e Entry) []byte {
	b := make([]byte, 0, 1+8*3+4*3+4*len(e.Signature)+4)
	b = append(b, recordVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Size))
	b = binary.BigEndian.AppendUint64(b, uint64(e.ModTime.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, e.Hash)
	b = binary.BigEndian.AppendUint32(b, uint32(e.Words))
	b = binary.BigEndian.AppendUint32(b, uint32(e.Shingles))
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Signature)))
	for _, v := range e.Signature {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func decode(path string, b []byte) (Entry, error) {
	bad := func(why string) (Entry, error) {
		return Entry{}, fmt.Errorf("%w: record for %s %s", ErrCorrupt, path, why)
	}
	const head = 1 + 8*3 + 4*3
	if len(b) < head+4 {
		return bad("is truncated")
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return bad("fails its checksum")
	}
	if body[0] != recordVersion {
		return bad(fmt.Sprintf("has unknown version %d", body[0]))
	}
	e := Entry{
		Path:     path,
		Size:     int64(binary.BigEndian.Uint64(body[1:])),
		ModTime:  time.Unix(0, int64(binary.BigEndian.Uint64(body[9:]))),
		Hash:     binary.BigEndian.Uint64(body[17:]),
		Words:    int(binary.BigEndian.Uint32(body[25:])),
		Shingles: int(binary.BigEndian.Uint32(body[29:])),
	}
	n := int(binary.BigEndian.Uint32(body[33:]))
	if len(body) != head+4*n {
		return bad("has the wrong length")
	}
	e.Signature = make([]uint32, n)
	for i := range e.Signature {
		e.Signature[i] = binary.BigEndian.Uint32(body[head+4*i:])
	}
	return e, nil
}
