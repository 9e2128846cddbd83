// Package iostreams holds a command's standard streams and what is known
// of them: whether stdout and stderr are terminals, and how wide stdout
// is. Colour, progress bars and path width follow that state alone, so a
// test sets it instead of needing a terminal (as cli/cli's iostreams).
package iostreams

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// IOStreams are a command's streams.
type IOStreams struct {
	In             io.Reader
	Out, ErrOut    io.Writer
	OutTTY, ErrTTY bool
	Width          int // of stdout's terminal; 0: unknown
}

// System returns the process's streams, their terminal state read from
// the OS.
func System() IOStreams {
	s := IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.OutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if s.OutTTY {
		s.Width, _, _ = term.GetSize(int(os.Stdout.Fd()))
	}
	return s
}

// ColorModes are the values Color takes.
var ColorModes = []string{"auto", "always", "never"}

// Color says whether output in mode is coloured: always; never; or auto,
// on a terminal unless NO_COLOR is set (https://no-color.org).
func (s IOStreams) Color(mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return s.OutTTY && os.Getenv("NO_COLOR") == "", nil
	}
	return false, fmt.Errorf("want auto, always or never, got %q", mode)
}

// Progress returns a function drawing a bar labelled desc on stderr as
// done of total steps are done, or nil when stderr is no terminal: a log
// or a pipe never gets one.
func (s IOStreams) Progress(desc string) func(done, total int) {
	if !s.ErrTTY {
		return nil
	}
	var once sync.Once
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		once.Do(func() {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(s.ErrOut), progressbar.OptionSetDescription(desc),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(65*time.Millisecond), progressbar.OptionClearOnFinish())
		})
		_ = bar.Set(done)
		if done == total {
			_ = bar.Finish()
		}
	}
}
