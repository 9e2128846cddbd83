package evaluate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/neardup/neardup/pkg/report"
)

// Run is one scored setting, as neardup eval prints it (its JSON form is
// in the schema of package report).
type Run struct {
	Shingle     int       `json:"shingle"`
	Threshold   float64   `json:"threshold"`
	Containment float64   `json:"containment"`
	Files       int       `json:"files"`
	Predicted   int       `json:"predicted_pairs"`
	Truth       int       `json:"truth_pairs"`
	Excluded    int       `json:"excluded_truth_pairs,omitempty"` // truth pairs whose files were not scanned
	Precision   float64   `json:"precision"`
	Recall      float64   `json:"recall"`
	F1          float64   `json:"f1"`
	ARI         float64   `json:"ari"`
	False       []PairSim `json:"false_pairs,omitempty"`  // most similar first
	Missed      []PairSim `json:"missed_pairs,omitempty"` // least similar first
	Modes       []ModeRun `json:"modes,omitempty"`
	Scores      Scores    `json:"-"`
}

// ModeRun is one mode's score, when the truth file says how each group
// was made.
type ModeRun struct {
	Mode      string  `json:"mode"`
	Files     int     `json:"files"`
	Truth     int     `json:"truth_pairs"`
	Predicted int     `json:"predicted_pairs"`
	Grouped   int     `json:"grouped_negatives,omitempty"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// PairSim is a pair of paths and their similarity.
type PairSim struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
}

// NewRun is a Run of the scores s and the per-mode scores ms.
func NewRun(shingle int, threshold, containment float64, s Scores, ms []ModeScore) Run {
	r := Run{Shingle: shingle, Threshold: threshold, Containment: containment, Files: s.Docs, Predicted: s.Predicted, Truth: s.Truth, Excluded: s.Excluded,
		Precision: s.Precision, Recall: s.Recall, F1: s.F1, ARI: s.ARI}
	for _, m := range ms {
		r.Modes = append(r.Modes, ModeRun{Mode: m.Mode, Files: m.Files, Truth: m.Truth, Predicted: m.Predicted, Grouped: m.Grouped,
			Precision: m.Precision, Recall: m.Recall, F1: m.F1})
	}
	return r
}

// WriteJSON writes runs as eval --format json prints them: {"runs": [...]}.
func WriteJSON(w io.Writer, runs []Run) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Runs []Run `json:"runs"`
	}{runs})
}

// WriteSweep writes runs as a table, one line a setting.
func WriteSweep(w io.Writer, runs []Run) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "shingle\tthreshold\tcontainment\tpairs\tprecision\trecall\tF1\tARI"
	if len(runs) > 0 {
		for _, m := range runs[0].Modes {
			header += "\t" + m.Mode
		}
	}
	fmt.Fprintln(tw, header)
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%.2f\t%.2f\t%d\t%.4f\t%.4f\t%.4f\t%.4f", r.Shingle, r.Threshold, r.Containment, r.Predicted, r.Precision, r.Recall, r.F1, r.ARI)
		for _, m := range r.Modes {
			fmt.Fprintf(tw, "\t%.4f", m.F1) // F1; for the negatives, the share left ungrouped
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// WriteRun writes one run: its scores, its modes, and up to show false
// and missed pairs.
func WriteRun(w io.Writer, r Run, show int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "files %d, true pairs %d", r.Files, r.Truth)
	if r.Excluded > 0 {
		fmt.Fprintf(&b, " (%d more excluded: files not scanned)", r.Excluded)
	}
	fmt.Fprintf(&b, ", found pairs %d (shingle %d, threshold %.2f", r.Predicted, r.Shingle, r.Threshold)
	if r.Containment > 0 {
		fmt.Fprintf(&b, ", containment %.2f", r.Containment)
	}
	fmt.Fprintf(&b, ")\nprecision %.4f  recall %.4f  F1 %.4f  ARI %.4f\n", r.Precision, r.Recall, r.F1, r.ARI)
	if len(r.Modes) > 0 {
		b.WriteString("\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "mode	files	true pairs	found	precision	recall	F1")
		for _, m := range r.Modes {
			if m.Mode == "negatives" {
				fmt.Fprintf(tw, "%s	%d	%d pairs	%d grouped	%.4f		\n", m.Mode, m.Files, m.Truth, m.Grouped, m.Precision)
				continue
			}
			fmt.Fprintf(tw, "%s	%d	%d	%d	%.4f	%.4f	%.4f\n", m.Mode, m.Files, m.Truth, m.Predicted, m.Precision, m.Recall, m.F1)
		}
		tw.Flush()
	}
	list := func(title string, ps []PairSim) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(ps))
		for i, p := range ps {
			if i == show {
				fmt.Fprintf(&b, "  ... %d more (--show)\n", len(ps)-show)
				break
			}
			fmt.Fprintf(&b, "  %.2f  %s  %s\n", p.Similarity, report.QuotePath(p.A), report.QuotePath(p.B))
		}
	}
	list("false pairs, most similar first", r.False)
	list("missed pairs, least similar first", r.Missed)
	_, err := io.WriteString(w, b.String())
	return err
}
