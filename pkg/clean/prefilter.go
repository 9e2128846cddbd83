package clean

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// prefilter holds cheap necessary conditions for a rule to match a line,
// derived from the rule's syntax tree, so that most lines never reach the
// regexp engine (which is where cleaning spent 80% of its time).
type prefilter struct {
	// maxRunes bounds the length of a line the rule can match whole, when
	// it is anchored at both ends; -1 means no bound.
	maxRunes int
	// lits: a match contains at least one of these (lower-cased); nil
	// means no such set is known.
	lits []string
}

func newPrefilter(expr string) prefilter {
	re, err := syntax.Parse("(?i)"+expr, syntax.Perl)
	if err != nil {
		return prefilter{maxRunes: -1}
	}
	re = re.Simplify()
	p := prefilter{maxRunes: -1}
	if anchoredBothEnds(re) {
		p.maxRunes = maxRunes(re)
	}
	if lits, ok := required(re); ok {
		p.lits = lits
	}
	return p
}

// skip reports whether the rule cannot match a line for its length; runes
// is the line's length in runes, or -1 if not yet counted. (The literals
// are checked for all rules at once by a matcher.)
func (p prefilter) skip(line string, runes *int) bool {
	if p.maxRunes >= 0 && len(line) > p.maxRunes {
		if len(line) > 4*p.maxRunes {
			return true
		}
		if *runes < 0 {
			*runes = utf8.RuneCountInString(line)
		}
		if *runes > p.maxRunes {
			return true
		}
	}
	return false
}

func anchoredBothEnds(re *syntax.Regexp) bool {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return false
	}
	first, last := re.Sub[0].Op, re.Sub[len(re.Sub)-1].Op
	return (first == syntax.OpBeginText || first == syntax.OpBeginLine) &&
		(last == syntax.OpEndText || last == syntax.OpEndLine)
}

// maxRunes is the most runes re can match, or -1 if unbounded.
func maxRunes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxRunes(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if maxRunes(re.Sub[0]) == 0 {
			return 0
		}
		return -1
	case syntax.OpRepeat:
		m := maxRunes(re.Sub[0])
		if re.Max < 0 || m < 0 {
			return -1
		}
		return re.Max * m
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			m := maxRunes(s)
			if m < 0 {
				return -1
			}
			total += m
		}
		return total
	case syntax.OpAlternate:
		most := 0
		for _, s := range re.Sub {
			m := maxRunes(s)
			if m < 0 {
				return -1
			}
			most = max(most, m)
		}
		return most
	}
	return 0 // empty-width operators
}

// required returns strings at least one of which every match of re
// contains, lower-cased.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCharClass:
		var lits []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 8 {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				lits = append(lits, strings.ToLower(string(r)))
			}
		}
		if len(lits) == 0 || len(lits) > 16 {
			return nil, false
		}
		slices.Sort(lits)
		return slices.Compact(lits), true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, s := range re.Sub {
			if lits, ok := required(s); ok && (best == nil || selectivity(lits) > selectivity(best)) {
				best = lits
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			lits, ok := required(s)
			if !ok {
				return nil, false
			}
			all = append(all, lits...)
		}
		return all, true
	}
	return nil, false
}

// selectivity prefers sets whose shortest member is longest.
func selectivity(lits []string) int {
	shortest := 1 << 30
	for _, l := range lits {
		shortest = min(shortest, len(l))
	}
	return shortest*64 - len(lits)
}
