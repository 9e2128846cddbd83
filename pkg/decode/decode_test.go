package decode

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBytes(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		want     string
		encoding string
		invalid  int
		err      error
	}{
		{"plain", []byte("hello world"), "hello world", UTF8, 0, nil},
		{"bom stripped", []byte("\xEF\xBB\xBFhello"), "hello", UTF8, 0, nil},
		{"crlf", []byte("a\r\nb\r\n"), "a\nb\n", UTF8, 0, nil},
		{"lone cr", []byte("a\rb\r\nc"), "a\nb\nc", UTF8, 0, nil},
		{"utf-8 multibyte", []byte("caf\xC3\xA9 na\xC3\xAFve"), "café naïve", UTF8, 0, nil},
		{"damaged utf-8 replaced", []byte("caf\xC3\xA9 \xFF ok"), "café \uFFFD ok", UTF8, 1, nil},
		{"latin-1 decoded", []byte("caf\xE9 cr\xE8me"), "café crème", Windows1252, 0, nil},
		{"windows-1252 quotes", []byte("\x93quoted\x94 it\x92s"), "\u201cquoted\u201d it\u2019s", Windows1252, 0, nil},
		{"utf-16le", []byte("\xFF\xFEh\x00i\x00\r\x00\n\x00"), "hi\n", UTF16LE, 0, nil},
		{"utf-16be", []byte("\xFE\xFF\x00h\x00i"), "hi", UTF16BE, 0, nil},
		{"nul is binary", []byte("abc\x00def"), "", "", 0, ErrBinary},
		{"empty", nil, "", UTF8, 0, nil},
		{"no-break spaces", []byte("a\u00a0b\u202fc\u2007d"), "a b c d", UTF8, 0, nil},
		{"soft hyphens", []byte("gov\u00adern\u00adment"), "government", UTF8, 0, nil},
		{"zero-width", []byte("\u200bzero\u200cwidth\u200d\u2060join\ufeffed"), "zerowidthjoined", UTF8, 0, nil},
		{"direction marks", []byte("5\u200e000 \u202bab\u202c \u2067cd\u2069 x\u2062y"), "5000 ab cd xy", UTF8, 0, nil},
		{"other non-ascii kept", []byte("caf\u00e9 \u2019s \u2014 \u00a9 \u00ae \u20ac5"), "caf\u00e9 \u2019s \u2014 \u00a9 \u00ae \u20ac5", UTF8, 0, nil},
		{"latin-1 nbsp and shy", []byte("1\xa0000 co\xadop"), "1 000 coop", Windows1252, 0, nil},
		{"utf-16 nbsp", []byte("\xFF\xFEa\x00\xa0\x00b\x00"), "a b", UTF16LE, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, decode := range map[string]func([]byte) (Text, error){"Bytes": Bytes, "View": View} {
				got, err := decode(slices.Clone(tt.in))
				if !errors.Is(err, tt.err) {
					t.Fatalf("%s: err = %v, want %v", name, err, tt.err)
				}
				if err != nil {
					continue
				}
				if got.Text != tt.want || got.Encoding != tt.encoding || got.Invalid != tt.invalid {
					t.Errorf("%s(%q) = %+v, want text %q encoding %s invalid %d", name, tt.in, got, tt.want, tt.encoding, tt.invalid)
				}
			}
		})
	}
}

// TestViewShares checks what View promises and Bytes must not do: the
// text of UTF-8 input shares the buffer.
func TestViewShares(t *testing.T) {
	b := []byte("hello world")
	viewed, _ := View(b)
	copied, _ := Bytes(b)
	b[0] = 'j'
	if viewed.Text != "jello world" || copied.Text != "hello world" {
		t.Errorf("after changing the buffer: View %q, Bytes %q", viewed.Text, copied.Text)
	}
}

// TestNormalizeSpacesAllocs: text with nothing to change is returned as
// it is, so View of plain UTF-8 allocates nothing.
func TestNormalizeSpacesAllocs(t *testing.T) {
	b := []byte("An article \u2014 with \u201cquotes\u201d, caf\u00e9 and \u20ac5,\nover two lines that are long enough.")
	if n := testing.AllocsPerRun(100, func() { _, _ = View(b) }); n != 0 {
		t.Errorf("View allocates %v times", n)
	}
}

// invisibles is what normalizeSpaces changes, as a plain replacer.
var invisibles = strings.NewReplacer("\u00a0", " ", "\u2007", " ", "\u202f", " ",
	"\u00ad", "", "\u200b", "", "\u200c", "", "\u200d", "", "\u200e", "", "\u200f", "",
	"\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2060", "", "\u2061", "", "\u2062", "", "\u2063", "", "\u2064", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "", "\ufeff", "")

func FuzzBytes(f *testing.F) {
	for _, s := range []string{"hello", "\xEF\xBB\xBFx\r\n", "\xFF\xFEa\x00", "caf\xE9", "a\x00b", "a\u00a0b\u00adc\u200bd\ufeff", "12345678\u00a0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Bytes(b)
		if err != nil {
			return
		}
		for _, r := range got.Text {
			if r == '\r' || r == 0 {
				t.Fatalf("output holds %q: %q", r, got.Text)
			}
		}
		if utf8.Valid(b) && !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
			s := strings.TrimPrefix(string(b), "\ufeff")
			if want := invisibles.Replace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")); got.Text != want {
				t.Fatalf("Bytes(%q) = %q, want %q", b, got.Text, want)
			}
		}
	})
}

// BenchmarkInvisibleText: a text that is all zero-width spaces, which
// was quadratic (a lookup for every lead byte from every change).
func BenchmarkInvisibleText(b *testing.B) {
	text := []byte(strings.Repeat("\u200b", 1<<18) + "\n" + strings.Repeat("x\u00a0\ufe0f", 1<<16))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Bytes(text); err != nil {
			b.Fatal(err)
		}
	}
}
