package radix

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Sort agrees with a stable comparison sort on the bits from low up, for
// sizes either side of the insertion cut-off and keys sharing bytes.
func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, low := range []uint{0, 32} {
		for _, n := range []int{0, 1, 255, 256, 5000} {
			for _, key := range []func() uint64{
				r.Uint64,
				func() uint64 { return r.Uint64N(40000)<<32 | r.Uint64N(40000) },
				func() uint64 { return 7<<40 | r.Uint64N(4) },
			} {
				keys := make([]uint64, n)
				for i := range keys {
					keys[i] = key()
				}
				want := slices.Clone(keys)
				slices.SortStableFunc(want, func(a, b uint64) int {
					if a>>low < b>>low {
						return -1
					}
					if a>>low > b>>low {
						return 1
					}
					return 0
				})
				if got := Sort(keys, nil, low); !slices.Equal(got, want) {
					t.Fatalf("low %d, n %d: not a stable sort", low, n)
				}
			}
		}
	}
}
