package index_test

import (
	"fmt"
	"os"
	"path/filepath"

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
