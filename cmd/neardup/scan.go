package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

type scanFlags struct {
	corpusFlags
	format, keep, color, cpuprof, db string
	exitCode, strict                 bool
}

func newScanCmd(io streams) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [flags] PATH...",
		Short: "Print groups of near-duplicate articles among files and folders",
		Long: `Scan reads the text files under each PATH (folders are walked recursively in
sorted order; *.txt by default), fingerprints them and prints groups of
near-duplicates on stdout. Warnings and a one-line summary go to stderr, and a
progress bar too when stderr is a terminal.

` + exitHelp("at least one group of near-duplicates was found", ", or (with --strict) any file warning"),
		Example: `  neardup scan testdata/articles
  neardup scan --format json --threshold 0.7 archive/
  find archive -name '*.txt' -print0 | neardup scan --files-from - -0
  neardup scan --exit-code --quiet incoming/ || echo "duplicates found"
  neardup scan --keep longest --format paths -0 archive/ | xargs -0 ls -l`,
		RunE: func(cmd *cobra.Command, args []string) error { return runScan(cmd, args, &f, io) },
	}
	f.corpusFlags.register(cmd, true, true)
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when at least one group is found")
	fl.BoolVar(&f.strict, "strict", false, "exit 2 when any file gets a warning, printing nothing")
	fl.StringVar(&f.keep, "keep", "first", "member each group keeps first: "+strings.Join(neardup.KeepNames(), ", "))
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	fl.StringVar(&f.cpuprof, "cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	fl.StringVar(&f.db, "db", "", "use and refresh the index `FILE` as a cache of fingerprints")
	return cmd
}

