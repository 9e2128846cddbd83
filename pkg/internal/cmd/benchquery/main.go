// Command benchquery measures a query against a large index through the
// library, as neardup query does it with postings (fingerprint the queried
// files, open the index, Candidates) and, for comparison, as it did before
// (the same, loading every entry with Each):
//
//	go run ./pkg/internal/cmd/benchquery -entries 1000000
//
// The index is built once in -dir and kept for later runs (delete it when
// done: about 1.4 GB at a million entries). It holds -real fingerprints of
// generated articles, two near-duplicates of each queried file (an edited
// copy and an excerpt of a fifth), and random fingerprints for the rest.
// Each measurement runs in a child process, -runs times; the fastest is
// printed with that run's peak RSS (the child's VmHWM).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/neardup/neardup/pkg/anchor"
	"github.com/neardup/neardup/pkg/doc"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/internal/synth"
	"github.com/neardup/neardup/pkg/neardup"
)

type result struct {
	Wall       time.Duration
	Open       time.Duration // checking the file
	Read       time.Duration // Candidates, or Each
	Candidates int
	Planted    int   // planted duplicates among them
	PeakKiB    int64 // VmHWM: the child's own peak RSS
}

func main() {
	entries := flag.Int("entries", 1_000_000, "entries in the index")
	real := flag.Int("real", 100_000, "of which fingerprints of generated articles")
	queries := flag.Int("queries", 100, "files queried")
	batch := flag.Int("batch", 250_000, "entries per Update while building")
	dir := flag.String("dir", "", "folder for the index and queried files (default: a folder in the temp dir named for -entries)")
	runs := flag.Int("runs", 3, "runs; the fastest is reported")
	child := flag.String("child", "", "internal: measure one run (postings or each) and print it as JSON")
	each := flag.Bool("each", true, "also measure loading every entry, as query did before")
	flag.Parse()
	if *dir == "" {
		*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-benchquery-v%d-%d-%d", index.FormatVersion, *entries, *queries))
	}
	if *child != "" {
		r, err := measure(*dir, *child)
		if err != nil {
			fail(err)
		}
		_ = json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	path := filepath.Join(*dir, "archive.ndx")
	if _, err := os.Stat(filepath.Join(*dir, ".complete")); err != nil {
		start := time.Now()
		if err := build(*dir, *entries, *real, *queries, *batch); err != nil {
			fail(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			fail(err)
		}
		fmt.Printf("built %d entries in %.1f s: %.0f MB\n", *entries, time.Since(start).Seconds(), float64(fi.Size())/1e6)
		if err := os.WriteFile(filepath.Join(*dir, ".complete"), nil, 0o644); err != nil {
			fail(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		fail(err)
	}
	modes := []string{"postings", "query"}
	if *each {
		modes = append(modes, "each")
	}
	for _, mode := range modes {
		var best result
		var bestRSS int64
		var bestCPU time.Duration
		for range *runs {
			cmd := exec.Command(os.Args[0], "-child", mode, "-dir", *dir)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				fail(fmt.Errorf("%s: %w", mode, err))
			}
			var r result
			if err := json.Unmarshal(out, &r); err != nil {
				fail(err)
			}
			// The child's rusage counts this process's memory at the
			// exec; its own VmHWM does not.
			rss := r.PeakKiB
			if rss == 0 {
				rss = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			if best.Wall == 0 || r.Wall < best.Wall {
				best, bestRSS, bestCPU = r, rss, cpu
			}
		}
		fmt.Printf("%s: %d files against %d entries (%.0f MB): %.3f s (open %.3f s, read %.3f s; CPU %.3f s), peak RSS %.0f MiB; %d entries read, %d of %d planted duplicates\n",
			mode, *queries, *entries, float64(fi.Size())/1e6, best.Wall.Seconds(), best.Open.Seconds(), best.Read.Seconds(), bestCPU.Seconds(), float64(bestRSS)/1024,
			best.Candidates, best.Planted, 2**queries)
	}
}

func queryFiles(dir string) ([]string, error) {
	return filepath.Glob(filepath.Join(dir, "queries", "*.txt"))
}

// measure runs one query of the files in dir/queries against its index.
func measure(dir, mode string) (result, error) {
	ctx := context.Background()
	start := time.Now()
	files, err := queryFiles(dir)
	if err != nil {
		return result{}, err
	}
	if mode == "query" { // the library's whole query, as neardup query runs it
		ix, err := neardup.OpenIndex(ctx, filepath.Join(dir, "archive.ndx"), neardup.IndexOptions{})
		if err != nil {
			return result{}, err
		}
		defer ix.Close()
		opts := neardup.DefaultOptions()
		opts.Clean = neardup.CleanOptions{} // as the index was built (see build)
		q, err := ix.Query(ctx, files, opts)
		if err != nil {
			return result{}, err
		}
		return result{Wall: time.Since(start), PeakKiB: peak(), Candidates: q.Read}, nil
	}
	res, err := pipeline.Fingerprint(ctx, files, pipeline.DefaultOptions())
	if err != nil {
		return result{}, err
	}
	if mode == "fingerprint" { // the queried files alone: what every mode pays
		return result{Wall: time.Since(start), PeakKiB: peak()}, nil
	}
	t := time.Now()
	ix, err := index.Open(filepath.Join(dir, "archive.ndx"), false)
	if err != nil {
		return result{}, err
	}
	defer ix.Close()
	r := result{Open: time.Since(t)}
	var cands []doc.Doc
	t = time.Now()
	switch mode {
	case "postings":
		cands, err = ix.Candidates(ctx, res.Docs, 2, anchor.MaxDocs)
	case "open": // opening alone: what every mode pays
	case "each":
		err = ix.Each(func(e doc.Doc) error { cands = append(cands, e); return nil })
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		return result{}, err
	}
	r.Read, r.Wall = time.Since(t), time.Since(start)
	r.PeakKiB = peak()
	r.Candidates = len(cands)
	for _, c := range cands {
		if strings.HasPrefix(c.Path, "/planted/") {
			r.Planted++
		}
	}
	return r, nil
}

// build writes the queried files and the index.
func build(dir string, entries, real, queries, batch int) error {
	qdir, pdir := filepath.Join(dir, "queries"), filepath.Join(dir, "planted")
	for _, d := range []string{qdir, pdir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var planted []string
	for i, text := range synth.Texts(synth.Options{Docs: queries, Seed: 99}) {
		words := strings.Fields(text)
		edited := append([]string(nil), words[:len(words)*9/10]...)
		for range len(edited) / 30 {
			edited[r.IntN(len(edited))] = "changed"
		}
		at := r.IntN(len(words) - len(words)/5)
		for name, t := range map[string]string{
			filepath.Join(qdir, fmt.Sprintf("q%03d.txt", i)):         text,
			filepath.Join(pdir, fmt.Sprintf("q%03d-edited.txt", i)):  strings.Join(edited, " "),
			filepath.Join(pdir, fmt.Sprintf("q%03d-excerpt.txt", i)): strings.Join(words[at:at+len(words)/5], " "),
		} {
			if err := os.WriteFile(name, []byte(t), 0o644); err != nil {
				return err
			}
			if strings.HasPrefix(name, pdir) {
				planted = append(planted, name)
			}
		}
	}
	opts := pipeline.DefaultOptions()
	res, err := pipeline.Fingerprint(context.Background(), planted, opts)
	if err != nil {
		return err
	}
	plantedDocs := res.Docs
	for i := range plantedDocs {
		plantedDocs[i].Path = "/planted/" + filepath.Base(plantedDocs[i].Path)
	}
	fp, err := fingerprint.New(opts.Fingerprint)
	if err != nil {
		return err
	}
	w := fp.NewWorker()
	c := opts.Fingerprint
	s := index.Settings{Shingle: c.Shingle, Perms: c.Perms, Seed: c.Seed, Lang: c.Lang, NoStem: c.NoStem, DropStopWords: c.DropStopWords}
	ix, err := index.Open(filepath.Join(dir, "archive.ndx"), true)
	if err != nil {
		return err
	}
	defer ix.Close()
	texts := synth.Texts(synth.Options{Docs: real, Seed: 7, CopyShare: 0.1})
	put := plantedDocs
	for i := range entries - len(plantedDocs) {
		e := doc.Doc{Path: fmt.Sprintf("/archive/%04d/%07d.txt", i/1000, i), Size: 2500, ModTime: time.Unix(1700000000, 0)}
		if i < len(texts) {
			f, err := w.Text(texts[i])
			if err != nil {
				return err
			}
			e.Signature, e.Anchors, e.Words, e.Shingles, e.Content = f.Signature, w.Anchors(), f.Words, f.Shingles, f.Content
		} else {
			e.Signature = make([]uint32, c.Perms)
			for j := range e.Signature {
				e.Signature[j] = r.Uint32() >> 6 // minima are small
			}
			e.Anchors = make([]uint32, 45+r.IntN(10))
			for j := range e.Anchors {
				e.Anchors[j] = r.Uint32()
			}
			e.Words, e.Shingles, e.Content = 400, 397, r.Uint64()
		}
		e.Hash = r.Uint64()
		put = append(put, e)
		if len(put) == batch || i == entries-len(plantedDocs)-1 {
			t := time.Now()
			if err := ix.Update(s, nil, put, nil); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "benchquery: %d entries written (this batch %.1f s)\n", i+1+len(plantedDocs), time.Since(t).Seconds())
			put = put[:0]
		}
	}
	return nil
}

// peak returns VmHWM from /proc/self/status in KiB, 0 if unknown.
func peak() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kib)
			return kib
		}
	}
	return 0
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchquery:", err)
	os.Exit(1)
}
