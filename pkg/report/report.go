// Package report writes groups of near-duplicates in neardup's output
// formats: text for people, json, jsonl and csv for programs.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formats lists the names Write accepts. The pairs formats print edges,
// not groups: one verified edge a line, for graph tools (CSV with a
// header; pairs-jsonl one JSON object a line).
var Formats = []string{"text", "json", "jsonl", "csv", "paths", "pairs", "pairs-jsonl"}

// Options change how Write prints.
type Options struct {
	// Null ends each path with NUL instead of a newline in the paths
	// format, for xargs -0.
	Null bool
	// Color marks up text output with ANSI colours (for a terminal).
	Color bool
	// Width, when above 0, shortens long paths in text output to fit it
	// (for a terminal; pipes always get the full path).
	Width int
	// Threshold is the similarity below which text output marks a value
	// as weak (only with Color).
	Threshold float64
}

// Member is one article of a group.
type Member struct {
	Path       string  `json:"path"`
	Similarity float64 `json:"similarity"` // Jaccard with the group's first member
	// Via is the edge that brought the member into the group: its
	// strongest verified relation to another member.
	Via *Via `json:"via,omitempty"`
	// Redundant says the member's text is held by another file that stays:
	// in a scan, the group's first member is identical or similar to it,
	// or contains it, and the member has no words, figures or negations
	// of its own beyond a few light edits; in a query, the queried file (the first member) is
	// repeated by an indexed file still there as indexed. The paths format
	// lists exactly these members, so removing them loses no text. A member
	// linked to the first only through others (a chain) is not redundant.
	Redundant bool `json:"redundant,omitempty"`
}

// Via is a verified relation of a member to another member, To.
type Via struct {
	// Kind is Similar (Jaccard at the threshold), Identical (the same
	// text after cleaning), Within (the member's text is inside To's) or
	// Contains (the member holds To's text).
	Kind string `json:"kind"`
	To   string `json:"to"`
	// Similarity is the Jaccard similarity for Similar and Identical, the
	// share of the smaller text inside the larger for Within and Contains.
	Similarity float64 `json:"similarity"`
}

// Kinds of Via.
const (
	Similar   = "similar"
	Identical = "identical"
	Within    = "within"
	Contains  = "contains"
)

// Group is a set of near-duplicates; Members[0] is the representative.
type Group struct {
	ID      int      `json:"id"`
	Members []Member `json:"members"`
}

// Stats summarizes a run.
type Stats struct {
	Files   int `json:"files"`   // files read and fingerprinted
	Skipped int `json:"skipped"` // files skipped with a warning
	Groups  int `json:"groups"`
}

// Pair is one verified edge between two documents: what the groups were
// built from. A and B are in document order, except for Within, where A's
// text is inside B's.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
	// Kind is Similar, Identical or Within.
	Kind string `json:"kind"`
	// Similarity is the Jaccard similarity for Similar and Identical, the
	// share of A's text inside B for Within.
	Similarity float64 `json:"similarity"`
}

// Report is what a scan found.
type Report struct {
	Groups []Group `json:"groups"`
	Stats  Stats   `json:"stats"`
	// Pairs are the verified edges within groups, for the pairs formats;
	// the groups are their connected components.
	Pairs []Pair `json:"-"`
}

// Paths lists each group's member paths, for scoring and scripts.
func (r Report) Paths() [][]string {
	var out [][]string
	for _, g := range r.Groups {
		ps := make([]string, len(g.Members))
		for i, m := range g.Members {
			ps[i] = m.Path
		}
		out = append(out, ps)
	}
	return out
}

// Round fixes a similarity to 4 decimals, so output does not depend on
// float formatting details.
func Round(s float64) float64 { return math.Round(s*1e4) / 1e4 }

// ShowsRedundant reports whether format prints Member.Redundant: the
// paths format lists those members, the JSON formats say so; the others
// print the same with or without it, so a caller may skip deciding it.
func ShowsRedundant(format string) bool {
	return format == "paths" || format == "json" || format == "jsonl"
}

