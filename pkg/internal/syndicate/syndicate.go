// Package syndicate writes a syndication test set: clean source articles
// republished the way real syndication copies them (outlet templates,
// teasers between paragraphs, trimmed endings, dropped or added paragraphs,
// light edits, spelling and quote-style changes, HTML entities, re-flowed
// or flattened lines, CRLF), with the truth of which files are copies of
// which. Articles not copied stay as same-topic distractors.
//
// It is a test helper and a tool (go run ./internal/cmd/syndicate), not
// part of neardup.
package syndicate

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/neardup/neardup/pkg/internal/synth"
)

// Source is one clean article: a headline and paragraphs.
type Source struct {
	Name       string // used in generated file names
	Headline   string
	Paragraphs []string
}

// ParseSource reads a BBC-style article: the first line is the headline,
// paragraphs are separated by blank lines.
func ParseSource(name, text string) Source {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	head, body, _ := strings.Cut(text, "\n")
	var paras []string
	for p := range strings.SplitSeq(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return Source{Name: name, Headline: strings.TrimSpace(head), Paragraphs: paras}
}

// Options control a generated set.
type Options struct {
	Seed uint64
	// CopiedShare of the sources get 1 to MaxCopies copies.
	CopiedShare float64
	MaxCopies   int
}

// Truth is the generated set's truth, in the JSON form neardup eval reads.
type Truth struct {
	Groups [][]string `json:"groups"`
}

// Generate writes every source (in an outlet's wrapping) and the copies to
// dir, and truth.json beside them, with paths relative to dir.
func Generate(sources []Source, dir string, opts Options) (Truth, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Truth{}, err
	}
	truth, err := generate(sources, opts, func(name, text string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	})
	if err != nil {
		return truth, err
	}
	b, err := json.MarshalIndent(truth, "", " ")
	if err != nil {
		return truth, err
	}
	return truth, os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644)
}

// Texts returns the texts Generate would write for sources, in the order
// it writes them, without writing anything: realistic scraped text for
// benchmarks.
func Texts(sources []Source, opts Options) []string {
	var texts []string
	generate(sources, opts, func(_, text string) error {
		texts = append(texts, text)
		return nil
	})
	return texts
}

func generate(sources []Source, opts Options, write func(name, text string) error) (Truth, error) {
	if opts.MaxCopies < 1 {
		opts.MaxCopies = 3
	}
	r := newRand(opts.Seed)
	g := &generator{r: r, sources: sources}
	var truth Truth
	for i, src := range sources {
		orig := fmt.Sprintf("%s-orig.txt", src.Name)
		if err := write(orig, g.publish(src, outlets[r.IntN(len(outlets))], false)); err != nil {
			return truth, err
		}
		if r.Float64() >= opts.CopiedShare {
			continue
		}
		group := []string{orig}
		for c := range 1 + r.IntN(opts.MaxCopies) {
			name := fmt.Sprintf("%s-copy%d.txt", src.Name, c+1)
			copied := g.edit(src, i)
			if err := write(name, g.publish(copied, outlets[r.IntN(len(outlets))], true)); err != nil {
				return truth, err
			}
			group = append(group, name)
		}
		truth.Groups = append(truth.Groups, group)
	}
	return truth, nil
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5eed)) }

type generator struct {
	r       *rand.Rand
	sources []Source
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) otherHeadline() string {
	return g.sources[g.r.IntN(len(g.sources))].Headline
}

// edit makes the text of a syndicated copy of sources[i].
func (g *generator) edit(src Source, i int) Source {
	out := Source{Name: src.Name, Headline: src.Headline, Paragraphs: append([]string(nil), src.Paragraphs...)}
	ps := out.Paragraphs
	// Trim the ending by up to a quarter of the words.
	if g.chance(0.5) && len(ps) > 3 {
		total := words(ps)
		cut := int(float64(total) * g.r.Float64() * 0.25)
		for len(ps) > 2 && cut >= len(strings.Fields(ps[len(ps)-1])) {
			cut -= len(strings.Fields(ps[len(ps)-1]))
			ps = ps[:len(ps)-1]
		}
	}
	// Drop or add a paragraph.
	switch {
	case g.chance(0.25) && len(ps) > 4:
		k := 1 + g.r.IntN(len(ps)-1)
		ps = append(ps[:k:k], ps[k+1:]...)
	case g.chance(0.2):
		// An editor's addition: a sentence or two, here borrowed from
		// another article, never a whole (BBC paragraphs can be most of an
		// article, which would make a real near-duplicate of it).
		other := g.sources[(i+1+g.r.IntN(len(g.sources)-1))%len(g.sources)]
		if len(other.Paragraphs) > 0 {
			ws := strings.Fields(other.Paragraphs[g.r.IntN(len(other.Paragraphs))])
			ps = append(ps, strings.Join(ws[:min(len(ws), 15+g.r.IntN(25))], " ")+".")
		}
	}
	// Light word edits, spelling and quote style.
	for k := range ps {
		ps[k] = g.lightEdits(ps[k])
		if g.chance(0.5) {
			ps[k] = spelling.Replace(ps[k])
		}
	}
	if g.chance(0.5) {
		out.Headline = "UPDATED: " + out.Headline
	}
	out.Paragraphs = ps
	return out
}

func words(ps []string) int {
	n := 0
	for _, p := range ps {
		n += len(strings.Fields(p))
	}
	return n
}

var swaps = map[string]string{
	"said": "says", "says": "said", "big": "large", "large": "big", "buy": "purchase",
	"show": "indicate", "help": "assist", "also": "additionally", "but": "however,",
	"about": "around", "start": "begin", "end": "finish", "people": "individuals",
}

