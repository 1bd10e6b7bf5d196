// Package clocktest gives tests a settable clock: a test injects it into the store (and so into
// everything that reads the store's clock) and moves it instead of waiting or depending on the
// day it runs.
package clocktest

import (
	"sync"
	"time"

	"github.com/maillage/maillage/graph"
)

// Clock is a settable time source, safe for concurrent use (a server reads it while the test
// moves it).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock standing at t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// AddMonths moves the clock by n calendar months, as graph.AddMonths counts them.
func (c *Clock) AddMonths(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = graph.AddMonths(c.t, n)
}

// Clock returns the clock as a graph.Clock, for the stores' options.
func (c *Clock) Clock() graph.Clock { return c.Now }
