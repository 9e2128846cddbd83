// Package shingle hashes overlapping runs of k words (word k-shingles) to
// 64-bit values, the set whose resemblance MinHash estimates.
package shingle

import (
	"math/bits"
	"slices"

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
	var buf [16]uint64
	wh := buf[:0]
	if len(words) > len(buf) {
		wh = make([]uint64, 0, len(words))
	}
	for _, w := range words {
		wh = append(wh, WordHash(w))
	}
	return FromWordHashes(dst, wh, k)
}

// WordHash is the hash of one word that shingle hashes are built from.
func WordHash(w string) uint64 { return xxhash.Sum64String(w) }

// FromWordHashes is Hashes for words already hashed with WordHash, for
// callers that cache word hashes.
func FromWordHashes(dst []uint64, words []uint64, k int) []uint64 {
	if k < 1 {
		k = 1
	}
	if len(words) == 0 {
		return dst
	}
	k = min(k, len(words))
	n := len(words) - k + 1
	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	if k == 4 { // the default: unrolled, so shingles overlap in the pipeline
		seed := uint64(k) * prime2
		for i := range out {
			w := words[i : i+4 : i+4]
			h := bits.RotateLeft64(seed^w[0], 31) * prime1
			h = bits.RotateLeft64(h^w[1], 31) * prime1
			h = bits.RotateLeft64(h^w[2], 31) * prime1
			h = bits.RotateLeft64(h^w[3], 31) * prime1
			out[i] = finalize(h)
		}
	} else {
		for i := range out {
			out[i] = combine(words[i : i+k])
		}
	}
	return dst[:len(dst)+n]
}

// combine mixes word hashes in order, so "a b" and "b a" differ.
func combine(words []uint64) uint64 {
	h := uint64(len(words)) * prime2
	for _, w := range words {
		h = bits.RotateLeft64(h^w, 31) * prime1
	}
	return finalize(h)
}

// finalize is splitmix64's finalizer: it spreads the bits so any slice of
// them is usable.
func finalize(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 27
	h *= 0x94D049BB133111EB
	h ^= h >> 31
	return h
}
