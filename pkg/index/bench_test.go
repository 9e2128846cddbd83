package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/doc"
)

// synthetic returns n entries with random signatures of perms values and
// anchors each, as an index of unrelated articles holds, in path order.
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

var benchSettings = Settings{Shingle: 4, Perms: 128, Seed: 1, Lang: "english"}

// BenchmarkUpdate39k writes a new index of 39,000 entries, as the first
// neardup index of the folder of issue #5 does.
func BenchmarkUpdate39k(b *testing.B) {
	es := synthetic(39000, 128, 50, 1)
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "a.ndx")
		ix, err := Open(path, true)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Update(benchSettings, nil, es, nil); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkCandidates queries 100 documents, each with two near copies in
// an index of 100,000 entries (half of each copy's signature and anchors
// its own), against that index: open, then Candidates.
func BenchmarkCandidates(b *testing.B) {
	es := synthetic(100_000, 128, 50, 2)
	queries := synthetic(100, 128, 50, 3)
	for i, q := range queries {
		for k := range 2 {
			e := &es[(i*2+k)*499]
			copy(e.Signature[:64], q.Signature)
			copy(e.Anchors[:25], q.Anchors)
		}
	}
	path := filepath.Join(b.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		b.Fatal(err)
	}
	if err := ix.Update(benchSettings, nil, es, nil); err != nil {
		b.Fatal(err)
	}
	ix.Close()
	b.ResetTimer()
	for b.Loop() {
		ix, err := Open(path, false)
		if err != nil {
			b.Fatal(err)
		}
		got, err := ix.Candidates(context.Background(), queries, 2, anchor.MaxDocs)
		if err != nil {
			b.Fatal(err)
		}
		if len(got) < 200 {
			b.Fatalf("%d candidates, want the 200 copies", len(got))
		}
		ix.Close()
	}
}
