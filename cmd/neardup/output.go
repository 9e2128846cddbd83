package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/report"
)

// write prints rep on stdout: colour and width as the terminal allows. A
// path the paths format cannot print on one line is an error (nothing is
// written) with the way out. A closed stdout is a reader that has all it
// wants: no error, and the run says nothing more (closed).
func (s *settings) write(cmd *cobra.Command, io streams, rep report.Report, ropts report.Options) error {
	ropts.Color, _ = io.Color(s.color) // checked by checkOutput
	ropts.Null = s.in.Null
	if io.OutTTY {
		ropts.Width = io.Width
	}
	err := report.Write(cmd.OutOrStdout(), rep, s.format, ropts)
	var le *report.LineError
	switch {
	case err == nil:
		return nil
	case cmdutil.ClosedPipe(err):
		s.closed = true // the run still ends with its exit code (--exit-code)
		return nil
	case errors.As(err, &le):
		return fmt.Errorf("%w\nhint: use -0 for NUL-ended paths (and xargs -0 to read them)", le)
	}
	return fmt.Errorf("write output: %w", err)
}

// summarize prints the run's summary line on stderr, unless --quiet or
// stdout's reader has gone.
func (s *settings) summarize(cmd *cobra.Command, format string, args ...any) {
	if !s.quiet && !s.closed {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: "+format+"\n", args...)
	}
}

// since is the time since start, as summaries print it.
func since(start time.Time) time.Duration { return time.Since(start).Round(time.Millisecond) }

// found is cmdutil.ErrFound when --exit-code asks about groups and rep has some.
func (s *settings) found(rep report.Report) error {
	if s.exitCode && len(rep.Groups) > 0 {
		return cmdutil.ErrFound
	}
	return nil
}
