package sketch_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/sketch"
)

func settings() sketch.Settings {
	return sketch.Settings{
		Settings:  index.Settings{Shingle: 4, Perms: 16, Seed: 1, Lang: "english", Clean: true, Rules: "r1", TemplateFiles: 3, TemplateShare: 0.01},
		Threshold: 0.5, Bands: 4, Rows: 4,
	}
}

// docs makes n documents with random signatures, named prefix000...
func docs(prefix string, n, perms int, seed uint64) []doc.Doc {
	r := rand.New(rand.NewPCG(seed, 2))
	out := make([]doc.Doc, n)
	for i := range out {
		sig := make([]uint32, perms)
		for k := range sig {
			sig[k] = r.Uint32()
		}
		var anchors []uint32
		if i%2 == 0 {
			anchors = []uint32{r.Uint32(), r.Uint32()}
		}
		out[i] = doc.Doc{Path: filepath.Join(prefix, string(rune('a'+i%26))+strings.Repeat("x", i/26)+".txt"), Size: int64(100 + i),
			ModTime: time.Unix(1700000000+int64(i), 123456789).UTC(), Hash: r.Uint64(), Truncated: i == 3, Encoding: "utf-8",
			Words: 10 + i, Shingles: 7 + i, Content: r.Uint64(), Signature: sig, Anchors: anchors}
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	tmpl := clean.TemplatesFrom(map[uint64]int{1: 5, 0xffffffffffffffff: 9})
	for _, tc := range []struct {
		name      string
		templates *clean.Templates
		docs      []doc.Doc
		skipped   int
	}{
		{"empty", nil, nil, 0},
		{"one", tmpl, docs("a", 1, 16, 1), 2},
		{"many rows, more than a batch", tmpl, docs("b", 2500, 16, 2), 0},
		{"no templates", nil, docs("c", 5, 16, 3), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := &sketch.Shard{Settings: settings(), Templates: tc.templates, Skipped: tc.skipped, Docs: tc.docs}
			var buf bytes.Buffer
			if err := sketch.Write(&buf, want); err != nil {
				t.Fatal(err)
			}
			got, err := sketch.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "x.parquet")
			if err != nil {
				t.Fatal(err)
			}
			if got.Settings != want.Settings || got.Skipped != want.Skipped {
				t.Errorf("settings %+v skipped %d, want %+v %d", got.Settings, got.Skipped, want.Settings, want.Skipped)
			}
			if (got.Templates == nil) != (want.Templates == nil) || got.Templates != nil && !reflect.DeepEqual(got.Templates.Counts(), want.Templates.Counts()) {
				t.Errorf("templates %v, want %v", got.Templates, want.Templates)
			}
			if len(got.Docs) != len(want.Docs) {
				t.Fatalf("%d docs, want %d", len(got.Docs), len(want.Docs))
			}
			for i, d := range got.Docs {
				w := want.Docs[i]
				w.Stored = true
				if !d.ModTime.Equal(w.ModTime) {
					t.Errorf("doc %d: mod time %v, want %v", i, d.ModTime, w.ModTime)
				}
				d.ModTime = w.ModTime
				if !reflect.DeepEqual(d, w) {
					t.Fatalf("doc %d:\n got %+v\nwant %+v", i, d, w)
				}
			}
		})
	}
}

// The band keys column holds lsh.BandKeys of each signature for the
// settings' banding, as signed 64-bit integers of the same bits.
func TestBandKeysColumn(t *testing.T) {
	ds := docs("k", 3, 16, 4)
	var buf bytes.Buffer
	if err := sketch.Write(&buf, &sketch.Shard{Settings: settings(), Docs: ds}); err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[sketch.Row](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		want := lsh.BandKeys(ds[i].Signature, lsh.Params{Bands: 4, Rows: 4})
		if len(r.BandKeys) != 4 {
			t.Fatalf("row %d: %d band keys, want 4", i, len(r.BandKeys))
		}
		for b, k := range r.BandKeys {
			if uint64(k) != want[b] {
				t.Errorf("row %d band %d: key %x, want %x", i, b, uint64(k), want[b])
			}
		}
	}
}

