package clean

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cespare/xxhash/v2"

	"github.com/neardup/neardup/pkg/internal/rulefilter"
)

// rules.filters holds the filters of the built-in rules, derived from
// their syntax when rules.txt last changed (go test ./pkg/clean -run
// TestStoredFilters -update-filters writes it; the test fails while it is
// stale). Deriving them at start was three quarters of a run's start: a
// quarter of a billion instructions, on every run however small.
//
// Layout: "NDRF2", the xxhash of rules.txt (8 bytes, big-endian), the
// number of rules (uvarint), then each rule's filter (uvarint length,
// rulefilter encoding). A file for other rules than the embedded ones is
// not used: the filters are then derived, as for user rules.
//
//go:embed rules.filters
var storedFilters []byte

const filtersMagic = "NDRF2" // 2: expressions with curly apostrophes

// encodeFilters writes the file for rules, the parse of text.
func encodeFilters(text string, rules []Rule) ([]byte, error) {
	b := append([]byte(filtersMagic), make([]byte, 8)...)
	binary.BigEndian.PutUint64(b[len(filtersMagic):], xxhash.Sum64String(text))
	b = binary.AppendUvarint(b, uint64(len(rules)))
	for _, r := range rules {
		f, err := r.filter.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b, nil
}

// decodeFilters reads the filters stored for the rules of text, or says
// why it cannot.
func decodeFilters(stored []byte, text string) ([]rulefilter.Filter, error) {
	if len(stored) < len(filtersMagic)+8 || string(stored[:len(filtersMagic)]) != filtersMagic {
		return nil, errors.New("not a filters file")
	}
	b := stored[len(filtersMagic):]
	if binary.BigEndian.Uint64(b) != xxhash.Sum64String(text) {
		return nil, errors.New("stored for other rules (stale)")
	}
	b = b[8:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errors.New("bad rule count")
	}
	b = b[k:]
	filters := make([]rulefilter.Filter, n)
	for i := range filters {
		size, k := binary.Uvarint(b)
		if k <= 0 || size > uint64(len(b)-k) {
			return nil, fmt.Errorf("filter %d: truncated", i)
		}
		if err := filters[i].UnmarshalBinary(b[k : k+int(size)]); err != nil {
			return nil, fmt.Errorf("filter %d: %w", i, err)
		}
		b = b[k+int(size):]
	}
	if len(b) > 0 {
		return nil, errors.New("trailing bytes")
	}
	return filters, nil
}
