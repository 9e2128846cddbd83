// Package radix sorts 64-bit keys by a radix sort: the sort lsh and anchor
// both need for their pair and posting keys, where a comparison sort of
// millions of keys was a tenth of grouping.
package radix

import "slices"

// Sort sorts keys stably by their bits from low (a multiple of 8) up, one
// byte a pass, skipping the bytes every key shares, and returns the sorted
// slice: keys or buf (as long as keys; nil allocates one when needed).
func Sort(keys, buf []uint64, low uint) []uint64 {
	if len(keys) < 256 {
		slices.SortStableFunc(keys, func(a, b uint64) int {
			a, b = a>>low, b>>low
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		})
		return keys
	}
	// Every pass's counts in one read of the keys.
	passes := int(64-low) / 8
	var counts [8][256]int
	for _, k := range keys {
		for d := range passes {
			counts[d][byte(k>>(low+8*uint(d)))]++
		}
	}
	src, dst := keys, buf
	for d := range passes {
		shift := low + 8*uint(d)
		c := &counts[d]
		if c[byte(src[0]>>shift)] == len(src) {
			continue // every key has this byte
		}
		if dst == nil {
			dst = make([]uint64, len(keys))
		}
		offset := 0
		for b := range c {
			c[b], offset = offset, offset+c[b]
		}
		for _, k := range src {
			b := byte(k >> shift)
			dst[c[b]] = k
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}
