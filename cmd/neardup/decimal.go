package main

import (
	"fmt"
	"strconv"
)

// decimal is a whole-number flag read in base 10 only: pflag's own reads
// "010" as octal 8 and takes 0x80 and 0b11, so --shingle 010 would run
// with 8-word shingles.
type decimal[T int | int64 | uint64] struct{ p *T }

func newDecimal[T int | int64 | uint64](p *T, def T) decimal[T] {
	*p = def
	return decimal[T]{p}
}

func (d decimal[T]) String() string { return fmt.Sprint(*d.p) }

func (d decimal[T]) Set(s string) error {
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

func (d decimal[T]) Type() string {
	switch any(*d.p).(type) {
	case int64:
		return "int64"
	case uint64:
		return "uint64"
	}
	return "int"
}
