package fingerprint

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/internal/synth"
	"github.com/neardup/neardup/pkg/minhash"
	"github.com/neardup/neardup/pkg/shingle"
)

func config() Config {
	return Config{Shingle: 3, Perms: 128, Seed: 1, Lang: "english", Cleaner: clean.New(clean.BuiltinRules())}
}

func TestText(t *testing.T) {
	f, err := New(config())
	if err != nil {
		t.Fatal(err)
	}
	w := f.NewWorker()
	base := "The council approved the new tram line on Monday after a long debate about costs and routes."
	tests := []struct {
		name    string
		other   string
		minSim  float64
		maxSim  float64
		wantErr error
	}{
		{"identical", base, 1, 1, nil},
		{"case, quotes and entities", strings.ToUpper(base[:4]) + base[4:], 1, 1, nil},
		{"boilerplate wrapped", "News\n\n" + base + "\n\nStory continues below advertisement\n\nLeave a Reply", 1, 1, nil},
		{"stemming merges inflections", strings.Replace(base, "approved", "approves", 1), 1, 1, nil},
		{"different text", "Rain is expected across the north of the country for most of the weekend.", 0, 0.1, nil},
		{"only boilerplate", "Advertisement\nShare\nLeave a Reply", 0, 0, ErrNoWords},
	}
	a, _ := w.Text(base)
	for _, tt := range tests {
		b, err := w.Text(tt.other)
		if !errors.Is(err, tt.wantErr) {
			t.Fatalf("%s: err = %v", tt.name, err)
		}
		if err != nil {
			continue
		}
		if s := minhash.Similarity(a.Signature, b.Signature); s < tt.minSim || s > tt.maxSim {
			t.Errorf("%s: similarity %.3f, want [%.2f, %.2f]", tt.name, s, tt.minSim, tt.maxSim)
		}
	}
}

func TestNoStem(t *testing.T) {
	cfg := config()
	cfg.NoStem = true
	f, _ := New(cfg)
	w := f.NewWorker()
	a, _ := w.Text("they approved the plan")
	b, _ := w.Text("they approves the plan")
	if minhash.Similarity(a.Signature, b.Signature) == 1 {
		t.Error("--no-stem still merged inflections")
	}
}

func TestNewRejects(t *testing.T) {
	for _, mod := range []func(*Config){
		func(c *Config) { c.Shingle = 0 },
		func(c *Config) { c.Perms = 0 },
		func(c *Config) { c.Lang = "latin" },
	} {
		c := config()
		mod(&c)
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) succeeded", c)
		}
	}
}

// BenchmarkText fingerprints 2,000 generated articles (about 4 MB) with
// scan's default settings: clean, tokenize, stem, shingle and MinHash.
func BenchmarkText(b *testing.B) {
	texts := synth.Texts(synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1})
	f, err := New(Config{Shingle: 4, Perms: 128, Seed: 1, Lang: "english", Cleaner: clean.New(clean.BuiltinRules())})
	if err != nil {
		b.Fatal(err)
	}
	w := f.NewWorker()
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	sig := make([]uint32, 128)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			if _, err := w.TextInto(sig, t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestTermHashes: shingling the term hashes gives Sequence's shingles.
func TestTermHashes(t *testing.T) {
	f, err := New(config())
	if err != nil {
		t.Fatal(err)
	}
	w := f.NewWorker()
	for _, text := range synth.Texts(synth.Options{Docs: 20, Seed: 2}) {
		terms, err := w.TermHashes(text)
		if err != nil {
			t.Fatal(err)
		}
		got := shingle.FromWordHashes(nil, terms, f.Config().Shingle)
		want, err := w.Sequence(text)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%d shingles from the terms, %d from Sequence", len(got), len(want))
		}
	}
}

// TestAppendTermHashes: the terms of a text as it is are those TermHashes
// gives it without cleaning, stop words dropped alike.
func TestAppendTermHashes(t *testing.T) {
	text := "Sign up to our newsletter.\nThe harbour ferry's fares rise 8% in April, Ms Hewitt said."
	for _, drop := range []bool{false, true} {
		plain, err := New(Config{Shingle: 4, Perms: 16, Seed: 1, Lang: "english", DropStopWords: drop})
		if err != nil {
			t.Fatal(err)
		}
		want, err := plain.NewWorker().TermHashes(text)
		if err != nil {
			t.Fatal(err)
		}
		cleaning, err := New(Config{Shingle: 4, Perms: 16, Seed: 1, Lang: "english", DropStopWords: drop, Cleaner: clean.New(clean.BuiltinRules())})
		if err != nil {
			t.Fatal(err)
		}
		w := cleaning.NewWorker()
		got := w.AppendTermHashes([]uint64{7}, text)
		if len(got) < 2 || got[0] != 7 || !slices.Equal(got[1:], want) {
			t.Errorf("drop stop words %v: AppendTermHashes = %v, want 7 then %v", drop, got, want)
		}
		if cleaned, _ := w.TermHashes(text); len(cleaned) >= len(want) {
			t.Errorf("drop stop words %v: cleaning kept %d terms of %d: the prompt should go", drop, len(cleaned), len(want))
		}
	}
}