func writeFile(t *testing.T, dir, name string, s *sketch.Shard) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := sketch.WriteFile(context.Background(), p, s); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	tmpl := clean.TemplatesFrom(map[uint64]int{7: 4})
	// Two shards whose paths interleave: the result is sorted by path.
	a := writeFile(t, dir, "a.parquet", &sketch.Shard{Settings: settings(), Templates: tmpl, Skipped: 1, Docs: docs("p/2", 30, 16, 5)})
	b := writeFile(t, dir, "b.parquet", &sketch.Shard{Settings: settings(), Templates: tmpl, Skipped: 2, Docs: docs("p/1", 40, 16, 6)})
	s, err := sketch.ReadFiles([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Docs) != 70 || s.Skipped != 3 {
		t.Fatalf("%d docs, %d skipped; want 70, 3", len(s.Docs), s.Skipped)
	}
	for i := 1; i < len(s.Docs); i++ {
		if s.Docs[i-1].Path >= s.Docs[i].Path {
			t.Fatalf("not sorted: %s before %s", s.Docs[i-1].Path, s.Docs[i].Path)
		}
	}

	other := settings()
	other.Perms, other.Bands = 20, 5
	for _, tc := range []struct {
		name  string
		shard *sketch.Shard
		err   error
		msg   []string
	}{
		{"perms", &sketch.Shard{Settings: other, Templates: tmpl, Docs: docs("q", 2, 20, 7)}, sketch.ErrMixed, []string{"a.parquet", "c.parquet", "perms 16 vs 20", "bands 4 vs 5"}},
		{"rules", func() *sketch.Shard {
			s := settings()
			s.Rules = "r2"
			return &sketch.Shard{Settings: s, Templates: tmpl, Docs: docs("q", 2, 16, 7)}
		}(), sketch.ErrMixed, []string{"rules r1 vs r2"}},
		{"templates", &sketch.Shard{Settings: settings(), Templates: clean.TemplatesFrom(map[uint64]int{8: 4}), Docs: docs("q", 2, 16, 7)}, sketch.ErrMixed, []string{"template lines"}},
		{"templates off", &sketch.Shard{Settings: settings(), Docs: docs("q", 2, 16, 7)}, sketch.ErrMixed, []string{"corpus layer off"}},
		{"duplicate path", &sketch.Shard{Settings: settings(), Templates: tmpl, Docs: docs("p/2", 1, 16, 7)}, sketch.ErrDuplicate, []string{"p/2/a.txt is in", "a.parquet", "c.parquet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := writeFile(t, dir, "c.parquet", tc.shard)
			_, err := sketch.ReadFiles([]string{a, c})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			for _, m := range tc.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not say %q", err, m)
				}
			}
		})
	}
}

// A damaged or foreign file fails with ErrNotSketch naming it; never a
// panic, never rows of zeros.
func TestDamaged(t *testing.T) {
	var good bytes.Buffer
	if err := sketch.Write(&good, &sketch.Shard{Settings: settings(), Docs: docs("d", 50, 16, 8)}); err != nil {
		t.Fatal(err)
	}
	type other struct {
		Path string `parquet:"path"`
		N    int64  `parquet:"n"`
	}
	var foreign bytes.Buffer
	if err := parquet.Write(&foreign, []other{{"x", 1}}, parquet.KeyValueMetadata(sketch.KeyFormat, strconv.Itoa(sketch.FormatVersion)), parquet.KeyValueMetadata(sketch.KeySettings, `{"shingle":4,"perms":16,"seed":1,"lang":"english","no_stem":false,"drop_stop_words":false,"clean":false,"rules":"","template_files":0,"template_share":0,"max_bytes":0,"threshold":0.5,"bands":4,"rows":4}`)); err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	if err := parquet.Write(&plain, []other{{"x", 1}}); err != nil {
		t.Fatal(err)
	}
	g := good.Bytes()
	flipped := bytes.Clone(g)
	for i := 200; i < len(flipped)-200; i += 97 {
		flipped[i] ^= 0x5a
	}
	for name, data := range map[string][]byte{
		"empty":           nil,
		"text":            []byte("path,size\na.txt,3\n"),
		"truncated":       g[:len(g)/2],
		"no footer":       g[:len(g)-8],
		"flipped bytes":   flipped,
		"other columns":   foreign.Bytes(),
		"no neardup meta": plain.Bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sketch.Read(bytes.NewReader(data), int64(len(data)), "bad.parquet")
			if !errors.Is(err, sketch.ErrNotSketch) {
				t.Fatalf("err %v, want ErrNotSketch", err)
			}
			if !strings.HasPrefix(err.Error(), "bad.parquet: ") {
				t.Errorf("error %q does not start with the file's name", err)
			}
		})
	}
	// A later format is refused as such.
	var newer bytes.Buffer
	if err := parquet.Write(&newer, []other{{"x", 1}}, parquet.KeyValueMetadata(sketch.KeyFormat, "99")); err != nil {
		t.Fatal(err)
	}
	if _, err := sketch.Read(bytes.NewReader(newer.Bytes()), int64(newer.Len()), "new.parquet"); !errors.Is(err, sketch.ErrNewer) {
		t.Errorf("err %v, want ErrNewer", err)
	}
	// An earlier format is refused as such: its content hashes were
	// blind to the signs of numbers.
	var older bytes.Buffer
	if err := parquet.Write(&older, []other{{"x", 1}}, parquet.KeyValueMetadata(sketch.KeyFormat, "1")); err != nil {
		t.Fatal(err)
	}
	if _, err := sketch.Read(bytes.NewReader(older.Bytes()), int64(older.Len()), "old.parquet"); !errors.Is(err, sketch.ErrOlder) {
		t.Errorf("err %v, want ErrOlder", err)
	}
	// A missing file is named too.
	if _, err := sketch.ReadFiles([]string{filepath.Join(t.TempDir(), "none.parquet")}); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "none.parquet") {
		t.Errorf("err %v, want a not-exist error naming the file", err)
	}
}

