package clean

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Writer writes what cleaning made of files, one file at a time, as
// neardup clean prints it: the cleaned texts (with a "==> PATH <==" line
// before each when there are several files), or with Explain the removals,
// one line each or, with JSON, one document {"removed":[...]}. Memory stays
// bounded by the largest file; a JSON document is closed only by Close, so
// output stopped early is never taken for whole.
type Writer struct {
	w             *bufio.Writer
	explain, json bool
	multi         bool
	files, n      int
	block         bytes.Buffer
}

// NewWriter returns a Writer to w; multi says several files will be
// written (each cleaned text then gets its header).
func NewWriter(w io.Writer, explain, json, multi bool) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), explain: explain, json: json, multi: multi}
}

// removal is a Removal as clean --explain --format json prints it.
type removal struct {
	Path string `json:"path"`
	Removal
}

// Add writes one file's result: its cleaned text and what was removed.
func (cw *Writer) Add(path, text string, removals []Removal) error {
	b := &cw.block
	b.Reset()
	switch {
	case !cw.explain:
		if cw.multi {
			if cw.files > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(b, "==> %s <==\n", quote(path))
		}
		if text != "" {
			b.WriteString(text)
			b.WriteByte('\n')
		}
	case cw.json:
		if cw.files == 0 {
			b.WriteString(`{"removed":[`)
		}
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		for _, r := range removals {
			if cw.n > 0 {
				b.WriteByte(',')
			}
			cw.n++
			if err := enc.Encode(removal{path, r}); err != nil {
				return err
			}
			b.Truncate(b.Len() - 1) // Encode's newline
		}
	default:
		for _, r := range removals {
			what := "fragment"
			if r.Whole {
				what = "line"
			}
			fmt.Fprintf(b, "%s:%d: %s %s (%s) %s: %s\n", quote(path), r.Line, r.Layer, r.Kind, r.Rule, what, visible(r.Text))
		}
	}
	cw.files++
	_, err := cw.w.Write(b.Bytes())
	return err
}

// Flush writes what is buffered, leaving a JSON document open.
func (cw *Writer) Flush() error { return cw.w.Flush() }

// Close ends the output (the JSON document) and flushes it.
func (cw *Writer) Close() error {
	if cw.explain && cw.json {
		if cw.files == 0 {
			cw.w.WriteString(`{"removed":[`)
		}
		cw.w.WriteString("]}\n")
	}
	return cw.w.Flush()
}

// quote quotes a path that would not read back as itself on a line (as
// package report does).
func quote(p string) string {
	q := strconv.Quote(p)
	if q[1:len(q)-1] == p && strings.TrimSpace(p) == p && !strings.HasPrefix(p, `"`) {
		return p
	}
	return q
}

// visible is s with control characters other than tab escaped (\x1b,
// \u202e):
// text from a page must not drive the terminal that reads the report.
func visible(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			if r > 0xff {
				fmt.Fprintf(&b, "\\u%04x", r)
			} else {
				fmt.Fprintf(&b, "\\x%02x", r)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isControl: C0 and C1 controls but tab, and the bidirectional overrides
// and isolates, which can make a line read other than it is.
func isControl(r rune) bool {
	return r != '\t' && (r < 0x20 || r >= 0x7f && r < 0xa0) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
