package report_test

import (
	"os"

	"github.com/neardup/neardup/pkg/report"
)

func ExampleWrite() {
	r := report.Report{
		Groups: []report.Group{{ID: 1, Members: []report.Member{
			{Path: "a.txt", Similarity: 1, Via: &report.Via{Kind: report.Similar, To: "b.txt", Similarity: 0.86}},
			{Path: "b.txt", Similarity: 0.86, Via: &report.Via{Kind: report.Similar, To: "a.txt", Similarity: 0.86}},
		}}},
		Stats: report.Stats{Files: 3, Groups: 1},
	}
	_ = report.Write(os.Stdout, r, "csv", report.Options{})
	// Output:
	// group,path,similarity,via,to,via_similarity
	// 1,a.txt,1,similar,b.txt,0.86
	// 1,b.txt,0.86,similar,a.txt,0.86
}
