package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/internal/pipeline"
)

// realIndex builds an index of testdata/articles, fingerprinted as
// neardup index does, and returns its path, entries and settings.
func realIndex(t *testing.T, dir string) (string, []doc.Doc, map[uint64]int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "articles", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles: %v", err)
	}
	opts := pipeline.DefaultOptions()
	tpl, err := pipeline.Templates(context.Background(), files, 2, 0.01, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	opts.Templates = tpl
	res, err := pipeline.Fingerprint(context.Background(), files, opts)
	if err != nil {
		t.Fatal(err)
	}
	var es []doc.Doc
	for _, d := range res.Docs {
		abs, _ := filepath.Abs(d.Path)
		es = append(es, doc.Doc{Path: abs, Size: d.Size, ModTime: d.ModTime, Hash: d.Hash, Words: d.Words, Shingles: d.Shingles, Signature: d.Signature,
			Content: d.Content, Anchors: d.Anchors})
	}
	c := opts.Fingerprint
	s := Settings{Shingle: c.Shingle, Perms: c.Perms, Seed: c.Seed, Lang: c.Lang, Clean: true, Rules: "test", TemplateFiles: 2, TemplateShare: 0.01}
	path := filepath.Join(dir, "articles.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Update(s, tpl, es, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	return path, sorted(es), tpl.Counts()
}

func sorted(es []doc.Doc) []doc.Doc {
	out := append([]doc.Doc(nil), es...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].Path < out[i].Path {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// readAll reads everything a command reads from an index: its entries
// with Each, and then with Candidates for every entry as a query (all of
// them, as each finds itself), which must be the same.
func readAll(path string) (es []doc.Doc, tpl map[uint64]int, err error) {
	ix, err := Open(path, false)
	if err != nil {
		return nil, nil, err
	}
	defer ix.Close()
	t, err := ix.Templates()
	if err != nil {
		return nil, nil, err
	}
	n, err := ix.Count()
	if err != nil {
		return nil, nil, err
	}
	err = ix.Each(func(e doc.Doc) error { es = append(es, e); return nil })
	if err == nil && n != len(es) {
		return nil, nil, errors.New("Count and Each disagree")
	}
	if err != nil {
		return nil, nil, err
	}
	cands, err := ix.Candidates(context.Background(), es, 2, 64)
	if err != nil {
		return nil, nil, err
	}
	if !reflect.DeepEqual(cands, es) {
		return nil, nil, fmt.Errorf("Candidates gave %d entries, Each %d", len(cands), len(es))
	}
	return es, t.Counts(), err
}

// TestFaultInjection overwrites 8 bytes at every 11th offset of a real
// index (every page, the trailer, and everything in between) and reads
// each damaged copy as query would, then tries to write it as index would.
// Each copy must read back whole and right, or be refused with an error
// wrapping ErrCorrupt; a writer must refuse it and leave it untouched;
// --rebuild must accept it. A crash fails the whole test binary.
func TestFaultInjection(t *testing.T) {
	dir := t.TempDir()
	good, want, wantTpl := realIndex(t, dir)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const step = 11
	junk := []byte("\xff\x00\xaaU\x137\xfe\xed")
	bad := filepath.Join(dir, "bad.ndx")
	var offsets, right, refused int
	start := time.Now()
	for off := 0; off < len(data); off += step {
		copyOf := bytes.Clone(data)
		copy(copyOf[off:], junk)
		if err := os.WriteFile(bad, copyOf, 0o644); err != nil {
			t.Fatal(err)
		}
		offsets++
		got, tpl, err := readAll(bad)
		switch {
		case err == nil:
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(tpl, wantTpl) {
				t.Errorf("offset %d: a wrong answer without an error (%d entries, want %d)", off, len(got), len(want))
			}
			right++
			continue
		case !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), bad+": damaged"):
			t.Errorf("offset %d: %v, want an error wrapping ErrCorrupt", off, err)
		}
		refused++
		// index must not write over it; --rebuild may.
		if ix, err := Open(bad, true); err == nil {
			ix.Close()
			t.Errorf("offset %d: a writer opened a damaged index", off)
		} else if !errors.Is(err, ErrCorrupt) {
			t.Errorf("offset %d: writer: %v", off, err)
		}
		if after, _ := os.ReadFile(bad); !bytes.Equal(after, copyOf) {
			t.Errorf("offset %d: the damaged file was changed", off)
		}
		if off%(step*50) == 0 {
			ix, err := OpenWith(bad, Options{Write: true, Rebuild: true})
			if err != nil {
				t.Errorf("offset %d: --rebuild refused a damaged index: %v", off, err)
			} else {
				ix.Close()
			}
		}
	}
	t.Logf("%d bytes, %d offsets (every %d): %d read back right, %d refused as damaged, 0 crashes, in %s",
		len(data), offsets, step, right, refused, time.Since(start).Round(time.Millisecond))
	if refused == 0 {
		t.Error("no damage was noticed")
	}
}

// A file of the first format (no trailer, a record CRC without the path)
// is recognised and refused with its own error; --rebuild replaces it.
func TestOlderFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.ndx")
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket(bucketMeta)
		_ = meta.Put(keyMagic, magic)
		_ = meta.Put(keyFormat, binary.BigEndian.AppendUint32(nil, 1))
		_ = meta.Put(keySettings, []byte(`{"shingle":4,"perms":4}`))
		docs, _ := tx.CreateBucket(bucketDocs)
		return docs.Put([]byte("/a"), []byte("an old record"))
	})
	db.Close()
	before, _ := os.ReadFile(path)
	for _, write := range []bool{false, true} {
		_, err := Open(path, write)
		if !errors.Is(err, ErrOlder) || !strings.Contains(err.Error(), "built by an older neardup (format 1)") {
			t.Errorf("write %v: %v, want ErrOlder", write, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("an older index was changed")
	}
	ix, err := OpenWith(path, Options{Write: true, Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ix.New() || ix.Len() != 0 {
		t.Error("a rebuild does not start empty")
	}
	if err := ix.Update(settings, nil, []doc.Doc{entry("/b", 2)}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if got, _, err := readAll(path); err != nil || len(got) != 1 || got[0].Path != "/b" {
		t.Errorf("after rebuild: %v, %v", got, err)
	}
}

// Paths that are no index get their own errors, never "damaged", and are
// never written.
func TestNotAnIndexPath(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	_ = os.WriteFile(notes, []byte("precious notes"), 0o644)
	other := filepath.Join(dir, "other.db")
	db, _ := bolt.Open(other, 0o644, nil)
	_ = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	tests := []struct {
		name, path string
		want       error
		msg        string
	}{
		{"missing folder", filepath.Join(dir, "nonexistent", "x.ndx"), ErrNoFolder, "folder " + filepath.Join(dir, "nonexistent") + " does not exist"},
		{"folder", dir, ErrNotFile, "not a regular file: it is a folder"},
		{"device", os.DevNull, ErrNotFile, "not a regular file: it is a character device"},
		{"text file", notes, ErrNotIndex, "not a neardup index"},
		{"other bbolt file", other, ErrNotIndex, "a bbolt file of something else"},
	}
	for _, tt := range tests {
		for _, o := range []Options{{}, {Write: true}, {Write: true, Rebuild: true}, {Create: true}} {
			before, _ := os.ReadFile(tt.path)
			ix, err := OpenWith(tt.path, o)
			if err == nil {
				ix.Close()
			}
			if !errors.Is(err, tt.want) || errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s %+v: %v, want %v", tt.name, o, err, tt.want)
			}
			if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
				t.Errorf("%s: changed", tt.name)
			}
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(m) > 0 {
		t.Errorf("left behind: %v", m)
	}
}

// A file shortened behind the reader's back, after it was verified, makes
// bbolt read mapped pages past the end of the file: a fault, which must
// come back as an error and not kill the process.
func TestFileShrunkWhileOpen(t *testing.T) {
	dir := t.TempDir()
	path, want, _ := realIndex(t, dir)
	ix, err := Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := os.Truncate(path, 8192); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = ix.Each(func(doc.Doc) error { n++; return nil })
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Each on a shrunk file: %v after %d of %d entries, want ErrCorrupt", err, n, len(want))
	}
	if _, err := ix.Count(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Count on a shrunk file: %v", err)
	}
}

// A panic in the caller's function is the caller's, not damage.
func TestCallersPanicPassesThrough(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	defer ix.Close()
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	defer func() {
		if r := recover(); r != "mine" {
			t.Errorf("recovered %v, want the caller's panic", r)
		}
	}()
	_ = ix.Each(func(doc.Doc) error { panic("mine") })
	t.Error("Each returned")
}

// sniff finds the old format's marks wherever they fall in a large file.
func TestContainsAcrossChunks(t *testing.T) {
	for _, at := range []int{0, 1<<20 - 5, 1 << 20, 2<<20 - 1, 3<<20 - 13} {
		b := make([]byte, 3<<20)
		copy(b[at:], "neardup index")
		got := contains(bytes.NewReader(b), int64(len(b)), []byte("neardup index"), []byte("nope"))
		if !got[0] || got[1] {
			t.Errorf("at %d: %v", at, got)
		}
	}
}

// TestForgedTrailerFile opens a forged file: an index of the sample
// articles with 4 bytes of a page of postings changed and a trailer forged
// to match. Its records read whole; following its postings makes bbolt
// slice a page past its mapping (the first such fixture, of format 2,
// crashed bbolt with "fatal error: fault" on a records page). It must be
// refused as damaged.
func TestForgedTrailerFile(t *testing.T) {
	ix, err := Open(filepath.Join("testdata", "forged-trailer.ndx"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var es []doc.Doc
	if err := ix.Each(func(e doc.Doc) error { es = append(es, e); return nil }); err != nil {
		t.Fatalf("the records were damaged too: %v", err)
	}
	if _, err := ix.Candidates(context.Background(), es, 2, 64); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}

// TestForgedTrailer damages the bbolt pages and then writes a trailer that
// matches the damage, as a file damaged before it was sealed (or crafted)
// would be: the checksum passes, so bbolt itself reads the bad pages. At
// every 41st offset, reading must give the right entries or an error
// wrapping ErrCorrupt, never a crash (a fault would end the test binary).
func TestForgedTrailer(t *testing.T) {
	dir := t.TempDir()
	good, want, _ := realIndex(t, dir)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	body := data[:len(data)-trailerSize]
	bad := filepath.Join(dir, "forged.ndx")
	var right, refused int
	for off := 0; off+4 <= len(body); off += 41 {
		b := bytes.Clone(body)
		copy(b[off:], "\x5a\xa5\x00\xff")
		if err := os.WriteFile(bad, append(b, trailer(int64(len(b)), sumOf(b))...), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _, err := readAll(bad)
		switch {
		case err == nil && reflect.DeepEqual(got, want):
			right++
		case err == nil:
			// bbolt has no page checksums: a forged file can hold other
			// records, but each must still pass its own checksum.
			for _, e := range got {
				if e.Path == "" || len(e.Signature) == 0 {
					t.Errorf("offset %d: an empty record read as whole", off)
				}
			}
			right++
		case !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotIndex) && !errors.Is(err, ErrOlder) && !errors.Is(err, ErrNewer):
			t.Errorf("offset %d: %v", off, err)
		default:
			refused++
		}
	}
	t.Logf("%d forged copies read whole, %d refused, none crashed", right, refused)
}

// An index of format 2 (no postings, no ids) is refused as older, with
// the same error as format 1, so that query and index hint at a rebuild;
// --rebuild replaces it.
func TestFormat2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	ix.Close()
	tamper(t, path, func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketIDs, bucketBands, bucketAnchors} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		_ = meta.Delete(keyBanding)
		_ = meta.Delete(keyNextID)
		return meta.Put(keyFormat, binary.BigEndian.AppendUint32(nil, 2))
	})
	// Its trailer says format 2 as well.
	data, _ := os.ReadFile(path)
	tr := data[len(data)-trailerSize:]
	binary.BigEndian.PutUint32(tr[8:], 2)
	binary.BigEndian.PutUint32(tr[28:], crc32.Checksum(tr[:28], castagnoli))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, write := range []bool{false, true} {
		if _, err := Open(path, write); !errors.Is(err, ErrOlder) || !strings.Contains(err.Error(), "(format 2)") {
			t.Errorf("write %v: %v, want ErrOlder (format 2)", write, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("an older index was changed")
	}
	ix, err := OpenWith(path, Options{Write: true, Rebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Update(settings, nil, []doc.Doc{entry("/b", 2)}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _, err := readAll(path); err != nil || len(got) != 1 || got[0].Path != "/b" {
		t.Errorf("after rebuild: %v, %v", got, err)
	}
}

// sumOf is the trailer's sum of b.
func sumOf(b []byte) uint64 {
	sum, err := hashRange(bytes.NewReader(b), int64(len(b)), nil)
	if err != nil {
		panic(err)
	}
	return sum
}

// The sum is the same read in parallel or copied, over chunks whole and
// not, and a short file is an error.
func TestHashRange(t *testing.T) {
	for _, n := range []int{0, 1, sumChunk - 1, sumChunk, 2*sumChunk + 5} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i * 7)
		}
		var copied bytes.Buffer
		c, err := hashRange(bytes.NewReader(b), int64(n), &copied)
		if err != nil || c != sumOf(b) || !bytes.Equal(copied.Bytes(), b) {
			t.Errorf("%d bytes: copied %x, %v; read %x", n, c, err, sumOf(b))
		}
		if n > 0 {
			b[n-1] ^= 1
			if sumOf(b) == c {
				t.Errorf("%d bytes: the last byte is not summed", n)
			}
			if _, err := hashRange(bytes.NewReader(b[:n-1]), int64(n), nil); err == nil {
				t.Errorf("%d bytes: a short read passed", n)
			}
		}
	}
}

// TestMakeForgedFixture writes testdata/forged-trailer.ndx again (when the
// format changes): NEARDUP_WRITE_FIXTURE=1 go test -run MakeForged. It
// forges copies of a real index, damaged 4 bytes at a time, until one
// reads its records whole and trips bbolt while following its postings.
func TestMakeForgedFixture(t *testing.T) {
	if os.Getenv("NEARDUP_WRITE_FIXTURE") != "1" {
		t.Skip("set NEARDUP_WRITE_FIXTURE=1 to write the fixture")
	}
	dir := t.TempDir()
	good, _, _ := realIndex(t, dir)
	data, _ := os.ReadFile(good)
	body := data[:len(data)-trailerSize]
	for off := 0; off+4 <= len(body); off++ {
		b := bytes.Clone(body)
		copy(b[off:], "\x5a\xa5\x00\xff")
		forged := append(b, trailer(int64(len(b)), sumOf(b))...)
		p := filepath.Join(dir, "forged.ndx")
		if err := os.WriteFile(p, forged, 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(p, false)
		if err != nil {
			continue
		}
		var es []doc.Doc
		err = ix.Each(func(e doc.Doc) error { es = append(es, e); return nil })
		if err == nil {
			_, err = ix.Candidates(context.Background(), es, 2, 64)
			if err != nil && strings.Contains(err.Error(), "runtime error") {
				ix.Close()
				t.Logf("offset %d: %v", off, err)
				if err := os.WriteFile(filepath.Join("testdata", "forged-trailer.ndx"), forged, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		ix.Close()
	}
	t.Fatal("no offset trips bbolt")
}

// A large file, read by every core, sums as read in order, and summing
// past its end is an error.
func TestSumFile(t *testing.T) {
	b := make([]byte, 70<<20)
	for i := range b {
		b[i] = byte(i*31 + i>>20)
	}
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var copied bytes.Buffer
	if got, err := hashRange(f, int64(len(b)), nil); err != nil || got != sumOf(b) {
		t.Errorf("hashRange = %x, %v; want %x", got, err, sumOf(b))
	}
	if got, err := hashRange(f, int64(len(b)), &copied); err != nil || got != sumOf(b) || !bytes.Equal(copied.Bytes(), b) {
		t.Errorf("hashRange copying = %x, %v; want %x", got, err, sumOf(b))
	}
	if _, err := hashRange(f, int64(len(b))+8<<20, nil); err == nil {
		t.Error("summed past the end of the file")
	}
}
