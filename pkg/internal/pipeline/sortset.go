package pipeline

import (
	"math/bits"
	"slices"
)

// hashSorter sorts shingle hashes into sets for exact measures, keeping
// its buffers between documents.
type hashSorter struct {
	buf    []uint64
	counts []int32
}

// set returns the distinct values of seq, sorted, in a new slice no larger
// than needed; seq is left as it is.
//
// Shingle hashes are uniform, so one counting pass on their top bits puts
// them in buckets of one or two, which insertion sort finishes: about
// twice as fast as a comparison sort, whose every comparison is a branch
// the processor cannot predict. A bucket that is large anyway (repeats of
// one shingle, or hashes that are not uniform) is sorted by slices.Sort.
func (h *hashSorter) set(seq []uint64) []uint64 {
	n := len(seq)
	if n < 64 {
		set := slices.Clone(seq)
		slices.Sort(set)
		return slices.Clip(slices.Compact(set))
	}
	shift := 64 - min(bits.Len(uint(n)), 16) // about one bucket per value
	buckets := 1 << (64 - shift)
	h.counts = slices.Grow(h.counts[:0], buckets+1)[:buckets+1]
	clear(h.counts)
	for _, v := range seq {
		h.counts[v>>shift+1]++
	}
	for b := 1; b <= buckets; b++ {
		h.counts[b] += h.counts[b-1]
	}
	h.buf = slices.Grow(h.buf[:0], n)[:n]
	next := h.counts[:buckets] // bucket b fills from counts[b] on
	for _, v := range seq {
		b := v >> shift
		h.buf[next[b]] = v
		next[b]++
	}
	// next[b] is now where bucket b ends, which is where b+1 starts.
	start := 0
	for b := range buckets {
		end := int(next[b])
		if bucket := h.buf[start:end]; len(bucket) > 32 {
			slices.Sort(bucket)
		} else {
			for i := 1; i < len(bucket); i++ {
				for j := i; j > 0 && bucket[j] < bucket[j-1]; j-- {
					bucket[j], bucket[j-1] = bucket[j-1], bucket[j]
				}
			}
		}
		start = end
	}
	return slices.Clone(slices.Compact(h.buf))
}
