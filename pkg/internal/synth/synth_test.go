package synth

import (
	"fmt"
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
	texts := Texts(Options{Docs: 50, Seed: 1, CopyShare: 0.2})
	for _, i := range []int{0, 7, 49} {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("f%03d", i%5), fmt.Sprintf("a%07d.txt", i)))
		if err != nil || string(b) != texts[i] {
			t.Errorf("Texts()[%d] differs from the file Write wrote (%v)", i, err)
		}
	}
}
