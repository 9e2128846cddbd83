package neardup_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/neardup"
)

// Scan a folder and print each group's members, the kept one first. No
// member is redundant: each copy in the sample has words of its own
// ("Eleven thousand" for "11,000", a word changed), which removing it
// would lose.
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
	//   0.82 daily-digest-bees.txt redundant=false
	// group 2
	//   1.00 metro-wire-tram.txt redundant=false
	//   0.87 riverside-gazette-tram.txt redundant=false
	//   0.66 valley-post-tram-trimmed.txt redundant=false
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

// Keep an index of an archive and ask whether new files repeat it.
func ExampleOpenIndex() {
	ctx := context.Background()
	archive, _, err := inputs.Expand([]string{"../../testdata/articles"}, inputs.Options{})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "neardup-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	opts := neardup.DefaultOptions()
	ix, err := neardup.OpenIndex(ctx, filepath.Join(dir, "archive.ndx"), neardup.IndexOptions{Write: true})
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	changes, _, err := ix.Update(ctx, archive, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println("indexed", changes.Added)
	res, err := ix.Query(ctx, []string{"../../testdata/incoming/reprint.txt"}, opts)
	if err != nil {
		panic(err)
	}
	for _, g := range res.Report.Groups {
		for _, m := range g.Members[1:] {
			fmt.Printf("%s repeats %s\n", filepath.Base(g.Members[0].Path), filepath.Base(m.Path))
		}
	}
	// Output:
	// indexed 10
	// reprint.txt repeats city-science-bees.txt
	// reprint.txt repeats daily-digest-bees.txt
}

// Clean shows what cleaning removes from each file, and why.
func ExampleClean() {
	dir, err := os.MkdirTemp("", "neardup-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	article := filepath.Join(dir, "tram.txt")
	text := `Riverside opens its new tram line on Monday, three years after work began.
Story continues below advertisement
The line links the station with the hospital and the university campus.
Sign up to our weekly newsletter
Officials expect twelve thousand riders a day by the end of the year.
`
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		panic(err)
	}
	opts := neardup.DefaultOptions()
	opts.Clean.TemplateFiles = 0 // rules and line features only: one file is no corpus
	err = neardup.Clean(context.Background(), []string{article}, opts,
		func(path, text string, removals []clean.Removal) error {
			for _, r := range removals {
				fmt.Printf("line %d: %s %s: %s\n", r.Line, r.Layer, r.Kind, r.Text)
			}
			return nil
		},
		func(w neardup.Warning) { fmt.Println("warning:", w.Path, w.Err) })
	if err != nil {
		panic(err)
	}
	// Output:
	// line 2: rule advert: Story continues below advertisement
	// line 4: rule newsletter: Sign up to our weekly newsletter
}

// Fingerprint a folder once and group it several ways, as eval's sweeps do.
func ExampleCorpus_Group() {
	ctx := context.Background()
	files, _, err := inputs.Expand([]string{"../../testdata/articles"}, inputs.Options{})
	if err != nil {
		panic(err)
	}
	opts := neardup.DefaultOptions()
	c, err := neardup.Fingerprint(ctx, files, opts)
	if err != nil {
		panic(err)
	}
	for _, t := range []float64{0.5, 0.85} {
		g := opts.Group
		g.Threshold, g.Containment = t, 0
		res, err := c.Group(ctx, g)
		if err != nil {
			panic(err)
		}
		fmt.Printf("threshold %.2f: files %d, groups %d\n", t, len(c.Docs), len(res.Report.Groups))
	}
	// Output:
	// threshold 0.50: files 10, groups 2
	// threshold 0.85: files 10, groups 1
}

// Scan with an index as a cache of fingerprints, as scan --db does: the
// second scan reads every fingerprint from the index.
func ExampleIndex_Scan() {
	ctx := context.Background()
	files, _, err := inputs.Expand([]string{"../../testdata/articles"}, inputs.Options{})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "neardup-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	opts := neardup.DefaultOptions()
	for run := 1; run <= 2; run++ {
		ix, err := neardup.OpenIndex(ctx, filepath.Join(dir, "cache.ndx"), neardup.IndexOptions{Create: true})
		if err != nil {
			panic(err)
		}
		c, err := ix.Scan(ctx, files, opts)
		if err != nil {
			panic(err)
		}
		res, err := c.Group(ctx, opts.Group)
		if err != nil {
			panic(err)
		}
		fmt.Printf("run %d: %d groups, %d fingerprints from the index\n", run, len(res.Report.Groups), c.Stages.Stored)
		if err := ix.Store(ctx, c); err != nil { // the new fingerprints, once the answer is out
			panic(err)
		}
		ix.Close()
	}
	// Output:
	// run 1: 2 groups, 0 fingerprints from the index
	// run 2: 2 groups, 10 fingerprints from the index
}
