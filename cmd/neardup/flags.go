package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/inputs"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/stem"
)

// Flags come in sets, one per stage; a command registers the sets it
// uses, so it has no flag it would ignore.

// inputFlags select the files to read.
type inputFlags struct {
	include, exclude []string
	follow           bool
	filesFrom        string
	null             bool
}

// register adds the input flags; paths says -0 also ends the paths the
// command prints (--format paths).
func (f *inputFlags) register(cmd *cobra.Command, paths bool) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.include, "include", nil, "read files matching `GLOB` when walking folders (repeatable; default *.txt)")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "skip files and folders matching `GLOB` (repeatable)")
	fl.BoolVar(&f.follow, "follow", false, "follow symbolic links met while walking folders")
	fl.StringVar(&f.filesFrom, "files-from", "", "read paths from `FILE`, one per line ('-' for stdin)")
	null := "paths in --files-from are NUL-separated"
	if paths {
		null = "paths are NUL-separated: in --files-from, and in --format paths output"
	}
	fl.BoolVarP(&f.null, "null", "0", false, null)
}

// files expands args and --files-from into the sorted list of files to
// read, printing a warning line per path that could not be used (their
// number is returned). With none left it fails, unless allowNone.
func (f *inputFlags) files(cmd *cobra.Command, args []string, allowNone bool) ([]string, int, error) {
	files, problems, err := inputs.Collect(cmd.Context(), inputs.Request{Paths: args, FilesFrom: f.filesFrom, Stdin: cmd.InOrStdin(), Null: f.null,
		Options: inputs.Options{Include: f.include, Exclude: f.exclude, Follow: f.follow}})
	if errors.Is(err, inputs.ErrNoPaths) {
		return nil, 0, fmt.Errorf("%w\nhint: neardup %s FOLDER, or --files-from FILE", err, cmd.Name())
	} else if err != nil {
		return nil, 0, err
	}
	for _, p := range problems {
		warn(cmd.ErrOrStderr(), neardup.Warning{Path: p.Path, Err: p.Err})
	}
	nul := false
	for _, p := range problems {
		nul = nul || strings.ContainsRune(p.Path, 0)
	}
	switch {
	case nul && !f.null:
		return nil, 0, errors.New("no input files found: the list holds NUL bytes\nhint: read a NUL-separated list (find -print0) with -0")
	case len(files) == 0 && len(problems) > 0:
		return nil, 0, fmt.Errorf("no input files found: %s could not be used (named above)", plural(len(problems), "path"))
	case len(files) == 0 && !allowNone:
		hint := f.searched()
		if len(f.include) == 0 {
			hint += "; use --include to read other names"
		}
		return nil, 0, fmt.Errorf("no input files found\nhint: %s", hint)
	}
	return files, len(problems), nil
}

// searched says which files folders are searched for.
func (f *inputFlags) searched() string {
	if len(f.include) == 0 {
		return "folders are searched for *.txt"
	}
	return "folders are searched for " + strings.Join(f.include, ", ") + " only"
}

// cleanFlags say how boilerplate is removed.
type cleanFlags struct {
	off           bool
	rules         string
	noRules       []string
	templateFiles int
	templateShare float64
}

// register adds the cleaning flags: off adds --no-clean, corpus the
// corpus layer's.
func (c *cleanFlags) register(cmd *cobra.Command, off, corpus bool) {
	fl := cmd.Flags()
	if off {
		fl.BoolVar(&c.off, "no-clean", false, "do not remove boilerplate")
	}
	fl.StringVar(&c.rules, "rules", "", "add boilerplate rules from `FILE` (KIND<TAB>REGEX a line)")
	fl.StringArrayVar(&c.noRules, "no-rules", nil, "disable built-in rules of `KIND` (repeatable): "+strings.Join(clean.BuiltinKinds(), ", "))
	if corpus {
		fl.Var(cmdutil.NewDecimal(&c.templateFiles, neardup.DefaultTemplateFiles), "template-files", "drop a line found in at least `N` files as an outlet template (0: off)")
		fl.Float64Var(&c.templateShare, "template-share", neardup.DefaultTemplateShare, "... and in more than this share of the files")
	}
}

func (c *cleanFlags) options(ctx context.Context) (neardup.CleanOptions, error) {
	o := neardup.CleanOptions{TemplateFiles: c.templateFiles, TemplateShare: c.templateShare}
	if c.off {
		return o, nil
	}
	rules, unknown := clean.Without(clean.BuiltinRules(), c.noRules...)
	if len(unknown) > 0 {
		return o, fmt.Errorf("--no-rules: unknown kind %s (kinds: %s)", strings.Join(unknown, ", "), strings.Join(clean.BuiltinKinds(), ", "))
	}
	if c.rules != "" {
		b, err := inputs.ReadListFile(ctx, c.rules)
		if err != nil {
			return o, fmt.Errorf("--rules: %w", err)
		}
		extra, err := clean.ParseRules(bytes.NewReader(b), c.rules)
		if err != nil {
			return o, fmt.Errorf("--rules: %w", err)
		}
		rules = append(rules, extra...)
	}
	o.Cleaner = clean.New(rules)
	return o, nil
}

