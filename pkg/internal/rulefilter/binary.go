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
	e.count(len(p.cased), p.cased == nil)
	e.bools(p.cased)
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
	e.count(len(p.leadRunes), p.leadRunes == nil)
	for _, r := range p.leadRunes {
		e.int(int(r))
	}
	e.bools(p.trail[:])
	e.bool(p.hasTrail)
	e.strs(p.early)
	e.int(p.earlyRunes)
	e.int(p.earlyMax)
	e.bool(p.litsFoldable)
	e.count(len(p.also), p.also == nil)
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
	copy(f.bucket[:], d.next(len(f.bucket)))
	f.bucketed = d.strs()
	if n := d.count(8); n >= 0 {
		f.cased = make([]bool, n)
		d.bools(f.cased)
	}
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
	if n := d.count(1); n >= 0 {
		f.leadRunes = make([]rune, n)
		for i := range f.leadRunes {
			f.leadRunes[i] = rune(d.int())
		}
	}
	d.bools(f.trail[:])
	f.hasTrail = d.bool()
	f.early = d.strs()
	f.earlyRunes = d.int()
	f.earlyMax = d.int()
	f.litsFoldable = d.bool()
	if n := d.count(1); n >= 0 {
		f.also = make([][]string, n)
		for i := range f.also {
			f.also[i] = d.strs()
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

// count writes how many elements follow, plus one; 0 for nil: nil means
// "not known" in a Filter, not "none".
func (e *encoder) count(n int, isNil bool) {
	if isNil {
		e.b = append(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(n)+1)
}

func (e *encoder) strs(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

// bools packs flags, eight a byte.
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

// decoder reads what encoder wrote; past the first error (d.err) every
// read returns zero values.
type decoder struct {
	b   []byte
	err error
}

// next returns the next n bytes, or nil when fewer are left.
func (d *decoder) next(n int) []byte {
	if n > len(d.b) {
		d.err, d.b = errShort, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	d.varint(n)
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	d.varint(n)
	return int(v)
}

// varint moves past a varint of n bytes; n <= 0: none could be read.
func (d *decoder) varint(n int) {
	if n <= 0 {
		n = len(d.b) + 1
	}
	d.next(n)
}

func (d *decoder) bool() bool {
	v := d.next(1)
	return len(v) == 1 && v[0] != 0
}

func (d *decoder) str() string {
	n := d.uvarint()
	return string(d.next(int(min(n, uint64(len(d.b)+1)))))
}

// count reads what encoder.count wrote: -1 for nil. Elements take a byte
// at least, flags an eighth: a count the bytes left cannot hold is damage.
func (d *decoder) count(perByte uint64) int {
	n := d.uvarint()
	if n == 0 || d.err != nil {
		return -1
	}
	if n-1 > uint64(len(d.b))*perByte {
		d.varint(0)
		return -1
	}
	return int(n - 1)
}

func (d *decoder) strs() []string {
	n := d.count(1)
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	if d.err != nil {
		return nil
	}
	return ss
}

func (d *decoder) bools(v []bool) {
	b := d.next((len(v) + 7) / 8)
	if b == nil && len(v) > 0 {
		return
	}
	for i := range v {
		v[i] = b[i/8]&(1<<(i%8)) != 0
	}
}
