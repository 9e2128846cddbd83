package main

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/cmd/neardup/internal/iostreams"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
	"github.com/neardup/neardup/pkg/stem"
)

// settings hold every flag's value. Each flag is defined once, in define;
// a command takes the flags it has by name (use), so a flag reads, means
// and is checked alike in every command that has it, and no command has a
// flag it would ignore.
type settings struct {
	in                                        inputs.Request // but its Paths and Stdin
	fp                                        neardup.FingerprintOptions
	threshold, containment, templateShare     float64
	templateFiles, bands, rows, jobs          int
	passages, show                            int
	maxBytes                                  int64
	lockTimeout                               time.Duration
	noRules, sweeps                           []string
	rules, verify, format, keep               string
	color, db, cpuprofile, out, templatesFrom string
	truth                                     string
	noClean, quiet, verbose                   bool
	exitCode, strict, rebuild, add, explain   bool
	allowMissing                              bool
	all                                       *pflag.FlagSet
	closed                                    bool // stdout was closed by its reader
}

// Flag sets by stage; a command lists the sets and flags it has.
const (
	inputFlags  = " include exclude follow files-from null"
	cleanFlags  = " no-clean rules no-rules template-files template-share"
	fpFlags     = " shingle perms seed lang no-stem drop-stop-words"
	groupFlags  = " threshold containment bands rows verify"
	runFlags    = " jobs max-bytes quiet"
	reportFlags = " format exit-code color"
)

// defaultLockTimeout is how long a writer waits for another one. A writer
// holds the lock for its whole run; an incremental update of a large
// archive takes seconds (39,000 unchanged files: 0.3 s), so overlapping CI
// jobs or cron runs get through, while a writer stuck behind a first build
// of a big folder, or a hung one, fails with a hint instead of hanging a
// job for ever.
const defaultLockTimeout = 30 * time.Second

