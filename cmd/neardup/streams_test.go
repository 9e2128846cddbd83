package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// runWith runs the command line with streams whose terminal state the
// test sets, as a terminal would have it.
func runWith(t *testing.T, s streams, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	s.in, s.out, s.err = strings.NewReader(""), &out, &errb
	code = run(args, s)
	return out.String(), errb.String(), code
}

var sample = filepath.Join("..", "..", "testdata", "articles")

// TestTerminalDecides: the progress bar, colour and path width follow the
// terminal state of the streams, and nothing of it reaches a pipe.
func TestTerminalDecides(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	tests := []struct {
		name                      string
		s                         streams
		args                      []string
		bar, color, shortenedPath bool
	}{
		{"pipes", streams{}, nil, false, false, false},
		{"stderr a terminal", streams{errTTY: true}, nil, true, false, false},
		{"stderr a terminal, quiet", streams{errTTY: true}, []string{"-q"}, false, false, false},
		{"stdout a terminal", streams{outTTY: true, width: 40}, nil, false, true, true},
		{"stdout a terminal, --color never", streams{outTTY: true, width: 200}, []string{"--color", "never"}, false, false, false},
		{"pipe, --color always", streams{}, []string{"--color", "always"}, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"scan"}, tt.args...), sample)
			stdout, stderr, code := runWith(t, tt.s, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if bar := strings.Contains(stderr, "fingerprinting"); bar != tt.bar {
				t.Errorf("progress bar on stderr: %v, want %v\n%q", bar, tt.bar, stderr)
			}
			if color := strings.Contains(stdout, "\x1b["); color != tt.color {
				t.Errorf("colour on stdout: %v, want %v", color, tt.color)
			}
			long := "../../testdata/articles/riverside-gazette-tram.txt"
			if short := !strings.Contains(stdout, long); short != tt.shortenedPath {
				t.Errorf("paths shortened: %v, want %v\n%s", short, tt.shortenedPath, stdout)
			}
		})
	}
}

// TestNoColorEnv: NO_COLOR turns automatic colour off on a terminal.
func TestNoColorEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	stdout, _, _ := runWith(t, streams{outTTY: true, width: 200}, "scan", sample)
	if strings.Contains(stdout, "\x1b[") {
		t.Error("colour with NO_COLOR set")
	}
}
