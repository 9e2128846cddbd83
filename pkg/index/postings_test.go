package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/lsh"
)

var settings16 = Settings{Shingle: 4, Perms: 16, Seed: 1, Lang: "english"}

func paths(es []doc.Doc) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Path)
	}
	return out
}

// brute is what Candidates must return, found the slow way: every entry
// that agrees with a query on a whole band, or shares minShared distinct
// anchors with it that at most maxDocs entries hold.
// An anchor held by more than maxDocs entries counts only for the one
// with the lowest id (ids: each path's).
func brute(entries, queries []doc.Doc, p lsh.Params, minShared, maxDocs int, ids map[string]uint32) []string {
	holders, first := map[uint32]int{}, map[uint32]string{}
	for _, e := range entries {
		for _, a := range distinct(e.Anchors) {
			holders[a]++
			if f, ok := first[a]; !ok || ids[e.Path] < ids[f] {
				first[a] = e.Path
			}
		}
	}
	var out []string
	for _, e := range entries {
		match := false
		for _, q := range queries {
			for b := 0; b < p.Bands && !match; b++ {
				lo, hi := b*p.Rows, (b+1)*p.Rows
				match = lsh.BandKey(e.Signature[lo:hi]) == lsh.BandKey(q.Signature[lo:hi])
			}
			shared := 0
			for _, a := range distinct(q.Anchors) {
				if slices.Contains(e.Anchors, a) && (maxDocs < 1 || holders[a] <= maxDocs || first[a] == e.Path) {
					shared++
				}
			}
			match = match || minShared > 0 && shared >= minShared
		}
		if match {
			out = append(out, e.Path)
		}
	}
	slices.Sort(out)
	return out
}

