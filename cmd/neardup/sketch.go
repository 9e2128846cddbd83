package main

// The sketch and group commands: neardup past one machine.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/sketch"
)

type sketchFlags struct {
	corpusFlags
	threshold          float64
	out, templatesFrom string
}

func newSketchCmd(io streams) *cobra.Command {
	var f sketchFlags
	cmd := &cobra.Command{
		Use:   "sketch --out FILE.parquet [flags] PATH...",
		Short: "Fingerprint files into a Parquet sketch file, for grouping later or elsewhere",
		Long: `Sketch reads and fingerprints files exactly as scan does (cleaning, stemming,
shingles, MinHash) and writes one Parquet row per file: path, size, hashes,
word counts, signature, anchors and the LSH band keys for --threshold, with
the settings in the file's metadata. neardup group reads any number of
sketches; DuckDB or Spark can group them too (see the README).

Shards of one corpus must clean alike: learn the template lines once, on a
sample, and give every shard --templates-from that sample's sketch.

` + exitHelp("", ""),
		Example: `  neardup sketch --out sample.parquet archive/sample/
  neardup sketch --templates-from sample.parquet --out part-00.parquet archive/2004/
  neardup group part-*.parquet`,
		RunE: func(cmd *cobra.Command, args []string) error { return runSketch(cmd, args, &f, io) },
	}
	f.corpusFlags.register(cmd, false, false)
	fl := cmd.Flags()
	fl.Float64Var(&f.threshold, "threshold", neardup.DefaultThreshold, "Jaccard similarity the band keys are for")
	fl.Var(cmdutil.NewDecimal(&f.group.bands, 0), "bands", "LSH bands (default: chosen from --threshold and --perms)")
	fl.Var(cmdutil.NewDecimal(&f.group.rows, 0), "rows", "LSH rows per band (default: chosen from --threshold and --perms)")
	fl.StringVarP(&f.out, "out", "o", "", "write the sketch to `FILE` (Parquet)")
	fl.StringVar(&f.templatesFrom, "templates-from", "", "clean with the template lines stored in the sketch `FILE` instead of counting them here")
	return cmd
}

func runSketch(cmd *cobra.Command, args []string, f *sketchFlags, io streams) error {
	start := time.Now()
	if f.out == "" || f.out == "-" {
		// A Parquet file is written whole and renamed into place: no stdout.
		return errors.New("--out FILE is required (a file: Parquet cannot stream to stdout)\nhint: neardup sketch --out part-00.parquet FOLDER")
	}
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	opts.Group.Threshold = f.threshold
	if opts.Group.LSH, err = lsh.Fit(f.group.bands, f.group.rows, opts.Fingerprint.Perms); err != nil {
		return err
	}
	if f.templatesFrom != "" {
		if opts.Clean.Templates, err = neardup.TemplatesFrom(f.templatesFrom, opts); errors.Is(err, neardup.ErrSettings) {
			return fmt.Errorf("--templates-from %w\nhint: give this run the flags the sample was sketched with", err)
		} else if err != nil {
			return hinted(fmt.Errorf("--templates-from %w", err), f.templatesFrom)
		}
	}
	files, problems, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	if err := sketch.CheckTarget(f.out, files); errors.Is(err, sketch.ErrNotRegular) {
		return fmt.Errorf("--out %w; nothing was written\nhint: give --out the name of a new .parquet file", err)
	} else if err != nil {
		return hinted(fmt.Errorf("--out %w; nothing was written", err), f.out)
	}
	shard, c, err := neardup.Sketch(cmd.Context(), files, opts)
	if err != nil {
		return err
	}
	printWarnings(cmd.ErrOrStderr(), c.Warnings)
	shard.Skipped += problems
	if len(shard.Docs) == 0 {
		return fmt.Errorf("%w (%d files skipped)", neardup.ErrNoInput, shard.Skipped)
	}
	if err := sketch.WriteFile(f.out, shard); err != nil {
		return hinted(err, f.out)
	}
	if !f.run.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: %s sketched to %s, %d skipped, in %s\n", plural(len(shard.Docs), "file"), f.out, shard.Skipped, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

type groupCmdFlags struct {
	group                groupFlags
	out                  outputFlags
	jobs                 int
	quiet, verbose, null bool
}

func newGroupCmd(io streams) *cobra.Command {
	var f groupCmdFlags
	cmd := &cobra.Command{
		Use:   "group [flags] SKETCH.parquet...",
		Short: "Print groups of near-duplicates among the files of sketch files",
		Long: `Group reads sketch files (made by neardup sketch with the same settings),
finds candidate pairs with LSH, verifies them by signature (as scan --verify
estimate: no file is read again) and prints the groups in any scan format.
Over the sketches of a folder's parts it prints what scan --verify estimate
prints over the whole folder. --threshold, --bands and --rows default to the
sketches' own.

` + exitHelp("at least one group of near-duplicates was found", ""),
		Example: `  neardup group part-*.parquet
  neardup group -f pairs part-*.parquet > edges.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("no sketch files given\nhint: neardup group part-*.parquet")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runGroup(cmd, args, &f, io) },
	}
	f.group.register(cmd, false) // verification is by signature: no text is read
	f.out.register(cmd, "at least one group is found", true)
	fl := cmd.Flags()
	fl.VarP(cmdutil.NewDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "goroutines finding candidates")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no summary on stderr")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "report each stage's time and counts on stderr")
	fl.BoolVarP(&f.null, "null", "0", false, "NUL-separated paths in --format paths output")
	return cmd
}

func runGroup(cmd *cobra.Command, args []string, f *groupCmdFlags, io streams) error {
	start := time.Now()
	keep, err := f.out.check()
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
		return hinted(err, "")
	}
	c, opts, err := neardup.LoadShard(shard, f.jobs)
	if err != nil {
		return fmt.Errorf("sketch settings: %w", err)
	}
	g := opts.Group
	g.Keep, g.Containment = keep, f.group.containment
	fl := cmd.Flags()
	if fl.Changed("threshold") {
		g.Threshold, g.LSH = f.group.threshold, lsh.Params{}
	}
	if f.group.bands != 0 || f.group.rows != 0 {
		if g.LSH, err = lsh.Fit(f.group.bands, f.group.rows, opts.Fingerprint.Perms); err != nil {
			return err
		}
	}
	res, err := c.Group(cmd.Context(), g)
	if err != nil {
		return err
	}
	printWarnings(cmd.ErrOrStderr(), res.Warnings) // files changed since they were sketched
	if err := f.out.write(cmd, io, res.Report, report.Options{Null: f.null, Threshold: g.Threshold}); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	if f.verbose {
		_ = res.WriteStages(stderr)
	}
	if !f.quiet && !f.out.closed {
		st := res.Report.Stats
		fmt.Fprintf(stderr, "neardup: %s from %s, %d skipped, %s in %s\n",
			plural(st.Files, "file"), plural(len(args), "sketch file"), st.Skipped, plural(st.Groups, "group"), time.Since(start).Round(time.Millisecond))
	}
	return f.out.found(res.Report)
}
