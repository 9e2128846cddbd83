//go:build unix

package inputs

import (
	"os"
	"reflect"
	"testing"
)

// TestUniqueOverlayDevice: a folder's entry may carry another device than
// stat gives its file (overlayfs); an inode number found twice is settled
// by stat, so the file is still listed once, and distinct files sharing a
// number on two devices stay two.
func TestUniqueOverlayDevice(t *testing.T) {
	t.Chdir(tree(t, "a.txt", "b.txt"))
	fa, err := os.Stat("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	real := keyOf("a.txt", fa)
	w := walker{files: []found{
		{path: "a.txt", key: fileKey{id: fileID{dev: real.id.dev + 1, ino: real.id.ino}}, fromDir: true}, // as a lower layer says
		{path: "./a.txt", key: real}, // the same file named directly
		{path: "b.txt", key: fileKey{id: fileID{dev: real.id.dev + 2, ino: real.id.ino}}, fromDir: true}, // another file, same number elsewhere
	}}
	if got, want := w.unique(), []string{"./a.txt", "b.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unique() = %q, want %q", got, want)
	}
}
