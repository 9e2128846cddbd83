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
