package clean

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"sync"
)

// A trace is what cleaning did to one text: the lines it dropped, and the
// cuts rules made inside the others (a line can be cut more than once,
// each time in the text the cut before left). A text read again from an
// unchanged file is the same text, so its trace gives the same cleaned
// text without the rules, the corpus layer or the classifier: a split
// into lines and a join.
//
// Encoding (uvarints): the number of dropped lines, then each one's
// distance from the one before (from -1); the number of cuts, then for
// each its line's distance from the last cut's line (from 0), its number
// of pieces and, for each piece, its start and length. Most texts need
// two bytes.

// cutRecord is one cut: the pieces a rule's matches took out of line.
type cutRecord struct {
	line int
	locs [][]int
}

var cutPool = sync.Pool{New: func() any { return new([]cutRecord) }}

// ErrTrace is the error of Replay given a trace that is not one of text's.
var ErrTrace = errors.New("clean: trace does not fit the text")

// appendTrace appends the trace of lines and cuts to b.
func appendTrace(b []byte, lines []line, cuts []cutRecord) []byte {
	dropped := 0
	for i := range lines {
		if lines[i].dropped {
			dropped++
		}
	}
	b = binary.AppendUvarint(b, uint64(dropped))
	last := -1
	for i := range lines {
		if lines[i].dropped {
			b = binary.AppendUvarint(b, uint64(i-last))
			last = i
		}
	}
	b = binary.AppendUvarint(b, uint64(len(cuts)))
	last = 0
	for _, c := range cuts {
		b = binary.AppendUvarint(b, uint64(c.line-last))
		last = c.line
		b = binary.AppendUvarint(b, uint64(len(c.locs)))
		for _, l := range c.locs {
			b = binary.AppendUvarint(b, uint64(l[0]))
			b = binary.AppendUvarint(b, uint64(l[1]-l[0]))
		}
	}
	return b
}

// traceReader reads a trace's uvarints, remembering the first problem.
type traceReader struct {
	b   []byte
	bad bool
}

func (r *traceReader) next() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > 1<<40 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// Replay appends to dst the cleaned text AppendCleanTrace appended for
// text when it recorded trace, without cleaning text again. A trace that
// does not fit text (recorded for another) is ErrTrace, with dst as given.
func Replay(dst []byte, text string, trace []byte) ([]byte, error) {
	r := traceReader{b: trace}
	n := strings.Count(text, "\n") + 1
	scratch := linePool.Get().(*[]line)
	defer linePool.Put(scratch)
	lines := (*scratch)[:0]
	defer func() { clear(lines); *scratch = lines[:0] }()
	rest := text
	for range n {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		lines = append(lines, line{text: strings.TrimSpace(l)})
	}
	at := -1
	for k := r.next(); k > 0 && !r.bad; k-- {
		if at += r.next(); at < 0 || at >= n {
			return dst, ErrTrace
		}
		lines[at].dropped = true
	}
	at = 0
	for k := r.next(); k > 0 && !r.bad; k-- {
		if at += r.next(); at >= n {
			return dst, ErrTrace
		}
		pieces := r.next()
		if r.bad || pieces == 0 || pieces > len(lines[at].text) {
			return dst, ErrTrace
		}
		locs := make([][]int, pieces)
		t := lines[at].text
		end := 0
		for p := range locs {
			from := r.next()
			if from < end {
				return dst, ErrTrace // cut takes pieces in order
			}
			n := r.next()
			end = from + n
			if r.bad || n == 0 || end > len(t) {
				return dst, ErrTrace // rules never match empty text
			}
			locs[p] = []int{from, end}
		}
		lines[at].text = cut(t, locs)
	}
	if r.bad || len(r.b) > 0 {
		return dst, ErrTrace
	}
	return appendJoined(dst, lines), nil
}

// Removed calls fn with each piece of text that cleaning removed when it
// recorded trace, in text order: every dropped line (trimmed, whole), and
// every piece a rule cut out of a line that stayed. A trace that does not
// fit text is ErrTrace, and fn is not called.
func Removed(text string, trace []byte, fn func(piece string)) error {
	r := traceReader{b: trace}
	n := strings.Count(text, "\n") + 1
	lines := make([]string, 0, n)
	rest := text
	for range n {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		lines = append(lines, strings.TrimSpace(l))
	}
	original := slices.Clone(lines)
	dropped := make([]bool, n)
	at := -1
	for k := r.next(); k > 0 && !r.bad; k-- {
		if at += r.next(); at < 0 || at >= n {
			return ErrTrace
		}
		dropped[at] = true
	}
	pieces := make(map[int][]string)
	at = 0
	for k := r.next(); k > 0 && !r.bad; k-- {
		if at += r.next(); at >= n {
			return ErrTrace
		}
		count := r.next()
		if r.bad || count == 0 || count > len(lines[at]) {
			return ErrTrace
		}
		t, end := lines[at], 0
		locs := make([][]int, count)
		for p := range locs {
			from := r.next()
			if from < end {
				return ErrTrace
			}
			n := r.next()
			if end = from + n; r.bad || n == 0 || end > len(t) {
				return ErrTrace
			}
			locs[p] = []int{from, end}
			pieces[at] = append(pieces[at], t[from:end])
		}
		// A later cut of the same line is made in what this one left.
		lines[at] = cut(t, locs)
	}
	if r.bad || len(r.b) > 0 {
		return ErrTrace
	}
	for i := range n {
		if dropped[i] {
			fn(original[i])
			continue
		}
		for _, p := range pieces[i] {
			fn(p)
		}
	}
	return nil
}
