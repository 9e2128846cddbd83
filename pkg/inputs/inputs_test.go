package inputs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tree creates files (content "x") under a new temp folder.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func rel(dir string, files []string) []string {
	var out []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestExpand(t *testing.T) {
	dir := tree(t, "b.txt", "a.txt", "c.md", "sub/d.txt", "sub/deep/e.txt", ".hidden.txt", ".git/f.txt", "vendor/g.txt")
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"default txt, sorted, hidden skipped", Options{}, []string{"a.txt", "b.txt", "sub/d.txt", "sub/deep/e.txt", "vendor/g.txt"}},
		{"include md", Options{Include: []string{"*.md"}}, []string{"c.md"}},
		{"include two", Options{Include: []string{"*.md", "a.*"}}, []string{"a.txt", "c.md"}},
		{"exclude folder", Options{Exclude: []string{"vendor"}}, []string{"a.txt", "b.txt", "sub/d.txt", "sub/deep/e.txt"}},
		{"exclude relative path", Options{Exclude: []string{"sub/deep"}}, []string{"a.txt", "b.txt", "sub/d.txt", "vendor/g.txt"}},
		{"exclude file pattern", Options{Exclude: []string{"?.txt"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, probs, err := Expand([]string{dir}, tt.opts)
			if err != nil || len(probs) != 0 {
				t.Fatalf("err %v, problems %v", err, probs)
			}
			if got := rel(dir, files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestExpandNamedFilesAndProblems(t *testing.T) {
	dir := tree(t, "a.txt", "notes.md")
	a, md, missing := filepath.Join(dir, "a.txt"), filepath.Join(dir, "notes.md"), filepath.Join(dir, "missing.txt")
	files, probs, err := Expand([]string{md, a, missing, a, dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rel(dir, files); !reflect.DeepEqual(got, []string{"a.txt", "notes.md"}) {
		t.Errorf("files = %v (a named file is read whatever its name, once)", got)
	}
	if len(probs) != 1 || probs[0].Path != missing || !errors.Is(probs[0].Err, fs.ErrNotExist) {
		t.Errorf("problems = %v", probs)
	}
	if !strings.HasSuffix(probs[0].Error(), "missing.txt: no such file or directory") {
		t.Errorf("problem text %q", probs[0].Error())
	}
	if _, _, err := Expand([]string{dir}, Options{Include: []string{"["}}); err == nil {
		t.Error("bad pattern accepted")
	}
}

func TestExpandSymlinksAndFIFO(t *testing.T) {
	dir := tree(t, "real/a.txt")
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "link")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "real", "loop")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs:", err)
	}
	files, probs, _ := Expand([]string{dir}, Options{})
	if got := rel(dir, files); !reflect.DeepEqual(got, []string{"real/a.txt"}) {
		t.Errorf("without follow: %v", got)
	}
	if len(probs) != 0 {
		t.Errorf("without follow: problems %v", probs)
	}
	files, probs, _ = Expand([]string{dir}, Options{Follow: true})
	// The folder is read once, under the first name met.
	if got := rel(dir, files); !reflect.DeepEqual(got, []string{"link/a.txt"}) {
		t.Errorf("with follow: %v", got)
	}
	if len(probs) == 0 || !strings.Contains(probs[0].Error(), "loop") {
		t.Errorf("with follow: want a loop problem, got %v", probs)
	}
	_, probs, _ = Expand([]string{fifo}, Options{})
	if len(probs) != 1 || !errors.Is(probs[0].Err, ErrNotRegular) {
		t.Errorf("named FIFO: problems %v", probs)
	}
}

func TestReadList(t *testing.T) {
	tests := []struct {
		in   string
		nul  bool
		want []string
	}{
		{"a.txt\nb c.txt\r\n\n", false, []string{"a.txt", "b c.txt"}},
		{"a.txt\x00new\nline.txt\x00", true, []string{"a.txt", "new\nline.txt"}},
		{"last-no-terminator", true, []string{"last-no-terminator"}},
		{"", false, nil},
	}
	for _, tt := range tests {
		got, err := ReadList(strings.NewReader(tt.in), tt.nul)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ReadList(%q, %v) = %q, %v; want %q", tt.in, tt.nul, got, err, tt.want)
		}
	}
}

func FuzzReadList(f *testing.F) {
	f.Add([]byte("a.txt\nb.txt\r\n"), false)
	f.Add([]byte("a\x00b\x00"), true)
	f.Fuzz(func(t *testing.T, data []byte, nul bool) {
		paths, err := ReadList(strings.NewReader(string(data)), nul)
		if err != nil {
			return // a line over the scanner's limit
		}
		sep := "\n"
		if nul {
			sep = "\x00"
		}
		for _, p := range paths {
			if p == "" || strings.Contains(p, sep) {
				t.Fatalf("bad path %q from %q", p, data)
			}
		}
	})
}

// TestExpandOneFileOneEntry: every way of reaching one file lists it once,
// under its own name first in byte order; different files with equal bytes
// stay two files.
func TestExpandOneFileOneEntry(t *testing.T) {
	dir := tree(t, "z/real.txt", "z/twin.txt", "z/other.txt") // equal bytes, different files
	t.Chdir(dir)
	if err := os.Symlink("real.txt", "z/link.txt"); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Link("z/real.txt", "z/hard.txt"); err != nil {
		t.Skip("no hard links:", err)
	}
	if err := os.Symlink("gone.txt", "z/dangling.txt"); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "z", "real.txt")
	tests := []struct {
		name   string
		roots  []string
		follow bool
		want   []string
	}{
		{"spellings", []string{"z/real.txt", "./z/real.txt", "z//real.txt", abs, "z/../z/real.txt"}, false, []string{"./z/real.txt"}},
		{"spellings, cleaned forms only", []string{"z//real.txt", "z/../z/real.txt", abs}, false, []string{abs}},
		{"named link and its target", []string{"z/link.txt", "z/real.txt"}, false, []string{"z/real.txt"}},
		{"named link alone", []string{"z/link.txt"}, false, []string{"z/link.txt"}},
		{"hard links", []string{"z/real.txt", "z/hard.txt"}, false, []string{"z/hard.txt"}},
		{"folder and a file in it", []string{"z", "./z/twin.txt"}, false, []string{"./z/twin.txt", "z/hard.txt", "z/other.txt"}},
		{"folder with follow: link and target", []string{"z"}, true, []string{"z/hard.txt", "z/other.txt", "z/twin.txt"}},
		{"folder twice under two names", []string{"z", filepath.Join(dir, "z")}, false, []string{filepath.Join(dir, "z/hard.txt"), filepath.Join(dir, "z/other.txt"), filepath.Join(dir, "z/twin.txt")}},
		{"folder twice, other order", []string{filepath.Join(dir, "z"), "z"}, false, []string{filepath.Join(dir, "z/hard.txt"), filepath.Join(dir, "z/other.txt"), filepath.Join(dir, "z/twin.txt")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, _, err := Expand(tt.roots, Options{Follow: tt.follow})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(files, tt.want) {
				t.Errorf("got %q, want %q", files, tt.want)
			}
		})
	}
}

func TestExpandDanglingLink(t *testing.T) {
	dir := tree(t, "a.txt")
	dangling := filepath.Join(dir, "dangling.txt")
	if err := os.Symlink("gone.txt", dangling); err != nil {
		t.Skip("no symlinks:", err)
	}
	for _, tt := range []struct {
		name      string
		roots     []string
		follow    bool
		wantProbs int
	}{
		{"walked without follow: skipped like every link", []string{dir}, false, 0},
		{"walked with follow", []string{dir}, true, 1},
		{"named", []string{dangling}, false, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files, probs, _ := Expand(tt.roots, Options{Follow: tt.follow})
			if slices.Contains(files, dangling) {
				t.Errorf("dangling link listed as a file: %q", files)
			}
			if len(probs) != tt.wantProbs {
				t.Fatalf("problems %v, want %d", probs, tt.wantProbs)
			}
			for _, p := range probs {
				if p.Path != dangling || !errors.Is(p, ErrDangling) {
					t.Errorf("problem %v, want %s: %v", p, dangling, ErrDangling)
				}
			}
		})
	}
}

// BenchmarkExpand walks 10,000 files in 100 folders: the cost of listing
// (one lstat a file, for its identity) before any file is read.
func BenchmarkExpand(b *testing.B) {
	dir := b.TempDir()
	for i := range 100 {
		sub := filepath.Join(dir, fmt.Sprintf("d%03d", i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := range 100 {
			if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%03d.txt", j)), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		files, _, err := Expand([]string{dir}, Options{})
		if err != nil || len(files) != 10000 {
			b.Fatal(len(files), err)
		}
	}
}
