package tokenize

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/neardup/neardup/internal/synth"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello, World!", []string{"hello", "world"}},
		{"on the table.The next", []string{"on", "the", "table", "the", "next"}},
		{"Trump\u2019s plan", []string{"trump's", "plan"}},
		{"Trump's plan", []string{"trump's", "plan"}},
		{"Trump&#8217;s plan", []string{"trump's", "plan"}},
		{"Trump&amp;#8217;s plan", []string{"trump's", "plan"}},
		{"Trump&amp;amp;#8217;s plan", []string{"trump's", "plan"}},
		{"fish &amp; chips", []string{"fish", "chips"}},
		{"'quoted' words", []string{"quoted", "words"}},
		{"rock 'n' roll", []string{"rock", "n", "roll"}},
		{"long\u2014range missiles", []string{"long", "range", "missiles"}},
		{"long-range", []string{"long", "range"}},
		{"\uFB01nance", []string{"finance"}},    // NFKC folds the ligature
		{"\uFF21\uFF22\uFF23", []string{"abc"}}, // full-width letters
		{"3,350 ERAMs in 2025", []string{"3", "350", "erams", "in", "2025"}},
		{"ÉCOLE Straße", []string{"école", "straße"}},
		{"Київ і Москва", []string{"київ", "і", "москва"}},
		{"a\u00a0b", []string{"a", "b"}},
		{"", nil},
		{" ... --- ", nil},
	}
	for _, tt := range tests {
		got := Words(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\u201cQuote\u201d \u2013 dash", `"Quote" - dash`},
		{"AT&amp;T", "AT&T"},
		{"5 &lt; 6", "5 < 6"},
		{"plain ascii", "plain ascii"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Hello, World", "table.The", "&amp;#8217;", "Київ", "a'b'c", "x\xffy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" {
				t.Fatalf("empty word from %q", s)
			}
			if strings.ContainsAny(w, " \t\n.,") {
				t.Fatalf("word %q from %q holds a separator", w, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(w) {
				t.Fatalf("invalid UTF-8 word %q from %q", w, s)
			}
		}
	})
}

func BenchmarkWords(b *testing.B) {
	text := strings.Repeat("The quick brown fox jumps over the lazy dog, said Trump's envoy on Monday. ", 200)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	dst := make([]string, 0, 4096)
	for b.Loop() {
		dst = AppendWords(dst[:0], text)
	}
}

// BenchmarkWordsGenerated tokenizes 2,000 generated articles (about 4 MB,
// with curly quotes as crawled text has them).
func BenchmarkWordsGenerated(b *testing.B) {
	texts := synth.Texts(synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1})
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	dst := make([]string, 0, 4096)
	for b.Loop() {
		for _, t := range texts {
			dst = AppendWords(dst[:0], t)
		}
	}
}
