// Package ahocorasick finds, in one pass over a string, which of many sets
// of literals occur in it, ASCII case folded: an Aho-Corasick automaton over
// bytes whose outputs are bitsets of set indexes. pkg/clean uses it to tell
// which rules' required literals a line holds before running any regexp.
package ahocorasick

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matcher is a compiled automaton. It is safe for concurrent use.
//
// The transition table is one flat slice over byte classes (every byte that
// appears in no literal shares class 0, and each ASCII letter shares the
// class of its lower case), so that it stays in cache: with a full 256-wide
// row per state, loading rows was most of the scan's time. It is built over
// classes from the start, so building it takes memory in proportion to the
// table too (a trie of 256-wide rows took 20 MB for pkg/clean's rules).
type Matcher struct {
	class   [256]uint8
	classes int
	// delta[state*classes+class] is the next state's row offset
	// (state*classes), with flag set when that state reports sets (it is
	// tested before the next load, so output-free states cost nothing
	// more).
	delta []uint32
	// small is delta when it has at most 1<<16 entries (pkg/clean's rules
	// need 35,000): indexed by a uint16, a step needs no bounds check,
	// nor a shift to drop the flag.
	small  *[1 << 16]uint32
	out    [][]uint64 // set bitset per state that reports any
	words  int        // uint64s per bitset
	maxLen int        // bytes in the longest literal
	// foldASCII: every literal's cased letters are ASCII, so folding the
	// line's ASCII letters while scanning is enough and no lower-cased copy
	// of the line is needed.
	foldASCII bool
}

