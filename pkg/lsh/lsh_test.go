package lsh

import (
	"cmp"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestOptimal(t *testing.T) {
	for _, tt := range []struct {
		threshold float64
		perms     int
	}{{0.5, 128}, {0.8, 128}, {0.3, 128}, {0.9, 256}, {0.5, 16}} {
		p := Optimal(tt.threshold, tt.perms)
		if err := p.Validate(tt.perms); err != nil {
			t.Fatalf("Optimal(%v, %d) = %+v: %v", tt.threshold, tt.perms, p, err)
		}
		// The S-curve's steepest point (1/b)^(1/r) sits near the threshold.
		knee := math.Pow(1/float64(p.Bands), 1/float64(p.Rows))
		if math.Abs(knee-tt.threshold) > 0.15 {
			t.Errorf("Optimal(%v, %d) = %+v, knee at %.2f", tt.threshold, tt.perms, p, knee)
		}
		if tt.perms >= 128 && p.Probability(tt.threshold+0.2) < 0.9 && tt.threshold <= 0.8 {
			t.Errorf("Optimal(%v, %d) = %+v misses pairs well above the threshold", tt.threshold, tt.perms, p)
		}
	}
	// datasketch's MinHashLSH(threshold=0.8, num_perm=128) uses 9 bands of 13 rows.
	if p := Optimal(0.8, 128); p != (Params{9, 13}) {
		t.Errorf("Optimal(0.8, 128) = %+v, want datasketch's 9x13", p)
	}
	// A higher threshold needs longer bands.
	if lo, hi := Optimal(0.3, 128), Optimal(0.9, 128); lo.Rows >= hi.Rows {
		t.Errorf("rows at 0.3 = %d, at 0.9 = %d", lo.Rows, hi.Rows)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p     Params
		perms int
		ok    bool
	}{
		{Params{16, 8}, 128, true},
		{Params{17, 8}, 128, false},
		{Params{0, 8}, 128, false},
		{Params{4, 0}, 128, false},
	}
	for _, tt := range tests {
		if err := tt.p.Validate(tt.perms); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate(%d) = %v", tt.p, tt.perms, err)
		}
	}
}

func TestCandidates(t *testing.T) {
	sigs := [][]uint32{
		{1, 2, 3, 4},
		{1, 2, 9, 9}, // shares band 0 with doc 0
		{7, 7, 3, 4}, // shares band 1 with doc 0
		{5, 6, 7, 8}, // shares nothing
		{1, 2, 3, 4}, // identical to doc 0
	}
	got := Candidates(len(sigs), func(i int) []uint32 { return sigs[i] }, Params{Bands: 2, Rows: 2}, 1)
	want := []Pair{{0, 1}, {0, 2}, {0, 4}, {1, 4}, {2, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Candidates = %v, want %v", got, want)
	}
	if got := Candidates(0, nil, Params{2, 2}, 0); len(got) != 0 {
		t.Errorf("no documents gave %v", got)
	}
	// Many documents, few distinct values: every split of the bands among
	// goroutines gives the same pairs.
	r := rand.New(rand.NewPCG(3, 4))
	many := make([][]uint32, 300)
	for i := range many {
		many[i] = make([]uint32, 12)
		for j := range many[i] {
			many[i][j] = r.Uint32N(3)
		}
	}
	sig := func(i int) []uint32 { return many[i] }
	one := Candidates(len(many), sig, Params{Bands: 6, Rows: 2}, 1)
	for _, jobs := range []int{2, 3, 6, 50} {
		if got := Candidates(len(many), sig, Params{Bands: 6, Rows: 2}, jobs); !reflect.DeepEqual(got, one) {
			t.Errorf("jobs %d: %d pairs, jobs 1: %d", jobs, len(got), len(one))
		}
	}
}

func BenchmarkCandidates(b *testing.B) {
	const n, perms = 20000, 128
	sigs := make([][]uint32, n)
	x := uint32(1)
	for i := range sigs {
		sigs[i] = make([]uint32, perms)
		for j := range sigs[i] {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			sigs[i][j] = x
		}
		if i%10 == 1 {
			copy(sigs[i], sigs[i-1]) // some duplicates
		}
	}
	p := Optimal(0.45, perms)
	b.ReportAllocs()
	for b.Loop() {
		Candidates(n, func(i int) []uint32 { return sigs[i] }, p, 0)
	}
}

func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 100, 5000} {
		for _, keys := range []func() uint64{
			r.Uint64, // all bytes differ
			func() uint64 { return r.Uint64N(8) << 40 },    // one byte varies, many ties
			func() uint64 { return 0xABCD },                // all equal
			func() uint64 { return r.Uint64N(3) * 0x0101 }, // ties in two bytes
		} {
			entries := make([]entry, n)
			for i := range entries {
				entries[i] = entry{key: keys(), doc: int32(i)}
			}
			want := slices.Clone(entries)
			slices.SortStableFunc(want, func(x, y entry) int { return cmp.Compare(x.key, y.key) })
			radixSort(entries, make([]entry, n))
			if !slices.Equal(entries, want) {
				t.Fatalf("n=%d: radix sort differs from a stable sort", n)
			}
		}
	}
}
