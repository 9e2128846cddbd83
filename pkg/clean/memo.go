package clean

import (
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
)

// News repeats itself: a syndicated story is the same paragraphs in twenty
// outlets' files, each outlet adds the same furniture to every page, and
// a scan reads the files of likely duplicates twice. What the rules do to
// a line depends on the line alone, and finding it out (a literal scan,
// the rules' prefilters and regexps) was most of cleaning's cost on such
// text, so a Cleaner remembers it for the lines it has seen: whether no
// rule touched the line, or which rule dropped it whole. Lines a rule cut
// in part are worked out each time.

// The memo is direct-mapped, a newer line taking an older one's slot. It
// starts small, so that cleaning a few files costs nothing to set up, and
// grows fourfold (starting empty again) each time it has taken as many
// lines as half its slots, up to 2^memoMaxBits slots of 8 bytes (1 MiB:
// a 95.8 MB folder of syndicated pages runs as fast as with 2 MiB).
const (
	memoMinBits = 10
	memoMaxBits = 17
)

// Outcomes stored in a slot's low 16 bits (0: empty slot).
const (
	memoKept  = 1 // no rule matched
	memoDrop0 = 2 // dropped whole by rule i: memoDrop0+i
)

// ruleMemo maps a line's hash to what the rules did to it. It is safe for
// concurrent use without locks: each slot is one atomic word holding 48
// bits of the hash its index does not hold and the outcome, so a reader
// sees a whole entry or another's, never a mix.
type ruleMemo struct {
	table atomic.Pointer[memoTable]
}

type memoTable struct {
	bits  uint
	puts  atomic.Int64
	slots []atomic.Uint64
}

func newMemoTable(bits uint) *memoTable {
	return &memoTable{bits: bits, slots: make([]atomic.Uint64, 1<<bits)}
}

// memoKey hashes a trimmed line with the document-wide flag the rules
// were run with (it changes only how the work is done, but a memo must
// not depend on that being so).
func memoKey(line string, special bool) uint64 {
	h := xxhash.Sum64String(line)
	if special {
		h ^= 0x9E3779B97F4A7C15
	}
	return h
}

const checkMask = 1<<48 - 1

// get returns the outcome stored for key, or 0.
func (m *ruleMemo) get(key uint64) uint64 {
	t := m.table.Load()
	if t == nil {
		m.table.CompareAndSwap(nil, newMemoTable(memoMinBits))
		return 0
	}
	v := t.slots[key&(1<<t.bits-1)].Load()
	if v>>16 != key>>t.bits&checkMask {
		return 0
	}
	return v & 0xFFFF
}

// put stores outcome (below 1<<16) for key.
func (m *ruleMemo) put(key, outcome uint64) {
	t := m.table.Load()
	if t == nil {
		return
	}
	t.slots[key&(1<<t.bits-1)].Store((key>>t.bits&checkMask)<<16 | outcome)
	if t.puts.Add(1) == int64(len(t.slots)/2) && t.bits < memoMaxBits {
		m.table.CompareAndSwap(t, newMemoTable(min(t.bits+2, memoMaxBits)))
	}
}
