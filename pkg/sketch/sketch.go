// Package sketch writes and reads sketch files: the fingerprints of one
// shard of a corpus as a Parquet file, one row per document, with the
// settings they were made with in the file's key-value metadata.
//
// Sketches are how neardup works past one machine. Each machine
// fingerprints its shard (neardup sketch); the rows carry everything
// grouping needs (signature, sizes, content hash, anchors), so grouping
// never reads a text again: neardup group reads any number of shards, or an
// engine (DuckDB, Spark) groups them by the band keys column, the data flow
// of the large deduplication pipelines: per document, emit (band, key, id);
// group by band and key; link each bucket; connected components. The SQL
// for that is duckdb.sql, beside this file.
//
// Shards are only comparable when made alike: ReadFiles refuses shards
// whose settings or template lines differ, naming the files and the
// setting.
package sketch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/parquet-go/parquet-go"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/lsh"
)

// FormatVersion is the version of the sketch layout, in the metadata key
// KeyFormat. A reader refuses a file of another version: version 1 had
// the same columns, with content hashes blind to the signs and currency
// symbols of numbers (rows with "-12C" and "12C" were one text); version
// 2 had signatures of texts whose no-break spaces were read as letters
// and whose soft hyphens and zero-width spaces split words.
const FormatVersion = 3

// Metadata keys of a sketch file.
const (
	KeyFormat    = "neardup.sketch"    // FormatVersion, decimal
	KeySettings  = "neardup.settings"  // Settings as JSON
	KeyTemplates = "neardup.templates" // template lines as JSON: {"<16 hex digits>": files, ...}; absent when the corpus layer is off
	KeySkipped   = "neardup.skipped"   // files of the shard left out with a warning, decimal
	// KeyChecksum is "<bytes> <xxhash64 in 16 hex digits>" of the file's
	// first bytes, its row groups: Read checks it before decoding a page,
	// because the Parquet decoder trusts the sizes in page headers (a
	// damaged one makes it allocate gigabytes).
	KeyChecksum = "neardup.checksum"
)

// Errors, for errors.Is.
var (
	// ErrNotSketch: the file is not a readable sketch file (not Parquet,
	// damaged, or Parquet without neardup's metadata or columns).
	ErrNotSketch = errors.New("not a neardup sketch file")
	// ErrNewer: the file was written by a later neardup.
	ErrNewer = errors.New("sketch file of a later format")
	// ErrOlder: the file was written by an earlier neardup.
	ErrOlder = errors.New("sketch file of an earlier format")
	// ErrMixed: shards made with different settings or template lines.
	ErrMixed = errors.New("sketch files made with different settings")
	// ErrDuplicate: one path in two rows.
	ErrDuplicate = errors.New("path sketched twice")
)

// Settings are everything a sketch row depends on: how signatures were
// made (index.Settings, the shape an index records, flattened into the
// same JSON object), how much of each file was read, and the banding the
// band keys column was computed for.
type Settings struct {
	index.Settings
	MaxBytes  int64   `json:"max_bytes"`
	Threshold float64 `json:"threshold"`
	Bands     int     `json:"bands"`
	Rows      int     `json:"rows"`
}

// LSH returns the banding of the band keys column.
func (s Settings) LSH() lsh.Params { return lsh.Params{Bands: s.Bands, Rows: s.Rows} }

func (s Settings) check() error {
	if s.Perms < 1 || s.Perms > 1<<16 || s.Shingle < 1 {
		return fmt.Errorf("perms %d or shingle %d out of range", s.Perms, s.Shingle)
	}
	if !(s.Threshold > 0 && s.Threshold <= 1) {
		return fmt.Errorf("threshold %v out of range", s.Threshold)
	}
	return s.LSH().Validate(s.Perms)
}

// fields flattens settings to name → value, for saying what differs.
func (s Settings) fields() map[string]string {
	var m map[string]any
	b, _ := json.Marshal(s)
	_ = json.Unmarshal(b, &m)
	out := map[string]string{}
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// Diff lists how t differs from s, as "name s-value vs t-value".
func (s Settings) Diff(t Settings) []string {
	a, b := s.fields(), t.fields()
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if a[k] != b[k] {
			out = append(out, fmt.Sprintf("%s %s vs %s", k, a[k], b[k]))
		}
	}
	return out
}

