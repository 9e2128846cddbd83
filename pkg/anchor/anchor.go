// Package anchor finds documents that share passages whatever their
// lengths. MinHash banding proposes pairs by Jaccard similarity, which an
// excerpt of a fifth of an article cannot reach however exactly it was
// cut. Anchors are a content-defined sample of a document's shingles (one
// in Rate, chosen by hash): two documents that share a passage share the
// anchors inside it, so an excerpt shares about Rate-th of its shingles as
// anchors with its source, and a pair sharing at least two is a candidate
// for containment.
package anchor

import (
	"slices"
)

// Rate is the sampling rate: one shingle in Rate is an anchor.
const Rate = 8

// Select appends to dst the anchors among shingle hashes, distinct and
// sorted. An anchor is kept as 32 bits of its shingle's hash: two anchors
// that collide only propose a pair that verification then rejects.
func Select(dst []uint32, shingles []uint64) []uint32 {
	start := len(dst)
	for _, h := range shingles {
		// Remix so the choice is independent of the bits MinHash uses.
		m := h * 0xD6E8FEB86659FD93
		m ^= m >> 32
		if m%Rate == 0 {
			dst = append(dst, uint32(h>>32))
		}
	}
	s := dst[start:]
	slices.Sort(s)
	return dst[:start+len(slices.Compact(s))]
}

// Pair is a candidate pair of document indexes, A < B, and the number of
// anchors they share.
type Pair struct {
	A, B   int32
	Shared int32
}

// MaxDocs is how many documents may share one anchor before it is passed
// over: a passage in that many documents is template or stock phrasing,
// and a story copied that widely is found by Jaccard banding.
const MaxDocs = 64

// Pairs returns the pairs among n documents (anchors(i) for document i,
// distinct) that share at least minShared anchors, sorted by A then B.
// Anchors held by more than MaxDocs documents are passed over, so the work
// stays linear in the number of anchors.
func Pairs(n int, anchors func(i int) []uint32, minShared int) []Pair {
	var postings []uint64 // anchor<<32 | doc
	for i := range n {
		for _, a := range anchors(i) {
			postings = append(postings, uint64(a)<<32|uint64(uint32(i)))
		}
	}
	slices.Sort(postings)
	var hits []uint64 // a<<32 | b, once per shared anchor
	for i := 0; i < len(postings); {
		j := i + 1
		for j < len(postings) && postings[j]>>32 == postings[i]>>32 {
			j++
		}
		if j-i <= MaxDocs {
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					hits = append(hits, postings[x]<<32|postings[y]&0xFFFFFFFF)
				}
			}
		}
		i = j
	}
	postings = nil
	slices.Sort(hits)
	var out []Pair
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && hits[j] == hits[i] {
			j++
		}
		if j-i >= minShared {
			out = append(out, Pair{A: int32(hits[i] >> 32), B: int32(uint32(hits[i])), Shared: int32(j - i)})
		}
		i = j
	}
	return out
}
