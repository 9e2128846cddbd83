package syndicate

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Modes of a mixed test set: how a source's copies are made. Each mode is
// a way real near-duplicates arise that the plain syndication copies of
// Generate do not cover.
const (
	ModeCopies      = "copies"      // syndicated copies of the wire text (as Generate)
	ModeChain       = "chain"       // copies of copies: each outlet edits an earlier copy
	ModeRewrite     = "rewrite"     // shortened to 25-50%, sentences reordered and reworded
	ModeExcerpt     = "excerpt"     // lead paragraphs only
	ModeAggregator  = "aggregator"  // a page gluing the story to the lead of another
	ModeIndependent = "independent" // negatives: the closest pairs of different articles
)

// Modes lists the modes in the order eval reports them.
var Modes = []string{ModeCopies, ModeChain, ModeRewrite, ModeExcerpt, ModeAggregator, ModeIndependent}

// ModeTruth is the truth of a mixed set: the groups, the mode that made
// each group, and negative pairs (written independently, never to be
// grouped).
type ModeTruth struct {
	Groups    [][]string       `json:"groups"`
	Modes     map[string][]int `json:"modes"` // mode -> indexes into Groups
	Negatives [][2]string      `json:"negatives"`
}

// GenerateModes writes a mixed test set: every source published once, and
// for a share of them copies made in one of the modes; the rest stay
// single, and the closest pairs among those (by word overlap) are listed as
// negatives. truth.json beside the files holds groups, modes and negatives.
func GenerateModes(sources []Source, dir string, seed uint64) (ModeTruth, error) {
	r := newRand(seed)
	g := &generator{r: r, sources: sources}
	truth := ModeTruth{Modes: map[string][]int{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return truth, err
	}
	write := func(name, text string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	// Roles: shares of the sources per mode; the rest are singles.
	roles := make([]string, len(sources))
	shares := []struct {
		mode  string
		share float64
	}{{ModeCopies, 0.12}, {ModeChain, 0.12}, {ModeRewrite, 0.12}, {ModeExcerpt, 0.12}, {ModeAggregator, 0.08}}
	for i := range roles {
		x := r.Float64()
		for _, s := range shares {
			if x < s.share {
				roles[i] = s.mode
				break
			}
			x -= s.share
		}
	}
	pick := func() outlet { return outlets[r.IntN(len(outlets))] }
	var singles []int
	for i, src := range sources {
		orig := src.Name + "-orig.txt"
		if err := write(orig, g.publish(src, pick(), false)); err != nil {
			return truth, err
		}
		var made []string
		add := func(suffix string, s Source) error {
			name := fmt.Sprintf("%s-%s%d.txt", src.Name, suffix, len(made)+1)
			made = append(made, name)
			return write(name, g.publish(s, pick(), true))
		}
		var err error
		switch roles[i] {
		case ModeCopies:
			for range 1 + r.IntN(3) {
				err = add("copy", g.edit(src, i))
			}
		case ModeChain:
			versions := []Source{src}
			for range 2 + r.IntN(4) {
				v := g.chainEdit(versions[r.IntN(len(versions))])
				versions = append(versions, v)
				err = add("chain", v)
			}
		case ModeRewrite:
			for range 1 + r.IntN(2) {
				err = add("rewrite", g.rewrite(src))
			}
		case ModeExcerpt:
			if lead, ok := g.lead(src); ok {
				err = add("excerpt", lead)
			}
		case ModeAggregator:
			// The story in full, then the lead of another story under a
			// second headline: the page repeats this story, not the other.
			other := sources[(i+1+r.IntN(len(sources)-1))%len(sources)]
			if teaser, ok := g.teaser(other); ok {
				page := Source{Name: src.Name, Headline: src.Headline, Paragraphs: slices.Concat(src.Paragraphs, []string{"Also in the news: " + other.Headline}, teaser.Paragraphs)}
				err = add("aggregator", page)
			}
		default:
			singles = append(singles, i)
		}
		if err != nil {
			return truth, err
		}
		if len(made) > 0 {
			truth.Modes[roles[i]] = append(truth.Modes[roles[i]], len(truth.Groups))
			truth.Groups = append(truth.Groups, append([]string{orig}, made...))
		}
	}
	for _, p := range closestPairs(sources, singles, len(singles)/4) {
		truth.Negatives = append(truth.Negatives, [2]string{sources[p[0]].Name + "-orig.txt", sources[p[1]].Name + "-orig.txt"})
	}
	b, err := json.MarshalIndent(truth, "", " ")
	if err != nil {
		return truth, err
	}
	return truth, os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644)
}

// chainEdit edits an earlier version as one outlet would: 2-6% of the words
// changed or dropped, the ending trimmed by up to a quarter half the time.
func (g *generator) chainEdit(src Source) Source {
	out := Source{Name: src.Name, Headline: src.Headline, Paragraphs: slices.Clone(src.Paragraphs)}
	ps := out.Paragraphs
	if g.chance(0.5) && len(ps) > 3 {
		cut := int(float64(words(ps)) * g.r.Float64() * 0.25)
		for len(ps) > 2 && cut >= len(strings.Fields(ps[len(ps)-1])) {
			cut -= len(strings.Fields(ps[len(ps)-1]))
			ps = ps[:len(ps)-1]
		}
	}
	rate := 0.02 + 0.04*g.r.Float64()
	for k := range ps {
		ps[k] = g.reword(ps[k], rate)
	}
	out.Paragraphs = ps
	return out
}

// reword changes a share rate of the words: a synonym where one is known,
// otherwise the word is dropped or a filler word inserted.
func (g *generator) reword(p string, rate float64) string {
	ws := strings.Fields(p)
	out := ws[:0:0]
	for _, w := range ws {
		if !g.chance(rate) {
			out = append(out, w)
			continue
		}
		switch s, ok := swaps[strings.ToLower(w)]; {
		case ok:
			out = append(out, s)
		case g.chance(0.5):
			// dropped
		default:
			out = append(out, w, fillers[g.r.IntN(len(fillers))])
		}
	}
	return strings.Join(out, " ")
}

var fillers = []string{"now", "also", "still", "reportedly", "then", "indeed", "however", "too"}

var sentenceEnd = regexp.MustCompile(`[.!?]["'”’]?\s+`)

// sentences splits a paragraph after sentence punctuation.
func sentences(p string) []string {
	var out []string
	for len(p) > 0 {
		loc := sentenceEnd.FindStringIndex(p)
		if loc == nil {
			out = append(out, strings.TrimSpace(p))
			break
		}
		out = append(out, strings.TrimSpace(p[:loc[1]]))
		p = p[loc[1]:]
	}
	return out
}

// rewrite keeps 25-50% of the sentences (the first always, as rewrites
// keep the lead), swaps neighbours among the rest, rewords 3-8% of the
// words and regroups the sentences into paragraphs of two or three.
func (g *generator) rewrite(src Source) Source {
	var all []string
	for _, p := range src.Paragraphs {
		all = append(all, sentences(p)...)
	}
	keep := 0.25 + 0.25*g.r.Float64()
	var kept []string
	for k, s := range all {
		if k == 0 || g.chance(keep) {
			kept = append(kept, s)
		}
	}
	for k := 1; k+1 < len(kept); k++ {
		if g.chance(0.4) {
			kept[k], kept[k+1] = kept[k+1], kept[k]
		}
	}
	rate := 0.03 + 0.05*g.r.Float64()
	var paras []string
	for k := 0; k < len(kept); {
		n := min(len(kept)-k, 2+g.r.IntN(2))
		paras = append(paras, g.reword(strings.Join(kept[k:k+n], " "), rate))
		k += n
	}
	return Source{Name: src.Name, Headline: src.Headline, Paragraphs: paras}
}

// lead returns the first paragraphs of src: at least 40 words and at most
// half the article; false when the article is too short for that.
func (g *generator) lead(src Source) (Source, bool) {
	total := words(src.Paragraphs)
	limit := total / 2
	var ps []string
	n := 0
	for _, p := range src.Paragraphs {
		w := len(strings.Fields(p))
		if n >= 40 && (n+w > limit || g.chance(0.5)) {
			break
		}
		ps = append(ps, p)
		n += w
	}
	if n < 40 || n > limit+limit/2 {
		return Source{}, false
	}
	return Source{Name: src.Name, Headline: src.Headline, Paragraphs: ps}, true
}

// teaser returns the first paragraph of src when it is at most a quarter
// of the article: what an aggregator page shows of a second story.
func (g *generator) teaser(src Source) (Source, bool) {
	if len(src.Paragraphs) == 0 || 4*len(strings.Fields(src.Paragraphs[0])) > words(src.Paragraphs) {
		return Source{}, false
	}
	return Source{Name: src.Name, Headline: src.Headline, Paragraphs: src.Paragraphs[:1]}, true
}

// closestPairs returns up to n disjoint pairs of the sources at idx whose
// words overlap most (cosine of word counts): articles on one subject
// written independently, the hardest negatives a corpus offers.
func closestPairs(sources []Source, idx []int, n int) [][2]int {
	vecs := make([]map[string]float64, len(idx))
	for k, i := range idx {
		v := map[string]float64{}
		for _, p := range sources[i].Paragraphs {
			for _, w := range strings.Fields(strings.ToLower(p)) {
				if w = strings.Trim(w, `.,;:"'()!?`); len(w) > 3 {
					v[w]++
				}
			}
		}
		norm := 0.0
		for _, c := range v {
			norm += c * c
		}
		for w := range v {
			v[w] /= math.Sqrt(norm)
		}
		vecs[k] = v
	}
	type cand struct {
		a, b int
		cos  float64
	}
	var cands []cand
	for a := range vecs {
		for b := a + 1; b < len(vecs); b++ {
			c := 0.0
			for w, x := range vecs[a] {
				c += x * vecs[b][w]
			}
			cands = append(cands, cand{a, b, c})
		}
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		if x.cos != y.cos {
			if x.cos > y.cos {
				return -1
			}
			return 1
		}
		return 0
	})
	used := map[int]bool{}
	var out [][2]int
	for _, c := range cands {
		if len(out) >= n {
			break
		}
		if used[c.a] || used[c.b] {
			continue
		}
		used[c.a], used[c.b] = true, true
		out = append(out, [2]int{idx[c.a], idx[c.b]})
	}
	return out
}
