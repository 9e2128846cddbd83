package cmdutil

import "testing"

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"10", 10, true},
		{"010", 10, true}, // not octal 8
		{"0", 0, true},
		{"-3", -3, true},
		{"0x80", 0, false},
		{"0b11", 0, false},
		{"1e3", 0, false},
		{"99999999999999999999", 0, false},
		{"", 0, false},
	} {
		var v int
		d := NewDecimal(&v, 7)
		err := d.Set(tc.in)
		if (err == nil) != tc.ok || tc.ok && v != tc.want {
			t.Errorf("Set(%q): %d, %v; want %d (ok %v)", tc.in, v, err, tc.want, tc.ok)
		}
		if !tc.ok && v != 7 {
			t.Errorf("Set(%q) failed but changed the value to %d", tc.in, v)
		}
	}
	var u uint64
	if err := NewDecimal(&u, 0).Set("18446744073709551615"); err != nil || u != 1<<64-1 {
		t.Errorf("uint64 max: %d, %v", u, err)
	}
	if err := NewDecimal(&u, 0).Set("-1"); err == nil {
		t.Error("uint64 took -1")
	}
}

func TestOnce(t *testing.T) {
	var s string
	o := NewOnce(&s)
	if err := o.Set("a.ndx"); err != nil || s != "a.ndx" || o.String() != "a.ndx" {
		t.Fatalf("first Set: %v, value %q", err, s)
	}
	if err := o.Set("b.ndx"); err == nil || s != "a.ndx" {
		t.Errorf("second Set: %v, value %q; want an error and the first value", err, s)
	}
	if o.Type() != "string" {
		t.Errorf("Type %q: the empty-value check takes string flags", o.Type())
	}
}
