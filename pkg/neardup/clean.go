package neardup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/internal/pipeline"
	"github.com/neardup/neardup/pkg/sketch"
)

// Clean reads files in order and gives each one's text, cleaned as
// Fingerprint cleans it, and what cleaning removed to each; an error from
// each ends the run. With the corpus layer on (and no Templates given) it
// first learns the template lines from files. The line classifier counts
// the stop words of opts.Fingerprint.Lang ("none": off). A file that cannot be read
// goes to warn, skipped; Clean fails with ErrNoInput when none could be
// read, and stops between files when ctx is cancelled.
func Clean(ctx context.Context, files []string, opts Options, each func(path, text string, removals []clean.Removal) error, warn func(Warning)) error {
	co := opts.Clean
	c := co.Cleaner
	if c != nil {
		var err error
		if c, err = c.WithLanguage(opts.Fingerprint.Lang); err != nil {
			return err
		}
	}
	if co.Templates != nil {
		c = c.WithTemplates(co.Templates)
	} else if co.TemplateFiles > 0 {
		t, err := Templates(ctx, files, opts)
		if err != nil {
			return err
		}
		c = c.WithTemplates(t)
	}
	if each == nil {
		return &optionsError{errors.New("Clean needs an each function")}
	}
	if warn == nil {
		warn = func(Warning) {}
	}
	read := 0
	var skipped []Warning
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, warns, err := pipeline.Read(path, opts.Read.MaxBytes)
		for _, w := range warns {
			warn(w)
		}
		if err != nil {
			w := Warning{Path: path, Err: err, Skipped: true}
			skipped = append(skipped, w)
			warn(w)
			continue
		}
		read++
		text, removals := c.Explain(f.Text)
		if err := each(path, text, removals); err != nil {
			return err
		}
	}
	if read == 0 {
		return &NoInputError{Warnings: skipped}
	}
	return nil
}

// TemplatesFrom returns the template lines stored in the sketch file at
// path, for shards that are to clean alike (CleanOptions.Templates). The
// sketch must have been made with opts' settings and the corpus layer on.
func TemplatesFrom(path string, opts Options) (*clean.Templates, error) {
	h, _, err := sketch.Header(path)
	if err != nil {
		return nil, err
	}
	if d := h.Settings.Diff(SketchSettings(opts)); len(d) > 0 {
		return nil, settingsError{fmt.Errorf("%s was made with other settings: %s (it, this run)", path, strings.Join(d, "; "))}
	}
	if h.Templates == nil {
		return nil, fmt.Errorf("%s holds no template lines (its corpus layer was off)", path)
	}
	return h.Templates, nil
}

// WriteStages writes each stage's time and counts, one line each.
func (r *Result) WriteStages(w io.Writer) error {
	c, s := r.Corpus, r.Stages
	var words, shingles int
	for _, d := range c.Docs {
		words += d.Words
		shingles += d.Shingles
	}
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	_, err := fmt.Fprintf(w, `neardup: templates    %8s
neardup: fingerprint  %8s  %d files, %d skipped, %d words, %d shingles
neardup: candidates   %8s  %d pairs (%d bands x %d rows)
neardup: verify+group %8s  %d pairs verified, %d groups
`, ms(s.Templates), ms(s.Fingerprint), len(c.Docs), c.Skipped, words, shingles,
		ms(s.Candidates), s.Pairs, s.LSH.Bands, s.LSH.Rows, ms(s.Group), s.Verified, len(r.Report.Groups))
	return err
}
