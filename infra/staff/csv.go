package staff

import (
	"bufio"
	"encoding/csv"
	"io"
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
	s.streamCSV(w, r, filename, header, func(row func([]string) error) error {
		for _, cells := range rows {
			if err := row(cells); err != nil {
				return err
			}
		}
		return nil
	})
}

// streamCSV writes a CSV download whose rows each() hands over one at a
// time, so a download of any size needs the memory of one row and the
// write buffer. Once the first bytes are sent the status cannot change, so
// a failure part way cuts the download short (streamFailed).
func (s *site) streamCSV(w http.ResponseWriter, r *http.Request, filename string, header []string, each func(row func([]string) error) error) {
	csvHeaders(w, filename)
	noWriteDeadline(w)
	sw := &sentWriter{w: w}
	if err := csvBody(sw, header, each); err != nil {
		s.streamFailed(w, r, sw, err)
	}
}

// csvBody writes a CSV whose rows each() hands over one at a time, with
// the memory of one row and the write buffer.
func csvBody(w io.Writer, header []string, each func(row func([]string) error) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	_ = cw.Write(header)
	guarded := make([]string, len(header))
	err := each(func(cells []string) error {
		guarded = guarded[:0]
		for _, c := range cells {
			guarded = append(guarded, cell(c))
		}
		return cw.Write(guarded)
	})
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	return err
}

// noWriteDeadline lifts the server's write timeout for a streamed
// download, which may rightly take longer than any answer: the stream is
// cut only by the client going away.
func noWriteDeadline(w http.ResponseWriter) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
}

// sentWriter counts the bytes that have reached the client's writer.
type sentWriter struct {
	w io.Writer
	n int64
}

func (s *sentWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.n += int64(n)
	return n, err
}

// streamFailed ends a streamed download that failed: with the error, if
// nothing has been sent yet; otherwise by dropping the connection, so the
// client sees a failed download, never a short file passing for a whole
// one.
func (s *site) streamFailed(w http.ResponseWriter, r *http.Request, sw *sentWriter, err error) {
	if sw.n == 0 {
		w.Header().Del("Content-Disposition")
		s.apiError(w, r, err)
		return
	}
	s.Log.ErrorContext(r.Context(), "staff: download cut short", "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
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
func (s *site) csvWhen(t time.Time) string { return csvTimeIn(t, s.Location) }

func csvTimeIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(csvTime)
}

// eventHeader is every field of a usage event (docs/usage-events.md), in
// the order documented, with the JSON names; uk_time is the time again in
// UK local time for a spreadsheet.
var eventHeader = []string{
	"request_id", "time", "uk_time", "household_id", "speaker_id", "session_id", "request_type", "intent",
	"slots", "flow", "step", "outcome", "repair_ref", "priority", "feedback_asked", "guide_tried",
	"session_ended", "end_reason", "latency_ms", "locale", "has_screen", "demo",
}

func eventRow(e intents.UsageEvent, loc *time.Location) []string {
	var slots []string
	for _, k := range sortedKeys(e.Slots) {
		slots = append(slots, k+"="+e.Slots[k])
	}
	return []string{
		e.RequestID, e.Time.UTC().Format(time.RFC3339Nano), csvTimeIn(e.Time, loc), e.HouseholdID, e.SpeakerID, e.SessionID,
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
