package neardup

import (
	"context"

	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/sketch"
)

// SketchSettings is what a sketch file records of opts: the settings its
// signatures depend on, and the banding its band keys are for.
func SketchSettings(opts Options) sketch.Settings {
	p := opts.Group.LSH
	if p == (lsh.Params{}) {
		p = pipeline.Banding(opts.Group.Threshold, opts.Fingerprint.Perms)
	}
	return sketch.Settings{Settings: settings(opts), MaxBytes: opts.Read.MaxBytes, Threshold: opts.Group.Threshold, Bands: p.Bands, Rows: p.Rows}
}

// Sketch fingerprints files as Scan does, into a shard for a sketch file
// (package sketch). Shards of one corpus clean alike when they are given
// the template lines of one sample (opts.Clean.Templates, from
// sketch.Header of the sample's sketch).
func Sketch(ctx context.Context, files []string, opts Options) (*sketch.Shard, *Corpus, error) {
	c, err := Fingerprint(ctx, files, opts)
	if err != nil {
		return nil, nil, err
	}
	return &sketch.Shard{Settings: SketchSettings(opts), Templates: c.res.Templates, Skipped: c.Skipped, Docs: c.Docs}, c, nil
}

// LoadShard returns the corpus of a shard's documents, and the options its
// settings say (verification by signature: the files need not be here),
// ready for Group.
//
// A member is listed as redundant only when its file, read again, loses
// nothing cleaning took from it that the kept one lacks, as in a scan: the
// shard's cleaning is redone when it was neardup's built-in rules (the
// settings name them); when it was other rules (--rules, --no-rules),
// only a file with the kept one's very bytes is.
func LoadShard(s *sketch.Shard, jobs int) (*Corpus, Options, error) {
	set := s.Settings
	opts := DefaultOptions()
	opts.Jobs = jobs
	opts.Read.MaxBytes = set.MaxBytes
	opts.Fingerprint = FingerprintOptions{Shingle: set.Shingle, Perms: set.Perms, Seed: set.Seed, Lang: set.Lang, NoStem: set.NoStem, DropStopWords: set.DropStopWords}
	// Fingerprints are not made again: the cleaning is there to read back
	// what it removed, and only when it is the sketches'.
	opts.Clean.TemplateFiles, opts.Clean.TemplateShare, opts.Clean.Templates = set.TemplateFiles, set.TemplateShare, s.Templates
	elsewhere := set.Clean && settings(opts).Rules != set.Rules
	if !set.Clean || elsewhere {
		opts.Clean = CleanOptions{}
	}
	opts.Group.Threshold, opts.Group.LSH, opts.Group.Verify = set.Threshold, set.LSH(), VerifyEstimate
	c, err := load(s.Docs, opts, elsewhere)
	if err != nil {
		return nil, opts, err
	}
	c.Skipped = s.Skipped
	return c, opts, nil
}
