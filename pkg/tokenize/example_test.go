package tokenize_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/tokenize"
)

func ExampleWords() {
	fmt.Println(tokenize.Words("Kyiv&#8217;s \u201clong\u2014range\u201d plan.The END"))
	// Output: [kyiv's long range plan the end]
}
