package lsh_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/lsh"
)

func ExampleOptimal() {
	p := lsh.Optimal(0.5, 128)
	fmt.Printf("%d bands x %d rows; P(candidate | J=0.9) = %.3f\n", p.Bands, p.Rows, p.Probability(0.9))
	// Output: 25 bands x 5 rows; P(candidate | J=0.9) = 1.000
}
