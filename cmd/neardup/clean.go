package main

import (
	"encoding/json"
	"fmt"
	"strings"

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
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "files read in parallel for the template pass (default: all CPUs)")
	fl.Int64Var(&f.maxBytes, "max-bytes", scan.DefaultMaxBytes, "read at most this many bytes of each file (0: no limit)")
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
	if err := f.pipe.validate(); err != nil {
		return err
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
	var out strings.Builder
	all := []explained{}
	read := 0
	for i, path := range files {
		file, warns, err := scan.Read(path, f.maxBytes)
		for _, w := range warns {
			warn(stderr, w.Path, w.Err, false)
		}
		if err != nil {
			warn(stderr, path, err, true)
			continue
		}
		read++
		text, removals := c.Explain(file.Text)
		switch {
		case !f.explain:
			if len(files) > 1 {
				if i > 0 {
					out.WriteByte('\n')
				}
				fmt.Fprintf(&out, "==> %s <==\n", report.QuotePath(path))
			}
			if text != "" {
				out.WriteString(text)
				out.WriteByte('\n')
			}
		case f.format == "json":
			for _, r := range removals {
				all = append(all, explained{path, r.Line, r.Layer, r.Kind, r.Rule, r.Whole, r.Text})
			}
		default:
			for _, r := range removals {
				fmt.Fprintf(&out, "%s:%d: %s %s (%s) %s: %s\n", report.QuotePath(path), r.Line, r.Layer, r.Kind, r.Rule, wholeWord(r), r.Text)
			}
		}
	}
	if read == 0 {
		return usageErrorf("no input could be read")
	}
	if f.explain && f.format == "json" {
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"removed": all}); err != nil {
			return err
		}
	}
	_, err = fmt.Fprint(stdout, out.String())
	return err
}

func wholeWord(r clean.Removal) string {
	if r.Whole {
		return "line"
	}
	return "fragment"
}
