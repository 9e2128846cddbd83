package group_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/lsh"
)

func ExampleBuild() {
	sim := func(a, b int) float64 {
		if a+b == 2 { // documents 0 and 2 are near-duplicates
			return 0.9
		}
		return 0.1
	}
	pairs := []lsh.Pair{{A: 0, B: 1}, {A: 0, B: 2}}
	for _, g := range group.Build(3, pairs, group.Threshold(sim, 0.5)) {
		fmt.Println(g.Members)
	}
	// Output: [{0 1} {2 0.9}]
}
