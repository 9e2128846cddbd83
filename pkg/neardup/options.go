package neardup

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/lsh"
)

// Defaults, chosen from the measurements in the README (the pipeline's
// own; TestDefaults checks they agree).
const (
	DefaultShingle     = 4         // words per shingle
	DefaultPerms       = 128       // MinHash permutations
	DefaultSeed        = 1         // MinHash seed
	DefaultLang        = "english" // stemming and stop words
	DefaultMaxBytes    = 8 << 20   // bytes read of each file
	DefaultThreshold   = 0.5       // Jaccard similarity that groups a pair
	DefaultContainment = 0.5       // share of the shorter text in the longer that groups a pair
	// A line is an outlet's template when it is in at least this many
	// files and in more than this share of them.
	DefaultTemplateFiles = 3
	DefaultTemplateShare = 0.01
)

// Options configure every stage, grouped by stage. DefaultOptions gives
// what neardup scan uses without flags; the zero value is not usable.
type Options struct {
	Read        ReadOptions
	Clean       CleanOptions
	Fingerprint FingerprintOptions
	Group       GroupOptions
	// Jobs is how many files are read, fingerprinted and verified at
	// once; 0 means one per CPU. Results never depend on it.
	Jobs int
}

// ReadOptions say how files are read.
type ReadOptions struct {
	// MaxBytes is how much of each file is read; 0 means all of it. A file
	// read in part is never called redundant.
	MaxBytes int64
	// Progress, if set, is called as files are fingerprinted, from the
	// worker goroutines, with the files done and the files to do.
	Progress func(done, total int)
}

// CleanOptions say how boilerplate is removed before fingerprinting.
type CleanOptions struct {
	// Cleaner removes boilerplate line by line; nil turns cleaning off.
	Cleaner *clean.Cleaner
	// TemplateFiles and TemplateShare turn on the corpus layer: a line in
	// at least TemplateFiles files and in more than TemplateShare of them
	// is an outlet's template and goes from every file. TemplateFiles 0
	// turns it off.
	TemplateFiles int
	TemplateShare float64
	// Templates, if set, are the template lines to use instead of
	// counting them (an index keeps the ones it was built with).
	Templates *clean.Templates
}

// FingerprintOptions say how a cleaned text becomes a signature. An index
// or sketch file records them: its signatures compare only with
// signatures made the same way.
type FingerprintOptions struct {
	Shingle       int    // words per shingle
	Perms         int    // MinHash permutations: the signature's length
	Seed          uint64 // MinHash seed
	Lang          string // stemming and stop-word language
	NoStem        bool   // keep words as they are
	DropStopWords bool   // leave stop words out of shingles
}

// GroupOptions say which pairs are near-duplicates and how groups are
// reported.
type GroupOptions struct {
	// Threshold is the Jaccard similarity that makes a pair similar.
	Threshold float64
	// Containment, above 0, also joins a pair where that share of the
	// smaller text is in the larger one and the smaller has few passages
	// of its own: an excerpt or a trimmed copy (see package group).
	Containment float64
	// LSH is the banding; the zero value chooses it from Threshold.
	LSH    lsh.Params
	Verify Verify
	Keep   Keep
	// SkipRedundant leaves report.Member.Redundant false instead of
	// deciding it. Deciding reads again the file of every member cleaning
	// removed text from and weighs what each would lose against the kept
	// member; a caller that prints neither the members to remove nor
	// JSON (see report.ShowsRedundant) saves that work. Groups and
	// similarities are the same either way.
	SkipRedundant bool
}

// Verify says when pairs are measured exactly, from the texts read again,
// rather than from their MinHash signatures.
type Verify int

const (
	// VerifyAuto measures the pairs the estimate cannot settle, and every
	// containment edge.
	VerifyAuto Verify = iota
	// VerifyExact measures every candidate pair.
	VerifyExact
	// VerifyEstimate measures none: no file is read twice, figures are
	// estimates, and a result can be made from signatures alone (an
	// index or sketch files whose texts are elsewhere).
	VerifyEstimate
)

var verifyNames = []string{"auto", "exact", "estimate"}

func (v Verify) String() string { return name("Verify", verifyNames, int(v)) }

// ParseVerify reads a Verify from its name.
func ParseVerify(s string) (Verify, error) {
	i, err := parse("verify", verifyNames, s)
	return Verify(i), err
}

