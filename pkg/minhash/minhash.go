// Package minhash computes MinHash signatures of sets of 64-bit shingle
// hashes and estimates Jaccard similarity from them.
package minhash

import "fmt"

// Hasher computes signatures with one-permutation hashing and optimal
// densification (Shrivastava, ICML 2017): each shingle is hashed once and
// falls into one of Perms bins, each bin keeps its minimum, and an empty
// bin borrows the value of the first non-empty bin on its own fixed probe
// sequence. That estimates Jaccard similarity as k independent hash
// functions do, at the cost of one hash per shingle instead of k.
// It is safe for concurrent use.
type Hasher struct {
	perms uint64
	key   uint64 // mixes shingles
	probe uint64 // seeds the densification probe sequences
}

// New returns a Hasher with perms bins derived from seed alone, so
// signatures are the same across runs, machines and worker counts.
func New(perms int, seed uint64) (*Hasher, error) {
	if perms < 1 || perms > maxPerms {
		return nil, fmt.Errorf("perms must be between 1 and %d, got %d", maxPerms, perms)
	}
	state := seed
	return &Hasher{perms: uint64(perms), key: splitmix64(&state), probe: splitmix64(&state)}, nil
}

const maxPerms = 4096

// Perms is the signature length.
func (h *Hasher) Perms() int { return int(h.perms) }

// Sum appends the signature of the set of shingles to dst[:0] and returns
// it; repeats in shingles do not change it. An empty set gives all values
// 0xFFFFFFFF.
func (h *Hasher) Sum(dst []uint32, shingles []uint64) []uint32 {
	n := int(h.perms)
	if cap(dst) < n {
		dst = make([]uint32, n)
	}
	sig := dst[:n]
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var filled [maxPerms / 64]uint64
	for _, x := range shingles {
		v := mix(x ^ h.key)
		bin := (v >> 32) * h.perms >> 32 // fast range: the top bits pick the bin
		if low := uint32(v); low < sig[bin] {
			sig[bin] = low
		}
		filled[bin/64] |= 1 << (bin % 64)
	}
	if len(shingles) == 0 {
		return sig
	}
	for i := range sig {
		if filled[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			j := (mix(h.probe^uint64(i)<<20^attempt) >> 32) * h.perms >> 32
			if filled[j/64]&(1<<(j%64)) != 0 {
				sig[i] = sig[j]
				break
			}
		}
	}
	return sig
}

// mix is the splitmix64 finalizer: a bijection with full avalanche.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
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
	return mix(*state)
}
