// Package inputs turns the paths a user gives (files, folders, or a list
// read from a file) into the sorted list of article files to read.
package inputs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultInclude is the pattern used when Options.Include is empty.
const DefaultInclude = "*.txt"

// Options control which files a folder walk yields.
type Options struct {
	// Include and Exclude are glob patterns (path.Match syntax). A pattern
	// without a slash matches a file or folder name; one with a slash
	// matches the path below the folder given. Include applies to files
	// found by walking; Exclude to those and to folders, which are then
	// not entered. Files named directly are always read.
	Include, Exclude []string
	// Follow walks into symbolic links (with loop detection); otherwise
	// links met while walking are skipped.
	Follow bool
}

// Problem is a path that could not be used, and why.
type Problem struct {
	Path string
	Err  error
}

func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }

// Unwrap returns the cause.
func (p Problem) Unwrap() error { return p.Err }

// ErrNotRegular marks a named path that is neither a file nor a folder
// (a FIFO, device or socket): it is skipped, never opened.
var ErrNotRegular = errors.New("not a regular file (FIFO, device or socket), skipped")

// Expand returns the files under roots, sorted by path with duplicates
// removed, and the problems met on the way. Hidden files and folders (name
// starting with '.') found while walking are skipped; a root is used
// whatever its name.
func Expand(roots []string, opts Options) ([]string, []Problem, error) {
	for _, p := range append(slices.Clone(opts.Include), opts.Exclude...) {
		if _, err := path.Match(p, ""); err != nil {
			return nil, nil, fmt.Errorf("bad pattern %q: %w", p, err)
		}
	}
	if len(opts.Include) == 0 {
		opts.Include = []string{DefaultInclude}
	}
	w := walker{opts: opts, visited: map[fileID]bool{}, ancestors: map[fileID]bool{}}
	w.relPatterns = slices.ContainsFunc(append(slices.Clone(opts.Include), opts.Exclude...), func(p string) bool { return strings.Contains(p, "/") })
	for _, r := range roots {
		w.root(r)
	}
	slices.Sort(w.files)
	return slices.Compact(w.files), w.problems, nil // a path named twice is read once
}

type walker struct {
	opts     Options
	files    []string
	problems []Problem
	// relPatterns: some pattern holds a '/', so it is matched against
	// the path relative to its root, which otherwise is not worked out.
	relPatterns bool
	// Folders entered, and those on the current path, for --follow.
	visited, ancestors map[fileID]bool
}

func (w *walker) root(p string) {
	fi, err := os.Stat(p) // a named link is followed: the user named it
	if err != nil {
		w.problems = append(w.problems, Problem{p, cleanErr(err)})
		return
	}
	switch {
	case fi.IsDir():
		w.dir(p, p, fi)
	case fi.Mode().IsRegular():
		w.add(p)
	default:
		w.problems = append(w.problems, Problem{p, ErrNotRegular})
	}
}

func (w *walker) add(p string) {
	w.files = append(w.files, p)
}

func (w *walker) dir(root, dir string, fi fs.FileInfo) {
	if id, ok := idOf(fi); ok {
		switch {
		case w.ancestors[id]:
			w.problems = append(w.problems, Problem{dir, errors.New("symbolic link loop, not entered")})
			return
		case w.visited[id]:
			return // the same folder reached again through a link: read it once
		}
		w.visited[id], w.ancestors[id] = true, true
		defer delete(w.ancestors, id)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.problems = append(w.problems, Problem{dir, cleanErr(err)})
	}
	for _, e := range entries { // ReadDir sorts by name
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		var rel string
		if w.relPatterns {
			rel, _ = filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
		}
		if matchAny(w.opts.Exclude, name, rel) {
			continue
		}
		mode := e.Type()
		var info fs.FileInfo
		if mode&fs.ModeSymlink != 0 {
			if !w.opts.Follow {
				continue
			}
			info, err = os.Stat(p)
			if err != nil {
				w.problems = append(w.problems, Problem{p, cleanErr(err)})
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if info == nil {
				if info, err = e.Info(); err != nil {
					w.problems = append(w.problems, Problem{p, cleanErr(err)})
					continue
				}
			}
			w.dir(root, p, info)
		case mode.IsRegular():
			if matchAny(w.opts.Include, name, rel) {
				w.add(p)
			}
		}
		// FIFOs, devices and sockets met while walking are skipped silently.
	}
}

func matchAny(patterns []string, name, rel string) bool {
	for _, p := range patterns {
		target := name
		if strings.Contains(p, "/") {
			target = rel
		}
		if ok, _ := path.Match(p, target); ok {
			return true
		}
	}
	return false
}

// cleanErr drops the path os errors repeat, since Problem names it.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadList reads one path per line (or per NUL byte when nul is set), as
// written by find or find -print0. Empty entries are ignored; with lines,
// a trailing CR is dropped.
func ReadList(r io.Reader, nul bool) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if nul {
		sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
			if i := bytes.IndexByte(data, 0); i >= 0 {
				return i + 1, data[:i], nil
			}
			if atEOF && len(data) > 0 {
				return len(data), data, nil
			}
			return 0, nil, nil
		})
	}
	var out []string
	for sc.Scan() {
		p := sc.Text()
		if !nul {
			p = strings.TrimSuffix(p, "\r")
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out, sc.Err()
}
