package auth

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/maillage/maillage/graph"
)

// ErrTooManyAttempts is in the chain of the error of a throttled sign-in or password change
// (the HTTP layer can answer with a Retry-After header: see RetryAfter).
var ErrTooManyAttempts = errors.New("too many attempts")

// throttledError carries the wait before the next attempt.
type throttledError struct{ wait time.Duration }

func (e *throttledError) Error() string { return ErrTooManyAttempts.Error() }
func (e *throttledError) Is(target error) bool {
	return target == ErrTooManyAttempts
}

// RetryAfter returns how long to wait after a throttled attempt, and whether err is one.
func RetryAfter(err error) (time.Duration, bool) {
	var te *throttledError
	if errors.As(err, &te) {
		return te.wait, true
	}
	return 0, false
}

// Throttle slows down password guessing without locking the legitimate user out. Failures are
// counted per account and client address together: past PairFree failures, each new attempt
// of that pair waits a delay that doubles with every failure (Base, 2×Base, 4×Base… up to
// MaxDelay), and a success clears the pair. An attacker's failures thus never refuse the
// account's owner at another address, and at the same address (one office behind one NAT) she
// waits at most MaxDelay, then her right password works. One address failing on many accounts
// (a spray) is slowed the same way past AddressFree failures. A failure older than Window is
// forgotten. The client address is the one auth.Proxies reads (X-Forwarded-For only from the
// proxies the operator trusts). It lives in memory: each server process counts its own.
type Throttle struct {
	PairFree, AddressFree int
	Base, MaxDelay        time.Duration
	Window                time.Duration
	// MaxKeys bounds the memory: beyond it, the keys without recent failure are dropped, then
	// others.
	MaxKeys int
	Now     func() time.Time

	mu      sync.Mutex
	entries map[string]*failures
}

type failures struct {
	n     int
	last  time.Time
	until time.Time // no attempt before this
}

// NewThrottle returns the default policy: 5 free failures per account and address, 50 per
// address, then delays from 1 s doubling up to 15 minutes; failures forgotten after an hour.
func NewThrottle() *Throttle {
	return &Throttle{PairFree: 5, AddressFree: 50, Base: time.Second, MaxDelay: 15 * time.Minute,
		Window: time.Hour, MaxKeys: 100_000, Now: time.Now}
}

func (t *Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return graph.SystemClock()
}

func pairKey(account, addr string) string { return "p\x00" + account + "\x00" + addr }
func addressKey(addr string) string       { return "a\x00" + addr }

// current returns the failures of key still counted at now (nil when none).
func (t *Throttle) current(key string, now time.Time) *failures {
	f := t.entries[key]
	if f != nil && now.Sub(f.last) > t.Window && !now.Before(f.until) {
		delete(t.entries, key)
		return nil
	}
	return f
}

// Allow returns nil when account (an e-mail, or an account id for a password change) may be
// tried from addr now, otherwise a FORBIDDEN error carrying ErrTooManyAttempts and the wait
// (RetryAfter); what says what was tried, in French (« de connexion »).
func (t *Throttle) Allow(account, addr, what string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, key := range t.keys(account, addr) {
		if f := t.current(key, now); f != nil && now.Before(f.until) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	if wait <= 0 {
		return nil
	}
	return &graph.Error{Code: graph.CodeForbidden, Err: &throttledError{wait},
		Message: fmt.Sprintf("Trop de tentatives %s : réessayez dans %s.", what, frDuration(wait))}
}

func (t *Throttle) keys(account, addr string) []string {
	if addr == "" {
		return []string{pairKey(account, addr)}
	}
	return []string{pairKey(account, addr), addressKey(addr)}
}

// frDuration says a wait in French, rounded up to the second or the minute.
func frDuration(d time.Duration) string {
	if d <= time.Minute {
		s := int((d + time.Second - 1) / time.Second)
		return fmt.Sprintf("%d seconde%s", s, plural(s))
	}
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%d minute%s", m, plural(m))
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// Fail records a failed attempt of account from addr.
func (t *Throttle) Fail(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.entries == nil {
		t.entries = map[string]*failures{}
	}
	now := t.now()
	if t.MaxKeys > 0 && len(t.entries) >= t.MaxKeys {
		t.evict(now)
	}
	for i, key := range t.keys(account, addr) {
		free := t.PairFree
		if i == 1 {
			free = t.AddressFree
		}
		f := t.current(key, now)
		if f == nil {
			f = &failures{}
			t.entries[key] = f
		}
		f.n++
		f.last = now
		if over := f.n - free; over > 0 {
			f.until = now.Add(t.delay(over))
		}
	}
}

// delay is the wait after the over-th failure past the free ones: Base doubled each time, at
// most MaxDelay.
func (t *Throttle) delay(over int) time.Duration {
	d := t.Base
	for i := 1; i < over && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// evict forgets the keys without recent failures, then, if still full, half of the others.
func (t *Throttle) evict(now time.Time) {
	for k := range t.entries {
		t.current(k, now)
	}
	for k := range t.entries {
		if len(t.entries) < t.MaxKeys/2 {
			break
		}
		delete(t.entries, k)
	}
}

// Succeed forgets the failures of account from addr after a successful attempt (the address's
// own count stays: a spray is not forgiven by one account it guessed).
func (t *Throttle) Succeed(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, pairKey(account, addr))
}
