// Command bench measures neardup scan end to end on a generated folder:
//
//	go build -o /tmp/neardup ./cmd/neardup
//	go run ./internal/cmd/bench -docs 39000 -bin /tmp/neardup
//
// It writes the folder once (kept in -dir for later runs), runs the binary
// -runs times with the given scan flags, and prints the best wall time as
// MB/s and docs/s with the peak RSS of that run.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/neardup/neardup/pkg/internal/synth"
)

func main() {
	docs := flag.Int("docs", 39000, "articles to generate (about 2.5 KB each)")
	dir := flag.String("dir", "", "folder for the corpus (default: a folder in the temp dir named for -docs)")
	bin := flag.String("bin", "neardup", "neardup binary to run")
	runs := flag.Int("runs", 3, "runs; the fastest is reported")
	args := flag.String("args", "-q -f csv", "scan flags")
	shape := flag.String("shape", "articles", "what to write: articles (generated, 10% near-duplicates), identical (one page copied -docs times), oneword (one word of ten a file)")
	flag.Parse()
	if *dir == "" {
		*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-v%d-%s-%d", synth.Version, *shape, *docs))
		if *shape == "articles" {
			*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-v%d-%d", synth.Version, *docs))
		}
	}
	var size int64
	stamp := filepath.Join(*dir, ".complete")
	if _, err := os.Stat(stamp); err != nil {
		fmt.Fprintf(os.Stderr, "bench: writing %d files (%s) to %s\n", *docs, *shape, *dir)
		switch *shape {
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
		if err := os.WriteFile(stamp, []byte(fmt.Sprint(size)), 0o644); err != nil {
			fail(err)
		}
	} else {
		b, _ := os.ReadFile(stamp)
		fmt.Sscan(string(b), &size)
	}
	best, bestRSS := time.Duration(0), int64(0)
	for range *runs {
		cmd := exec.Command(*bin, append(append([]string{"scan"}, strings.Fields(*args)...), *dir)...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				fail(err)
			}
		}
		d := time.Since(start)
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		if best == 0 || d < best {
			best, bestRSS = d, rss
		}
	}
	mb := float64(size) / 1e6
	fmt.Printf("%d docs, %.1f MB: %.2f s, %.1f MB/s, %.0f docs/s, peak RSS %.1f MiB\n",
		*docs, mb, best.Seconds(), mb/best.Seconds(), float64(*docs)/best.Seconds(), float64(bestRSS)/1024)
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