// lightEdits changes about one word in fifty: a synonym, or a deletion.
func (g *generator) lightEdits(p string) string {
	ws := strings.Fields(p)
	for k, w := range ws {
		if !g.chance(0.02) {
			continue
		}
		if s, ok := swaps[strings.ToLower(w)]; ok {
			ws[k] = s
		} else if len(w) > 3 && !strings.ContainsAny(w, ".,;:\"") {
			ws[k] = ""
		}
	}
	return strings.Join(strings.Fields(strings.Join(ws, " ")), " ")
}

var spelling = strings.NewReplacer(
	"colour", "color", "favour", "favor", "labour", "labor", "honour", "honor",
	"organisation", "organization", "recognise", "recognize", "realise", "realize",
	"centre", "center", "programme", "program", "defence", "defense", "travelling", "traveling",
	"analyse", "analyze", "licence", "license", "per cent", "percent",
)

// outlet is a site's template.
type outlet struct {
	name    string
	header  []string
	teasers []string // "%s" is another story's headline
	footer  []string
	// How the outlet prints text.
	curly, entities, flatten, reflow, crlf, glueDebris bool
}

var outlets = []outlet{
	{name: "plain"},
	{
		name:    "metro-wire",
		header:  []string{"HOME | NEWS | WORLD | BUSINESS | SPORT", "Metro Wire"},
		teasers: []string{"See also\u00a0 %s", "Story continues below advertisement"},
		footer: []string{"Share this article", "Facebook | Twitter | Email", "Leave a Reply",
			"Your email address will not be published. Required fields are marked *",
			"\u00a9 2025 Metro Wire. All rights reserved."},
		curly: true, crlf: true,
	},
	{
		name:    "global-dispatch",
		header:  []string{"Global Dispatch", "World"},
		teasers: []string{"READ MORE: %s", "Advertisement"},
		footer: []string{"For news that matters, sign up to receive our daily newsletter in your inbox.",
			"Get the latest world news", "Related Articles", "Source link", "Back to top button", "close"},
		entities: true,
	},
	{
		// Boilerplate no rule knows: the corpus layer has to find it.
		name:    "valley-post",
		header:  []string{"Valley Post - independent news since 1921", "Latest from the valley"},
		teasers: []string{"Most popular on Valley Post today: %s", "Continue reading after this message from our sponsors"},
		footer: []string{"Valley Post is supported by its readers and local businesses.",
			"Send us your story tips at the newsroom desk", "Valley Post Media Group, 12 River Road"},
		reflow: true,
	},
	{
		name:       "daily-digest",
		footer:     []string{"Tags: news, world, analysis"},
		flatten:    true,
		glueDebris: true,
		curly:      true,
	},
	{
		name:     "harbour-times",
		header:   []string{"Harbour Times"},
		teasers:  []string{"Click to play video: '%s'", "Related: %s"},
		footer:   []string{"Copyright 2025 Harbour Times Media. This material may not be published, broadcast, rewritten or redistributed."},
		entities: true, reflow: true,
	},
}

// publish renders src in an outlet's template; copies also get teasers.
func (g *generator) publish(src Source, o outlet, copied bool) string {
	var lines []string
	lines = append(lines, o.header...)
	title := src.Headline
	if o.glueDebris {
		title += fmt.Sprintf(".%d hours ago%d min read%d comments", 1+g.r.IntN(20), 2+g.r.IntN(8), g.r.IntN(30))
	}
	lines = append(lines, title)
	var body []string
	for k, p := range src.Paragraphs {
		if o.curly {
			p = curlyQuotes(p)
		}
		if o.entities {
			p = strings.NewReplacer("'", "&#8217;", "&", "&amp;amp;").Replace(p)
		}
		body = append(body, p)
		if len(o.teasers) > 0 && k > 0 && k < len(src.Paragraphs)-1 && (copied && g.chance(0.3) || g.chance(0.1)) {
			t := o.teasers[g.r.IntN(len(o.teasers))]
			if strings.Contains(t, "%s") {
				t = fmt.Sprintf(t, g.otherHeadline())
			}
			body = append(body, t)
		}
	}
	switch {
	case o.flatten:
		lines = append(lines, strings.Join(body, ""))
	case o.reflow:
		for _, p := range body {
			lines = append(lines, wrap(p, 60+g.r.IntN(20))...)
			lines = append(lines, "")
		}
	default:
		lines = append(lines, body...)
	}
	lines = append(lines, o.footer...)
	sep := "\n\n"
	if o.reflow {
		sep = "\n"
	}
	text := strings.Join(lines, sep) + "\n"
	if o.crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	return text
}

func curlyQuotes(s string) string {
	var b strings.Builder
	open := true
	for _, r := range s {
		switch r {
		case '"':
			if open {
				b.WriteRune('\u201c')
			} else {
				b.WriteRune('\u201d')
			}
			open = !open
		case '\'':
			b.WriteRune('\u2019')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func wrap(p string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(p) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// SynthTexts is Texts over n generated articles (package synth) as
// sources: syndicated pages (outlet templates, teasers, entities,
// flattened and re-wrapped lines, CRLF, curly quotes) without the BBC
// corpus, for benchmarks that must run anywhere.
func SynthTexts(n int, seed uint64) []string {
	var sources []Source
	for i, t := range synth.Texts(synth.Options{Docs: n, Seed: seed}) {
		sources = append(sources, ParseSource(fmt.Sprintf("a%05d", i), t))
	}
	return Texts(sources, Options{Seed: seed, CopiedShare: 0.4, MaxCopies: 3})
}
