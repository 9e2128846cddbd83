package main

// The sketch and group commands: neardup past one machine. Both are thin:
// flags, then package sketch and package scan, then package report.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/scan"
	"github.com/neardup/neardup/pkg/sketch"
)

type sketchFlags struct {
	corpusFlags
	out           string
	templatesFrom string
}

func newSketchCmd() *cobra.Command {
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

` + exitCodesHelp,
		Example: `  neardup sketch --out sample.parquet archive/sample/
  neardup sketch --templates-from sample.parquet --out part-00.parquet archive/2004/
  neardup group part-*.parquet`,
		RunE: func(cmd *cobra.Command, args []string) error { return runSketch(cmd, args, &f) },
	}
	f.corpusFlags.register(cmd)
	// Grouping flags of corpusFlags mean nothing before grouping.
	_ = cmd.Flags().MarkHidden("verify")
	_ = cmd.Flags().MarkHidden("containment")
	cmd.Flags().StringVarP(&f.out, "out", "o", "", "write the sketch to `FILE` (Parquet)")
	cmd.Flags().StringVar(&f.templatesFrom, "templates-from", "", "clean with the template lines stored in the sketch `FILE` instead of counting them here")
	return cmd
}

// sketchSettings is what a sketch records of opts.
func sketchSettings(opts scan.Options) sketch.Settings {
	p := opts.LSH
	if p == (lsh.Params{}) {
		p = lsh.Optimal(opts.Threshold, opts.Fingerprint.Perms)
	}
	return sketch.Settings{Settings: settingsOf(opts), MaxBytes: opts.MaxBytes, Threshold: opts.Threshold, Bands: p.Bands, Rows: p.Rows}
}

func runSketch(cmd *cobra.Command, args []string, f *sketchFlags) error {
	start := time.Now()
	if f.out == "" {
		return usageErrorf("--out FILE is required\nhint: neardup sketch --out part-00.parquet FOLDER")
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	set := sketchSettings(opts)
	if f.templatesFrom != "" {
		h, _, err := sketch.Header(f.templatesFrom)
		if err != nil {
			return sketchError(err)
		}
		if d := h.Settings.Diff(set); len(d) > 0 {
			return usageErrorf("--templates-from %s was made with other settings: %s (it, this run)\nhint: give this run the flags the sample was sketched with", f.templatesFrom, strings.Join(d, "; "))
		}
		if h.Templates == nil {
			return usageErrorf("--templates-from %s holds no template lines (its corpus layer was off)", f.templatesFrom)
		}
		opts.Templates = h.Templates
	}
	// Warnings are printed as they come; the sketch records the count of
	// files skipped, for group's stats.
	res, _, err := f.fingerprint(cmd, args, opts)
	if err != nil {
		return err
	}
	written := time.Now()
	if err := sketch.WriteFile(f.out, &sketch.Shard{Settings: set, Templates: res.Templates, Skipped: res.Skipped, Docs: res.Docs}); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	if f.verbose {
		ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
		fmt.Fprintf(stderr, "neardup: templates    %8s\n", ms(res.TemplateTime))
		fmt.Fprintf(stderr, "neardup: fingerprint  %8s  %d files, %d skipped\n", ms(res.FingerprintTime), len(res.Docs), res.Skipped)
		fmt.Fprintf(stderr, "neardup: write        %8s  %d bands x %d rows\n", ms(time.Since(written)), set.Bands, set.Rows)
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "neardup: %s sketched to %s, %d skipped, in %s\n", plural(len(res.Docs), "file"), f.out, res.Skipped, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

type groupFlags struct {
	threshold, containment float64
	bands, rows, jobs      int
	quiet, verbose, null   bool
	format, keep, color    string
	exitCode               bool
}

func newGroupCmd() *cobra.Command {
	var f groupFlags
	cmd := &cobra.Command{
		Use:   "group [flags] SKETCH.parquet...",
		Short: "Print groups of near-duplicates among the files of sketch files",
		Long: `Group reads sketch files (made by neardup sketch with the same settings),
finds candidate pairs with LSH, verifies them by signature (as scan --verify
estimate: no file is read again) and prints the groups in any scan format.
Over the sketches of a folder's parts it prints what scan --verify estimate
prints over the whole folder. --threshold, --bands and --rows default to the
sketches' own.

` + exitCodesHelp,
		Example: `  neardup group part-*.parquet
  neardup group -f pairs part-*.parquet > edges.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runGroup(cmd, args, &f) },
	}
	fl := cmd.Flags()
	fl.Float64Var(&f.threshold, "threshold", scan.DefaultThreshold, "Jaccard similarity a pair must reach to be grouped (default: the sketches')")
	fl.Var(newDecimal(&f.bands, 0), "bands", "LSH bands (default: the sketches', or chosen from --threshold)")
	fl.Var(newDecimal(&f.rows, 0), "rows", "LSH rows per band (default: the sketches', or chosen from --threshold)")
	fl.Float64Var(&f.containment, "containment", scan.DefaultContainment, "also group a pair when this share of the shorter text is in the longer (0: off)")
	fl.VarP(newDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "goroutines finding candidates")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no summary on stderr")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "report each stage's time and counts on stderr")
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.StringVar(&f.keep, "keep", scan.KeepFirst, "member each group keeps first: "+strings.Join(scan.KeepChoices, ", "))
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when at least one group is found")
	fl.BoolVarP(&f.null, "null", "0", false, "NUL-separated paths in --format paths output")
	return cmd
}

