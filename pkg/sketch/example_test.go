package sketch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/sketch"
)

// Two machines each write the sketch of their shard; one reads both.
func Example() {
	dir, _ := os.MkdirTemp("", "sketch-example")
	defer os.RemoveAll(dir)
	set := sketch.Settings{Settings: index.Settings{Shingle: 4, Perms: 16, Seed: 1, Lang: "english"}, Threshold: 0.5, Bands: 4, Rows: 4}
	sig := func(v uint32) []uint32 {
		s := make([]uint32, 16)
		for i := range s {
			s[i] = v + uint32(i)
		}
		return s
	}
	a := filepath.Join(dir, "part-0.parquet")
	b := filepath.Join(dir, "part-1.parquet")
	_ = sketch.WriteFile(context.Background(), a, &sketch.Shard{Settings: set, Docs: []doc.Doc{{Path: "news/b.txt", Words: 120, Signature: sig(1)}}})
	_ = sketch.WriteFile(context.Background(), b, &sketch.Shard{Settings: set, Skipped: 1, Docs: []doc.Doc{{Path: "news/a.txt", Words: 80, Signature: sig(1)}}})

	s, err := sketch.ReadFiles([]string{a, b})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range s.Docs {
		fmt.Println(d.Path, d.Words, d.Stored)
	}
	fmt.Println("skipped:", s.Skipped, "banding:", s.Settings.Bands, "x", s.Settings.Rows)
	// Output:
	// news/a.txt 80 true
	// news/b.txt 120 true
	// skipped: 1 banding: 4 x 4
}
