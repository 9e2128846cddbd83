// Package lsh finds candidate near-duplicate pairs among MinHash signatures
// by banding: signatures that agree on every row of at least one band are
// candidates. It also chooses bands and rows for a Jaccard threshold.
package lsh

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/neardup/neardup/pkg/internal/radix"
)

// Params is a banding of a signature: Bands bands of Rows values each.
type Params struct {
	Bands, Rows int
}

// Validate checks the banding fits a signature of perms values.
func (p Params) Validate(perms int) error {
	if p.Bands < 1 || p.Rows < 1 {
		return fmt.Errorf("bands and rows must be positive, got %d bands of %d rows", p.Bands, p.Rows)
	}
	if p.Bands*p.Rows > perms {
		return fmt.Errorf("%d bands of %d rows need %d permutations, only %d computed", p.Bands, p.Rows, p.Bands*p.Rows, perms)
	}
	return nil
}

// Fit returns the banding asked for by a number of bands, of rows per
// band, or both (0: not given), filling in the other from perms; the zero
// Params when neither is given (then Optimal picks one). Its errors say
// what does not fit.
func Fit(bands, rows, perms int) (Params, error) {
	switch {
	case bands < 0 || rows < 0:
		return Params{}, fmt.Errorf("bands and rows must not be negative, got %d bands of %d rows", bands, rows)
	case bands > perms:
		return Params{}, fmt.Errorf("%d bands need at least %d perms, only %d", bands, bands, perms)
	case rows > perms:
		return Params{}, fmt.Errorf("%d rows need at least %d perms, only %d", rows, rows, perms)
	case bands == 0 && rows == 0:
		return Params{}, nil
	case bands == 0:
		return Params{Bands: perms / rows, Rows: rows}, nil
	case rows == 0:
		return Params{Bands: bands, Rows: perms / bands}, nil
	case bands*rows > perms: // both at most perms: no overflow
		return Params{}, fmt.Errorf("%d bands of %d rows need %d perms, only %d", bands, rows, bands*rows, perms)
	}
	return Params{Bands: bands, Rows: rows}, nil
}

// Probability is the chance that two documents of Jaccard similarity s
// become candidates: 1 - (1 - s^rows)^bands.
func (p Params) Probability(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(p.Rows)), float64(p.Bands))
}

// Optimal returns the banding of at most perms values that minimizes the
// equally weighted sum of the false-positive area (candidate probability
// integrated over similarities below threshold) and the false-negative area
// (its complement integrated above), as datasketch's _optimal_param does.
// Results are remembered: a scan and a query ask for the same few.
func Optimal(threshold float64, perms int) Params {
	k := optimalKey{threshold, perms}
	if p, ok := optimalMemo.Load(k); ok {
		return p.(Params)
	}
	p := optimal(threshold, perms)
	optimalMemo.Store(k, p)
	return p
}

type optimalKey struct {
	threshold float64
	perms     int
}

var optimalMemo = func() *sync.Map {
	// The bandings every default run asks for (scan at 0.5, the index's
	// postings and query at 0.2, 128 permutations) are known: working
	// them out took a fifth of the start of a run (60 M instructions).
	// TestKnownOptimal holds them to optimal.
	m := &sync.Map{}
	for k, p := range knownOptimal {
		m.Store(k, p)
	}
	return m
}() // optimalKey → Params

var knownOptimal = map[optimalKey]Params{
	{0.5, 128}: {25, 5},
	{0.2, 128}: {28, 2},
}

// simpsonN is the number of intervals of the composite Simpson's rule
// Optimal integrates with (even); its integrands are smooth.
const simpsonN = 200

// optimal is Optimal's search. It computes exactly what integrating
// Probability over each banding would, in the same order, but works out
// 1 - s^rows at the grid points once per rows rather than once per
// banding: half the math.Pow calls and no closures (it took 20 ms at 128
// permutations, twice in every query).
func optimal(threshold float64, perms int) Params {
	best, bestErr := Params{1, 1}, math.Inf(1)
	// A band of more than 64 rows almost never agrees even at 0.95
	// similarity (0.95^64 < 0.04): never the best, and skipping them
	// keeps this fast for thousands of permutations.
	maxRows := min(perms, 64)
	below := make([][simpsonN + 1]float64, maxRows+1) // 1 - s^r over [0, threshold]
	above := make([][simpsonN + 1]float64, maxRows+1) // ... over [threshold, 1]
	for r := 1; r <= maxRows; r++ {
		gridOneMinusPow(&below[r], 0, threshold, float64(r))
		gridOneMinusPow(&above[r], threshold, 1, float64(r))
	}
	hBelow, hAbove := (threshold-0)/simpsonN, (1-threshold)/simpsonN
	for b := 1; b <= perms; b++ {
		bands := float64(b)
		for r := 1; r <= min(perms/b, 64); r++ {
			// fp integrates Probability, fn its complement, as
			// integrate(p.Probability, ...) would, term for term.
			fp := simpsonPow(&below[r], bands, false) * hBelow / 3
			fn := simpsonPow(&above[r], bands, true) * hAbove / 3
			if e := 0.5*fp + 0.5*fn; e < bestErr {
				best, bestErr = Params{b, r}, e
			}
		}
	}
	return best
}

