package synth

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	n, err := Write(dir, Options{Docs: 50, Seed: 1, CopyShare: 0.2, Folders: 5})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if len(files) != 50 || n < 50*1000 {
		t.Fatalf("%d files, %d bytes", len(files), n)
	}
	again := t.TempDir()
	if _, err := Write(again, Options{Docs: 50, Seed: 1, CopyShare: 0.2, Folders: 5}); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(files[7])
	rel, _ := filepath.Rel(dir, files[7])
	b, _ := os.ReadFile(filepath.Join(again, rel))
	if string(a) != string(b) {
		t.Error("same seed, different text")
	}
}
