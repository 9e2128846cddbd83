package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHashSorterSet: the set is the sorted distinct values, for uniform
// hashes, repeats, clustered values and every small size.
func TestHashSorterSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h hashSorter
	check := func(name string, seq []uint64) {
		t.Helper()
		orig := slices.Clone(seq)
		want := slices.Clone(seq)
		slices.Sort(want)
		want = slices.Compact(want)
		got := h.set(seq)
		if !slices.Equal(got, want) {
			t.Fatalf("%s (%d values): set differs from sort and compact", name, len(seq))
		}
		if !slices.Equal(seq, orig) {
			t.Fatalf("%s: seq changed", name)
		}
	}
	for n := range 300 {
		seq := make([]uint64, n)
		for i := range seq {
			seq[i] = r.Uint64()
		}
		check("uniform", seq)
		for i := range seq {
			seq[i] = seq[r.IntN(i+1)] // repeats
		}
		check("repeats", seq)
	}
	for _, n := range []int{1000, 70000} {
		seq := make([]uint64, n)
		for i := range seq {
			seq[i] = r.Uint64N(50) // one bucket, few values
		}
		check("clustered", seq)
		for i := range seq {
			seq[i] = uint64(n-i) << 40 // descending, in a few top buckets
		}
		check("descending", seq)
		for i := range seq {
			seq[i] = ^uint64(0) - uint64(r.IntN(3))
		}
		check("top", seq)
	}
}

// BenchmarkShingleSet: sets of 400-shingle documents, as verification
// builds them.
func BenchmarkShingleSet(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	docs := make([][]uint64, 1000)
	for d := range docs {
		docs[d] = make([]uint64, 400)
		for i := range docs[d] {
			docs[d][i] = r.Uint64()
		}
		docs[d][399] = docs[d][7] // a repeat
	}
	var h hashSorter
	for b.Loop() {
		for _, seq := range docs {
			h.set(seq)
		}
	}
}

// BenchmarkIntersect: pairs of 400-shingle sets sharing about 60%.
func BenchmarkIntersect(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	var h hashSorter
	pairs := make([][2][]uint64, 1000)
	for p := range pairs {
		a, c := make([]uint64, 400), make([]uint64, 400)
		for i := range a {
			a[i] = r.Uint64()
			c[i] = a[i]
			if r.IntN(10) < 4 {
				c[i] = r.Uint64()
			}
		}
		pairs[p] = [2][]uint64{h.set(a), h.set(c)}
	}
	for b.Loop() {
		for _, p := range pairs {
			intersect(p[0], p[1])
		}
	}
}
