package neardup

import (
	"math"
	"strings"
	"testing"

	"github.com/neardup/neardup/pkg/index"
	"github.com/neardup/neardup/pkg/internal/pipeline"
)

// TestOptionsCheck: the library refuses what the command's flags refuse,
// naming the setting.
func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Options)
		want string // in the error; "" for none
	}{
		{"defaults", func(*Options) {}, ""},
		{"threshold NaN", func(o *Options) { o.Group.Threshold = math.NaN() }, "threshold must be in (0, 1]"},
		{"threshold 0", func(o *Options) { o.Group.Threshold = 0 }, "threshold must be in (0, 1]"},
		{"containment 1.5", func(o *Options) { o.Group.Containment = 1.5 }, "containment must be in [0, 1]"},
		{"perms 8", func(o *Options) { o.Fingerprint.Perms = 8 }, "perms must be a whole number from 16 to 4096"},
		{"shingle 0", func(o *Options) { o.Fingerprint.Shingle = 0 }, "shingle must be a whole number from 1 to 32"},
		{"template share 1", func(o *Options) { o.Clean.TemplateShare = 1 }, "template-share must be in [0, 1)"},
		{"negative max bytes", func(o *Options) { o.Read.MaxBytes = -1 }, "max-bytes must be"},
		{"unknown language", func(o *Options) { o.Fingerprint.Lang = "klingon" }, "klingon"},
		{"bands past perms", func(o *Options) { o.Group.LSH.Bands, o.Group.LSH.Rows = 20, 20 }, "need 400 permutations"},
	}
	for _, tt := range tests {
		o := DefaultOptions()
		tt.set(&o)
		err := o.Check()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
	}
}

func TestParseModes(t *testing.T) {
	for _, name := range VerifyNames() {
		if v, err := ParseVerify(name); err != nil || v.String() != name {
			t.Errorf("verify %q: %v %v", name, v, err)
		}
	}
	for _, name := range KeepNames() {
		if k, err := ParseKeep(name); err != nil || k.String() != name {
			t.Errorf("keep %q: %v %v", name, k, err)
		}
	}
	if _, err := ParseKeep("biggest"); err == nil || !strings.Contains(err.Error(), "want one of first, longest") {
		t.Errorf("keep biggest: %v", err)
	}
}

// TestQueryBandingIsIndexed: the banding query uses with containment on is
// the one an index keeps postings for, so a query reads only candidates.
func TestQueryBandingIsIndexed(t *testing.T) {
	if pipeline.QueryFloor != index.BandFloor {
		t.Errorf("query bands for Jaccard %v, the index keeps postings for %v", pipeline.QueryFloor, index.BandFloor)
	}
}
