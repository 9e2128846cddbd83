// Package clean strips outlet boilerplate (teasers, adverts, video prompts,
// share and newsletter prompts, comment forms, photo credits, menus, legal
// lines) from article text, and can explain every removal.
//
// Cleaning works in two layers. Rules are case-insensitive regular
// expressions grouped by kind; every match is cut out of its line, and a
// line left without letters or digits is dropped. Line features then drop a
// short line without sentence punctuation that sits next to a line a rule
// dropped: the caption above a credit line, the title under a video prompt.
package clean

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed rules.txt
var builtinRules string

// Layers that can remove text.
const (
	LayerRule    = "rule"
	LayerFeature = "feature"
)

// Rule is one boilerplate pattern.
type Rule struct {
	Kind    string
	Pattern *regexp.Regexp
	Source  string // where it was defined, "file:line"
}

// ParseRules reads rules, one "KIND<TAB>REGEX" a line; blank lines and lines
// starting with '#' are ignored. name is used in error messages and in each
// Rule's Source.
func ParseRules(r io.Reader, name string) ([]Rule, error) {
	var rules []Rule
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		kind, expr, ok := strings.Cut(line, "\t")
		kind = strings.TrimSpace(kind)
		if !ok || kind == "" || expr == "" {
			return nil, fmt.Errorf("%s:%d: want KIND<TAB>REGEX, got %q", name, n, line)
		}
		re, err := regexp.Compile("(?i)" + expr)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad regex: %w", name, n, err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("%s:%d: regex %q matches empty text, which would cut nothing or everything", name, n, expr)
		}
		rules = append(rules, Rule{Kind: kind, Pattern: re, Source: fmt.Sprintf("%s:%d", name, n)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return rules, nil
}

// BuiltinRules returns neardup's built-in rules (rules.txt in this package).
func BuiltinRules() []Rule {
	rules, err := ParseRules(strings.NewReader(builtinRules), "rules.txt")
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return rules
}

// Kinds lists the distinct kinds of rules, in order of first appearance.
func Kinds(rules []Rule) []string {
	var kinds []string
	for _, r := range rules {
		if !slices.Contains(kinds, r.Kind) {
			kinds = append(kinds, r.Kind)
		}
	}
	return kinds
}

// Cleaner removes boilerplate. It is safe for concurrent use.
type Cleaner struct {
	rules []Rule
}

// New returns a Cleaner applying rules in order.
func New(rules []Rule) *Cleaner {
	return &Cleaner{rules: rules}
}

// Removal is one piece of text cleaning removed.
type Removal struct {
	Line  int    // 1-based line number in the input
	Text  string // the removed text: a whole line, or a fragment of one
	Whole bool   // the whole line was dropped
	Layer string // LayerRule or LayerFeature
	Kind  string // rule kind, or the feature's name
	Rule  string // rule source ("rules.txt:12") or feature description
}

// Clean returns text without its boilerplate.
func (c *Cleaner) Clean(text string) string {
	out, _ := c.clean(text, false)
	return out
}

// Explain returns the cleaned text and every removal, in input order.
func (c *Cleaner) Explain(text string) (string, []Removal) {
	return c.clean(text, true)
}

type line struct {
	text    string // after inline cuts
	dropped bool
	byRule  bool
	kind    string // kind of the rule that dropped it
}

func (c *Cleaner) clean(text string, explain bool) (string, []Removal) {
	raw := strings.Split(text, "\n")
	lines := make([]line, len(raw))
	var removals []Removal
	for i, r := range raw {
		t := strings.TrimSpace(r)
		lines[i].text = t
		if t == "" {
			continue
		}
		for _, rule := range c.rules {
			locs := rule.Pattern.FindAllStringIndex(t, -1)
			if locs == nil {
				continue
			}
			kept := cut(t, locs)
			if !hasWordChar(kept) {
				lines[i].dropped, lines[i].byRule, lines[i].kind = true, true, rule.Kind
				if explain {
					removals = append(removals, Removal{Line: i + 1, Text: t, Whole: true, Layer: LayerRule, Kind: rule.Kind, Rule: rule.Source})
				}
				break
			}
			if explain {
				for _, l := range locs {
					removals = append(removals, Removal{Line: i + 1, Text: strings.TrimSpace(t[l[0]:l[1]]), Layer: LayerRule, Kind: rule.Kind, Rule: rule.Source})
				}
			}
			t = kept
			lines[i].text = t
		}
	}
	// Line features: one hop from rule-dropped lines, so they cannot cascade
	// through a run of real short paragraphs.
	for i := range lines {
		if lines[i].dropped || lines[i].text == "" || !shortFragment(lines[i].text) {
			continue
		}
		if neighbourDroppedByRule(lines, i, -1) || neighbourDroppedByRule(lines, i, +1) {
			lines[i].dropped = true
			if explain {
				removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerFeature, Kind: "beside-boilerplate", Rule: "short line without sentence punctuation next to a removed line"})
			}
		}
	}
	// A video prompt is followed by the video's title, punctuated or not.
	for i := range lines {
		if lines[i].dropped || lines[i].text == "" || len(strings.Fields(lines[i].text)) > 25 {
			continue
		}
		if p := prevNonBlank(lines, i); p >= 0 && lines[p].byRule && lines[p].kind == "video" {
			lines[i].dropped = true
			if explain {
				removals = append(removals, Removal{Line: i + 1, Text: lines[i].text, Whole: true, Layer: LayerFeature, Kind: "video-title", Rule: "short line after a video prompt"})
			}
		}
	}
	if explain {
		slices.SortStableFunc(removals, func(a, b Removal) int { return a.Line - b.Line })
	}
	var sb strings.Builder
	blank := true // drop leading blank lines and collapse runs of them
	for _, l := range lines {
		if l.dropped {
			continue
		}
		if l.text == "" {
			if !blank {
				sb.WriteByte('\n')
			}
			blank = true
			continue
		}
		sb.WriteString(l.text)
		sb.WriteByte('\n')
		blank = false
	}
	return strings.TrimRight(sb.String(), "\n"), removals
}

