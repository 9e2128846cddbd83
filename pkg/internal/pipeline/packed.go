package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"

	"github.com/neardup/neardup/pkg/group"
	"github.com/neardup/neardup/pkg/shingle"
)

// Documents read again for exact measures are kept packed. Their shingles
// as such (the sequence in text order for passages, the sorted set for
// intersections) took 16 bytes a shingle; on a folder where every story
// is syndicated twenty times over, nearly every document is read again and
// those were two thirds of a scan's memory, and at a million documents
// they were more than a gigabyte. Packed, a document is the numbers of its
// terms in text order (a term table gives each distinct term hash a
// number: news has some tens of thousands, most of a text's words are
// among the first few thousand, and a uvarint holds those in one or two
// bytes), from which the sequence is recomputed exactly: under two bytes
// a shingle. Unpacking hashes the sequence again and puts it in a small
// hash set, which measures answer membership from as a sorted set would.

// termTable numbers the terms of the documents read for exact measures. It
// is safe for concurrent use.
type termTable struct {
	mu     sync.Mutex
	slots  []termSlot // open addressing by the hash's top bits (term hashes are uniform)
	shift  uint
	hashes []uint64 // by number
}

// termSlot is a term hash and its number plus one (0: empty).
type termSlot struct {
	hash uint64
	id   uint32
}

// numbers appends the uvarint numbers of terms to b, numbering new terms.
func (t *termTable) numbers(b []byte, terms []uint64) []byte {
	b = slices.Grow(b, 3*len(terms)) // numbers below 2^21
	t.mu.Lock()
	defer t.mu.Unlock()
	for 2*(len(t.hashes)+len(terms)) > len(t.slots) {
		t.grow() // room for every term to be new: no check in the loop
	}
	slots, shift, mask := t.slots, t.shift, len(t.slots)-1
	for _, h := range terms {
		i := int(h >> shift)
		for slots[i].id != 0 && slots[i].hash != h {
			i = (i + 1) & mask
		}
		s := &slots[i]
		if s.id == 0 {
			s.hash = h
			t.hashes = append(t.hashes, h)
			s.id = uint32(len(t.hashes))
		}
		switch id := s.id - 1; {
		case id < 1<<7:
			b = append(b, byte(id))
		case id < 1<<14:
			b = append(b, byte(id)|0x80, byte(id>>7))
		default:
			b = binary.AppendUvarint(b, uint64(id))
		}
	}
	return b
}

// grow doubles the table (or makes it).
func (t *termTable) grow() {
	n := max(2*len(t.slots), 1<<12)
	t.slots = make([]termSlot, n)
	t.shift = uint(64 - bits.Len(uint(n-1)))
	mask := n - 1
	for id, h := range t.hashes {
		i := int(h >> t.shift)
		for t.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = termSlot{hash: h, id: uint32(id + 1)}
	}
}

// table returns the term hashes by number, as numbered so far.
func (t *termTable) table() []uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.hashes
}

// packedText is a document's shingles, packed (see above).
type packedText struct {
	terms   []byte   // the terms' uvarint numbers, in text order
	figures []uint64 // its numbers in context (figureFacts), for Covers
}

// packer packs documents, keeping its buffer between them.
type packer struct {
	buf []byte
}

// pack packs the document whose term hashes are terms.
func (p *packer) pack(t *termTable, terms []uint64) packedText {
	p.buf = t.numbers(p.buf[:0], terms)
	return packedText{terms: slices.Clone(p.buf)}
}

// unpacked is a packed document's shingles, unpacked into buffers that are
// reused for the next document.
type unpacked struct {
	doc   int
	used  uint64 // when last used, for the cache
	terms []uint64
	seq   []uint64 // in text order, with repeats
	set   shingleSet
}