func newSettings() *settings {
	s := &settings{all: pflag.NewFlagSet("neardup", pflag.ContinueOnError)}
	fl := s.all
	fl.StringArrayVar(&s.in.Include, "include", nil, "read files matching `GLOB` when walking folders (repeatable; default *.txt)")
	fl.StringArrayVar(&s.in.Exclude, "exclude", nil, "skip files and folders matching `GLOB` (repeatable)")
	fl.BoolVar(&s.in.Follow, "follow", false, "follow symbolic links met while walking folders")
	fl.Var(cmdutil.NewOnce(&s.in.FilesFrom), "files-from", "read paths from `FILE`, one per line ('-' for stdin)")
	fl.BoolVarP(&s.in.Null, "null", "0", false, "paths in --files-from are NUL-separated")

	fl.BoolVar(&s.noClean, "no-clean", false, "do not remove boilerplate")
	fl.Var(cmdutil.NewOnce(&s.rules), "rules", "add boilerplate rules from `FILE` (KIND<TAB>REGEX a line)")
	fl.StringArrayVar(&s.noRules, "no-rules", nil, "disable built-in rules of `KIND` (repeatable): "+strings.Join(clean.BuiltinKinds(), ", "))
	fl.Var(cmdutil.NewDecimal(&s.templateFiles, neardup.DefaultTemplateFiles), "template-files", "drop a line found in at least `N` files as an outlet template (0: off)")
	fl.Float64Var(&s.templateShare, "template-share", neardup.DefaultTemplateShare, "... and in more than this share of the files")

	fl.Var(cmdutil.NewDecimal(&s.fp.Shingle, neardup.DefaultShingle), "shingle", "words per shingle")
	fl.Var(cmdutil.NewDecimal(&s.fp.Perms, neardup.DefaultPerms), "perms", "MinHash permutations (signature length)")
	fl.Var(cmdutil.NewDecimal(&s.fp.Seed, uint64(neardup.DefaultSeed)), "seed", "MinHash seed; signatures are identical for the same seed")
	fl.StringVar(&s.fp.Lang, "lang", neardup.DefaultLang, "stemming language: "+strings.Join(stem.Languages(), ", "))
	fl.BoolVar(&s.fp.NoStem, "no-stem", false, "do not stem words")
	fl.BoolVar(&s.fp.DropStopWords, "drop-stop-words", false, "leave the language's stop words out of shingles")

	fl.Float64Var(&s.threshold, "threshold", neardup.DefaultThreshold, "Jaccard similarity a pair must reach to be grouped")
	fl.Float64Var(&s.containment, "containment", neardup.DefaultContainment, "also group a pair when this share of the shorter text is in the longer (0: off)")
	fl.Var(cmdutil.NewDecimal(&s.bands, 0), "bands", "LSH bands (default: chosen from --threshold and --perms)")
	fl.Var(cmdutil.NewDecimal(&s.rows, 0), "rows", "LSH rows per band (default: chosen from --threshold and --perms)")
	fl.StringVar(&s.verify, "verify", "auto", "measure pairs exactly from the texts: where the MinHash estimate cannot decide (auto), always (exact), or never (estimate: no second read)")

	fl.VarP(cmdutil.NewDecimal(&s.jobs, runtime.NumCPU()), "jobs", "j", "parallel workers (the output never depends on them)")
	fl.Var(cmdutil.NewDecimal(&s.maxBytes, neardup.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	fl.BoolVarP(&s.quiet, "quiet", "q", false, "print no progress and no summary on stderr")
	fl.BoolVarP(&s.verbose, "verbose", "v", false, "report each stage's time and counts, and non-UTF-8 files, on stderr")

	fl.StringVarP(&s.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.BoolVar(&s.exitCode, "exit-code", false, "exit 1 when at least one group is found")
	fl.StringVar(&s.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	fl.StringVar(&s.keep, "keep", "first", "member each group keeps first: "+strings.Join(neardup.KeepNames(), ", "))

	fl.Var(cmdutil.NewOnce(&s.db), "db", "index `FILE` (required)")
	fl.DurationVar(&s.lockTimeout, "lock-timeout", defaultLockTimeout, "how long to wait for another neardup writing the index")
	fl.BoolVar(&s.rebuild, "rebuild", false, "start the index over (its old content is replaced only when the new one is complete)")
	fl.BoolVar(&s.add, "add", false, "also add the queried files to the index")
	fl.BoolVar(&s.strict, "strict", false, "exit 2 when any file gets a warning, printing nothing")
	fl.Var(cmdutil.NewOnce(&s.cpuprofile), "cpuprofile", "write a CPU profile to `FILE` (for go tool pprof)")
	fl.VarP(cmdutil.NewOnce(&s.out), "out", "o", "write the sketch to `FILE` (Parquet)")
	fl.Var(cmdutil.NewOnce(&s.templatesFrom), "templates-from", "clean with the template lines stored in the sketch `FILE` instead of counting them here")
	fl.BoolVar(&s.explain, "explain", false, "print what was removed and why, instead of the text")
	fl.Var(cmdutil.NewDecimal(&s.passages, 3), "passages", "shared passages to show for each article")
	fl.Var(cmdutil.NewOnce(&s.truth), "truth", "truth `FILE` (JSON groups or TSV pairs; required)")
	fl.StringArrayVar(&s.sweeps, "sweep", nil, "score across `KEY=VALUES` (threshold, shingle, containment)")
	fl.Var(cmdutil.NewDecimal(&s.show, 10), "show", "false and missed pairs to list")
	fl.BoolVar(&s.allowMissing, "allow-missing", false, "score only the truth pairs whose files were scanned, instead of exiting 2")
	return s
}

// use gives c the flags named (space-separated); usage holds name and
// text pairs where a flag's usage says more in c.
func (s *settings) use(c *cobra.Command, names string, usage ...string) *cobra.Command {
	if c.Annotations == nil {
		c.Annotations = map[string]string{"formats": strings.Join(report.Formats, " ")}
	}
	for _, n := range strings.Fields(names) {
		f := *s.all.Lookup(n) // a copy: its usage and Changed are c's
		c.Flags().AddFlag(&f)
	}
	for i := 0; i+1 < len(usage); i += 2 {
		c.Flags().Lookup(usage[i]).Usage = usage[i+1]
	}
	return c
}

// Usage texts of the flags that say more in some commands.
const (
	nullPaths = "paths are NUL-separated: in --files-from, and in --format paths output"
	textJSON  = "text or json"
)

// textOrJSON annotates a command that prints text or JSON.
var textOrJSON = map[string]string{"formats": "text json"}

// checkOutput checks the flags another would make do nothing, --format
// against the command's "formats" annotation, --color, and --keep (""
// is first).
func (s *settings) checkOutput(cmd *cobra.Command) (keep neardup.Keep, err error) {
	if err := cmdutil.NoEffect(cmd, s.noClean, s.in.FilesFrom, s.format, s.sweeps); err != nil {
		return keep, err
	}
	if formats := strings.Fields(cmd.Annotations["formats"]); cmd.Flags().Lookup("format") != nil && !slices.Contains(formats, s.format) {
		return keep, fmt.Errorf("--format: unknown format %q (want %s)", s.format, strings.Join(formats, ", "))
	}
	if !slices.Contains(iostreams.ColorModes, s.color) {
		return keep, fmt.Errorf("--color: want auto, always or never, got %q", s.color)
	}
	if s.keep == "" {
		return neardup.KeepFirst, nil
	}
	if keep, err = neardup.ParseKeep(s.keep); err != nil {
		return keep, fmt.Errorf("--%w", err)
	}
	return keep, nil
}

// options checks the output flags and builds the library's options from
// the flags, checking them stage by stage: cleaning, grouping, the rest;
// progress goes to stderr while files are fingerprinted, unless --quiet or
// stderr is no terminal.
func (s *settings) options(cmd *cobra.Command, io streams) (neardup.Options, error) {
	o := neardup.Options{Fingerprint: s.fp, Jobs: s.jobs, Read: neardup.ReadOptions{MaxBytes: s.maxBytes},
		Clean: neardup.CleanOptions{TemplateFiles: s.templateFiles, TemplateShare: s.templateShare},
		Group: neardup.GroupOptions{Threshold: s.threshold, Containment: s.containment, SkipRedundant: !report.ShowsRedundant(s.format)}}
	var err error
	if o.Group.Keep, err = s.checkOutput(cmd); err != nil {
		return o, err
	}
	if !s.noClean && cmd.Flags().Lookup("rules") != nil { // group cleans nothing
		rules, unknown := clean.Without(clean.BuiltinRules(), s.noRules...)
		if len(unknown) > 0 {
			return o, fmt.Errorf("--no-rules: unknown kind %s (kinds: %s)", strings.Join(unknown, ", "), strings.Join(clean.BuiltinKinds(), ", "))
		}
		if s.rules != "" {
			b, err := inputs.ReadListFile(cmd.Context(), s.rules)
			if err != nil {
				return o, fmt.Errorf("--rules: %w", err)
			}
			extra, err := clean.ParseRules(bytes.NewReader(b), s.rules)
			if err != nil {
				return o, fmt.Errorf("--rules: %w", err)
			}
			rules = append(rules, extra...)
		}
		o.Clean.Cleaner = clean.New(rules)
	}
	if o.Group.Verify, err = neardup.ParseVerify(s.verify); err != nil {
		return o, fmt.Errorf("--%w", err)
	}
	if cmd.Flags().Lookup("perms") != nil { // group fits the sketches' perms
		if o.Group.LSH, err = lsh.Fit(s.bands, s.rows, s.fp.Perms); err != nil {
			return o, err // checked by validateFlags
		}
	}
	if !s.quiet {
		o.Read.Progress = io.Progress("fingerprinting")
	}
	if cmd.Flags().Lookup("shingle") == nil {
		return o, nil // nothing fingerprinted: the language is the classifier's alone
	}
	return o, o.Check()
}

// prepare builds the options and lists the files to read.
func (s *settings) prepare(cmd *cobra.Command, args []string, io streams, allowNone bool) (neardup.Options, []string, int, error) {
	opts, err := s.options(cmd, io)
	if err != nil {
		return opts, nil, 0, err
	}
	files, problems, err := s.files(cmd, args, allowNone)
	return opts, files, problems, err
}

// files expands args and --files-from into the sorted list of files to
// read (see cmdutil.Files).
func (s *settings) files(cmd *cobra.Command, args []string, allowNone bool) ([]string, int, error) {
	r := s.in
	r.Paths, r.Stdin = args, cmd.InOrStdin()
	return cmdutil.Files(cmd.Context(), cmd.ErrOrStderr(), cmd.Name(), r, allowNone)
}