// simpsonPow is Simpson's weighted sum of 1 - x^bands over the grid x
// (of 1 - s^rows), or of its complement, 1 - (1 - x^bands): the terms
// Probability, and one minus it, take at the grid points.
func simpsonPow(x *[simpsonN + 1]float64, bands float64, complement bool) float64 {
	term := func(v float64) float64 {
		p := 1 - math.Pow(v, bands)
		if complement {
			return 1 - p
		}
		return p
	}
	sum := term(x[0]) + term(x[simpsonN])
	for i := 1; i < simpsonN; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * term(x[i])
	}
	return sum
}

// gridOneMinusPow sets g[i] to 1 - s^rows at the points Simpson's rule
// evaluates over [a, b]: a, a+i*h, and b itself.
func gridOneMinusPow(g *[simpsonN + 1]float64, a, b, rows float64) {
	h := (b - a) / simpsonN
	g[0], g[simpsonN] = 1-math.Pow(a, rows), 1-math.Pow(b, rows)
	for i := 1; i < simpsonN; i++ {
		g[i] = 1 - math.Pow(a+float64(i)*h, rows)
	}
}

// Pair is a candidate pair of document indexes, A < B.
type Pair struct {
	A, B int32
}

// MaxBucket is the largest bucket whose every pair is a candidate; a
// larger one (thousands of pages alike, say) yields 2n edges instead of
// n²/2, so identical and near-identical documents cost linear time.
const MaxBucket = 32

type entry struct {
	key uint64
	doc int32
}

// Candidates returns the sorted, distinct pairs of the n documents whose
// signatures (sig(i) for document i, each at least Bands*Rows long) agree on
// all rows of some band (a bucket larger than MaxBucket yields a star and a
// chain, not every pair). It stops between bands when ctx is cancelled. Bands are shared among up to jobs goroutines
// (jobs <= 0: GOMAXPROCS), so sig must be safe to call concurrently; each
// holds one band's keys at a time. The result does not depend on jobs.
func Candidates(ctx context.Context, n int, sig func(i int) []uint32, p Params, jobs int) ([]Pair, error) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, p.Bands))
	found := make([][]uint64, jobs)
	var wg sync.WaitGroup
	for g := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each band's pairs are sorted and merged into the distinct
			// pairs so far: a story syndicated twenty times over brings
			// back the same pairs in every band, and memory follows the
			// distinct pairs, not the pairs of every band.
			var distinct, band, buf, merged []uint64
			entries, scratch := make([]entry, n), make([]entry, n)
			for b := g; b < p.Bands && ctx.Err() == nil; b += jobs {
				band = bandPairs(band[:0], entries, scratch, sig, b*p.Rows, p.Rows)
				if cap(buf) < len(band) {
					buf = make([]uint64, len(band))
				}
				sorted := slices.Compact(radix.Sort(band, buf[:len(band)], 0))
				merged = mergeInto(merged[:0], distinct, sorted)
				distinct, merged = merged, distinct
			}
			found[g] = distinct
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all := found[0]
	for _, f := range found[1:] {
		all = mergeInto(nil, all, f)
	}
	pairs := make([]Pair, len(all))
	for i, k := range all {
		pairs[i] = Pair{int32(k >> 32), int32(uint32(k))}
	}
	return pairs, nil
}

// Queried returns the candidate pairs between queried documents (those
// with query(i) true) and the others: every such pair that agrees on all
// rows of some band, however large its bucket, and no pair of two queried
// or two other documents. A queried document's candidates therefore
// depend only on it and the others, never on what else is queried.
func Queried(ctx context.Context, n int, sig func(i int) []uint32, query func(i int) bool, p Params) ([]Pair, error) {
	var found []uint64 // A<<32 | B, sorted, distinct
	entries, scratch := make([]entry, n), make([]entry, n)
	for band := range p.Bands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lo := band * p.Rows
		for i := range n {
			entries[i] = entry{key: bandKey(sig(i)[lo : lo+p.Rows]), doc: int32(i)}
		}
		radixSort(entries, scratch)
		var fresh []uint64
		for i := 0; i < n; {
			j := i + 1
			for j < n && entries[j].key == entries[i].key {
				j++
			}
			for x := i; x < j; x++ {
				if !query(int(entries[x].doc)) {
					continue
				}
				for y := i; y < j; y++ {
					if d := entries[y].doc; !query(int(d)) {
						a, b := min(d, entries[x].doc), max(d, entries[x].doc)
						fresh = append(fresh, uint64(a)<<32|uint64(b))
					}
				}
			}
			i = j
		}
		// The same pairs come back band after band: merge them in once,
		// so memory follows the distinct pairs.
		slices.Sort(fresh)
		found = merge(found, slices.Compact(fresh))
	}
	pairs := make([]Pair, len(found))
	for i, k := range found {
		pairs[i] = Pair{int32(k >> 32), int32(uint32(k))}
	}
	return pairs, nil
}

