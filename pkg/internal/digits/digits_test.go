package digits

import (
	"fmt"
	"testing"
)

// Next finds what a plain loop finds, at every offset and across bytes
// of every value.
func TestNext(t *testing.T) {
	var b []byte
	for i := range 600 {
		b = append(b, byte(i*7+i/3))
	}
	s := string(b)
	for i := range len(s) + 1 {
		want := i
		for want < len(s) && (s[want] < '0' || s[want] > '9') {
			want++
		}
		if got := Next(s, i); got != want {
			t.Fatalf("Next(s, %d) = %d, want %d", i, got, want)
		}
	}
}

func ExampleNext() {
	fmt.Println(Next("Rovers won 2-1", 0))
	// Output: 11
}

func BenchmarkNext(b *testing.B) {
	var sb []byte
	for i := 0; len(sb) < 1<<16; i++ {
		sb = append(sb, "The council voted on Tuesday to extend the tram line by 6.2 kilometres at a cost of about 410 million. "...)
	}
	s := string(sb)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		n := 0
		for i := Next(s, 0); i < len(s); i = Next(s, i+1) {
			n++
		}
	}
}
