// Package shingle hashes overlapping runs of k words (word k-shingles) to
// 64-bit values, the set whose resemblance MinHash estimates.
package shingle

import (
	"math/bits"

	"github.com/cespare/xxhash/v2"
)

const (
	prime1 = 0x9E3779B185EBCA87
	prime2 = 0xC2B2AE3D27D4EB4F
)

// Hashes appends to dst the hashes of the k-shingles of words, in order,
// and returns the extended slice. A document with fewer than k words still
// gets one shingle (all its words), so short texts can match; one with no
// words gets none. Hashes depend only on the words and k.
func Hashes(dst []uint64, words []string, k int) []uint64 {
	if k < 1 {
		k = 1
	}
	if len(words) == 0 {
		return dst
	}
	if len(words) < k {
		k = len(words)
	}
	var buf [16]uint64
	wh := buf[:0]
	if len(words) > len(buf) {
		wh = make([]uint64, 0, len(words))
	}
	for _, w := range words {
		wh = append(wh, xxhash.Sum64String(w))
	}
	for i := 0; i+k <= len(wh); i++ {
		dst = append(dst, combine(wh[i:i+k]))
	}
	return dst
}

// combine mixes word hashes in order, so "a b" and "b a" differ.
func combine(words []uint64) uint64 {
	h := uint64(len(words)) * prime2
	for _, w := range words {
		h = bits.RotateLeft64(h^w, 31) * prime1
	}
	// splitmix64 finalizer: spreads the bits so any slice of them is usable.
	h ^= h >> 30
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 27
	h *= 0x94D049BB133111EB
	h ^= h >> 31
	return h
}
