package auth

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/maillage/maillage/graph"
)

// ErrTooManyAttempts is in the chain of the error of a throttled sign-in (the HTTP layer can
// answer 429 with a Retry-After header: see RetryAfter).
var ErrTooManyAttempts = errors.New("too many sign-in attempts")

// throttledError carries the wait before the next attempt.
type throttledError struct{ wait time.Duration }

func (e *throttledError) Error() string { return ErrTooManyAttempts.Error() }
func (e *throttledError) Is(target error) bool {
	return target == ErrTooManyAttempts
}

// RetryAfter returns how long to wait after a throttled sign-in, and whether err is one.
func RetryAfter(err error) (time.Duration, bool) {
	var te *throttledError
	if errors.As(err, &te) {
		return te.wait, true
	}
	return 0, false
}

// Throttle limits failed sign-ins in a sliding window, per e-mail address (whether an account
// exists or not) and per client IP. It lives in memory: each server process counts its own.
type Throttle struct {
	// Window is the sliding window; PerEmail and PerIP the failures allowed in it.
	Window   time.Duration
	PerEmail int
	PerIP    int
	// MaxKeys bounds the memory: beyond it, the stalest keys are dropped.
	MaxKeys int
	Now     func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns the default limits: 5 failures per e-mail and 50 per IP in 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{Window: 15 * time.Minute, PerEmail: 5, PerIP: 50, MaxKeys: 100_000, Now: time.Now}
}

func (t *Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return graph.SystemClock()
}

// recent returns the failures of key still in the window (and forgets the older ones).
func (t *Throttle) recent(key string, now time.Time) []time.Time {
	fs := t.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-t.Window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = fs
	return fs
}

// Allow returns nil when a sign-in may be attempted for email from ip, otherwise a FORBIDDEN
// error carrying ErrTooManyAttempts and the wait (RetryAfter).
func (t *Throttle) Allow(email, ip string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	now := t.now()
	var wait time.Duration
	for _, k := range []struct {
		key string
		max int
	}{{"e:" + email, t.PerEmail}, {"i:" + ip, t.PerIP}} {
		if k.max <= 0 || (k.key == "i:" && ip == "") {
			continue
		}
		if fs := t.recent(k.key, now); len(fs) >= k.max {
			if w := fs[len(fs)-k.max].Add(t.Window).Sub(now); w > wait {
				wait = w
			}
		}
	}
	if wait > 0 {
		minutes := int((wait + time.Minute - 1) / time.Minute)
		return &graph.Error{Code: graph.CodeForbidden, Err: &throttledError{wait},
			Message: fmt.Sprintf("Trop de tentatives de connexion : réessayez dans %d minute%s.", minutes, plural(minutes))}
	}
	return nil
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// Fail records a failed sign-in.
func (t *Throttle) Fail(email, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	now := t.now()
	if t.MaxKeys > 0 && len(t.failures) >= t.MaxKeys {
		t.evict(now)
	}
	t.failures["e:"+email] = append(t.failures["e:"+email], now)
	if ip != "" {
		t.failures["i:"+ip] = append(t.failures["i:"+ip], now)
	}
}

// evict forgets the keys without recent failures, then, if still full, half of the others.
func (t *Throttle) evict(now time.Time) {
	for k := range t.failures {
		t.recent(k, now)
	}
	for k := range t.failures {
		if len(t.failures) < t.MaxKeys/2 {
			break
		}
		delete(t.failures, k)
	}
}

// Succeed forgets the failures of an e-mail after a successful sign-in.
func (t *Throttle) Succeed(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, "e:"+email)
}
