package compare_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/compare"
	"github.com/neardup/neardup/pkg/fingerprint"
)

func ExampleCompare() {
	f, _ := fingerprint.New(fingerprint.Config{Shingle: 3, Perms: 128, Seed: 1, Lang: "english", Cleaner: clean.New(clean.BuiltinRules())})
	r := compare.Compare(f,
		compare.Text{Path: "a.txt", Text: "The council approved the tram line on Monday.\nAdvertisement"},
		compare.Text{Path: "b.txt", Text: "The council approved the tram line on Monday night."},
		3)
	fmt.Printf("exact %.2f, %s in %s %.2f, passage at line %d\n", r.Exact, r.A.Path, r.B.Path, r.A.Contained, r.A.Passages[0].FromLine)
	// Output: exact 0.86, a.txt in b.txt 1.00, passage at line 1
}
