// Package ahocorasick finds, in one pass over a string, which of many sets
// of literals occur in it, case folded as regexp's (?i) folds: an
// Aho-Corasick automaton over bytes whose outputs are bitsets of set
// indexes. pkg/clean uses it to tell which rules' required literals a line
// holds before running any regexp.
package ahocorasick

import (
	"slices"
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
	// small is delta in an array of fixed size, when delta fits
	// (pkg/clean's rules need 335,000 entries), and delta is then nil:
	// indexed through a mask, which also drops the flag, a step needs no
	// bounds check. (Its size was 1<<16 until the rules outgrew it, and
	// the scan fell back to delta unnoticed.)
	small *[smallSize]uint32
	// out lists, per state that reports sets, the words of its bitset
	// that are not zero (most states report one set).
	out    [][]outWord
	recip  uint64 // ceil(2^32 / classes): a row offset times it, >> 32, is its state
	words  int    // uint64s per bitset
	maxLen int    // bytes in the longest literal
}

// New compiles sets: sets[i] are literals, any of which occurring in a
// string reports i. A nil or empty set is never reported.
//
// A literal occurs in a string that holds it up to simple case folding
// (unicode.SimpleFold, as regexp's (?i) and strings.EqualFold fold), but
// for the Kelvin sign and the long s, which fold to ASCII letters: a
// caller replaces those first (see rulefilter.SpecialFolder). The table
// folds ASCII letters itself; a literal with other letters that have case
// is compiled in each of its cases, so that no line is ever lower-cased
// (a literal with more than maxVariants cases is cut short, still a
// necessary condition of its occurring).
func New(sets [][]string) *Matcher {
	m := &Matcher{words: (len(sets) + 63) / 64}
	var used [256]bool
	sets = slices.Clone(sets)
	for i, set := range sets {
		var all []string
		for _, lit := range set {
			all = append(all, caseVariants(lit)...)
		}
		sets[i] = all
		for _, lit := range all {
			m.maxLen = max(m.maxLen, len(lit))
			for i := 0; i < len(lit); i++ {
				used[lit[i]] = true
			}
		}
	}
	// Classes numbered by the bytes' frequency in English text, so that
	// a state's common moves share a cache line or two of its row.
	for _, c := range []byte(textOrder) {
		if used[c] && m.class[c] == 0 {
			m.classes++
			m.class[c] = uint8(m.classes)
		}
	}
	for c := range 256 {
		if used[c] && m.class[c] == 0 {
			m.classes++
			m.class[c] = uint8(m.classes) // at most 255 distinct bytes besides class 0
		}
	}
	m.classes++ // class 0 (rows padded to start on a cache line were no faster)
	for c := 'A'; c <= 'Z'; c++ {
		m.class[c] = m.class[c+'a'-'A']
	}
	k := m.classes
	// The trie over classes; failure links folded in breadth first.
	next := make([]int32, k) // next[s*k+class], 0: none yet
	outs := [][]uint64{nil}
	for i, set := range sets {
		for _, lit := range set {
			if lit == "" {
				continue // never reported
			}
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
	// Breadth first, in one pass: failure links (folded into next),
	// outputs, and the final rows. States are numbered in that order: the
	// shallow states, where a scan of text spends most of its steps, then
	// share a few kilobytes of the table, which stay in the processor's
	// first-level cache (numbered as the literals were inserted, they were
	// spread over the whole table). A state's number is given when it is
	// queued, so a row can be written once its children are queued: every
	// other state it leads to is shallower, done before.
	states := len(outs)
	m.out = make([][]outWord, states)
	m.recip = (1<<32 + uint64(k) - 1) / uint64(k)
	var delta []uint32
	if states*k <= smallSize && !noSmall {
		m.small = new([smallSize]uint32)
		delta = m.small[:states*k]
	} else {
		m.delta = make([]uint32, states*k)
		delta = m.delta
	}
	fail := make([]int32, states)
	number := make([]int32, states) // by old number
	queue := make([]int32, 1, states)
	for qi := 0; qi < len(queue); qi++ {
		s := int(queue[qi])
		row, failRow := next[s*k:s*k+k], next[int(fail[s])*k:int(fail[s])*k+k]
		for c, t := range row {
			switch {
			case t == 0 && s != 0:
				row[c] = failRow[c]
			case t != 0:
				if s != 0 {
					fail[t] = failRow[c]
				}
				if f := outs[fail[t]]; f != nil {
					if outs[t] == nil {
						outs[t] = make([]uint64, m.words)
					}
					for w := range f {
						outs[t][w] |= f[w]
					}
				}
				number[t] = int32(len(queue))
				queue = append(queue, t)
			}
		}
		out := delta[qi*k : qi*k+k]
		for c, t := range row {
			v := uint32(number[t]) * uint32(k)
			if outs[t] != nil {
				v |= flag
			}
			out[c] = v
		}
		if s != 0 {
			for w, v := range outs[s] {
				if v != 0 {
					m.out[qi] = append(m.out[qi], outWord{w, v})
				}
			}
		}
	}
	return m
}

// textOrder is the commonest bytes of English text, commonest first.
const textOrder = " etaoinshrdlcumwfgypbvkjxqz.,'0123456789-\""

// maxVariants bounds the cases a literal is compiled in.
const maxVariants = 64

// caseVariants returns lit in each of its cases but for ASCII letters',
// which the table folds: lit itself when it has no other letter with
// case. An incomplete rune at its end (a literal cut to a length) is
// dropped, and lit is cut before the rune that would make more than
// maxVariants: both leave a literal that a match still holds.
func caseVariants(lit string) []string {
	ascii := true
	for i := 0; i < len(lit); i++ {
		ascii = ascii && lit[i] < utf8.RuneSelf
	}
	if ascii {
		return []string{lit}
	}
	if r, n := utf8.DecodeLastRuneInString(lit); r == utf8.RuneError && n <= 1 && len(lit) > 1 {
		// Up to three bytes of a rune cut short.
		for k := 1; k <= utf8.UTFMax-1 && k < len(lit); k++ {
			if utf8.RuneStart(lit[len(lit)-k]) {
				if !utf8.FullRuneInString(lit[len(lit)-k:]) {
					lit = lit[:len(lit)-k]
				}
				break
			}
		}
	}
	out := []string{""}
	for i, r := range lit {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1 // an invalid byte stands for itself
		}
		forms := []string{lit[i : i+size]}
		if r >= utf8.RuneSelf && r != utf8.RuneError {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if f >= utf8.RuneSelf && f != '\u212a' && f != '\u017f' {
					forms = append(forms, string(f))
				}
			}
		}
		if len(out)*len(forms) > maxVariants {
			break
		}
		next := make([]string, 0, len(out)*len(forms))
		for _, o := range out {
			for _, f := range forms {
				next = append(next, o+f)
			}
		}
		out = next
	}
	if out[0] == "" {
		return []string{lit} // no rune has that many cases
	}
	return out
}

