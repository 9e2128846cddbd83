package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"
)

// Limits of the numeric flags. Every command that has one of these flags
// gets it checked here, once, before it runs (the root's
// PersistentPreRunE), so no command can forget a check or make its own.
const (
	// Below 16 permutations an estimate moves in steps of 1/16 or more and
	// its standard error at Jaccard 0.5 passes 0.125: grouping at a
	// threshold would be a coin toss. 4096 is what package minhash allows.
	minPerms, maxPerms = 16, 4096
	// Shingles longer than 32 words match only verbatim copies of whole
	// paragraphs: exact duplicates, which need no MinHash.
	maxShingle = 32
	// More workers than this only add memory (each keeps its buffers).
	maxJobs = 1024
	// 1 TiB: far past any article, and far from overflowing the byte
	// counts read with it.
	maxMaxBytes = 1 << 40
	// A sweep scores every combination of settings; past this it runs for
	// hours or, with a tiny step, grows without end.
	maxSweepSettings = 1000
)

// numLimit is the range of one numeric flag.
type numLimit struct {
	min, max         float64
	openMin, openMax bool   // the bound itself is excluded
	whole            bool   // an integer flag
	note             string // what the special values mean
}

var inf = math.Inf(1)

var flagLimits = map[string]numLimit{
	"threshold":      {min: 0, max: 1, openMin: true},
	"containment":    {min: 0, max: 1, note: "0: off"},
	"template-share": {min: 0, max: 1, openMax: true},
	"template-files": {min: 0, max: inf, whole: true, note: "0: off"},
	"shingle":        {min: 1, max: maxShingle, whole: true},
	"perms":          {min: minPerms, max: maxPerms, whole: true},
	// Whether --bands and --rows fit in --perms is checkBanding's to say.
	"bands":     {min: 0, max: inf, whole: true, note: "0: chosen from --threshold and --perms"},
	"rows":      {min: 0, max: inf, whole: true, note: "0: chosen from --threshold and --perms"},
	"jobs":      {min: 1, max: maxJobs, whole: true},
	"max-bytes": {min: 0, max: maxMaxBytes, whole: true, note: "0: no limit"},
	"passages":  {min: 0, max: inf, whole: true},
	"show":      {min: 0, max: inf, whole: true},
	// --seed is a uint64 and every one is a seed: parsing refuses the rest.
}

// flagOrder is the order in which problems are reported.
var flagOrder = []string{"threshold", "containment", "template-share", "template-files", "shingle", "perms", "bands", "rows", "jobs", "max-bytes", "passages", "show"}

// check returns a one-line complaint about v, given as raw, or nil.
func (l numLimit) check(name, raw string, v float64) error {
	ok := !math.IsNaN(v) && !math.IsInf(v, 0) &&
		(v > l.min || !l.openMin && v == l.min) &&
		(v < l.max || !l.openMax && v == l.max) &&
		(!l.whole || v == math.Trunc(v))
	if ok {
		return nil
	}
	return fmt.Errorf("%s must be %s, got %s", name, l.describe(), raw)
}

// describe says the range in words: "in (0, 1]", "between 16 and 4096".
func (l numLimit) describe() string {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var s string
	switch {
	case l.whole && l.max == inf:
		s = "a whole number, at least " + num(l.min)
	case l.whole:
		s = fmt.Sprintf("a whole number from %s to %s", num(l.min), num(l.max))
	default:
		lo, hi := "[", "]"
		if l.openMin {
			lo = "("
		}
		if l.openMax {
			hi = ")"
		}
		s = fmt.Sprintf("in %s%s, %s%s", lo, num(l.min), num(l.max), hi)
	}
	if l.note != "" {
		s += " (" + l.note + ")"
	}
	return s
}

// validateFlags checks every numeric flag cmd has, set or defaulted.
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
		if err := flagLimits[name].check("--"+name, raw, v); err != nil {
			return fmt.Errorf("%w", err)
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
