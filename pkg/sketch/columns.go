package sketch

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/neardup/neardup/pkg/doc"
)

// readRows decodes the n rows of a sketch file column by column, straight
// into documents: signatures and anchors into one flat slice each, as scan
// keeps signatures, so a million rows make three allocations, not three
// million. (parquet-go's row reader rebuilds each row by reflection: 30 µs
// a row, 30 s for a million.) The band keys column is not read: grouping
// recomputes keys from signatures for whatever banding it uses.
//
// Documents go into dst when it is not nil (it has n of them), so that
// ReadFiles decodes shards straight into one slice.
func readRows(pf *parquet.File, dst []doc.Doc, n, perms int, name string) ([]doc.Doc, error) {
	docs := dst
	if docs == nil {
		docs = make([]doc.Doc, n)
	}
	sigs := make([]uint32, 0, n*perms)
	var anchors []uint32
	anchorEnd := make([]int, n) // anchors[anchorEnd[i-1]:anchorEnd[i]] are row i's
	encodings := map[string]string{}
	bad := func(col string, row int, what string) error {
		return fmt.Errorf("%s: %w: column %s, row %d: %s", name, ErrNotSketch, col, row, what)
	}
	base := 0
	for _, rg := range pf.RowGroups() {
		rows := int(rg.NumRows())
		if rows < 0 || base+rows > n {
			return nil, fmt.Errorf("%s: %w: row groups hold more rows than the file claims", name, ErrNotSketch)
		}
		chunks := rg.ColumnChunks()
		col := func(field string) (parquet.ColumnChunk, error) {
			for i, path := range pf.Schema().Columns() {
				if path[0] == field && i < len(chunks) {
					return chunks[i], nil
				}
			}
			return nil, fmt.Errorf("%s: %w: no column %q", name, ErrNotSketch, field)
		}
		// scalar reads a column of one value a row.
		scalar := func(field string, set func(d *doc.Doc, v parquet.Value)) error {
			c, err := col(field)
			if err != nil {
				return err
			}
			i := 0
			err = eachValue(c, func(v parquet.Value) error {
				if i >= rows || v.IsNull() {
					return bad(field, base+i, "more values than rows, or a null")
				}
				set(&docs[base+i], v)
				i++
				return nil
			})
			if err == nil && i != rows {
				err = bad(field, base+i, fmt.Sprintf("%d values for %d rows", i, rows))
			}
			return err
		}
		// int64s reads a column of one INT64 a row, a page at a time.
		int64s := func(field string, set func(d *doc.Doc, v int64)) error {
			c, err := col(field)
			if err != nil {
				return err
			}
			i := 0
			err = eachPage(c, func(p parquet.Page) error {
				data := p.Data()
				if data.Kind() != encoding.Int64 || p.NumNulls() != 0 {
					return bad(field, base+i, "not a column of 64-bit integers")
				}
				vals := data.Int64()
				if i+len(vals) > rows {
					return bad(field, base+i, "more values than rows")
				}
				for k, v := range vals {
					set(&docs[base+i+k], v)
				}
				i += len(vals)
				return nil
			})
			if err == nil && i != rows {
				err = bad(field, base+i, fmt.Sprintf("%d values for %d rows", i, rows))
			}
			return err
		}
		// uint32s reads a column of lists of UINT32 a page at a time:
		// values, repetition levels (0 starts a row) and definition levels
		// (below maxDef: an empty list, no value). each is called with a
		// row's values as each row ends.
		uint32s := func(field string, each func(row int, vals []uint32) error) error {
			c, err := col(field)
			if err != nil {
				return err
			}
			leaf, ok := pf.Schema().Lookup(field, "list", "element")
			if !ok {
				return bad(field, base, "not a list")
			}
			maxDef := byte(leaf.MaxDefinitionLevel)
			row := -1
			var cur []uint32 // the current row's values
			err = eachPage(c, func(p parquet.Page) error {
				data := p.Data()
				if data.Kind() != encoding.Int32 {
					return bad(field, base+max(row, 0), "not a list of 32-bit integers")
				}
				vals := data.Uint32()
				reps, defs := p.RepetitionLevels(), p.DefinitionLevels()
				if len(reps) != len(defs) {
					return bad(field, base+max(row, 0), "levels do not match")
				}
				vi := 0
				for k, r := range reps {
					if r == 0 {
						if row >= 0 {
							if err := each(base+row, cur); err != nil {
								return err
							}
						}
						row, cur = row+1, cur[:0]
						if row >= rows {
							return bad(field, base+row, "more lists than rows")
						}
					} else if row < 0 {
						return bad(field, base, "a list continued before it began")
					}
					if defs[k] == maxDef {
						if vi >= len(vals) {
							return bad(field, base+row, "fewer values than levels")
						}
						cur = append(cur, vals[vi])
						vi++
					}
				}
				if vi != len(vals) {
					return bad(field, base+max(row, 0), "more values than levels")
				}
				return nil
			})
			if err != nil {
				return err
			}
			if row >= 0 {
				if err := each(base+row, cur); err != nil {
					return err
				}
			}
			if row+1 != rows {
				return bad(field, base+row+1, fmt.Sprintf("%d lists for %d rows", row+1, rows))
			}
			return nil
		}
		steps := []error{
			scalar("path", func(d *doc.Doc, v parquet.Value) { d.Path = string(v.ByteArray()) }),
			int64s("size", func(d *doc.Doc, v int64) { d.Size = v }),
			int64s("mod_time", func(d *doc.Doc, v int64) { d.ModTime = time.Unix(0, v).UTC() }),
			int64s("hash", func(d *doc.Doc, v int64) { d.Hash = uint64(v) }),
			scalar("truncated", func(d *doc.Doc, v parquet.Value) { d.Truncated = v.Boolean() }),
			scalar("encoding", func(d *doc.Doc, v parquet.Value) {
				// A handful of encodings for millions of rows: one string each.
				e, ok := encodings[string(v.ByteArray())]
				if !ok {
					e = string(v.ByteArray())
					encodings[e] = e
				}
				d.Encoding = e
			}),
			int64s("words", func(d *doc.Doc, v int64) { d.Words = int(v) }),
			int64s("shingles", func(d *doc.Doc, v int64) { d.Shingles = int(v) }),
			int64s("content", func(d *doc.Doc, v int64) { d.Content = uint64(v) }),
			uint32s("signature", func(row int, vals []uint32) error {
				if len(vals) != perms {
					return bad("signature", row, fmt.Sprintf("%d values, settings say %d", len(vals), perms))
				}
				sigs = append(sigs, vals...)
				return nil
			}),
			uint32s("anchors", func(row int, vals []uint32) error {
				anchors = append(anchors, vals...)
				anchorEnd[row] = len(anchors)
				return nil
			}),
		}
		for _, err := range steps {
			if err != nil && !errors.Is(err, ErrNotSketch) {
				return nil, fmt.Errorf("%s: %w: %v", name, ErrNotSketch, err)
			}
			if err != nil {
				return nil, err
			}
		}
		base += rows
	}
	if base != n {
		return nil, fmt.Errorf("%s: %w: %d rows read, %d claimed", name, ErrNotSketch, base, n)
	}
	from := 0
	for i := range docs {
		d := &docs[i]
		if d.Path == "" {
			return nil, bad("path", i, "empty")
		}
		if d.Words < 0 || d.Shingles < 0 || d.Size < 0 {
			return nil, bad("words", i, "a negative count")
		}
		d.Stored = true
		d.Signature = sigs[i*perms : (i+1)*perms : (i+1)*perms]
		if to := anchorEnd[i]; to > from {
			d.Anchors = anchors[from:to:to]
			from = to
		}
	}
	return docs, nil
}

// eachPage calls fn for each page of a column chunk.
func eachPage(c parquet.ColumnChunk, fn func(p parquet.Page) error) error {
	pages := c.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		err = fn(p)
		parquet.Release(p)
		if err != nil {
			return err
		}
	}
}

// eachValue calls fn for each value of a column chunk, page by page.
func eachValue(c parquet.ColumnChunk, fn func(v parquet.Value) error) error {
	pages := c.Pages()
	defer pages.Close()
	buf := make([]parquet.Value, 1024)
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		vr := p.Values()
		for {
			k, err := vr.ReadValues(buf)
			for _, v := range buf[:k] {
				if err := fn(v); err != nil {
					parquet.Release(p)
					return err
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				parquet.Release(p)
				return err
			}
		}
		parquet.Release(p)
	}
}
