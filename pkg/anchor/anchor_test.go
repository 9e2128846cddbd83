package anchor

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func hashes(r *rand.Rand, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

func TestSelectRate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sh := hashes(r, 80000)
	got := len(Select(nil, sh))
	if want := len(sh) / Rate; got < want*9/10 || got > want*11/10 {
		t.Errorf("%d anchors of %d shingles, want about %d", got, len(sh), want)
	}
	// The same shingle is always an anchor or never: a passage shared by
	// two documents gives both the same anchors.
	a := Select(nil, sh[1000:2000])
	b := Select(nil, sh[1000:2000])
	if !reflect.DeepEqual(a, b) {
		t.Error("Select is not a function of the shingles")
	}
}

func TestPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	source := hashes(r, 4000)
	excerpt := slices.Clone(source[1000:1400]) // a tenth of the source
	unrelated := hashes(r, 4000)
	docs := [][]uint32{Select(nil, source), Select(nil, excerpt), Select(nil, unrelated)}
	got := Pairs(len(docs), func(i int) []uint32 { return docs[i] }, 2, 0)
	if len(got) != 1 || got[0].A != 0 || got[0].B != 1 || int(got[0].Shared) != len(docs[1]) {
		t.Errorf("Pairs = %+v, want the source and its excerpt sharing all %d of the excerpt's anchors", got, len(docs[1]))
	}
	// Repeated anchors count once.
	rep := [][]uint32{{5, 5, 5}, {5, 5}}
	if got := Pairs(2, func(i int) []uint32 { return rep[i] }, 2, 1); len(got) != 0 {
		t.Errorf("one anchor repeated counted as %+v", got)
	}
	// The holders of an anchor in more than MaxDocs documents pair with
	// the first of them only.
	common := make([][]uint32, MaxDocs+1)
	for i := range common {
		common[i] = []uint32{7, 8}
	}
	got = Pairs(len(common), func(i int) []uint32 { return common[i] }, 1, 2)
	if len(got) != MaxDocs || slices.ContainsFunc(got, func(p Pair) bool { return p.A != 0 || p.Shared != 2 }) {
		t.Errorf("%d documents sharing two anchors: %d pairs, want %d with the first", len(common), len(got), MaxDocs)
	}
	if got := Pairs(MaxDocs, func(i int) []uint32 { return common[i] }, 2, 3); len(got) != MaxDocs*(MaxDocs-1)/2 {
		t.Errorf("%d pairs from %d documents sharing two anchors", len(got), MaxDocs)
	}
	// An excerpt of a story copied by more than MaxDocs outlets shares its
	// anchors with the first copy (passed over, it was never paired).
	copies := make([][]uint32, 0, 2*MaxDocs+1)
	for range 2 * MaxDocs {
		copies = append(copies, Select(nil, source))
	}
	copies = append(copies, Select(nil, excerpt))
	last := int32(len(copies) - 1)
	got = Pairs(len(copies), func(i int) []uint32 { return copies[i] }, 2, 2)
	if !slices.Contains(got, Pair{A: 0, B: last, Shared: int32(len(docs[1]))}) {
		t.Errorf("excerpt of a story in %d documents not paired with the first", 2*MaxDocs)
	}
}

func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 100, 5000} {
		keys := hashes(r, n)
		want := slices.Clone(keys)
		slices.Sort(want)
		if got := radixSort(slices.Clone(keys), 0); !slices.Equal(got, want) {
			t.Errorf("n=%d: not sorted", n)
		}
		// By the high half only, stable: equal high halves keep their order.
		for i := range keys {
			keys[i] = keys[i]&^0xFFFFFFFF | uint64(i)
			keys[i] &= 0xFF000000FFFFFFFF
		}
		got := radixSort(slices.Clone(keys), 32)
		for i := 1; i < len(got); i++ {
			if got[i-1]>>32 > got[i]>>32 || got[i-1]>>32 == got[i]>>32 && uint32(got[i-1]) > uint32(got[i]) {
				t.Fatalf("n=%d: not stable by the high half at %d", n, i)
			}
		}
	}
}

