package clean

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// insertedLine is a line of testdata/inserted/lines.tsv.
type insertedLine struct{ set, lang, kind, text string }

func readInsertedLines(t *testing.T) []insertedLine {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "inserted", "lines.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ls []insertedLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		p := strings.SplitN(sc.Text(), "\t", 4)
		if len(p) != 4 {
			t.Fatalf("lines.tsv: %q: want 4 fields", sc.Text())
		}
		ls = append(ls, insertedLine{p[0], p[1], p[2], p[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestIndependentLines puts each line of testdata/inserted (written by
// people who had not seen the rules; see its README) alone between two
// paragraphs of an article in its language, cleans it with the
// language's classifier, and checks that boilerplate goes, that article
// lines stay, and that no line of the host goes with it. The English host
// is a BBC article when ../shared is there (as the sets were first
// measured), else one of testdata/articles.
func TestIndependentLines(t *testing.T) {
	hosts := map[string]string{
		"english": filepath.Join(shared, "corpora", "bbc", "business", "001.txt"),
		"french":  filepath.Join("testdata", "inserted", "host-french.txt"),
		"spanish": filepath.Join("testdata", "inserted", "host-spanish.txt"),
	}
	if _, err := os.Stat(hosts["english"]); err != nil {
		hosts["english"] = filepath.Join("..", "..", "testdata", "articles", "storm-warning.txt")
	}
	type score struct{ removed, total, bodyKept, body int }
	scores := map[string]*score{}
	cleaners := map[string]*Cleaner{} // one a language, as a scan has one
	for _, l := range readInsertedLines(t) {
		b, err := os.ReadFile(hosts[l.lang])
		if err != nil {
			t.Fatal(err)
		}
		c := cleaners[l.lang]
		if c == nil {
			if c, err = New(BuiltinRules()).WithLanguage(l.lang); err != nil {
				t.Fatal(err)
			}
			cleaners[l.lang] = c
		}
		host := strings.ReplaceAll(string(b), "\r", "")
		paras := strings.Split(strings.TrimSpace(host), "\n\n")
		at := min(3, len(paras)-1)
		doc := strings.Join(paras[:at], "\n\n") + "\n\n" + l.text + "\n\n" + strings.Join(paras[at:], "\n\n") + "\n"
		kept := map[string]bool{}
		for _, o := range strings.Split(c.Clean(doc), "\n") {
			kept[strings.TrimSpace(o)] = true
		}
		for _, o := range strings.Split(c.Clean(host), "\n") {
			if o = strings.TrimSpace(o); o != "" && !kept[o] {
				t.Errorf("%s %s %s %q: host line lost: %.70q", l.set, l.lang, l.kind, l.text, o)
			}
		}
		key := l.set + " " + l.lang
		if scores[key] == nil {
			scores[key] = &score{}
		}
		s := scores[key]
		switch {
		case l.kind == "body":
			s.body++
			if kept[strings.TrimSpace(l.text)] {
				s.bodyKept++
			} else {
				t.Errorf("%s %s: article line removed: %q", l.set, l.lang, l.text)
			}
		default:
			s.total++
			if kept[strings.TrimSpace(l.text)] {
				t.Logf("%s %s %s kept: %q", l.set, l.lang, l.kind, l.text)
			} else {
				s.removed++
			}
		}
	}
	for _, key := range []string{"A english", "B english", "C english", "D english", "H english", "E english", "F english", "G english", "I english", "J english", "K english", "L english", "M english", "N english", "O english", "P english", "Q english", "R english", "S english", "T english", "U english", "V english", "W english", "X english", "Y english", "A french", "B french", "H french", "A spanish", "B spanish", "H spanish"} {
		s := scores[key]
		if s == nil {
			t.Fatalf("no lines for set %s", key)
		}
		t.Logf("set %s: boilerplate removed %d of %d, article lines kept %d of %d", key, s.removed, s.total, s.bodyKept, s.body)
		// The sets were measured, then the rules extended from what they
		// missed: a floor under today's figures catches a rule that
		// stops working, not a rule that was never there.
		if s.removed*100 < s.total*80 {
			t.Errorf("set %s: removed %d of %d boilerplate lines, want at least 80%%", key, s.removed, s.total)
		}
	}
}
