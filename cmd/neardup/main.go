// Command neardup finds groups of near-duplicate articles among text files.
// See the README for usage, or run neardup --help.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// Fingerprinting allocates short-lived text; collecting half as
		// often is 14% faster (measured in the README).
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// ... but on a million files that headroom would be a gigabyte:
		// a soft limit makes the collector work harder there instead.
		debug.SetMemoryLimit(1792 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