// New compiles sets: sets[i] are literals, lower-cased, any of which
// occurring in a string reports i. A nil or empty set is never reported.
func New(sets [][]string) *Matcher {
	m := &Matcher{words: (len(sets) + 63) / 64, foldASCII: true}
	for _, set := range sets {
		for _, lit := range set {
			for _, c := range lit {
				if c >= utf8.RuneSelf && unicode.ToUpper(c) != c {
					m.foldASCII = false
				}
			}
			m.maxLen = max(m.maxLen, len(lit))
			for i := 0; i < len(lit); i++ {
				if m.class[lit[i]] == 0 {
					m.classes++
					m.class[lit[i]] = uint8(m.classes) // at most 255 distinct bytes besides class 0
				}
			}
		}
	}
	m.classes++ // class 0
	for c := 'A'; c <= 'Z'; c++ {
		m.class[c] = m.class[c+'a'-'A']
	}
	k := m.classes
	// The trie over classes; failure links folded in breadth first.
	next := make([]int32, k) // next[s*k+class], 0: none yet
	outs := [][]uint64{nil}
	for i, set := range sets {
		for _, lit := range set {
			s := 0
			for j := 0; j < len(lit); j++ {
				c := int(m.class[lit[j]])
				if next[s*k+c] == 0 {
					next = append(next, make([]int32, k)...)
					outs = append(outs, nil)
					next[s*k+c] = int32(len(outs) - 1)
				}
				s = int(next[s*k+c])
			}
			if outs[s] == nil {
				outs[s] = make([]uint64, m.words)
			}
			outs[s][i/64] |= 1 << (i % 64)
		}
	}
	states := len(outs)
	fail := make([]int32, states)
	var queue []int32
	for c := range k {
		if s := next[c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := int(queue[0])
		queue = queue[1:]
		if f := outs[fail[s]]; f != nil {
			if outs[s] == nil {
				outs[s] = make([]uint64, m.words)
			}
			for w := range f {
				outs[s][w] |= f[w]
			}
		}
		for c := range k {
			t := next[s*k+c]
			if t == 0 {
				next[s*k+c] = next[int(fail[s])*k+c]
				continue
			}
			fail[t] = next[int(fail[s])*k+c]
			queue = append(queue, t)
		}
	}
	// Encode: the next state's row offset, and its output flag.
	m.out = outs
	m.out[0] = nil
	m.delta = make([]uint32, len(next))
	for i, t := range next {
		v := uint32(t) * uint32(k)
		if m.out[t] != nil {
			v |= flag
		}
		m.delta[i] = v
	}
	if len(m.delta) <= 1<<16 && !noSmall {
		m.small = new([1 << 16]uint32)
		copy(m.small[:], m.delta)
	}
	return m
}

// flag marks, in delta, a state that reports sets.
const flag = 1 << 31

// noSmall turns the small table off, for tests of the general walk.
var noSmall = false

// Words is the length in uint64s of the bitsets Scan fills.
func (m *Matcher) Words() int { return m.words }

// FoldsASCII reports whether folding ASCII letters is all the case
// folding the literals need: Scan then never lower-cases a copy.
func (m *Matcher) FoldsASCII() bool { return m.foldASCII }

// Scan sets in hits (len Words, cleared first) the sets whose literals
// occur in s, case-insensitively.
//
// upper: s may have a capital outside ASCII (when false, s is not
// checked; see HasUpperNonASCII).
func (m *Matcher) Scan(s string, hits []uint64, upper bool) {
	clear(hits)
	if m.maxLen == 0 {
		return // no literals
	}
	// The table folds ASCII letters itself; a lower-cased copy is needed
	// only when the line has a capital outside ASCII that a literal may
	// hold (most lines with such bytes have only quotes and dashes).
	if !m.foldASCII && upper && HasUpperNonASCII(s) {
		s = strings.ToLower(s)
	}
	// Each step waits for the table load of the step before, so a long
	// line is cut in two halves walked side by side: two independent
	// chains of loads. The first half runs maxLen-1 bytes into the second,
	// so a literal starting in it is found whole there. (Four chains were
	// slower: their outputs mispredict four times as often.)
	if len(s) >= 3*m.maxLen {
		m.walk2(s, hits)
	} else {
		m.walkFrom(0, s, hits)
	}
}

func (m *Matcher) walk2(s string, hits []uint64) {
	mid := len(s) / 2
	a, b := s[:mid+m.maxLen-1], s[mid:]
	n := min(len(a), len(b))
	var sa, sb uint32
	if m.small != nil {
		a2, b2 := a[:n&^1], b[:n&^1]
		for {
			n, sa1, sb1, sa2, sb2, out := m.rounds(a2, b2, sa, sb)
			a2, b2, sa, sb = a2[n:], b2[n:], sa2, sb2
			if !out {
				break
			}
			m.report(sa1, hits)
			m.report(sb1, hits)
			m.report(sa, hits)
			m.report(sb, hits)
		}
		n &^= 1
	} else {
		delta, class := m.delta, &m.class
		for i := range n {
			sa = delta[int(sa&^flag)+int(class[a[i]])]
			sb = delta[int(sb&^flag)+int(class[b[i]])]
			if (sa|sb)&flag != 0 {
				m.report(sa, hits)
				m.report(sb, hits)
			}
		}
	}
	m.walkFrom(sa, a[n:], hits)
	m.walkFrom(sb, b[n:], hits)
}

// rounds walks the two chains over a and b (b at least as long) from
// states sa and sb, two steps of each a round, up to the end of the first
// round with a state that reports sets: it returns the bytes of each
// walked, the round's four states, and whether it found one. The four
// states are checked for output at once, and the loop makes no calls, so
// that they stay in registers (reporting in the loop spilled them every
// round).
func (m *Matcher) rounds(a, b string, sa, sb uint32) (n int, sa1, sb1, sa2, sb2 uint32, out bool) {
	d, class := m.small, &m.class
	_ = d[0] // one nil check, not one a step
	b = b[:len(a)]
	i := 0
	for ; i < len(a)-1; i += 2 {
		sa1 = d[uint16(sa+uint32(class[a[i]]))]
		sb1 = d[uint16(sb+uint32(class[b[i]]))]
		sa = d[uint16(sa1+uint32(class[a[i+1]]))]
		sb = d[uint16(sb1+uint32(class[b[i+1]]))]
		if (sa1|sb1|sa|sb)&flag != 0 {
			return i + 2, sa1, sb1, sa, sb, true
		}
	}
	return i, 0, 0, sa, sb, false
}

// walkFrom runs the automaton over s from state, reporting into hits.
func (m *Matcher) walkFrom(state uint32, s string, hits []uint64) {
	class := &m.class
	if d := m.small; d != nil {
		for i := 0; i < len(s); i++ {
			state = d[uint16(state+uint32(class[s[i]]))]
			if state&flag != 0 {
				m.report(state, hits)
			}
		}
		return
	}
	delta := m.delta
	for i := 0; i < len(s); i++ {
		state = delta[int(state&^flag)+int(class[s[i]])]
		if state&flag != 0 {
			m.report(state, hits)
		}
	}
}

// report adds the sets of state (as stored in delta) to hits.
func (m *Matcher) report(state uint32, hits []uint64) {
	if state&flag == 0 {
		return
	}
	for w, v := range m.out[int(state&^flag)/m.classes] {
		hits[w] |= v
	}
}

// HasUpperNonASCII reports whether s has an upper-case letter outside ASCII.
func HasUpperNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		for i+8 <= len(s) && load64(s, i)&highBits == 0 {
			i += 8 // ASCII
		}
		if i == len(s) || s[i] < utf8.RuneSelf {
			continue
		}
		// Most runes outside ASCII in English text have no case: the
		// signs of U+0080 to U+00BF ("£"), general punctuation (curly
		// quotes, dashes).
		if s[i] == 0xc2 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			i++
			continue
		}
		if s[i] == 0xe2 && i+2 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81) && s[i+2]&0xc0 == 0x80 {
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			return true
		}
		i += n - 1
	}
	return false
}

const highBits = 0x8080808080808080

// load64 reads s[i:i+8] as a little-endian integer (one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
