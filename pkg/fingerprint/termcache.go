package fingerprint

// termCache maps the 64-bit key of a word (tokenize.Tokenizer.Key) to the
// hash of its term: an open-addressing table, since a Go map keyed by the
// word itself spent a sixth of scan's time hashing and comparing strings.
// Two long words with the same key would share a term; at news vocabulary
// sizes the chance of that is about 1 in 10^10.
//
// A small direct-mapped table sits in front: news words follow Zipf's law,
// so most lookups are for a few thousand words, and those stay in the
// processor's cache while the large table (whose slots are scattered over
// 2 MB) mostly does not.
type termCache struct {
	front   []termSlot
	slots   []termSlot
	n       int
	cleared bool // it has been full and started over
}

// termSlot keeps a key beside its value: one cache line per probe.
type termSlot struct {
	key, val uint64 // key 0 marks an empty slot
}

const (
	termCacheSlots = 1 << 17 // ~2 MB; a news vocabulary fills a fraction
	termCacheMax   = termCacheSlots / 2
	termFrontSlots = 1 << 12 // 64 KB
)

func newTermCache() termCache {
	return termCache{front: make([]termSlot, termFrontSlots), slots: make([]termSlot, termCacheSlots)}
}

func (c *termCache) get(key uint64) (uint64, bool) {
	key |= 1 // 0 is the empty mark
	f := c.frontSlot(key)
	if f.key == key {
		return f.val, true
	}
	mask := uint64(len(c.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		switch s := &c.slots[i]; s.key {
		case key:
			*f = *s
			return s.val, true
		case 0:
			return 0, false
		}
	}
}

func (c *termCache) put(key, val uint64) {
	if c.n >= termCacheMax {
		clear(c.slots) // a pathological vocabulary: start over
		clear(c.front)
		c.n, c.cleared = 0, true
	}
	key |= 1
	mask := uint64(len(c.slots) - 1)
	i := key & mask
	for c.slots[i].key != 0 && c.slots[i].key != key {
		i = (i + 1) & mask
	}
	if c.slots[i].key == 0 {
		c.n++
	}
	c.slots[i] = termSlot{key, val}
	*c.frontSlot(key) = c.slots[i]
}

// frontSlot is key's slot in the front table, picked by its high bits:
// the large table uses the low ones.
func (c *termCache) frontSlot(key uint64) *termSlot {
	return &c.front[key>>52&(termFrontSlots-1)]
}
