package shingle

import (
	"strings"
	"testing"
)

func TestHashes(t *testing.T) {
	words := strings.Fields("a b c d e")
	tests := []struct {
		name  string
		words []string
		k     int
		n     int
	}{
		{"five words k3", words, 3, 3},
		{"five words k5", words, 5, 1},
		{"shorter than k", words[:2], 5, 1},
		{"k1", words, 1, 5},
		{"k0 treated as 1", words, 0, 5},
		{"no words", nil, 3, 0},
	}
	for _, tt := range tests {
		if got := Hashes(nil, tt.words, tt.k); len(got) != tt.n {
			t.Errorf("%s: %d shingles, want %d", tt.name, len(got), tt.n)
		}
	}
}

func TestHashesOrderAndIdentity(t *testing.T) {
	ab := Hashes(nil, []string{"a", "b"}, 2)[0]
	ba := Hashes(nil, []string{"b", "a"}, 2)[0]
	if ab == ba {
		t.Error("shingle hash ignores word order")
	}
	// A shingle's hash depends on its words only, not on its position.
	x := Hashes(nil, strings.Fields("x a b"), 2)
	y := Hashes(nil, strings.Fields("a b y"), 2)
	if x[1] != y[0] {
		t.Error("same shingle at different positions hashed differently")
	}
	if a, b := Hashes(nil, []string{"ab", "c"}, 2)[0], Hashes(nil, []string{"a", "bc"}, 2)[0]; a == b {
		t.Error("word boundaries are lost in the shingle hash")
	}
}

func TestHashesLongDocument(t *testing.T) {
	words := strings.Fields(strings.Repeat("w ", 40))
	if got := len(Hashes(nil, words, 5)); got != 36 {
		t.Errorf("%d shingles, want 36", got)
	}
}

func BenchmarkHashes(b *testing.B) {
	words := strings.Fields(strings.Repeat("the council approv the tram line on monday after a long debat ", 40))
	dst := make([]uint64, 0, len(words))
	b.ReportAllocs()
	for b.Loop() {
		dst = Hashes(dst[:0], words, 4)
	}
}

// BenchmarkFromWordHashes: the shingles of a 480-word text from its word
// hashes, as verification recomputes them from packed texts.
func BenchmarkFromWordHashes(b *testing.B) {
	words := strings.Fields(strings.Repeat("the council approv the tram line on monday after a long debat ", 40))
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = WordHash(w)
	}
	dst := make([]uint64, 0, len(words))
	b.ReportAllocs()
	for b.Loop() {
		dst = FromWordHashes(dst[:0], hashes, 4)
	}
}

// TestFromWordHashesUnrolled: the unrolled path for four-word shingles
// hashes as combine does.
func TestFromWordHashesUnrolled(t *testing.T) {
	var words []uint64
	for i := range 50 {
		words = append(words, WordHash(strings.Repeat("x", i+1)))
	}
	for n := 1; n <= len(words); n++ {
		got := FromWordHashes(nil, words[:n], 4)
		k := min(4, n)
		if len(got) != n-k+1 {
			t.Fatalf("%d words: %d shingles", n, len(got))
		}
		for i, h := range got {
			if want := combine(words[i : i+k]); h != want {
				t.Fatalf("%d words: shingle %d is %x, want %x", n, i, h, want)
			}
		}
	}
}
