package clean

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
)

var updateFilters = flag.Bool("update-filters", false, "rewrite rules.filters from rules.txt")

// The stored filters are the ones the rules' expressions give: the file is
// rewritten with -update-filters whenever rules.txt changes.
func TestStoredFilters(t *testing.T) {
	derived, err := parseRules(strings.NewReader(builtinRules), "rules.txt", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if *updateFilters {
		b, err := encodeFilters(builtinRules, derived)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("rules.filters", b, 0o644); err != nil {
			t.Fatal(err)
		}
		storedFilters = b
	}
	stored, err := decodeFilters(storedFilters, builtinRules)
	if err != nil {
		t.Fatalf("rules.filters: %v\nhint: go test ./pkg/clean -run TestStoredFilters -update-filters", err)
	}
	if len(stored) != len(derived) {
		t.Fatalf("rules.filters holds %d filters for %d rules", len(stored), len(derived))
	}
	for i, r := range derived {
		if !reflect.DeepEqual(stored[i], r.filter) {
			t.Errorf("%s: stored filter differs from the derived one", r.Source)
		}
	}
	builtins := compiledBuiltins()
	for i := range builtins {
		if !reflect.DeepEqual(builtins[i].filter, derived[i].filter) {
			t.Fatalf("%s: the built-in rule's filter is not the derived one", builtins[i].Source)
		}
	}
}

// A filters file for other rules, or a damaged one, is refused, never
// used: the filters are then derived.
func TestDecodeFiltersRefuses(t *testing.T) {
	good, err := encodeFilters(builtinRules, compiledBuiltins())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeFilters(good, builtinRules+"\nshare\t^x$\n"); err == nil {
		t.Error("filters of other rules were accepted")
	}
	for _, n := range []int{0, 4, 13, len(good) / 2, len(good) - 1} {
		if _, err := decodeFilters(good[:n], builtinRules); err == nil {
			t.Errorf("a file cut to %d of %d bytes was accepted", n, len(good))
		}
	}
	if _, err := decodeFilters(append(good, 0), builtinRules); err == nil {
		t.Error("a file with a byte added was accepted")
	}
}
