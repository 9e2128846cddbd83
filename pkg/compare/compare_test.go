package compare

import (
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
)

func newFP(t *testing.T) *fingerprint.Fingerprinter {
	t.Helper()
	f, err := fingerprint.New(fingerprint.Config{Shingle: 3, Perms: 128, Seed: 1, Lang: "english", Cleaner: clean.New(clean.BuiltinRules())})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCompare(t *testing.T) {
	shared := "The council approved the eastern tram extension on Tuesday after a long debate."
	a := Text{"a.txt", "News\n\n" + shared + "\n\nConstruction starts next spring and ends in three years.\n\nAdvertisement"}
	b := Text{"b.txt", "Opening words that only this copy has, written by another editor.\n" + shared}
	r := Compare(newFP(t), a, b, 3)
	if r.Shared == 0 || r.Exact <= 0 || r.Exact >= 1 {
		t.Fatalf("shared %d, exact %.3f", r.Shared, r.Exact)
	}
	// Containment is the shared share of each side's own shingles.
	if got := float64(r.Shared) / float64(r.A.Shingles); got != r.A.Contained {
		t.Errorf("A contained %.3f, want %.3f", r.A.Contained, got)
	}
	if len(r.A.Passages) != 1 || r.A.Passages[0].FromLine != 3 || r.A.Passages[0].ToLine != 3 {
		t.Errorf("A passages = %+v, want line 3", r.A.Passages)
	}
	if len(r.B.Passages) != 1 || r.B.Passages[0].FromLine != 2 || r.B.Passages[0].Lines[0] != shared {
		t.Errorf("B passages = %+v, want line 2", r.B.Passages)
	}
	if r.A.Passages[0].Words != len(strings.Fields(shared)) {
		t.Errorf("passage words = %d, want %d", r.A.Passages[0].Words, len(strings.Fields(shared)))
	}
	var kinds []string
	for _, rm := range r.A.Removed {
		kinds = append(kinds, rm.Kind)
	}
	if strings.Join(kinds, ",") != "navigation,advert" {
		t.Errorf("A removed = %v", kinds)
	}
}

func TestCompareIdenticalAndDisjoint(t *testing.T) {
	f := newFP(t)
	text := "One two three four five six seven eight nine ten."
	r := Compare(f, Text{"a", text}, Text{"b", text}, 3)
	if r.Exact != 1 || r.Estimated != 1 || r.A.Contained != 1 || r.B.Contained != 1 {
		t.Errorf("identical: %+v", r)
	}
	r = Compare(f, Text{"a", text}, Text{"b", "Completely different words appear in this other text."}, 3)
	if r.Exact != 0 || r.Shared != 0 || len(r.A.Passages) != 0 {
		t.Errorf("disjoint: %+v", r)
	}
	r = Compare(f, Text{"a", ""}, Text{"b", text}, 3)
	if r.Exact != 0 || r.Estimated != 0 {
		t.Errorf("empty: %+v", r)
	}
}
