package syndicate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReadBBC reads up to n articles of the BBC corpus at dir (category
// folders of NNN.txt files), leaving out those named in the duplicates TSV
// at dupes (if it exists), so the only duplicates in a generated set are
// the ones it makes. Articles are taken round-robin across categories so
// every topic is represented.
func ReadBBC(dir, dupes string, n int) ([]Source, error) {
	exclude := map[string]bool{}
	if b, err := os.ReadFile(dupes); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			cols := strings.Split(l, "\t")
			if len(cols) >= 4 {
				exclude[cols[2]], exclude[cols[3]] = true, true
			}
		}
	}
	cats, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var lists [][]string
	for _, c := range cats {
		if !c.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, c.Name(), "*.txt"))
		slices.Sort(files)
		lists = append(lists, files)
	}
	var out []Source
	for k := 0; len(out) < n; k++ {
		progressed := false
		for _, files := range lists {
			if k >= len(files) || len(out) >= n {
				continue
			}
			progressed = true
			rel := filepath.Base(filepath.Dir(files[k])) + "/" + filepath.Base(files[k])
			if exclude[rel] {
				continue
			}
			b, err := os.ReadFile(files[k])
			if err != nil {
				return nil, err
			}
			name := fmt.Sprintf("%s-%s", filepath.Base(filepath.Dir(files[k])), strings.TrimSuffix(filepath.Base(files[k]), ".txt"))
			out = append(out, ParseSource(name, string(b)))
		}
		if !progressed {
			break
		}
	}
	return out, nil
}
