package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/stem"
)

type cleanCmdFlags struct {
	in       inputFlags
	clean    cleanFlags
	explain  bool
	format   string
	jobs     int
	maxBytes int64
	lang     string
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
	fl.VarP(cmdutil.NewDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "files read in parallel for the template pass")
	fl.StringVar(&f.lang, "lang", neardup.DefaultLang, "language of the text, whose stop words the line classifier counts ("+strings.Join(stem.Languages(), ", ")+", or none)")
	fl.Var(cmdutil.NewDecimal(&f.maxBytes, neardup.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	return cmd
}

func runClean(cmd *cobra.Command, args []string, f *cleanCmdFlags) error {
	if err := checkFormat(f.format, []string{"text", "json"}); err != nil {
		return err
	}
	if f.format != "text" && !f.explain {
		return errors.New("--format json needs --explain (the cleaned text is plain text)")
	}
	co, err := f.clean.options(cmd.Context())
	if err != nil {
		return err
	}
	files, _, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	// Output streams file by file, in input order; interrupted, it stops at
	// a file boundary.
	w := clean.NewWriter(cmd.OutOrStdout(), f.explain, f.format == "json", len(files) > 1)
	opts := neardup.Options{Clean: co, Jobs: f.jobs, Read: neardup.ReadOptions{MaxBytes: f.maxBytes}, Fingerprint: neardup.FingerprintOptions{Lang: f.lang}}
	err = neardup.Clean(cmd.Context(), files, opts, func(path, text string, removals []clean.Removal) error {
		if err := w.Add(path, text, removals); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	}, func(wn neardup.Warning) { printWarnings(cmd.ErrOrStderr(), []neardup.Warning{wn}) })
	if err != nil {
		if cmd.Context().Err() != nil {
			return errors.Join(err, w.Flush())
		}
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
