// Package synth writes large synthetic article folders for benchmarks:
// English-like text (a Zipf-distributed vocabulary of real function words
// and made-up content words, sentences and paragraphs, curly quotes, a
// little outlet boilerplate), with a share of near-duplicate copies. It is
// fast and needs no data set.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var function = strings.Fields(`the of and to a in that is was he for it with as his on be at by
i this had not are but from or have an they which one you were her all she there would their we
him been has when who will more no if out so said what up its about into than them can only other
new some could time these two may then do first any my now such like our over man me even most
made after also did many before must through back years where much your way well down should
because each just those people mr how too little state good very make world still own see men
work long get here between both life being under never day same another know while last might us
great old year off come since against go came right used take three`)

// Version changes whenever the generated text does, so that folders kept
// for later runs (see internal/cmd/bench) are not mistaken for new ones.
// Version 2: articles average 2.5 KB, as in the folder issue #5 measured
// other tools on (version 1 wrote 2.0 KB).
const Version = 2

// Options shape a generated folder.
type Options struct {
	Docs      int     // articles to write
	Seed      uint64  // same seed, same folder
	CopyShare float64 // share of articles that are edited copies of an earlier one
	Folders   int     // spread over this many subfolders (0: 100)
}

// Write generates the folder and returns the bytes written.
func Write(dir string, opts Options) (int64, error) {
	if opts.Folders <= 0 {
		opts.Folders = 100
	}
	var total int64
	var err error
	generate(opts, func(i int, text string) bool {
		sub := filepath.Join(dir, fmt.Sprintf("f%03d", i%opts.Folders))
		if i < opts.Folders {
			if err = os.MkdirAll(sub, 0o755); err != nil {
				return false
			}
		}
		if err = os.WriteFile(filepath.Join(sub, fmt.Sprintf("a%07d.txt", i)), []byte(text), 0o644); err != nil {
			return false
		}
		total += int64(len(text))
		return true
	})
	return total, err
}

// Texts returns the articles Write would write, in memory, for benchmarks
// of single stages.
func Texts(opts Options) []string {
	texts := make([]string, 0, opts.Docs)
	generate(opts, func(_ int, text string) bool {
		texts = append(texts, text)
		return true
	})
	return texts
}

// generate calls emit with each article in order until it returns false.
func generate(opts Options, emit func(i int, text string) bool) {
	r := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	vocab := make([]string, 0, 20000)
	vocab = append(vocab, function...)
	for len(vocab) < cap(vocab) {
		vocab = append(vocab, word(r))
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	var recent []string
	for i := range opts.Docs {
		var text string
		if len(recent) > 0 && r.Float64() < opts.CopyShare {
			text = edit(r, recent[r.IntN(len(recent))])
		} else {
			text = article(r, vocab, zipf)
			if len(recent) < 64 {
				recent = append(recent, text)
			} else {
				recent[r.IntN(len(recent))] = text
			}
		}
		if !emit(i, text) {
			return
		}
	}
}

func word(r *rand.Rand) string {
	const consonants, vowels = "bcdfghklmnprstvwz", "aeiou"
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteByte(consonants[r.IntN(len(consonants))])
		b.WriteByte(vowels[r.IntN(len(vowels))])
	}
	if r.IntN(3) == 0 {
		b.WriteString([]string{"ing", "ed", "s", "ation", "ly"}[r.IntN(5)])
	}
	return b.String()
}

// article writes about 2.5 KB: a headline, 6-11 paragraphs, some boilerplate.
func article(r *rand.Rand, vocab []string, zipf *rand.Zipf) string {
	var b strings.Builder
	sentence := func(n int) {
		for k := range n {
			w := vocab[zipf.Uint64()]
			if k == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	sentence(6 + r.IntN(6))
	b.WriteString("\n\n")
	for p := range 6 + r.IntN(6) {
		for s := range 2 + r.IntN(3) {
			if s > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(6) == 0 {
				b.WriteString("\u201c")
				sentence(8 + r.IntN(10))
				b.WriteString(",\u201d said ")
				b.WriteString(vocab[zipf.Uint64()])
				b.WriteByte('.')
				continue
			}
			sentence(10 + r.IntN(15))
			b.WriteByte('.')
		}
		b.WriteString("\n\n")
		if p == 2 && r.IntN(3) == 0 {
			b.WriteString("Story continues below advertisement\n\n")
		}
	}
	b.WriteString("Share this article\nLeave a Reply\n")
	return b.String()
}

// edit makes a near-duplicate: a trimmed ending and a few changed words.
func edit(r *rand.Rand, text string) string {
	words := strings.Fields(text)
	words = words[:len(words)*(85+r.IntN(15))/100]
	for range len(words) / 50 {
		words[r.IntN(len(words))] = "changed"
	}
	return strings.Join(words, " ")
}
