package clean

import (
	"slices"
	"strings"
	"unicode"
)

// lowerASCII maps each byte to its ASCII lower case.
var lowerASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return t
}()

// matcher finds, in one pass over a lower-cased line, which rules' required
// literals occur in it (an Aho-Corasick automaton over bytes whose outputs
// are sets of rule indexes).
type matcher struct {
	next  [][256]int32 // full transition table
	out   [][]uint64   // rule bitset per state, including suffix states
	words int          // uint64s per bitset
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
		}
	}
	m.next = append(m.next, [256]int32{})
	m.out = append(m.out, make([]uint64, m.words))
	// The trie.
	for ri, r := range rules {
		for _, lit := range r.filter.lits {
			s := int32(0)
			for i := 0; i < len(lit); i++ {
				c := lit[i]
				if m.next[s][c] == 0 {
					m.next = append(m.next, [256]int32{})
					m.out = append(m.out, make([]uint64, m.words))
					m.next[s][c] = int32(len(m.next) - 1)
				}
				s = m.next[s][c]
			}
			m.out[s][ri/64] |= 1 << (ri % 64)
		}
	}
	// Failure links, breadth first, folded into the transition table.
	fail := make([]int32, len(m.next))
	var queue []int32
	for c := range 256 {
		if s := m.next[0][c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if m.out[fail[s]] != nil {
			for w := range m.out[s] {
				m.out[s][w] |= m.out[fail[s]][w]
			}
		}
		for c := range 256 {
			t := m.next[s][c]
			if t == 0 {
				m.next[s][c] = m.next[fail[s]][c]
				continue
			}
			fail[t] = m.next[fail[s]][c]
			queue = append(queue, t)
		}
		if !slices.ContainsFunc(m.out[s], func(v uint64) bool { return v != 0 }) {
			m.out[s] = nil // nothing to report here: scan skips it
		}
	}
	m.out[0] = nil // no literal is empty
	return m
}

// scan sets in hits (len m.words, cleared first) the rules whose literals
// occur in s, case-insensitively.
func (m *matcher) scan(s string, hits []uint64) {
	clear(hits)
	if !m.foldASCII {
		s = strings.ToLower(s)
	}
	state := int32(0)
	for i := 0; i < len(s); i++ {
		state = m.next[state][lowerASCII[s[i]]]
		if out := m.out[state]; out != nil {
			for w, v := range out {
				hits[w] |= v
			}
		}
	}
}
