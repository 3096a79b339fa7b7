package evaluation

import "time"

// CostModel holds the unit prices and assumptions behind the cost per
// transaction. AWS prices are in US dollars because AWS publishes them so;
// the report converts them to pounds at USDToGBP. Every figure is an
// assumption to check against the landlord's AWS bill and its own cost of a
// phone call: docs/evaluation.md lists where each default comes from.
type CostModel struct {
	USDToGBP float64 `json:"usd_to_gbp"`

	LambdaRequestUSDPerMillion float64 `json:"lambda_request_usd_per_million"`
	LambdaGBSecondUSD          float64 `json:"lambda_gb_second_usd"`
	LambdaMemoryMB             float64 `json:"lambda_memory_mb"`
	// LambdaDurationMS is the billed run time of one request. Zero means
	// measure it: the mean latency_ms of the events, which is time inside
	// the conversation, plus LambdaOverheadMS for decoding, checking and
	// encoding around it.
	LambdaDurationMS float64 `json:"lambda_duration_ms"`
	LambdaOverheadMS float64 `json:"lambda_overhead_ms"`

	DynamoWritesPerRequest   float64 `json:"dynamo_write_units_per_request"`
	DynamoReadsPerRequest    float64 `json:"dynamo_read_units_per_request"`
	DynamoWriteUSDPerMillion float64 `json:"dynamo_write_usd_per_million"`
	DynamoReadUSDPerMillion  float64 `json:"dynamo_read_usd_per_million"`

	LogBytesPerRequest float64 `json:"log_bytes_per_request"`
	LogsUSDPerGB       float64 `json:"logs_usd_per_gb"`

	// PhoneCostPerTaskGBP is what the same task costs the landlord by
	// phone. The default is a placeholder: replace it with the landlord's
	// own figure.
	PhoneCostPerTaskGBP float64 `json:"phone_cost_per_task_gbp"`
	// RepairVisitGBP is what one repair visit costs the landlord, to value
	// the visits the guides avoided; zero until the landlord sets it.
	RepairVisitGBP float64 `json:"repair_visit_gbp"`
	// SetBy and SetAt say who last set the landlord's own figures (phone,
	// visit, exchange rate) and when; empty while they are the defaults.
	SetBy string    `json:"set_by,omitempty"`
	SetAt time.Time `json:"set_at,omitzero"`
}

// DefaultCosts is the model used when Options.Costs is left zero: AWS list
// prices (US East, on-demand, no free tier) for the deployment in
// template.yaml — an arm64 Lambda of 128 MB and two on-demand DynamoDB
// tables — and a placeholder phone cost. Start from it and change what you
// know better.
func DefaultCosts() CostModel {
	return CostModel{
		USDToGBP:                   0.79,
		LambdaRequestUSDPerMillion: 0.20,
		LambdaGBSecondUSD:          0.0000133334, // arm64
		LambdaMemoryMB:             128,
		LambdaOverheadMS:           30,
		// Writes: the usage event and its by-household index entry, plus
		// on average one more (a touch, guide progress, a repair).
		DynamoWritesPerRequest: 3,
		// Reads: the speaker's link and its household (strongly
		// consistent), plus on average one more (a booking, progress).
		DynamoReadsPerRequest:    3,
		DynamoWriteUSDPerMillion: 0.625,
		DynamoReadUSDPerMillion:  0.125,
		LogBytesPerRequest:       1500,
		LogsUSDPerGB:             0.50,
		PhoneCostPerTaskGBP:      4.50,
	}
}

// perRequestUSD is the estimated AWS cost of one request whose Lambda runs
// for durationMS.
func (m CostModel) perRequestUSD(durationMS float64) float64 {
	const million = 1e6
	const gib = 1 << 30
	gbSeconds := m.LambdaMemoryMB / 1024 * durationMS / 1000
	return m.LambdaRequestUSDPerMillion/million +
		gbSeconds*m.LambdaGBSecondUSD +
		m.DynamoWritesPerRequest*m.DynamoWriteUSDPerMillion/million +
		m.DynamoReadsPerRequest*m.DynamoReadUSDPerMillion/million +
		m.LogBytesPerRequest/gib*m.LogsUSDPerGB
}

// costOf fills in the cost section from the period's counts.
func costOf(m CostModel, events int, latencySumMS float64, tasks, phoneCalls, visitsAvoided int) Cost {
	c := Cost{Assumptions: m, Requests: events, CompletedTasks: tasks, PhoneCalls: phoneCalls,
		PhonePerTaskGBP: m.PhoneCostPerTaskGBP, RepairVisitsAvoided: visitsAvoided,
		RepairVisitGBP: m.RepairVisitGBP, AvoidedVisitsGBP: float64(visitsAvoided) * m.RepairVisitGBP}
	c.DurationMS = m.LambdaDurationMS
	if c.DurationMS <= 0 {
		c.DurationMeasured = true
		c.DurationMS = m.LambdaOverheadMS
		if events > 0 {
			c.DurationMS += latencySumMS / float64(events)
		}
	}
	c.PerRequestGBP = m.perRequestUSD(c.DurationMS) * m.USDToGBP
	c.TotalGBP = c.PerRequestGBP * float64(events)
	if tasks > 0 {
		c.PerTaskGBP = c.TotalGBP / float64(tasks)
	}
	c.PhoneTotalGBP = float64(phoneCalls) * m.PhoneCostPerTaskGBP
	c.EstimatedSavingGBP = c.PhoneTotalGBP - c.TotalGBP
	return c
}