// Shard is what one sketch file holds.
type Shard struct {
	Settings Settings
	// Templates are the corpus layer's template lines the shard was
	// cleaned with; nil when the layer was off.
	Templates *clean.Templates
	// Skipped counts the files of the shard left out with a warning, so
	// that grouping shards reports what a scan of their files would.
	Skipped int
	// Docs are the shard's documents: Path, Size, ModTime, Hash,
	// Truncated, Encoding, Words, Shingles, Content, Signature and Anchors
	// are kept. Read returns them Stored, in file order.
	Docs []doc.Doc
}

// Row is one document as a sketch file stores it; the Parquet schema is
// this struct's (see the README's table). 64-bit hashes are stored as
// signed INT64 with the same bits, which every engine can group and join
// on (Spark has no unsigned 64-bit type).
type Row struct {
	Path      string    `parquet:"path"`
	Size      int64     `parquet:"size"`
	ModTime   time.Time `parquet:"mod_time,timestamp(nanosecond)"`
	Hash      int64     `parquet:"hash"` // xxhash64 of the bytes read
	Truncated bool      `parquet:"truncated"`
	Encoding  string    `parquet:"encoding,dict"`
	Words     int64     `parquet:"words"`
	Shingles  int64     `parquet:"shingles"`
	Content   int64     `parquet:"content"` // hash of the cleaned text; 0 unknown
	Signature []uint32  `parquet:"signature,list"`
	Anchors   []uint32  `parquet:"anchors,list"`
	// BandKeys[b] is band b's key (lsh.BandKeys) for the banding in the
	// settings: the column engines group by.
	BandKeys []int64 `parquet:"band_keys,list"`
}

// rowGroupRows bounds a row group: a reader holds one at a time, and
// engines split work by row group.
const rowGroupRows = 64 << 10