// unpack fills u with p's shingles: hashes holds the term hashes by
// number, k is the shingle size.
func (u *unpacked) unpack(p packedText, hashes []uint64, k int) {
	b := p.terms
	u.terms = slices.Grow(u.terms[:0], len(b))[:len(b)] // at most a term a byte
	n := 0
	for i := 0; i < len(b); n++ {
		var id uint64
		switch c := b[i]; {
		case c < 0x80:
			id = uint64(c)
			i++
		case i+1 < len(b) && b[i+1] < 0x80:
			id = uint64(c&0x7f) | uint64(b[i+1])<<7
			i += 2
		default:
			v, w := binary.Uvarint(b[i:])
			id = v
			i += w
		}
		u.terms[n] = hashes[id]
	}
	u.terms = u.terms[:n]
	u.seq = shingle.FromWordHashes(u.seq[:0], u.terms, k)
	u.set.build(u.seq)
}

// shingleSet is a set of shingle hashes: open addressing by the hash's top
// bits (shingle hashes are uniform), at most half full.
type shingleSet struct {
	slots    []uint64 // 0: empty
	shift    uint
	zero     bool     // 0 is in the set
	distinct []uint64 // the members, in the order first added
}

// build makes the set of the values of seq.
func (s *shingleSet) build(seq []uint64) {
	size := max(16, 1<<bits.Len(uint(2*len(seq))))
	if cap(s.slots) < size {
		s.slots = make([]uint64, size)
	} else {
		s.slots = s.slots[:size]
		clear(s.slots)
	}
	s.shift = uint(64 - bits.Len(uint(size-1)))
	s.zero = false
	distinct := slices.Grow(s.distinct[:0], len(seq))[:len(seq)]
	n := 0
	slots, shift, mask := s.slots, s.shift, uint64(size-1)
	for _, v := range seq {
		if v == 0 {
			if !s.zero {
				s.zero = true
				distinct[n] = 0
				n++
			}
			continue
		}
		for i := v >> shift; ; i = (i + 1) & mask {
			x := slots[i&mask]
			if x == v {
				break
			}
			if x == 0 {
				slots[i&mask] = v
				distinct[n] = v
				n++
				break
			}
		}
	}
	s.distinct = distinct[:n]
}

// has says whether v is in the set.
func (s *shingleSet) has(v uint64) bool {
	if v == 0 {
		return s.zero
	}
	slots, mask := s.slots, uint64(len(s.slots)-1)
	for i := v >> s.shift; ; i = (i + 1) & mask {
		switch slots[i&mask] {
		case v:
			return true
		case 0:
			return false
		}
	}
}

// len is the number of members.
func (s *shingleSet) len() int { return len(s.distinct) }

// intersect counts the members two sets share.
func intersectSets(a, b *shingleSet) int {
	if a.len() > b.len() {
		a, b = b, a
	}
	n := 0
	for _, v := range a.distinct {
		if b.has(v) {
			n++
		}
	}
	return n
}

// coverage is group.Coverage with other a set: the passages (runs of
// group.PassageShingles shingles) of seq, and those that share no shingle
// with other.
func coverage(seq []uint64, other *shingleSet) (passages, uncovered int) {
	for i := 0; i < len(seq); i += group.PassageShingles {
		passages++
		uncovered++
		for _, h := range seq[i:min(i+group.PassageShingles, len(seq))] {
			if other.has(h) {
				uncovered--
				break
			}
		}
	}
	return passages, uncovered
}

// textCache keeps the last few documents unpacked: a report measures every
// member of a group against one kept member, and verification measures a
// document against each of its candidates in turn.
type textCache struct {
	mu    sync.Mutex
	clock uint64
	slots [4]unpacked
}

// reset forgets what is unpacked (the packed texts changed).
func (c *textCache) reset() {
	for i := range c.slots {
		c.slots[i].doc = -1
	}
}

