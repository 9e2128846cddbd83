package decode_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/decode"
)

func ExampleBytes() {
	t, err := decode.Bytes([]byte("\xEF\xBB\xBFFirst line\r\nSecond caf\xC3\xA9\r\n"))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q %s\n", t.Text, t.Encoding)
	// Output: "First line\nSecond café\n" utf-8
}