// Write writes s to w as a sketch file.
func Write(w io.Writer, s *Shard) error {
	if err := s.Settings.check(); err != nil {
		return fmt.Errorf("sketch settings: %w", err)
	}
	js, err := json.Marshal(s.Settings)
	if err != nil {
		return err
	}
	opts := []parquet.WriterOption{
		parquet.Compression(&parquet.Snappy),
		parquet.KeyValueMetadata(KeyFormat, strconv.Itoa(FormatVersion)),
		parquet.KeyValueMetadata(KeySettings, string(js)),
		parquet.KeyValueMetadata(KeySkipped, strconv.Itoa(s.Skipped)),
	}
	if s.Templates != nil {
		opts = append(opts, parquet.KeyValueMetadata(KeyTemplates, encodeTemplates(s.Templates)))
	}
	// No buffer inside the Parquet writer, so that after Flush every byte
	// of the row groups has gone through cw and can be checksummed.
	cw := &checksumWriter{w: bufio.NewWriterSize(w, 1<<20), h: xxhash.New()}
	opts = append(opts, parquet.WriteBufferSize(0))
	pw := parquet.NewGenericWriter[Row](cw, opts...)
	p := s.Settings.LSH()
	batch := make([]Row, 0, 1024)
	flush := func() error {
		if _, err := pw.Write(batch); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	for i, d := range s.Docs {
		if len(d.Signature) != s.Settings.Perms {
			return fmt.Errorf("%s: signature of %d values, settings say %d", d.Path, len(d.Signature), s.Settings.Perms)
		}
		keys := lsh.BandKeys(d.Signature, p)
		bk := make([]int64, len(keys))
		for b, k := range keys {
			bk[b] = int64(k)
		}
		batch = append(batch, Row{Path: d.Path, Size: d.Size, ModTime: d.ModTime.UTC(), Hash: int64(d.Hash), Truncated: d.Truncated,
			Encoding: d.Encoding, Words: int64(d.Words), Shingles: int64(d.Shingles), Content: int64(d.Content),
			Signature: d.Signature, Anchors: nonNil(d.Anchors), BandKeys: bk})
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return err
			}
		}
		if (i+1)%rowGroupRows == 0 {
			if err := flush(); err != nil {
				return err
			}
			if err := pw.Flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := pw.Flush(); err != nil {
		return err
	}
	pw.SetKeyValueMetadata(KeyChecksum, fmt.Sprintf("%d %016x", cw.n, cw.h.Sum64()))
	if err := pw.Close(); err != nil {
		return err
	}
	return cw.w.Flush()
}

// checksumWriter counts and hashes what passes through it.
type checksumWriter struct {
	w *bufio.Writer
	h *xxhash.Digest
	n int64
}

func (c *checksumWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// checkSum verifies the KeyChecksum of a file of size bytes.
func checkSum(r io.ReaderAt, size int64, pf *parquet.File, name string) error {
	v, ok := pf.Lookup(KeyChecksum)
	if !ok {
		return fmt.Errorf("%s: %w: no %s metadata", name, ErrNotSketch, KeyChecksum)
	}
	var n int64
	var want uint64
	if _, err := fmt.Sscanf(v, "%d %x", &n, &want); err != nil || n < 0 || n > size {
		return fmt.Errorf("%s: %w: checksum %q", name, ErrNotSketch, v)
	}
	h := xxhash.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, n)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if h.Sum64() != want {
		return fmt.Errorf("%s: %w: damaged (checksum of its %d data bytes differs)", name, ErrNotSketch, n)
	}
	return nil
}

func nonNil(s []uint32) []uint32 {
	if s == nil {
		return []uint32{}
	}
	return s
}

// WriteFile writes s to path through a temporary file in the same folder,
// renamed into place when complete: a reader never sees half a sketch. It
// writes over nothing CheckTarget refuses (s's documents are the inputs).
// Cancelled before the rename, it leaves path as it was and returns
// ctx.Err().
func WriteFile(ctx context.Context, path string, s *Shard) (err error) {
	paths := make([]string, len(s.Docs))
	for i, d := range s.Docs {
		paths[i] = d.Path
	}
	if err := CheckTarget(path, paths); err != nil {
		return err
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("write sketch %s: folder %s does not exist", path, filepath.Dir(path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes the file private; a sketch is data to share.
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	if err = Write(tmp, s); err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	if err = ctx.Err(); err != nil {
		return err // the last moment to leave the old file as it was
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write sketch %s: %w", path, err)
	}
	return nil
}

// encodeTemplates writes template lines as a JSON object of 16-digit hex
// line keys to file counts (keys sorted, so equal sets encode alike).
func encodeTemplates(t *clean.Templates) string {
	m := map[string]int{}
	for k, n := range t.Counts() {
		m[fmt.Sprintf("%016x", k)] = n
	}
	b, _ := json.Marshal(m) // maps marshal with sorted keys
	return string(b)
}

func decodeTemplates(s string) (*clean.Templates, error) {
	var m map[string]int
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	counts := make(map[uint64]int, len(m))
	for k, n := range m {
		key, err := strconv.ParseUint(k, 16, 64)
		if err != nil || len(k) != 16 || n < 0 {
			return nil, fmt.Errorf("template line %q: bad key or count", k)
		}
		counts[key] = n
	}
	return clean.TemplatesFrom(counts), nil
}

// Header reads only the metadata of the sketch file at path (its footer):
// a Shard without Docs, but with Settings, Templates and Skipped, and the
// number of rows.
func Header(path string) (*Shard, int64, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	pf, s, err := open(f, path)
	if err != nil {
		return nil, 0, err
	}
	return s, pf.NumRows(), nil
}

// Errors of CheckTarget, for errors.Is.
var (
	// ErrIsInput: the target is one of the files sketched.
	ErrIsInput = errors.New("is one of the files to sketch")
	// ErrNotSketchTarget: the target exists and is not a sketch file.
	ErrNotSketchTarget = errors.New("exists and is not a sketch file")
)

// CheckTarget says whether a sketch may be written to path: a new file, or
// a sketch file that is none of inputs. It refuses, so nothing is
// destroyed, a device, a FIFO, a folder or a link (a rename over /dev/null
// would replace the device), an input, and an existing file that is not a
// sketch (an article). Its errors name path.
func CheckTarget(path string, inputs []string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil // a new file (WriteFile checks its folder)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is %w", path, ErrNotRegular)
	}
	for _, p := range inputs {
		if in, err := os.Stat(p); err == nil && os.SameFile(fi, in) {
			return fmt.Errorf("%s %w", path, ErrIsInput)
		}
	}
	if _, _, err := Header(path); err != nil {
		return fmt.Errorf("%s %w", path, ErrNotSketchTarget)
	}
	return nil
}

// ErrNotRegular says a path is not a regular file: a folder, a FIFO, a
// device. A sketch is never read from one (a FIFO would wait for a writer
// for ever) nor written over one.
var ErrNotRegular = errors.New("not a regular file")

// openFile opens a sketch file to read: a regular file only, opened
// without waiting should it be a FIFO.
func openFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("sketch %w", err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = ErrNotRegular
		}
		return nil, fmt.Errorf("sketch %s: %w", path, err)
	}
	return f, nil
}

// ReadFile reads the sketch file at path.
func ReadFile(path string) (*Shard, error) { return readFile(path, nil) }

// readFile is ReadFile decoding into dst when it is not nil: dst must be
// as long as the file has rows.
func readFile(path string, dst []doc.Doc) (*Shard, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("sketch %w", err)
	}
	return read(f, fi.Size(), path, dst)
}