// merge returns the union of two sorted, distinct lists, sorted.
func merge(a, b []uint64) []uint64 {
	if len(b) == 0 {
		return a
	}
	return mergeInto(make([]uint64, 0, len(a)+len(b)), a, b)
}

// mergeInto appends to out the union of two sorted, distinct lists,
// sorted.
func mergeInto(out, a, b []uint64) []uint64 {
	out = slices.Grow(out, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// bandPairs appends the pairs that agree on rows [lo, lo+rows), as
// A<<32 | B.
func bandPairs(pairs []uint64, entries, scratch []entry, sig func(i int) []uint32, lo, rows int) []uint64 {
	n := len(entries)
	for i := range n {
		entries[i] = entry{key: bandKey(sig(i)[lo : lo+rows]), doc: int32(i)}
	}
	// Entries start in doc order and the sort is stable, so each run of
	// equal keys is in doc order too.
	radixSort(entries, scratch)
	for i := 0; i < n; {
		j := i + 1
		for j < n && entries[j].key == entries[i].key {
			j++
		}
		// Runs are sorted by doc, so every pair comes out with A < B.
		if j-i <= MaxBucket {
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					pairs = append(pairs, pairKey(entries[x].doc, entries[y].doc))
				}
			}
		} else {
			// A large bucket yields a star to its first document and a
			// chain through the rest: enough edges to connect documents
			// that are all alike, linear in the bucket's size.
			for x := i + 1; x < j; x++ {
				pairs = append(pairs, pairKey(entries[i].doc, entries[x].doc))
				if x > i+1 {
					pairs = append(pairs, pairKey(entries[x-1].doc, entries[x].doc))
				}
			}
		}
		i = j
	}
	return pairs
}

// pairKey is the pair of documents a < b as one sortable key.
func pairKey(a, b int32) uint64 { return uint64(a)<<32 | uint64(b) }

// radixSort sorts entries by key, stably, using scratch (as long as
// entries) as the other buffer: eight passes of one byte each, skipping a
// byte all keys share. A comparison sort of the keys was three quarters
// of the time finding candidates.
func radixSort(entries, scratch []entry) {
	if len(entries) < 2 {
		return
	}
	var counts [8][256]int
	for _, e := range entries {
		for d := range 8 {
			counts[d][byte(e.key>>(8*d))]++
		}
	}
	src, dst := entries, scratch
	for d := range 8 {
		c := &counts[d]
		if c[byte(src[0].key>>(8*d))] == len(src) {
			continue // every key has this byte
		}
		offset := 0
		for b := range c {
			c[b], offset = offset, offset+c[b]
		}
		shift := 8 * d
		for _, e := range src {
			b := byte(e.key >> shift)
			dst[c[b]] = e
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &entries[0] {
		copy(entries, src)
	}
}

// BandKey is the key under which Candidates and Queried bucket one band's
// rows: signatures agree on a band when these keys are equal (or, rarely,
// collide). It is exported so that keys stored elsewhere (an index's
// postings) find exactly the documents banding would pair.
func BandKey(rows []uint32) uint64 { return bandKey(rows) }

// bandKey hashes one band's rows. A false collision only adds a candidate,
// which verification then rejects.
func bandKey(rows []uint32) uint64 {
	h := uint64(len(rows)) * 0x9E3779B185EBCA87
	for _, v := range rows {
		h ^= uint64(v)
		h *= 0xBF58476D1CE4E5B9
		h ^= h >> 29
	}
	return h
}

// BandKeys returns the key of each of p's bands of sig (at least
// Bands*Rows values long): two signatures are candidates when they share
// a key at the same band index. These are the keys Candidates sorts by,
// exported so that sketch files can carry them to engines that group by
// band outside neardup (see package sketch).
func BandKeys(sig []uint32, p Params) []uint64 {
	keys := make([]uint64, p.Bands)
	for b := range keys {
		keys[b] = bandKey(sig[b*p.Rows : (b+1)*p.Rows])
	}
	return keys
}
