package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/neardup/neardup/pkg/doc"
)

// synthetic returns n entries with random signatures of perms values and
// anchors each, as an index of unrelated articles holds.
func synthetic(n, perms, anchors int, seed uint64) []doc.Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]doc.Doc, n)
	for i := range out {
		sig := make([]uint32, perms)
		for j := range sig {
			sig[j] = r.Uint32() >> 4 // minima: small values
		}
		an := make([]uint32, anchors)
		for j := range an {
			an[j] = r.Uint32()
		}
		out[i] = doc.Doc{Path: fmt.Sprintf("/archive/%03d/%08d.txt", i/1000, i), Size: 2500, ModTime: time.Unix(1700000000, 0),
			Hash: r.Uint64(), Words: 400, Shingles: 397, Content: r.Uint64(), Signature: sig, Anchors: an}
	}
	return out
}

func BenchmarkUpdate39k(b *testing.B) {
	es := synthetic(39000, 128, 50, 1)
	s := Settings{Shingle: 4, Perms: 128, Seed: 1, Lang: "english"}
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "a.ndx")
		ix, err := Open(path, true)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Update(s, nil, es, nil); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}
