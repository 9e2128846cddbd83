package cmdutil

// What the command adds to the library's errors and warnings: a hint
// saying what to do, and one line per problem on stderr.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/sketch"
)

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

// Hinted adds the hint for err, if there is one; path fills %[1]s.
func Hinted(err error, path string) error {
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

// IndexError names the index in an error of package index, with a hint.
func IndexError(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) || errors.Is(err, neardup.ErrNoInput) {
		return err // interrupted, or not the index's doing
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("index %w\nhint: neardup needs to read the index, and to write in its folder to update it", err)
	}
	if errors.Is(err, neardup.ErrEmptyIndex) {
		return fmt.Errorf("index %s is empty\nhint: fill it with: neardup index --db %[1]s FOLDER", path)
	}
	return Hinted(fmt.Errorf("index %w", err), path)
}

// warnHints are added to warnings with these causes.
var warnHints = map[error]string{
	neardup.ErrChanged:  "index it again (neardup index --rebuild) or sketch it again",
	neardup.ErrStale:    "update the index with neardup index",
	neardup.ErrModified: "scan again once nothing is writing the folder",
}

// PrintWarnings prints a line per warning; of the truth paths not scanned,
// the first ten.
func PrintWarnings(w io.Writer, ws []neardup.Warning) {
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
		Warn(w, wn)
	}
	if notScanned > 10 {
		fmt.Fprintf(w, "neardup: warning: ... and %d more truth paths not among the scanned files\n", notScanned-10)
	}
}

// Warn prints one line for a problem with one file.
func Warn(w io.Writer, wn neardup.Warning) {
	suffix := ""
	if wn.Skipped {
		suffix = ", skipped"
	}
	path := report.QuotePath(wn.Path)
	if path == "" {
		path = `""`
	}
	fmt.Fprintf(w, "neardup: warning: %s: %v%s\n", path, wn.Err, suffix)
}

// Plural writes "1 file", "2 files".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