// TestPairsInParts: taking the anchors in slices of the hash space, to
// bound memory, and counting on any number of goroutines, finds the same
// pairs with the same counts.
func TestPairsInParts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	base := hashes(r, 3000)
	var docs [][]uint32
	for i := range 40 {
		lo := r.IntN(2500)
		docs = append(docs, Select(nil, base[lo:lo+100+i]))
	}
	anchors := func(i int) []uint32 { return docs[i] }
	want := Pairs(len(docs), anchors, 2, 0)
	if len(want) == 0 {
		t.Fatal("no pairs to compare")
	}
	defer func(m int) { maxPostings = m }(maxPostings)
	for _, m := range []int{7, 100, 1000} {
		for jobs := 1; jobs <= 3; jobs++ {
			maxPostings = m
			if got := Pairs(len(docs), anchors, 2, jobs); !reflect.DeepEqual(got, want) {
				t.Errorf("maxPostings %d, %d jobs: %d pairs, want %d", m, jobs, len(got), len(want))
			}
		}
	}
}

// BenchmarkPairs: 39,000 documents of 53 anchors, a tenth of them copies
// of another with a few anchors changed (the bench folder's shape).
func BenchmarkPairs(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	docs := make([][]uint32, 39000)
	for i := range docs {
		if i > 0 && i%10 == 0 {
			docs[i] = slices.Clone(docs[i-1])
			docs[i][r.IntN(len(docs[i]))] = r.Uint32()
			continue
		}
		docs[i] = make([]uint32, 53)
		for k := range docs[i] {
			docs[i][k] = r.Uint32()
		}
	}
	anchors := func(i int) []uint32 { return docs[i] }
	b.ReportAllocs()
	for b.Loop() {
		Pairs(len(docs), anchors, 2, 0)
	}
}

// BenchmarkPairsSyndicated: 40,000 documents of 47 anchors in groups of
// 22 versions of one story, each with a fifth of its anchors its own (the
// shape of bench -shape syndicated: every story in every round).
func BenchmarkPairsSyndicated(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	docs := make([][]uint32, 40000)
	stories := len(docs) / 22
	story := make([][]uint32, stories)
	for s := range story {
		story[s] = make([]uint32, 47)
		for k := range story[s] {
			story[s][k] = r.Uint32()
		}
	}
	for i := range docs {
		docs[i] = slices.Clone(story[i%stories])
		for k := range docs[i] {
			if r.IntN(5) == 0 {
				docs[i][k] = r.Uint32()
			}
		}
	}
	anchors := func(i int) []uint32 { return docs[i] }
	b.ReportAllocs()
	for b.Loop() {
		Pairs(len(docs), anchors, 2, 0)
	}
}

// TestPairsReference checks Pairs against counting every pair's shared
// anchors directly, on groups of versions of a story (anchors changed,
// repeated, and some in more than MaxDocs documents, which count only
// with their first holder).
func TestPairsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	docs := make([][]uint32, 300)
	story := make([][]uint32, 5)
	for s := range story {
		story[s] = make([]uint32, 30)
		for k := range story[s] {
			story[s][k] = r.Uint32N(5000) // collisions across stories too
		}
	}
	for i := range docs {
		docs[i] = slices.Clone(story[r.IntN(len(story))][:10+r.IntN(20)])
		for k := range docs[i] {
			switch r.IntN(6) {
			case 0:
				docs[i][k] = r.Uint32()
			case 1:
				docs[i] = append(docs[i], docs[i][k]) // a repeat
			}
		}
	}
	holders, firstHolder := map[uint32]map[int]bool{}, map[uint32]int{}
	for i, d := range docs {
		for _, a := range d {
			if holders[a] == nil {
				holders[a], firstHolder[a] = map[int]bool{}, i
			}
			holders[a][i] = true
		}
	}
	var want []Pair
	for a := range docs {
		for b := a + 1; b < len(docs); b++ {
			seen, shared := map[uint32]bool{}, 0
			for _, x := range docs[a] {
				if !seen[x] && slices.Contains(docs[b], x) && (len(holders[x]) <= MaxDocs || firstHolder[x] == a) {
					shared++
				}
				seen[x] = true
			}
			if shared >= 2 {
				want = append(want, Pair{int32(a), int32(b), int32(shared)})
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no pairs to compare")
	}
	for jobs := 1; jobs <= 3; jobs++ {
		if got := Pairs(len(docs), func(i int) []uint32 { return docs[i] }, 2, jobs); !reflect.DeepEqual(got, want) {
			t.Errorf("%d jobs: %d pairs, want %d", jobs, len(got), len(want))
		}
	}
}
