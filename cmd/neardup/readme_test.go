package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestREADMECI keeps the README's CI snippets and the scripts ci.txtar runs
// the same text, so the README shows only what is tested.
func TestREADMECI(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## In CI\n")
	if !ok {
		t.Fatal("README has no \"## In CI\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	shBlock := fenced(t, section, "sh")
	yamlBlock := fenced(t, section, "yaml")
	_, run, ok := strings.Cut(yamlBlock, "  run: |\n")
	if !ok {
		t.Fatal("the yaml snippet has no 'run: |'")
	}
	var step strings.Builder
	for _, line := range strings.SplitAfter(run, "\n") {
		step.WriteString(strings.TrimPrefix(line, "    "))
	}

	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "script", "ci.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	for name, want := range map[string]string{"ci-check.sh": shBlock, "gha-step.sh": step.String()} {
		if files[name] != want {
			t.Errorf("ci.txtar's %s differs from the README:\n--- ci.txtar\n%s--- README\n%s", name, files[name], want)
		}
	}
}

// fenced returns the body of the first ```lang block in s.
func fenced(t *testing.T, s, lang string) string {
	t.Helper()
	_, body, ok := strings.Cut(s, "\n```"+lang+"\n")
	if !ok {
		t.Fatalf("no ```%s block in the README's CI section", lang)
	}
	body, _, ok = strings.Cut(body, "\n```\n")
	if !ok {
		t.Fatalf("unterminated ```%s block", lang)
	}
	return body + "\n"
}
