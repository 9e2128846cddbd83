package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/sketch"
)

// write prints rep on stdout: colour and width as the terminal allows. A
// path the paths format cannot print on one line is an error (nothing is
// written) with the way out. A closed stdout is a reader that has all it
// wants: no error, and the run says nothing more (closed).
func (s *settings) write(cmd *cobra.Command, io streams, rep report.Report, ropts report.Options) error {
	ropts.Color, _ = io.Color(s.color) // checked by checkOutput
	ropts.Null = s.null
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

// found is errFound when --exit-code asks about groups and rep has some.
func (s *settings) found(rep report.Report) error {
	if s.exitCode && len(rep.Groups) > 0 {
		return errFound
	}
	return nil
}

// hints say what to do about an error; %[1]s is the file it is about.
var hints = []struct {
	err  error
	hint string
}{
	{index.ErrNoFolder, "create the folder first, or give --db a file in an existing folder"},
	{index.ErrMissing, "create it with: neardup index --db %[1]s FOLDER"},
	{index.ErrNotFile, "--db takes the name of an index file, e.g. --db archive.ndx"},
	{index.ErrLocked, "another neardup is writing it; wait for it to finish, or wait longer with --lock-timeout"},
	{index.ErrNotIndex, "--db names a file that is not a neardup index; nothing was written to it"},
	{index.ErrNewer, "upgrade neardup to read this index"},
	{index.ErrOlder, "rebuild it: neardup index --rebuild --db %[1]s FOLDER"},
	{index.ErrCorrupt, "rebuild it: neardup index --rebuild --db %[1]s FOLDER"},
	{index.ErrChanged, "another neardup replaced it meanwhile; run again"},
	{neardup.ErrIsInput, "give --db a file outside the folders read"},
	{neardup.ErrSettings, "use the flags the index was built with, or start it over with neardup index --rebuild"},
	{sketch.ErrMixed, "sketch every shard with the same flags, and the same --templates-from"},
	{sketch.ErrDuplicate, "shards must not overlap: give each file to one sketch"},
	{sketch.ErrNotSketch, "make sketch files with neardup sketch --out FILE.parquet; if it was one, it is damaged: sketch its files again"},
	{sketch.ErrNewer, "upgrade neardup to read this sketch"},
	{sketch.ErrOlder, "sketch the files again with this neardup"},
	{sketch.ErrNotRegular, "group takes sketch files, not folders, FIFOs or devices"},
	{sketch.ErrIsInput, "write the sketch outside the folders sketched"},
	{sketch.ErrNotSketchTarget, "remove it, or give --out another name"},
	{neardup.ErrTruthMissing, "scan the folder the truth paths are relative to, or pass --allow-missing to score the other pairs"},
	{neardup.ErrTruthAmbiguous, "write each truth path with enough of its folders to name one scanned file"},
	{neardup.ErrNoTruth, "truth paths are matched against the end of scanned paths; scan the folder they are relative to"},
}

// hinted adds the hint for err, if there is one; path fills %[1]s.
func hinted(err error, path string) error {
	for _, h := range hints {
		if errors.Is(err, h.err) {
			hint := h.hint
			if strings.Contains(hint, "%[1]s") {
				hint = fmt.Sprintf(hint, path)
			}
			return fmt.Errorf("%w\nhint: %s", err, hint)
		}
	}
	return err
}

// indexError names the index in an error of package index, with a hint.
func indexError(cmd *cobra.Command, path string, err error) error {
	if cmd.Context().Err() != nil && errors.Is(err, cmd.Context().Err()) || errors.Is(err, neardup.ErrNoInput) {
		return err // interrupted, or not the index's doing
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("index %w\nhint: neardup needs to read the index, and to write in its folder to update it", err)
	}
	if errors.Is(err, neardup.ErrEmptyIndex) {
		return fmt.Errorf("index %s is empty\nhint: fill it with: neardup index --db %[1]s FOLDER", path)
	}
	return hinted(fmt.Errorf("index %w", err), path)
}

// warnHints are added to warnings with these causes.
var warnHints = map[error]string{
	neardup.ErrChanged:  "index it again (neardup index --rebuild) or sketch it again",
	neardup.ErrStale:    "update the index with neardup index",
	neardup.ErrModified: "scan again once nothing is writing the folder",
}

// printWarnings prints a line per warning; of the truth paths not scanned,
// the first ten.
func printWarnings(w io.Writer, ws []neardup.Warning) {
	notScanned := 0
	for _, wn := range ws {
		if errors.Is(wn.Err, neardup.ErrNotScanned) {
			if notScanned++; notScanned > 10 {
				continue
			}
		}
		for e, h := range warnHints {
			if errors.Is(wn.Err, e) {
				wn.Err = fmt.Errorf("%w (hint: %s)", wn.Err, h)
			}
		}
		warn(w, wn)
	}
	if notScanned > 10 {
		fmt.Fprintf(w, "neardup: warning: ... and %d more truth paths not among the scanned files\n", notScanned-10)
	}
}

// warn prints one line for a problem with one file.
func warn(w io.Writer, wn neardup.Warning) {
	suffix := ""
	if wn.Skipped {
		suffix = ", skipped"
	}
	fmt.Fprintf(w, "neardup: warning: %s: %v%s\n", report.QuotePath(wn.Path), wn.Err, suffix)
}

// plural writes "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