// FuzzRead: whatever the bytes, Read returns a shard or an error.
func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	if err := sketch.Write(&good, &sketch.Shard{Settings: settings(), Templates: clean.TemplatesFrom(map[uint64]int{1: 3}), Docs: docs("f", 3, 16, 9)}); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := sketch.Read(bytes.NewReader(data), int64(len(data)), "fuzz.parquet")
		if err == nil {
			for _, d := range s.Docs {
				if len(d.Signature) != s.Settings.Perms {
					t.Fatalf("signature of %d values, perms %d", len(d.Signature), s.Settings.Perms)
				}
			}
		}
	})
}

// TestDamageBounded writes large lengths over a sketch file, one place at
// a time (page headers, the footer's lists and strings): each
// read fails cleanly or succeeds, and none allocates more than a few
// megabytes. The Parquet decoder allocates what a header claims; the
// checksum of the row groups and the walk of the footer stop it first.
func TestDamageBounded(t *testing.T) {
	var good bytes.Buffer
	if err := sketch.Write(&good, &sketch.Shard{Settings: settings(), Templates: clean.TemplatesFrom(map[uint64]int{1: 3}), Docs: docs("f", 3, 16, 9)}); err != nil {
		t.Fatal(err)
	}
	g := good.Bytes()
	var ms runtime.MemStats
	// Every fifth byte: every header is several bytes long, and the whole
	// sweep would take half a minute.
	for off := 4; off < len(g)-8; off += 5 {
		for _, v := range [][]byte{{0xff, 0xff, 0xff, 0x7f}, {0xff, 0xff, 0x03}} {
			b := bytes.Clone(g)
			copy(b[off:], v)
			runtime.ReadMemStats(&ms)
			before := ms.TotalAlloc
			_, err := sketch.Read(bytes.NewReader(b), int64(len(b)), "x")
			runtime.ReadMemStats(&ms)
			if d := ms.TotalAlloc - before; d > 16<<20 {
				t.Errorf("%x at byte %d: %d MB allocated (err %v)", v, off, d>>20, err)
			}
		}
	}
}

// TestCheckTarget: a sketch is written over nothing but an older sketch,
// and never over an input.
func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, dir, "old.parquet", &sketch.Shard{Settings: settings(), Docs: docs("p/1", 40, 16, 6)})
	article := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(article, []byte("An article.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.parquet")
	if err := os.Symlink(old, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		inputs []string
		want   error
	}{
		{filepath.Join(dir, "new.parquet"), nil, nil},
		{old, nil, nil},
		{old, []string{old}, sketch.ErrIsInput},
		{article, nil, sketch.ErrNotSketchTarget},
		{article, []string{article}, sketch.ErrIsInput},
		{dir, nil, sketch.ErrNotRegular},
		{link, nil, sketch.ErrNotRegular},
		{os.DevNull, nil, sketch.ErrNotRegular},
	} {
		err := sketch.CheckTarget(tc.path, tc.inputs)
		if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
			t.Errorf("CheckTarget(%s, %v) = %v, want %v", tc.path, tc.inputs, err, tc.want)
		}
	}
	// WriteFile holds to it: the article is untouched.
	if err := sketch.WriteFile(context.Background(), article, &sketch.Shard{Settings: settings()}); !errors.Is(err, sketch.ErrNotSketchTarget) {
		t.Errorf("WriteFile over an article: %v", err)
	}
	if b, _ := os.ReadFile(article); string(b) != "An article.\n" {
		t.Errorf("article changed: %q", b)
	}
}

// TestWriteFileCancelled: a write cancelled before its rename leaves the
// old sketch in place and no temporary file (an interrupted sketch run
// replaced the old file, then said it was interrupted).
func TestWriteFileCancelled(t *testing.T) {
	dir := t.TempDir()
	old := &sketch.Shard{Settings: settings(), Skipped: 1}
	p := writeFile(t, dir, "k.parquet", old)
	before, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sketch.WriteFile(ctx, p, &sketch.Shard{Settings: settings(), Skipped: 2}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled WriteFile = %v, want context.Canceled", err)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(after, before) {
		t.Error("the old sketch was replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want the sketch alone", len(entries))
	}
}
