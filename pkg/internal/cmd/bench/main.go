// Command bench measures neardup scan end to end on a generated folder:
//
//	go build -o /tmp/neardup ./cmd/neardup
//	go run ./pkg/internal/cmd/bench -docs 39000 -bin /tmp/neardup
//	go run ./pkg/internal/cmd/bench -shape syndicated -bin /tmp/neardup -peer /tmp/gominhash
//
// It writes the folder once (kept in -dir for later runs), runs the binary
// -runs times with the given scan flags, and prints the best wall time as
// MB/s and docs/s with the peak RSS of that run.
//
// -shape syndicated builds the folder from the BBC corpus through
// pkg/internal/syndicate instead of synth: outlet templates, teasers inside
// paragraphs, flattened and re-wrapped lines, entities, curly quotes, CRLF,
// non-ASCII; rounds of syndication with seeds 1, 2, ... until -mb.
//
// With -peer BIN (the Go peer, built from ../shared/peers/gominhash, which
// is run as BIN DIR), the two are run alternately on the same folder, -runs
// times each, and both best times, their peak RSS and the ratio are printed.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/neardup/neardup/pkg/internal/syndicate"
	"github.com/neardup/neardup/pkg/internal/synth"
)

func main() {
	docs := flag.Int("docs", 39000, "articles to generate (about 2.5 KB each)")
	dir := flag.String("dir", "", "folder for the corpus (default: a folder in the temp dir named for -docs)")
	bin := flag.String("bin", "neardup", "neardup binary to run")
	runs := flag.Int("runs", 3, "runs; the fastest is reported")
	args := flag.String("args", "-q -f csv", "scan flags")
	shape := flag.String("shape", "articles", "what to write: articles (generated, 10% near-duplicates), syndicated (BBC articles through pkg/internal/syndicate, -mb in all), identical (one page copied -docs times), oneword (one word of ten a file)")
	mb := flag.Float64("mb", 95.8, "size of a syndicated folder in MB")
	src := flag.String("src", "../shared/corpora/bbc", "BBC corpus folder, for -shape syndicated")
	dupes := flag.String("dupes", "../shared/corpora/bbc-duplicates.tsv", "BBC duplicates, for -shape syndicated")
	peer := flag.String("peer", "", "a peer binary run as PEER DIR, alternately with -bin (the Go peer: cd ../shared/peers/gominhash && go build -o /tmp/gominhash .)")
	flag.Parse()
	if *dir == "" {
		switch *shape {
		case "articles":
			*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-v%d-%d", synth.Version, *docs))
		case "syndicated":
			*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-syndicated-v%d-%gMB", syndicatedVersion, *mb))
		default:
			*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-v%d-%s-%d", synth.Version, *shape, *docs))
		}
	}
	var size int64
	stamp := filepath.Join(*dir, ".complete")
	if _, err := os.Stat(stamp); err != nil {
		if *shape == "syndicated" {
			fmt.Fprintf(os.Stderr, "bench: writing %g MB (%s) to %s\n", *mb, *shape, *dir)
		} else {
			fmt.Fprintf(os.Stderr, "bench: writing %d files (%s) to %s\n", *docs, *shape, *dir)
		}
		switch *shape {
		case "syndicated":
			var n int
			n, size, err = writeSyndicated(*dir, *src, *dupes, int64(*mb*1e6))
			*docs = n
		case "articles":
			size, err = synth.Write(*dir, synth.Options{Docs: *docs, Seed: 1, CopyShare: 0.1})
		case "identical", "oneword":
			size, err = writeSame(*dir, *docs, *shape == "oneword")
		default:
			err = fmt.Errorf("unknown -shape %q", *shape)
		}
		if err != nil {
			fail(err)
		}
		if err := os.WriteFile(stamp, []byte(fmt.Sprint(size, *docs)), 0o644); err != nil {
			fail(err)
		}
		// Start again before measuring: a child starts in this process's
		// memory (Go forks with CLONE_VM), so its peak RSS would be at
		// least what writing the folder took here.
		if exe, err := os.Executable(); err == nil {
			fail(syscall.Exec(exe, os.Args, os.Environ()))
		}
	} else {
		b, _ := os.ReadFile(stamp)
		var n int
		if k, _ := fmt.Sscan(string(b), &size, &n); k == 2 {
			*docs = n
		}
	}
	nd := []string{*bin, "scan"}
	nd = append(append(nd, strings.Fields(*args)...), *dir)
	var ndRuns, peerRuns []run
	for range *runs {
		// Alternate, so a slow spell of a shared machine falls on both.
		ndRuns = append(ndRuns, timeRun(nd))
		if *peer != "" {
			peerRuns = append(peerRuns, timeRun([]string{*peer, *dir}))
		}
	}
	best := fastest(ndRuns)
	mbs := float64(size) / 1e6
	fmt.Printf("%d docs, %.1f MB: %.2f s, %.1f MB/s, %.0f docs/s, peak RSS %.1f MiB (best of %d; median %.2f s, CPU %.2f s)\n",
		*docs, mbs, best.wall.Seconds(), mbs/best.wall.Seconds(), float64(*docs)/best.wall.Seconds(), float64(best.rss)/1024,
		len(ndRuns), median(ndRuns).Seconds(), best.cpu.Seconds())
	if *peer != "" {
		p := fastest(peerRuns)
		fmt.Printf("peer %s: %.2f s, %.1f MB/s, peak RSS %.1f MiB (best of %d; median %.2f s, CPU %.2f s)\n",
			filepath.Base(*peer), p.wall.Seconds(), mbs/p.wall.Seconds(), float64(p.rss)/1024, len(peerRuns), median(peerRuns).Seconds(), p.cpu.Seconds())
		fmt.Printf("peer/neardup: wall %.2fx, CPU %.2fx, peak RSS %.2fx\n",
			p.wall.Seconds()/best.wall.Seconds(), p.cpu.Seconds()/best.cpu.Seconds(), float64(p.rss)/float64(best.rss))
	}
}

