package neardup

import (
	"errors"
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
		{"keep 42", func(o *Options) { o.Group.Keep = 42 }, "keep: want one of first, longest, shortest, newest, oldest, got Keep(42)"},
		{"verify -1", func(o *Options) { o.Group.Verify = -1 }, "verify: want one of auto, exact, estimate, got Verify(-1)"},
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
		case tt.want != "" && !errors.Is(err, ErrOptions):
			t.Errorf("%s: error %v is not ErrOptions", tt.name, err)
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

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"shingle", DefaultShingle, pipeline.DefaultShingle},
		{"perms", DefaultPerms, pipeline.DefaultPerms},
		{"seed", DefaultSeed, pipeline.DefaultSeed},
		{"lang", DefaultLang, pipeline.DefaultLang},
		{"max-bytes", DefaultMaxBytes, pipeline.DefaultMaxBytes},
		{"threshold", DefaultThreshold, pipeline.DefaultThreshold},
		{"containment", DefaultContainment, pipeline.DefaultContainment},
		{"template-files", DefaultTemplateFiles, pipeline.DefaultTemplateFiles},
		{"template-share", DefaultTemplateShare, pipeline.DefaultTemplateShare},
	} {
		if tc.got != tc.want {
			t.Errorf("Default %s = %v, the pipeline's %v", tc.name, tc.got, tc.want)
		}
	}
}