// Read reads a sketch file of size bytes from r; name is for messages. A
// damaged file fails with ErrNotSketch, never a panic.
func Read(r io.ReaderAt, size int64, name string) (*Shard, error) {
	return read(r, size, name, nil)
}

func read(r io.ReaderAt, size int64, name string, dst []doc.Doc) (s *Shard, err error) {
	defer recoverDamage(name, &err)
	pf, s, err := openSized(r, size, name)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(pf, name); err != nil {
		return nil, err
	}
	if err := checkSum(r, size, pf, name); err != nil {
		return nil, err
	}
	n := pf.NumRows()
	if n < 0 || n > size { // every row takes bytes
		return nil, fmt.Errorf("%s: %w: %d rows claimed", name, ErrNotSketch, n)
	}
	if dst != nil && int64(len(dst)) != n {
		return nil, fmt.Errorf("%w: %s changed while being read", ErrMixed, name)
	}
	if s.Docs, err = readRows(pf, dst, int(n), s.Settings.Perms, name); err != nil {
		return nil, err
	}
	return s, nil
}

// recoverDamage turns a panic in the Parquet decoder (a damaged page can
// cause one) into ErrNotSketch.
func recoverDamage(name string, err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%s: %w: %v", name, ErrNotSketch, p)
	}
}

func open(f *os.File, name string) (*parquet.File, *Shard, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("sketch %w", err)
	}
	return openSized(f, fi.Size(), name)
}

// openSized opens the Parquet footer and decodes neardup's metadata.
func openSized(r io.ReaderAt, size int64, name string) (pf *parquet.File, s *Shard, err error) {
	defer recoverDamage(name, &err)
	if err := checkFooter(r, size); err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %v", name, ErrNotSketch, err)
	}
	pf, err = parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %v", name, ErrNotSketch, err)
	}
	meta := func(k string) (string, bool) { return pf.Lookup(k) }
	v, ok := meta(KeyFormat)
	if !ok {
		return nil, nil, fmt.Errorf("%s: %w: Parquet without the %s metadata", name, ErrNotSketch, KeyFormat)
	}
	ver, err := strconv.Atoi(v)
	switch {
	case err != nil || ver < 1:
		return nil, nil, fmt.Errorf("%s: %w: format %q", name, ErrNotSketch, v)
	case ver > FormatVersion:
		return nil, nil, fmt.Errorf("%s: %w: format %d, this neardup reads up to %d", name, ErrNewer, ver, FormatVersion)
	case ver < FormatVersion:
		return nil, nil, fmt.Errorf("%s: %w: format %d, this neardup reads %d", name, ErrOlder, ver, FormatVersion)
	}
	s = &Shard{}
	js, _ := meta(KeySettings)
	dec := json.NewDecoder(strings.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s.Settings); err != nil {
		return nil, nil, fmt.Errorf("%s: %w: settings: %v", name, ErrNotSketch, err)
	}
	if err := s.Settings.check(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w: settings: %v", name, ErrNotSketch, err)
	}
	if t, ok := meta(KeyTemplates); ok {
		if s.Templates, err = decodeTemplates(t); err != nil {
			return nil, nil, fmt.Errorf("%s: %w: templates: %v", name, ErrNotSketch, err)
		}
	}
	if sk, ok := meta(KeySkipped); ok {
		if s.Skipped, err = strconv.Atoi(sk); err != nil || s.Skipped < 0 {
			return nil, nil, fmt.Errorf("%s: %w: skipped %q", name, ErrNotSketch, sk)
		}
	}
	return pf, s, nil
}

// checkSchema makes sure the file has neardup's columns with their
// types: a Parquet file of other columns would otherwise read as rows of
// zeros.
func checkSchema(pf *parquet.File, name string) error {
	want := parquet.SchemaOf(Row{})
	got := pf.Schema()
	for _, f := range want.Fields() {
		g, ok := fieldNamed(got, f.Name())
		if !ok {
			return fmt.Errorf("%s: %w: no column %q", name, ErrNotSketch, f.Name())
		}
		if !sameType(f, g) {
			return fmt.Errorf("%s: %w: column %q is %v, want %v", name, ErrNotSketch, f.Name(), g.Type(), f.Type())
		}
	}
	return nil
}