// cut removes the located spans from s, joining what is left with a space
// where a cut separated two pieces of text.
func cut(s string, locs [][]int) string {
	var sb strings.Builder
	prev := 0
	for _, l := range locs {
		if piece := s[prev:l[0]]; piece != "" {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strings.TrimSpace(piece))
		}
		prev = l[1]
	}
	if piece := strings.TrimSpace(s[prev:]); piece != "" {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(piece)
	}
	return strings.TrimSpace(sb.String())
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// shortFragment reports whether s looks like a caption, title or prompt
// rather than a paragraph: at most 20 words and no sentence punctuation at
// its end (a closing quote or bracket counts when punctuation precedes it).
func shortFragment(s string) bool {
	if len(strings.Fields(s)) > 20 {
		return false
	}
	r, n := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune("\"'\u201d\u2019)]", r) {
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-n])
	}
	return !strings.ContainsRune(".!?:;", r)
}

func prevNonBlank(lines []line, i int) int {
	for j := i - 1; j >= 0; j-- {
		if lines[j].dropped || lines[j].text != "" {
			return j
		}
	}
	return -1
}

// neighbourDroppedByRule looks past blank lines in direction dir.
func neighbourDroppedByRule(lines []line, i, dir int) bool {
	for j := i + dir; j >= 0 && j < len(lines); j += dir {
		if lines[j].dropped {
			return lines[j].byRule
		}
		if lines[j].text != "" {
			return false
		}
	}
	return false
}

// Without returns rules minus those of the given kinds, and the kinds that
// matched no rule (so a caller can report a misspelt kind).
func Without(rules []Rule, kinds ...string) ([]Rule, []string) {
	var unknown []string
	known := Kinds(rules)
	for _, k := range kinds {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	var out []Rule
	for _, r := range rules {
		if !slices.Contains(kinds, r.Kind) {
			out = append(out, r)
		}
	}
	return out, unknown
}
