package inputs_test

import (
	"fmt"
	"strings"

	"github.com/neardup/neardup/pkg/inputs"
)

func ExampleReadList() {
	// As written by: find . -name '*.txt' -print0
	paths, err := inputs.ReadList(strings.NewReader("./a.txt\x00./b c.txt\x00"), true)
	fmt.Printf("%q %v\n", paths, err)
	// Output: ["./a.txt" "./b c.txt"] <nil>
}
