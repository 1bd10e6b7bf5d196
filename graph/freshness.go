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

// DueAt is when the listing should be checked again.
func (d *Dispositif) DueAt() time.Time {
	months := DefaultUpdateFrequency
	if d.UpdateFrequencyMonths != nil {
		months = *d.UpdateFrequencyMonths
	}
	return AddMonths(d.VerifiedAt(), months)
}

// Stale reports whether the listing is due for a check at now.
func (d *Dispositif) Stale(now time.Time) bool { return !now.Before(d.DueAt()) }

// MonthsSinceVerified is the number of whole months from VerifiedAt to now.
func (d *Dispositif) MonthsSinceVerified(now time.Time) int {
	return MonthsBetween(d.VerifiedAt(), now)
}
