package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// matcher finds, in one pass over a line, which rules' required literals
// occur in it, case-insensitively: an Aho-Corasick automaton over bytes
// whose outputs are sets of rule indexes.
//
// The transition table is one flat slice over byte classes (every byte that
// appears in no literal shares class 0, and each ASCII letter shares the
// class of its lower case), so that it stays in cache: with a full 256-wide
// row per state, loading rows was most of the scan's time.
type matcher struct {
	class   [256]uint8
	classes int
	// delta[state*classes+class] is the next state times 2, plus 1 when
	// that state reports rules (the low bit is tested before the next
	// load, so output-free states cost nothing more).
	delta  []int32
	out    [][]uint64 // rule bitset per state that reports any
	words  int        // uint64s per bitset
	maxLen int        // bytes in the longest literal
	// foldASCII: every literal's cased letters are ASCII, so folding the
	// line's ASCII letters while scanning is enough and no lower-cased copy
	// of the line is needed.
	foldASCII bool
}

func newMatcher(rules []Rule) *matcher {
	m := &matcher{words: (len(rules) + 63) / 64, foldASCII: true}
	for _, r := range rules {
		for _, lit := range r.filter.lits {
			for _, c := range lit {
				if c >= 0x80 && unicode.ToUpper(c) != c {
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
	// The trie, in a full table first; failure links folded in breadth first.
	next := [][256]int32{{}}
	outs := [][]uint64{make([]uint64, m.words)}
	for ri, r := range rules {
		for _, lit := range r.filter.lits {
			s := int32(0)
			for i := 0; i < len(lit); i++ {
				c := lit[i]
				if next[s][c] == 0 {
					next = append(next, [256]int32{})
					outs = append(outs, make([]uint64, m.words))
					next[s][c] = int32(len(next) - 1)
				}
				s = next[s][c]
			}
			outs[s][ri/64] |= 1 << (ri % 64)
		}
	}
	fail := make([]int32, len(next))
	var queue []int32
	for c := range 256 {
		if s := next[0][c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for w := range outs[s] {
			outs[s][w] |= outs[fail[s]][w]
		}
		for c := range 256 {
			t := next[s][c]
			if t == 0 {
				next[s][c] = next[fail[s]][c]
				continue
			}
			fail[t] = next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	// Compress: one row per state over byte classes. Bytes of one class
	// lead to the same state from every state, since the trie only tells
	// literal bytes apart.
	m.out = make([][]uint64, len(next))
	m.delta = make([]int32, len(next)*m.classes)
	for s := range next {
		if slices.ContainsFunc(outs[s], func(v uint64) bool { return v != 0 }) && s != 0 {
			m.out[s] = outs[s]
		}
	}
	for s := range next {
		for c := range 256 {
			if 'A' <= c && c <= 'Z' {
				continue // the trie has lower case only; folded by class
			}
			t := next[s][c]
			v := int32(t) * int32(m.classes) * 2
			if m.out[t] != nil {
				v |= 1
			}
			m.delta[s*m.classes+int(m.class[c])] = v
		}
	}
	return m
}

// scan sets in hits (len m.words, cleared first) the rules whose literals
// occur in s, case-insensitively.
//
// upper: s may have a capital outside ASCII (when false, s is not checked).
func (m *matcher) scan(s string, hits []uint64, upper bool) {
	clear(hits)
	if m.maxLen == 0 {
		return // no literals
	}
	// The table folds ASCII letters itself; a lower-cased copy is needed
	// only when the line has a capital outside ASCII that a literal may
	// hold (most lines with such bytes have only quotes and dashes).
	if !m.foldASCII && upper && hasUpperNonASCII(s) {
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

func (m *matcher) walk2(s string, hits []uint64) {
	mid := len(s) / 2
	a, b := s[:mid+m.maxLen-1], s[mid:]
	delta, class := m.delta, &m.class
	sa, sb := int32(0), int32(0)
	n := min(len(a), len(b))
	for i := range n {
		sa = delta[int(sa>>1)+int(class[a[i]])]
		sb = delta[int(sb>>1)+int(class[b[i]])]
		if (sa|sb)&1 != 0 {
			m.report(sa, hits)
			m.report(sb, hits)
		}
	}
	m.walkFrom(sa, a[n:], hits)
	m.walkFrom(sb, b[n:], hits)
}

// walkFrom runs the automaton over s from state, reporting into hits.
func (m *matcher) walkFrom(state int32, s string, hits []uint64) {
	delta, class := m.delta, &m.class
	for i := 0; i < len(s); i++ {
		state = delta[int(state>>1)+int(class[s[i]])]
		if state&1 != 0 {
			m.report(state, hits)
		}
	}
}

// report adds the rules of state (as stored in delta) to hits.
func (m *matcher) report(state int32, hits []uint64) {
	if state&1 == 0 {
		return
	}
	for w, v := range m.out[int(state>>1)/m.classes] {
		hits[w] |= v
	}
}

// hasUpperNonASCII reports whether s has an upper-case letter outside ASCII.
func hasUpperNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		for i+8 <= len(s) && load64(s, i)&highBits == 0 {
			i += 8 // ASCII
		}
		if i == len(s) || s[i] < utf8.RuneSelf {
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
