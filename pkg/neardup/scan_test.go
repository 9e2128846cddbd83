package neardup

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/evaluate"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/internal/synth"
	"github.com/neardup/neardup/pkg/report"
)

func files(t *testing.T, roots ...string) []string {
	t.Helper()
	fs, probs, err := inputs.Expand(roots, inputs.Options{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("expand %v: %v %v", roots, err, probs)
	}
	return fs
}

func groupsOf(r report.Report) [][]string {
	var out [][]string
	for _, g := range r.Groups {
		var ps []string
		for _, m := range g.Members {
			ps = append(ps, filepath.Base(m.Path))
		}
		out = append(out, ps)
	}
	return out
}

// The sample folder was written with known groups: one story in three
// outlets' wrappings (edited, trimmed, re-flowed, CRLF, entities), one
// syndicated with its paragraphs flattened, and same-topic articles by
// other writers and same-template briefs that must stay apart.
var sampleGroups = [][]string{
	{"city-science-bees.txt", "daily-digest-bees.txt"},
	{"metro-wire-tram.txt", "riverside-gazette-tram.txt", "valley-post-tram-trimmed.txt"},
}

func TestSampleFolder(t *testing.T) {
	res, err := Scan(context.Background(), files(t, "../../testdata/articles"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsOf(res.Report); !reflect.DeepEqual(got, sampleGroups) {
		t.Errorf("groups = %v, want %v", got, sampleGroups)
	}
	if len(res.Corpus.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Corpus.Warnings)
	}
}

func TestJobsDoNotChangeResults(t *testing.T) {
	fs := files(t, "../../testdata/articles")
	var want report.Report
	for i, jobs := range []int{1, 2, 8} {
		opts := DefaultOptions()
		opts.Jobs = jobs
		res, err := Scan(context.Background(), fs, opts)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = res.Report
		} else if got := res.Report; !reflect.DeepEqual(got, want) {
			t.Errorf("jobs=%d: %+v, want %+v", jobs, got, want)
		}
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	article, _ := os.ReadFile("../../testdata/articles/storm-warning.txt")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fs := []string{
		write("a-binary.txt", []byte("GIF89a\x00\x01\x02")),
		write("b-empty.txt", nil),
		write("c-boilerplate-only.txt", []byte("Advertisement\nShare\nLeave a Reply\n")),
		write("d-invalid.txt", append([]byte("caf\xc3\xa9 \xff "), article...)),
		write("e-copy.txt", article),
		filepath.Join(dir, "f-missing.txt"),
	}
	opts := DefaultOptions()
	res, err := Scan(context.Background(), fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Corpus.Warnings {
		got = append(got, strings.TrimPrefix(w.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		"a-binary.txt: binary file (contains NUL bytes), skipped",
		"b-empty.txt: empty file, skipped",
		"c-boilerplate-only.txt: no words after cleaning, skipped",
		"d-invalid.txt: 1 invalid UTF-8 sequences replaced",
		"f-missing.txt: no such file or directory, skipped",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Corpus.Skipped != 4 || len(res.Corpus.Docs) != 2 || len(res.Report.Groups) != 1 {
		t.Errorf("skipped %d, docs %d, groups %d", res.Corpus.Skipped, len(res.Corpus.Docs), len(res.Report.Groups))
	}
}

func TestMaxBytes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(p, []byte(strings.Repeat("word ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	opts.Read.MaxBytes = 100
	res, err := Scan(context.Background(), []string{p}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Corpus.Docs) != 1 || res.Corpus.Docs[0].Size != 100 || res.Corpus.Docs[0].Words != 20 {
		t.Fatalf("docs = %+v", res.Corpus.Docs)
	}
	if len(res.Corpus.Warnings) != 1 || !strings.Contains(res.Corpus.Warnings[0].Error(), "only the first 100 read") {
		t.Errorf("warnings = %v", res.Corpus.Warnings)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, files(t, "../../testdata/articles"), DefaultOptions()); err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

const bbc = "../../../shared/corpora/bbc"

func bbcTruth(t testing.TB) []evaluate.Pair {
	f, err := os.Open(filepath.Join(bbc, "..", "bbc-duplicates.tsv"))
	if err != nil {
		t.Skip("../shared/corpora not present")
	}
	defer f.Close()
	truth, err := evaluate.ReadTruth(f, "bbc-duplicates.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return truth
}

// score evaluates a result against truth pairs.
func score(res *Result, truth []evaluate.Pair) evaluate.Scores {
	var docs []string
	for _, d := range res.Corpus.Docs {
		docs = append(docs, d.Path)
	}
	return evaluate.Evaluate(docs, res.Report.Paths(), truth)
}

// TestBBC checks default settings against the real duplicates of the BBC
// corpus (pairs with exact word-5-shingle Jaccard of at least 0.5).
func TestBBC(t *testing.T) {
	truth := bbcTruth(t)
	res, err := Scan(context.Background(), files(t, bbc), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := score(res, truth)
	t.Logf("BBC: %d files, %d groups, %d pairs; precision %.3f recall %.3f F1 %.3f",
		len(res.Corpus.Docs), len(res.Report.Groups), s.Predicted, s.Precision, s.Recall, s.F1)
	for _, p := range s.FalsePositives {
		t.Logf("false pair: %s %s", p.A, p.B)
	}
	for _, p := range s.Missed {
		t.Logf("missed pair: %s %s", p.A, p.B)
	}
	if s.Precision < 0.99 || s.Recall < 0.99 {
		t.Errorf("precision %.3f, recall %.3f: want at least 0.99 and 0.99", s.Precision, s.Recall)
	}
}

func TestVerifyEstimate(t *testing.T) {
	fs := files(t, "../../testdata/articles")
	exact, err := Scan(context.Background(), fs, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	opts.Group.Verify = VerifyEstimate
	est, err := Scan(context.Background(), fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := groupsOf(est.Report); !reflect.DeepEqual(got, sampleGroups) {
		t.Fatalf("estimated groups = %v", got)
	}
	// Estimates are multiples of 1/128; exact values need not be, and the
	// two agree within MinHash's error (sd about 0.04 at 128 permutations).
	er, xr := est.Report, exact.Report
	for gi, g := range xr.Groups {
		for mi, m := range g.Members[1:] {
			e := er.Groups[gi].Members[mi+1].Similarity
			if d := m.Similarity - e; d > 0.15 || d < -0.15 {
				t.Errorf("group %d member %d: exact %.3f, estimate %.3f", gi, mi+1, m.Similarity, e)
			}
		}
	}
}

// writeExcerpt writes the riverside article and its first two fifths (an
// excerpt) to a new folder.
func writeExcerpt(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	full, err := os.ReadFile("../../testdata/articles/riverside-gazette-tram.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(string(full), "\n\n")
	excerpt := strings.Join(paras[:len(paras)*2/5], "\n\n")
	for name, text := range map[string]string{"a-full.txt": string(full), "b-excerpt.txt": excerpt} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files(t, dir)
}

func TestContainment(t *testing.T) {
	fs := writeExcerpt(t)
	for _, verify := range []Verify{VerifyEstimate, VerifyExact} {
		opts := DefaultOptions()
		opts.Group.Verify = verify
		opts.Group.Containment = 0
		res, err := Scan(context.Background(), fs, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Report.Groups) != 0 {
			t.Fatalf("%s: an excerpt grouped by Jaccard alone: %+v", verify, res.Report)
		}
		// By default, containment groups it.
		opts.Group.Containment = DefaultContainment
		if res, err = res.Corpus.Group(context.Background(), opts.Group); err != nil {
			t.Fatal(err)
		}
		rep := res.Report
		if len(rep.Groups) != 1 {
			t.Fatalf("%s: default containment found %d groups", verify, len(rep.Groups))
		}
		m := rep.Groups[0].Members[1]
		if filepath.Base(m.Path) != "b-excerpt.txt" || m.Via == nil || m.Via.Kind != report.Within || m.Via.Similarity < DefaultContainment || m.Similarity >= 0.5 {
			t.Errorf("%s: member %+v via %+v", verify, m, m.Via)
		}
		// The container says it contains the excerpt.
		if v := rep.Groups[0].Members[0].Via; v == nil || v.Kind != report.Contains || filepath.Base(v.To) != "b-excerpt.txt" {
			t.Errorf("%s: container via %+v", verify, v)
		}
	}
}

// TestKeepNeverChangesMembers: --keep picks which member comes first, and
// a member grouped by similarity is never labelled as contained.
func TestKeepNeverChangesMembers(t *testing.T) {
	res, err := Scan(context.Background(), files(t, "../../testdata/articles"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, g := range groupsOf(res.Report) {
		slices.Sort(g)
		want = append(want, g)
	}
	for _, name := range KeepNames() {
		g := DefaultOptions().Group
		var err error
		if g.Keep, err = ParseKeep(name); err != nil {
			t.Fatal(err)
		}
		kept, err := res.Corpus.Group(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		rep, keep := kept.Report, g.Keep
		for gi, g := range groupsOf(rep) {
			slices.Sort(g)
			if !reflect.DeepEqual(g, want[gi]) {
				t.Errorf("keep %s: group %d = %v, want %v", keep, gi, g, want[gi])
			}
		}
		for _, g := range rep.Groups {
			for _, m := range g.Members {
				if m.Via != nil && (m.Via.Kind == report.Within || m.Via.Kind == report.Contains) {
					t.Errorf("keep %s: %s labelled %s; the sample groups by similarity", keep, m.Path, m.Via.Kind)
				}
			}
		}
	}
}

// TestIdenticalCopiesLinear: thousands of identical documents collapse to
// one before LSH, so they yield no candidate pairs and one group.
func TestIdenticalCopiesLinear(t *testing.T) {
	dir := t.TempDir()
	page := "This content is not available in your region. We are working to make it available to readers everywhere as soon as possible. Thank you for your patience."
	const n = 3000
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%05d.txt", i)), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Scan(context.Background(), files(t, dir), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stages.Pairs != 0 || len(res.Report.Groups) != 1 || len(res.Report.Groups[0].Members) != n {
		t.Fatalf("%d candidates, %d groups", res.Stages.Pairs, len(res.Report.Groups))
	}
	rep := res.Report
	for _, m := range rep.Groups[0].Members[1:] {
		if m.Similarity != 1 || m.Via == nil || m.Via.Kind != report.Identical {
			t.Fatalf("member %+v via %+v", m, m.Via)
		}
	}
}

// TestManyTinyFiles: 100,000 one-line files are all read, in bounded
// parallelism (the pool never holds more than Jobs files open), and the
// few real duplicates among them are found.
func TestManyTinyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 files")
	}
	dir := t.TempDir()
	const n = 100_000
	for i := range n {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		text := fmt.Sprintf("Brief number %d says item %d costs %d.", i, i*7, i%97)
		if i%25_000 == 0 { // four identical notices
			text = "The library on Elm Street is closed on Monday for repairs to the roof."
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Scan(context.Background(), files(t, dir), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Corpus.Docs) != n || res.Corpus.Skipped != 0 {
		t.Fatalf("read %d, skipped %d", len(res.Corpus.Docs), res.Corpus.Skipped)
	}
	if len(res.Report.Groups) != 1 || len(res.Report.Groups[0].Members) != 4 {
		t.Errorf("groups = %v", groupsOf(res.Report))
	}
}

// BenchmarkScan runs the whole pipeline over 2,000 generated articles
// (about 4 MB); compare runs with benchstat.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	size, err := synth.Write(dir, synth.Options{Docs: 2000, Seed: 1, CopyShare: 0.1, Folders: 20})
	if err != nil {
		b.Fatal(err)
	}
	fs, _, err := inputs.Expand([]string{dir}, inputs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Scan(context.Background(), fs, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPairs: Report.Pairs are the edges the groups were built from, each
// within one group, an excerpt's edge turned so that A is inside B; the
// connected components of the pairs are the groups.
func TestPairs(t *testing.T) {
	fs := append(writeExcerpt(t), files(t, "../../testdata/articles")...)
	res, err := Scan(context.Background(), fs, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	group := map[string]int{}
	for _, g := range rep.Groups {
		for _, m := range g.Members {
			group[m.Path] = g.ID
		}
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(p string) string {
		if q, ok := parent[p]; ok && q != p {
			return find(q)
		}
		return p
	}
	within := false
	for _, p := range rep.Pairs {
		if group[p.A] == 0 || group[p.A] != group[p.B] {
			t.Errorf("pair %+v is not within one group", p)
		}
		if p.Kind == report.Within {
			within = true
			if filepath.Base(p.A) != "b-excerpt.txt" {
				t.Errorf("within pair %+v: want the excerpt first", p)
			}
		}
		parent[find(p.A)] = find(p.B)
	}
	if !within {
		t.Errorf("no within pair among %+v", rep.Pairs)
	}
	// Components of the pairs: two paths share one exactly when they share
	// a group.
	for a, ga := range group {
		for b, gb := range group {
			if (find(a) == find(b)) != (ga == gb) {
				t.Errorf("%s and %s: same component %v, same group %v", a, b, find(a) == find(b), ga == gb)
			}
		}
	}
}

// TestCopyChangedDuringScan: a file with the same text as another when it
// was fingerprinted, rewritten before the groups are reported, is never
// listed as redundant (its text is not read again: the one standing for
// it is), whichever member is kept, and is named in a warning.
func TestCopyChangedDuringScan(t *testing.T) {
	story := "The council approved the new harbour plan on Tuesday after a long debate about costs.\n" +
		"Engineers said the work would begin in spring and take three years to finish.\n"
	for _, tc := range []struct {
		keep   Keep
		verify Verify
	}{{KeepFirst, VerifyAuto}, {KeepNewest, VerifyAuto}, {KeepLongest, VerifyExact}, {KeepFirst, VerifyEstimate}, {KeepNewest, VerifyEstimate}} {
		keep := tc.keep
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
		for _, p := range []string{a, b} {
			if err := os.WriteFile(p, []byte(story), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		opts := DefaultOptions()
		c, err := Fingerprint(context.Background(), []string{a, b}, opts)
		if err != nil {
			t.Fatal(err)
		}
		// b is rewritten after it was read: the only copy of a new text.
		if err := os.WriteFile(b, []byte("A note of my own about something else entirely, kept nowhere else.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		g := opts.Group
		g.Keep, g.Verify = keep, tc.verify
		res, err := c.Group(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Report.Groups) != 1 {
			t.Fatalf("keep %v: %d groups", keep, len(res.Report.Groups))
		}
		for _, m := range res.Report.Groups[0].Members {
			if m.Redundant {
				t.Errorf("keep %v: %s listed as redundant", keep, filepath.Base(m.Path))
			}
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Path != b || !errors.Is(res.Warnings[0].Err, ErrModified) {
			t.Errorf("keep %v: warnings %v, want %s changed", keep, res.Warnings, b)
		}
	}
}

// TestHighThresholdRecall: at a threshold above the default, with
// containment off, the default banding finds every pair a dense banding
// (64 bands of 2 rows) finds. Banding tuned to the threshold itself
// (lsh.Optimal(0.9): 5 bands of 25 rows) made a pair at 0.9 a candidate 3
// times in 10: this set had 19 of 34 pairs at 0.9, 5 of 10 at 0.95.
func TestHighThresholdRecall(t *testing.T) {
	dir := t.TempDir()
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "pe", "do", "fa", "gi", "ho", "ju", "be"}
	seed := uint64(7)
	rnd := func(n int) int {
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return int(seed % uint64(n))
	}
	word := func() string { return syll[rnd(16)] + syll[rnd(16)] + syll[rnd(16)] + syll[rnd(16)] }
	for a := range 30 {
		base := make([]string, 240)
		for i := range base {
			base[i] = word()
		}
		write := func(name string, words []string) {
			var b strings.Builder
			for i, w := range words {
				b.WriteString(w)
				if i%12 == 11 {
					b.WriteString(".\n")
				} else {
					b.WriteByte(' ')
				}
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write(fmt.Sprintf("a%02d.txt", a), base)
		// Copies with 1 to 10 words changed: Jaccard from about 0.98
		// down to about 0.85.
		for c := 1; c <= 3; c++ {
			cp := slices.Clone(base)
			for range 1 + (a+c)%10 {
				cp[rnd(len(cp))] = word()
			}
			write(fmt.Sprintf("a%02d-c%d.txt", a, c), cp)
		}
	}
	fs := files(t, dir)
	opts := DefaultOptions()
	opts.Group.Containment = 0
	opts.Group.Verify = VerifyExact
	c, err := Fingerprint(context.Background(), fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range []float64{0.8, 0.85, 0.9, 0.95} {
		g := opts.Group
		g.Threshold = th
		got, err := c.Group(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		n := len(got.Report.Pairs)
		g.LSH.Bands, g.LSH.Rows = 64, 2
		dense, err := c.Group(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(dense.Report.Pairs); n < want || want < 10 {
			t.Errorf("threshold %.2f: %d pairs, a dense banding finds %d", th, n, want)
		}
	}
}

// TestMisuseIsAnError: what a library user gets wrong comes back as an
// error to test with errors.Is, never a panic or a bare cause.
func TestMisuseIsAnError(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.txt")
	_, err := Scan(ctx, []string{missing, dir}, DefaultOptions())
	if !errors.Is(err, ErrNoInput) || !errors.Is(err, iofs.ErrNotExist) || err.Error() != "no input could be read" {
		t.Errorf("Scan of a missing file and a folder: %v, want ErrNoInput holding fs.ErrNotExist", err)
	}
	var ni *NoInputError
	if !errors.As(err, &ni) || len(ni.Warnings) != 2 || ni.Warnings[0].Path != missing {
		t.Errorf("Scan: NoInputError %+v, want the two files' problems", ni)
	}
	if _, _, err := ReadFile(missing, 0); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, iofs.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v, want an error naming the file", err)
	}
	a := filepath.Join("..", "..", "testdata", "articles", "metro-wire-tram.txt")
	if _, _, err := Compare(ctx, a, a, DefaultOptions(), -1); !errors.Is(err, ErrOptions) {
		t.Errorf("Compare with -1 passages: %v, want ErrOptions", err)
	}
	if err := Clean(ctx, []string{a}, DefaultOptions(), nil, nil); !errors.Is(err, ErrOptions) {
		t.Errorf("Clean without each: %v, want ErrOptions", err)
	}
	if err := Clean(ctx, []string{missing}, DefaultOptions(), func(string, string, []clean.Removal) error { return nil }, nil); !errors.Is(err, iofs.ErrNotExist) {
		t.Errorf("Clean of a missing file: %v, want ErrNoInput holding fs.ErrNotExist", err)
	}
	o := DefaultOptions()
	o.Group.Keep = 42
	if _, err := Scan(ctx, []string{a}, o); !errors.Is(err, ErrOptions) {
		t.Errorf("Scan with Keep(42): %v, want ErrOptions", err)
	}
}

// TestSkipRedundant: skipping the redundancy check changes nothing but
// Member.Redundant, which it leaves false.
func TestSkipRedundant(t *testing.T) {
	ctx := context.Background()
	res, err := Scan(ctx, files(t, "../../testdata/articles", "../../testdata/incoming"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	g := DefaultOptions().Group
	g.SkipRedundant = true
	skipped, err := res.Corpus.Group(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	want, listed := res.Report, 0
	want.Groups = slices.Clone(want.Groups)
	for i := range want.Groups {
		want.Groups[i].Members = slices.Clone(want.Groups[i].Members)
		for k := range want.Groups[i].Members {
			if want.Groups[i].Members[k].Redundant {
				listed++
			}
			want.Groups[i].Members[k].Redundant = false
		}
	}
	if listed == 0 {
		t.Fatal("the sample with incoming lists no redundant member: the test needs one")
	}
	if !reflect.DeepEqual(skipped.Report, want) {
		t.Errorf("with SkipRedundant:\n%+v\nwant the report without Redundant:\n%+v", skipped.Report, want)
	}
}
