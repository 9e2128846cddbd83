package minhash_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/minhash"
)

func ExampleHasher_Sum() {
	h, err := minhash.New(128, 1)
	if err != nil {
		panic(err)
	}
	a := h.Sum(nil, []uint64{1, 2, 3, 4})
	b := h.Sum(nil, []uint64{4, 3, 2, 1})
	fmt.Println(minhash.Similarity(a, b))
	// Output: 1
}
