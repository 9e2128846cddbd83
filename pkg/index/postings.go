package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/lsh"
)

// Postings let a query read only the entries it could match, not the whole
// index. Each entry has a number, its id: in its record, and in the ids
// bucket, which maps the id (4 bytes, big-endian) to the path followed by a
// CRC-32C of both. The meta bucket holds the banding ("banding": bands and
// rows, 4 bytes each) and the next id to give ("next_id"). Two buckets of
// postings map keys to ids:
//
//   - bands: for each band of that banding (lsh.Optimal(BandFloor,
//     perms)), a 64-bit hash of the band's number and lsh.BandKey of the
//     entry's rows in it;
//   - anchors: each distinct anchor of the entry (32 bits).
//
// A key's top 16 bits choose one of 65,536 blocks (the bbolt key, 2 bytes
// big-endian) and its next 32 bits are kept in the block (for a band, bits
// 16 to 47 of its hash; for an anchor, its low 16 bits). A block's value is
// its postings, 8 bytes each (the kept bits, then the id, big-endian),
// sorted and distinct, then a CRC-32C of the bucket's name, the block's
// key and the postings, so a block read under another key or in the other
// bucket fails. Band keys that agree on their 48 bits but differ otherwise
// only add a candidate, which the caller's verification rejects.
//
// With n entries a block holds about n×28/65,536 band postings (at 128
// permutations) or n×50/65,536 anchor postings: 3.4 and 6.1 KB at a
// million. An update rewrites the blocks of the keys it adds or removes,
// a query reads the blocks of its keys: both in proportion to the
// documents involved, not to the index.

// BandFloor is the Jaccard similarity the stored banding is chosen for:
// an excerpt a fifth of its source, which neardup query bands for when
// containment is on.
const BandFloor = 0.2

const (
	blockBits  = 16
	postingLen = 8
)

var (
	bucketIDs     = []byte("ids")
	bucketBands   = []byte("bands")
	bucketAnchors = []byte("anchors")
	keyBanding    = []byte("banding")
	keyNextID     = []byte("next_id")
)

// bandHash folds the band number into its key and mixes the result, so
// that blocks fill evenly and equal rows in different bands never meet.
func bandHash(band int, key uint64) uint64 {
	h := key ^ (uint64(band)+1)*0x9E3779B97F4A7C15
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	h *= 0xC4CEB9FE1A85EC53
	h ^= h >> 33
	return h
}

// A posting as it is placed: its block, and the kept bits and id packed
// as they sort within the block.
type posting struct {
	blk uint16
	v   uint64 // kept<<32 | id
}

func bandPosting(band int, rows []uint32, id uint32) posting {
	h := bandHash(band, lsh.BandKey(rows))
	return posting{blk: uint16(h >> 48), v: uint64(uint32(h>>16))<<32 | uint64(id)}
}

func anchorPosting(a, id uint32) posting {
	return posting{blk: uint16(a >> 16), v: uint64(a&0xFFFF)<<32 | uint64(id)}
}

// postingsOf appends the postings of entry e with id to bands and anchors.
func postingsOf(bands, anchors []posting, e doc.Doc, id uint32, p lsh.Params) ([]posting, []posting) {
	for b := range p.Bands {
		bands = append(bands, bandPosting(b, e.Signature[b*p.Rows:(b+1)*p.Rows], id))
	}
	// An anchor a document repeats is one posting: anchor.Pairs counts it
	// once too.
	as := slices.Clone(e.Anchors)
	slices.Sort(as)
	for _, a := range slices.Compact(as) {
		anchors = append(anchors, anchorPosting(a, id))
	}
	return bands, anchors
}

func cmpPosting(a, b posting) int { return cmp.Or(cmp.Compare(a.blk, b.blk), cmp.Compare(a.v, b.v)) }

func blockKey(blk uint16) []byte { return binary.BigEndian.AppendUint16(nil, blk) }

func blockSum(bucket, key, body []byte) uint32 {
	c := crc32.Update(0, castagnoli, bucket)
	c = crc32.Update(c, castagnoli, key)
	return crc32.Update(c, castagnoli, body)
}

