package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/shingle"
)

// zipfTerms returns n term hashes drawn from a vocabulary of vocab terms
// the way words in text are: a few very common, most rare.
func zipfTerms(r *rand.Rand, n, vocab int) []uint64 {
	z := rand.NewZipf(r, 1.1, 1, uint64(vocab-1))
	terms := make([]uint64, n)
	for i := range terms {
		terms[i] = shingle.WordHash(string(rune('a'+z.Uint64()%26)) + string(rune(0x100+z.Uint64()/26)))
	}
	return terms
}

// TestPackRoundTrip: unpacking gives the sequence and the set of distinct
// shingles back, for texts of every small length, with repeats, and with
// a shingle hashing to 0 (the set's empty mark).
func TestPackRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var tt termTable
	var p packer
	var u unpacked
	check := func(name string, terms []uint64, k int) {
		t.Helper()
		seq := shingle.FromWordHashes(nil, terms, k)
		checkSet(t, name, seq, p.pack(&tt, terms), &u, tt.table(), k)
	}
	for n := 1; n < 300; n++ {
		check("zipf", zipfTerms(r, n, 5000), 4)
		check("few terms", zipfTerms(r, n, 3), 1) // many repeated shingles
	}
	check("long", zipfTerms(r, 70000, 50000), 4)
	check("long, repeats", zipfTerms(r, 70000, 20), 2)

	var s shingleSet
	s.build([]uint64{5, 0, 7, 0, 5})
	if s.len() != 3 || !s.has(0) || !s.has(5) || !s.has(7) || s.has(6) {
		t.Fatalf("set of 5, 0, 7: %v", s.distinct)
	}
	s.build([]uint64{5})
	if s.has(0) {
		t.Fatal("0 is still in the set after build")
	}
}

func checkSet(t *testing.T, name string, seq []uint64, pt packedText, u *unpacked, hashes []uint64, k int) {
	t.Helper()
	set := slices.Compact(slices.Sorted(slices.Values(seq)))
	u.unpack(pt, hashes, k)
	if !slices.Equal(u.seq, seq) {
		t.Fatalf("%s (%d shingles): sequence differs", name, len(seq))
	}
	if got := slices.Sorted(slices.Values(u.set.distinct)); !slices.Equal(got, set) {
		t.Fatalf("%s (%d shingles): set differs", name, len(seq))
	}
	for _, v := range set {
		if !u.set.has(v) || u.set.has(v+1) && !slices.Contains(set, v+1) {
			t.Fatalf("%s: membership of %x wrong", name, v)
		}
	}
}

// TestSetMeasures: intersections and passages from sets are those from
// sorted slices.
func TestSetMeasures(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var a, b shingleSet
	for range 200 {
		x, y := make([]uint64, r.IntN(500)), make([]uint64, r.IntN(500))
		for i := range x {
			x[i] = r.Uint64N(1000) * 0x9E3779B97F4A7C15
		}
		for i := range y {
			y[i] = r.Uint64N(1000) * 0x9E3779B97F4A7C15
		}
		a.build(x)
		b.build(y)
		sx, sy := slices.Compact(slices.Sorted(slices.Values(x))), slices.Compact(slices.Sorted(slices.Values(y)))
		want := 0
		for _, v := range sx {
			if _, ok := slices.BinarySearch(sy, v); ok {
				want++
			}
		}
		if got := intersectSets(&a, &b); got != want {
			t.Fatalf("intersection %d, want %d", got, want)
		}
		p, u := coverage(x, &b)
		wp, wu := group.Coverage(x, sy)
		if p != wp || u != wu {
			t.Fatalf("coverage %d, %d, want %d, %d", p, u, wp, wu)
		}
	}
}

// TestTextCache: documents come back as packed, and the last ones are
// kept.
func TestTextCache(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var tt termTable
	var p packer
	var texts []packedText
	var seqs [][]uint64
	for range 10 {
		terms := zipfTerms(r, 50+r.IntN(100), 1000)
		seq := shingle.FromWordHashes(nil, terms, 3)
		seqs = append(seqs, seq)
		texts = append(texts, p.pack(&tt, terms))
	}
	var c textCache
	c.reset()
	unpacks := 0
	get := func(d int) *unpacked {
		u := c.get(d, texts[d], func() []uint64 { unpacks++; return tt.table() }, 3)
		if !slices.Equal(u.seq, seqs[d]) {
			t.Fatalf("document %d: sequence differs", d)
		}
		return u
	}
	for _, d := range []int{0, 1, 0, 2, 0, 3, 0, 4, 0, 5} {
		get(d)
	}
	if unpacks != 6 {
		t.Fatalf("%d unpacks, want 6 (0 stays)", unpacks)
	}
	a := get(7)
	get(8)
	get(9)
	if a.doc != 7 {
		t.Fatal("the third last document was evicted")
	}
}

// BenchmarkUnpack: 400-shingle documents over a news-like vocabulary, as
// verification and reports unpack them.
func BenchmarkUnpack(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var tt termTable
	var p packer
	texts := make([]packedText, 1000)
	for d := range texts {
		terms := zipfTerms(r, 403, 20000)
		texts[d] = p.pack(&tt, terms)
	}
	hashes := tt.table()
	var u unpacked
	b.ReportAllocs()
	for b.Loop() {
		for _, pt := range texts {
			u.unpack(pt, hashes, 4)
		}
	}
}

// BenchmarkPack: the same documents packed, as reading them again does.
func BenchmarkPack(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var tt termTable
	var p packer
	docs := make([][]uint64, 1000)
	for d := range docs {
		docs[d] = zipfTerms(r, 403, 20000)
	}
	for b.Loop() {
		for _, d := range docs {
			p.pack(&tt, d)
		}
	}
}

// BenchmarkSetIntersect: pairs of 400-shingle documents sharing about 60%,
// measured from their sets, as verification does.
func BenchmarkSetIntersect(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	pairs := make([][2]shingleSet, 1000)
	for p := range pairs {
		a, c := make([]uint64, 400), make([]uint64, 400)
		for i := range a {
			a[i] = r.Uint64()
			c[i] = a[i]
			if r.IntN(10) < 4 {
				c[i] = r.Uint64()
			}
		}
		pairs[p][0].build(a)
		pairs[p][1].build(c)
	}
	for b.Loop() {
		for p := range pairs {
			intersectSets(&pairs[p][0], &pairs[p][1])
		}
	}
}
