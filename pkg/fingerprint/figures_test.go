package fingerprint

import "testing"

// Texts whose terms are equal have equal Content only when their numbers
// are written alike: signs, currency symbols, separators, percent signs.
func TestContentSigns(t *testing.T) {
	f, err := New(Config{Shingle: 3, Perms: 16, Seed: 1, Lang: "english"})
	if err != nil {
		t.Fatal(err)
	}
	w := f.NewWorker()
	content := func(s string) uint64 {
		fp, err := w.Text(s)
		if err != nil {
			t.Fatal(err)
		}
		return fp.Content
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"fall to -12C, with -8C inland", "fall to 12C, with 8C inland", false},
		{"fall to -12C, with 8C inland", "fall to 12C, with -8C inland", false},
		{"a fine of ¥50 million", "a fine of £50 million", false},
		{"a fine of &pound;50 million", "a fine of £50 million", true},
		{"support at < 40% among", "support at > 40% among", false},
		{"fall to −12C", "fall to -12C", true},
		{"Rovers 2-1 United", "Rovers 2 1 United", true},
		{"cost US$5bn", "cost US 5bn", true},
		{"the 1990-91 season", "the 1990 91 season", true},
		{"it cost £1,250 then", "it cost £1.250 then", false},
		{"rose 3.5% in May", "rose 3.5 in May", false},
		{"reached 30°C", "reached 30&deg;C", true},
		{"Stone&#8217;s 12 films", "Stone’s 12 films", true},
		{"jumped to -$1.13bn in", "jumped to $1.13bn in", false},
		{"a loss of −£2m this", "a loss of £2m this", false},
		{"cost ~£2m to", "cost £2m to", false},
		{"cost ~5% more", "cost 5% more", false},
		{"a loss of −£2m this", "a loss of -£2m this", true},
	} {
		if got := content(c.a) == content(c.b); got != c.same {
			t.Errorf("Content(%q) == Content(%q): %v, want %v", c.a, c.b, got, c.same)
		}
	}
	if figuresDigest("No figures at all, and an entity&#8217;s digits") != 0 {
		t.Error("a text without numbers has a figures digest")
	}
}

// Numeric entities the tokenizer decodes do not count as digits: a text
// with curly apostrophes as entities has the Content of one with them
// typed (a scraped copy and its source).
func TestContentSignsEntities(t *testing.T) {
	a := "Stone&#8217;s film took $4.7m (£2.4m), last week&#x2019;s takings"
	b := "Stone’s film took $4.7m (£2.4m), last week’s takings"
	if figuresDigest(a) != figuresDigest(b) {
		t.Error("numeric entities changed the figures digest")
	}
}

// figuresDigest reads any text without panicking, the same way twice.
func FuzzFiguresDigest(f *testing.F) {
	for _, s := range []string{"", "5", "-1", "&#", "&#x9", "a&#8217;s 12%", "< 3°", "£1,250.5", "\xff9\xc2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if figuresDigest(s) != figuresDigest(s) {
			t.Fatal("figuresDigest is not a function of its text")
		}
	})
}
