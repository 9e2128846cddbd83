package fingerprint_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/clean"
	"github.com/neardup/neardup/pkg/fingerprint"
	"github.com/neardup/neardup/pkg/minhash"
)

func ExampleWorker_Text() {
	f, err := fingerprint.New(fingerprint.Config{
		Shingle: 3, Perms: 128, Seed: 1, Lang: "english",
		Cleaner: clean.New(clean.BuiltinRules()),
	})
	if err != nil {
		panic(err)
	}
	w := f.NewWorker()
	a, _ := w.Text("The council approved the tram line on Monday.")
	b, _ := w.Text("News\nThe Council approved the tram line on Monday.\nAdvertisement")
	fmt.Println(minhash.Similarity(a.Signature, b.Signature))
	// Output: 1
}
