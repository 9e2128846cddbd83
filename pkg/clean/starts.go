package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pkg/internal/rulefilter"
)

// startTrie finds in one walk over a line's first bytes the rules one of
// whose starts the line may begin with: a trie of the starts of the rules
// anchored at the line's start, ASCII letters folded. Asking each such
// rule's Skip instead was a tenth of cleaning: most lines begin with a
// byte pair ("Th", "A ") that the starts of several rules share, and
// each compared the line with its starts in turn.
//
// A start is in the trie up to its first letter outside ASCII (it may
// need Unicode folding); one that begins with such a letter is there as
// the first byte of that letter in each case. So the rules found
// are a superset of those Skip lets through; Skip still decides.
type startTrie struct {
	nodes []trieNode
	rules []uint64 // per node, words bits: the rules a start of which ends there
	words int
}

// trieNode's children are the nodes first, first+1, ... for the bytes
// of edges, in order.
type trieNode struct {
	edges string
	first int32
	ends  bool // some start ends here
}

// trieStart is the part of a start the trie holds: up to its first rune
// outside ASCII that has case (or is U+FFFD, which invalid UTF-8 in a
// line matches); "" when that is its first.
func trieStart(s string) string {
	for i, r := range s {
		if r >= utf8.RuneSelf && (r == utf8.RuneError || unicode.SimpleFold(r) != r) {
			return s[:i]
		}
	}
	return s
}

// newStartTrie builds the trie of the starts of rules. It is laid out
// breadth first, a node's children contiguous and in byte order: from
// the starts sorted, each level's nodes are the distinct prefixes of its
// length, in order, and a node's children the run of the next level's
// prefixes that extend it (maps per node took a fifth of a run's start).
func newStartTrie(rules []Rule, words int) *startTrie {
	type entry struct {
		s    string
		rule int
	}
	var es []entry
	for ri, r := range rules {
		for _, s := range r.filter.Starts {
			if p := trieStart(s); p != "" {
				es = append(es, entry{p, ri})
				continue
			}
			// The first byte of the first rune in each case; any byte
			// outside ASCII for U+FFFD.
			r0, _ := utf8.DecodeRuneInString(s)
			es = append(es, entry{s[:1], ri})
			for f := unicode.SimpleFold(r0); f != r0; f = unicode.SimpleFold(f) {
				es = append(es, entry{string([]byte{rulefilter.LowerASCII(string(f)[0])}), ri})
			}
			for b := utf8.RuneSelf; r0 == utf8.RuneError && b < 256; b++ {
				es = append(es, entry{string([]byte{byte(b)}), ri})
			}
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.s, b.s) })
	t := &startTrie{words: words, nodes: []trieNode{{}}}
	level, at := []string{""}, 0 // the prefixes of length d, from node at
	for d := 0; len(level) > 0; d++ {
		// The next level's prefixes, and for each node of this level the
		// run of them it has (its edges are their last bytes).
		var next []string
		var edges []byte
		runs := make([][2]int, len(level))
		pi := 0
		for _, e := range es {
			if len(e.s) <= d {
				continue
			}
			if c := e.s[:d+1]; len(next) == 0 || next[len(next)-1] != c {
				for level[pi] != e.s[:d] {
					pi++
				}
				if runs[pi][1] == 0 {
					runs[pi][0] = len(next)
				}
				runs[pi][1]++
				next = append(next, c)
				edges = append(edges, e.s[d])
			}
		}
		all := string(edges)
		for i, r := range runs {
			if r[1] > 0 {
				t.nodes[at+i] = trieNode{edges: all[r[0] : r[0]+r[1]], first: int32(at + len(level) + r[0])}
			}
		}
		at += len(level)
		t.nodes = append(t.nodes, make([]trieNode, len(next))...)
		level = next
	}
	t.rules = make([]uint64, len(t.nodes)*words)
	for _, e := range es {
		n := 0
		for i := 0; i < len(e.s); i++ {
			node := &t.nodes[n]
			n = int(node.first) + strings.IndexByte(node.edges, e.s[i])
		}
		t.nodes[n].ends = true
		t.rules[n*words+e.rule/64] |= 1 << (e.rule % 64)
	}
	return t
}

// match sets in set the rules a start of which (as the trie holds it)
// line begins with, ASCII letters folded as Skip folds them.
func (t *startTrie) match(line string, set []uint64) {
	n := 0
	for i := 0; i < len(line); i++ {
		node := &t.nodes[n]
		j := strings.IndexByte(node.edges, rulefilter.LowerASCII(line[i]))
		if j < 0 {
			return
		}
		n = int(node.first) + j
		if t.nodes[n].ends {
			for w, v := range t.rules[n*t.words:][:len(set)] {
				set[w] |= v
			}
		}
	}
}
