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
	"runtime"
	"slices"
	"sync"
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
// stays linear in the number of anchors. Memory is bounded too: anchors are
// taken in ranges of the hash space, at most about maxPostings at a time,
// and each range is sorted by up to jobs goroutines (jobs <= 0: one per
// CPU). The result does not depend on jobs.
func Pairs(n int, anchors func(i int) []uint32, minShared, jobs int) []Pair {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// Most anchors are in one document only and can pair with nothing:
	// two bitsets over 24 bits of the anchor find those seen twice (or
	// colliding with one that was), and only these are sorted.
	once, twice := make([]uint64, 1<<18), make([]uint64, 1<<18)
	for i := range n {
		for _, a := range anchors(i) {
			k, bit := (a>>8)>>6, uint64(1)<<(a>>8&63)
			twice[k] |= once[k] & bit
			once[k] |= bit
		}
	}
	shared := func(a uint32) bool { return twice[(a>>8)>>6]&(uint64(1)<<(a>>8&63)) != 0 }
	// Anchors per top byte, then ranges of top bytes holding at most
	// maxPostings anchors each (a byte holding more is a range alone).
	var perByte [256]int
	for i := range n {
		for _, a := range anchors(i) {
			if shared(a) {
				perByte[a>>24]++
			}
		}
	}
	var total tally // every pair's shared anchors so far
	var postings []uint64
	for lo := 0; lo < 256; {
		hi, size := lo, 0
		for hi < 256 && (hi == lo || size+perByte[hi] <= maxPostings) {
			size += perByte[hi]
			hi++
		}
		// Place each posting (anchor<<32 | doc) in the bucket of its top
		// byte, in document order: no second buffer to sort with.
		var start [257]int
		for b := lo; b < hi; b++ {
			start[b+1] = start[b] + perByte[b]
		}
		if cap(postings) < size {
			postings = make([]uint64, size)
		}
		postings = postings[:size]
		next := start
		for i := range n {
			for _, a := range anchors(i) {
				if b := int(a >> 24); b >= lo && b < hi && shared(a) {
					postings[next[b]] = uint64(a)<<32 | uint64(uint32(i))
					next[b]++
				}
			}
		}
		found := make([]tally, jobs)
		var wg sync.WaitGroup
		for g := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf, hits []uint64 // hits: a<<32 | b, once per shared anchor
				for b := lo + g; b < hi; b += jobs {
					bucket := postings[start[b]:start[b+1]]
					// Within a bucket postings are in document order, so a
					// stable sort by anchor leaves each anchor's documents
					// in order, repeats side by side.
					if cap(buf) < len(bucket) {
						buf = make([]uint64, len(bucket))
					}
					bucket = radixSortBuf(bucket, buf[:len(bucket)], 32)
					hits = pairHits(hits, slices.Compact(bucket))
					// A group of k copies makes k(k-1)/2 hits per anchor:
					// count them as they come, so memory follows the
					// distinct pairs, not the hits.
					if len(hits) >= maxHits {
						buf = found[g].add(hits, buf)
						hits = hits[:0]
					}
				}
				found[g].add(hits, buf)
			}()
		}
		wg.Wait()
		for _, f := range found {
			total = merge(total, f)
		}
		lo = hi
	}
	postings = nil
	var out []Pair
	for i, k := range total.keys {
		if int(total.counts[i]) >= minShared {
			out = append(out, Pair{A: int32(k >> 32), B: int32(uint32(k)), Shared: total.counts[i]})
		}
	}
	return out
}

// maxHits bounds the hits a goroutine of Pairs holds before counting
// them: 1 Mi, 8 MiB (and as much again to sort them).
var maxHits = 1 << 20

// tally is pairs (a<<32 | b, sorted, distinct) with a count each.
type tally struct {
	keys   []uint64
	counts []int32
}

// add counts hits (a<<32 | b, any order; it is sorted in place) into t,
// using buf to sort; it returns buf, grown if it had to be.
func (t *tally) add(hits, buf []uint64) []uint64 {
	if len(hits) == 0 {
		return buf
	}
	if cap(buf) < len(hits) {
		buf = make([]uint64, len(hits))
	}
	hits = radixSortBuf(hits, buf[:len(hits)], 0)
	var c tally
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && hits[j] == hits[i] {
			j++
		}
		c.keys = append(c.keys, hits[i])
		c.counts = append(c.counts, int32(j-i))
		i = j
	}
	*t = merge(*t, c)
	return buf
}

// merge returns the union of two tallies, adding the counts of pairs in
// both.
func merge(a, b tally) tally {
	if len(a.keys) == 0 {
		return b
	}
	if len(b.keys) == 0 {
		return a
	}
	n := len(a.keys) + len(b.keys)
	out := tally{keys: make([]uint64, 0, n), counts: make([]int32, 0, n)}
	i, j := 0, 0
	for i < len(a.keys) && j < len(b.keys) {
		switch ka, kb := a.keys[i], b.keys[j]; {
		case ka < kb:
			out.keys, out.counts = append(out.keys, ka), append(out.counts, a.counts[i])
			i++
		case ka > kb:
			out.keys, out.counts = append(out.keys, kb), append(out.counts, b.counts[j])
			j++
		default:
			out.keys, out.counts = append(out.keys, ka), append(out.counts, a.counts[i]+b.counts[j])
			i++
			j++
		}
	}
	out.keys, out.counts = append(out.keys, a.keys[i:]...), append(out.counts, a.counts[i:]...)
	out.keys, out.counts = append(out.keys, b.keys[j:]...), append(out.counts, b.counts[j:]...)
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
	return radixSortBuf(keys, nil, low)
}

// radixSortBuf is radixSort with buf (as long as keys, or nil) as the
// other buffer; the result is in keys or in buf.
func radixSortBuf(keys, buf []uint64, low uint) []uint64 {
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
	if buf == nil {
		buf = make([]uint64, len(keys))
	}
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
