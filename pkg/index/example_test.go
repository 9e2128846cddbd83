package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
)

func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ix, err := index.Open(filepath.Join(dir, "archive.ndx"), true)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	s := index.Settings{Shingle: 4, Perms: 2, Seed: 1, Lang: "english"}
	_ = ix.Update(s, nil, []doc.Doc{{Path: "/news/a.txt", Signature: []uint32{7, 9}}}, nil)
	_ = ix.Each(func(e doc.Doc) error {
		fmt.Println(e.Path, e.Signature)
		return nil
	})
	// Output: /news/a.txt [7 9]
}

// A query reads only the entries it could match: those that agree with it
// on a band of the index's banding, or share two anchors with it.
func ExampleIndex_Candidates() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ix, err := index.Open(filepath.Join(dir, "archive.ndx"), true)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	s := index.Settings{Shingle: 4, Perms: 8, Seed: 1, Lang: "english"}
	_ = ix.Update(s, nil, []doc.Doc{
		{Path: "/news/copy.txt", Signature: []uint32{1, 2, 3, 4, 5, 6, 7, 8}},
		{Path: "/news/source.txt", Signature: []uint32{9, 9, 9, 9, 9, 9, 9, 9}, Anchors: []uint32{10, 20, 30}},
		{Path: "/news/other.txt", Signature: []uint32{8, 8, 8, 8, 8, 8, 8, 8}, Anchors: []uint32{30, 40}},
	}, nil)
	fmt.Println("banding:", ix.Banding())
	query := doc.Doc{Path: "incoming.txt", Signature: []uint32{1, 2, 3, 4, 0, 0, 0, 0}, Anchors: []uint32{20, 30, 50}}
	found, err := ix.Candidates(context.Background(), []doc.Doc{query}, 2, anchor.MaxDocs)
	if err != nil {
		panic(err)
	}
	for _, e := range found {
		fmt.Println(e.Path)
	}
	// Output:
	// banding: {7 1}
	// /news/copy.txt
	// /news/source.txt
}
