package evaluation

import (
	"time"
)

// WithLandlordFigures is the model with the landlord's own numbers, as staff
// set them: what a phone contact and a repair visit cost, and the exchange
// rate for AWS's dollar prices. A zero amount keeps the model's own; by
// and at say who set them and when.
func (m CostModel) WithLandlordFigures(phoneGBP, visitGBP, usdToGBP float64, by string, at time.Time) CostModel {
	if m == (CostModel{}) {
		m = DefaultCosts()
	}
	if phoneGBP > 0 {
		m.PhoneCostPerTaskGBP = phoneGBP
	}
	if visitGBP > 0 {
		m.RepairVisitGBP = visitGBP
	}
	if usdToGBP > 0 {
		m.USDToGBP = usdToGBP
	}
	m.SetBy, m.SetAt = by, at
	return m
}

// figuresSource says where the landlord's figures come from, in words.
func figuresSource(m CostModel) string {
	if m.SetAt.IsZero() {
		return "defaults, not yet the landlord's own"
	}
	return "set by " + m.SetBy + " on " + m.SetAt.UTC().Format("2 January 2006")
}
