// Command sketchgen writes synthetic sketch files, for measuring neardup
// group at a scale no test folder reaches:
//
//	go run ./pkg/internal/cmd/sketchgen -rows 1000000 -shards 10 -dir /tmp/sketches
//	/usr/bin/time -v neardup group -q -f csv /tmp/sketches/*.parquet
//
// Rows look like news articles fingerprinted with the default settings
// (128 permutations, 4-word shingles, about 400 words and 50 anchors a
// document): 10% are near-duplicates of an earlier document (a quarter of
// the signature redrawn: Jaccard about 0.75) and 2% identical copies.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/sketch"
)

func main() {
	rows := flag.Int("rows", 1000000, "documents in all")
	shards := flag.Int("shards", 10, "sketch files")
	dir := flag.String("dir", "", "folder to write them to")
	flag.Parse()
	if *dir == "" || *shards < 1 {
		fmt.Fprintln(os.Stderr, "sketchgen: -dir is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	const perms = 128
	p := lsh.Optimal(0.5, perms)
	set := sketch.Settings{Settings: index.Settings{Shingle: 4, Perms: perms, Seed: 1, Lang: "english", Clean: true, Rules: "synthetic", TemplateFiles: 3, TemplateShare: 0.01},
		MaxBytes: 8 << 20, Threshold: 0.5, Bands: p.Bands, Rows: p.Rows}
	tmpl := clean.TemplatesFrom(map[uint64]int{1: 100})
	r := rand.New(rand.NewPCG(1, 2))
	var recent []doc.Doc // sources of copies, across shards
	per := (*rows + *shards - 1) / *shards
	for s := range *shards {
		n := min(per, *rows-s*per)
		docs := make([]doc.Doc, n)
		for i := range docs {
			d := doc.Doc{Path: fmt.Sprintf("s%03d/doc-%08d.txt", s, s*per+i), Size: 2400 + int64(r.IntN(2000)), Hash: r.Uint64(), Encoding: "utf-8",
				Words: 300 + r.IntN(200)}
			switch x := r.IntN(100); {
			case x < 2 && len(recent) > 0: // identical copy
				src := recent[r.IntN(len(recent))]
				d.Words, d.Shingles, d.Content = src.Words, src.Shingles, src.Content
				d.Signature, d.Anchors = slices.Clone(src.Signature), slices.Clone(src.Anchors)
			case x < 12 && len(recent) > 0: // near-duplicate
				src := recent[r.IntN(len(recent))]
				d.Shingles, d.Content = src.Shingles, r.Uint64()
				d.Signature = slices.Clone(src.Signature)
				for k := range d.Signature {
					if r.IntN(4) == 0 {
						d.Signature[k] = r.Uint32()
					}
				}
				d.Anchors = slices.Clone(src.Anchors)
				for k := range d.Anchors {
					if r.IntN(5) == 0 {
						d.Anchors[k] = r.Uint32()
					}
				}
			default:
				d.Shingles, d.Content = d.Words-3, r.Uint64()
				d.Signature = make([]uint32, perms)
				for k := range d.Signature {
					d.Signature[k] = r.Uint32()
				}
				d.Anchors = make([]uint32, d.Shingles/8)
				for k := range d.Anchors {
					d.Anchors[k] = r.Uint32()
				}
			}
			docs[i] = d
			if len(recent) < 10000 {
				recent = append(recent, d)
			} else {
				recent[r.IntN(len(recent))] = d
			}
		}
		path := filepath.Join(*dir, fmt.Sprintf("part-%03d.parquet", s))
		if err := sketch.WriteFile(context.Background(), path, &sketch.Shard{Settings: set, Templates: tmpl, Docs: docs}); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "sketchgen: %s: %d rows\n", path, n)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sketchgen:", err)
	os.Exit(1)
}
