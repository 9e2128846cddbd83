package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/cmd/neardup/internal/cmdutil"
	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/neardup"
	"github.com/neardup/neardup/pkg/stem"
)

func newCleanCmd(s *settings) *cobra.Command {
	return s.use(&cobra.Command{
		Use:         "clean [flags] PATH...",
		Short:       "Print articles without their boilerplate, or explain what cleaning removes",
		Long:        help("clean", "", ""),
		Example:     example("clean"),
		Annotations: textOrJSON,
		RunE:        func(cmd *cobra.Command, args []string) error { return s.clean(cmd, args) },
	}, inputFlags+" rules no-rules template-files template-share explain format jobs lang max-bytes",
		"format", "with --explain: "+textJSON,
		"lang", "language of the text, whose stop words the line classifier counts ("+strings.Join(stem.Languages(), ", ")+", or none)")
}

func (s *settings) clean(cmd *cobra.Command, args []string) error {
	if s.format == "json" && !s.explain {
		return errors.New("--format json needs --explain (the cleaned text is plain text)")
	}
	opts, files, _, err := s.prepare(cmd, args, streams{}, false)
	if err != nil {
		return err
	}
	// Output streams file by file, in input order; interrupted, it stops at
	// a file boundary.
	w := clean.NewWriter(cmd.OutOrStdout(), s.explain, s.format == "json", len(files) > 1)
	err = neardup.Clean(cmd.Context(), files, opts, func(path, text string, removals []clean.Removal) error {
		if err := w.Add(path, text, removals); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	}, func(wn neardup.Warning) { cmdutil.PrintWarnings(cmd.ErrOrStderr(), []neardup.Warning{wn}) })
	if err != nil {
		if cmd.Context().Err() != nil {
			return errors.Join(err, w.Flush())
		}
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
