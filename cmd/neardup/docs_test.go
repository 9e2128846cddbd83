//go:build docs

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocs: man pages and Markdown come from the commands themselves (go
// test -tags docs, as CI runs it).
func TestDocs(t *testing.T) {
	out := t.TempDir()
	if code := run([]string{"docs", "--out", out}, streams{in: strings.NewReader(""), out: io.Discard, err: os.Stderr}); code != 0 {
		t.Fatalf("docs: exit %d", code)
	}
	md, err := os.ReadFile(filepath.Join(out, "md", "neardup_scan.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "exit-code") {
		t.Error("neardup_scan.md does not mention --exit-code")
	}
	if _, err := os.Stat(filepath.Join(out, "man", "neardup-scan.1")); err != nil {
		t.Error(err)
	}
}
