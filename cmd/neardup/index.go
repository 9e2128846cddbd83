package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/report"
)

// openIndex opens the index at --db (its callers check that there is one,
// before any input is read) with o, the lock timeout and a note
// when waiting.
func (s *settings) openIndex(cmd *cobra.Command, o neardup.IndexOptions) (*neardup.Index, error) {
	o.LockTimeout = s.lockTimeout
	if !s.quiet {
		o.Waiting = func() {
			fmt.Fprintf(cmd.ErrOrStderr(), "neardup: waiting up to %s for another neardup writing %s\n", o.LockTimeout, s.db)
		}
	}
	ix, err := neardup.OpenIndex(cmd.Context(), s.db, o)
	if err != nil {
		return nil, cmdutil.IndexError(cmd.Context(), s.db, err)
	}
	return ix, nil
}

func newIndexCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:     "index --db FILE [flags] PATH...",
		Short:   "Create or update an index of fingerprints",
		Long:    help("index", "", ""),
		Example: example("index"),
		RunE:    func(cmd *cobra.Command, args []string) error { return s.index(cmd, args, io) },
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
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), warns)
	if err != nil {
		return cmdutil.IndexError(cmd.Context(), s.db, err)
	}
	s.summarize(cmd, "index %s: %d added, %d updated, %d unchanged, %d removed (%s) in %s",
		s.db, ch.Added, ch.Updated, ch.Unchanged, ch.Removed, cmdutil.Plural(ch.Total, "file"), since(start))
	return nil
}

func newQueryCmd(s *settings, io streams) *cobra.Command {
	return s.use(&cobra.Command{
		Use:     "query --db FILE [flags] PATH...",
		Short:   "Report which indexed articles each given file duplicates",
		Long:    help("query", "a queried file duplicates an indexed one", ""),
		Example: example("query"),
		RunE:    func(cmd *cobra.Command, args []string) error { return s.query(cmd, args, io) },
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
		return cmdutil.IndexError(cmd.Context(), s.db, err)
	}
	cmdutil.PrintWarnings(cmd.ErrOrStderr(), res.Warnings)
	res.Report.Stats.Skipped += problems
	if err := s.write(cmd, io, res.Report, report.Options{}); err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "neardup: warning: no input files found (%s), nothing to query\n", cmdutil.Searched(s.in.Include))
		return nil
	}
	if s.add {
		if err := ix.Add(cmd.Context(), res); err != nil {
			return fmt.Errorf("write index %s: %w", s.db, err)
		}
	}
	s.summarize(cmd, "%s queried against %s (%s read), %d with matches", cmdutil.Plural(res.Queried(), "file"), s.db, cmdutil.Plural(res.Read, "indexed file"), len(res.Report.Groups))
	return s.found(res.Report)
}
