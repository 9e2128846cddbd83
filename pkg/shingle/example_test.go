package shingle_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/shingle"
)

func ExampleHashes() {
	words := []string{"the", "missil", "was", "launch", "today"}
	fmt.Println(len(shingle.Hashes(nil, words, 3)), "shingles")
	// Output: 3 shingles
}
