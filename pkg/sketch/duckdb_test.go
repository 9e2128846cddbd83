//go:build duckdb

// The DuckDB recipe (duckdb.sql) run for real, behind a build tag so that
// the default build stays free of cgo:
//
//	go test -tags duckdb -run TestDuckDB ./pkg/sketch
package sketch_test

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/sketch"
)

//go:embed duckdb.sql
var recipe string

// bbc is the BBC folder of the shared data, when present.
const bbc = "../../../shared/corpora/bbc"

// TestDuckDB sketches the BBC folder in five shards (one per section, as
// neardup sketch --templates-from would), groups them as neardup group
// --containment 0 does, runs duckdb.sql over the same files, and checks
// that DuckDB finds the same pairs, with the same kinds and similarities,
// and the same groups.
func TestDuckDB(t *testing.T) {
	if _, err := os.Stat(bbc); err != nil {
		t.Skip("no BBC folder at", bbc)
	}
	ctx := context.Background()
	opts := neardup.DefaultOptions()
	opts.Group.Verify, opts.Group.Containment = neardup.VerifyEstimate, 0
	all, _, err := inputs.Expand([]string{bbc}, inputs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Template lines learned once, on all the files, as a sample sketch
	// would; every shard cleans with them.
	if opts.Clean.Templates, err = neardup.Templates(ctx, all, opts); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var shards []string
	for _, section := range []string{"business", "entertainment", "politics", "sport", "tech"} {
		files, _, err := inputs.Expand([]string{filepath.Join(bbc, section)}, inputs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		shard, _, err := neardup.Sketch(ctx, files, opts)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, section+".parquet")
		if err := sketch.WriteFile(context.Background(), path, shard); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, path)
	}

	compareDuckDB(t, shards)
}

// TestDuckDBLargeBucket: 100 documents that share their first band (more
// than lsh.MaxBucket), so both sides link the bucket by a star and a
// chain, and verification keeps only some of those edges.
func TestDuckDBLargeBucket(t *testing.T) {
	p := lsh.Params{Bands: 8, Rows: 4}
	set := sketch.Settings{Settings: index.Settings{Shingle: 4, Perms: 32, Seed: 1, Lang: "english"}, Threshold: neardup.DefaultThreshold, Bands: p.Bands, Rows: p.Rows}
	r := rand.New(rand.NewPCG(7, 7))
	var docs []doc.Doc
	for i := range 100 {
		sig := make([]uint32, 32)
		for k := range sig {
			switch {
			case k < 4:
				sig[k] = 1 // band 0: one bucket for all
			case r.IntN(10) < 6:
				sig[k] = uint32(k) // shared with many
			default:
				sig[k] = r.Uint32()
			}
		}
		docs = append(docs, doc.Doc{Path: fmt.Sprintf("d%03d.txt", i), Shingles: 100, Words: 100, Signature: sig})
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	if err := sketch.WriteFile(context.Background(), a, &sketch.Shard{Settings: set, Docs: docs[:50]}); err != nil {
		t.Fatal(err)
	}
	if err := sketch.WriteFile(context.Background(), b, &sketch.Shard{Settings: set, Docs: docs[50:]}); err != nil {
		t.Fatal(err)
	}
	compareDuckDB(t, []string{b, a})
}

// compareDuckDB groups the sketch files as neardup group does and with
// duckdb.sql, and fails unless both find the same pairs and groups
// (containment off: the recipe bands for Jaccard alone).
func compareDuckDB(t *testing.T, shards []string) {
	ctx := context.Background()
	start := time.Now()
	merged, err := sketch.ReadFiles(shards)
	if err != nil {
		t.Fatal(err)
	}
	set := merged.Settings
	c, opts, err := neardup.LoadShard(merged, 0)
	if err != nil {
		t.Fatal(err)
	}
	g := opts.Group
	g.Containment = 0
	res, err := c.Group(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	neardupTime := time.Since(start)
	var want []string
	for _, p := range rep.Pairs {
		want = append(want, fmt.Sprintf("%s %s %s %v", p.A, p.B, p.Kind, report.Round(p.Similarity)))
	}
	slices.Sort(want)
	wantGroups := map[string]string{}
	for _, g := range rep.Groups {
		for _, m := range g.Members {
			wantGroups[m.Path] = g.Members[0].Path // groups list members in path order
		}
	}

	// The recipe in DuckDB.
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	quoted := make([]string, len(shards))
	for i, s := range shards {
		quoted[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	start = time.Now()
	if _, err := db.ExecContext(ctx, fmt.Sprintf("SET VARIABLE sketches = [%s]; SET VARIABLE threshold = %v;", strings.Join(quoted, ", "), set.Threshold)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, recipe); err != nil {
		t.Fatalf("duckdb.sql: %v", err)
	}
	var got []string
	rows, err := db.QueryContext(ctx, "SELECT a, b, kind, similarity FROM pairs")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b, kind string
		var sim float64
		if err := rows.Scan(&a, &b, &kind, &sim); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %v", a, b, kind, report.Round(sim)))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	gotGroups := map[string]string{}
	rows, err = db.QueryContext(ctx, "SELECT path, grp FROM groups")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var path, grp string
		if err := rows.Scan(&path, &grp); err != nil {
			t.Fatal(err)
		}
		gotGroups[path] = grp
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	duckTime := time.Since(start)
	var docs, candidates int
	if err := db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM docs), (SELECT count(*) FROM candidates)").Scan(&docs, &candidates); err != nil {
		t.Fatal(err)
	}

	t.Logf("%d documents in %d shards; neardup group: %d candidates, %d pairs, %d groups in %s; DuckDB: %d candidates, %d pairs, %d grouped documents in %s",
		len(merged.Docs), len(shards), res.Stages.Pairs, len(want), len(rep.Groups), neardupTime.Round(time.Millisecond), candidates, len(got), len(gotGroups), duckTime.Round(time.Millisecond))
	if docs != len(merged.Docs) {
		t.Errorf("DuckDB read %d documents, neardup %d", docs, len(merged.Docs))
	}
	if len(want) == 0 {
		t.Fatal("neardup found no pairs: nothing compared")
	}
	if !slices.Equal(got, want) {
		missing, extra := diff(want, got), diff(got, want)
		t.Errorf("DuckDB pairs differ from neardup group's: %d missing %q, %d extra %q", len(missing), head(missing), len(extra), head(extra))
	}
	if len(gotGroups) != len(wantGroups) {
		t.Errorf("DuckDB grouped %d documents, neardup %d", len(gotGroups), len(wantGroups))
	}
	for path, g := range wantGroups {
		if gotGroups[path] != g {
			t.Errorf("%s: DuckDB puts it in the group of %q, neardup in %q", path, gotGroups[path], g)
		}
	}
}

// diff lists the elements of a not in b (both sorted).
func diff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}

func head(s []string) []string { return s[:min(len(s), 5)] }
