// Command syndicate writes a syndication test set for neardup from clean
// BBC articles:
//
//	go run ./pkg/internal/cmd/syndicate -out /tmp/synd
//	go run ./pkg/internal/cmd/syndicate -modes -n 1000 -out /tmp/modes
//	go run ./cmd/neardup eval --truth /tmp/synd/truth.json /tmp/synd
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/neardup/neardup/pkg/internal/syndicate"
)

func main() {
	src := flag.String("src", "../shared/corpora/bbc", "BBC corpus folder")
	dupes := flag.String("dupes", "../shared/corpora/bbc-duplicates.tsv", "known duplicates to leave out")
	out := flag.String("out", "", "folder to write (required)")
	n := flag.Int("n", 600, "source articles")
	seed := flag.Uint64("seed", 1, "random seed")
	share := flag.Float64("copied", 0.4, "share of sources that get copies")
	modes := flag.Bool("modes", false, "write a mixed set of every mode (copies, chain, rewrite, excerpt, aggregator, independent negatives)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "syndicate: -out is required")
		os.Exit(2)
	}
	sources, err := syndicate.ReadBBC(*src, *dupes, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "syndicate:", err)
		os.Exit(1)
	}
	if *modes {
		truth, err := syndicate.GenerateModes(sources, *out, *seed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "syndicate:", err)
			os.Exit(1)
		}
		for _, m := range syndicate.Modes {
			fmt.Printf("%s: %d groups\n", m, len(truth.Modes[m]))
		}
		fmt.Printf("%d negative pairs, truth in %s/truth.json\n", len(truth.Negatives), *out)
		return
	}
	truth, err := syndicate.Generate(sources, *out, syndicate.Options{Seed: *seed, CopiedShare: *share, MaxCopies: 3})
	if err != nil {
		fmt.Fprintln(os.Stderr, "syndicate:", err)
		os.Exit(1)
	}
	copies := 0
	for _, g := range truth.Groups {
		copies += len(g) - 1
	}
	fmt.Printf("%d sources, %d copied, %d copies, truth in %s/truth.json\n", len(sources), len(truth.Groups), copies, *out)
}
