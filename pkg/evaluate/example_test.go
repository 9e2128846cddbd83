package evaluate_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/evaluate"
)

func ExampleScore() {
	truth := []evaluate.Pair{evaluate.NewPair("a.txt", "b.txt")}
	found := evaluate.PairsOf([][]string{{"corpus/a.txt", "corpus/b.txt", "corpus/c.txt"}})
	s := evaluate.Score(found, truth)
	fmt.Printf("precision %.2f recall %.2f\n", s.Precision, s.Recall)
	// Output: precision 0.33 recall 1.00
}
