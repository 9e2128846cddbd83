package rulefilter

import (
	"encoding/binary"
	"errors"
	"slices"
)

// A Filter takes its expression's syntax tree to derive, which was most of
// a run's start for the built-in rules (a quarter of a billion
// instructions for 400 rules): pkg/clean stores theirs, derived when the
// rules change, and reads them back.

// MarshalBinary encodes p; UnmarshalBinary reads it back, equal.
func (p *Filter) MarshalBinary() ([]byte, error) {
	var e encoder
	e.int(p.MaxRunes)
	e.int(p.Span)
	e.bool(p.Windowed)
	e.str(p.Loose)
	e.int(p.LooseMax)
	e.strs(p.Starts)
	e.bools(p.First[:])
	for _, v := range p.pairs {
		e.b = binary.AppendUvarint(e.b, v)
	}
	e.bool(p.onePairs)
	e.b = append(e.b, p.bucket[:]...)
	e.strs(p.bucketed)
	e.boolSlice(p.cased)
	e.strs(p.Lits)
	var whole []string
	for w := range p.Whole {
		whole = append(whole, w)
	}
	slices.Sort(whole) // the same filter, the same bytes
	e.bool(p.Whole != nil)
	e.strs(whole)
	e.int(p.wholeMax)
	e.bool(p.WholeOnly)
	e.bools(p.lead[:])
	e.bool(p.hasLead)
	if p.leadRunes == nil {
		e.int(0)
	} else {
		e.int(len(p.leadRunes) + 1)
	}
	for _, r := range p.leadRunes {
		e.int(int(r))
	}
	e.bools(p.trail[:])
	e.bool(p.hasTrail)
	e.strs(p.early)
	e.int(p.earlyRunes)
	e.int(p.earlyMax)
	e.bool(p.litsFoldable)
	e.int(len(p.also))
	for _, set := range p.also {
		e.strs(set)
	}
	e.strs(p.whole)
	return e.b, nil
}

// UnmarshalBinary sets p from what MarshalBinary wrote.
func (p *Filter) UnmarshalBinary(b []byte) error {
	d := decoder{b: b}
	var f Filter
	f.MaxRunes = d.int()
	f.Span = d.int()
	f.Windowed = d.bool()
	f.Loose = d.str()
	f.LooseMax = d.int()
	f.Starts = d.strs()
	d.bools(f.First[:])
	for i := range f.pairs {
		f.pairs[i] = d.uvarint()
	}
	f.onePairs = d.bool()
	if len(d.b) >= len(f.bucket) {
		copy(f.bucket[:], d.b)
		d.b = d.b[len(f.bucket):]
	} else {
		d.err = errShort
	}
	f.bucketed = d.strs()
	f.cased = d.boolSlice()
	f.Lits = d.strs()
	hasWhole := d.bool()
	whole := d.strs()
	if hasWhole {
		f.Whole = make(map[string]bool, len(whole))
		for _, w := range whole {
			f.Whole[w] = true
		}
	}
	f.wholeMax = d.int()
	f.WholeOnly = d.bool()
	d.bools(f.lead[:])
	f.hasLead = d.bool()
	if n := d.int(); n > 0 && d.err == nil {
		f.leadRunes = make([]rune, 0, min(n-1, len(d.b)))
		for range n - 1 {
			if d.err != nil {
				break
			}
			f.leadRunes = append(f.leadRunes, rune(d.int()))
		}
	}
	d.bools(f.trail[:])
	f.hasTrail = d.bool()
	f.early = d.strs()
	f.earlyRunes = d.int()
	f.earlyMax = d.int()
	f.litsFoldable = d.bool()
	if n := d.int(); n > 0 && d.err == nil {
		for range min(n, len(d.b)) {
			f.also = append(f.also, d.strs())
		}
	}
	f.whole = d.strs()
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("rulefilter: trailing bytes")
	}
	if d.err != nil {
		return d.err
	}
	*p = f
	return nil
}

var errShort = errors.New("rulefilter: truncated filter")

type encoder struct{ b []byte }

func (e *encoder) int(v int) { e.b = binary.AppendVarint(e.b, int64(v)) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

// strs writes a slice's length plus one, 0 for nil: nil means "not known"
// in a Filter, not "none".
func (e *encoder) strs(ss []string) {
	if ss == nil {
		e.b = append(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(len(ss))+1)
	for _, s := range ss {
		e.str(s)
	}
}

// bools packs a fixed array of flags, eight a byte.
func (e *encoder) bools(v []bool) {
	for i := 0; i < len(v); i += 8 {
		var c byte
		for j := range min(8, len(v)-i) {
			if v[i+j] {
				c |= 1 << j
			}
		}
		e.b = append(e.b, c)
	}
}

func (e *encoder) boolSlice(v []bool) {
	if v == nil {
		e.b = append(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(len(v))+1)
	e.bools(v)
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = errShort, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = errShort, nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) bool() bool {
	if len(d.b) == 0 {
		d.err = errShort
		return false
	}
	v := d.b[0] != 0
	d.b = d.b[1:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = errShort, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return nil
	}
	ss := make([]string, 0, min(n-1, uint64(len(d.b))))
	for range n - 1 {
		if d.err != nil {
			return nil
		}
		ss = append(ss, d.str())
	}
	return ss
}

func (d *decoder) bools(v []bool) {
	need := (len(v) + 7) / 8
	if len(d.b) < need {
		d.err, d.b = errShort, nil
		return
	}
	for i := range v {
		v[i] = d.b[i/8]&(1<<(i%8)) != 0
	}
	d.b = d.b[need:]
}

func (d *decoder) boolSlice() []bool {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return nil
	}
	if (n-1+7)/8 > uint64(len(d.b)) {
		d.err, d.b = errShort, nil
		return nil
	}
	v := make([]bool, n-1)
	d.bools(v)
	return v
}
