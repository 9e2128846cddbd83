package rulefilter

import (
	"reflect"
	"testing"
)

func TestPrefilter(t *testing.T) {
	tests := []struct {
		expr     string
		maxRunes int
		starts   []string
		lits     []string
	}{
		{`^(home|menu)$`, 4, []string{"home", "menu"}, nil},
		{`^see also[\s\x{a0}]*\S.{0,200}$`, -1, []string{"see also"}, nil},
		{`^leave a (reply|comment)$`, 15, []string{"leave a comment", "leave a reply"}, nil},
		{`^(?:By|Written by)\s+[A-Z]\w*$`, -1, []string{"by\t", "by\n", "by\f", "by\r", "by ", "written by\t", "written by\n", "written by\f", "written by\r", "written by "}, nil},
		{`^\d+ shares$`, -1, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, nil},
		{`[\s\x{a0}]*\bstory continues below( the)? advertisement\b`, -1, nil, []string{"story continues below advertisement", "story continues below the advertisement"}},
		{`^[\w ]{1,5}([|•])[\w ]{1,5}$`, 11, nil, []string{"|", "•"}},
		{`(?-i)^.{0,10} / (?:[A-Z]\w*)$`, -1, nil, []string{" / "}},
		{`^(?-i)B[yY] \w+`, -1, []string{"by "}, nil},
		{`\bB(?-i)[yY]\w+`, -1, nil, []string{"by"}},
		{`^\d+$`, -1, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, nil},
		{`^\w+$`, -1, nil, nil},
		{`^\w+ \d{4}$`, -1, nil, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{`^é\w+ \d{4}$`, -1, nil, []string{"é"}}, // a cased non-ASCII start is not used
		{`^.{0,9} \w+$`, -1, nil, nil},           // a space is in nearly every line: useless
	}
	for _, tt := range tests {
		p := New(tt.expr)
		if p.MaxRunes != tt.maxRunes || !reflect.DeepEqual(p.Starts, tt.starts) || !reflect.DeepEqual(p.Lits, tt.lits) {
			t.Errorf("%s: max %d starts %q lits %q, want %d %q %q", tt.expr, p.MaxRunes, p.Starts, p.Lits, tt.maxRunes, tt.starts, tt.lits)
		}
	}
}