// get returns document d unpacked from p, from the cache or unpacking it
// into the slot used longest ago. The caller holds c.mu; what is returned
// stays valid until the cache has unpacked len(c.slots)-1 other documents.
func (c *textCache) get(d int, p packedText, hashes func() []uint64, k int) *unpacked {
	c.clock++
	oldest := 0
	for i := range c.slots {
		s := &c.slots[i]
		if s.doc == d && s.used > 0 {
			s.used = c.clock
			return s
		}
		if s.used < c.slots[oldest].used {
			oldest = i
		}
	}
	s := &c.slots[oldest]
	s.unpack(p, hashes(), k)
	s.doc, s.used = d, c.clock
	return s
}

// Bounds of the texts measureRead keeps unpacked at once: unpacked, a
// shingle takes about 50 bytes (term, sequence, set), so about 3 MiB.
const (
	arenaDocs     = 256
	arenaShingles = 1 << 16
)

// measureRead measures exactly the pairs whose two texts were read (the
// others are left zero: Exact false). Unpacking a text costs about what
// measuring a pair does, and in document order a text's pairs are far
// apart (a story's copies are spread over the folder), so the pairs are
// measured by connected components, each component's texts unpacked once
// while they fit in the arena's bounds.
func (r *Result) measureRead(ctx context.Context, pairs [][2]int) ([]Similarity, error) {
	out := make([]Similarity, len(pairs))
	local := map[int]int32{} // document -> its number here
	var docs []int
	var parent []int32
	number := func(d int) int32 {
		if k, ok := local[d]; ok {
			return k
		}
		k := int32(len(docs))
		local[d] = k
		docs = append(docs, d)
		parent = append(parent, k)
		return k
	}
	find := func(k int32) int32 {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	var read []int32 // pairs with both texts read
	for i, p := range pairs {
		_, okA := r.sets[p[0]]
		_, okB := r.sets[p[1]]
		if okA && okB {
			read = append(read, int32(i))
			x, y := find(number(p[0])), find(number(p[1]))
			parent[max(x, y)] = min(x, y)
		}
	}
	if len(read) == 0 {
		return out, nil
	}
	// Components in the order of their first pair, pairs in order within.
	rank := make([]int32, len(docs))
	for k := range rank {
		rank[k] = -1
	}
	next := int32(0)
	for _, i := range read {
		if root := find(local[pairs[i][0]]); rank[root] < 0 {
			rank[root] = next
			next++
		}
	}
	slices.SortStableFunc(read, func(x, y int32) int {
		return cmp.Compare(rank[find(local[pairs[x][0]])], rank[find(local[pairs[y][0]])])
	})
	// The arena: slot[k] is where document k is unpacked, -1 if it is not.
	slot := rank // reused
	for k := range slot {
		slot[k] = -1
	}
	arena := make([]unpacked, 0, arenaDocs) // never moved: pointers into it stay valid
	var inArena []int32
	shingles := 0
	hashes, k := r.terms.table(), r.fp.Config().Shingle
	get := func(d int) *unpacked {
		l := local[d]
		if s := slot[l]; s >= 0 {
			return &arena[s]
		}
		p, n := r.sets[d], r.Docs[d].Shingles
		if len(inArena) == arenaDocs || shingles+n > arenaShingles && len(inArena) >= 2 {
			// Full: start again, keeping the buffers.
			for _, m := range inArena {
				slot[m] = -1
			}
			inArena, shingles = inArena[:0], 0
		}
		s := int32(len(inArena))
		if int(s) == len(arena) {
			arena = append(arena, unpacked{})
		}
		arena[s].unpack(p, hashes, k)
		slot[l] = s
		inArena = append(inArena, l)
		shingles += n
		return &arena[s]
	}
	for n, i := range read {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		a, b := pairs[i][0], pairs[i][1]
		ua, ub := get(a), get(b)
		if slot[local[a]] < 0 {
			ua = get(a) // b filled the arena: a was unpacked again after it
		}
		out[i] = r.exact(ua, ub)
	}
	return out, nil
}
