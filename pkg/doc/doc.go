// Package doc defines Doc, one fingerprinted file, the one form a document
// takes from fingerprinting to an index, a query or a sketch file.
package doc

import "time"

// Doc is one fingerprinted file: where it is, which bytes were read, and
// what fingerprinting made of them.
type Doc struct {
	Path    string    // as given; absolute in an index
	Size    int64     // bytes read: the whole file unless Truncated
	ModTime time.Time // when read or indexed
	Hash    uint64    // xxhash of the bytes read
	// Truncated says only the first bytes of the file were read (a size
	// limit): its measures describe that part, so it is never called
	// redundant.
	Truncated bool
	// Encoding is how the bytes were decoded (see package decode); empty
	// when the document was not read in this run but loaded (Stored).
	Encoding string
	// Stored says the fingerprint was loaded from an index or a sketch
	// file, not made from the file in this run: what it says about the
	// file holds only while the file is unchanged.
	Stored bool

	Words    int // words after cleaning
	Shingles int // shingles, counted with repeats
	// Content is a hash of the text after cleaning: documents with equal
	// Content are identical copies. 0 when unknown.
	Content   uint64
	Signature []uint32 // MinHash values
	// Anchors are the document's sampled shingles (see package anchor),
	// for finding excerpts; nil when unknown.
	Anchors []uint32
}