func fieldNamed(n parquet.Node, name string) (parquet.Field, bool) {
	for _, f := range n.Fields() {
		if f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// sameType compares two schema nodes by kind and shape.
func sameType(a, b parquet.Node) bool {
	if a.Leaf() != b.Leaf() || len(a.Fields()) != len(b.Fields()) {
		return false
	}
	if a.Leaf() {
		return a.Type().Kind() == b.Type().Kind()
	}
	for i, f := range a.Fields() {
		if !sameType(f, b.Fields()[i]) {
			return false
		}
	}
	return true
}

// ReadFiles reads sketch files into one shard, its documents sorted by
// path (the order neardup scan lists files in), Skipped summed. Files must
// agree on settings and template lines: a difference fails with ErrMixed,
// naming both files and what differs, before any rows are read. A path in
// two rows fails with ErrDuplicate.
func ReadFiles(paths []string) (*Shard, error) {
	if len(paths) == 0 {
		return nil, errors.New("no sketch files")
	}
	var first *Shard
	var rows int64
	offsets := make([]int64, len(paths)+1) // file i's rows go to Docs[offsets[i]:offsets[i+1]]
	for i, p := range paths {
		h, n, err := Header(p)
		if err != nil {
			return nil, err
		}
		rows += n
		offsets[i+1] = rows
		if i == 0 {
			first = h
			continue
		}
		if d := first.Settings.Diff(h.Settings); len(d) > 0 {
			return nil, fmt.Errorf("%w: %s and %s differ in %s", ErrMixed, paths[0], p, strings.Join(d, "; "))
		}
		if a, b := templatesKey(first.Templates), templatesKey(h.Templates); a != b {
			return nil, fmt.Errorf("%w: %s and %s differ in template lines (%s vs %s)", ErrMixed, paths[0], p, describeTemplates(first.Templates), describeTemplates(h.Templates))
		}
	}
	// Shards are decoded in parallel, one per CPU (decoding, not the
	// disk, is what takes the time), each straight into its part of the
	// result: no second copy of a million documents.
	out := &Shard{Settings: first.Settings, Templates: first.Templates, Docs: make([]doc.Doc, rows)}
	shards := make([]*Shard, len(paths))
	errs := make([]error, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(paths) {
					return
				}
				shards[i], errs[i] = readFile(paths[i], out.Docs[offsets[i]:offsets[i+1]])
				if errs[i] != nil {
					next.Store(int64(len(paths))) // stop handing out files
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first in argument order (all before it were read)
		}
	}
	from := make([]int32, 0, rows) // each doc's file, for naming duplicates
	for i, s := range shards {
		p := paths[i]
		// The headers were compared; a file replaced meanwhile is not.
		if d := first.Settings.Diff(s.Settings); len(d) > 0 || templatesKey(s.Templates) != templatesKey(first.Templates) {
			return nil, fmt.Errorf("%w: %s changed while being read", ErrMixed, p)
		}
		out.Skipped += s.Skipped
		for range s.Docs {
			from = append(from, int32(i))
		}
	}
	// Shards of one folder, given in order, come sorted already: then
	// there is nothing to move.
	if slices.IsSortedFunc(out.Docs, func(a, b doc.Doc) int { return strings.Compare(a.Path, b.Path) }) {
		for k := 1; k < len(out.Docs); k++ {
			if out.Docs[k].Path == out.Docs[k-1].Path {
				return nil, fmt.Errorf("%w: %s is in %s and in %s", ErrDuplicate, out.Docs[k].Path, paths[from[k-1]], paths[from[k]])
			}
		}
		return out, nil
	}
	order := make([]int, len(out.Docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(out.Docs[a].Path, out.Docs[b].Path) })
	sorted := make([]doc.Doc, len(out.Docs))
	for k, i := range order {
		sorted[k] = out.Docs[i]
		if k > 0 && sorted[k].Path == sorted[k-1].Path {
			return nil, fmt.Errorf("%w: %s is in %s and in %s", ErrDuplicate, sorted[k].Path, paths[from[order[k-1]]], paths[from[i]])
		}
	}
	out.Docs = sorted
	return out, nil
}

func templatesKey(t *clean.Templates) string {
	if t == nil {
		return "off"
	}
	return encodeTemplates(t)
}

func describeTemplates(t *clean.Templates) string {
	if t == nil {
		return "corpus layer off"
	}
	return fmt.Sprintf("%d lines", t.Len())
}