func runGroup(cmd *cobra.Command, args []string, f *groupFlags) error {
	start := time.Now()
	if !slices.Contains(report.Formats, f.format) {
		return usageErrorf("--format: unknown format %q (want %s)", f.format, strings.Join(report.Formats, ", "))
	}
	if !slices.Contains([]string{"auto", "always", "never"}, f.color) {
		return usageErrorf("--color: want auto, always or never, got %q", f.color)
	}
	if !slices.Contains(scan.KeepChoices, f.keep) {
		return usageErrorf("--keep: want one of %s, got %q", strings.Join(scan.KeepChoices, ", "), f.keep)
	}
	if os.Getenv("GOGC") == "" {
		// The heap is mostly signatures, held to the end: collecting at
		// half its size again, not the default whole, keeps a million
		// rows within 1.5 GiB (the slabs hold no pointers, so it costs
		// little).
		debug.SetGCPercent(50)
	}
	shard, err := sketch.ReadFiles(args)
	if err != nil {
		return sketchError(err)
	}
	read := time.Since(start)
	set := shard.Settings
	opts := scan.Options{
		Fingerprint: fingerprint.Config{Shingle: set.Shingle, Perms: set.Perms, Seed: set.Seed, Lang: set.Lang, NoStem: set.NoStem, DropStopWords: set.DropStopWords},
		Threshold:   set.Threshold, LSH: set.LSH(), Containment: f.containment, Verify: scan.VerifyEstimate, Jobs: f.jobs, MaxBytes: set.MaxBytes,
	}
	fl := cmd.Flags()
	if fl.Changed("threshold") {
		opts.Threshold, opts.LSH = f.threshold, lsh.Params{}
	}
	switch {
	case f.bands == 0 && f.rows == 0:
	case f.bands == 0:
		opts.LSH = lsh.Params{Bands: set.Perms / f.rows, Rows: f.rows}
	case f.rows == 0:
		opts.LSH = lsh.Params{Bands: f.bands, Rows: set.Perms / f.bands}
	default:
		opts.LSH = lsh.Params{Bands: f.bands, Rows: f.rows}
	}
	if opts.LSH != (lsh.Params{}) {
		if err := opts.LSH.Validate(set.Perms); err != nil {
			return usageErrorf("--bands/--rows: %w", err)
		}
	}
	res, err := scan.FromDocs(shard.Docs, opts)
	if err != nil {
		return usageErrorf("sketch settings: %w", err)
	}
	res.Skipped = shard.Skipped
	if err := res.Group(cmd.Context(), opts); err != nil {
		return err
	}
	rep, err := res.ReportKeeping(f.keep)
	if err != nil {
		return usageErrorf("--keep: %w", err)
	}
	out := cmd.OutOrStdout()
	ropts := report.Options{Null: f.null, Threshold: opts.Threshold}
	switch f.color {
	case "always":
		ropts.Color = true
	case "auto":
		ropts.Color = isTerminal(out) && os.Getenv("NO_COLOR") == ""
	}
	if isTerminal(out) {
		ropts.Width = terminalWidth(out)
	}
	if err := writeReport(out, rep, f.format, ropts); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	if f.verbose {
		ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
		fmt.Fprintf(stderr, "neardup: read         %8s  %d files from %s\n", ms(read), len(res.Docs), plural(len(args), "sketch file"))
		fmt.Fprintf(stderr, "neardup: candidates   %8s  %d pairs (%d bands x %d rows)\n", ms(res.CandidateTime), res.Candidates, res.LSH.Bands, res.LSH.Rows)
		fmt.Fprintf(stderr, "neardup: verify+group %8s  %d pairs verified, %d groups\n", ms(res.GroupTime), len(res.Matched), len(res.Groups))
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "neardup: %s from %s, %d skipped, %s in %s\n",
			plural(rep.Stats.Files, "file"), plural(len(args), "sketch file"), rep.Stats.Skipped, plural(rep.Stats.Groups, "group"), time.Since(start).Round(time.Millisecond))
	}
	if f.exitCode && len(res.Groups) > 0 {
		return &exitError{code: exitFound}
	}
	return nil
}

// sketchError turns an error of package sketch into a usage error (exit
// 2) with a hint.
func sketchError(err error) error {
	hint := ""
	switch {
	case errors.Is(err, sketch.ErrMixed):
		hint = "sketch every shard with the same flags, and the same --templates-from"
	case errors.Is(err, sketch.ErrDuplicate):
		hint = "shards must not overlap: give each file to one sketch"
	case errors.Is(err, sketch.ErrNotSketch):
		hint = "make sketch files with neardup sketch --out FILE.parquet"
	case errors.Is(err, sketch.ErrNewer):
		hint = "upgrade neardup to read this sketch"
	case errors.Is(err, fs.ErrNotExist):
		hint = "group takes the sketch files neardup sketch --out wrote"
	}
	if hint != "" {
		hint = "\nhint: " + hint
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("%w%s", err, hint)}
}
