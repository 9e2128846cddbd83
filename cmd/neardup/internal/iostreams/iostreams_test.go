package iostreams

import (
	"bytes"
	"strings"
	"testing"
)

func TestColor(t *testing.T) {
	for _, tc := range []struct {
		tty     bool
		noColor string
		mode    string
		want    bool
		err     bool
	}{
		{false, "", "auto", false, false},
		{true, "", "auto", true, false},
		{true, "1", "auto", false, false},
		{false, "", "always", true, false},
		{true, "", "never", false, false},
		{true, "", "sometimes", false, true},
	} {
		t.Setenv("NO_COLOR", tc.noColor)
		got, err := IOStreams{OutTTY: tc.tty}.Color(tc.mode)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("tty %v NO_COLOR=%q Color(%q) = %v, %v; want %v (error %v)", tc.tty, tc.noColor, tc.mode, got, err, tc.want, tc.err)
		}
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	if p := (IOStreams{ErrOut: &b}).Progress("x"); p != nil {
		t.Error("a progress bar without a terminal")
	}
	p := IOStreams{ErrOut: &b, ErrTTY: true}.Progress("fingerprinting")
	for i := 1; i <= 3; i++ {
		p(i, 3)
	}
	if !strings.Contains(b.String(), "fingerprinting") {
		t.Errorf("no bar drawn: %q", b.String())
	}
}
