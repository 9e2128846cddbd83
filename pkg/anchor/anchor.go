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
	"encoding/binary"
	"runtime"
	"slices"
	"sync"

	"github.com/neardup/neardup/pkg/internal/radix"
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

// MaxDocs is how many documents may share one anchor before Pairs stops
// pairing them all: an anchor in more is template or stock phrasing, or a
// story copied that widely. Its holders are paired with the first of them
// only (a star instead of every pair): the work stays linear, and an
// excerpt of a story in a hundred outlets still shares its anchors with
// one copy, which joins it to the copies' group (passing such anchors
// over lost every excerpt of a story copied more than 64 times).
const MaxDocs = 64

// Pairs returns the pairs among n documents (anchors(i) for document i)
// that share at least minShared distinct anchors, sorted by A then B.
// The holders of an anchor held by more than MaxDocs documents count it
// only with the first of them, so the work stays linear in the number of
// anchors. Memory is bounded too: anchors are
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
	var bounds []int // the ranges of top bytes: bounds[k] to bounds[k+1]
	for lo := 0; lo < 256; {
		hi, size := lo, 0
		for hi < 256 && (hi == lo || size+perByte[hi] <= maxPostings) {
			size += perByte[hi]
			hi++
		}
		bounds = append(bounds, lo)
		lo = hi
	}
	bounds = append(bounds, 256)
	// One range's pairs are final. Over several, a pair's count is the sum
	// of its counts in each; nearly all pairs share one anchor by chance
	// (a million generated articles: 33 million pairs over seven ranges,
	// 144,000 of them sharing two or more), so each range's pairs are kept
	// packed (see tally) and added up in one merge at the end.
	var total tally
	var packed [][][]byte // by range, by worker
	var postings []uint64
	for k := range len(bounds) - 1 {
		lo, hi := bounds[k], bounds[k+1]
		size := 0
		for b := lo; b < hi; b++ {
			size += perByte[b]
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
		// Sort each top byte's postings by anchor. Within a bucket
		// postings are in document order, so a stable sort by anchor
		// leaves each anchor's documents in order, repeats side by side,
		// which Compact drops (a repeated anchor counts once).
		var ends [256]int // where each bucket's postings end after compacting
		var wg sync.WaitGroup
		for g := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf []uint64
				for b := lo + g; b < hi; b += jobs {
					bucket := postings[start[b]:start[b+1]]
					if len(bucket) == 0 {
						ends[b] = start[b]
						continue
					}
					if cap(buf) < len(bucket) {
						buf = make([]uint64, len(bucket))
					}
					if sorted := radix.Sort(bucket, buf[:len(bucket)], 32); &sorted[0] != &bucket[0] {
						copy(bucket, sorted)
					}
					ends[b] = start[b] + len(slices.Compact(bucket))
				}
			}()
		}
		wg.Wait()
		found := countShared(n, postings, start[lo:hi], ends[lo:hi], jobs, len(bounds) > 2, minShared)
		if len(bounds) > 2 {
			parts := make([][]byte, len(found))
			for g, f := range found {
				parts[g] = f.packed
			}
			packed = append(packed, parts)
			continue
		}
		for _, f := range found {
			total.keys = append(total.keys, f.keys...)
			total.counts = append(total.counts, f.counts...)
		}
	}
	postings = nil
	var out []Pair
	if packed != nil {
		sumPacked(packed, func(k uint64, count int32) {
			if int(count) >= minShared {
				out = append(out, Pair{A: int32(k >> 32), B: int32(uint32(k)), Shared: count})
			}
		})
		return out
	}
	for i, k := range total.keys {
		if int(total.counts[i]) >= minShared {
			out = append(out, Pair{A: int32(k >> 32), B: int32(uint32(k)), Shared: total.counts[i]})
		}
	}
	return out
}

