package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"neardup": func() { os.Exit(run(os.Args[1:], systemStreams())) },
	})
}

// TestScript runs the shell-session scripts in testdata/script against the
// real binary. Each script starts with the sample folder copied to
// $WORK/articles.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("..", "..", "testdata", "script"),
		Setup: func(env *testscript.Env) error {
			return copyDir(filepath.Join("..", "..", "testdata", "articles"), filepath.Join(env.WorkDir, "articles"))
		},
		RequireExplicitExec: true,
	})
}

func copyDir(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
