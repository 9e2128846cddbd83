package report

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var sample = Report{
	Groups: []Group{
		{ID: 1, Members: []Member{{Path: "a.txt", Similarity: 1}, {Path: "b, c.txt", Similarity: 0.9140625, Redundant: true}}},
		{ID: 2, Members: []Member{{Path: "d.txt", Similarity: 1}, {Path: "e.txt", Similarity: 0.8, Redundant: true}, {Path: "f.txt", Similarity: 0.75, Redundant: true}}},
	},
	Stats: Stats{Files: 7, Skipped: 1, Groups: 2},
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format string
		r      Report
		want   string
	}{
		{"text", sample, `group 1: 2 articles, similarity 0.91-1.00
  1.00  a.txt
  0.91  b, c.txt

group 2: 3 articles, similarity 0.75-1.00
  1.00  d.txt
  0.80  e.txt
  0.75  f.txt
`},
		{"json", sample, `{"groups":[{"id":1,"members":[{"path":"a.txt","similarity":1},{"path":"b, c.txt","similarity":0.9141,"redundant":true}]},{"id":2,"members":[{"path":"d.txt","similarity":1},{"path":"e.txt","similarity":0.8,"redundant":true},{"path":"f.txt","similarity":0.75,"redundant":true}]}],"stats":{"files":7,"skipped":1,"groups":2}}
`},
		{"jsonl", sample, `{"id":1,"members":[{"path":"a.txt","similarity":1},{"path":"b, c.txt","similarity":0.9141,"redundant":true}]}
{"id":2,"members":[{"path":"d.txt","similarity":1},{"path":"e.txt","similarity":0.8,"redundant":true},{"path":"f.txt","similarity":0.75,"redundant":true}]}
`},
		{"csv", sample, `group,path,similarity,via,to,via_similarity
1,a.txt,1,,,
1,"b, c.txt",0.9141,,,
2,d.txt,1,,,
2,e.txt,0.8,,,
2,f.txt,0.75,,,
`},
		// paths: TestWritePaths ("b, c.txt" has a blank: refused without -0).
		{"text", Report{}, ""},
		{"paths", Report{}, ""},
		{"json", Report{}, `{"groups":[],"stats":{"files":0,"skipped":0,"groups":0}}` + "\n"},
		{"jsonl", Report{}, ""},
		{"csv", Report{}, "group,path,similarity,via,to,via_similarity\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, tt.r, tt.format, Options{}); err != nil {
			t.Fatalf("%s: %v", tt.format, err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.format, buf.String(), tt.want)
		}
	}
	if err := Write(&bytes.Buffer{}, sample, "xml", Options{}); err == nil || !strings.Contains(err.Error(), "text, json, jsonl, csv, paths") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestWriteVia(t *testing.T) {
	r := Report{Groups: []Group{{ID: 1, Members: []Member{
		{Path: "full.txt", Similarity: 1, Via: &Via{Kind: Contains, To: "excerpt.txt", Similarity: 0.96}},
		{Path: "excerpt.txt", Similarity: 0.41, Via: &Via{Kind: Within, To: "full.txt", Similarity: 0.96}},
		{Path: "copy.txt", Similarity: 1, Via: &Via{Kind: Identical, To: "full.txt", Similarity: 1}},
		{Path: "chain.txt", Similarity: 0.25, Via: &Via{Kind: Similar, To: "copy.txt", Similarity: 0.53}},
	}}}}
	tests := []struct{ format, want string }{
		{"text", "group 1: 4 articles, similarity 0.25-1.00\n  1.00  full.txt\n  0.41  excerpt.txt  (within full.txt: 0.96)\n  1.00  copy.txt\n  0.25  chain.txt  (similar to copy.txt: 0.53)\n"},
		{"csv", "group,path,similarity,via,to,via_similarity\n1,full.txt,1,contains,excerpt.txt,0.96\n1,excerpt.txt,0.41,within,full.txt,0.96\n1,copy.txt,1,identical,full.txt,1\n1,chain.txt,0.25,similar,copy.txt,0.53\n"},
		{"jsonl", `{"id":1,"members":[{"path":"full.txt","similarity":1,"via":{"kind":"contains","to":"excerpt.txt","similarity":0.96}},{"path":"excerpt.txt","similarity":0.41,"via":{"kind":"within","to":"full.txt","similarity":0.96}},{"path":"copy.txt","similarity":1,"via":{"kind":"identical","to":"full.txt","similarity":1}},{"path":"chain.txt","similarity":0.25,"via":{"kind":"similar","to":"copy.txt","similarity":0.53}}]}` + "\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, r, tt.format, Options{}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.format, buf.String(), tt.want)
		}
	}
}

func TestQuotePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.txt", "a.txt"},
		{"dir/with space.txt", "dir/with space.txt"},
		{"new\nline.txt", `"new\nline.txt"`},
		{"bad\xffbyte.txt", `"bad\xffbyte.txt"`},
		{" lead.txt", `" lead.txt"`},
		{`"quoted".txt`, `"\"quoted\".txt"`},
		{"Київ.txt", "Київ.txt"},
	}
	for _, tt := range tests {
		if got := QuotePath(tt.in); got != tt.want {
			t.Errorf("QuotePath(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestWriteOptions(t *testing.T) {
	r := Report{Groups: []Group{{ID: 1, Members: []Member{
		{Path: "a/very/long/folder/name/that/goes/on/and/on/first.txt", Similarity: 1},
		{Path: "new\nline.txt", Similarity: 0.5, Redundant: true},
	}}}}
	var buf bytes.Buffer
	if err := Write(&buf, r, "paths", Options{Null: true}); err != nil || buf.String() != "new\nline.txt\x00" {
		t.Errorf("paths -0 = %q, %v", buf.String(), err)
	}
	buf.Reset()
	if err := Write(&buf, r, "text", Options{Color: true, Width: 40}); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[1mgroup 1: 2 articles, similarity 0.50-1.00\x1b[0m\n" +
		"  \x1b[32m1.00\x1b[0m  a/very/lon…s/on/and/on/first.txt\n" +
		"  \x1b[33m0.50\x1b[0m  \"new\\nline.txt\"\n"
	if buf.String() != want {
		t.Errorf("colour text:\n got %q\nwant %q", buf.String(), want)
	}
}

func TestPaths(t *testing.T) {
	got := sample.Paths()
	want := [][]string{{"a.txt", "b, c.txt"}, {"d.txt", "e.txt", "f.txt"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paths() = %v", got)
	}
	if (Report{}).Paths() != nil {
		t.Error("an empty report has paths")
	}
}

// TestWritePaths: the paths format is safe to hand to xargs rm.
func TestWritePaths(t *testing.T) {
	group := func(paths ...string) Group {
		g := Group{ID: 1}
		for i, p := range paths {
			g.Members = append(g.Members, Member{Path: p, Similarity: 1, Redundant: i > 0})
		}
		return g
	}
	chain := group("a.txt", "b.txt", "c.txt")
	chain.Members[2].Redundant = false // linked to a.txt only through b.txt
	query := Group{ID: 1, Members: []Member{{Path: "incoming/x.txt", Similarity: 1, Redundant: true}, {Path: "/archive/x.txt", Similarity: 1}}}
	within := Group{ID: 2, Members: []Member{{Path: "incoming/full.txt", Similarity: 1}, {Path: "/archive/excerpt.txt", Similarity: 0.3}}}
	tests := []struct {
		name    string
		groups  []Group
		null    bool
		want    string
		wantErr string
	}{
		{"kept member never listed", []Group{group("a.txt", "b.txt", "c.txt")}, false, "b.txt\nc.txt\n", ""},
		{"only redundant members: not one linked through another", []Group{chain}, false, "b.txt\n", ""},
		{"a query lists the queried file, never the archive", []Group{query, within}, false, "incoming/x.txt\n", ""},
		{"a group of one lists nothing", []Group{group("a.txt")}, false, "", ""},
		{"the kept path repeated is not listed", []Group{group("a.txt", "a.txt", "b.txt", "b.txt")}, false, "b.txt\n", ""},
		{"leading dash gets ./", []Group{group("a.txt", "-l.txt", "--rf.txt")}, false, "./-l.txt\n./--rf.txt\n", ""},
		{"leading dash with -0", []Group{group("a.txt", "-l.txt")}, true, "./-l.txt\x00", ""},
		{"dash inside is left alone", []Group{group("a.txt", "d/-l.txt", "/abs/-x.txt", "./-y.txt")}, false, "d/-l.txt\n/abs/-x.txt\n./-y.txt\n", ""},
		{"names xargs reads as they are are printed raw", []Group{group("a.txt", "Київ.txt", "a-b_c.d,e+f@g.txt")}, false, "Київ.txt\na-b_c.d,e+f@g.txt\n", ""},
		{"a blank refused: xargs rm would remove old and news.txt", []Group{group("a.txt", "old news.txt")}, false, "", `"old news.txt" cannot be printed on one line that xargs reads back`},
		{"tab, quotes, backslash refused", []Group{group("a.txt", "tab\there.txt", `"q".txt`, "it's.txt", `back\slash.txt`, " lead.txt")}, false, "", `(and 4 more)`},
		{"odd names with -0 printed raw", []Group{group("a.txt", "old news.txt", `"q".txt`)}, true, "old news.txt\x00\"q\".txt\x00", ""},
		{"newline refused", []Group{group("a.txt", "ok.txt", "new\nline.txt")}, false, "", `--format paths: "new\nline.txt" cannot be printed on one line`},
		{"carriage return refused", []Group{group("a.txt", "cr\r.txt")}, false, "", `"cr\r.txt" cannot`},
		{"invalid UTF-8 refused, others counted", []Group{group("a.txt", "bad\xff.txt"), group("c.txt", "x\u2028y.txt", "new\nline.txt")}, false, "", `"bad\xff.txt" cannot be printed on one line that xargs reads back (it holds a line break, a blank, a quote, a backslash or invalid UTF-8) (and 2 more)`},
		{"a kept odd name is no problem", []Group{group("new\nline.txt", "b.txt")}, false, "b.txt\n", ""},
		{"-0 prints exact bytes", []Group{group("a.txt", "new\nline.txt", "bad\xff.txt")}, true, "new\nline.txt\x00bad\xff.txt\x00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, Report{Groups: tt.groups}, "paths", Options{Null: tt.null})
			if tt.wantErr != "" {
				var le *LineError
				if !errors.As(err, &le) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want a *LineError containing %q", err, tt.wantErr)
				}
				if buf.Len() > 0 {
					t.Errorf("wrote %q before failing", buf.String())
				}
				return
			}
			if err != nil || buf.String() != tt.want {
				t.Errorf("got %q, %v; want %q", buf.String(), err, tt.want)
			}
		})
	}
}

func TestWritePairs(t *testing.T) {
	r := Report{Pairs: []Pair{
		{A: "a.txt", B: "b, c.txt", Kind: Similar, Similarity: 0.9140625},
		{A: "d.txt", B: "e.txt", Kind: Identical, Similarity: 1},
		{A: "excerpt\n.txt", B: "d.txt", Kind: Within, Similarity: 0.87654},
	}}
	for format, want := range map[string]string{
		"pairs": "a,b,kind,similarity\na.txt,\"b, c.txt\",similar,0.9141\nd.txt,e.txt,identical,1\n\"excerpt\n.txt\",d.txt,within,0.8765\n",
		"pairs-jsonl": `{"a":"a.txt","b":"b, c.txt","kind":"similar","similarity":0.9141}
{"a":"d.txt","b":"e.txt","kind":"identical","similarity":1}
{"a":"excerpt\n.txt","b":"d.txt","kind":"within","similarity":0.8765}
`,
	} {
		var buf bytes.Buffer
		if err := Write(&buf, r, format, Options{}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("%s:\n got %q\nwant %q", format, buf.String(), want)
		}
	}
	// No pairs: a header, or nothing.
	for format, want := range map[string]string{"pairs": "a,b,kind,similarity\n", "pairs-jsonl": ""} {
		var buf bytes.Buffer
		if err := Write(&buf, Report{}, format, Options{}); err != nil || buf.String() != want {
			t.Errorf("%s with no pairs: %q, %v; want %q", format, buf.String(), err, want)
		}
	}
}

// TestShowsRedundant holds ShowsRedundant to the writers: a format that
// does not show Member.Redundant prints the same bytes without it.
func TestShowsRedundant(t *testing.T) {
	without := Report{Stats: sample.Stats, Pairs: []Pair{{A: "a.txt", B: "b, c.txt", Kind: Similar, Similarity: 0.9}}}
	with := without
	for _, g := range sample.Groups {
		g.Members = append([]Member(nil), g.Members...)
		with.Groups = append(with.Groups, g)
		h := Group{ID: g.ID, Members: append([]Member(nil), g.Members...)}
		for k := range h.Members {
			h.Members[k].Redundant = false
		}
		without.Groups = append(without.Groups, h)
	}
	for _, f := range Formats {
		var a, b bytes.Buffer
		if err := Write(&a, with, f, Options{Null: true}); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, without, f, Options{Null: true}); err != nil {
			t.Fatal(err)
		}
		if differ := a.String() != b.String(); differ != ShowsRedundant(f) {
			t.Errorf("format %s: output differs with Redundant: %v, ShowsRedundant: %v", f, differ, ShowsRedundant(f))
		}
	}
}
