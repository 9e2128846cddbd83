package neardup_test

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/neardup"
)

// Scan a folder and print each group's members, the kept one first.
func ExampleScan() {
	files, _, err := inputs.Expand([]string{"../../testdata/articles"}, inputs.Options{})
	if err != nil {
		panic(err)
	}
	res, err := neardup.Scan(context.Background(), files, neardup.DefaultOptions())
	if err != nil {
		panic(err)
	}
	for _, g := range res.Report.Groups {
		fmt.Println("group", g.ID)
		for _, m := range g.Members {
			fmt.Printf("  %.2f %s redundant=%v\n", m.Similarity, filepath.Base(m.Path), m.Redundant)
		}
	}
	// Output:
	// group 1
	//   1.00 city-science-bees.txt redundant=false
	//   0.83 daily-digest-bees.txt redundant=true
	// group 2
	//   1.00 metro-wire-tram.txt redundant=false
	//   0.88 riverside-gazette-tram.txt redundant=true
	//   0.64 valley-post-tram-trimmed.txt redundant=true
}

// Compare explains one pair as Scan sees it.
func ExampleCompare() {
	c, _, err := neardup.Compare(context.Background(), "../../testdata/articles/metro-wire-tram.txt", "../../testdata/articles/riverside-gazette-tram.txt", neardup.DefaultOptions(), 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s, exact Jaccard %.2f\n", c.Relation, c.Exact)
	// Output: similar, exact Jaccard 0.87
}