// fingerprintFlags say how a text becomes a signature.
type fingerprintFlags struct{ o neardup.FingerprintOptions }

func (f *fingerprintFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.Var(cmdutil.NewDecimal(&f.o.Shingle, neardup.DefaultShingle), "shingle", "words per shingle")
	fl.Var(cmdutil.NewDecimal(&f.o.Perms, neardup.DefaultPerms), "perms", "MinHash permutations (signature length)")
	fl.Var(cmdutil.NewDecimal(&f.o.Seed, uint64(neardup.DefaultSeed)), "seed", "MinHash seed; signatures are identical for the same seed")
	fl.StringVar(&f.o.Lang, "lang", neardup.DefaultLang, "stemming language: "+strings.Join(stem.Languages(), ", "))
	fl.BoolVar(&f.o.NoStem, "no-stem", false, "do not stem words")
	fl.BoolVar(&f.o.DropStopWords, "drop-stop-words", false, "leave the language's stop words out of shingles")
}

// groupFlags say which pairs are near-duplicates.
type groupFlags struct {
	threshold, containment float64
	bands, rows            int
	verify                 string
}

// register adds the grouping flags; verify adds --verify (group, over
// sketches, verifies by signature alone).
func (g *groupFlags) register(cmd *cobra.Command, verify bool) {
	fl := cmd.Flags()
	fl.Float64Var(&g.threshold, "threshold", neardup.DefaultThreshold, "Jaccard similarity a pair must reach to be grouped")
	fl.Float64Var(&g.containment, "containment", neardup.DefaultContainment, "also group a pair when this share of the shorter text is in the longer (0: off)")
	fl.Var(cmdutil.NewDecimal(&g.bands, 0), "bands", "LSH bands (default: chosen from --threshold and --perms)")
	fl.Var(cmdutil.NewDecimal(&g.rows, 0), "rows", "LSH rows per band (default: chosen from --threshold and --perms)")
	if !verify {
		return
	}
	fl.StringVar(&g.verify, "verify", "auto", "measure pairs exactly from the texts: where the MinHash estimate cannot decide (auto), always (exact), or never (estimate: no second read)")
}

func (g *groupFlags) options(perms int) (neardup.GroupOptions, error) {
	o := neardup.GroupOptions{Threshold: g.threshold, Containment: g.containment}
	var err error
	if o.Verify, err = neardup.ParseVerify(g.verify); err != nil {
		return o, fmt.Errorf("--%w", err)
	}
	o.LSH, err = lsh.Fit(g.bands, g.rows, perms) // checked by validateFlags
	return o, err
}

// runFlags say how a run goes: workers, limits, what it says on stderr.
type runFlags struct {
	jobs     int
	maxBytes int64
	quiet    bool
	verbose  bool
}

func (r *runFlags) register(cmd *cobra.Command, verbose bool) {
	fl := cmd.Flags()
	fl.VarP(cmdutil.NewDecimal(&r.jobs, runtime.NumCPU()), "jobs", "j", "files read in parallel")
	fl.Var(cmdutil.NewDecimal(&r.maxBytes, neardup.DefaultMaxBytes), "max-bytes", "read at most this many bytes of each file (0: no limit)")
	fl.BoolVarP(&r.quiet, "quiet", "q", false, "print no progress and no summary on stderr")
	if verbose {
		fl.BoolVarP(&r.verbose, "verbose", "v", false, "report each stage's time and counts, and non-UTF-8 files, on stderr")
	}
}

// corpusFlags are what the commands that fingerprint a corpus share.
type corpusFlags struct {
	grouping bool
	in       inputFlags
	clean    cleanFlags
	fp       fingerprintFlags
	group    groupFlags
	run      runFlags
}

// register adds the sets; grouping says the command groups pairs, paths
// that it can print paths.
func (f *corpusFlags) register(cmd *cobra.Command, grouping, paths bool) {
	f.in.register(cmd, paths)
	f.clean.register(cmd, true, true)
	f.fp.register(cmd)
	f.grouping = grouping
	if grouping {
		f.group.register(cmd, true)
	}
	f.run.register(cmd, true)
}

// options builds the library's options from the flags; progress goes to
// io's stderr when it is a terminal.
func (f *corpusFlags) options(ctx context.Context, io streams) (neardup.Options, error) {
	o := neardup.Options{Fingerprint: f.fp.o, Jobs: f.run.jobs, Read: neardup.ReadOptions{MaxBytes: f.run.maxBytes}}
	var err error
	if o.Clean, err = f.clean.options(ctx); err != nil {
		return o, err
	}
	o.Group = neardup.DefaultOptions().Group
	if f.grouping {
		if o.Group, err = f.group.options(o.Fingerprint.Perms); err != nil {
			return o, err
		}
	}
	if err := o.Check(); err != nil {
		return o, err
	}
	if !f.run.quiet {
		o.Read.Progress = io.Progress("fingerprinting")
	}
	return o, nil
}
