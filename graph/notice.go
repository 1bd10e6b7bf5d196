package graph

import (
	"time"

	"github.com/maillage/maillage/graph/hours"
)

// Notice kinds: a temporary closure closes the service between its dates; a message is shown
// on the listing between its dates (« accueil réduit pendant les vacances »).
const (
	NoticeClosure = "closure"
	NoticeMessage = "message"
)

// Notice is a temporary closure or message with its dates (YYYY-MM-DD, both included; To empty:
// until further notice).
type Notice struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to,omitempty"`
	Text string `json:"text,omitempty"`
}

// day parses a notice date in Paris time.
func day(s string) (time.Time, error) { return time.ParseInLocation(time.DateOnly, s, hours.Paris) }

// ActiveAt reports whether the notice applies on the date of t (in Paris).
func (n Notice) ActiveAt(t time.Time) bool {
	from, err := day(n.From)
	if err != nil {
		return false
	}
	t = t.In(hours.Paris)
	if t.Before(from) {
		return false
	}
	if n.To == "" {
		return true
	}
	to, err := day(n.To)
	return err == nil && t.Before(to.AddDate(0, 0, 1))
}

// ActiveNotices returns the notices that apply at t.
func (d *Dispositif) ActiveNotices(t time.Time) []Notice {
	var out []Notice
	for _, n := range d.Notices {
		if n.ActiveAt(t) {
			out = append(out, n)
		}
	}
	return out
}

// ClosedAt reports whether the service is closed at t: closed or temporarily closed status, or
// a temporary closure that applies.
func (d *Dispositif) ClosedAt(t time.Time) bool {
	if d.Status == "closed" || d.Status == "temporarily_closed" {
		return true
	}
	for _, n := range d.ActiveNotices(t) {
		if n.Kind == NoticeClosure {
			return true
		}
	}
	return false
}

// OpenAt says whether the service is open at t: false while closed, otherwise from its opening
// hours; nil when its hours are not given or cannot be read.
func (d *Dispositif) OpenAt(t time.Time) *bool {
	closed := false
	if d.ClosedAt(t) {
		return &closed
	}
	if d.OpeningHours == "" {
		return nil
	}
	sch, err := hours.Parse(d.OpeningHours)
	if err != nil {
		return nil
	}
	open := sch.OpenAt(t)
	return &open
}

func validateNotices(v *ValidationErrors, notices []Notice) {
	for _, n := range notices {
		switch n.Kind {
		case NoticeClosure, NoticeMessage:
		default:
			v.Add("notices.kind", "le type d'annonce doit être « closure » (fermeture temporaire) ou « message »")
		}
		from, err := day(n.From)
		if err != nil {
			v.Add("notices.from", "la date de début doit être une date (AAAA-MM-JJ)")
			continue
		}
		if n.To != "" {
			to, err := day(n.To)
			switch {
			case err != nil:
				v.Add("notices.to", "la date de fin doit être une date (AAAA-MM-JJ)")
			case to.Before(from):
				v.Add("notices.to", "la date de fin précède la date de début")
			}
		}
		if n.Kind == NoticeMessage && n.Text == "" {
			v.Add("notices.text", "un message temporaire doit avoir un texte")
		}
	}
}
