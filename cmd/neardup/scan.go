package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

func newScanCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:     "scan [flags] PATH...",
		Short:   "Print groups of near-duplicate articles among files and folders",
		Long:    help("scan", "at least one group of near-duplicates was found", ", or (with --strict) any file warning"),
		Example: example("scan"),
		RunE:    func(cmd *cobra.Command, args []string) error { return s.scan(cmd, args, io) },
	}, inputFlags+cleanFlags+fpFlags+groupFlags+runFlags+reportFlags+" verbose keep strict cpuprofile db",
		"null", nullPaths, "db", "use and refresh the index `FILE` as a cache of fingerprints")
}

func (s *settings) scan(cmd *cobra.Command, args []string, io streams) error {
	start := time.Now()
	opts, err := s.options(cmd, io)
	if err != nil {
		return err
	}
	stop, err := cmdutil.CPUProfile(s.cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	ctx, stderr := cmd.Context(), cmd.ErrOrStderr()
	files, problems, err := s.files(cmd, args, false)
	if err != nil {
		return err
	}
	var c *neardup.Corpus
	if s.db != "" {
		ix, err := neardup.OpenIndex(ctx, s.db, neardup.IndexOptions{Create: true})
		if err != nil {
			return cmdutil.IndexError(cmd.Context(), s.db, err)
		}
		defer ix.Close()
		if c, err = ix.Scan(ctx, files, opts); err != nil {
			return cmdutil.IndexError(cmd.Context(), s.db, err)
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
				fmt.Fprintf(stderr, "neardup: warning: index %s: %s not stored: %s (the next scan --db stores them)\n", s.db, cmdutil.Plural(c.Pending(), "fingerprint"), why)
			}
		}()
	} else if c, err = neardup.Fingerprint(ctx, files, opts); err != nil {
		return err
	}
	c.Skipped += problems
	cmdutil.PrintWarnings(stderr, c.Warnings)
	if len(c.Docs) == 0 {
		return fmt.Errorf("%w (%d files skipped)", neardup.ErrNoInput, c.Skipped)
	}
	if s.verbose {
		if s.db != "" {
			fmt.Fprintf(stderr, "neardup: index %s: %d files fingerprinted, %d from the index\n", s.db, len(c.Docs)-c.Stages.Stored, c.Stages.Stored)
		}
		for _, d := range c.Docs {
			if d.Encoding != decode.UTF8 && !d.Stored {
				fmt.Fprintf(stderr, "neardup: note: %s: decoded as %s\n", report.QuotePath(d.Path), d.Encoding)
			}
		}
	}
	if n := problems + len(c.Warnings); s.strict && n > 0 {
		// Nothing on stdout: a pipeline into rm must not act on a run
		// that failed.
		return fmt.Errorf("--strict: %s, nothing printed", cmdutil.Plural(n, "warning"))
	}
	res, err := c.Group(ctx, opts.Group)
	if err != nil {
		return err
	}
	cmdutil.PrintWarnings(stderr, res.Warnings)
	if s.strict && len(res.Warnings) > 0 {
		return fmt.Errorf("--strict: %s, nothing printed", cmdutil.Plural(len(res.Warnings), "warning"))
	}
	return s.finish(cmd, io, res, opts.Group.Threshold, start, "%s read, %d skipped", cmdutil.Plural(res.Report.Stats.Files, "file"), res.Report.Stats.Skipped)
}

// finish writes a grouping's report, its stages with --verbose and the
// summary; its error says what --exit-code asks.
func (s *settings) finish(cmd *cobra.Command, io streams, res *neardup.Result, threshold float64, start time.Time, format string, args ...any) error {
	if err := s.write(cmd, io, res.Report, report.Options{Threshold: threshold}); err != nil {
		return err
	}
	if s.verbose {
		_ = res.WriteStages(cmd.ErrOrStderr())
	}
	s.summarize(cmd, format+", %s in %s", append(args, cmdutil.Plural(res.Report.Stats.Groups, "group"), since(start))...)
	return s.found(res.Report)
}
