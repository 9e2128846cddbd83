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

// A text read again (a scan reads the files of likely duplicates twice) is
// cleaned by replaying what cleaning did the first time.
func ExampleReplay() {
	c := clean.New(clean.BuiltinRules())
	page := "The council approved the tram line.\nStory continues below advertisement\nWork starts in May."
	cleaned, trace := c.AppendCleanTrace(nil, nil, page)
	again, err := clean.Replay(nil, page, trace)
	fmt.Println(string(again) == string(cleaned), err, len(trace), "bytes of trace")
	_, err = clean.Replay(nil, "another text", trace)
	fmt.Println(err)
	// Output:
	// true <nil> 3 bytes of trace
	// clean: trace does not fit the text
}
