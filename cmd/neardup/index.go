package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

// openIndex opens the index at --db (its callers check that there is one,
// before any input is read) with o, the lock timeout and a note
// when waiting.
func (s *settings) openIndex(cmd *cobra.Command, o neardup.IndexOptions) (*neardup.Index, error) {
	if s.lockTimeout < 0 {
		return nil, fmt.Errorf("--lock-timeout must not be negative, got %s", s.lockTimeout)
	}
	o.LockTimeout = s.lockTimeout
	if !s.quiet {
		o.Waiting = func() {
			fmt.Fprintf(cmd.ErrOrStderr(), "neardup: waiting up to %s for another neardup writing %s\n", o.LockTimeout, s.db)
		}
	}
	ix, err := neardup.OpenIndex(cmd.Context(), s.db, o)
	if err != nil {
		return nil, indexError(cmd, s.db, err)
	}
	return ix, nil
}

func newIndexCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
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
		RunE: func(cmd *cobra.Command, args []string) error { return s.index(cmd, args, io) },
	}, inputFlags+cleanFlags+fpFlags+runFlags+" db lock-timeout rebuild")
}

func (s *settings) index(cmd *cobra.Command, args []string, io streams) error {
	start := time.Now()
	opts, err := s.options(cmd, io)
	if err != nil {
		return err
	}
	if s.db == "" {
		return errors.New("--db is required") // before any input is read
	}
	files, _, err := s.files(cmd, args, false)
	if err != nil {
		return err
	}
	// --rebuild takes the lock as index does, reads as empty, and replaces
	// the file only when the new index is complete.
	ix, err := s.openIndex(cmd, neardup.IndexOptions{Write: true, Rebuild: s.rebuild})
	if err != nil {
		return err
	}
	defer ix.Close()
	ch, warns, err := ix.Update(cmd.Context(), files, opts)
	printWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return indexError(cmd, s.db, err)
	}
	s.summarize(cmd, "index %s: %d added, %d updated, %d unchanged, %d removed (%s) in %s",
		s.db, ch.Added, ch.Updated, ch.Unchanged, ch.Removed, plural(ch.Total, "file"), since(start))
	return nil
}

func newQueryCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
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
		RunE: func(cmd *cobra.Command, args []string) error { return s.query(cmd, args, io) },
	}, inputFlags+cleanFlags+fpFlags+groupFlags+runFlags+reportFlags+" db lock-timeout add",
		"null", nullPaths, "exit-code", "exit 1 when any file duplicates an indexed one")
}

func (s *settings) query(cmd *cobra.Command, args []string, io streams) error {
	opts, err := s.options(cmd, io)
	if err != nil {
		return err
	}
	if s.db == "" {
		return errors.New("--db is required") // before any input is read
	}
	files, problems, err := s.files(cmd, args, true)
	if err != nil {
		return err
	}
	ix, err := s.openIndex(cmd, neardup.IndexOptions{Write: s.add && len(files) > 0})
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Query(cmd.Context(), files, opts)
	if err != nil {
		return indexError(cmd, s.db, err)
	}
	printWarnings(cmd.ErrOrStderr(), res.Warnings)
	res.Report.Stats.Skipped += problems
	if err := s.write(cmd, io, res.Report, report.Options{}); err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: warning: no input files found (%s), nothing to query\n", s.searched())
		return nil
	}
	if s.add {
		if err := ix.Add(cmd.Context(), res); err != nil {
			return fmt.Errorf("write index %s: %w", s.db, err)
		}
	}
	s.summarize(cmd, "%s queried against %s (%s read), %d with matches", plural(res.Queried(), "file"), s.db, plural(res.Read, "indexed file"), len(res.Report.Groups))
	return s.found(res.Report)
}
