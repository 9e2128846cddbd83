package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/decode"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/scan"
	"github.com/neardup/neardup/pkg/stem"
)

// inputFlags select the files to read; shared by commands that read a corpus.
type inputFlags struct {
	include, exclude []string
	follow           bool
	filesFrom        string
	null             bool
}

func (f *inputFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.include, "include", nil, "read files matching `GLOB` when walking folders (repeatable; default *.txt)")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "skip files and folders matching `GLOB` (repeatable)")
	fl.BoolVar(&f.follow, "follow", false, "follow symbolic links met while walking folders")
	fl.StringVar(&f.filesFrom, "files-from", "", "read paths from `FILE`, one per line ('-' for stdin)")
	fl.BoolVarP(&f.null, "null", "0", false, "paths are NUL-separated: in --files-from, and in --format paths output")
}

// files expands args and --files-from into the sorted list of files to
// read, printing a warning line per path that could not be used. It fails
// when no file is left; it returns the number of such paths.
func (f *inputFlags) files(cmd *cobra.Command, args []string) ([]string, int, error) {
	files, problems, err := f.expand(cmd, args)
	if err != nil {
		return nil, 0, err
	}
	for _, p := range problems {
		warn(cmd.ErrOrStderr(), p.Path, p.Err, false)
	}
	if len(files) == 0 {
		return nil, 0, usageErrorf("no input files found\nhint: folders are searched for *.txt; use --include to read other names")
	}
	return files, len(problems), nil
}

func (f *inputFlags) expand(cmd *cobra.Command, args []string) ([]string, []inputs.Problem, error) {
	roots := slices.Clone(args)
	if f.filesFrom != "" {
		r := cmd.InOrStdin()
		if f.filesFrom != "-" {
			file, err := os.Open(f.filesFrom)
			if err != nil {
				return nil, nil, &exitError{code: exitUsage, err: fmt.Errorf("read --files-from: %w", err)}
			}
			defer file.Close()
			r = file
		}
		// A list that never ends (yes | neardup …) stops at the first
		// signal: the reader checks the context between reads.
		list, err := inputs.ReadList(ctxReader{cmd.Context(), r}, f.null)
		if err != nil {
			return nil, nil, &exitError{code: exitUsage, err: fmt.Errorf("read --files-from %s: %w", f.filesFrom, err)}
		}
		roots = append(roots, list...)
	}
	if len(roots) == 0 && f.filesFrom == "" { // an empty list is no files, not no paths
		return nil, nil, usageErrorf("no paths given\nhint: neardup %s FOLDER, or --files-from FILE", cmd.Name())
	}
	files, problems, err := inputs.Expand(roots, inputs.Options{Include: f.include, Exclude: f.exclude, Follow: f.follow})
	if err != nil {
		return nil, nil, &exitError{code: exitUsage, err: err}
	}
	return files, problems, nil
}

// ctxReader is a reader that fails once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// pipelineFlags are the settings a signature depends on.
type pipelineFlags struct {
	shingle, perms int
	seed           uint64
	lang           string
	noStem         bool
	dropStopWords  bool
	noClean        bool
	rules          string
	noRules        []string
	templateFiles  int
	templateShare  float64
}

func (p *pipelineFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.Var(newDecimal(&p.shingle, scan.DefaultShingle), "shingle", "words per shingle")
	fl.Var(newDecimal(&p.perms, scan.DefaultPerms), "perms", "MinHash permutations (signature length)")
	fl.Var(newDecimal(&p.seed, uint64(scan.DefaultSeed)), "seed", "MinHash seed; signatures are identical for the same seed")
	fl.StringVar(&p.lang, "lang", scan.DefaultLang, "stemming language: "+strings.Join(stem.Languages(), ", "))
	fl.BoolVar(&p.noStem, "no-stem", false, "do not stem words")
	fl.BoolVar(&p.dropStopWords, "drop-stop-words", false, "leave the language's stop words out of shingles")
	fl.BoolVar(&p.noClean, "no-clean", false, "do not remove boilerplate")
	fl.StringVar(&p.rules, "rules", "", "add boilerplate rules from `FILE` (KIND<TAB>REGEX a line)")
	fl.Var(newDecimal(&p.templateFiles, scan.DefaultTemplateFiles), "template-files", "drop a line found in at least `N` files as an outlet template (0: off)")
	fl.Float64Var(&p.templateShare, "template-share", scan.DefaultTemplateShare, "... and in more than this share of the files")
	fl.StringArrayVar(&p.noRules, "no-rules", nil, "disable built-in rules of `KIND` (repeatable): "+strings.Join(clean.BuiltinKinds(), ", "))
}

