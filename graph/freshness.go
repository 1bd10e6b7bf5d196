package graph

import "time"

// DefaultUpdateFrequency is how often a listing should be checked when it does not say: six
// months, the freshness a social worker can rely on (DORA counted 41 % of its services not
// updated for over a year).
const DefaultUpdateFrequency = 6

// VerifiedAt is when the listing was last known true: its last verification, or else its last
// update.
func (d *Dispositif) VerifiedAt() time.Time {
	if d.LastVerifiedAt != nil && d.LastVerifiedAt.After(d.UpdatedAt) {
		return *d.LastVerifiedAt
	}
	return d.UpdatedAt
}

// NeverVerified reports whether no one has ever confirmed the listing: loaded from a document
// or an import, or written without a check. Such a listing is to verify, whatever its age.
func (d *Dispositif) NeverVerified() bool { return d.LastVerifiedAt == nil }

// DueAt is when the listing should be checked again: for a listing never verified, since it
// was last written.
func (d *Dispositif) DueAt() time.Time {
	if d.NeverVerified() {
		return d.UpdatedAt
	}
	months := DefaultUpdateFrequency
	if d.UpdateFrequencyMonths != nil {
		months = *d.UpdateFrequencyMonths
	}
	return AddMonths(d.VerifiedAt(), months)
}

// Stale reports whether the listing is to verify at now: never verified, or due for a check.
func (d *Dispositif) Stale(now time.Time) bool { return d.NeverVerified() || !now.Before(d.DueAt()) }

// MonthsSinceVerified is the number of whole months from VerifiedAt to now.
func (d *Dispositif) MonthsSinceVerified(now time.Time) int {
	return MonthsBetween(d.VerifiedAt(), now)
}