// readBlock checks a stored block and returns its postings' bytes.
func readBlock(bucket, key, v []byte) ([]byte, error) {
	if len(v) < 4 || (len(v)-4)%postingLen != 0 {
		return nil, fmt.Errorf("%w: %s block %x has the wrong length", ErrCorrupt, bucket, key)
	}
	body := v[:len(v)-4]
	if blockSum(bucket, key, body) != binary.BigEndian.Uint32(v[len(v)-4:]) {
		return nil, fmt.Errorf("%w: %s block %x fails its checksum", ErrCorrupt, bucket, key)
	}
	for i := postingLen; i < len(body); i += postingLen {
		if binary.BigEndian.Uint64(body[i-postingLen:]) >= binary.BigEndian.Uint64(body[i:]) {
			return nil, fmt.Errorf("%w: %s block %x is out of order", ErrCorrupt, bucket, key)
		}
	}
	return body, nil
}

// applyPostings removes del from and adds add to the blocks of bucket b
// (named name). A posting removed that is not there, or added where it
// already is, means the postings and the records disagree: the index is
// damaged, and the update fails.
func applyPostings(b *bolt.Bucket, name []byte, add, del []posting) error {
	av, as := byBlock(add)
	dv, ds := byBlock(del)
	for blk := range 1 << blockBits {
		a, d := av[as[blk]:as[blk+1]], dv[ds[blk]:ds[blk+1]]
		if len(a) == 0 && len(d) == 0 {
			continue
		}
		// An entry put again unchanged removes and adds the same postings.
		if a, d = cancel(a, d); len(a) == 0 && len(d) == 0 {
			continue
		}
		if err := rewriteBlock(b, name, uint16(blk), a, d); err != nil {
			return err
		}
	}
	return nil
}

