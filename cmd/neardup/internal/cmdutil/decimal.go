// Package cmdutil holds what the neardup command needs beyond its
// commands: exit codes from errors and the run that returns them, the
// hints added to the library's errors and the warning lines on stderr,
// the input listing, the checks of flags (ranges, empty values, flags
// another makes do nothing), whole-number flags read in decimal only and
// file flags given once, the signal handling of a command that stops
// cleanly, cobra's help and completion made strict, and the version.
package cmdutil

import (
	"fmt"
	"strconv"
)

// Decimal is a whole-number flag read in base 10 only: pflag's own reads
// "010" as octal 8 and takes 0x80 and 0b11, so --shingle 010 would run
// with 8-word shingles.
type Decimal[T int | int64 | uint64] struct{ p *T }

// NewDecimal sets *p to def and returns a flag.Value that sets it.
func NewDecimal[T int | int64 | uint64](p *T, def T) Decimal[T] {
	*p = def
	return Decimal[T]{p}
}

func (d Decimal[T]) String() string { return fmt.Sprint(*d.p) }

func (d Decimal[T]) Set(s string) error {
	var v T
	switch any(v).(type) {
	case uint64:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number in decimal, got %q", s)
		}
		v = T(n)
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || T(n) != T(int64(T(n))) || int64(T(n)) != n {
			return fmt.Errorf("want a whole number in decimal, got %q", s)
		}
		v = T(n)
	}
	*d.p = v
	return nil
}

func (d Decimal[T]) Type() string {
	switch any(*d.p).(type) {
	case int64:
		return "int64"
	case uint64:
		return "uint64"
	}
	return "int"
}

// Once is a string flag that may be given once: a second --files-from or
// --db would otherwise replace the first without a word, and a run read
// one list of two.
type Once struct {
	p   *string
	set bool
}

// NewOnce returns a flag.Value that sets *p, once.
func NewOnce(p *string) *Once { return &Once{p: p} }

func (o *Once) String() string { return *o.p }
func (o *Once) Type() string   { return "string" }

func (o *Once) Set(s string) error {
	if o.set {
		return fmt.Errorf("given twice (%q, then %q); give it once", *o.p, s)
	}
	*o.p, o.set = s, true
	return nil
}
