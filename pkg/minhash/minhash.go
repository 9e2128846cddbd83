// Package minhash computes MinHash signatures of sets of 64-bit shingle
// hashes and estimates Jaccard similarity from them.
package minhash

import "fmt"

// Hasher computes signatures with a fixed family of hash functions.
// It is safe for concurrent use.
type Hasher struct {
	a, b []uint64
}

// New returns a Hasher with perms hash functions derived from seed alone,
// so signatures are the same across runs, machines and worker counts.
func New(perms int, seed uint64) (*Hasher, error) {
	if perms < 1 || perms > 4096 {
		return nil, fmt.Errorf("perms must be between 1 and 4096, got %d", perms)
	}
	h := &Hasher{a: make([]uint64, perms), b: make([]uint64, perms)}
	state := seed
	for i := range perms {
		h.a[i] = splitmix64(&state) | 1 // odd multiplier: a bijection on 64 bits
		h.b[i] = splitmix64(&state)
	}
	return h, nil
}

// Perms is the signature length.
func (h *Hasher) Perms() int { return len(h.a) }

// Sum appends the signature of the set of shingles to dst[:0] and returns
// it. Each value is the minimum over the set of the top 32 bits of
// a*x+b mod 2^64 (multiply-shift hashing); repeats in shingles do not
// change the result. An empty set gives all values 0xFFFFFFFF.
func (h *Hasher) Sum(dst []uint32, shingles []uint64) []uint32 {
	n := len(h.a)
	if cap(dst) < n {
		dst = make([]uint32, n)
	}
	sig := dst[:n]
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	a, b := h.a[:n], h.b[:n]
	for _, x := range shingles {
		for i := range sig {
			if v := uint32((a[i]*x + b[i]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Similarity estimates the Jaccard similarity of the sets behind two
// signatures of equal length: the share of positions where they agree.
func Similarity(a, b []uint32) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

func splitmix64(state *uint64) uint64 {
	*state += 0x9E3779B97F4A7C15
	z := *state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
