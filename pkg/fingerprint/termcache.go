package fingerprint

// termCache maps the 64-bit hash of a word to the hash of its term: an
// open-addressing table, since a Go map keyed by the word itself spent a
// sixth of scan's time hashing and comparing strings. Two words with the
// same 64-bit xxhash would share a term; at news vocabulary sizes the
// chance of that is about 1 in 10^10.
type termCache struct {
	keys, vals []uint64 // key 0 marks an empty slot
	n          int
}

const (
	termCacheSlots = 1 << 17 // ~2 MB; a news vocabulary fills a fraction
	termCacheMax   = termCacheSlots / 2
)

func newTermCache() termCache {
	return termCache{keys: make([]uint64, termCacheSlots), vals: make([]uint64, termCacheSlots)}
}

func (c *termCache) get(key uint64) (uint64, bool) {
	key |= 1 // 0 is the empty mark
	mask := uint64(len(c.keys) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		switch c.keys[i] {
		case key:
			return c.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (c *termCache) put(key, val uint64) {
	if c.n >= termCacheMax {
		clear(c.keys) // a pathological vocabulary: start over
		c.n = 0
	}
	key |= 1
	mask := uint64(len(c.keys) - 1)
	i := key & mask
	for c.keys[i] != 0 && c.keys[i] != key {
		i = (i + 1) & mask
	}
	if c.keys[i] == 0 {
		c.n++
	}
	c.keys[i], c.vals[i] = key, val
}