// countShared counts, for every pair of documents, the anchors they share
// among postings (anchor<<32 | doc; bucket b holds starts[b] to ends[b],
// sorted, distinct); an anchor held by more than MaxDocs documents counts
// only for the pairs of its first holder and the others. Rather than list a hit per pair and anchor (k(k-1)/2 for an
// anchor in k documents: a syndicated story in twenty outlets makes 190
// an anchor) and sort them, it lists each document's anchors and, for one
// document at a time, adds up in a dense array what the documents after
// it share with it: the pairs come out sorted, with no sort. Documents
// are split among up to jobs goroutines, whose tallies (packed, if pack)
// are returned in order. Unpacked, the counts are final, and only pairs
// sharing minShared or more are kept: most share one anchor by chance, and
// listing those took more memory than the rest of a scan's candidate stage.
func countShared(n int, postings []uint64, starts, ends []int, jobs int, pack bool, minShared int) []tally {
	// Anchors held by 2 documents or more: their postings' spans. Of a
	// span of more than MaxDocs, only its first posting pairs (a star).
	var spans [][2]int32
	for b := range starts {
		p := postings[:ends[b]]
		for i := starts[b]; i < len(p); {
			j := i + 1
			for j < len(p) && p[j]>>32 == p[i]>>32 {
				j++
			}
			if j-i >= 2 {
				spans = append(spans, [2]int32{int32(i), int32(j)})
			}
			i = j
		}
	}
	pairing := func(sp [2]int32) []uint64 { // the postings that pair onward
		if sp[1]-sp[0] > MaxDocs {
			return postings[sp[0] : sp[0]+1]
		}
		return postings[sp[0]:sp[1]]
	}
	// Each document's anchors, by counting sort: for each, the postings
	// after the document's own in the anchor's span (the documents after
	// it that hold the anchor too, in order).
	first := make([]int32, n+1)
	for _, sp := range spans {
		for _, x := range pairing(sp) {
			first[uint32(x)+1]++
		}
	}
	for d := range n {
		first[d+1] += first[d]
	}
	// after holds each posting's own index (the rest of its span follows
	// it, up to the posting last marks): half the memory of both ends.
	after := make([]int32, first[n])
	last := make([]uint64, len(postings)/64+1)
	next := slices.Clone(first[:n])
	for _, sp := range spans {
		for i := sp[0]; i < sp[0]+int32(len(pairing(sp))); i++ {
			d := uint32(postings[i])
			after[next[d]] = i
			next[d]++
		}
		end := uint32(sp[1] - 1)
		last[end/64] |= 1 << (end % 64)
	}
	next, spans = nil, nil
	// Documents in contiguous chunks, so the chunks' results concatenate
	// in order.
	jobs = max(1, min(jobs, n))
	found := make([]tally, jobs)
	var wg sync.WaitGroup
	for g := range jobs {
		lo, hi := g*n/jobs, (g+1)*n/jobs
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := make([]int32, n)
			var touched []int32
			t := &found[g]
			for a := lo; a < hi; a++ {
				for _, own := range after[first[a]:first[a+1]] {
					for i := uint32(own); last[i/64]&(1<<(i%64)) == 0; {
						i++
						b := int32(uint32(postings[i]))
						if count[b] == 0 {
							touched = append(touched, b)
						}
						count[b]++
					}
				}
				if len(touched) > 1 {
					slices.Sort(touched)
				}
				for _, b := range touched {
					if pack {
						t.add(uint64(a)<<32|uint64(b), count[b])
					} else if int(count[b]) >= minShared {
						t.keys = append(t.keys, uint64(a)<<32|uint64(b))
						t.counts = append(t.counts, count[b])
					}
					count[b] = 0
				}
				touched = touched[:0]
			}
		}()
	}
	wg.Wait()
	return found
}

// tally is pairs (a<<32 | b, sorted, distinct) with a count each: in keys
// and counts, or packed.
type tally struct {
	keys   []uint64
	counts []int32
	// packed is the pairs as uvarints: the key's difference from the one
	// before (from 0 for the first) shifted left, its low bit set when a
	// count other than 1 follows. A document's pairs are near in key and
	// most counts are 1: about 3.5 bytes a pair instead of 12.
	packed []byte
	last   uint64
}

// add packs a pair, its key above the last one's.
func (t *tally) add(key uint64, count int32) {
	d := (key - t.last) << 1 // keys are below 2^63: doc numbers are int32
	if count != 1 {
		t.packed = binary.AppendUvarint(t.packed, d|1)
		t.packed = binary.AppendUvarint(t.packed, uint64(count))
	} else {
		t.packed = binary.AppendUvarint(t.packed, d)
	}
	t.last = key
}

// sumPacked calls f for each pair in the packed tallies, in key order,
// with the sum of its counts. ranges[r] are range r's tallies, each
// above the one before in key, so a range reads as one sorted list.
func sumPacked(ranges [][][]byte, f func(key uint64, count int32)) {
	type head struct {
		parts [][]byte
		key   uint64
		count int32
		ok    bool
	}
	next := func(h *head) {
		for len(h.parts) > 0 && len(h.parts[0]) == 0 {
			h.parts, h.key = h.parts[1:], 0 // a tally starts again from 0
		}
		if len(h.parts) == 0 {
			h.ok = false
			return
		}
		p := h.parts[0]
		d, n := binary.Uvarint(p)
		c := uint64(1)
		if d&1 != 0 {
			var m int
			c, m = binary.Uvarint(p[n:])
			n += m
		}
		h.parts[0] = p[n:]
		h.key, h.count, h.ok = h.key+d>>1, int32(c), true
	}
	heads := make([]head, len(ranges))
	for r := range ranges {
		heads[r].parts = ranges[r]
		next(&heads[r])
	}
	for {
		lowest, found := uint64(0), false
		for r := range heads {
			if heads[r].ok && (!found || heads[r].key < lowest) {
				lowest, found = heads[r].key, true
			}
		}
		if !found {
			return
		}
		var sum int32
		for r := range heads {
			if h := &heads[r]; h.ok && h.key == lowest {
				sum += h.count
				next(h)
			}
		}
		f(lowest, sum)
	}
}

// maxPostings bounds the (anchor, document) entries Pairs holds at once:
// 8 Mi of them, 64 MiB. Each range rescans every document's anchors, so
// fewer, larger ranges are faster: a million documents (50 million
// anchors, nearly all past the bitsets) took 25 passes at 2 Mi and 3.3 s
// more to group than at 8 Mi, for 20 MiB more peak memory.
var maxPostings = 8 << 20

// radixSort sorts keys stably by their bits from low (a multiple of 8) up
// and returns the sorted slice (keys or a buffer).
func radixSort(keys []uint64, low uint) []uint64 { return radix.Sort(keys, nil, low) }
