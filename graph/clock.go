package graph

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/maillage/maillage/graph/hours"
)

// Clock tells the current time. A process has one: the store stamps its writes with it
// (createdAt, updatedAt, revisions, the change feed) and everything that compares with those
// stamps — freshness, due dates, "open now", the territory reports — reads the same clock
// through Store.Now, so that they always agree. Tests inject a fixed or settable one.
type Clock func() time.Time

// Now returns the clock's time, in UTC to the microsecond (what both stores keep); a nil Clock
// is the SystemClock.
func (c Clock) Now() time.Time {
	if c == nil {
		return SystemClock()
	}
	return c().UTC().Truncate(time.Microsecond)
}

// TestNowEnv names the test hook of the SystemClock: when set (RFC 3339, e.g.
// "2027-02-28T23:30:00+01:00"), the process's clock starts at that instant and runs on from
// there. scripts/test runs the date-sensitive tests under several such dates (month ends, leap
// day, new year, daylight-saving changes), binaries they start included, so that no test
// depends on the day it runs. It is a test hook: never set it in production.
const TestNowEnv = "MAILLAGE_TEST_NOW"

// SystemClock is the machine's clock (shifted when TestNowEnv is set), in UTC to the
// microsecond.
func SystemClock() time.Time {
	return time.Now().Add(clockShift()).UTC().Truncate(time.Microsecond)
}

var clockShift = sync.OnceValue(func() time.Duration {
	v := os.Getenv(TestNowEnv)
	if v == "" {
		return 0
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("%s=%q : date RFC 3339 attendue (%v)", TestNowEnv, v, err))
	}
	return time.Until(t)
})

// AddMonths is t plus n calendar months (n may be negative), read on the French calendar
// (Europe/Paris wall clock, so that a daylight-saving change does not move the hour) and kept
// within the target month: 31 August plus 6 months is 28 (or 29) February, never 3 March, as
// time.AddDate would say.
func AddMonths(t time.Time, n int) time.Time {
	p := t.In(hours.Paris)
	y, m, d := p.Date()
	first := time.Date(y, m+time.Month(n), 1, p.Hour(), p.Minute(), p.Second(), p.Nanosecond(), hours.Paris)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), p.Hour(), p.Minute(), p.Second(), p.Nanosecond(), hours.Paris).In(t.Location())
}

// MonthsBetween is the number of whole calendar months from a to b: the largest n with
// AddMonths(a, n) not after b (0 when b is before a). With AddMonths, it is the one month
// arithmetic of freshness: a listing due after k months is overdue exactly when
// MonthsBetween(verified, now) ≥ k.
func MonthsBetween(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	pa, pb := a.In(hours.Paris), b.In(hours.Paris)
	n := (pb.Year()-pa.Year())*12 + int(pb.Month()-pa.Month())
	for n > 0 && AddMonths(a, n).After(b) {
		n--
	}
	return n
}
