package staff

import (
	"bufio"
	"encoding/csv"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// Every CSV the site serves opens cleanly in Excel: UTF-8 with a byte-order
// mark (without it Excel reads UTF-8 as the local code page), CRLF line
// ends, a header row whose names are the JSON field names, times in UK
// local time written so Excel reads them as dates, and text that would be
// read as a formula (a household reference typed as "=HYPERLINK(...)")
// guarded with a leading apostrophe.

// csvTime is how times are written in CSV: UK local time, which Excel
// reads as a date and time.
const csvTime = "2006-01-02 15:04:05"

func csvHeaders(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
}

func (s *site) writeCSV(w http.ResponseWriter, r *http.Request, filename string, header []string, rows [][]string) {
	csvHeaders(w, filename)
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	_ = cw.Write(header)
	for _, row := range rows {
		guarded := make([]string, len(row))
		for i, c := range row {
			guarded[i] = cell(c)
		}
		_ = cw.Write(guarded)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.Log.ErrorContext(r.Context(), "staff: writing CSV", "file", filename, "err", err)
		return
	}
	if err := bw.Flush(); err != nil {
		s.Log.ErrorContext(r.Context(), "staff: writing CSV", "file", filename, "err", err)
	}
}

// cell guards text a spreadsheet would run as a formula. Numbers are left
// alone: "-3" is a number to Excel, not a formula.
func cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// csvWhen writes an instant for a CSV; empty for the zero time.
func (s *site) csvWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.Location).Format(csvTime)
}

// eventHeader is every field of a usage event (docs/usage-events.md), in
// the order documented, with the JSON names; uk_time is the time again in
// UK local time for a spreadsheet.
var eventHeader = []string{
	"request_id", "time", "uk_time", "household_id", "speaker_id", "session_id", "request_type", "intent",
	"slots", "flow", "step", "outcome", "repair_ref", "priority", "feedback_asked", "guide_tried",
	"session_ended", "end_reason", "latency_ms", "locale", "has_screen", "demo",
}

func (s *site) eventRow(e intents.UsageEvent) []string {
	var slots []string
	for _, k := range sortedKeys(e.Slots) {
		slots = append(slots, k+"="+e.Slots[k])
	}
	return []string{
		e.RequestID, e.Time.UTC().Format(time.RFC3339Nano), s.csvWhen(e.Time), e.HouseholdID, e.SpeakerID, e.SessionID,
		e.RequestType, e.Intent, strings.Join(slots, ";"), string(e.Flow), e.Step, string(e.Outcome), e.RepairRef,
		string(e.Priority), yesNo(e.FeedbackAsked), yesNo(e.GuideTried), yesNo(e.SessionEnded), e.EndReason,
		strconv.FormatFloat(e.LatencyMS, 'f', -1, 64), e.Locale, yesNo(e.HasScreen), yesNo(e.Demo),
	}
}

// sortedKeys lists a map's keys in order, for a stable slots column.
func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
