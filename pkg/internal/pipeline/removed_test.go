package pipeline

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
)

func TestEachSentence(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"One line", []string{"One line"}},
		{"Sign up to our newsletter. Ms Hewitt has denied it.", []string{"Sign up to our newsletter.", "Ms Hewitt has denied it."}},
		{`He said "no." Then he left!`, []string{"He said", "no.", "Then he left!"}},
		{"Home | News | Sport", []string{"Home", "News", "Sport"}},
		{"Prices rose 2.5 percent. Why? Nobody knows", []string{"Prices rose 2.5 percent.", "Why?", "Nobody knows"}},
		{"Ends with a stop.", []string{"Ends with a stop."}},
		// A hostile pass's: glued, colon-led and credit-wrapped sentences.
		{"He was sacked on Monday evening.Sign up for our newsletter", []string{"He was sacked on Monday evening.", "Sign up for our newsletter"}},
		{"Sign up for our newsletter: He was sacked", []string{"Sign up for our newsletter:", "He was sacked"}},
		{"We use cookies; he was sacked", []string{"We use cookies;", "he was sacked"}},
		{"Photo: He was sacked on Monday / Getty Images", []string{"Photo:", "He was sacked on Monday", "Getty Images"}},
		{"Sign up - he was sacked – on Monday", []string{"Sign up", "he was sacked", "on Monday"}},
		{"The U.S. said 2.5:1 is fine at 10:30", []string{"The U.", "S.", "said 2.5:1 is fine at 10:30"}}, // digits hold
		// A third hostile pass's: boundaries without spaces, in other
		// scripts, and spaces that are not plain.
		{"Sign up for our newsletter.\tThe mayor hid it", []string{"Sign up for our newsletter.", "The mayor hid it"}},
		{"Read more:The mayor hid it", []string{"Read more:", "The mayor hid it"}},
		{"newsletter\u2029The mayor hid it", []string{"newsletter", "The mayor hid it"}},
		{"the moon—The mayor hid it...zebras ate it", []string{"the moon", "The mayor hid it.", ".", ".", "zebras ate it"}},
		{"newsletter • The mayor ¿hid it？ (It was late)", []string{"newsletter", "The mayor", "hid it？", "It was late"}},
		{"moon.zebras eat it", []string{"moon.", "zebras eat it"}},
	} {
		var got []string
		eachSentence(tc.in, func(s string) { got = append(got, s) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("eachSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestOwnRemoved: of what cleaning removed, the sentences that survive
// cleaning alone are the document's own; furniture is not.
func TestOwnRemoved(t *testing.T) {
	c := clean.New(clean.BuiltinRules())
	fp, err := fingerprint.New(fingerprint.Config{Shingle: 4, Perms: 16, Seed: 1, Lang: "english", Cleaner: c})
	if err != nil {
		t.Fatal(err)
	}
	r := &Result{fp: fp, iso: c}
	w := fp.NewWorker()
	body := "The harbour ferry will cost commuters more from April, the port authority confirmed on Tuesday.\n\n" +
		"Authority chair Ms Hewitt said the increase was the first in four years.\n\n"
	for _, tc := range []struct {
		name, line string
		own        []string // the sentences found, as the text cleaned alone
	}{
		{"prompt", "Sign up to our newsletter.", nil},
		{"prompt and sentence", "Sign up to our newsletter. Ms Hewitt has denied the claims.", []string{"Ms Hewitt has denied the claims."}},
		{"credit-led", "Photograph: Reuters. The two crew members were later released on bail.", []string{"The two crew members were later released on bail."}},
		{"glued advert", "It rained on Monday.Story continues below advertisement", nil},
		{"short label", "Photo: Getty Images", nil},
		{"credit-wrapped", "Photo: Richard Parsons resigned as chief executive on Monday / Getty Images", []string{"Richard Parsons resigned as chief executive on Monday"}},
		{"glued prompt", "Richard Parsons was sacked by the board on Monday.Sign up for our newsletter", []string{"Richard Parsons was sacked by the board on Monday."}},
	} {
		text := body + tc.line + "\n"
		if _, err := w.TermHashes(text); err != nil {
			t.Fatal(err)
		}
		trace := slices.Clone(w.LastTrace())
		clauses, err := r.ownRemoved(w, text, trace)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var own [][]uint64 // what survives cleaning alone
		for _, c := range clauses {
			if kept := r.keptAlone(c); kept != nil {
				own = append(own, kept)
			}
		}
		var want [][]uint64
		for _, s := range tc.own {
			want = append(want, w.AppendTermHashes(nil, s))
		}
		if !slices.EqualFunc(own, want, slices.Equal) {
			t.Errorf("%s: %d sentences of its own, want %q", tc.name, len(own), tc.own)
		}
	}
}

// FuzzEachSentence: clauses are non-empty, trimmed, in order, and lose
// no letter or digit of the text.
func FuzzEachSentence(f *testing.F) {
	for _, s := range []string{"Sign up.\tThe mayor hid it", "Read more:The end", "a—b…c 2.5:1", "«x» (y) [z] ¿w?", "\u2029\u3000 |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, kept := s, 0
		eachSentence(s, func(c string) {
			if c == "" || strings.TrimSpace(c) != c {
				t.Fatalf("clause %q of %q is empty or untrimmed", c, s)
			}
			i := strings.Index(rest, c)
			if i < 0 {
				t.Fatalf("clause %q is not in what is left of %q", c, s)
			}
			rest = rest[i+len(c):]
			kept += alnum(c)
		})
		if kept != alnum(s) {
			t.Fatalf("clauses of %q hold %d letters and digits, the text %d", s, kept, alnum(s))
		}
	})
}

func alnum(s string) (n int) {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
