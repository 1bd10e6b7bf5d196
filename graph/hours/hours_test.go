package hours

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Paris)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOpenAt(t *testing.T) {
	cases := []struct {
		spec, when string
		open       bool
	}{
		{"24/7", "2026-12-01 03:00", true},
		{"Mo-Fr 08:30-17:00", "2026-12-01 08:29", false}, // a Tuesday
		{"Mo-Fr 08:30-17:00", "2026-12-01 08:30", true},
		{"Mo-Fr 08:30-17:00", "2026-12-01 17:00", false},
		{"Mo-Fr 08:30-17:00", "2026-12-05 10:00", false}, // Saturday
		{"Mo-Fr 09:00-12:00,14:00-17:00", "2026-12-01 13:00", false},
		{"Mo-Fr 09:00-12:00,14:00-17:00", "2026-12-01 14:30", true},
		{"Tu,Th 14:00-17:00", "2026-12-03 15:00", true},
		{"Tu,Th 14:00-17:00", "2026-12-02 15:00", false},
		// Later rules replace earlier ones on their days.
		{"Mo-Sa 09:00-18:00; Sa 09:00-12:00", "2026-12-05 14:00", false},
		{"Mo-Sa 09:00-18:00; We off", "2026-12-02 10:00", false},
		// Past midnight: Friday 22:00-02:00 is open on Saturday at 01:00.
		{"Fr 22:00-02:00", "2026-12-05 01:00", true},
		{"Fr 22:00-02:00", "2026-12-05 02:00", false},
		// Weekend wrap.
		{"Fr-Mo 10:00-12:00", "2026-12-06 11:00", true},
		{"Fr-Mo 10:00-12:00", "2026-12-02 11:00", false},
		// Public holidays: 25 December 2026 is a Friday; Easter Monday 2026 is 6 April.
		{"Mo-Fr 08:30-17:00; PH off", "2026-12-25 10:00", false},
		{"Mo-Fr 08:30-17:00", "2026-12-25 10:00", true}, // no PH rule: the weekday rule holds
		{"Mo-Fr 08:30-17:00; PH 10:00-12:00", "2026-04-06 11:00", true},
		{"Mo-Fr 08:30-17:00; PH 10:00-12:00", "2026-04-06 09:00", false},
		{"PH off; Mo-Fr 08:30-17:00", "2026-05-14 10:00", false}, // Ascension 2026
		{"Sa 10:00-12:00", "2026-12-05 10:30", true},
		{"Mo-Fr", "2026-12-01 23:59", true},
	}
	for _, c := range cases {
		s, err := Parse(c.spec)
		if err != nil {
			t.Fatalf("%q: %v", c.spec, err)
		}
		if got := s.OpenAt(at(c.when)); got != c.open {
			t.Errorf("%q at %s: open %v, want %v", c.spec, c.when, got, c.open)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, spec := range []string{"", "Lu-Ve 9h-17h", "Mo-Fr 25:00-26:00", "Mo-Fr 08:00", "Mo-Fr 8-12", "Jan-Mar 10:00-12:00", "Mo-Fr 08:60-09:00", "sunrise-sunset"} {
		if _, err := Parse(spec); err == nil {
			t.Errorf("%q parsed, want an error", spec)
		} else if _, ok := err.(*ParseError); !ok {
			t.Errorf("%q: %T, want *ParseError", spec, err)
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	for spec, want := range map[string]string{
		"24/7":                              "24/7",
		"Mo-Fr 08:30-17:00":                 "Mo-Fr 08:30-17:00",
		"Mo,Tu,We 09:00-12:00, 14:00-17:00": "Mo-We 09:00-12:00,14:00-17:00",
		"Tu,Th 14:00-17:00":                 "Tu,Th 14:00-17:00",
		"Mo-Fr 08:30-17:00; PH off":         "Mo-Fr 08:30-17:00; PH off",
		"Fr 22:00-02:00":                    "Fr 22:00-02:00",
		"Sa 10:00-24:00":                    "Sa 10:00-24:00",
		"Mo-Sa 09:00-18:00;We off":          "Mo-Sa 09:00-18:00; We off",
	} {
		s, err := Parse(spec)
		if err != nil {
			t.Fatalf("%q: %v", spec, err)
		}
		if got := s.String(); got != want {
			t.Errorf("%q: wrote %q, want %q", spec, got, want)
		}
		again, err := Parse(s.String())
		if err != nil || again.String() != want {
			t.Errorf("%q: does not read back: %v", want, err)
		}
	}
}

func TestPublicHolidays(t *testing.T) {
	for _, d := range []string{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25", "2027-03-29"} {
		if !IsPublicHoliday(at(d + " 12:00")) {
			t.Errorf("%s is a public holiday", d)
		}
	}
	for _, d := range []string{"2026-04-05", "2026-12-01", "2026-12-26", "2026-05-24"} {
		if IsPublicHoliday(at(d + " 12:00")) {
			t.Errorf("%s is not a public holiday", d)
		}
	}
	if e := Easter(2027); e.Month() != time.March || e.Day() != 28 {
		t.Errorf("Easter 2027: %s", e)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"24/7", "Mo-Fr 08:30-17:00; PH off", "Fr 22:00-02:00", "Tu,Th 14:00-17:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sch, err := Parse(s)
		if err != nil {
			return
		}
		sch.OpenAt(time.Date(2026, 3, 29, 2, 30, 0, 0, Paris)) // an hour that does not exist in Paris
		if _, err := Parse(sch.String()); err != nil {
			t.Fatalf("%q wrote %q, which does not parse: %v", s, sch.String(), err)
		}
	})
}

func TestLabelsAndRules(t *testing.T) {
	s, err := Parse("Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, r := range s.Rules {
		labels = append(labels, r.Label())
	}
	want := []string{"du lundi au vendredi : 9 h – 12 h, 14 h – 17 h 30", "le samedi : 10 h – 12 h", "les jours fériés : fermé"}
	for i := range want {
		if labels[i] != want[i] {
			t.Errorf("label %d: %q, want %q", i, labels[i], want[i])
		}
	}
	if got := s.Rules[0].DayCodes(); len(got) != 5 || got[0] != "mo" || got[4] != "fr" {
		t.Errorf("day codes: %v", got)
	}
	built, err := FromRules([]RuleInput{{Days: []string{"mo", "tu", "we", "th", "fr"}, Spans: [][2]string{{"09:00", "12:00"}, {"14:00", "17:30"}}},
		{Days: []string{"sa"}, Spans: [][2]string{{"10:00", "12:00"}}}, {Days: []string{"ph"}, Off: true}})
	if err != nil || built.String() != s.String() {
		t.Fatalf("from rules: %q %v, want %q", built.String(), err, s.String())
	}
	if _, err := FromRules([]RuleInput{{Days: []string{"lu"}}}); err == nil {
		t.Error("unknown day accepted")
	}
	if _, err := FromRules([]RuleInput{{Days: []string{"mo"}, Spans: [][2]string{{"9h", "12h"}}}}); err == nil {
		t.Error("bad time accepted")
	}
	if a, _ := Parse("24/7"); !a.AlwaysOpen() || a.Rules[0].Label() != "24 h/24, 7 j/7" {
		t.Error("24/7")
	}
}

// TestOpenAcrossDaylightSaving: opening hours are wall-clock hours in Paris, on the nights the
// clocks change too (29 March and 25 October 2026, both Sundays), spans past midnight included.
func TestOpenAcrossDaylightSaving(t *testing.T) {
	night, err := Parse("Sa 22:00-04:00")
	if err != nil {
		t.Fatal(err)
	}
	day, err := Parse("Su 09:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s     Schedule
		when  time.Time
		open  bool
		label string
	}{
		{night, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), true, "03:30 CEST, the night the clocks go forward"},
		{night, time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC), false, "04:00 CEST"},
		{night, time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), true, "01:30 CEST, the first one"},
		{night, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), true, "02:30 CEST"},
		{night, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), true, "02:30 CET, the hour that comes twice"},
		{night, time.Date(2026, 10, 25, 3, 0, 0, 0, time.UTC), false, "04:00 CET"},
		{day, time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC), true, "09:00 CEST"},
		{day, time.Date(2026, 3, 29, 6, 59, 0, 0, time.UTC), false, "08:59 CEST"},
		{day, time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC), true, "09:00 CET"},
		{day, time.Date(2026, 10, 25, 11, 0, 0, 0, time.UTC), false, "12:00 CET"},
	} {
		if got := c.s.OpenAt(c.when); got != c.open {
			t.Errorf("%s (%s): open %v, want %v", c.label, c.when.In(Paris), got, c.open)
		}
	}
}
