package clean

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/neardup/neardup/pkg/internal/synth"
)

// traceTexts are texts nobody here wrote where there are any (the seeds,
// boilerplate-dev's raw pages, some of BBC), the project's own cleaning
// cases, and generated articles.
func traceTexts(t *testing.T) []string {
	var texts []string
	for _, g := range []string{
		filepath.Join(shared, "seeds", "*"),
		filepath.Join(shared, "corpora", "boilerplate-dev", "*", "*.txt"),
		filepath.Join(shared, "corpora", "bbc", "business", "0*.txt"),
		filepath.Join("testdata", "*", "*"),
	} {
		files, _ := filepath.Glob(g)
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(b))
			}
		}
	}
	texts = append(texts, synth.Texts(synth.Options{Docs: 300, Seed: 7, CopyShare: 0.2})...)
	if len(texts) < 300 {
		t.Fatalf("only %d texts", len(texts))
	}
	return texts
}

func TestReplay(t *testing.T) {
	texts := traceTexts(t)
	c := New(BuiltinRules())
	lc := NewLineCounter()
	for _, x := range texts {
		lc.Add(x)
	}
	c = c.WithTemplates(lc.Templates(3, 0))
	cutTexts, dropTexts := 0, 0
	for pass := range 2 { // the second pass is answered by the line memo
		for _, x := range texts {
			want := c.Clean(x)
			got, trace := c.AppendCleanTrace([]byte("kept:"), nil, x)
			if string(got) != "kept:"+want {
				t.Fatalf("pass %d: AppendCleanTrace differs from Clean on %.80q", pass, x)
			}
			re, err := Replay([]byte("kept:"), x, trace)
			if err != nil || string(re) != "kept:"+want {
				t.Fatalf("pass %d: Replay of %.80q: %v\ngot  %.200q\nwant %.200q", pass, x, err, re, want)
			}
			if pass == 0 && len(trace) > 2 {
				if _, rem := c.Explain(x); hasCut(rem) {
					cutTexts++
				} else {
					dropTexts++
				}
			}
		}
	}
	// Real text must exercise both kinds of record.
	t.Logf("%d texts: %d with cuts, %d with dropped lines only", len(texts), cutTexts, dropTexts)
	if cutTexts < 5 || dropTexts < 50 {
		t.Errorf("only %d texts with cuts and %d with dropped lines", cutTexts, dropTexts)
	}
}

func hasCut(rem []Removal) bool {
	for _, r := range rem {
		if !r.Whole {
			return true
		}
	}
	return false
}

func TestReplayWrongTrace(t *testing.T) {
	c := New(BuiltinRules())
	long := "First line of the story.\nSee also: Other story\nLast line, with a Read more: teaser inside it."
	_, trace := c.AppendCleanTrace(nil, nil, long)
	for _, tc := range []struct {
		name, text string
		trace      []byte
	}{
		{"truncated", long, trace[:len(trace)-1]},
		{"trailing", long, append(append([]byte{}, trace...), 0)},
		{"other text", "one line", trace},
		{"empty", long, nil},
		{"dropped past the end", "a\nb", []byte{1, 5, 0}},
		{"cut past the end", "a\nb", []byte{0, 1, 0, 1, 0, 9}},
		{"pieces out of order", "abcdef", []byte{0, 1, 0, 2, 3, 1, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Replay([]byte("x"), tc.text, tc.trace)
			if !errors.Is(err, ErrTrace) || string(got) != "x" {
				t.Errorf("Replay = %q, %v; want x, ErrTrace", got, err)
			}
		})
	}
	if strings.Count(long, "\n") != 2 {
		t.Fatal("test text changed")
	}
}

func FuzzReplay(f *testing.F) {
	f.Add("a\nSee also: b\nc", []byte{1, 2, 0})
	f.Fuzz(func(t *testing.T, text string, trace []byte) {
		// Any trace: an error or a text no longer than text's lines.
		out, err := Replay(nil, text, trace)
		if err == nil && len(out) > len(text) {
			t.Fatalf("Replay grew %q to %q", text, out)
		}
	})
}

// TestRemoved: what Removed gives back and what cleaning kept make up the
// text, character for character (spaces aside), on every test text.
func TestRemoved(t *testing.T) {
	c := New(BuiltinRules())
	lc := NewLineCounter()
	texts := traceTexts(t)
	for _, x := range texts {
		lc.Add(x)
	}
	c = c.WithTemplates(lc.Templates(3, 0))
	runes := func(ss ...string) string {
		var b []rune
		for _, s := range ss {
			for _, r := range s {
				if !unicode.IsSpace(r) {
					b = append(b, r)
				}
			}
		}
		slices.Sort(b)
		return string(b)
	}
	withPieces := 0
	for _, x := range texts {
		kept, trace := c.AppendCleanTrace(nil, nil, x)
		var pieces []string
		if err := Removed(x, trace, func(p string) { pieces = append(pieces, p) }); err != nil {
			t.Fatalf("Removed(%.80q): %v", x, err)
		}
		if runes(x) != runes(append(pieces, string(kept))...) {
			t.Fatalf("Removed(%.80q): kept %.200q and removed %q do not make the text", x, kept, pieces)
		}
		if len(pieces) > 0 {
			withPieces++
		}
	}
	if withPieces == 0 {
		t.Fatal("no test text had anything removed")
	}
	if err := Removed("a\nb", []byte{1, 5, 0}, func(string) { t.Error("fn called for a bad trace") }); !errors.Is(err, ErrTrace) {
		t.Errorf("Removed with a bad trace: %v, want ErrTrace", err)
	}
	var got []string
	text := "First line of the story.\nSee also: Other story\nLast line on Monday.Story continues below advertisement The end."
	_, trace := c.AppendCleanTrace(nil, nil, text)
	if err := Removed(text, trace, func(p string) { got = append(got, p) }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"See also: Other story", "Story continues below advertisement"}; !slices.Equal(got, want) {
		t.Errorf("Removed = %q, want %q", got, want)
	}
}
