package sketch

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// checkFooter walks a Parquet file's footer (Thrift compact protocol)
// without decoding it, and fails if any length in it claims more elements
// or bytes than the footer holds. The Parquet decoder allocates what a
// list header claims before reading it, so one damaged byte there would
// otherwise cost gigabytes; after this check every allocation it makes is
// bounded by the footer's size.
func checkFooter(r io.ReaderAt, size int64) error {
	if size < 12 {
		return errors.New("too short for Parquet")
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != "PAR1" {
		return errors.New("no Parquet magic at the end")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return fmt.Errorf("footer of %d bytes in a file of %d", n, size)
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-8-n); err != nil {
		return err
	}
	w := &thriftWalker{b: footer}
	if err := w.structure(0); err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	return nil
}

// thriftWalker skips over Thrift compact-protocol values, checking sizes.
type thriftWalker struct {
	b   []byte
	pos int
}

var errFooter = errors.New("damaged")

// maxDepth bounds nesting: Parquet's footer nests a few levels deep.
const maxDepth = 32

func (w *thriftWalker) byte() (byte, error) {
	if w.pos >= len(w.b) {
		return 0, errFooter
	}
	c := w.b[w.pos]
	w.pos++
	return c, nil
}

func (w *thriftWalker) varint() (uint64, error) {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c, err := w.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errFooter
}

// count reads a size and checks that many elements (each at least one
// byte) fit in what is left.
func (w *thriftWalker) count(n uint64) (int, error) {
	if n > uint64(len(w.b)-w.pos) {
		return 0, fmt.Errorf("%w: %d elements claimed, %d bytes left", errFooter, n, len(w.b)-w.pos)
	}
	return int(n), nil
}

func (w *thriftWalker) structure(depth int) error {
	if depth > maxDepth {
		return errFooter
	}
	for {
		h, err := w.byte()
		if err != nil {
			return err
		}
		if h == 0 { // stop
			return nil
		}
		if h>>4 == 0 { // long form: the field id follows
			if _, err := w.varint(); err != nil {
				return err
			}
		}
		if err := w.value(h&0x0f, depth); err != nil {
			return err
		}
	}
}

func (w *thriftWalker) value(t byte, depth int) error {
	switch t {
	case 1, 2: // bool in a field header: no payload
		return nil
	case 3: // byte
		_, err := w.byte()
		return err
	case 4, 5, 6: // i16, i32, i64
		_, err := w.varint()
		return err
	case 7: // double
		if len(w.b)-w.pos < 8 {
			return errFooter
		}
		w.pos += 8
		return nil
	case 8: // binary
		n, err := w.varint()
		if err != nil {
			return err
		}
		k, err := w.count(n)
		if err != nil {
			return err
		}
		w.pos += k
		return nil
	case 9, 10: // list, set
		h, err := w.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = w.varint(); err != nil {
				return err
			}
		}
		k, err := w.count(n)
		if err != nil {
			return err
		}
		et := h & 0x0f
		for range k {
			if et == 1 || et == 2 { // bools in a list take a byte each
				if _, err := w.byte(); err != nil {
					return err
				}
				continue
			}
			if err := w.value(et, depth+1); err != nil {
				return err
			}
		}
		return nil
	case 11: // map
		n, err := w.varint()
		if err != nil {
			return err
		}
		k, err := w.count(n)
		if err != nil || k == 0 {
			return err
		}
		kv, err := w.byte()
		if err != nil {
			return err
		}
		for range k {
			if err := w.value(kv>>4, depth+1); err != nil {
				return err
			}
			if err := w.value(kv&0x0f, depth+1); err != nil {
				return err
			}
		}
		return nil
	case 12: // struct
		return w.structure(depth + 1)
	}
	return fmt.Errorf("%w: thrift type %d", errFooter, t)
}
