package syndicate

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ReadBBC reads up to n articles of the BBC corpus at dir (category
// folders of NNN.txt files), leaving out those named in the duplicates TSV
// at dupes (if it exists) and those that share a fifth of their word
// 5-grams with another article, so the only duplicates in a generated set
// are the ones it makes. Articles are taken round-robin across categories so
// every topic is represented.
func ReadBBC(dir, dupes string, n int) ([]Source, error) {
	exclude := map[string]bool{}
	if b, err := os.ReadFile(dupes); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			cols := strings.Split(l, "\t")
			if len(cols) >= 4 {
				exclude[cols[2]], exclude[cols[3]] = true, true
			}
		}
	}
	cats, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var lists [][]string
	for _, c := range cats {
		if !c.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, c.Name(), "*.txt"))
		slices.Sort(files)
		lists = append(lists, files)
	}
	// Every article in round-robin order, then those that overlap another
	// left out, then the first n.
	var order []string
	for k := 0; ; k++ {
		progressed := false
		for _, files := range lists {
			if k < len(files) {
				progressed = true
				order = append(order, files[k])
			}
		}
		if !progressed {
			break
		}
	}
	var all []Source
	var texts []string
	for _, f := range order {
		rel := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		if exclude[rel] {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("%s-%s", filepath.Base(filepath.Dir(f)), strings.TrimSuffix(filepath.Base(f), ".txt"))
		all = append(all, ParseSource(name, string(b)))
		texts = append(texts, string(b))
	}
	overlapping := overlaps(texts, 0.2)
	var out []Source
	for i, src := range all {
		if len(out) == n {
			break
		}
		if !overlapping[i] {
			out = append(out, src)
		}
	}
	return out, nil
}

var word = regexp.MustCompile(`\w+`)

// overlaps marks the texts that share at least share of their word
// 5-grams (lower-cased \w+ words, as bbc-duplicates.tsv counts them) with
// another: real partial duplicates in the corpus (updates, reused
// paragraphs) that a generated truth would otherwise call distinct.
func overlaps(texts []string, share float64) []bool {
	sets := make([]map[string]bool, len(texts))
	postings := map[string][]int{}
	for i, t := range texts {
		ws := word.FindAllString(strings.ToLower(t), -1)
		sets[i] = map[string]bool{}
		for k := 0; k+5 <= len(ws); k++ {
			g := strings.Join(ws[k:k+5], " ")
			if !sets[i][g] {
				sets[i][g] = true
				postings[g] = append(postings[g], i)
			}
		}
	}
	shared := map[[2]int]int{}
	for _, docs := range postings {
		if len(docs) > 50 {
			continue // stock phrasing
		}
		for x := range docs {
			for y := x + 1; y < len(docs); y++ {
				shared[[2]int{docs[x], docs[y]}]++
			}
		}
	}
	out := make([]bool, len(texts))
	for p, c := range shared {
		smaller := min(len(sets[p[0]]), len(sets[p[1]]))
		if smaller > 0 && float64(c) >= share*float64(smaller) {
			out[p[0]], out[p[1]] = true, true
		}
	}
	return out
}
