package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

type cleanCmdFlags struct {
	in       inputFlags
	clean    cleanFlags
	explain  bool
	format   string
	jobs     int
	maxBytes int64
}

func newCleanCmd() *cobra.Command {
	var f cleanCmdFlags
	cmd := &cobra.Command{
		Use:   "clean [flags] PATH...",
		Short: "Print articles without their boilerplate, or explain what cleaning removes",
		Long: `Clean prints each file's text as scan sees it after removing boilerplate: rule
matches, lines that recur across the given files (an outlet's template), and
lines dropped for their shape (captions beside credits, video titles, trailing
menus). With several files each starts with a "==> PATH <==" line.

With --explain it prints instead every removed line or fragment, one per line,
with the layer (rule, corpus, feature), the kind and the rule that removed it:

  PATH:LINE: LAYER KIND (RULE) line|fragment: TEXT

or, with --format json, one JSON document listing them. Clean and scan share
one code path, so this is exactly what scan fingerprints. Output streams file
by file in input order; interrupted, it ends after a whole file.

` + exitHelp("", ""),
		Example: `  neardup clean article.txt
  neardup clean --explain ../shared/seeds
  neardup clean --explain --format json --no-rules caption-credit site/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runClean(cmd, args, &f) },
	}
	f.in.register(cmd, false)
	f.clean.register(cmd, false, true)
	fl := cmd.Flags()
	fl.BoolVar(&f.explain, "explain", false, "print what was removed and why, instead of the text")
	fl.StringVarP(&f.format, "format", "f", "text", "with --explain: text or json")
	fl.VarP(newDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "files read in parallel for the template pass")
	fl.Var(newDecimal(&f.maxBytes, neardup.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	return cmd
}

// removal is one line of clean --explain --format json.
type removal struct {
	Path string `json:"path"`
	clean.Removal
}

func runClean(cmd *cobra.Command, args []string, f *cleanCmdFlags) error {
	if err := checkFormat(f.format, []string{"text", "json"}); err != nil {
		return err
	}
	if f.format != "text" && !f.explain {
		return errors.New("--format json needs --explain (the cleaned text is plain text)")
	}
	co, err := f.clean.options()
	if err != nil {
		return err
	}
	files, _, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	ctx, stderr, stdout := cmd.Context(), cmd.ErrOrStderr(), cmd.OutOrStdout()
	c := co.Cleaner
	if co.TemplateFiles > 0 {
		t, err := neardup.Templates(ctx, files, neardup.Options{Clean: co, Jobs: f.jobs, Read: neardup.ReadOptions{MaxBytes: f.maxBytes}})
		if err != nil {
			return err
		}
		c = c.WithTemplates(t)
	}
	// Output streams file by file, in input order, through one buffer:
	// memory stays bounded by the largest file whatever the input size.
	// Interrupted, it stops at a file boundary (a JSON document is then left
	// unclosed, so that no reader takes it for whole).
	w := bufio.NewWriterSize(stdout, 64<<10)
	var block bytes.Buffer // one file's output
	enc := json.NewEncoder(&block)
	enc.SetEscapeHTML(false)
	read, removed := 0, 0
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return errors.Join(err, w.Flush())
		}
		file, warns, err := neardup.ReadFile(path, f.maxBytes)
		printWarnings(stderr, warns)
		if err != nil {
			warn(stderr, neardup.Warning{Path: path, Err: err, Skipped: true})
			continue
		}
		read++
		text, removals := c.Explain(file.Text)
		block.Reset()
		switch {
		case !f.explain:
			if len(files) > 1 {
				if i > 0 {
					block.WriteByte('\n')
				}
				fmt.Fprintf(&block, "==> %s <==\n", report.QuotePath(path))
			}
			if text != "" {
				block.WriteString(text)
				block.WriteByte('\n')
			}
		case f.format == "json":
			// The elements of {"removed":[...]}, as one Encode of the whole
			// list wrote them: the same bytes.
			if read == 1 {
				block.WriteString(`{"removed":[`)
			}
			for _, r := range removals {
				if removed > 0 {
					block.WriteByte(',')
				}
				removed++
				if err := enc.Encode(removal{path, r}); err != nil {
					return err
				}
				block.Truncate(block.Len() - 1) // Encode's newline
			}
		default:
			for _, r := range removals {
				what := "fragment"
				if r.Whole {
					what = "line"
				}
				fmt.Fprintf(&block, "%s:%d: %s %s (%s) %s: %s\n", report.QuotePath(path), r.Line, r.Layer, r.Kind, r.Rule, what, r.Text)
			}
		}
		if _, err := w.Write(block.Bytes()); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if read == 0 {
		return neardup.ErrNoInput
	}
	if f.explain && f.format == "json" {
		w.WriteString("]}\n")
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