func (p *pipelineFlags) cleaner() (*clean.Cleaner, error) {
	if p.noClean {
		return nil, nil
	}
	rules, unknown := clean.Without(clean.BuiltinRules(), p.noRules...)
	if len(unknown) > 0 {
		return nil, usageErrorf("--no-rules: unknown kind %s (kinds: %s)", strings.Join(unknown, ", "), strings.Join(clean.BuiltinKinds(), ", "))
	}
	if p.rules != "" {
		f, err := os.Open(p.rules)
		if err != nil {
			return nil, usageErrorf("--rules: %w", err)
		}
		defer f.Close()
		extra, err := clean.ParseRules(f, p.rules)
		if err != nil {
			return nil, usageErrorf("--rules: %w", err)
		}
		rules = append(rules, extra...)
	}
	return clean.New(rules), nil
}

func (p *pipelineFlags) config() (fingerprint.Config, error) {
	c, err := p.cleaner()
	if err != nil {
		return fingerprint.Config{}, err
	}
	cfg := fingerprint.Config{Shingle: p.shingle, Perms: p.perms, Seed: p.seed, Lang: p.lang, NoStem: p.noStem, DropStopWords: p.dropStopWords, Cleaner: c}
	if _, err := fingerprint.New(cfg); err != nil {
		return cfg, &exitError{code: exitUsage, err: err}
	}
	return cfg, nil
}

// corpusFlags are what scan and eval share: which files, how they are
// fingerprinted, how pairs are grouped.
type corpusFlags struct {
	in          inputFlags
	pipe        pipelineFlags
	threshold   float64
	bands, rows int
	jobs        int
	quiet       bool
	verbose     bool
	maxBytes    int64
	verify      string
	containment float64
}

