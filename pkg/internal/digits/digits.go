// Package digits finds ASCII digits in text quickly: the figures checks
// read only what is around numbers, and most bytes of a text are none.
package digits

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Next returns the index of the first ASCII digit in text at or after i,
// or len(text). It looks at eight bytes at a time.
func Next(text string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+16 <= len(text); i += 16 { // two words a round: fewer branches
		p := unsafe.Slice(unsafe.StringData(text[i:]), 16)
		x, y := binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:])
		mx := (x&^highs + (0x80-'0')*ones) & ^(x&^highs + (0x7f-'9')*ones) & highs &^ x
		my := (y&^highs + (0x80-'0')*ones) & ^(y&^highs + (0x7f-'9')*ones) & highs &^ y
		if mx|my != 0 {
			if mx != 0 {
				return i + bits.TrailingZeros64(mx)/8
			}
			return i + 8 + bits.TrailingZeros64(my)/8
		}
	}
	for ; i+8 <= len(text); i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(text[i:]), 8))
		// A byte is a digit when it is below 0x80, at least '0' and at
		// most '9': its high bit set after adding 0x80-'0' and clear
		// after adding 0x7f-'9' (each byte masked to 7 bits first, so
		// nothing carries into the next).
		low := x &^ highs
		ge := (low + (0x80-'0')*ones) & highs
		le := ^(low + (0x7f-'9')*ones) & highs
		if m := ge & le &^ x; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(text); i++ {
		if text[i]-'0' < 10 {
			return i
		}
	}
	return i
}
