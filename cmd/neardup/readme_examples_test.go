package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's example outputs from the program")

// TestREADMEExamples runs every example in the README (a fenced block
// whose lines start with "$ ") in a scratch folder beside testdata, and
// checks that the program prints what the README shows. Times are
// compared as "Nms", the scratch folder shows as /home/me/news, and a
// block ending in "..." shows only the start. With -update-readme it
// writes the program's output into the README instead.
func TestREADMEExamples(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	shared := filepath.Join(root, "..", "shared")
	_, haveShared := os.Stat(shared)
	work := filepath.Join(t.TempDir(), "news")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "testdata"), filepath.Join(work, "testdata")); err != nil {
		t.Fatal(err)
	}
	_ = os.Symlink(shared, filepath.Join(work, "..", "shared"))
	durations := regexp.MustCompile(`\b\d+(\.\d+)?(ms|s|µs)\b`)
	norm := func(s string) string {
		s = strings.ReplaceAll(s, work, "/home/me/news")
		return durations.ReplaceAllString(s, "Nms")
	}
	blocks := regexp.MustCompile("(?s)\n```\n(\\$ .*?)```\n")
	readme := string(b)
	n := 0
	out := blocks.ReplaceAllStringFunc(readme, func(block string) string {
		body := blocks.FindStringSubmatch(block)[1]
		if strings.Contains(body, " /tmp/") {
			// made from a generated set (see the README's commands)
			t.Logf("skipped (a generated set): %s", firstLine(body))
			return block
		}
		if strings.Contains(body, "../shared") && haveShared != nil {
			t.Logf("skipped (no ../shared): %s", firstLine(body))
			return block
		}
		n++
		var got strings.Builder
		var cmds []string
		for _, line := range strings.SplitAfter(body, "\n") {
			if c, ok := strings.CutPrefix(line, "$ "); ok {
				cmds = append(cmds, strings.TrimSpace(strings.ReplaceAll(c, "go run ./cmd/neardup", "neardup")))
				continue
			}
		}
		for _, c := range cmds {
			cmd := exec.Command("sh", "-c", c+" 2>&1")
			cmd.Dir = work
			o, _ := cmd.CombinedOutput()
			got.WriteString("$ " + strings.Replace(c, "neardup", firstWord(body, c), 1) + "\n" + string(o))
		}
		g, w := norm(got.String()), norm(body)
		if strings.HasSuffix(w, "...\n") {
			g, w = truncateLike(g, w)
		}
		if *updateReadme {
			raw := strings.ReplaceAll(got.String(), work, "/home/me/news")
			if strings.HasSuffix(body, "...\n") {
				raw, _ = truncateLike(raw, body)
				raw += "...\n"
			}
			return "\n```\n" + raw + "```\n"
		}
		if g != w {
			t.Errorf("README example differs from the program:\n--- README\n%s--- program\n%s", w, g)
		}
		return block
	})
	if *updateReadme && out != readme {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatal("no examples found in the README")
	}
}

// firstWord is how the README spells the command c: "go run ./cmd/neardup"
// or "neardup".
func firstWord(body, c string) string {
	if strings.Contains(body, "$ go run ./cmd/neardup "+strings.TrimPrefix(c, "neardup ")) {
		return "go run ./cmd/neardup"
	}
	return "neardup"
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// truncateLike cuts got to the lines want shows before its "...".
func truncateLike(got, want string) (string, string) {
	w := strings.TrimSuffix(want, "...\n")
	lines := strings.Count(w, "\n")
	gl := strings.SplitAfter(got, "\n")
	if len(gl) > lines {
		gl = gl[:lines]
	}
	return strings.Join(gl, ""), w
}
