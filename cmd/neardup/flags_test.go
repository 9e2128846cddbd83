package main

import (
	"testing"

	"github.com/spf13/pflag"
)

// TestFlagsDefinedOnce: every flag defined is some command's, and a flag
// two commands share is one value with one check; a command's usage text
// may say more, but its type and default are the definition's.
func TestFlagsDefinedOnce(t *testing.T) {
	root := newRootCmd(streams{})
	s := newSettings()
	used := map[string][]string{}
	for _, c := range root.Commands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			used[f.Name] = append(used[f.Name], c.Name())
			def := s.all.Lookup(f.Name)
			if def == nil {
				if f.Name != "help" {
					t.Errorf("%s --%s: not defined in newSettings", c.Name(), f.Name)
				}
				return
			}
			if f.Value.Type() != def.Value.Type() || f.DefValue != def.DefValue || f.Shorthand != def.Shorthand {
				t.Errorf("%s --%s: %s %q -%s, defined as %s %q -%s", c.Name(), f.Name, f.Value.Type(), f.DefValue, f.Shorthand, def.Value.Type(), def.DefValue, def.Shorthand)
			}
		})
	}
	s.all.VisitAll(func(f *pflag.Flag) {
		if len(used[f.Name]) == 0 {
			t.Errorf("--%s is defined but no command has it", f.Name)
		}
	})
}
