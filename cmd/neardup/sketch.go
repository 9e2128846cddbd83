package main

// The sketch and group commands: neardup past one machine.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/sketch"
)

func newSketchCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:     "sketch --out FILE.parquet [flags] PATH...",
		Short:   "Fingerprint files into a Parquet sketch file, for grouping later or elsewhere",
		Long:    help("sketch", "", ""),
		Example: example("sketch"),
		RunE:    func(cmd *cobra.Command, args []string) error { return s.sketch(cmd, args, io) },
	}, inputFlags+cleanFlags+fpFlags+runFlags+" threshold bands rows out templates-from",
		"threshold", "Jaccard similarity the band keys are for")
}

func (s *settings) sketch(cmd *cobra.Command, args []string, io streams) error {
	start := time.Now()
	if s.out == "" || s.out == "-" {
		// A Parquet file is written whole and renamed into place: no stdout.
		return errors.New("--out FILE is required (a file: Parquet cannot stream to stdout)\nhint: neardup sketch --out part-00.parquet FOLDER")
	}
	opts, err := s.options(cmd, io)
	if err != nil {
		return err
	}
	if s.templatesFrom != "" {
		if opts.Clean.Templates, err = neardup.TemplatesFrom(s.templatesFrom, opts); errors.Is(err, neardup.ErrSettings) {
			return fmt.Errorf("--templates-from %w\nhint: give this run the flags the sample was sketched with", err)
		} else if err != nil {
			return cmdutil.Hinted(fmt.Errorf("--templates-from %w", err), s.templatesFrom)
		}
	}
	files, problems, err := s.files(cmd, args, false)
	if err != nil {
		return err
	}
	if err := sketch.CheckTarget(s.out, files); errors.Is(err, sketch.ErrNotRegular) {
		return fmt.Errorf("--out %w; nothing was written\nhint: give --out the name of a new .parquet file", err)
	} else if err != nil {
		return cmdutil.Hinted(fmt.Errorf("--out %w; nothing was written", err), s.out)
	}
	shard, c, err := neardup.Sketch(cmd.Context(), files, opts)
	if err != nil {
		return err
	}
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), c.Warnings)
	shard.Skipped += problems
	if len(shard.Docs) == 0 {
		return fmt.Errorf("%w (%d files skipped)", neardup.ErrNoInput, shard.Skipped)
	}
	if err := sketch.WriteFile(cmd.Context(), s.out, shard); err != nil {
		return cmdutil.Hinted(err, s.out)
	}
	s.summarize(cmd, "%s sketched to %s, %d skipped, in %s", cmdutil.Plural(len(shard.Docs), "file"), s.out, shard.Skipped, since(start))
	return nil
}

func newGroupCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:     "group [flags] SKETCH.parquet...",
		Short:   "Print groups of near-duplicates among the files of sketch files",
		Long:    help("group", "at least one group of near-duplicates was found", ""),
		Example: example("group"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("no sketch files given\nhint: neardup group part-*.parquet")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return s.group(cmd, args, io) },
	}, "threshold containment bands rows jobs quiet verbose null keep"+reportFlags, // verification is by signature: no text is read
		"quiet", "print no summary on stderr", "verbose", "report each stage's time and counts on stderr",
		"null", "NUL-separated paths in --format paths output")
}

func (s *settings) group(cmd *cobra.Command, args []string, io streams) error {
	start := time.Now()
	o, err := s.options(cmd, io)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// The heap is mostly signatures, held to the end: collecting at
		// half its size again, not the default whole, keeps a million
		// rows within 1.5 GiB (the slabs hold no pointers, so it costs
		// little).
		debug.SetGCPercent(50)
	}
	shard, err := sketch.ReadFiles(args)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w\nhint: group takes the sketch files neardup sketch --out wrote", err)
	} else if err != nil {
		return cmdutil.Hinted(err, "")
	}
	c, opts, err := neardup.LoadShard(shard, s.jobs)
	if err != nil {
		return fmt.Errorf("sketch settings: %w", err)
	}
	g := opts.Group // the sketches' threshold and banding, unless set here
	g.Keep, g.Containment, g.SkipRedundant = o.Group.Keep, o.Group.Containment, o.Group.SkipRedundant
	if cmd.Flags().Changed("threshold") {
		g.Threshold, g.LSH = s.threshold, lsh.Params{}
	}
	if s.bands != 0 || s.rows != 0 {
		if g.LSH, err = lsh.Fit(s.bands, s.rows, opts.Fingerprint.Perms); err != nil {
			return err
		}
	}
	res, err := c.Group(cmd.Context(), g)
	if err != nil {
		return err
	}
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), res.Warnings) // files changed since they were sketched
	return s.finish(cmd, io, res, g.Threshold, start, "%s from %s, %d skipped", cmdutil.Plural(res.Report.Stats.Files, "file"), cmdutil.Plural(len(args), "sketch file"), res.Report.Stats.Skipped)
}