func runScan(cmd *cobra.Command, args []string, f *scanFlags, io streams) error {
	start := time.Now()
	if err := checkFormat(f.format, report.Formats); err != nil {
		return err
	}
	if !slices.Contains([]string{"auto", "always", "never"}, f.color) {
		return fmt.Errorf("--color: want auto, always or never, got %q", f.color)
	}
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	if opts.Group.Keep, err = neardup.ParseKeep(f.keep); err != nil {
		return fmt.Errorf("--%w", err)
	}
	if f.cpuprof != "" {
		pf, err := os.Create(f.cpuprof)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stderr := cmd.Context(), cmd.ErrOrStderr()
	files, problems, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	var c *neardup.Corpus
	if f.db != "" {
		ix, err := openIndex(cmd, f.db, neardup.IndexOptions{Create: true})
		if err != nil {
			return err
		}
		defer ix.Close()
		if c, err = ix.Scan(ctx, files, opts); err != nil {
			return indexError(cmd, f.db, err)
		}
		// The index is a cache: new fingerprints are stored once the scan
		// has printed its answer, never by a run that was interrupted, and
		// a cache that cannot be written is a warning, not a failed scan.
		defer func() {
			err := ix.Store(ctx, c)
			if err != nil && ctx.Err() == nil {
				why := err.Error()
				if errors.Is(err, index.ErrLocked) || errors.Is(err, index.ErrChanged) {
					why = "another neardup is writing it"
				}
				fmt.Fprintf(stderr, "neardup: warning: index %s: %s not stored: %s (the next scan --db stores them)\n", f.db, plural(c.Pending(), "fingerprint"), why)
			}
		}()
	} else if c, err = neardup.Fingerprint(ctx, files, opts); err != nil {
		return err
	}
	c.Skipped += problems
	warnings := problems + len(c.Warnings)
	printWarnings(stderr, c.Warnings)
	if len(c.Docs) == 0 {
		return fmt.Errorf("%w (%d files skipped)", neardup.ErrNoInput, c.Skipped)
	}
	if f.run.verbose {
		if f.db != "" {
			fmt.Fprintf(stderr, "neardup: index %s: %d files fingerprinted, %d from the index\n", f.db, len(c.Docs)-c.Stages.Stored, c.Stages.Stored)
		}
		for _, d := range c.Docs {
			if d.Encoding != decode.UTF8 && !d.Stored {
				fmt.Fprintf(stderr, "neardup: note: %s: decoded as %s\n", report.QuotePath(d.Path), d.Encoding)
			}
		}
	}
	if f.strict && warnings > 0 {
		// Nothing on stdout: a pipeline into rm must not act on a run
		// that failed.
		return fmt.Errorf("--strict: %s, nothing printed", plural(warnings, "warning"))
	}
	res, err := c.Group(ctx, opts.Group)
	if err != nil {
		return err
	}
	printWarnings(stderr, res.Warnings)
	ropts := report.Options{Null: f.in.null, Threshold: opts.Group.Threshold}
	ropts.Color = f.color == "always" || f.color == "auto" && io.outTTY && os.Getenv("NO_COLOR") == ""
	if io.outTTY {
		ropts.Width = io.width
	}
	if err := writeReport(cmd.OutOrStdout(), res.Report, f.format, ropts); err != nil {
		return err
	}
	if f.run.verbose {
		verbose(stderr, res)
	}
	if !f.run.quiet {
		st := res.Report.Stats
		fmt.Fprintf(stderr, "neardup: %s read, %d skipped, %s in %s\n",
			plural(st.Files, "file"), st.Skipped, plural(st.Groups, "group"), time.Since(start).Round(time.Millisecond))
	}
	if f.exitCode && len(res.Report.Groups) > 0 {
		return errFound
	}
	return nil
}

// checkFormat checks a --format value.
func checkFormat(format string, formats []string) error {
	if !slices.Contains(formats, format) {
		return fmt.Errorf("--format: unknown format %q (want %s)", format, strings.Join(formats, ", "))
	}
	return nil
}

// writeReport writes rep to w. A path the paths format cannot print on
// one line is an error (nothing is written) with the way out.
func writeReport(w io.Writer, rep report.Report, format string, opts report.Options) error {
	err := report.Write(w, rep, format, opts)
	var le *report.LineError
	switch {
	case err == nil, closedPipe(err):
		// A closed stdout is a reader that has all it wants: the run still
		// ends with its exit code (--exit-code, --strict).
		return nil
	case errors.As(err, &le):
		return fmt.Errorf("%w\nhint: use -0 for NUL-ended paths (and xargs -0 to read them)", le)
	}
	return fmt.Errorf("write output: %w", err)
}

func printWarnings(w io.Writer, ws []neardup.Warning) {
	for _, wn := range ws {
		if errors.Is(wn.Err, neardup.ErrChanged) {
			wn.Err = fmt.Errorf("%w (hint: neardup index --rebuild)", wn.Err)
		}
		warn(w, wn)
	}
}

// progress draws a bar on w (a terminal) as files are fingerprinted.
func progress(w io.Writer) func(done, total int) {
	var once sync.Once
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		once.Do(func() {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("fingerprinting"),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(65*time.Millisecond), progressbar.OptionClearOnFinish())
		})
		_ = bar.Set(done)
		if done == total {
			_ = bar.Finish()
		}
	}
}

// verbose prints each stage's time and counts.
func verbose(w io.Writer, res *neardup.Result) {
	c, s := res.Corpus, res.Stages
	var words, shingles int
	for _, d := range c.Docs {
		words += d.Words
		shingles += d.Shingles
	}
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	fmt.Fprintf(w, "neardup: templates    %8s\n", ms(s.Templates))
	fmt.Fprintf(w, "neardup: fingerprint  %8s  %d files, %d skipped, %d words, %d shingles\n", ms(s.Fingerprint), len(c.Docs), c.Skipped, words, shingles)
	fmt.Fprintf(w, "neardup: candidates   %8s  %d pairs (%d bands x %d rows)\n", ms(s.Candidates), s.Pairs, s.LSH.Bands, s.LSH.Rows)
	fmt.Fprintf(w, "neardup: verify+group %8s  %d pairs verified, %d groups\n", ms(s.Group), s.Verified, len(res.Report.Groups))
}
