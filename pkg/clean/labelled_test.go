package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labelled reads testdata/clean: articles written for this project whose
// lines are labelled "B<TAB>" (boilerplate) or "C<TAB>" (content).
func labelled(t *testing.T) (names []string, texts []string, labels [][]byte) {
	t.Helper()
	files, err := filepath.Glob("../../testdata/clean/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var text []string
		var lab []byte
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			tag, body, _ := strings.Cut(l, "\t")
			text = append(text, body)
			lab = append(lab, append([]byte(tag), ' ')[0])
		}
		names = append(names, filepath.Base(f))
		texts = append(texts, strings.Join(text, "\n"))
		labels = append(labels, lab)
	}
	return names, texts, labels
}

// TestLabelledLines measures line precision and recall of removal on the
// labelled set, for each layer combination, and holds the full cleaner to
// a floor. Run with -v to see the figures.
func TestLabelledLines(t *testing.T) {
	names, texts, labels := labelled(t)
	lc := NewLineCounter()
	for _, s := range texts {
		lc.Add(s)
	}
	full := New(BuiltinRules()).WithTemplates(lc.Templates(3, 0.01))
	for _, tc := range []struct {
		name    string
		c       *Cleaner
		minP    float64
		minR    float64
		lostMax int
	}{
		{"rules+features", New(BuiltinRules()), 0.95, 0.9, 1},
		{"rules+features+corpus", full, 0.95, 0.9, 1},
	} {
		var removed, correct, boiler int
		var lost []string
		for i, text := range texts {
			_, rem := tc.c.Explain(text)
			whole := map[int]bool{}
			for _, r := range rem {
				if r.Whole {
					whole[r.Line] = true
				}
			}
			lines := strings.Split(text, "\n")
			for n, lab := range labels[i] {
				if lab == 'B' {
					boiler++
				}
				if !whole[n+1] {
					if lab == 'B' {
						t.Logf("%s: kept boilerplate %d: %.60q", names[i], n+1, lines[n])
					}
					continue
				}
				removed++
				if lab == 'B' {
					correct++
				} else {
					lost = append(lost, names[i]+": "+lines[n])
				}
			}
		}
		p, r := float64(correct)/float64(removed), float64(correct)/float64(boiler)
		t.Logf("%s: %d boilerplate lines, %d removed, %d rightly: precision %.3f recall %.3f", tc.name, boiler, removed, correct, p, r)
		for _, l := range lost {
			t.Logf("%s: content removed: %.80q", tc.name, l)
		}
		if p < tc.minP || r < tc.minR || len(lost) > tc.lostMax {
			t.Errorf("%s: precision %.3f recall %.3f, %d content lines lost; want at least %.2f, %.2f, at most %d",
				tc.name, p, r, len(lost), tc.minP, tc.minR, tc.lostMax)
		}
	}
}
