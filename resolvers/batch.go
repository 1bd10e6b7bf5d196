package resolvers

import (
	"context"
	"runtime"
	"sync"
)

// batcher coalesces the loads that goroutines of one request make at about the same time into
// one fetch, and caches results for the request. It is a dataloader whose batch window is a
// few scheduler yields instead of a timer: timers here fire no sooner than about 1 ms
// (measured: time.Sleep(250µs) takes 1.07 ms), which would add a millisecond per level of a
// nested query, while gqlgen starts the resolvers of a list's elements as goroutines that are
// all runnable when the first one loads, so yielding a few times lets them join the batch.
type batcher[K comparable, V any] struct {
	fetch func(ctx context.Context, keys []K) ([]V, error)

	mu      sync.Mutex
	cache   map[K]*result[V]
	pending *batch[K, V]
}

type result[V any] struct {
	done chan struct{}
	v    V
	err  error
}

type batch[K comparable, V any] struct {
	keys    []K
	results []*result[V]
}

// The batch goroutine yields until the batch stops growing for stableYields consecutive
// yields, and at most maxYields times: under load the other goroutines take longer to reach
// their Load, and a fixed count would cut batches short.
const (
	stableYields = 3
	maxYields    = 64
)

func newBatcher[K comparable, V any](fetch func(ctx context.Context, keys []K) ([]V, error)) *batcher[K, V] {
	return &batcher[K, V]{fetch: fetch, cache: map[K]*result[V]{}}
}

// enqueue registers keys (b.mu held) and returns their results.
func (b *batcher[K, V]) enqueue(ctx context.Context, keys []K) []*result[V] {
	out := make([]*result[V], len(keys))
	for i, k := range keys {
		if r, ok := b.cache[k]; ok {
			out[i] = r
			continue
		}
		r := &result[V]{done: make(chan struct{})}
		b.cache[k] = r
		if b.pending == nil {
			b.pending = &batch[K, V]{}
			go b.run(ctx, b.pending)
		}
		b.pending.keys = append(b.pending.keys, k)
		b.pending.results = append(b.pending.results, r)
		out[i] = r
	}
	return out
}

func (b *batcher[K, V]) run(ctx context.Context, bt *batch[K, V]) {
	stable, size := 0, -1
	for range maxYields {
		runtime.Gosched()
		b.mu.Lock()
		n := len(bt.keys)
		b.mu.Unlock()
		if n == size {
			if stable++; stable == stableYields {
				break
			}
		} else {
			stable, size = 0, n
		}
	}
	b.mu.Lock()
	b.pending = nil
	b.mu.Unlock()
	vs, err := b.fetch(ctx, bt.keys)
	for i, r := range bt.results {
		if err == nil && i < len(vs) {
			r.v = vs[i]
		}
		r.err = err
		close(r.done)
	}
}

// Load returns the value of one key.
func (b *batcher[K, V]) Load(ctx context.Context, k K) (V, error) {
	b.mu.Lock()
	r := b.enqueue(ctx, []K{k})[0]
	b.mu.Unlock()
	<-r.done
	return r.v, r.err
}

// LoadAll returns the values of keys, in order, fetched in as few batches as possible.
func (b *batcher[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	b.mu.Lock()
	rs := b.enqueue(ctx, keys)
	b.mu.Unlock()
	out := make([]V, len(keys))
	for i, r := range rs {
		<-r.done
		if r.err != nil {
			return nil, r.err
		}
		out[i] = r.v
	}
	return out, nil
}

// Prime caches a value already known (a page's nodes), unless the key is cached.
func (b *batcher[K, V]) Prime(k K, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.cache[k]; !ok {
		r := &result[V]{done: make(chan struct{}), v: v}
		close(r.done)
		b.cache[k] = r
	}
}
