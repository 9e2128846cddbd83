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
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/scan"
)

type cleanFlags struct {
	in       inputFlags
	pipe     pipelineFlags
	explain  bool
	format   string
	jobs     int
	maxBytes int64
}

func newCleanCmd() *cobra.Command {
	var f cleanFlags
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

Clean and scan share one code path, so this is exactly what scan fingerprints.
Output streams file by file in input order; interrupted, it ends after a whole
file.

` + exitCodesHelp,
		Example: `  neardup clean article.txt
  neardup clean --explain ../shared/seeds
  neardup clean --explain --format json --no-rules caption-credit site/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runClean(cmd, args, &f) },
	}
	f.in.register(cmd)
	f.pipe.register(cmd)
	for _, name := range []string{"shingle", "perms", "seed", "lang", "no-stem", "no-clean"} {
		_ = cmd.Flags().MarkHidden(name) // shared with scan, meaningless here
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.explain, "explain", false, "print what was removed and why, instead of the text")
	fl.StringVarP(&f.format, "format", "f", "text", "with --explain: text or json")
	fl.VarP(newDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "files read in parallel for the template pass")
	fl.Var(newDecimal(&f.maxBytes, scan.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	return cmd
}

type explained struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Layer string `json:"layer"`
	Kind  string `json:"kind"`
	Rule  string `json:"rule"`
	Whole bool   `json:"whole_line"`
	Text  string `json:"text"`
}

func runClean(cmd *cobra.Command, args []string, f *cleanFlags) error {
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	c, err := f.pipe.cleaner()
	if err != nil {
		return err
	}
	files, _, err := f.in.files(cmd, args)
	if err != nil {
		return err
	}
	stderr, stdout := cmd.ErrOrStderr(), cmd.OutOrStdout()
	if f.pipe.templateFiles > 0 {
		t, err := scan.Templates(cmd.Context(), files, f.pipe.templateFiles, f.pipe.templateShare, f.jobs, f.maxBytes)
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
		if err := cmd.Context().Err(); err != nil {
			return errors.Join(err, w.Flush())
		}
		file, warns, err := scan.Read(path, f.maxBytes)
		for _, wn := range warns {
			warn(stderr, wn.Path, wn.Err, false)
		}
		if err != nil {
			warn(stderr, path, err, true)
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
				if err := enc.Encode(explained{path, r.Line, r.Layer, r.Kind, r.Rule, r.Whole, r.Text}); err != nil {
					return err
				}
				block.Truncate(block.Len() - 1) // Encode's newline
			}
		default:
			for _, r := range removals {
				fmt.Fprintf(&block, "%s:%d: %s %s (%s) %s: %s\n", report.QuotePath(path), r.Line, r.Layer, r.Kind, r.Rule, wholeWord(r), r.Text)
			}
		}
		if _, err := w.Write(block.Bytes()); err != nil {
			return cleanWriteErr(err)
		}
	}
	if read == 0 {
		return usageErrorf("no input could be read")
	}
	if f.explain && f.format == "json" {
		w.WriteString("]}\n")
	}
	return cleanWriteErr(w.Flush())
}

// cleanWriteErr ends clean quietly when stdout's reader has gone
// (`neardup clean DIR | head`): it wanted no more.
func cleanWriteErr(err error) error {
	if err == nil || closedPipe(err) {
		return nil
	}
	return fmt.Errorf("write output: %w", err)
}

func wholeWord(r clean.Removal) string {
	if r.Whole {
		return "line"
	}
	return "fragment"
}
