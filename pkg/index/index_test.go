package index

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
)

var settings = Settings{Shingle: 4, Perms: 4, Seed: 1, Lang: "english", Clean: true, Rules: "abc", TemplateFiles: 3, TemplateShare: 0.01}

func entry(path string, v uint32) doc.Doc {
	e := doc.Doc{Path: path, Size: 100, ModTime: time.Unix(1700000000, 5), Hash: uint64(v) * 7, Words: 20, Shingles: 17, Signature: []uint32{v, v + 1, v + 2, v + 3},
		Content: uint64(v) * 11}
	if v%2 == 0 { // some with anchors, some without
		e.Anchors = []uint32{v * 3, v * 5}
	}
	return e
}

// stored is what reading es back gives: the same, marked as loaded.
func stored(es ...doc.Doc) []doc.Doc {
	for i := range es {
		es[i].Stored = true
	}
	return es
}

func all(t *testing.T, ix *Index) []doc.Doc {
	t.Helper()
	var out []doc.Doc
	if err := ix.Each(func(e doc.Doc) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if !ix.New() {
		t.Fatal("a fresh index is not new")
	}
	tpl := clean.TemplatesFrom(map[uint64]int{42: 7})
	if err := ix.Update(settings, tpl, []doc.Doc{entry("/a", 1), entry("/b", 2)}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err = Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.New() || ix.Len() != 2 {
		t.Fatalf("new %v, len %d", ix.New(), ix.Len())
	}
	got := all(t, ix)
	if want := stored(entry("/a", 1), entry("/b", 2)); !reflect.DeepEqual(got, want) {
		t.Errorf("entries = %+v, want %+v", got, want)
	}
	if tp, err := ix.Templates(); err != nil || !reflect.DeepEqual(tp.Counts(), map[uint64]int{42: 7}) {
		t.Errorf("templates = %v, %v", tp.Counts(), err)
	}
	if err := ix.Check(settings); err != nil {
		t.Errorf("same settings: %v", err)
	}
	other := settings
	other.Shingle, other.Lang = 5, "french"
	err = ix.Check(other)
	if !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), "shingle 4 (this run: 5)") || !strings.Contains(err.Error(), "lang english (this run: french)") {
		t.Errorf("mismatch: %v", err)
	}
}

func TestUpdateAndDelete(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	defer ix.Close()
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1), entry("/b", 2)}, nil)
	if err := ix.Update(settings, nil, []doc.Doc{entry("/b", 9), entry("/c", 3)}, []string{"/a"}); err != nil {
		t.Fatal(err)
	}
	got := all(t, ix)
	if want := stored(entry("/b", 9), entry("/c", 3)); !reflect.DeepEqual(got, want) {
		t.Errorf("entries = %+v", got)
	}
	if e, ok, err := ix.Get("/b"); !ok || err != nil || !reflect.DeepEqual(e, stored(entry("/b", 9))[0]) {
		t.Errorf("Get /b: %+v, %v, %v", e, ok, err)
	}
	if _, ok, err := ix.Get("/a"); ok || err != nil {
		t.Errorf("Get /a (deleted): %v, %v", ok, err)
	}
}

func TestRefusesForeignAndDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ndx")
	ix, _ := Open(good, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	ix.Close()
	data, _ := os.ReadFile(good)

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want error
	}{
		{"text file", write("notes.txt", []byte("my notes, not an index\n")), ErrNotIndex},
		{"truncated", write("trunc.ndx", data[:len(data)/3]), ErrCorrupt},
		{"truncated to a page", write("trunc2.ndx", data[:4096]), ErrCorrupt},
		{"missing", filepath.Join(dir, "none.ndx"), ErrMissing},
	}
	for _, tt := range tests {
		before, _ := os.ReadFile(tt.path)
		ix, err := Open(tt.path, false)
		if err == nil {
			// A truncated file may open; reading it must then fail cleanly.
			err = ix.Each(func(doc.Doc) error { return nil })
			ix.Close()
		}
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		after, _ := os.ReadFile(tt.path)
		if string(before) != string(after) {
			t.Errorf("%s: the file was modified", tt.name)
		}
	}
	// Opening a foreign file for writing must not touch it either.
	p := write("notes2.txt", []byte("precious"))
	if _, err := Open(p, true); !errors.Is(err, ErrNotIndex) {
		t.Errorf("write-open of a text file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "precious" {
		t.Error("a foreign file was changed")
	}
}

