package anchor_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/anchor"
)

func ExamplePairs() {
	// Shingle hashes of an article and of an excerpt of its middle.
	article := make([]uint64, 2000)
	for i := range article {
		article[i] = uint64(i) * 0x9E3779B97F4A7C15
	}
	excerpt := article[800:1000]
	docs := [][]uint32{anchor.Select(nil, article), anchor.Select(nil, excerpt)}
	for _, p := range anchor.Pairs(len(docs), func(i int) []uint32 { return docs[i] }, 2, 0) {
		fmt.Printf("%d and %d share %d of the excerpt's %d anchors\n", p.A, p.B, p.Shared, len(docs[1]))
	}
	// Output: 0 and 1 share 25 of the excerpt's 25 anchors
}