// entryIDs returns the id of each entry, by path.
func entryIDs(t *testing.T, ix *Index) map[string]uint32 {
	t.Helper()
	ids := map[string]uint32{}
	err := ix.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			_, id, err := decode(string(k), v)
			ids[string(k)] = id
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func distinct(as []uint32) []uint32 {
	out := slices.Clone(as)
	slices.Sort(out)
	return slices.Compact(out)
}

func TestCandidates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Banding() != (lsh.Params{}) {
		t.Errorf("a new index has banding %v", ix.Banding())
	}
	// A first update fixes the banding.
	if err := ix.Update(settings16, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	p := ix.Banding()
	if want := lsh.Optimal(BandFloor, 16); p != want || p.Bands < 2 {
		t.Fatalf("banding %v, want %v with two bands or more", p, want)
	}
	sig := func(base uint32) []uint32 {
		s := make([]uint32, 16)
		for i := range s {
			s[i] = base + uint32(i)
		}
		return s
	}
	q := doc.Doc{Path: "/in/q.txt", Signature: sig(1000), Anchors: []uint32{1, 2, 3, 3, 4, 50}}
	withBand := func(b int) []uint32 { // agrees with q on band b only
		s := sig(5000 + uint32(b)*100)
		copy(s[b*p.Rows:], q.Signature[b*p.Rows:(b+1)*p.Rows])
		return s
	}
	almost := sig(9000) // agrees with q on all rows but one of every band
	for b := range p.Bands {
		copy(almost[b*p.Rows:(b+1)*p.Rows-1], q.Signature[b*p.Rows:])
	}
	es := []doc.Doc{ // ModTime set below
		{Path: "/a/first-band", Signature: withBand(0)},
		{Path: "/a/last-band", Signature: withBand(p.Bands - 1)},
		{Path: "/a/almost", Signature: almost},
		{Path: "/a/two-anchors", Signature: sig(20000), Anchors: []uint32{9, 2, 4}},
		{Path: "/a/one-anchor-twice", Signature: sig(21000), Anchors: []uint32{3, 3, 77}},
		{Path: "/a/unrelated", Signature: sig(22000), Anchors: []uint32{7, 8}},
	}
	// Anchor 50 is a stock phrase: held by four entries, one of which
	// shares only it and 1 with q.
	for i := range 4 {
		es = append(es, doc.Doc{Path: fmt.Sprintf("/b/stock%d", i), Signature: sig(30000 + 100*uint32(i)), Anchors: []uint32{50, uint32(60 + i)}})
	}
	es[len(es)-1].Anchors = append(es[len(es)-1].Anchors, 1)
	for i := range es {
		es[i].ModTime = time.Unix(1700000000, int64(i))
	}
	if err := ix.Update(settings16, nil, es, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		minShared, maxDoc int
		want              []string
	}{
		{"bands and anchors", 2, 3, []string{"/a/first-band", "/a/last-band", "/a/two-anchors"}},
		{"stock anchors count", 2, 0, []string{"/a/first-band", "/a/last-band", "/a/two-anchors", "/b/stock3"}},
		// stock0, the first entry holding the stock anchor, counts it.
		{"one anchor is enough", 1, 3, []string{"/a/first-band", "/a/last-band", "/a/one-anchor-twice", "/a/two-anchors", "/b/stock0", "/b/stock3"}},
		{"no anchors", 0, 3, []string{"/a/first-band", "/a/last-band"}},
	}
	for _, tt := range tests {
		got, err := ix.Candidates(context.Background(), []doc.Doc{q}, tt.minShared, tt.maxDoc)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(paths(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, paths(got), tt.want)
		}
		if b := brute(stored(slices.Clone(es)...), []doc.Doc{q}, p, tt.minShared, tt.maxDoc, entryIDs(t, ix)); !slices.Equal(b, tt.want) {
			t.Errorf("%s: the slow way says %v", tt.name, b)
		}
		for _, e := range got {
			i := slices.IndexFunc(es, func(x doc.Doc) bool { return x.Path == e.Path })
			if want := stored(es[i])[0]; !reflect.DeepEqual(e, want) {
				t.Errorf("%s: entry %+v, want %+v", tt.name, e, want)
			}
		}
	}
	// Postings follow updates: the first-band entry changes, the
	// two-anchor one goes.
	changed := es[0]
	changed.Signature = sig(40000)
	if err := ix.Update(settings16, nil, []doc.Doc{changed}, []string{"/a/two-anchors"}); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Candidates(context.Background(), []doc.Doc{q}, 2, 3)
	if want := []string{"/a/last-band"}; err != nil || !slices.Equal(paths(got), want) {
		t.Errorf("after the update: %v, %v; want %v", paths(got), err, want)
	}
	// No queries, no candidates; a query of the wrong length is refused.
	if got, err := ix.Candidates(context.Background(), nil, 2, 3); err != nil || len(got) != 0 {
		t.Errorf("no queries: %v, %v", got, err)
	}
	if _, err := ix.Candidates(context.Background(), []doc.Doc{{Path: "/short", Signature: []uint32{1}}}, 2, 3); err == nil {
		t.Error("a short signature was taken")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Candidates(ctx, []doc.Doc{q}, 2, 3); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// storedPostings reads the index's postings as they are on disk, block by
// block, and those its records call for.
func storedPostings(t *testing.T, ix *Index) (got, want map[string][]byte) {
	t.Helper()
	got, want = map[string][]byte{}, map[string][]byte{}
	err := ix.db.View(func(tx *bolt.Tx) error {
		var add [2][]posting
		ids := map[uint32]bool{}
		err := tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			e, id, err := decode(string(k), v)
			if err != nil {
				return err
			}
			if ids[id] {
				return fmt.Errorf("id %d twice", id)
			}
			ids[id] = true
			if p, err := idPath(id, tx.Bucket(bucketIDs).Get(idKey(id))); err != nil || p != e.Path {
				return fmt.Errorf("id %d: %q, %v", id, p, err)
			}
			add[0], add[1] = postingsOf(add[0], add[1], e, id, ix.banding)
			return nil
		})
		if err != nil {
			return err
		}
		if n := tx.Bucket(bucketIDs).Stats().KeyN; n != len(ids) {
			return fmt.Errorf("%d ids for %d records", n, len(ids))
		}
		for i, name := range [][]byte{bucketBands, bucketAnchors} {
			_ = tx.Bucket(name).ForEach(func(k, v []byte) error {
				got[fmt.Sprintf("%s %x", name, k)] = bytes.Clone(v)
				return nil
			})
			slices.SortFunc(add[i], cmpPosting)
			for len(add[i]) > 0 {
				n := 0
				var body []byte
				for n < len(add[i]) && add[i][n].blk == add[i][0].blk {
					body = binary.BigEndian.AppendUint64(body, add[i][n].v)
					n++
				}
				key := blockKey(add[i][0].blk)
				want[fmt.Sprintf("%s %x", name, key)] = binary.BigEndian.AppendUint32(body, blockSum(name, key, body))
				add[i] = add[i][n:]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}

// TestPostingsFollowUpdates puts, replaces and deletes entries at random,
// some sharing bands and anchors, and checks after each update that the
// stored postings are exactly those the records call for, and that
// Candidates answers as the slow way does.
func TestPostingsFollowUpdates(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Few values, so that bands and anchors are often shared.
	random := func(p string) doc.Doc {
		sig := make([]uint32, 16)
		for i := range sig {
			sig[i] = r.Uint32N(3)
		}
		an := make([]uint32, r.IntN(6))
		for i := range an {
			an[i] = r.Uint32N(40) << (r.UintN(2) * 20) // some in one block, some not
		}
		return doc.Doc{Path: p, Size: int64(r.IntN(100)), ModTime: time.Unix(1700000000, 0), Signature: sig, Anchors: an}
	}
	live := map[string]doc.Doc{}
	for round := range 30 {
		var put []doc.Doc
		var del []string
		for range r.IntN(12) {
			p := fmt.Sprintf("/n/%02d", r.IntN(40))
			if r.IntN(4) == 0 {
				del = append(del, p)
				delete(live, p)
				continue
			}
			e := random(p)
			if old, ok := live[p]; ok && r.IntN(3) == 0 {
				e = old // put again unchanged
			}
			put = append(put, e)
			live[p] = e
		}
		// Deletes apply before puts: a path both deleted and put stays.
		for _, e := range put {
			live[e.Path] = e
		}
		if err := ix.Update(settings16, nil, put, del); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got, want := storedPostings(t, ix)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: %d blocks stored, the records call for %d, or they differ", round, len(got), len(want))
		}
		var entries []doc.Doc
		for _, e := range live {
			entries = append(entries, stored(e)...)
		}
		if n := ix.Len(); n != len(entries) {
			t.Fatalf("round %d: %d entries, want %d", round, n, len(entries))
		}
		for range 3 {
			qs := []doc.Doc{random("/q/1"), random("/q/2")}
			got, err := ix.Candidates(context.Background(), qs, 2, 3)
			if err != nil {
				t.Fatal(err)
			}
			if want := brute(entries, qs, ix.Banding(), 2, 3, entryIDs(t, ix)); !slices.Equal(paths(got), want) {
				t.Fatalf("round %d: candidates %v, want %v", round, paths(got), want)
			}
		}
	}
}

// bbcDocs fingerprints BBC articles as neardup does, with excerpts (a
// fifth of an article) and lightly edited copies of some, so that there
// are pairs found only by anchors and pairs found only by bands.
func bbcDocs(t *testing.T, n int) (indexed, queries []doc.Doc) {
	t.Helper()
	root := filepath.Join("/work", "shared", "corpora", "bbc")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	if len(files) < n {
		t.Skipf("no BBC corpus at %s", root)
	}
	r := rand.New(rand.NewPCG(3, 3))
	r.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	files = files[:n]
	dir := t.TempDir()
	var made []string
	for i, f := range files[:n/5] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(string(b))
		var text string
		switch i % 3 {
		case 0: // an excerpt
			at := r.IntN(len(words) - len(words)/5 + 1)
			text = strings.Join(words[at:at+len(words)/5], " ")
		case 1: // an edited copy
			for k := range len(words) / 10 {
				words[r.IntN(len(words))] = fmt.Sprint("edit", k)
			}
			text = strings.Join(words, " ")
		case 2: // another article with a paragraph of this one
			o, _ := os.ReadFile(files[n-1-i])
			at := r.IntN(max(1, len(words)-40))
			text = string(o) + "\n\n" + strings.Join(words[at:min(len(words), at+40)], " ")
		}
		p := filepath.Join(dir, fmt.Sprintf("q%03d.txt", i))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
	}
	// Some articles queried as they are, not indexed.
	made = append(made, files[n-20:]...)
	fp := func(fs []string) []doc.Doc {
		res, err := pipeline.Fingerprint(context.Background(), fs, pipeline.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		return res.Docs
	}
	return fp(files[:n-20]), fp(made)
}

// TestCandidatesCoverQueried checks the promise query relies on: over real
// articles, the entries Candidates returns include every indexed document
// that lsh.Queried (with the stored banding) and anchor.Pairs (two shared
// anchors, anchor.MaxDocs) pair with a query over the full entry list,
// for all queries at once and for each alone.
func TestCandidatesCoverQueried(t *testing.T) {
	indexed, queries := bbcDocs(t, 600)
	path := filepath.Join(t.TempDir(), "bbc.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Update(Settings{Shingle: 4, Perms: pipeline.DefaultPerms, Seed: 1, Lang: "english"}, nil, indexed, nil); err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(indexed), queries...)
	isQuery := func(i int) bool { return i >= len(indexed) }
	banded, err := lsh.Queried(context.Background(), len(all), func(i int) []uint32 { return all[i].Signature }, isQuery, ix.Banding())
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]map[string]bool{} // by query
	add := func(a, b int, how string) {
		if isQuery(a) == isQuery(b) {
			return
		}
		if isQuery(a) {
			a, b = b, a
		}
		if want[b] == nil {
			want[b] = map[string]bool{}
		}
		want[b][all[a].Path] = true
	}
	bandOnly := map[[2]int]bool{}
	for _, p := range banded {
		add(int(p.A), int(p.B), "band")
		bandOnly[[2]int{int(p.A), int(p.B)}] = true
	}
	// Pairs that one band alone finds make the test fail if any band's
	// postings are lost.
	oneBand := 0
	for _, pr := range banded {
		n := 0
		for b := range ix.Banding().Bands {
			lo, hi := b*ix.Banding().Rows, (b+1)*ix.Banding().Rows
			if lsh.BandKey(all[pr.A].Signature[lo:hi]) == lsh.BandKey(all[pr.B].Signature[lo:hi]) {
				n++
			}
		}
		if n == 1 {
			oneBand++
		}
	}
	anchorOnly := 0
	for _, p := range anchor.Pairs(len(all), func(i int) []uint32 { return all[i].Anchors }, 2, 1) {
		if isQuery(int(p.A)) != isQuery(int(p.B)) && !bandOnly[[2]int{int(p.A), int(p.B)}] {
			anchorOnly++
		}
		add(int(p.A), int(p.B), "anchor")
	}
	// The test must be able to fail: there are pairs, and some only
	// anchors find.
	if oneBand < 5 || anchorOnly < 5 {
		t.Fatalf("%d pairs found by one band only, %d by anchors only: too few to test", oneBand, anchorOnly)
	}
	check := func(qs []int, minShared int) (missing int) {
		var docs []doc.Doc
		for _, q := range qs {
			docs = append(docs, all[q])
		}
		got, err := ix.Candidates(context.Background(), docs, minShared, anchor.MaxDocs)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, e := range got {
			have[e.Path] = true
		}
		if !slices.IsSortedFunc(got, func(a, b doc.Doc) int { return strings.Compare(a.Path, b.Path) }) {
			t.Error("candidates not in path order")
		}
		for _, q := range qs {
			for p := range want[q] {
				if !have[p] {
					missing++
				}
			}
		}
		return missing
	}
	var qs []int
	for q := len(indexed); q < len(all); q++ {
		qs = append(qs, q)
		if m := check([]int{q}, 2); m > 0 {
			t.Errorf("query %s alone: %d of %d pairs missing", all[q].Path, m, len(want[q]))
		}
	}
	if m := check(qs, 2); m > 0 { // and no query hides another's
		t.Errorf("all queries: %d pairs missing", m)
	}
	// Without anchor postings the promise breaks: what the test sees.
	m := 0
	for _, q := range qs {
		m += check([]int{q}, 0)
	}
	if m != anchorOnly {
		t.Errorf("bands alone miss %d pairs, want the %d only anchors find", m, anchorOnly)
	}
	t.Logf("%d entries, %d queries: %d banded pairs (%d by one band only), %d found by anchors only, all among the candidates",
		len(indexed), len(queries), len(banded), oneBand, anchorOnly)
}

// writeBlock stores a block of postings vs (sorted) as Update would.
func writeBlock(b *bolt.Bucket, name, key []byte, vs []uint64) error {
	var body []byte
	for _, v := range vs {
		body = binary.BigEndian.AppendUint64(body, v)
	}
	return b.Put(key, binary.BigEndian.AppendUint32(body, blockSum(name, key, body)))
}

func readPostings(b *bolt.Bucket, key []byte) []uint64 {
	v := b.Get(key)
	var vs []uint64
	for i := 0; i+postingLen <= len(v)-4; i += postingLen {
		vs = append(vs, binary.BigEndian.Uint64(v[i:]))
	}
	return vs
}

// firstBlocks returns the keys of the first two blocks of a bucket.
func firstBlocks(tx *bolt.Tx, name []byte) (k1, k2 []byte) {
	c := tx.Bucket(name).Cursor()
	k, _ := c.First()
	k1 = bytes.Clone(k)
	k, _ = c.Next()
	return k1, bytes.Clone(k)
}

// TestDamagedPostings changes postings and ids behind the index's back
// and seals the file again, as a bug or a forged file would: each change
// must be an error wrapping ErrCorrupt from Candidates (and from an
// Update that meets it), never a wrong entry or a crash.
func TestDamagedPostings(t *testing.T) {
	var es []doc.Doc
	for i := range 40 {
		e := entry(fmt.Sprintf("/n/%02d", i), uint32(i*10))
		e.Anchors = []uint32{uint32(i)<<20 | 7, uint32(i+1)<<20 | 9, 5} // in many blocks
		es = append(es, e)
	}
	tests := []struct {
		name string
		fn   func(tx *bolt.Tx) error
		want string
	}{
		{"flipped byte", func(tx *bolt.Tx) error {
			k, _ := firstBlocks(tx, bucketBands)
			v := bytes.Clone(tx.Bucket(bucketBands).Get(k))
			v[3] ^= 0x40
			return tx.Bucket(bucketBands).Put(k, v)
		}, "fails its checksum"},
		{"blocks swapped", func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketAnchors)
			k1, k2 := firstBlocks(tx, bucketAnchors)
			v1, v2 := bytes.Clone(b.Get(k1)), bytes.Clone(b.Get(k2))
			if err := b.Put(k1, v2); err != nil {
				return err
			}
			return b.Put(k2, v1)
		}, "fails its checksum"},
		{"bands block in anchors", func(tx *bolt.Tx) error {
			k, _ := firstBlocks(tx, bucketAnchors)
			kb, _ := firstBlocks(tx, bucketBands)
			return tx.Bucket(bucketAnchors).Put(k, bytes.Clone(tx.Bucket(bucketBands).Get(kb)))
		}, "fails its checksum"},
		{"cut short", func(tx *bolt.Tx) error {
			k, _ := firstBlocks(tx, bucketBands)
			v := tx.Bucket(bucketBands).Get(k)
			return tx.Bucket(bucketBands).Put(k, bytes.Clone(v[:len(v)-3]))
		}, "wrong length"},
		{"posting for no entry", func(tx *bolt.Tx) error {
			k, _ := firstBlocks(tx, bucketBands)
			vs := readPostings(tx.Bucket(bucketBands), k)
			vs[0] = vs[0]&^0xFFFFFFFF | 9999
			slices.Sort(vs)
			return writeBlock(tx.Bucket(bucketBands), bucketBands, k, vs)
		}, "which is not there"},
		{"posting for another entry", func(tx *bolt.Tx) error {
			k, _ := firstBlocks(tx, bucketBands)
			vs := readPostings(tx.Bucket(bucketBands), k)
			id := uint32(vs[0])
			vs[0] = vs[0]&^0xFFFFFFFF | uint64((id+1)%40)
			slices.Sort(vs)
			return writeBlock(tx.Bucket(bucketBands), bucketBands, k, vs)
		}, "has a band key it does not have"},
		{"anchor posting for another entry", func(tx *bolt.Tx) error {
			_, k := firstBlocks(tx, bucketAnchors) // the first holds anchor 5 of every entry
			vs := readPostings(tx.Bucket(bucketAnchors), k)
			id := uint32(vs[0])
			vs[0] = vs[0]&^0xFFFFFFFF | uint64((id+2)%40)
			slices.Sort(vs)
			return writeBlock(tx.Bucket(bucketAnchors), bucketAnchors, k, vs)
		}, "has an anchor it does not have"},
		{"id of another path", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketIDs).Put(idKey(3), idValue(3, "/n/04"))
		}, "postings say"},
		{"id damaged", func(tx *bolt.Tx) error {
			v := bytes.Clone(tx.Bucket(bucketIDs).Get(idKey(5)))
			v[1] ^= 1
			return tx.Bucket(bucketIDs).Put(idKey(5), v)
		}, "fails its checksum"},
		{"no banding", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keyBanding, []byte{0, 0, 0, 0, 0, 0, 0, 1})
		}, "banding"},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "a.ndx")
		ix, _ := Open(path, true)
		if err := ix.Update(settings, nil, es, nil); err != nil {
			t.Fatal(err)
		}
		ix.Close()
		tamper(t, path, tt.fn)
		before, _ := os.ReadFile(path)
		ix, err := Open(path, false)
		if err == nil {
			var got []doc.Doc
			got, err = ix.Candidates(context.Background(), stored(slices.Clone(es)...), 2, 64)
			if err == nil {
				t.Errorf("%s: %d candidates, no error", tt.name, len(got))
			}
			ix.Close()
		}
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want ErrCorrupt, %q", tt.name, err, tt.want)
		}
		// A writer that meets the damage refuses to carry it on.
		if ix, err := Open(path, true); err == nil {
			var paths []string
			for _, e := range es {
				paths = append(paths, e.Path)
			}
			if err := ix.Update(settings, nil, nil, paths); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s: deleting every entry: %v, want ErrCorrupt", tt.name, err)
			}
			ix.Close()
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("%s: the damaged index was changed", tt.name)
		}
	}
}

