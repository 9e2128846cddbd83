package stem_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/stem"
)

func ExampleStemmer_Stem() {
	s, err := stem.New("english")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Stem("missiles"), s.Stem("considering"), s.Stem("ukraine's"))
	// Output: missil consid ukrain
}
