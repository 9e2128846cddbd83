package cmdutil

import "strings"

// Help is a command's long help from its help file (the text, then
// "Examples:" and the example lines) with its exit codes: found says what
// exit 1 means (empty: the command has no --exit-code), failure what exit
// 2 adds.
func Help(file, found, failure string) string {
	long, _, _ := strings.Cut(file, "\n\nExamples:\n")
	var b strings.Builder
	b.WriteString(long + "\n\nExit codes:\n  0    success\n")
	if found != "" {
		b.WriteString("  1    with --exit-code: " + found + "\n")
	}
	b.WriteString("  2    usage error, no input could be read" + failure + "\n")
	b.WriteString("  130  interrupted (SIGINT); 143 terminated (SIGTERM); nothing more is printed to\n       stdout; a second signal stops at once")
	return b.String()
}

// Example is a command's examples, from its help file.
func Example(file string) string {
	_, ex, _ := strings.Cut(file, "\n\nExamples:\n")
	return strings.TrimRight(ex, "\n")
}
