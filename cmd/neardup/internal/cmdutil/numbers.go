package cmdutil

import (
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
