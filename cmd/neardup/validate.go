package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/neardup/neardup/pkg/neardup"
)

// flagLimits are the ranges of the numeric flags: the library's limits of
// the settings they set, and the command's own.
var flagLimits = func() map[string]neardup.Limit {
	m := map[string]neardup.Limit{
		"passages": {Min: 0, Max: math.Inf(1), Whole: true},
		"show":     {Min: 0, Max: math.Inf(1), Whole: true},
	}
	for k, v := range neardup.Limits {
		m[k] = v
	}
	return m
}()

// flagOrder is the order in which problems are reported.
var flagOrder = []string{"threshold", "containment", "template-share", "template-files", "shingle", "perms", "bands", "rows", "jobs", "max-bytes", "passages", "show"}

// validateFlags checks every numeric flag cmd has, set or defaulted: the
// one place they are checked, for every command (the root's
// PersistentPreRunE), so no command can forget a check or make its own.
// --seed is a uint64 and every one is a seed: parsing refuses the rest.
func validateFlags(cmd *cobra.Command) error {
	fl := cmd.Flags()
	for _, name := range flagOrder {
		f := fl.Lookup(name)
		if f == nil {
			continue
		}
		raw := f.Value.String()
		v, err := strconv.ParseFloat(raw, 64) // exact for every integer within the limits
		if err != nil {
			return fmt.Errorf("--%s: %q is not a number", name, raw)
		}
		if err := flagLimits[name].Check("--"+name, raw, v); err != nil {
			return err
		}
	}
	return checkBanding(cmd)
}

// checkBanding checks that --bands and --rows fit in --perms, saying which
// of them does not.
func checkBanding(cmd *cobra.Command) error {
	fl := cmd.Flags()
	if fl.Lookup("bands") == nil || fl.Lookup("perms") == nil {
		return nil
	}
	bands, _ := fl.GetInt("bands")
	rows, _ := fl.GetInt("rows")
	perms, _ := fl.GetInt("perms")
	switch {
	case bands > perms:
		return fmt.Errorf("--bands %d: %d bands need at least %d perms, only %d", bands, bands, bands, perms)
	case rows > perms:
		return fmt.Errorf("--rows %d: %d rows need at least %d perms, only %d", rows, rows, rows, perms)
	case bands > 0 && rows > 0 && bands*rows > perms: // both at most perms: no overflow
		return fmt.Errorf("--bands %d --rows %d: %d bands of %d rows need %d perms, only %d", bands, rows, bands, rows, bands*rows, perms)
	}
	return nil
}
