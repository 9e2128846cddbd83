package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

type scanFlags struct {
	corpusFlags
	out         outputFlags
	cpuprof, db string
	strict      bool
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
	f.out.register(cmd, "at least one group is found", true)
	fl := cmd.Flags()
	fl.BoolVar(&f.strict, "strict", false, "exit 2 when any file gets a warning, printing nothing")
	fl.StringVar(&f.cpuprof, "cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	fl.StringVar(&f.db, "db", "", "use and refresh the index `FILE` as a cache of fingerprints")
	return cmd
}

func runScan(cmd *cobra.Command, args []string, f *scanFlags, io streams) error {
	start := time.Now()
	keep, err := f.out.check()
	if err != nil {
		return err
	}
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	opts.Group.Keep = keep
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
		ix, err := neardup.OpenIndex(ctx, f.db, neardup.IndexOptions{Create: true})
		if err != nil {
			return indexError(cmd, f.db, err)
		}
		defer ix.Close()
		if c, err = ix.Scan(ctx, files, opts); err != nil {
			return indexError(cmd, f.db, err)
		}
		// The index is a cache: new fingerprints are stored once the scan
		// has printed its answer, never by a run that was interrupted, and
		// a cache that cannot be written is a warning, not a failed scan.
		defer func() {
			if err := ix.Store(ctx, c); err != nil && ctx.Err() == nil {
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
	if n := problems + len(c.Warnings); f.strict && n > 0 {
		// Nothing on stdout: a pipeline into rm must not act on a run
		// that failed.
		return fmt.Errorf("--strict: %s, nothing printed", plural(n, "warning"))
	}
	res, err := c.Group(ctx, opts.Group)
	if err != nil {
		return err
	}
	printWarnings(stderr, res.Warnings)
	if f.strict && len(res.Warnings) > 0 {
		return fmt.Errorf("--strict: %s, nothing printed", plural(len(res.Warnings), "warning"))
	}
	if err := f.out.write(cmd, io, res.Report, report.Options{Null: f.in.null, Threshold: opts.Group.Threshold}); err != nil {
		return err
	}
	if f.run.verbose {
		_ = res.WriteStages(stderr)
	}
	if !f.run.quiet && !f.out.closed {
		st := res.Report.Stats
		fmt.Fprintf(stderr, "neardup: %s read, %d skipped, %s in %s\n",
			plural(st.Files, "file"), st.Skipped, plural(st.Groups, "group"), time.Since(start).Round(time.Millisecond))
	}
	return f.out.found(res.Report)
}
