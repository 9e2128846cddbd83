// Command neardup finds groups of near-duplicate articles among text files.
// See the README for usage, or run neardup --help. The work is done by
// package github.com/neardup/neardup/pkg/neardup; this command turns flags
// into its options and writes what it returns.
package main

import (
	"os"
	"runtime/debug"

	"github.com/neardup/neardup/cmd/neardup/internal/iostreams"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// What a scan keeps is mostly free of pointers (signatures, packed
		// texts), so collecting at a quarter's growth costs 1-2% CPU, while
		// the default doubling made peak memory twice the live heap.
		debug.SetGCPercent(25)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// Past a few million files the collector's headroom would take
		// memory a laptop may not have: a soft limit makes it work harder
		// there instead. (A million files need about 1.2 GiB.)
		debug.SetMemoryLimit(1792 << 20)
	}
	os.Exit(run(os.Args[1:], iostreams.System()))
}
