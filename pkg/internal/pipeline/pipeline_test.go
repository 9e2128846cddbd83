package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/internal/synth"
)

func files(t *testing.T, roots ...string) []string {
	t.Helper()
	fs, probs, err := inputs.Expand(roots, inputs.Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("expand %v: %v %v", roots, err, probs)
	}
	return fs
}

// TestGroupCancelled: grouping (LSH, anchors, verification) stops on a
// cancelled context, and so does a query's matching.
func TestGroupCancelled(t *testing.T) {
	res, err := Fingerprint(context.Background(), files(t, "../../../testdata/articles"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := res.Group(ctx, DefaultOptions()); err != context.Canceled {
		t.Errorf("Group: err = %v, want context.Canceled", err)
	}
	if _, err := res.Matches(ctx, DefaultOptions(), func(i int) bool { return i == 0 }, nil); err != context.Canceled {
		t.Errorf("Matches: err = %v, want context.Canceled", err)
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, mod := range []func(*Options){
		func(o *Options) { o.Threshold = 0 },
		func(o *Options) { o.Threshold = 1.5 },
		func(o *Options) { o.LSH.Bands, o.LSH.Rows = 20, 20 },
	} {
		o := DefaultOptions()
		mod(&o)
		if _, err := Run(context.Background(), nil, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

func TestIntersect(t *testing.T) {
	tests := []struct {
		a, b []uint64
		want int
	}{
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 3},
		{[]uint64{1, 2, 3}, []uint64{2, 3, 4}, 2},
		{[]uint64{1}, []uint64{2}, 0},
		{nil, nil, 0},
	}
	var a, b shingleSet
	for _, tt := range tests {
		a.build(tt.a)
		b.build(tt.b)
		if got := intersectSets(&a, &b); got != tt.want {
			t.Errorf("intersectSets(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestReadAll(t *testing.T) {
	text := strings.Repeat("0123456789", 1000)
	buf := []byte("left over from before")
	for _, size := range []int{0, 1, 100, len(text) + 1, 2 * len(text)} {
		got, err := readAll(strings.NewReader(text), buf, size)
		if err != nil || string(got) != text {
			t.Errorf("size hint %d: %d bytes, %v", size, len(got), err)
		}
		buf = got
	}
}

// TestReaderReuse reads files of different sizes through one reader: each
// text is whole and has nothing of the file before; texts not borrowed
// survive later reads.
func TestReaderReuse(t *testing.T) {
	dir := t.TempDir()
	contents := []string{strings.Repeat("long line of text\n", 500), "short", "", "caf\xe9 cr\xe8me", "medium length text\r\n"}
	want := []string{contents[0], "short", "", "café crème", "medium length text\n"}
	var r reader
	var kept []File
	for i, c := range contents {
		p := filepath.Join(dir, fmt.Sprintf("%d.txt", i))
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, borrow := range []bool{true, false} {
			f, _, err := r.read(p, 0, borrow)
			if c == "" {
				if !errors.Is(err, ErrEmpty) {
					t.Errorf("empty file: %v", err)
				}
				continue
			}
			if err != nil || f.Text != want[i] {
				t.Fatalf("file %d (borrow %v): %q, %v", i, borrow, f.Text, err)
			}
			if !borrow {
				kept = append(kept, f)
			}
		}
	}
	for i, f := range kept {
		if w := []string{want[0], want[1], want[3], want[4]}[i]; f.Text != w {
			t.Errorf("kept text %d changed by later reads: %q", i, f.Text)
		}
	}
}

// TestSampleReuse: the files the template pass read are fingerprinted from
// what it kept, with the same result as reading them again.
func TestSampleReuse(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.Options{Docs: 40, Seed: 3, CopyShare: 0.3, Folders: 2}); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"empty.txt": "", "binary.txt": "a\x00b", "latin1.txt": "caf\xe9 cr\xe8me br\xfbl\xe9e"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fs := files(t, dir)
	opts := DefaultOptions()
	tm, kept, err := templates(context.Background(), fs, opts.TemplateFiles, opts.TemplateShare, 2, opts.MaxBytes, keptSampleBytes)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != len(fs)-2 { // all but the empty and the binary file
		t.Errorf("kept %d of %d files", len(kept), len(fs))
	}
	if _, none, _ := templates(context.Background(), fs, opts.TemplateFiles, opts.TemplateShare, 2, opts.MaxBytes, 0); len(none) != 0 {
		t.Errorf("kept %d files with no budget", len(none))
	}
	reused, err := Fingerprint(context.Background(), fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Templates = tm // templates given: every file is read in the fingerprint pass
	reread, err := Fingerprint(context.Background(), fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reused.Docs, reread.Docs) || !reflect.DeepEqual(reused.Warnings, reread.Warnings) || reused.Skipped != 2 {
		t.Errorf("fingerprints from kept texts differ from a second read (skipped %d, %d)", reused.Skipped, reread.Skipped)
	}
}

func TestTraceStore(t *testing.T) {
	s := newTraceStore(4)
	traces := [][]byte{nil, {0, 0}, {1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5, 6, 7, 8}}
	for i, tr := range traces {
		s.set(i, tr)
	}
	c := newTraceStore(0)
	for _, j := range []int{3, 0, 2, 1} {
		c.add(s, j)
	}
	for i, j := range []int{3, 0, 2, 1} {
		if got := c.get(i, []byte{}); string(got) != string(traces[j]) || (got == nil) != (traces[j] == nil) {
			t.Errorf("trace %d (was %d) = %v, want %v", i, j, got, traces[j])
		}
	}
	if c.get(9, nil) != nil || (*traceStore)(nil).get(0, nil) != nil {
		t.Error("a trace for a document out of range")
	}
}

// TestReplayedReads: documents read again for exact measures have their
// cleaning replayed from the first pass's trace; groups, edges, measures
// and Covers are those of cleaning them again, and a trace that does not
// fit its text is cleaned again instead.
func TestReplayedReads(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.Options{Docs: 120, Seed: 5, CopyShare: 0.4, Folders: 2}); err != nil {
		t.Fatal(err)
	}
	// Boilerplate the rules cut inside a line and lines they drop, and
	// an excerpt, so that replays cut, drop and measure containment.
	story := "The council approved the new harbour plan on Tuesday after a long debate about costs and the fishing fleet.\n" +
		"Story continues below advertisement\n" +
		"Engineers said the work would begin in spring. Read more: Harbour plan explained and the mayor welcomed the vote.\n" +
		"Residents who opposed the plan said they would keep campaigning against the closure of the old slipway.\n" +
		"Share this article\n" +
		"The project is expected to take three years and will be paid for by a regional fund and local taxes.\n"
	for name, body := range map[string]string{
		"a/story.txt":   "Harbour plan\n" + story + "Sign up for our newsletter\n",
		"b/story.txt":   "HARBOUR\n\n" + story + "Click to play video\n© Photo agency\n",
		"c/excerpt.txt": story[:strings.Index(story, "Residents")],
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fs := files(t, dir)
	opts := DefaultOptions()
	opts.Verify = VerifyExact
	type outcome struct {
		groups   any
		edges    any
		measures []Similarity
		covers   []bool
	}
	run := func(traces func(*traceStore)) outcome {
		r, err := Fingerprint(context.Background(), fs, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.traces.short) != len(r.Docs) {
			t.Fatalf("%d traces for %d documents", len(r.traces.short), len(r.Docs))
		}
		traces(r.traces)
		if err := r.Group(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		var docs []int
		for _, g := range r.Groups {
			for _, m := range g.Members {
				docs = append(docs, m.Doc)
			}
		}
		if err := r.ReadTexts(context.Background(), docs); err != nil {
			t.Fatal(err)
		}
		o := outcome{groups: r.Groups, edges: r.Edges()}
		for _, g := range r.Groups {
			for _, m := range g.Members[1:] {
				o.measures = append(o.measures, r.Similarity(g.Members[0].Doc, m.Doc))
				o.covers = append(o.covers, r.Covers(g.Members[0].Doc, m.Doc))
			}
		}
		return o
	}
	long := 0
	replayed := run(func(tr *traceStore) { long = len(tr.long) })
	cleaned := run(func(tr *traceStore) { clear(tr.short) }) // no traces: cleaned again
	misfit := run(func(tr *traceStore) {
		for i := range tr.short {
			tr.set(i, []byte{1, 0x63, 0}) // drops a line past the end of any text here
		}
	})
	if long == 0 {
		t.Error("no trace long enough to be kept in the map")
	}
	if len(replayed.measures) < 20 {
		t.Fatalf("only %d members measured", len(replayed.measures))
	}
	if !reflect.DeepEqual(replayed, cleaned) {
		t.Errorf("replayed reads differ from reads cleaned again:\n%+v\n%+v", replayed, cleaned)
	}
	if !reflect.DeepEqual(misfit, cleaned) {
		t.Errorf("reads with traces that do not fit differ from reads cleaned again")
	}
}
