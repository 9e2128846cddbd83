//go:build docs

// Man pages and a Markdown reference, written from the commands themselves
// so they cannot drift from --help. Built only with -tags docs, so neither
// the shipped binary nor a plain go test needs cobra/doc's dependencies
// (markdown, man, yaml):
//
//	go test -tags docs ./cmd/neardup -run TestDocs -docs-out docs/

package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra/doc"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
)

var docsOut = flag.String("docs-out", "", "write man/ and md/ into this folder (default: a temporary one)")

func TestDocs(t *testing.T) {
	out := *docsOut
	if out == "" {
		out = t.TempDir()
	}
	for _, dir := range []string{out + "/man", out + "/md"} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	root := newRootCmd(streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	root.DisableAutoGenTag = true // keep the output reproducible
	if err := doc.GenManTree(root, &doc.GenManHeader{Title: "NEARDUP", Section: "1", Source: "neardup " + cmdutil.Version()}, out+"/man"); err != nil {
		t.Fatalf("man pages: %v", err)
	}
	if err := doc.GenMarkdownTree(root, out+"/md"); err != nil {
		t.Fatalf("markdown: %v", err)
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
