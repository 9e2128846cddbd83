package lsh

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
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

// TestOptimalMatchesIntegration: optimal, which shares 1 - s^rows between
// bandings, picks what integrating each banding's Probability picks (the
// plain search it replaced, kept here as the reference).
func TestOptimalMatchesIntegration(t *testing.T) {
	reference := func(threshold float64, perms int) Params {
		integrate := func(f func(float64) float64, a, b float64) float64 {
			h := (b - a) / simpsonN
			sum := f(a) + f(b)
			for i := 1; i < simpsonN; i++ {
				w := 2.0
				if i%2 == 1 {
					w = 4
				}
				sum += w * f(a+float64(i)*h)
			}
			return sum * h / 3
		}
		best, bestErr := Params{1, 1}, math.Inf(1)
		for b := 1; b <= perms; b++ {
			for r := 1; r <= min(perms/b, 64); r++ {
				p := Params{b, r}
				fp := integrate(p.Probability, 0, threshold)
				fn := integrate(func(s float64) float64 { return 1 - p.Probability(s) }, threshold, 1)
				if e := 0.5*fp + 0.5*fn; e < bestErr {
					best, bestErr = p, e
				}
			}
		}
		return best
	}
	thresholds := []float64{0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.33, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99}
	perms := []int{1, 2, 7, 16, 64, 100, 128, 256}
	if testing.Short() {
		thresholds, perms = []float64{0.2, 0.45, 0.8}, []int{7, 128}
	}
	for _, perm := range perms {
		for _, th := range thresholds {
			if got, want := optimal(th, perm), reference(th, perm); got != want {
				t.Errorf("optimal(%v, %d) = %+v, integrating gives %+v", th, perm, got, want)
			}
		}
	}
	if a, b := Optimal(0.45, 128), Optimal(0.45, 128); a != b || a != optimal(0.45, 128) {
		t.Errorf("Optimal(0.45, 128) = %+v then %+v, want %+v", a, b, optimal(0.45, 128))
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

func candidates(t *testing.T, n int, sig func(int) []uint32, p Params, jobs int) []Pair {
	t.Helper()
	got, err := Candidates(context.Background(), n, sig, p, jobs)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestLargeBucketLinear: ten thousand documents in one bucket yield a star
// and a chain (2n edges) that connect them all, not n²/2 pairs.
func TestLargeBucketLinear(t *testing.T) {
	const n = 10000
	same := []uint32{1, 2, 3, 4}
	got := candidates(t, n, func(int) []uint32 { return same }, Params{Bands: 2, Rows: 2}, 2)
	if len(got) > 2*n {
		t.Fatalf("%d pairs for one bucket of %d", len(got), n)
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	for _, p := range got {
		parent[find(int(p.A))] = find(int(p.B))
	}
	for i := range n {
		if find(i) != find(0) {
			t.Fatalf("document %d not connected", i)
		}
	}
	// A small bucket still yields every pair.
	if got := candidates(t, MaxBucket, func(int) []uint32 { return same }, Params{Bands: 1, Rows: 2}, 1); len(got) != MaxBucket*(MaxBucket-1)/2 {
		t.Errorf("bucket of %d: %d pairs", MaxBucket, len(got))
	}
}

func TestCandidatesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	same := []uint32{1, 2}
	if _, err := Candidates(ctx, 100, func(int) []uint32 { return same }, Params{1, 2}, 1); err != context.Canceled {
		t.Errorf("Candidates: %v", err)
	}
	if _, err := Queried(ctx, 100, func(int) []uint32 { return same }, func(i int) bool { return i == 0 }, Params{1, 2}); err != context.Canceled {
		t.Errorf("Queried: %v", err)
	}
}

// TestQueried: only pairs of a queried and another document, however big
// the bucket, and a document's pairs do not depend on the other queries.
func TestQueried(t *testing.T) {
	sigs := [][]uint32{{1, 1}, {1, 1}, {2, 2}, {1, 1}, {2, 2}}
	sig := func(i int) []uint32 { return sigs[i] }
	got, err := Queried(context.Background(), len(sigs), sig, func(i int) bool { return i >= 3 }, Params{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pair{{0, 3}, {1, 3}, {2, 4}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Queried = %v, want %v", got, want)
	}
	alone, _ := Queried(context.Background(), len(sigs), sig, func(i int) bool { return i == 3 }, Params{1, 2})
	if want := []Pair{{0, 3}, {1, 3}}; !reflect.DeepEqual(alone, want) {
		t.Errorf("Queried alone = %v, want %v", alone, want)
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
	got := candidates(t, len(sigs), func(i int) []uint32 { return sigs[i] }, Params{Bands: 2, Rows: 2}, 1)
	want := []Pair{{0, 1}, {0, 2}, {0, 4}, {1, 4}, {2, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Candidates = %v, want %v", got, want)
	}
	if got := candidates(t, 0, nil, Params{2, 2}, 0); len(got) != 0 {
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
	one := candidates(t, len(many), sig, Params{Bands: 6, Rows: 2}, 1)
	for _, jobs := range []int{2, 3, 6, 50} {
		if got := candidates(t, len(many), sig, Params{Bands: 6, Rows: 2}, jobs); !reflect.DeepEqual(got, one) {
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
		_, _ = Candidates(context.Background(), n, func(i int) []uint32 { return sigs[i] }, p, 0)
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

// BandKeys agree exactly where the bands' rows agree.
func TestBandKeys(t *testing.T) {
	p := Params{Bands: 3, Rows: 2}
	a := []uint32{1, 2, 3, 4, 5, 6, 99}
	b := []uint32{1, 2, 3, 0, 5, 6, 7}
	ka, kb := BandKeys(a, p), BandKeys(b, p)
	if len(ka) != 3 || ka[0] != kb[0] || ka[1] == kb[1] || ka[2] != kb[2] {
		t.Errorf("keys %x and %x: want bands 0 and 2 equal, band 1 not", ka, kb)
	}
}

// BenchmarkCandidatesSyndicated: 40,000 signatures in groups of 22
// versions of a story, each value kept with probability 0.85 (the shape
// of bench -shape syndicated).
func BenchmarkCandidatesSyndicated(b *testing.B) {
	const n, perms, stories = 40000, 128, 1800
	r := rand.New(rand.NewPCG(5, 6))
	story := make([][]uint32, stories)
	for s := range story {
		story[s] = make([]uint32, perms)
		for j := range story[s] {
			story[s][j] = r.Uint32()
		}
	}
	sigs := make([][]uint32, n)
	for i := range sigs {
		sigs[i] = slices.Clone(story[i%stories])
		for j := range sigs[i] {
			if r.IntN(100) >= 85 {
				sigs[i][j] = r.Uint32()
			}
		}
	}
	p := Optimal(0.5, perms)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Candidates(context.Background(), n, func(i int) []uint32 { return sigs[i] }, p, 0)
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		bands, rows, perms int
		want               Params
		err                string
	}{
		{0, 0, 128, Params{}, ""},
		{16, 0, 128, Params{16, 8}, ""},
		{0, 5, 128, Params{25, 5}, ""},
		{10, 5, 128, Params{10, 5}, ""},
		{200, 0, 128, Params{}, "200 bands need at least 200 perms, only 128"},
		{0, 129, 128, Params{}, "129 rows need at least 129 perms, only 128"},
		{20, 20, 128, Params{}, "20 bands of 20 rows need 400 perms, only 128"},
		{-1, 0, 128, Params{}, "must not be negative"},
	} {
		got, err := Fit(tc.bands, tc.rows, tc.perms)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Fit(%d, %d, %d) error %v, want %q", tc.bands, tc.rows, tc.perms, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Fit(%d, %d, %d) = %v, %v; want %v", tc.bands, tc.rows, tc.perms, got, err, tc.want)
		}
		if got != (Params{}) {
			if err := got.Validate(tc.perms); err != nil {
				t.Errorf("Fit(%d, %d, %d) = %v does not validate: %v", tc.bands, tc.rows, tc.perms, got, err)
			}
		}
	}
}

// TestKnownOptimal: the bandings Optimal starts out knowing are the ones
// it would work out.
func TestKnownOptimal(t *testing.T) {
	for k, want := range knownOptimal {
		if got := optimal(k.threshold, k.perms); got != want {
			t.Errorf("optimal(%v, %d) = %v, known as %v", k.threshold, k.perms, got, want)
		}
	}
}
