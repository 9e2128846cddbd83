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

// Select appends to dst the anchors among shingle hashes, in text order
// (a repeated shingle gives a repeated anchor; Pairs counts it once). An
// anchor is kept as 32 bits of its shingle's hash: two anchors that
// collide only propose a pair that verification then rejects.
func Select(dst []uint32, shingles []uint64) []uint32 {
	for _, h := range shingles {
		// Remix so the choice is independent of the bits MinHash uses.
		m := h * 0xD6E8FEB86659FD93
		m ^= m >> 32
		if m%Rate == 0 {
			dst = append(dst, uint32(h>>32))
		}
	}
	return dst
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

// Pairs returns the pairs among n documents (anchors(i) for document i)
// that share at least minShared distinct anchors, sorted by A then B.
// Anchors held by more than MaxDocs documents are passed over, so the work
// stays linear in the number of anchors. Memory is bounded too: the
// anchors are taken in slices of the hash space, at most maxPostings at a
// time.
func Pairs(n int, anchors func(i int) []uint32, minShared int) []Pair {
	total := 0
	for i := range n {
		total += len(anchors(i))
	}
	parts := max(1, (total+maxPostings-1)/maxPostings)
	var hits []uint64 // a<<32 | b, once per shared anchor
	postings := make([]uint64, min(total, maxPostings+maxPostings/4))
	for part := range parts {
		// Place each posting (anchor<<32 | doc) in the bucket of its
		// anchor's top byte, then sort each bucket: no second buffer.
		var count [257]int
		for i := range n {
			for _, a := range anchors(i) {
				if int(a)%parts == part {
					count[int(a>>24)+1]++
				}
			}
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		if count[256] > len(postings) {
			postings = make([]uint64, count[256])
		}
		bounds := count
		for i := range n {
			for _, a := range anchors(i) {
				if int(a)%parts == part {
					postings[count[a>>24]] = uint64(a)<<32 | uint64(uint32(i))
					count[a>>24]++
				}
			}
		}
		for b := range 256 {
			bucket := postings[bounds[b]:bounds[b+1]]
			slices.Sort(bucket)
			// Repeats of an anchor in one document sit side by side.
			bucket = slices.Compact(bucket)
			hits = pairHits(hits, bucket)
		}
	}
	postings = nil
	hits = radixSort(hits, 0)
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

// pairHits appends a<<32|b for every pair of documents that share an
// anchor of postings (sorted anchor<<32|doc), skipping anchors held by
// more than MaxDocs documents.
func pairHits(hits, postings []uint64) []uint64 {
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
	return hits
}

// maxPostings bounds the (anchor, document) entries Pairs holds at once:
// 2 Mi of them, 16 MiB.
var maxPostings = 2 << 20

// radixSort sorts keys stably by their bits from low (a multiple of 8) up,
// one byte a pass, and returns the sorted slice (keys or a buffer).
func radixSort(keys []uint64, low uint) []uint64 {
	if len(keys) < 256 {
		slices.SortStableFunc(keys, func(a, b uint64) int {
			a, b = a>>low, b>>low
			if a < b {
				return -1
			}
			if a > b {
				return 1
			}
			return 0
		})
		return keys
	}
	buf := make([]uint64, len(keys))
	for shift := low; shift < 64; shift += 8 {
		var count [257]int
		for _, k := range keys {
			count[int(byte(k>>shift))+1]++
		}
		if count[int(byte(keys[0]>>shift))+1] == len(keys) {
			continue // every key has this byte
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for _, k := range keys {
			b := byte(k >> shift)
			buf[count[b]] = k
			count[b]++
		}
		keys, buf = buf, keys
	}
	return keys
}
