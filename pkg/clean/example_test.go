package clean_test

import (
	"fmt"

	"github.com/neardup/neardup/pkg/clean"
)

func ExampleCleaner_Explain() {
	c := clean.New(clean.BuiltinRules())
	text, removed := c.Explain("The council approved the tram line.\n\nStory continues below advertisement\n\nWork starts in May.")
	fmt.Println(text)
	for _, r := range removed {
		fmt.Printf("line %d: %s (%s)\n", r.Line, r.Text, r.Kind)
	}
	// Output:
	// The council approved the tram line.
	//
	// Work starts in May.
	// line 3: Story continues below advertisement (advert)
}
