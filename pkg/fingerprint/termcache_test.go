package fingerprint

import "testing"

func TestTermCache(t *testing.T) {
	c := newTermCache()
	if _, ok := c.get(42); ok {
		t.Fatal("empty cache hit")
	}
	for k := uint64(0); k < 1000; k++ {
		c.put(k*termCacheSlots, k+7) // all keys land in the same slot first
	}
	for k := uint64(0); k < 1000; k++ {
		if v, ok := c.get(k * termCacheSlots); !ok || v != k+7 {
			t.Fatalf("get(%d) = %d, %v", k, v, ok)
		}
	}
	c.put(0, 99) // overwrite
	if v, _ := c.get(0); v != 99 {
		t.Errorf("overwrite: %d", v)
	}
	for k := uint64(0); k < termCacheMax+10; k++ {
		c.put(k<<20|5, k)
	}
	if c.n > termCacheMax {
		t.Errorf("cache grew past its bound: %d", c.n)
	}
	if !c.cleared {
		t.Error("a full cache that started over does not say so")
	}
}
