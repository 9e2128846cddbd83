package neardup

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Limit is the range of one numeric setting.
type Limit struct {
	Min, Max         float64
	OpenMin, OpenMax bool   // the bound itself is excluded
	Whole            bool   // a whole number
	Note             string // what the special values mean
}

var inf = math.Inf(1)

// Limits are the ranges of the numeric settings, by the names the command
// gives their flags. Options.Check refuses values outside them.
var Limits = map[string]Limit{
	"threshold":      {Min: 0, Max: 1, OpenMin: true},
	"containment":    {Min: 0, Max: 1, Note: "0: off"},
	"template-share": {Min: 0, Max: 1, OpenMax: true},
	"template-files": {Min: 0, Max: inf, Whole: true, Note: "0: off"},
	// Shingles longer than 32 words match only verbatim copies of whole
	// paragraphs: exact duplicates, which need no MinHash.
	"shingle": {Min: 1, Max: 32, Whole: true},
	// Below 16 permutations an estimate moves in steps of 1/16 or more and
	// its standard error at Jaccard 0.5 passes 0.125: grouping at a
	// threshold would be a coin toss. 4096 is what package minhash allows.
	"perms": {Min: 16, Max: 4096, Whole: true},
	"bands": {Min: 0, Max: inf, Whole: true, Note: "0: chosen from --threshold and --perms"},
	"rows":  {Min: 0, Max: inf, Whole: true, Note: "0: chosen from --threshold and --perms"},
	// More workers than this only add memory (each keeps its buffers).
	"jobs": {Min: 1, Max: 1024, Whole: true},
	// 1 TiB: far past any article, and far from overflowing the byte
	// counts read with it.
	"max-bytes": {Min: 0, Max: 1 << 40, Whole: true, Note: "0: no limit"},
}

// Check returns a one-line complaint about v, given as raw, or nil.
func (l Limit) Check(name, raw string, v float64) error {
	ok := !math.IsNaN(v) && !math.IsInf(v, 0) &&
		(v > l.Min || !l.OpenMin && v == l.Min) &&
		(v < l.Max || !l.OpenMax && v == l.Max) &&
		(!l.Whole || v == math.Trunc(v))
	if ok {
		return nil
	}
	return fmt.Errorf("%s must be %s, got %s", name, l.describe(), raw)
}

// describe says the range in words: "in (0, 1]", "a whole number from 16 to 4096".
func (l Limit) describe() string {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var s string
	switch {
	case l.Whole && l.Max == inf:
		s = "a whole number, at least " + num(l.Min)
	case l.Whole:
		s = fmt.Sprintf("a whole number from %s to %s", num(l.Min), num(l.Max))
	default:
		lo, hi := "[", "]"
		if l.OpenMin {
			lo = "("
		}
		if l.OpenMax {
			hi = ")"
		}
		s = fmt.Sprintf("in %s%s, %s%s", lo, num(l.Min), num(l.Max), hi)
	}
	if l.Note != "" {
		s += " (" + l.Note + ")"
	}
	return s
}

// checkLimits checks o's numeric settings against Limits.
func (o Options) checkLimits() error {
	for _, v := range []struct {
		name string
		v    float64
	}{
		{"threshold", o.Group.Threshold}, {"containment", o.Group.Containment},
		{"template-share", o.Clean.TemplateShare}, {"template-files", float64(o.Clean.TemplateFiles)},
		{"shingle", float64(o.Fingerprint.Shingle)}, {"perms", float64(o.Fingerprint.Perms)},
		{"max-bytes", float64(o.Read.MaxBytes)},
	} {
		if err := Limits[v.name].Check(v.name, strconv.FormatFloat(v.v, 'g', -1, 64), v.v); err != nil {
			return err
		}
	}
	return nil
}

// MaxSweepSettings bounds the settings a sweep scores: past it a sweep
// runs for hours or, with a tiny step, grows without end.
const MaxSweepSettings = 1000

// Add adds one swept setting, KEY=VALUES: KEY is threshold, shingle or
// containment; VALUES a list (2,3,4) or a range FROM:TO:STEP
// (0.2:0.9:0.05). Each value must be one the setting takes, and the sweep
// at most MaxSweepSettings combinations.
func (s *Sweep) Add(spec string) error {
	key, values, err := parseSweep(spec)
	if err != nil {
		return err
	}
	switch key {
	case "shingle":
		if s.Shingle != nil {
			return fmt.Errorf("sweep %s= given twice", key)
		}
		for _, v := range values {
			s.Shingle = append(s.Shingle, int(v)) // whole: checked
		}
	case "threshold":
		if s.Threshold != nil {
			return fmt.Errorf("sweep %s= given twice", key)
		}
		s.Threshold = values
	case "containment":
		if s.Containment != nil {
			return fmt.Errorf("sweep %s= given twice", key)
		}
		s.Containment = values
	}
	n := max(len(s.Shingle), 1) * max(len(s.Threshold), 1) * max(len(s.Containment), 1)
	if n > MaxSweepSettings {
		return fmt.Errorf("sweep: %d settings in all (every combination), at most %d", n, MaxSweepSettings)
	}
	return nil
}

func parseSweep(s string) (string, []float64, error) {
	key, spec, ok := strings.Cut(s, "=")
	if !ok || key != "threshold" && key != "shingle" && key != "containment" {
		return "", nil, fmt.Errorf("sweep %q: want threshold=, shingle= or containment=", s)
	}
	bad := func(format string, args ...any) (string, []float64, error) {
		return "", nil, fmt.Errorf("sweep %q: %s", s, fmt.Sprintf(format, args...))
	}
	lim := Limits[key]
	number := func(v string) (float64, error) {
		v = strings.TrimSpace(v)
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", v)
		}
		return x, lim.Check(key, v, x)
	}
	var values []float64
	if from, rest, ok := strings.Cut(spec, ":"); ok {
		to, step, ok := strings.Cut(rest, ":")
		if !ok {
			return bad("want FROM:TO:STEP")
		}
		a, err := number(from)
		if err != nil {
			return bad("FROM: %v", err)
		}
		b, err := number(to)
		if err != nil {
			return bad("TO: %v", err)
		}
		d, err := strconv.ParseFloat(strings.TrimSpace(step), 64)
		switch {
		case err != nil:
			return bad("STEP: %q is not a number", step)
		case !(d >= 1e-6) || math.IsInf(d, 0): // also NaN; values are rounded to 6 decimals
			return bad("STEP must be a finite number of at least 0.000001, got %s", step)
		case lim.Whole && d != math.Trunc(d):
			return bad("STEP must be a whole number for %s, got %s", key, step)
		case b < a:
			return bad("TO %s is below FROM %s", to, from)
		}
		if n := math.Floor((b-a)/d+1e-9) + 1; n > MaxSweepSettings {
			return bad("%.0f settings, at most %d", n, MaxSweepSettings)
		}
		for i := 0; ; i++ {
			v := math.Round((a+float64(i)*d)*1e6) / 1e6
			if v > b+1e-9 {
				break
			}
			values = append(values, v)
		}
		return key, values, nil
	}
	list := strings.Split(spec, ",")
	if len(list) > MaxSweepSettings {
		return bad("%d settings, at most %d", len(list), MaxSweepSettings)
	}
	for _, v := range list {
		x, err := number(v)
		if err != nil {
			return bad("%v", err)
		}
		values = append(values, x)
	}
	return key, values, nil
}
