package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestJSONSchema checks the JSON every command prints against the schema
// written down in pkg/report/schema.json: keys in one style, no key the
// schema does not name, every required one present.
func TestJSONSchema(t *testing.T) {
	schema := loadSchema(t)
	dir := t.TempDir()
	truth := filepath.Join(dir, "truth.json")
	if err := os.WriteFile(truth, []byte(`{"groups":[["city-science-bees.txt","daily-digest-bees.txt"]]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.ndx")
	a, b := filepath.Join(sample, "city-science-bees.txt"), filepath.Join(sample, "daily-digest-bees.txt")
	if _, stderr, code := runWith(t, streams{}, "index", "-q", "--db", db, sample); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		def  string
		args []string
	}{
		{"report", []string{"scan", "-q", "-f", "json", sample}},
		{"report", []string{"query", "-q", "-f", "json", "--db", db, a}},
		{"comparison", []string{"compare", "-f", "json", a, b}},
		{"evaluation", []string{"eval", "-q", "-f", "json", "--truth", truth, sample}},
		{"evaluation", []string{"eval", "-q", "-f", "json", "--truth", truth, "--sweep", "threshold=0.4,0.6", sample}},
		{"explanation", []string{"clean", "--explain", "-f", "json", sample}},
	} {
		stdout, stderr, code := runWith(t, streams{}, tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		var v any
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if err := schema.check(schema.ref(tc.def), v, "$"); err != nil {
			t.Errorf("%v: %v", tc.args, err)
		}
		if err := schema.check(schema.root, v, "$"); err != nil {
			t.Errorf("%v: against the whole schema: %v", tc.args, err)
		}
	}
	// jsonl: each line is a group; pairs-jsonl: each line an edge.
	for format, def := range map[string]string{"jsonl": "group", "pairs-jsonl": "edge"} {
		stdout, _, _ := runWith(t, streams{}, "scan", "-q", "-f", format, sample)
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		if len(lines) < 2 {
			t.Errorf("%s: %d lines", format, len(lines))
		}
		for _, line := range lines {
			var v any
			if err := json.Unmarshal([]byte(line), &v); err != nil {
				t.Fatal(err)
			}
			if err := schema.check(schema.ref(def), v, "$"); err != nil {
				t.Errorf("%s: %v", format, err)
			}
		}
	}
}

// TestSchemaCatchesDrift: the checker refuses a key in another style, a
// missing key and a wrong type, so TestJSONSchema can fail.
func TestSchemaCatchesDrift(t *testing.T) {
	schema := loadSchema(t)
	for _, doc := range []string{
		`{"groups":[],"stats":{"files":1,"skipped":0,"groups":0},"Extra":1}`,
		`{"groups":[],"stats":{"files":1,"skipped":0}}`,
		`{"groups":[{"id":"1","members":[]}],"stats":{"files":1,"skipped":0,"groups":1}}`,
		`{"groups":[{"id":1,"members":[{"path":"a","similarity":1,"via":{"kind":"close","to":"b","similarity":1}}]}],"stats":{"files":1,"skipped":0,"groups":1}}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema.check(schema.ref("report"), v, "$"); err == nil {
			t.Errorf("accepted %s", doc)
		}
	}
}

// jsonSchema checks the part of JSON Schema (2020-12) the schema uses:
// $ref to $defs, type, enum, required, properties, additionalProperties
// false, items and oneOf.
type jsonSchema struct {
	root map[string]any
	defs map[string]any
}

func loadSchema(t *testing.T) jsonSchema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "pkg", "report", "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&root); err != nil {
		t.Fatal(err)
	}
	return jsonSchema{root: root, defs: root["$defs"].(map[string]any)}
}

func (s jsonSchema) ref(name string) map[string]any { return s.defs[name].(map[string]any) }

func (s jsonSchema) check(sch map[string]any, v any, at string) error {
	if r, ok := sch["$ref"].(string); ok {
		return s.check(s.ref(strings.TrimPrefix(r, "#/$defs/")), v, at)
	}
	if alts, ok := sch["oneOf"].([]any); ok {
		n := 0
		for _, a := range alts {
			if s.check(a.(map[string]any), v, at) == nil {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%s: matches %d of the oneOf alternatives, want 1", at, n)
		}
	}
	if enum, ok := sch["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v is not one of %v", at, v, enum)
	}
	if typ, ok := sch["type"].(string); ok && !isType(v, typ) {
		return fmt.Errorf("%s: %v is not of type %s", at, v, typ)
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := sch["properties"].(map[string]any)
		for _, r := range asStrings(sch["required"]) {
			if _, ok := obj[r]; !ok {
				return fmt.Errorf("%s: missing %q", at, r)
			}
		}
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				if sch["additionalProperties"] == false {
					return fmt.Errorf("%s: key %q is not in the schema", at, k)
				}
				continue
			}
			if err := s.check(p, x, at+"."+k); err != nil {
				return err
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if items, ok := sch["items"].(map[string]any); ok {
			for i, x := range arr {
				if err := s.check(items, x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func isType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	}
	return false
}

func asStrings(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, x := range list {
			out = append(out, x.(string))
		}
	}
	return out
}