// An Update that finds a posting missing refuses to go on: the postings no
// longer say what the records do.
func TestUpdateFindsMissingPosting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, _ := Open(path, true)
	_ = ix.Update(settings, nil, []doc.Doc{entry("/a", 2), entry("/b", 4)}, nil)
	ix.Close()
	tamper(t, path, func(tx *bolt.Tx) error {
		k, _ := firstBlocks(tx, bucketAnchors)
		vs := readPostings(tx.Bucket(bucketAnchors), k)
		if len(vs) == 1 {
			return tx.Bucket(bucketAnchors).Delete(k)
		}
		return writeBlock(tx.Bucket(bucketAnchors), bucketAnchors, k, vs[1:])
	})
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Update(settings, nil, nil, []string{"/a", "/b"})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("err = %v", err)
	}
}

// A large update writes a compacted copy: the file does not grow by the
// pages it replaced, and the postings still match the records.
func TestLargeUpdateCompacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	ix, err := Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	es := synthetic(compactMin*2, 16, 20, 5)
	if err := ix.Update(settings16, nil, es, nil); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	first := fi.Size()
	// Every entry changes: every page of postings is rewritten.
	again := synthetic(compactMin*2, 16, 20, 6)
	for i := range again {
		again[i].Path = es[i].Path
	}
	if err := ix.Update(settings16, nil, again, nil); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(path)
	if fi.Size() > first*5/4 {
		t.Errorf("%d bytes after rewriting every entry, %d before", fi.Size(), first)
	}
	got, want := storedPostings(t, ix)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%d blocks stored, the records call for %d, or they differ", len(got), len(want))
	}
	found, err := ix.Candidates(context.Background(), again[100:101], 2, 64)
	if err != nil || len(found) == 0 || found[0].Path != again[100].Path {
		t.Errorf("candidates after compacting: %v, %v", paths(found), err)
	}
	if ix.Len() != len(es) {
		t.Errorf("%d entries, want %d", ix.Len(), len(es))
	}
}