// outWord is a word of a state's output bitset that is not zero.
type outWord struct {
	w int
	v uint64
}

// flag marks, in delta, a state that reports sets.
const flag = 1 << 31

// smallSize is the entries of the small table: 2 MB, of which only
// delta's part is ever touched.
const smallSize = 1 << 19

// noSmall turns the small table off, for tests of the general walk.
var noSmall = false

// Fast reports whether the table fits the fixed-size array of the fast
// walk (a larger one takes the general walk, with a bounds check a step).
func (m *Matcher) Fast() bool { return m.small != nil }

// Words is the length in uint64s of the bitsets Scan fills.
func (m *Matcher) Words() int { return m.words }

// Scan sets in hits (len Words, cleared first) the sets whose literals
// occur in s, case-insensitively (see New).
func (m *Matcher) Scan(s string, hits []uint64) {
	clear(hits)
	if m.maxLen == 0 {
		return // no literals
	}
	// Each step waits for the table load of the step before, so a long
	// line is cut in parts walked side by side: independent chains of
	// loads. Each part runs maxLen-1 bytes into the next, so a literal
	// starting in it is found whole there. Four chains need the fixed
	// table (an earlier try passed them in arrays, which Go keeps on the
	// stack, and lost to two).
	if len(s) >= 8*m.maxLen && m.small != nil {
		m.walk4(s, hits)
	} else if len(s) >= 3*m.maxLen {
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

// walk4 walks s in four quarters side by side, each running maxLen-1
// bytes into the next, as walk2 does in halves.
func (m *Matcher) walk4(s string, hits []uint64) {
	q, o := len(s)/4, m.maxLen-1
	a, b, c, e := s[:q+o], s[q:2*q+o], s[2*q:3*q+o], s[3*q:]
	n := min(len(a), len(e))
	var sa, sb, sc, se uint32
	for i := 0; ; {
		var j int
		var out bool
		j, sa, sb, sc, se, out = m.rounds4(a[i:n], b[i:n], c[i:n], e[i:n], sa, sb, sc, se)
		i += j
		if !out {
			break
		}
		m.report(sa, hits)
		m.report(sb, hits)
		m.report(sc, hits)
		m.report(se, hits)
	}
	m.walkFrom(sa, a[n:], hits)
	m.walkFrom(sb, b[n:], hits)
	m.walkFrom(sc, c[n:], hits)
	m.walkFrom(se, e[n:], hits)
}

// rounds4 walks four chains of equal length a step each a round, up to
// the first round that ends in a state reporting sets: it returns the
// bytes walked, the states, and whether it stopped for one.
func (m *Matcher) rounds4(a, b, c, e string, sa, sb, sc, se uint32) (int, uint32, uint32, uint32, uint32, bool) {
	d, class := m.small, &m.class
	_ = d[0]
	b, c, e = b[:len(a)], c[:len(a)], e[:len(a)]
	for i := range len(a) {
		sa = d[(sa+uint32(class[a[i]]))&(smallSize-1)]
		sb = d[(sb+uint32(class[b[i]]))&(smallSize-1)]
		sc = d[(sc+uint32(class[c[i]]))&(smallSize-1)]
		se = d[(se+uint32(class[e[i]]))&(smallSize-1)]
		if (sa|sb|sc|se)&flag != 0 {
			return i + 1, sa, sb, sc, se, true
		}
	}
	return len(a), sa, sb, sc, se, false
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
		sa1 = d[(sa+uint32(class[a[i]]))&(smallSize-1)]
		sb1 = d[(sb+uint32(class[b[i]]))&(smallSize-1)]
		sa = d[(sa1+uint32(class[a[i+1]]))&(smallSize-1)]
		sb = d[(sb1+uint32(class[b[i+1]]))&(smallSize-1)]
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
			state = d[(state+uint32(class[s[i]]))&(smallSize-1)]
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
	for _, o := range m.out[uint64(state&^flag)*m.recip>>32] {
		hits[o.w] |= o.v
	}
}