// tamper changes an index behind its back with fn and seals it again, as
// a bug or a hash collision would: what the record checks must catch.
func tamper(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw := path + ".raw"
	if err := os.WriteFile(raw, data[:len(data)-trailerSize], 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(raw, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	var size int64
	_ = db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	db.Close()
	f, err := os.OpenFile(raw, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := seal(f, size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Rename(raw, path); err != nil {
		t.Fatal(err)
	}
}

func TestCorruptRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	ix.Close()
	// Flip a byte of the record.
	tamper(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocs)
		v := append([]byte(nil), b.Get([]byte("/a"))...)
		v[10] ^= 0xFF
		return b.Put([]byte("/a"), v)
	})
	ix, err := Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	err = ix.Each(func(doc.Doc) error { return nil })
	ix.Close()
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `record for "/a" fails its checksum`) {
		t.Errorf("err = %v", err)
	}
}

// The record's checksum covers its path: a record read under another key
// (a damaged key, or a value moved) is refused.
func TestRecordChecksumCoversPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/news/tram.txt", 1)}, nil)
	ix.Close()
	tamper(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocs)
		v := append([]byte(nil), b.Get([]byte("/news/tram.txt"))...)
		if err := b.Delete([]byte("/news/tram.txt")); err != nil {
			return err
		}
		return b.Put([]byte("/news/\xff\x00\xaaU.txt"), v)
	})
	ix, err := Open(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Each(func(e doc.Doc) error {
		t.Errorf("read %q", e.Path)
		return nil
	})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "fails its checksum") {
		t.Errorf("err = %v", err)
	}
}

func TestNewerFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, nil, nil)
	ix.Close()
	tamper(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyFormat, []byte{0, 0, 0, FormatVersion + 1})
	})
	if _, err := Open(path, false); !errors.Is(err, ErrNewer) {
		t.Errorf("err = %v, want ErrNewer", err)
	}
}

func TestOneWriterAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	first, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, true); !errors.Is(err, ErrLocked) {
		t.Errorf("second writer: %v, want ErrLocked", err)
	}
	first.Close()
	second, err := Open(path, true)
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	second.Close()
}

func TestFailedUpdateLeavesIndexAsItWas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	defer ix.Close()
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil)
	// An empty key makes bbolt fail the transaction half way.
	err := ix.Update(settings, nil, []doc.Doc{entry("/b", 2), {Path: ""}}, []string{"/a"})
	if err == nil {
		t.Fatal("update with an empty path succeeded")
	}
	if got := all(t, ix); len(got) != 1 || got[0].Path != "/a" {
		t.Errorf("after a failed update: %+v", got)
	}
}

func TestScrambledPages(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ndx")
	ix, _ := Open(good, true)
	var es []doc.Doc
	for i := range 200 {
		es = append(es, entry(filepath.Join("/news", strings.Repeat("x", i%50), string(rune('a'+i%26))), uint32(i)))
	}
	_ = ix.Update(settings, nil, es, nil)
	ix.Close()
	data, _ := os.ReadFile(good)
	want := len(es)
	silent := 0
	for offset := 2 * 4096; offset < len(data); offset += 4096 {
		bad := append([]byte(nil), data...)
		for i := offset; i < offset+4096 && i < len(bad); i++ {
			bad[i] ^= 0x5A
		}
		p := filepath.Join(dir, "bad.ndx")
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		// Whatever the damage: an error, or every record intact. Never a
		// crash, never a wrong signature.
		n := 0
		ix, err := Open(p, false)
		if err == nil {
			err = ix.Each(func(e doc.Doc) error {
				if e.Signature[0] != uint32(e.Hash/7) {
					t.Errorf("page at %d: record %s read back wrong", offset, e.Path)
				}
				n++
				return nil
			})
			ix.Close()
		}
		if err == nil && n != want {
			silent++ // a lost branch page hides records: see below
		}
	}
	if silent > 0 {
		t.Errorf("%d of %d scrambled pages hid records without an error", silent, (len(data)-2*4096)/4096)
	}
}

// FuzzDecode feeds the record reader arbitrary bytes: it must return an
// entry or an error, never panic, and accept only what encode could write.
func FuzzDecode(f *testing.F) {
	f.Add(encode(entry("/a", 1), 7))
	f.Add(encode(doc.Doc{Path: "/b"}, 0))
	f.Add([]byte{recordVersion, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, id, err := decode("/x", b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not ErrCorrupt: %v", err)
			}
			return
		}
		if again := encode(e, id); string(again) != string(b) {
			t.Fatalf("decode accepted bytes encode would not write: %x", b)
		}
	})
}

// TestEmpty: an index is empty when new, and again once every file is
// removed (it still has settings then: New says otherwise).
func TestEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Empty() {
		t.Error("a new index is not empty")
	}
	if err := ix.Update(settings, nil, []doc.Doc{entry("/a", 1)}, nil); err != nil {
		t.Fatal(err)
	}
	if ix.Empty() {
		t.Error("an index of one file is empty")
	}
	if err := ix.Update(settings, nil, nil, []string{"/a"}); err != nil {
		t.Fatal(err)
	}
	if !ix.Empty() || ix.New() {
		t.Errorf("every file removed: Empty %v, New %v; want true, false", ix.Empty(), ix.New())
	}
}