// Write writes r to w in format (one of Formats). The paths format prints
// every member but the first of each group: the copies a user may want to
// act on (see writePaths). Nothing is written when it fails.
func Write(w io.Writer, r Report, format string, opts Options) error {
	r.Groups = rounded(r.Groups)
	switch format {
	case "text":
		return writeText(w, r, opts)
	case "paths":
		return writePaths(w, r, opts)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, g := range r.Groups {
			if err := enc.Encode(g); err != nil {
				return err
			}
		}
		return nil
	case "pairs":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"a", "b", "kind", "similarity"})
		for _, p := range r.Pairs {
			_ = cw.Write([]string{p.A, p.B, p.Kind, formatSim(p.Similarity)})
		}
		cw.Flush()
		return cw.Error()
	case "pairs-jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, p := range r.Pairs {
			if err := enc.Encode(Pair{p.A, p.B, p.Kind, Round(p.Similarity)}); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"group", "path", "similarity", "via", "to", "via_similarity"})
		for _, g := range r.Groups {
			for _, m := range g.Members {
				row := []string{strconv.Itoa(g.ID), m.Path, formatSim(m.Similarity), "", "", ""}
				if m.Via != nil {
					row[3], row[4], row[5] = m.Via.Kind, m.Via.To, formatSim(m.Via.Similarity)
				}
				_ = cw.Write(row)
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// rounded copies groups with similarities rounded, so every format prints
// the same figures; it never returns nil, so json says "groups":[].
func rounded(groups []Group) []Group {
	out := make([]Group, len(groups))
	for i, g := range groups {
		out[i] = Group{ID: g.ID, Members: make([]Member, len(g.Members))}
		for j, m := range g.Members {
			out[i].Members[j] = m
			out[i].Members[j].Similarity = Round(m.Similarity)
			if m.Via != nil {
				v := *m.Via
				v.Similarity = Round(v.Similarity)
				out[i].Members[j].Via = &v
			}
		}
	}
	return out
}

// LineError is the paths format refusing, without Null, a path that
// cannot stand on one line: the caller should ask for NUL-ended output.
type LineError struct {
	Path string // the first such path
	More int    // how many others
}

func (e *LineError) Error() string {
	more := ""
	if e.More > 0 {
		more = fmt.Sprintf(" (and %d more)", e.More)
	}
	return fmt.Sprintf("--format paths: %q cannot be printed on one line that xargs reads back (it holds a line break, a blank, a quote, a backslash or invalid UTF-8)%s", e.Path, more)
}

// writePaths writes the paths format, meant for xargs and rm: each path
// exactly as named (so a line is always a whole file name), one a line or
// NUL-ended. A relative path starting with '-' gets "./" so that no
// command takes it for an option. Without Null, a path holding a line
// break, a blank, a quote, a backslash or invalid UTF-8 (what xargs would
// split or unquote) fails the whole output with a *LineError, before
// anything is written: quoting it would print a name no file has.
func writePaths(w io.Writer, r Report, opts Options) error {
	var sb strings.Builder
	var bad *LineError
	for _, g := range r.Groups {
		if len(g.Members) < 2 {
			continue
		}
		// Never a path that also names a member that stays, never twice.
		seen := map[string]bool{}
		for _, m := range g.Members {
			if !m.Redundant {
				seen[m.Path] = true
			}
		}
		for _, m := range g.Members {
			if !m.Redundant || seen[m.Path] {
				continue
			}
			seen[m.Path] = true
			p := m.Path
			if strings.HasPrefix(p, "-") {
				p = "./" + p
			}
			if opts.Null {
				sb.WriteString(p)
				sb.WriteByte(0)
				continue
			}
			if !xargsSafe(p) {
				if bad == nil {
					bad = &LineError{Path: m.Path}
				} else {
					bad.More++
				}
				continue
			}
			sb.WriteString(p)
			sb.WriteByte('\n')
		}
	}
	if bad != nil {
		return bad
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// xargsSafe reports whether p, printed on a line, is one argument to
// xargs and to a while-read loop: one line without blanks (xargs splits
// there: "old news.txt" would remove old and news.txt), quotes or
// backslashes (xargs reads them as quoting).
func xargsSafe(p string) bool {
	return OneLine(p) && !strings.ContainsFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\'' || r == '"' || r == '\\'
	})
}

// OneLine reports whether p can be printed as one line that tools read
// back as p: valid UTF-8 without a line break (LF, CR, VT, FF, NEL, or the
// Unicode line and paragraph separators).
func OneLine(p string) bool {
	return utf8.ValidString(p) && !strings.ContainsAny(p, "\n\r\v\f\u0085\u2028\u2029")
}

func formatSim(s float64) string { return strconv.FormatFloat(Round(s), 'f', -1, 64) }

const (
	bold   = "\x1b[1m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	reset  = "\x1b[0m"
)

// writeText writes a block a group:
//
//	group 1: 3 articles, similarity 0.82-1.00
//	  1.00  a.txt
//	  0.91  b.txt
func writeText(w io.Writer, r Report, opts Options) error {
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + reset
	}
	simColor := func(s float64) string {
		if s >= 0.9 {
			return green
		}
		return yellow
	}
	path := func(p string) string {
		p = QuotePath(p)
		if opts.Width > 0 {
			p = shorten(p, max(opts.Width-8, 20))
		}
		return p
	}
	var sb strings.Builder
	for i, g := range r.Groups {
		if i > 0 {
			sb.WriteByte('\n')
		}
		lo := 1.0
		for _, m := range g.Members[1:] {
			lo = min(lo, m.Similarity)
		}
		sb.WriteString(paint(bold, fmt.Sprintf("group %d: %d articles, similarity %.2f-1.00", g.ID, len(g.Members), lo)))
		sb.WriteByte('\n')
		for k, m := range g.Members {
			fmt.Fprintf(&sb, "  %s  %s", paint(simColor(m.Similarity), fmt.Sprintf("%.2f", m.Similarity)), path(m.Path))
			if v := m.Via; k > 0 && v != nil && (v.To != g.Members[0].Path || v.Kind == Within || v.Kind == Contains) {
				// Why the member is here when its similarity to the first
				// does not say it: the edge that brought it in.
				kind := v.Kind
				if kind == Similar || kind == Identical {
					kind += " to"
				}
				sb.WriteString(paint(cyan, fmt.Sprintf("  (%s %s: %.2f)", kind, path(v.To), v.Similarity)))
			}
			sb.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// shorten keeps the start and the end of a long path, which say where it
// is and what it is, and drops the middle.
func shorten(p string, width int) string {
	r := []rune(p)
	if len(r) <= width {
		return p
	}
	head := width / 3
	tail := width - head - 1
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// QuotePath returns p as is when it is printable without ambiguity, and
// Go-quoted otherwise (spaces at its ends, control characters, newlines or
// invalid UTF-8), so that one line always holds one path.
func QuotePath(p string) string {
	q := strconv.Quote(p)
	if q[1:len(q)-1] == p && strings.TrimSpace(p) == p && !strings.HasPrefix(p, `"`) {
		return p
	}
	return q
}
