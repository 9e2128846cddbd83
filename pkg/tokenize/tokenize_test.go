package tokenize

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pkg/internal/syndicate"
	"github.com/neardup/neardup/pkg/internal/synth"
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

// BenchmarkSplitGenerated tokenizes 2,000 generated articles (about 4 MB,
// with curly quotes as crawled text has them) the way fingerprinting does.
func BenchmarkSplitGenerated(b *testing.B) {
	texts := synth.Texts(synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1})
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var tok Tokenizer
	for b.Loop() {
		for _, t := range texts {
			tok.Split(t)
		}
	}
}

// referenceWords is the tokenizer as first written: normalize the whole
// text, then split it. Tokenizer must give the same words.
func referenceWords(s string) []string {
	s = Normalize(s)
	var dst []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			dst = append(dst, strings.ToLower(s[start:end]))
			start = -1
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case r == '\'' && start >= 0 && i+1 < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if !unicode.IsLetter(next) || !unicode.IsLetter(prev) {
				flush(i)
			}
		default:
			flush(i)
		}
		i += n
	}
	flush(len(s))
	return dst
}

var tricky = []string{
	"Trump\u2019s \u201cplan\u201d \u2014 it\u2019s \u2018fine\u2019", "Jos\u00e9 Mart\u00ednez", "Jose\u0301 and e\u0301",
	"\uFB01nance \u00bd \u2460", "\u1100\u1161\u11a8 \u1112\u1161\u11ab", "don\u2033t a\u2032b c\u02bcd",
	"\u212aelvin \u017fhip", "\u0130stanbul \u0131\u015f\u0131k", "ONE\u00a0TWO\u2011three", "\u00ab\u00a0Bonjour\u00a0\u00bb",
	"na\u00efve caf\u00e9 co\u00f6perate", "\u0928\u092e\u0938\u094d\u0924\u0947", "x\u0301'y", "a'\u2019b", "\xff\xfe bad",
	// Entities, decoded before the direct path or NFKC.
	"Trump&#8217;s &amp;amp; &lt;b&gt; caf&eacute; &#x2014;x&nbsp;y", "it&amp;#8217;s AT&T &c", "&amp;amp;amp;amp; &#8230; &frac12;",
	"e&#x301; &#0; &#xD800; don&rsquo;t&quot;",
}

func TestTokenizerMatchesReference(t *testing.T) {
	texts := append(synth.Texts(synth.Options{Docs: 200, Seed: 3, CopyShare: 0.1}), tricky...)
	for _, s := range texts {
		if got, want := Words(s), referenceWords(s); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q)\n = %q\nwant %q", s, got, want)
		}
	}
}

// FuzzTokenizer checks the direct path (entities decoded, no normalizing)
// against splitting the normalized text, and both against the reference.
func FuzzTokenizer(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var direct, normal Tokenizer
		normal.split(Normalize(s), true)
		if direct.split(unescape(s), false) {
			if !reflect.DeepEqual(direct.buf, normal.buf) || !reflect.DeepEqual(direct.ends, normal.ends) {
				t.Fatalf("%q: direct %q, normalized %q", s, direct.buf, normal.buf)
			}
		}
		if got, want := Words(s), referenceWords(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestKey(t *testing.T) {
	var tok Tokenizer
	tok.Split("a ab abcdefgh abcdefghi abcdefghij a ZZ abcdefghij ABCDEFGH \u00e9t\u00e9 \u00c9T\u00c9")
	keys := make([]uint64, tok.Len())
	for i := range keys {
		keys[i] = tok.Key(i)
	}
	for i := range keys {
		for j := range keys {
			if same := string(tok.Word(i)) == string(tok.Word(j)); same != (keys[i] == keys[j]) {
				t.Errorf("%q and %q: keys %x and %x", tok.Word(i), tok.Word(j), keys[i], keys[j])
			}
		}
	}
}

// TestAlnum8 checks the eight-at-a-time classifier against the byte table
// for every byte value in every position.
func TestAlnum8(t *testing.T) {
	for pos := range 8 {
		for b := range 256 {
			x := uint64(0x2e2e2e2e2e2e2e2e) // '.' around
			x = x&^(0xff<<(8*pos)) | uint64(b)<<(8*pos)
			got := alnum8(x)>>(8*pos+7)&1 == 1
			if want := asciiClass[b] != asciiOther; got != want {
				t.Fatalf("byte %#x at %d: alnum %v, want %v", b, pos, got, want)
			}
			if others := alnum8(x) &^ (0x80 << (8 * pos)); others != 0 {
				t.Fatalf("byte %#x at %d: other bytes flagged %#x", b, pos, others)
			}
		}
	}
}

// BenchmarkSplitSyndicated tokenizes syndicated pages made from 1,000
// generated articles (about 4 MB: outlet templates, entities, CRLF,
// flattened lines), as fingerprinting does, uncleaned.
func BenchmarkSplitSyndicated(b *testing.B) {
	texts := syndicate.SynthTexts(1000, 1)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var tok Tokenizer
	for b.Loop() {
		for _, t := range texts {
			tok.Split(t)
		}
	}
}

// TestUnescapeInto: decoding a piece at a time into buffers gives what
// html.UnescapeString's rounds give, on entities of every kind, broken
// ones, and random mixtures of their parts.
func TestUnescapeInto(t *testing.T) {
	var e unescaper
	check := func(s string) {
		t.Helper()
		if got, want := e.unescape(s), unescape(s); got != want {
			t.Fatalf("unescapeInto(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range tricky {
		check(s)
	}
	for _, s := range []string{
		"&amp;amp;amp;amp;", "&amp;#8217;", "&#8217;&#x2019;&#X2019;&#39;&#039;&#0000039;", "&#x80;&#150;&#0;&#xD800;&#x110000;&#99999999;",
		"&ampfoo &amp &lt3 &notin; &notit; &nbsp;x&nbsp &NotANamedOne; &#; &#x; &#xg; &&; &", "a&b&c;d", "&#12a; &#x1Fz; &Aacute;&aacute",
		"&NotNestedGreaterGreater; &CounterClockwiseContourIntegral;", "&copy;&pound;&euro;&ndash;&mdash;&lsquo;&rsquo;&ldquo;&rdquo;&hellip;&apos;&lt;&gt;", "&amp#39; &#38;#38;#38;", "&quot&quot;&QUOT;&QUOT",
	} {
		check(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	parts := []string{"&", "#", "x", "X", ";", "amp", "lt", "quot", "nbsp", "8217", "39", "1", "a", "F", " ", "é", "AMP", "notin", "0", "rsquo", "hellip", "copy"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		check(b.String())
	}
}

// TestSplitAllocs: splitting text full of entities (and nothing NFKC would
// change) allocates nothing once the buffers have grown.
func TestSplitAllocs(t *testing.T) {
	text := strings.Repeat("Don&#8217;t say &quot;no&quot; &amp;amp; AT&amp;T&nbsp;rules &copy; 2004 &ldquo;Yes&rdquo; &#x2014; ", 50)
	var tok Tokenizer
	tok.Split(text)
	if n := testing.AllocsPerRun(100, func() { tok.Split(text) }); n != 0 {
		t.Errorf("%v allocations a split", n)
	}
}
