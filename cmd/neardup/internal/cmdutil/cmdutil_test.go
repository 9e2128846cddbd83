package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"
)

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{ErrFound, ExitFound},
		{fmt.Errorf("scan: %w", ErrFound), ExitFound},
		{syscall.EPIPE, ExitOK}, // the reader has all it wants
		{errors.New("read a.txt: permission denied"), ExitFailure},
		{io.ErrUnexpectedEOF, ExitFailure},
	} {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if SignalExit(syscall.SIGTERM) != ExitTerminate || SignalExit(syscall.SIGINT) != ExitInterrupt {
		t.Error("SignalExit: want 143 for SIGTERM, 130 for SIGINT")
	}
}

func TestHelp(t *testing.T) {
	file := "Scan reads files.\n\nMore.\n\nExamples:\n  neardup scan a\n  neardup scan b\n"
	for _, tc := range []struct {
		found, failure string
		has, hasNot    []string
	}{
		{"", "", []string{"Scan reads files.\n\nMore.\n\nExit codes:\n  0    success\n  2    usage error, no input could be read\n  130"}, []string{"  1 ", "Examples", "neardup scan a"}},
		{"a group was found", ", or a warning", []string{"  1    with --exit-code: a group was found\n", "could be read, or a warning\n"}, []string{"Examples"}},
	} {
		got := Help(file, tc.found, tc.failure)
		for _, s := range tc.has {
			if !strings.Contains(got, s) {
				t.Errorf("Help(%q, %q) = %q, want it to hold %q", tc.found, tc.failure, got, s)
			}
		}
		for _, s := range tc.hasNot {
			if strings.Contains(got, s) {
				t.Errorf("Help(%q, %q) = %q, want no %q", tc.found, tc.failure, got, s)
			}
		}
	}
	if got, want := Example(file), "  neardup scan a\n  neardup scan b"; got != want {
		t.Errorf("Example = %q, want %q", got, want)
	}
	if got := Example("no examples here\n"); got != "" {
		t.Errorf("Example of a file without examples = %q, want none", got)
	}
}

func TestSearched(t *testing.T) {
	for _, tc := range []struct {
		include []string
		want    string
	}{
		{nil, "folders are searched for *.txt"},
		{[]string{"*.md", "*.text"}, "folders are searched for *.md, *.text only"},
	} {
		if got := Searched(tc.include); got != tc.want {
			t.Errorf("Searched(%q) = %q, want %q", tc.include, got, tc.want)
		}
	}
}
