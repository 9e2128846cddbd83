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

// newStartTrie builds the trie of the starts of rules.
func newStartTrie(rules []Rule, words int) *startTrie {
	// Built as maps, then laid out breadth first so that a node's
	// children are contiguous.
	type building struct {
		next map[byte]int
		ends []uint64
	}
	tree := []building{{next: map[byte]int{}, ends: make([]uint64, words)}}
	for ri, r := range rules {
		var starts []string
		for _, s := range r.filter.Starts {
			if p := trieStart(s); p != "" {
				starts = append(starts, p)
				continue
			}
			// The first byte of the first rune in each case; any byte
			// outside ASCII for U+FFFD.
			r0, _ := utf8.DecodeRuneInString(s)
			starts = append(starts, s[:1])
			for f := unicode.SimpleFold(r0); f != r0; f = unicode.SimpleFold(f) {
				starts = append(starts, string([]byte{rulefilter.LowerASCII(string(f)[0])}))
			}
			for b := utf8.RuneSelf; r0 == utf8.RuneError && b < 256; b++ {
				starts = append(starts, string([]byte{byte(b)}))
			}
		}
		for _, s := range starts {
			n := 0
			for _, c := range []byte(s) {
				child, ok := tree[n].next[c]
				if !ok {
					child = len(tree)
					tree = append(tree, building{next: map[byte]int{}, ends: make([]uint64, words)})
					tree[n].next[c] = child
				}
				n = child
			}
			tree[n].ends[ri/64] |= 1 << (ri % 64)
		}
	}
	t := &startTrie{words: words}
	order := []int{0} // building index of each laid-out node
	for i := 0; i < len(order); i++ {
		b := tree[order[i]]
		var edges []byte
		for c := range b.next {
			edges = append(edges, c)
		}
		slices.Sort(edges)
		node := trieNode{edges: string(edges), first: int32(len(order))}
		for _, c := range edges {
			order = append(order, b.next[c])
		}
		for _, w := range b.ends {
			node.ends = node.ends || w != 0
		}
		t.nodes = append(t.nodes, node)
		t.rules = append(t.rules, b.ends...)
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
