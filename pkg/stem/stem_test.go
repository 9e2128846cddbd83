package stem

import (
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"english", "missiles", "missil"},
		{"english", "missile", "missil"},
		{"english", "running", "run"},
		{"english", "trump's", "trump"},
		{"english", "the", "the"},
		{"English", "considered", "consid"},
		{"french", "continuellement", "continuel"},
		{"spanish", "corriendo", "corr"},
		{"russian", "ракеты", "ракет"},
		{"swedish", "missilerna", "missil"},
		{"norwegian", "missilene", "missil"},
		{"hungarian", "rakéták", "rakéta"},
	}
	for _, tt := range tests {
		s, err := New(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ { // second call is served by the cache
			if got := s.Stem(tt.word); got != tt.want {
				t.Errorf("%s Stem(%q) = %q, want %q", tt.lang, tt.word, got, tt.want)
			}
		}
	}
}

func TestNewUnknown(t *testing.T) {
	_, err := New("klingon")
	if err == nil || !strings.Contains(err.Error(), "english") {
		t.Fatalf("New(klingon) err = %v, want one listing the supported languages", err)
	}
}

func TestLanguages(t *testing.T) {
	got := strings.Join(Languages(), ",")
	if got != "english,french,hungarian,norwegian,russian,spanish,swedish" {
		t.Errorf("Languages() = %s", got)
	}
}

func BenchmarkStemCached(b *testing.B) {
	s, _ := New("english")
	words := strings.Fields("the president considered sending long range missiles to ukraine amid speculation")
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			s.Stem(w)
		}
	}
}

// TestStemUncached: the same stems with and without the cache.
func TestStemUncached(t *testing.T) {
	for _, lang := range Languages() {
		s, err := New(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"running", "missiles", "launched", "générations", "hablando", "говорил", "kärlek", "the", "is"} {
			if got, want := s.StemUncached(w), s.Stem(w); got != want {
				t.Errorf("%s %q: uncached %q, cached %q", lang, w, got, want)
			}
		}
	}
}
