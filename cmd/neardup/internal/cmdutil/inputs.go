package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/neardup"
)

// Files expands r's paths and --files-from list into the sorted list of files to
// read, printing a warning line per path that could not be used (their
// number is returned). With none left it fails, unless allowNone.
func Files(ctx context.Context, stderr io.Writer, command string, r inputs.Request, allowNone bool) ([]string, int, error) {
	if slices.Contains(r.Include, "") {
		return nil, 0, errors.New("--include: an empty pattern matches no file\nhint: --include '*.md', for instance")
	}
	for _, f := range []struct {
		name     string
		patterns []string
	}{{"include", r.Include}, {"exclude", r.Exclude}} {
		for _, p := range f.patterns {
			if _, err := filepath.Match(p, ""); err != nil {
				return nil, 0, fmt.Errorf("--%s: bad pattern %q\nhint: patterns are shell globs: *, ?, [a-z]; quote them", f.name, p)
			}
		}
	}
	files, problems, err := inputs.Collect(ctx, r)
	if errors.Is(err, inputs.ErrNoPaths) {
		return nil, 0, fmt.Errorf("%w\nhint: neardup %s FOLDER, or --files-from FILE", err, command)
	} else if err != nil {
		return nil, 0, err
	}
	nul := false
	for _, p := range problems {
		Warn(stderr, neardup.Warning{Path: p.Path, Err: p.Err})
		nul = nul || strings.ContainsRune(p.Path, 0)
	}
	switch {
	case nul && !r.Null:
		return nil, 0, errors.New("no input files found: the list holds NUL bytes\nhint: read a NUL-separated list (find -print0) with -0")
	case len(files) == 0 && len(problems) > 0:
		return nil, 0, fmt.Errorf("no input files found: %s could not be used (named above)", Plural(len(problems), "path"))
	case len(files) == 0 && !allowNone:
		hint := Searched(r.Include)
		if len(r.Include) == 0 {
			hint += "; use --include to read other names"
		}
		return nil, 0, fmt.Errorf("no input files found\nhint: %s", hint)
	}
	return files, len(problems), nil
}

// Searched says which files folders are searched for, given --include.
func Searched(include []string) string {
	if len(include) == 0 {
		return "folders are searched for *.txt"
	}
	return "folders are searched for " + strings.Join(include, ", ") + " only"
}
