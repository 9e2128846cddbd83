package evaluate_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/evaluate"
)

func ExampleEvaluate() {
	truth := []evaluate.Pair{evaluate.NewPair("a.txt", "b.txt")}
	docs := []string{"corpus/a.txt", "corpus/b.txt", "corpus/c.txt"}
	s := evaluate.Evaluate(docs, [][]string{docs}, truth)
	fmt.Printf("precision %.2f recall %.2f\n", s.Precision, s.Recall)
	// Output: precision 0.33 recall 1.00
}