// Keep says which member of a group is kept: it is reported first, and
// the others are measured against it and listed as redundant when it
// holds their text. It never changes who is a member.
type Keep int

const (
	KeepFirst    Keep = iota // first in path order
	KeepLongest              // most words after cleaning
	KeepShortest             // fewest words after cleaning
	KeepNewest               // latest modification time
	KeepOldest               // earliest modification time
)

var keepNames = []string{"first", "longest", "shortest", "newest", "oldest"}

func (k Keep) String() string { return name("Keep", keepNames, int(k)) }

// ParseKeep reads a Keep from its name.
func ParseKeep(s string) (Keep, error) {
	i, err := parse("keep", keepNames, s)
	return Keep(i), err
}

// VerifyNames and KeepNames list the names ParseVerify and ParseKeep take.
func VerifyNames() []string { return slices.Clone(verifyNames) }
func KeepNames() []string   { return slices.Clone(keepNames) }

func name(typ string, names []string, i int) string {
	if i < 0 || i >= len(names) {
		return fmt.Sprintf("%s(%d)", typ, i)
	}
	return names[i]
}

func parse(what string, names []string, s string) (int, error) {
	if i := slices.Index(names, s); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("%s: want one of %s, got %q", what, strings.Join(names, ", "), s)
}

// DefaultOptions returns what neardup scan uses without flags.
func DefaultOptions() Options {
	return Options{
		Read:        ReadOptions{MaxBytes: DefaultMaxBytes},
		Clean:       CleanOptions{Cleaner: clean.New(clean.BuiltinRules()), TemplateFiles: DefaultTemplateFiles, TemplateShare: DefaultTemplateShare},
		Fingerprint: FingerprintOptions{Shingle: DefaultShingle, Perms: DefaultPerms, Seed: DefaultSeed, Lang: DefaultLang},
		Group:       GroupOptions{Threshold: DefaultThreshold, Containment: DefaultContainment},
	}
}

// ErrOptions says a setting is out of range or unknown: every error of
// Options.Check matches it (errors.Is), with a message naming the setting.
var ErrOptions = errors.New("invalid options")

type optionsError struct{ err error }

func (e *optionsError) Error() string   { return e.err.Error() }
func (e *optionsError) Unwrap() []error { return []error{ErrOptions, e.err} }

// Check says what is wrong with o, if anything: an error matching
// ErrOptions.
func (o Options) Check() error {
	if err := o.check(); err != nil {
		return &optionsError{err}
	}
	return nil
}

func (o Options) check() error {
	if err := o.checkLimits(); err != nil {
		return err
	}
	if k := o.Group.Keep; k < 0 || int(k) >= len(keepNames) {
		return fmt.Errorf("keep: want one of %s, got %v", strings.Join(keepNames, ", "), k)
	}
	if v := o.Group.Verify; v < 0 || int(v) >= len(verifyNames) {
		return fmt.Errorf("verify: want one of %s, got %v", strings.Join(verifyNames, ", "), v)
	}
	if _, err := fingerprint.New(o.config()); err != nil {
		return err
	}
	return o.pipeline().Check()
}

// config is the fingerprint stage's configuration.
func (o Options) config() fingerprint.Config {
	f := o.Fingerprint
	return fingerprint.Config{Shingle: f.Shingle, Perms: f.Perms, Seed: f.Seed, Lang: f.Lang, NoStem: f.NoStem, DropStopWords: f.DropStopWords, Cleaner: o.cleaner()}
}

// cleaner is o's Cleaner with its line classifier set for the language
// (an unknown one is fingerprint.New's error to report).
func (o Options) cleaner() *clean.Cleaner {
	c := o.Clean.Cleaner
	if c == nil {
		return nil
	}
	if lc, err := c.WithLanguage(o.Fingerprint.Lang); err == nil {
		return lc
	}
	return c
}

// pipeline is o as the pipeline takes it.
func (o Options) pipeline() pipeline.Options {
	p := pipeline.Options{
		Fingerprint: o.config(), Threshold: o.Group.Threshold, LSH: o.Group.LSH, Jobs: o.Jobs, MaxBytes: o.Read.MaxBytes,
		Containment: o.Group.Containment, Verify: o.Group.Verify.String(),
		TemplateFiles: o.Clean.TemplateFiles, TemplateShare: o.Clean.TemplateShare, Templates: o.Clean.Templates,
	}
	return p
}
