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

// ErrDangling marks a symbolic link whose target does not exist: a
// warning, never a document.
var ErrDangling = errors.New("dangling symbolic link (its target does not exist), skipped")

// Expand returns the files under roots, sorted by path, and the problems
// met on the way. Hidden files and folders (name starting with '.') found
// while walking are skipped; a root is used whatever its name.
//
// Each file is listed once, however it was reached: a file is its device
// and inode (its cleaned absolute path where the OS has none), so spellings
// such as a.txt, ./a.txt and /abs/a.txt, symbolic links to it and its hard
// links are one file. The name kept is the file's own name rather than a
// link to it (removing a link would leave the file), then the first in
// byte order: ./a.txt before /abs/a.txt before a.txt.
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
	// Roots in byte order, so that a folder named twice (z and /abs/z) is
	// walked under the same name whatever the order of the arguments.
	for _, r := range slices.Sorted(slices.Values(roots)) {
		w.root(r)
	}
	return w.unique(), w.problems, nil
}

// fileKey identifies a file: by id where the OS gives one, else by path.
type fileKey struct {
	id   fileID
	path string
}

// found is a file met under one of its names.
type found struct {
	path string
	key  fileKey
	link bool // path itself is a symbolic link to the file
	// fromDir: key holds the inode number the folder gave and the
	// folder's device, not yet what stat says.
	fromDir bool
}

// unique sorts the files found by path and keeps one name per file.
func (w *walker) unique() []string {
	// A folder's inode numbers are a file's own, but its device may not be
	// the file's (overlayfs reports a lower layer's): wherever an inode
	// number is found twice, stat says whether it is one file.
	seen := make(map[uint64]int, len(w.files))
	for _, f := range w.files {
		if f.key.path == "" {
			seen[f.key.id.ino]++
		}
	}
	for i := range w.files {
		if f := &w.files[i]; f.fromDir && seen[f.key.id.ino] > 1 {
			if fi, err := os.Stat(f.path); err == nil {
				f.key = keyOf(f.path, fi)
			}
		}
	}
	slices.SortFunc(w.files, func(a, b found) int { return strings.Compare(a.path, b.path) })
	best := make(map[fileKey]int, len(w.files))
	for i, f := range w.files {
		if j, ok := best[f.key]; !ok || w.files[j].link && !f.link {
			best[f.key] = i
		}
	}
	out := make([]string, 0, len(best))
	for i, f := range w.files {
		if best[f.key] == i {
			out = append(out, f.path)
		}
	}
	return out
}

// cleanAbs is the cleaned absolute form of p (p cleaned if that fails).
func cleanAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

type walker struct {
	opts     Options
	files    []found
	problems []Problem
	// relPatterns: some pattern holds a '/', so it is matched against
	// the path relative to its root, which otherwise is not worked out.
	relPatterns bool
	// Folders entered, and those on the current path, for --follow.
	visited, ancestors map[fileID]bool
	buf                []byte // for readDir
}

func (w *walker) root(p string) {
	fi, err := os.Stat(p) // a named link is followed: the user named it
	if err != nil {
		w.problems = append(w.problems, Problem{p, linkErr(p, err)})
		return
	}
	switch {
	case fi.IsDir():
		w.dir(p, p, fi)
	case fi.Mode().IsRegular():
		lfi, err := os.Lstat(p)
		w.add(p, keyOf(p, fi), err == nil && lfi.Mode()&fs.ModeSymlink != 0)
	default:
		w.problems = append(w.problems, Problem{p, ErrNotRegular})
	}
}

// add records the file at p, identified by key.
func (w *walker) add(p string, key fileKey, link bool) {
	w.files = append(w.files, found{path: p, key: key, link: link})
}

// dirEntry is an entry of a folder: its type (when known without a stat)
// and inode (0 when the folder does not say).
type dirEntry struct {
	name  string
	typ   fs.FileMode
	known bool
	ino   uint64
}

func (w *walker) dir(root, dir string, fi fs.FileInfo) {
	dirID, hasID := idOf(fi)
	if hasID {
		switch {
		case w.ancestors[dirID]:
			w.problems = append(w.problems, Problem{dir, errors.New("symbolic link loop, not entered")})
			return
		case w.visited[dirID]:
			return // the same folder reached again through a link: read it once
		}
		w.visited[dirID], w.ancestors[dirID] = true, true
		defer delete(w.ancestors, dirID)
	}
	entries, err := readDir(dir, &w.buf)
	if err != nil {
		w.problems = append(w.problems, Problem{dir, cleanErr(err)})
	}
	for _, e := range entries { // sorted by name
		name := e.name
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
		mode := e.typ
		var info fs.FileInfo // the entry's, followed if a link; nil until needed
		if !e.known {
			if info, err = os.Lstat(p); err != nil {
				w.problems = append(w.problems, Problem{p, cleanErr(err)})
				continue
			}
			mode = info.Mode().Type()
		}
		link := mode&fs.ModeSymlink != 0
		if link {
			if !w.opts.Follow {
				continue
			}
			info, err = os.Stat(p)
			if err != nil {
				w.problems = append(w.problems, Problem{p, linkErr(p, err)})
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if info == nil {
				if info, err = os.Lstat(p); err != nil {
					w.problems = append(w.problems, Problem{p, cleanErr(err)})
					continue
				}
			}
			w.dir(root, p, info)
		case mode.IsRegular():
			if !matchAny(w.opts.Include, name, rel) {
				continue
			}
			switch {
			case info != nil:
				w.add(p, keyOf(p, info), link)
			case hasID && e.ino != 0:
				// No stat a file: the folder's inode number and device,
				// checked by unique where the number recurs.
				w.files = append(w.files, found{path: p, key: fileKey{id: fileID{dirID.dev, e.ino}}, fromDir: true})
			default:
				if info, err = os.Lstat(p); err != nil {
					w.problems = append(w.problems, Problem{p, cleanErr(err)})
					continue
				}
				w.add(p, keyOf(p, info), false)
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

// linkErr is cleanErr, except that a missing file which is a symbolic
// link is named as a dangling link, the cause a user can act on.
func linkErr(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(p); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return ErrDangling
		}
	}
	return cleanErr(err)
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