type run struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

// timeRun runs argv with stdout discarded; exit status 1 (neardup found
// duplicates) is not a failure.
func timeRun(argv []string) run {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			fail(fmt.Errorf("%s: %w", argv[0], err))
		}
	}
	d := time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return run{wall: d, cpu: cpu, rss: ru.Maxrss} // Maxrss is KiB on Linux
}

func fastest(rs []run) run {
	best := rs[0]
	for _, r := range rs[1:] {
		if r.wall < best.wall {
			best = r
		}
	}
	return best
}

func median(rs []run) time.Duration {
	ws := make([]time.Duration, len(rs))
	for i, r := range rs {
		ws[i] = r.wall
	}
	slices.Sort(ws)
	if len(ws)%2 == 1 {
		return ws[len(ws)/2]
	}
	return (ws[len(ws)/2-1] + ws[len(ws)/2]) / 2
}

// syndicatedVersion changes whenever writeSyndicated (or the syndicate
// package's output) does, so kept folders are not mistaken for new ones.
const syndicatedVersion = 1

// writeSyndicated writes rounds of syndication sets from the BBC corpus,
// round k in rKK with seed k (every source published once by a random outlet,
// 40% of them with 1 to 3 copies), until limit bytes of .txt files; the
// last round is cut at the limit (files in name order). Each round
// republishes every source, so a story's versions in different rounds are
// near-duplicates too, as wire copy is across outlets. It returns the
// files and bytes written.
func writeSyndicated(dir, src, dupes string, limit int64) (int, int64, error) {
	sources, err := syndicate.ReadBBC(src, dupes, 1<<30)
	if err != nil {
		return 0, 0, err
	}
	if len(sources) == 0 {
		return 0, 0, fmt.Errorf("no articles in %s", src)
	}
	var files int
	var total int64
	for round := 1; total < limit; round++ {
		sub := filepath.Join(dir, fmt.Sprintf("r%02d", round))
		if _, err := syndicate.Generate(sources, sub, syndicate.Options{Seed: uint64(round), CopiedShare: 0.4, MaxCopies: 3}); err != nil {
			return 0, 0, err
		}
		// The truth is of one round only; the bench does not use it.
		if err := os.Remove(filepath.Join(sub, "truth.json")); err != nil {
			return 0, 0, err
		}
		names, err := filepath.Glob(filepath.Join(sub, "*.txt"))
		if err != nil {
			return 0, 0, err
		}
		slices.Sort(names)
		for _, name := range names {
			fi, err := os.Stat(name)
			if err != nil {
				return 0, 0, err
			}
			if total >= limit {
				if err := os.Remove(name); err != nil {
					return 0, 0, err
				}
				continue
			}
			total += fi.Size()
			files++
		}
	}
	return files, total, nil
}

// writeSame writes n files in 100 folders: every one the same short page
// (a real crawl's "not available in your region"), or one word of ten.
func writeSame(dir string, n int, oneWord bool) (int64, error) {
	const page = "This content is not available in your region. We are working to make it available to readers everywhere as soon as we can. Thank you for your patience.\n"
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"}
	var total int64
	for i := range n {
		sub := filepath.Join(dir, fmt.Sprintf("f%03d", i%100))
		if i < 100 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return 0, err
			}
		}
		text := page
		if oneWord {
			text = words[i%len(words)] + "\n"
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%07d.txt", i)), []byte(text), 0o644); err != nil {
			return 0, err
		}
		total += int64(len(text))
	}
	return total, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