func (f *corpusFlags) register(cmd *cobra.Command) {
	f.in.register(cmd)
	f.pipe.register(cmd)
	fl := cmd.Flags()
	fl.Float64Var(&f.threshold, "threshold", scan.DefaultThreshold, "Jaccard similarity a pair must reach to be grouped")
	fl.Var(newDecimal(&f.bands, 0), "bands", "LSH bands (default: chosen from --threshold and --perms)")
	fl.Var(newDecimal(&f.rows, 0), "rows", "LSH rows per band (default: chosen from --threshold and --perms)")
	fl.VarP(newDecimal(&f.jobs, runtime.NumCPU()), "jobs", "j", "files fingerprinted in parallel")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print no progress and no summary on stderr")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "report each stage's time and counts, and non-UTF-8 files, on stderr")
	fl.Var(newDecimal(&f.maxBytes, scan.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	fl.StringVar(&f.verify, "verify", scan.VerifyAuto, "measure pairs exactly from the texts: where the MinHash estimate cannot decide (auto), always (exact), or never (estimate: no second read)")
	fl.Float64Var(&f.containment, "containment", scan.DefaultContainment, "also group a pair when this share of the shorter text is in the longer (0: off)")
}

func (f *corpusFlags) options() (scan.Options, error) {
	// Numbers were checked by validateFlags.
	if !slices.Contains(scan.VerifyChoices, f.verify) {
		return scan.Options{}, usageErrorf("--verify: want %s, got %q", strings.Join(scan.VerifyChoices, ", "), f.verify)
	}
	cfg, err := f.pipe.config()
	if err != nil {
		return scan.Options{}, err
	}
	var params lsh.Params
	switch {
	case f.bands == 0 && f.rows == 0:
	case f.bands == 0:
		params = lsh.Params{Bands: cfg.Perms / f.rows, Rows: f.rows}
	case f.rows == 0:
		params = lsh.Params{Bands: f.bands, Rows: cfg.Perms / f.bands}
	default:
		params = lsh.Params{Bands: f.bands, Rows: f.rows}
	}
	if params != (lsh.Params{}) {
		if err := params.Validate(cfg.Perms); err != nil {
			return scan.Options{}, usageErrorf("--bands/--rows: %w", err)
		}
	}
	return scan.Options{Fingerprint: cfg, Threshold: f.threshold, LSH: params, Jobs: f.jobs, MaxBytes: f.maxBytes,
		TemplateFiles: f.pipe.templateFiles, TemplateShare: f.pipe.templateShare,
		Verify: f.verify, Containment: f.containment}, nil
}

// fingerprint finds the files, reads and fingerprints them with a progress
// bar on a terminal, and prints a warning line per problem. It returns the
// result (not yet grouped) and the number of warnings.
func (f *corpusFlags) fingerprint(cmd *cobra.Command, args []string, opts scan.Options) (*scan.Result, int, error) {
	files, problems, err := f.in.files(cmd, args)
	if err != nil {
		return nil, 0, err
	}
	res, warnings, err := f.fingerprintFiles(cmd, files, opts, false)
	if err != nil {
		return nil, 0, err
	}
	res.Skipped += problems
	return res, warnings + problems, nil
}

// fingerprintFiles fingerprints files with a progress bar on a terminal
// and a warning line per problem. Unless someRead is set, it fails when no
// file could be read.
func (f *corpusFlags) fingerprintFiles(cmd *cobra.Command, files []string, opts scan.Options, someRead bool) (*scan.Result, int, error) {
	stderr := cmd.ErrOrStderr()
	bar := progressbar.NewOptions(len(files),
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetVisibility(!f.quiet && isTerminal(stderr)),
		progressbar.OptionSetDescription("fingerprinting"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(65*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	opts.Progress = func() { _ = bar.Add(1) }
	res, err := scan.Fingerprint(cmd.Context(), files, opts)
	_ = bar.Finish()
	if err != nil {
		return nil, 0, err
	}
	for _, w := range res.Warnings {
		warn(stderr, w.Path, w.Err, w.Skipped)
	}
	if f.verbose {
		for _, d := range res.Docs {
			if d.Encoding != decode.UTF8 {
				fmt.Fprintf(stderr, "neardup: note: %s: decoded as %s\n", report.QuotePath(d.Path), d.Encoding)
			}
		}
	}
	if len(res.Docs) == 0 && !someRead {
		return nil, 0, usageErrorf("no input could be read (%d files skipped)", res.Skipped)
	}
	return res, len(res.Warnings), nil
}

type scanFlags struct {
	corpusFlags
	format   string
	exitCode bool
	strict   bool
	keep     string
	color    string
	cpuprof  string
	db       string
}

func newScanCmd() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [flags] PATH...",
		Short: "Print groups of near-duplicate articles among files and folders",
		Long: `Scan reads the text files under each PATH (folders are walked recursively in
sorted order; *.txt by default), fingerprints them and prints groups of
near-duplicates on stdout. Warnings and a one-line summary go to stderr, and a
progress bar too when stderr is a terminal.

` + exitCodesHelp,
		Example: `  neardup scan testdata/articles
  neardup scan --format json --threshold 0.7 archive/
  find archive -name '*.txt' -print0 | neardup scan --files-from - -0
  neardup scan --exit-code --quiet incoming/ || echo "duplicates found"
  neardup scan --keep longest --format paths -0 archive/ | xargs -0 ls -l`,
		RunE: func(cmd *cobra.Command, args []string) error { return runScan(cmd, args, &f) },
	}
	f.corpusFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when at least one group is found")
	fl.BoolVar(&f.strict, "strict", false, "exit 2 when any file gets a warning")
	fl.StringVar(&f.keep, "keep", scan.KeepFirst, "member each group keeps first: "+strings.Join(scan.KeepChoices, ", "))
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	fl.StringVar(&f.cpuprof, "cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	fl.StringVar(&f.db, "db", "", "use and refresh the index `FILE` as a cache of fingerprints")
	return cmd
}

func runScan(cmd *cobra.Command, args []string, f *scanFlags) error {
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
	opts, err := f.options()
	if err != nil {
		return err
	}
	if f.cpuprof != "" {
		pf, err := os.Create(f.cpuprof)
		if err != nil {
			return usageErrorf("--cpuprofile: %w", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	var res *scan.Result
	var warnings int
	store := func() {}
	if f.db != "" {
		res, warnings, store, err = f.scanCached(cmd, args, opts)
		if err == nil {
			defer store()
		}
	} else {
		res, warnings, err = f.fingerprint(cmd, args, opts)
	}
	if err != nil {
		return err
	}
	if f.strict && warnings > 0 {
		// Exit 2 prints nothing on stdout: a pipeline into rm must not
		// act on a run that failed.
		return &exitError{code: exitUsage, err: fmt.Errorf("--strict: %d warnings, nothing printed", warnings)}
	}
	if err := res.Group(cmd.Context(), opts); err != nil {
		return err
	}
	rep, err := res.ReportKeeping(f.keep)
	if err != nil {
		return usageErrorf("--keep: %w", err)
	}
	if f.db != "" {
		checkCached(cmd, res, &rep, opts.MaxBytes)
	}
	out := cmd.OutOrStdout()
	ropts := report.Options{Null: f.in.null, Threshold: opts.Threshold}
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
	if f.verbose {
		verbose(cmd.ErrOrStderr(), res)
	}
	if !f.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: %s read, %d skipped, %s in %s\n",
			plural(rep.Stats.Files, "file"), rep.Stats.Skipped, plural(rep.Stats.Groups, "group"), time.Since(start).Round(time.Millisecond))
	}
	if f.exitCode && len(res.Groups) > 0 {
		return &exitError{code: exitFound}
	}
	return nil
}

// writeReport writes rep to w. A path the paths format cannot print on
// one line is a usage error (nothing is written) with the way out.
func writeReport(w io.Writer, rep report.Report, format string, opts report.Options) error {
	err := report.Write(w, rep, format, opts)
	if err != nil && closedPipe(err) {
		// A closed stdout is a reader that has all it wants: the run still
		// ends with its exit code (--exit-code, --strict).
		return nil
	}
	var le *report.LineError
	if errors.As(err, &le) {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w\nhint: use -0 for NUL-ended paths (and xargs -0 to read them)", le)}
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// scanCached fingerprints through the index at --db and stores what it
// had to read, in one update. It reads the index without the writers'
// lock, so it never waits for another writer; it takes the lock only to
// store, and if another neardup holds it, or replaced the index since it
// was read, it skips storing with a warning: the scan's answer does not
// depend on the cache, and the next scan --db stores what this one could
// not.
func (f *scanFlags) scanCached(cmd *cobra.Command, args []string, opts scan.Options) (*scan.Result, int, func(), error) {
	files, problems, err := f.in.files(cmd, args)
	if err != nil {
		return nil, 0, nil, err
	}
	ix, err := openIndexWith(cmd, f.db, index.Options{Create: true}, &opts, files)
	if err != nil {
		return nil, 0, nil, err
	}
	res, put, ch, warnings, err := cached(cmd, &f.corpusFlags, ix, files, opts)
	if err != nil {
		ix.Close()
		return nil, 0, nil, err
	}
	if len(res.Docs) == 0 {
		ix.Close()
		return nil, 0, nil, usageErrorf("no input could be read (%d files skipped)", res.Skipped+problems)
	}
	if f.verbose {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: index %s: %d files fingerprinted, %d from the index\n", f.db, ch.added+ch.updated+ch.touched, len(res.Docs)-ch.added-ch.updated-ch.touched)
	}
	res.Skipped += problems
	// The index is a cache: new fingerprints are stored once the scan has
	// done its work and printed it, never by a run that was interrupted,
	// and a cache that cannot be written is a warning, not a failed scan.
	store := func() {
		defer ix.Close()
		if cmd.Context().Err() != nil || len(put) == 0 && !ix.New() {
			return
		}
		notStored := func(why string) {
			fmt.Fprintf(cmd.ErrOrStderr(), "neardup: warning: index %s: %s not stored: %s (the next scan --db stores them)\n", f.db, plural(len(put), "fingerprint"), why)
		}
		switch err := ix.Lock(cmd.Context(), 0); {
		case errors.Is(err, index.ErrLocked), errors.Is(err, index.ErrChanged):
			notStored("another neardup is writing it")
		case err != nil:
			notStored(err.Error())
		default:
			if err := ix.Update(settingsOf(opts), opts.Templates, put, nil); err != nil && cmd.Context().Err() == nil {
				notStored(err.Error())
			}
		}
	}
	return res, warnings + problems, store, nil
}

// checkCached reads again the files a report would list for removal, and
// the file each group keeps, when their fingerprints came from the index:
// the index knows a file by its size and modification time, and a file
// replaced by other text of the same size with its time kept (cp -p,
// rsync -t) would otherwise be removed on the word of an old fingerprint.
// A file found changed is not listed, with a warning.
func checkCached(cmd *cobra.Command, res *scan.Result, rep *report.Report, maxBytes int64) {
	byPath := make(map[string]*scan.Doc, len(res.Docs))
	for i := range res.Docs {
		byPath[res.Docs[i].Path] = &res.Docs[i]
	}
	changed := map[string]bool{}
	check := func(path string) bool {
		d := byPath[path]
		if d == nil || !d.Stored {
			return true
		}
		if bad, seen := changed[path]; seen {
			return !bad
		}
		f, _, err := scan.Read(path, maxBytes)
		bad := err != nil || f.Hash != d.Hash
		if bad {
			warn(cmd.ErrOrStderr(), path, errors.New("changed since its fingerprint was stored (same size and time), not listed (hint: neardup index --rebuild)"), false)
		}
		changed[path] = bad
		return !bad
	}
	for gi := range rep.Groups {
		g := &rep.Groups[gi]
		keptOK := true
		for mi := range g.Members {
			m := &g.Members[mi]
			if !m.Redundant {
				continue
			}
			if keptOK && mi > 0 {
				keptOK = check(g.Members[0].Path)
			}
			if !keptOK || !check(m.Path) {
				m.Redundant = false
			}
		}
	}
}

// verbose prints each stage's time and counts.
func verbose(w io.Writer, res *scan.Result) {
	var words, shingles int
	for _, d := range res.Docs {
		words += d.Words
		shingles += d.Shingles
	}
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	fmt.Fprintf(w, "neardup: templates    %8s\n", ms(res.TemplateTime))
	fmt.Fprintf(w, "neardup: fingerprint  %8s  %d files, %d skipped, %d words, %d shingles\n", ms(res.FingerprintTime), len(res.Docs), res.Skipped, words, shingles)
	fmt.Fprintf(w, "neardup: candidates   %8s  %d pairs (%d bands x %d rows)\n", ms(res.CandidateTime), res.Candidates, res.LSH.Bands, res.LSH.Rows)
	fmt.Fprintf(w, "neardup: verify+group %8s  %d pairs verified, %d groups\n", ms(res.GroupTime), len(res.Matched), len(res.Groups))
}

// plural writes "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// warn prints one line for a problem with one file.
func warn(w io.Writer, path string, err error, skipped bool) {
	suffix := ""
	if skipped {
		suffix = ", skipped"
	}
	fmt.Fprintf(w, "neardup: warning: %s: %v%s\n", report.QuotePath(path), err, suffix)
}
