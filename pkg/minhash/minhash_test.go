package minhash

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNewRejectsBadPerms(t *testing.T) {
	for _, p := range []int{0, -1, 5000} {
		if _, err := New(p, 1); err == nil {
			t.Errorf("New(%d) succeeded", p)
		}
	}
}

// randomSets returns two sets with exactly the given Jaccard similarity.
func randomSets(r *rand.Rand, shared, onlyA, onlyB int) (a, b []uint64) {
	for range shared {
		x := r.Uint64()
		a, b = append(a, x), append(b, x)
	}
	for range onlyA {
		a = append(a, r.Uint64())
	}
	for range onlyB {
		b = append(b, r.Uint64())
	}
	return a, b
}

func TestSimilarityEstimatesJaccard(t *testing.T) {
	h, _ := New(256, 42)
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		shared, onlyA, onlyB int
	}{
		{1000, 0, 0},
		{800, 100, 100},
		{500, 250, 250},
		{200, 400, 400},
		{0, 500, 500},
	}
	for _, tt := range tests {
		want := float64(tt.shared) / float64(tt.shared+tt.onlyA+tt.onlyB)
		a, b := randomSets(r, tt.shared, tt.onlyA, tt.onlyB)
		got := Similarity(h.Sum(nil, a), h.Sum(nil, b))
		// Standard error of the estimate is sqrt(J(1-J)/k) <= 0.031 for k=256.
		if math.Abs(got-want) > 0.1 {
			t.Errorf("J=%.2f: estimate %.3f", want, got)
		}
	}
}

func TestSumIsDeterministicAndOrderFree(t *testing.T) {
	h1, _ := New(64, 7)
	h2, _ := New(64, 7)
	h3, _ := New(64, 8)
	set := []uint64{1, 2, 3, 99, 1 << 40}
	rev := []uint64{1 << 40, 99, 3, 2, 1, 2, 3}
	s1 := h1.Sum(nil, set)
	if Similarity(s1, h2.Sum(nil, rev)) != 1 {
		t.Error("same set, same seed, different signature")
	}
	if Similarity(s1, h3.Sum(nil, set)) > 0.5 {
		t.Error("a different seed should give different hash functions")
	}
}

func TestSimilarityEdgeCases(t *testing.T) {
	if Similarity(nil, nil) != 0 || Similarity([]uint32{1}, []uint32{1, 2}) != 0 {
		t.Error("mismatched or empty signatures must compare as 0")
	}
}

func TestSumReusesDst(t *testing.T) {
	h, _ := New(128, 1)
	dst := make([]uint32, 128)
	set := []uint64{1, 2, 3}
	if allocs := testing.AllocsPerRun(100, func() { dst = h.Sum(dst, set) }); allocs != 0 {
		t.Errorf("Sum allocates %.0f times with a large enough dst", allocs)
	}
}

func BenchmarkSum(b *testing.B) {
	h, _ := New(128, 1)
	r := rand.New(rand.NewPCG(1, 2))
	set := make([]uint64, 500)
	for i := range set {
		set[i] = r.Uint64()
	}
	dst := make([]uint32, 128)
	b.ReportAllocs()
	for b.Loop() {
		dst = h.Sum(dst, set)
	}
}

// TestEstimatorUnbiased averages estimates over many random set pairs, small
// ones included (where most bins are empty and densification fills them):
// the mean must sit on the true Jaccard and the spread near the k-hash
// MinHash standard error sqrt(J(1-J)/k).
func TestEstimatorUnbiased(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{8, 40, 400} {
		for _, j := range []float64{0.2, 0.5, 0.8} {
			shared := int(math.Round(2 * j * float64(size) / (1 + j)))
			only := size - shared
			truth := float64(shared) / float64(shared+2*only)
			var sum, sq float64
			const trials = 300
			for trial := range trials {
				h, _ := New(128, uint64(trial))
				a, b := randomSets(r, shared, only, only)
				e := Similarity(h.Sum(nil, a), h.Sum(nil, b))
				sum += e - truth
				sq += (e - truth) * (e - truth)
			}
			bias, rmse := sum/trials, math.Sqrt(sq/trials)
			if math.Abs(bias) > 0.02 || rmse > 2*math.Sqrt(truth*(1-truth)/128)+0.01 {
				t.Errorf("size %d J=%.2f: bias %.4f rmse %.4f", size, truth, bias, rmse)
			}
		}
	}
}