// byBlock sorts postings by block, with a counting sort (a comparison
// sort was most of an update's time), and each block's by value; it
// returns the values and where each block's start.
func byBlock(ps []posting) (vs []uint64, start []int) {
	start = make([]int, 1<<blockBits+1)
	for _, p := range ps {
		start[int(p.blk)+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	vs = make([]uint64, len(ps))
	next := slices.Clone(start[:1<<blockBits])
	for _, p := range ps {
		vs[next[p.blk]] = p.v
		next[p.blk]++
	}
	for blk := range 1 << blockBits {
		slices.Sort(vs[start[blk]:start[blk+1]])
	}
	return vs, start
}

// rewriteBlock merges block blk's stored postings with those to add and
// remove (sorted values).
func rewriteBlock(b *bolt.Bucket, name []byte, blk uint16, add, del []uint64) error {
	key := blockKey(blk)
	var old []byte
	if v := b.Get(key); v != nil {
		var err error
		if old, err = readBlock(name, key, v); err != nil {
			return err
		}
	}
	out := make([]byte, 0, len(old)+postingLen*(len(add)-len(del))+4+postingLen)
	a, d := 0, 0
	bad := func(why string, v uint64) error {
		return fmt.Errorf("%w: %s block %x: posting for entry %d %s", ErrCorrupt, name, key, uint32(v), why)
	}
	for i := 0; i < len(old); i += postingLen {
		x := binary.BigEndian.Uint64(old[i:])
		for ; a < len(add) && add[a] <= x; a++ {
			if add[a] == x {
				return bad("is there twice", x)
			}
			out = binary.BigEndian.AppendUint64(out, add[a])
		}
		if d < len(del) && del[d] < x {
			return bad("is missing", del[d])
		}
		if d < len(del) && del[d] == x {
			d++
			continue
		}
		out = binary.BigEndian.AppendUint64(out, x)
	}
	if d < len(del) {
		return bad("is missing", del[d])
	}
	for ; a < len(add); a++ {
		out = binary.BigEndian.AppendUint64(out, add[a])
	}
	if len(out) == 0 {
		return b.Delete(key)
	}
	return b.Put(key, binary.BigEndian.AppendUint32(out, blockSum(name, key, out)))
}

// cancel drops the values common to the sorted add and del.
func cancel(add, del []uint64) ([]uint64, []uint64) {
	if len(add) == 0 || len(del) == 0 {
		return add, del
	}
	var a2, d2 []uint64
	i, j := 0, 0
	for i < len(add) || j < len(del) {
		switch {
		case j == len(del) || i < len(add) && add[i] < del[j]:
			a2 = append(a2, add[i])
			i++
		case i == len(add) || add[i] > del[j]:
			d2 = append(d2, del[j])
			j++
		default:
			i++
			j++
		}
	}
	return a2, d2
}

// Banding is the banding the index's band postings were stored for:
// lsh.Optimal(BandFloor, perms). Zero for a new index.
func (ix *Index) Banding() lsh.Params { return ix.banding }

// Candidates returns, in path order and each once, the stored entries
// that a query of queries could match: those that agree with some query
// on every row of a band of Banding (as lsh.Queried pairs them, however
// large the band's bucket), and, unless minSharedAnchors < 1, those that
// share at least minSharedAnchors distinct anchors with some query, where
// an anchor held by more than maxAnchorDocs entries counts only for the
// first entry holding it (as anchor.Pairs counts one held by more than
// anchor.MaxDocs documents only with its first holder; < 1: no limit).
//
// It reads the postings of the queries' keys and then the candidates'
// records, never the whole index: time and memory follow the queries and
// their candidates. The result is a superset of the indexed documents
// that lsh.Queried with Banding and anchor.Pairs would pair with the
// queries over the full entry list (anchor.Pairs counting an anchor's
// holders among the queries too). A caller that bands otherwise (for
// another threshold, or with bands and rows of its own) has no such
// promise: it bands with Banding instead, or reads the entries with Each.
// Each query's signature must have the index's permutations. A posting that disagrees with the record it names is
// damage: an error wrapping ErrCorrupt, never a wrong entry.
func (ix *Index) Candidates(ctx context.Context, queries []doc.Doc, minSharedAnchors, maxAnchorDocs int) (out []doc.Doc, err error) {
	if ix.db == nil {
		return nil, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	perms, p := ix.settings.Perms, ix.banding
	for _, q := range queries {
		if len(q.Signature) != perms {
			return nil, fmt.Errorf("%s: query %s: %d permutations, the index has %d", ix.path, q.Path, len(q.Signature), perms)
		}
	}
	defer ix.release()
	err = ix.safely(func() error {
		return ix.db.View(func(tx *bolt.Tx) error {
			found, err := ix.lookup(ctx, tx, queries, p, minSharedAnchors, maxAnchorDocs)
			if err != nil {
				return err
			}
			out, err = ix.read(ctx, tx, found, p)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// releaseEvery is how many blocks or records Candidates reads between
// releases of the pages it mapped: each read maps at least 64 KiB about
// it (the kernel's fault-around), up to 2 MiB where the page cache holds
// the file in large folios, as after the file was read whole. Each release
// costs a call over the whole mapping and the branch pages mapped again:
// on a million entries, 100 queried files peak at 29 MiB every 32 reads,
// 35 MiB every 128 and 44 MiB every 256; 128 spends a third as long
// releasing as 32 did.
const releaseEvery = 128

// touch counts a read of the index's pages, releasing them every
// releaseEvery.
func (ix *Index) touch() {
	if ix.touched.Add(1)%releaseEvery == 0 {
		ix.release()
	}
}

// A claim is a key under which an entry was found, checked against its
// record when it is read: band's hash (its 48 stored bits), or an anchor
// (band < 0).
type claim struct {
	band int32
	key  uint64
}

func stored48(pst posting) uint64 { return uint64(pst.blk)<<32 | pst.v>>32 }

// lookup finds the ids of the candidates and what found each.
func (ix *Index) lookup(ctx context.Context, tx *bolt.Tx, queries []doc.Doc, p lsh.Params, minShared, maxDocs int) (map[uint32][]claim, error) {
	bands, anchors := tx.Bucket(bucketBands), tx.Bucket(bucketAnchors)
	if bands == nil || anchors == nil {
		return nil, fmt.Errorf("%s: %w: no postings", ix.path, ErrCorrupt)
	}
	blocks := map[[2]uint16][]byte{} // each block read and checked once
	run := func(kind uint16, b *bolt.Bucket, name []byte, pst posting) ([]byte, error) {
		body, ok := blocks[[2]uint16{kind, pst.blk}]
		if !ok {
			ix.touch()
			key := blockKey(pst.blk)
			if v := b.Get(key); v != nil {
				var err error
				if body, err = readBlock(name, key, v); err != nil {
					return nil, err
				}
			}
			blocks[[2]uint16{kind, pst.blk}] = body
		}
		// The postings with pst's kept bits, any id.
		kept := pst.v >> 32
		n := len(body) / postingLen
		i := searchKept(body, kept)
		j := i
		for j < n && binary.BigEndian.Uint64(body[j*postingLen:])>>32 == kept {
			j++
		}
		return body[i*postingLen : j*postingLen], nil
	}
	found := map[uint32][]claim{}
	var mine []posting
	shared := map[uint32][]claim{}
	for _, q := range queries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for b := range p.Bands {
			pst := bandPosting(b, q.Signature[b*p.Rows:(b+1)*p.Rows], 0)
			r, err := run(0, bands, bucketBands, pst)
			if err != nil {
				return nil, err
			}
			for i := 0; i < len(r); i += postingLen {
				id := binary.BigEndian.Uint32(r[i+4:])
				found[id] = append(found[id], claim{int32(b), stored48(pst)})
			}
		}
		if minShared < 1 {
			continue
		}
		_, mine = postingsOf(nil, mine[:0], doc.Doc{Anchors: q.Anchors}, 0, lsh.Params{})
		clear(shared)
		for _, pst := range mine {
			r, err := run(1, anchors, bucketAnchors, pst)
			if err != nil {
				return nil, err
			}
			if maxDocs > 0 && len(r)/postingLen > maxDocs {
				// Stock phrasing or a widely copied story: its first
				// holder only, as anchor.Pairs pairs the holders of such
				// an anchor with the first of them. An excerpt of a story
				// indexed in a hundred copies shares its anchors with one.
				r = r[:postingLen]
			}
			a := uint64(pst.blk)<<16 | pst.v>>32
			for i := 0; i < len(r); i += postingLen {
				id := binary.BigEndian.Uint32(r[i+4:])
				shared[id] = append(shared[id], claim{-1, a})
			}
		}
		for id, cs := range shared {
			if len(cs) >= minShared {
				found[id] = append(found[id], cs...)
			}
		}
	}
	return found, nil
}

// searchKept returns the index of the first posting of body (sorted) whose
// kept bits are at least kept.
func searchKept(body []byte, kept uint64) int {
	lo, hi := 0, len(body)/postingLen
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if binary.BigEndian.Uint64(body[m*postingLen:])>>32 < kept {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// read reads the records of the entries found, in path order, and checks
// that each holds the keys its postings claim.
func (ix *Index) read(ctx context.Context, tx *bolt.Tx, found map[uint32][]claim, p lsh.Params) ([]doc.Doc, error) {
	docs, ids := tx.Bucket(bucketDocs), tx.Bucket(bucketIDs)
	if docs == nil || ids == nil {
		return nil, fmt.Errorf("%s: %w: no entries", ix.path, ErrCorrupt)
	}
	type named struct {
		id   uint32
		path string
	}
	order := make([]named, 0, len(found))
	for id := range found {
		ix.touch()
		v := ids.Get(idKey(id))
		if v == nil {
			return nil, fmt.Errorf("%s: %w: a posting names entry %d, which is not there", ix.path, ErrCorrupt, id)
		}
		path, err := idPath(id, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ix.path, err)
		}
		order = append(order, named{id, path})
	}
	slices.SortFunc(order, func(a, b named) int { return strings.Compare(a.path, b.path) })
	out := make([]doc.Doc, 0, len(order))
	for _, n := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ix.touch()
		v := docs.Get([]byte(n.path))
		if v == nil {
			return nil, fmt.Errorf("%s: %w: entry %d names %q, which has no record", ix.path, ErrCorrupt, n.id, n.path)
		}
		e, id, err := decode(n.path, v)
		if err == nil && id != n.id {
			err = fmt.Errorf("%w: record for %q is entry %d, its postings say %d", ErrCorrupt, n.path, id, n.id)
		}
		if err == nil && len(e.Signature) != ix.settings.Perms {
			err = fmt.Errorf("%w: record for %s has %d permutations, the index %d", ErrCorrupt, e.Path, len(e.Signature), ix.settings.Perms)
		}
		if err == nil {
			err = holds(e, found[n.id], p)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ix.path, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// holds checks that entry e has the keys its postings claim.
func holds(e doc.Doc, cs []claim, p lsh.Params) error {
	for _, c := range cs {
		if c.band >= 0 {
			b := int(c.band)
			if stored48(bandPosting(b, e.Signature[b*p.Rows:(b+1)*p.Rows], 0)) != c.key {
				return fmt.Errorf("%w: a posting says %q has a band key it does not have", ErrCorrupt, e.Path)
			}
		} else if !slices.Contains(e.Anchors, uint32(c.key)) {
			return fmt.Errorf("%w: a posting says %q has an anchor it does not have", ErrCorrupt, e.Path)
		}
	}
	return nil
}
