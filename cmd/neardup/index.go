package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

// defaultLockTimeout is how long a writer waits for another one. A writer
// holds the lock for its whole run; an incremental update of a large
// archive takes seconds (39,000 unchanged files: 0.3 s), so overlapping CI
// jobs or cron runs get through, while a writer stuck behind a first build
// of a big folder, or a hung one, fails with a hint instead of hanging a
// job for ever.
const defaultLockTimeout = 30 * time.Second

// indexFlags are what the commands that write an index share.
type indexFlags struct {
	db          string
	lockTimeout time.Duration
}

func (f *indexFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.db, "db", "", "index `FILE` (required)")
	cmd.Flags().DurationVar(&f.lockTimeout, "lock-timeout", defaultLockTimeout, "how long to wait for another neardup writing the index")
}

// open opens the index at --db with o, the lock timeout and a note when
// waiting.
func (f *indexFlags) open(cmd *cobra.Command, quiet bool, o neardup.IndexOptions) (*neardup.Index, error) {
	if f.db == "" {
		return nil, errors.New("--db is required")
	}
	if f.lockTimeout < 0 {
		return nil, fmt.Errorf("--lock-timeout must not be negative, got %s", f.lockTimeout)
	}
	o.LockTimeout = f.lockTimeout
	if !quiet {
		o.Waiting = func() {
			fmt.Fprintf(cmd.ErrOrStderr(), "neardup: waiting up to %s for another neardup writing %s\n", o.LockTimeout, f.db)
		}
	}
	ix, err := neardup.OpenIndex(cmd.Context(), f.db, o)
	if err != nil {
		return nil, indexError(cmd, f.db, err)
	}
	return ix, nil
}

type indexCmdFlags struct {
	corpusFlags
	indexFlags
	rebuild bool
}

func newIndexCmd(io streams) *cobra.Command {
	var f indexCmdFlags
	cmd := &cobra.Command{
		Use:   "index --db FILE [flags] PATH...",
		Short: "Create or update an index of fingerprints",
		Long: `Index records, for each file under PATH, its path, size, modification time,
content hash and MinHash signature in the index FILE, with the settings that
made them. Run again, it fingerprints only new or changed files and drops
files that no longer exist, and says how many were added, updated, unchanged
and removed. Query the index with neardup query; scan --db uses it as a cache.

An update is written to a copy that replaces the index only when complete:
interrupted, the index stays as it was, and query and scan --db go on
reading the old one meanwhile. A second writer waits for the first (up to
--lock-timeout). Every byte is checked before use: a damaged index is
refused, never misread nor written over. An index built with other settings
(shingle, perms, seed, language, stemming, cleaning rules) is refused;
--rebuild starts it over.

` + exitHelp("", ""),
		Example: `  neardup index --db archive.ndx archive/
  neardup index --db archive.ndx --rebuild --shingle 5 archive/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runIndex(cmd, args, &f, io) },
	}
	f.corpusFlags.register(cmd, false, false)
	f.indexFlags.register(cmd)
	cmd.Flags().BoolVar(&f.rebuild, "rebuild", false, "start the index over (its old content is replaced only when the new one is complete)")
	return cmd
}

func runIndex(cmd *cobra.Command, args []string, f *indexCmdFlags, io streams) error {
	start := time.Now()
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	if f.db == "" {
		return errors.New("--db is required")
	}
	files, _, err := f.in.files(cmd, args, false)
	if err != nil {
		return err
	}
	// --rebuild takes the lock as index does, reads as empty, and replaces
	// the file only when the new index is complete.
	ix, err := f.open(cmd, f.run.quiet, neardup.IndexOptions{Write: true, Rebuild: f.rebuild})
	if err != nil {
		return err
	}
	defer ix.Close()
	ch, warns, err := ix.Update(cmd.Context(), files, opts)
	printWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return indexError(cmd, f.db, err)
	}
	if !f.run.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: index %s: %d added, %d updated, %d unchanged, %d removed (%s) in %s\n",
			f.db, ch.Added, ch.Updated, ch.Unchanged, ch.Removed, plural(ch.Total, "file"), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

type queryFlags struct {
	corpusFlags
	indexFlags
	out outputFlags
	add bool
}

func newQueryCmd(io streams) *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{
		Use:   "query --db FILE [flags] PATH...",
		Short: "Report which indexed articles each given file duplicates",
		Long: `Query fingerprints the files under PATH and reports, for each, the indexed
articles it near-duplicates (by similarity, or by containment: an excerpt of
an indexed article, or an indexed excerpt of it), in the formats of scan: each
group is a queried file followed by its matches and their similarity. A
file's matches never depend on the other files queried with it; a queried
file that is itself indexed is matched against the rest of the index.
Indexed paths are printed absolute. --format paths prints the queried files
that have matches (never an indexed file). --add also adds the queried files
to the index. An empty batch (a folder with no files) is no error: nothing
repeats nothing.

` + exitHelp("a queried file duplicates an indexed one", ""),
		Example: `  neardup query --db archive.ndx incoming/
  neardup query --db archive.ndx --exit-code -q -f csv today/*.txt || echo "batch repeats the archive"`,
		RunE: func(cmd *cobra.Command, args []string) error { return runQuery(cmd, args, &f, io) },
	}
	f.corpusFlags.register(cmd, true, true)
	f.indexFlags.register(cmd)
	f.out.register(cmd, "any file duplicates an indexed one", false)
	cmd.Flags().BoolVar(&f.add, "add", false, "also add the queried files to the index")
	return cmd
}

func runQuery(cmd *cobra.Command, args []string, f *queryFlags, io streams) error {
	if _, err := f.out.check(); err != nil {
		return err
	}
	opts, err := f.options(cmd.Context(), io)
	if err != nil {
		return err
	}
	if f.db == "" {
		return errors.New("--db is required")
	}
	files, problems, err := f.in.files(cmd, args, true)
	if err != nil {
		return err
	}
	ix, err := f.open(cmd, f.run.quiet, neardup.IndexOptions{Write: f.add && len(files) > 0})
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Query(cmd.Context(), files, opts)
	if err != nil {
		return indexError(cmd, f.db, err)
	}
	printWarnings(cmd.ErrOrStderr(), res.Warnings)
	res.Report.Stats.Skipped += problems
	if err := f.out.write(cmd, io, res.Report, report.Options{Null: f.in.null}); err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: warning: no input files found (%s), nothing to query\n", f.in.searched())
		return nil
	}
	if f.add {
		if err := ix.Add(cmd.Context(), res); err != nil {
			return fmt.Errorf("write index %s: %w", f.db, err)
		}
	}
	if !f.run.quiet && !f.out.closed {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: %s queried against %s (%s read), %d with matches\n", plural(res.Queried(), "file"), f.db, plural(res.Read, "indexed file"), len(res.Report.Groups))
	}
	return f.out.found(res.Report)
}
