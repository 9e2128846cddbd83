package cmdutil

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/neardup/neardup/pkg/lsh"
	"github.com/neardup/neardup/pkg/neardup"
)

// flagLimits are the ranges of the numeric flags: the library's limits of
// the settings they set, and the command's own.
var flagLimits = func() map[string]neardup.Limit {
	m := map[string]neardup.Limit{"passages": {Max: math.Inf(1), Whole: true}, "show": {Max: math.Inf(1), Whole: true}}
	for k, v := range neardup.Limits {
		m[k] = v
	}
	return m
}()

// flagOrder is the order in which problems are reported.
var flagOrder = []string{"threshold", "containment", "template-share", "template-files", "shingle", "perms", "bands", "rows", "jobs", "max-bytes", "passages", "show"}

// ValidateFlags checks every numeric flag cmd has, set or defaulted: the
// one place they are checked, for every command (the root's
// PersistentPreRunE). --seed is a uint64 and every one is a seed: parsing
// refuses the rest.
func ValidateFlags(cmd *cobra.Command) error {
	fl := cmd.Flags()
	// An empty value is no value: "--db ''" would otherwise read as no
	// --db at all. (--include '' has its own message, with a hint; --keep=
	// is the default, first.)
	var empty error
	fl.Visit(func(f *pflag.Flag) {
		switch f.Value.Type() {
		case "string":
			if f.Value.String() == "" && f.Name != "keep" && empty == nil {
				empty = fmt.Errorf("--%s: empty value", f.Name)
			}
		case "stringArray":
			if sv, ok := f.Value.(pflag.SliceValue); ok && slices.Contains(sv.GetSlice(), "") && f.Name != "include" && empty == nil {
				empty = fmt.Errorf("--%s: empty value", f.Name)
			}
		}
	})
	if empty != nil {
		return empty
	}
	for _, name := range flagOrder {
		if f := fl.Lookup(name); f != nil {
			raw := f.Value.String()
			v, err := strconv.ParseFloat(raw, 64) // exact for every integer within the limits
			if err != nil {
				return fmt.Errorf("--%s: %q is not a number", name, raw)
			}
			if err := flagLimits[name].Check("--"+name, raw, v); err != nil {
				return err
			}
		}
	}
	if d, err := fl.GetDuration("lock-timeout"); err == nil && d < 0 {
		return fmt.Errorf("--lock-timeout must not be negative, got %s", d)
	}
	if fl.Lookup("bands") == nil || fl.Lookup("perms") == nil {
		return nil
	}
	bands, _ := fl.GetInt("bands")
	rows, _ := fl.GetInt("rows")
	perms, _ := fl.GetInt("perms")
	if _, err := lsh.Fit(bands, rows, perms); err != nil {
		var set []string
		for _, n := range []string{"bands", "rows"} {
			if v := fl.Lookup(n).Value.String(); v != "0" {
				set = append(set, "--"+n+" "+v)
			}
		}
		return fmt.Errorf("%s: %w", strings.Join(set, " "), err)
	}
	return nil
}

// NoEffect refuses flags of cmd that another flag would make do nothing:
// cleaning flags with --no-clean, -0 with no list to read and no paths to
// write, and with --sweep (specs) the flags of the settings it sweeps, and
// --show.
func NoEffect(cmd *cobra.Command, noClean bool, filesFrom, format string, sweeps []string) error {
	fl := cmd.Flags()
	changed := func(n string) bool { f := fl.Lookup(n); return f != nil && f.Changed }
	if noClean {
		for _, n := range []string{"rules", "no-rules", "template-files", "template-share"} {
			if changed(n) {
				return fmt.Errorf("--%s has no effect with --no-clean", n)
			}
		}
	}
	paths := fl.Lookup("format") != nil && slices.Contains(strings.Fields(cmd.Annotations["formats"]), "paths")
	switch {
	case !changed("null") || filesFrom != "" || paths && format == "paths":
	case paths:
		return errors.New("-0 has no effect here: it reads a --files-from list, and writes --format paths output, NUL-separated")
	default:
		return errors.New("-0 has no effect without --files-from: it reads a NUL-separated list")
	}
	for _, spec := range sweeps {
		if key, _, _ := strings.Cut(spec, "="); changed(key) {
			return fmt.Errorf("--%s has no effect with --sweep %s=...", key, key)
		}
	}
	if len(sweeps) > 0 && changed("show") {
		return errors.New("--show has no effect with --sweep (a sweep prints a table, no pairs)")
	}
	return nil
}
