package group_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/group"
)

func ExampleBuild() {
	edges := []group.Edge{
		{A: 0, B: 1, Kind: group.Similar, Jaccard: 0.54, Containment: 0.7},
		{A: 1, B: 2, Kind: group.Similar, Jaccard: 0.53, Containment: 0.69},
		// Document 3 is an excerpt: 95% of it is inside document 2.
		{A: 3, B: 2, Kind: group.Contained, Jaccard: 0.2, Containment: 0.95},
	}
	for _, g := range group.Build(5, edges) {
		for _, m := range g.Members {
			fmt.Printf("%d: %v %d %.2f\n", m.Doc, m.Via.Kind, m.Other(), m.Via.Score())
		}
	}
	// Output:
	// 0: similar 1 0.54
	// 1: similar 0 0.54
	// 2: similar 1 0.53
	// 3: contained 2 0.95
}
