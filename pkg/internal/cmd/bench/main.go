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
	flag.Parse()
	if *dir == "" {
		*dir = filepath.Join(os.TempDir(), fmt.Sprintf("neardup-bench-v%d-%d", synth.Version, *docs))
	}
	var size int64
	stamp := filepath.Join(*dir, ".complete")
	if _, err := os.Stat(stamp); err != nil {
		fmt.Fprintf(os.Stderr, "bench: writing %d articles to %s\n", *docs, *dir)
		if size, err = synth.Write(*dir, synth.Options{Docs: *docs, Seed: 1, CopyShare: 0.1}); err != nil {
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

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
