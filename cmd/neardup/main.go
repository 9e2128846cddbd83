// Command neardup finds groups of near-duplicate articles among text files.
// See the README for usage, or run neardup --help.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
