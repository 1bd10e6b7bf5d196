package graph_test

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/graph/hours"
)

func TestAddMonths(t *testing.T) {
	p := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, hours.Paris)
	}
	for _, c := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{p(2026, 8, 31, 10, 0), 6, p(2027, 2, 28, 10, 0)},  // kept within February
		{p(2027, 8, 31, 10, 0), 6, p(2028, 2, 29, 10, 0)},  // a leap year
		{p(2028, 2, 29, 10, 0), 12, p(2029, 2, 28, 10, 0)}, // a leap day, a year on
		{p(2026, 1, 31, 10, 0), 1, p(2026, 2, 28, 10, 0)},
		{p(2026, 3, 31, 10, 0), -1, p(2026, 2, 28, 10, 0)},
		{p(2026, 12, 31, 23, 30), 1, p(2027, 1, 31, 23, 30)}, // across the new year
		{p(2027, 1, 1, 0, 30), -1, p(2026, 12, 1, 0, 30)},    // new year in Paris, still 2026 in UTC
		{p(2026, 3, 1, 10, 0), 6, p(2026, 9, 1, 10, 0)},      // winter to summer time: same wall clock
		{p(2026, 10, 1, 10, 0), 1, p(2026, 11, 1, 10, 0)},    // summer to winter time
		{p(2026, 5, 15, 8, 0), 0, p(2026, 5, 15, 8, 0)},
	} {
		// Whatever the zone the instant is given in, the months are French calendar months.
		for _, from := range []time.Time{c.from, c.from.UTC()} {
			if got := graph.AddMonths(from, c.n); !got.Equal(c.want) {
				t.Errorf("AddMonths(%s, %d) = %s, want %s", from, c.n, got.In(hours.Paris), c.want)
			}
		}
	}
}

// TestMonthsBetween checks the one property freshness needs, on every day of four years:
// MonthsBetween(a, b) ≥ n exactly when b is at or after AddMonths(a, n).
func TestMonthsBetween(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, hours.Paris)
	for a := start; a.Year() < 2030; a = a.AddDate(0, 0, 1) {
		for _, n := range []int{1, 6, 12} {
			due := graph.AddMonths(a, n)
			if got := graph.MonthsBetween(a, due); got != n {
				t.Fatalf("MonthsBetween(%s, %s) = %d, want %d", a, due, got, n)
			}
			if got := graph.MonthsBetween(a, due.Add(-time.Second)); got != n-1 {
				t.Fatalf("a second before %s: %d months, want %d", due, got, n-1)
			}
		}
	}
	if got := graph.MonthsBetween(start, start.Add(-time.Hour)); got != 0 {
		t.Errorf("backwards: %d", got)
	}
}

func TestClockNow(t *testing.T) {
	fixed := time.Date(2026, 12, 1, 10, 0, 0, 123456789, time.FixedZone("", 3600))
	got := graph.Clock(func() time.Time { return fixed }).Now()
	if got.Location() != time.UTC || !got.Equal(fixed.Truncate(time.Microsecond)) {
		t.Errorf("Clock.Now = %s, want %s in UTC to the microsecond", got, fixed)
	}
	var none graph.Clock
	if d := time.Since(none.Now()); os.Getenv(graph.TestNowEnv) == "" && (d < 0 || d > time.Minute) {
		t.Errorf("a nil Clock is %s away from the system clock", d)
	}
}

// TestSystemClockTestHook runs this test binary again with MAILLAGE_TEST_NOW set: its system
// clock must start there, which is what scripts/test relies on to run the suite at other dates.
func TestSystemClockTestHook(t *testing.T) {
	if want := os.Getenv("MAILLAGE_CLOCK_HOOK_WANT"); want != "" {
		w, _ := time.Parse(time.RFC3339, want)
		if d := graph.SystemClock().Sub(w); d < -time.Millisecond || d > time.Minute {
			t.Fatalf("SystemClock is %s from %s", d, w)
		}
		return
	}
	const at = "2028-02-29T23:30:00+01:00"
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSystemClockTestHook$")
	cmd.Env = append(os.Environ(), graph.TestNowEnv+"="+at, "MAILLAGE_CLOCK_HOOK_WANT="+at)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("with %s=%s: %v\n%s", graph.TestNowEnv, at, err, out)
	}
}
