package staff

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// readCSV checks a download is what Excel opens cleanly (a byte-order mark,
// CRLF line ends, a CSV content type and a file name) and parses it.
func readCSV(t *testing.T, f *fixture, target string) [][]string {
	t.Helper()
	w := f.do("GET", target, "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", target, ct)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, `.csv"`) && !strings.HasSuffix(cd, ".csv") {
		t.Errorf("%s: Content-Disposition %q", target, cd)
	}
	body := w.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Fatalf("%s: no UTF-8 byte-order mark", target)
	}
	body = body[3:]
	if lines := bytes.Count(body, []byte("\n")); lines == 0 || bytes.Count(body, []byte("\r\n")) != lines {
		t.Errorf("%s: line ends are not all CRLF", target)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	return rows
}

// TestCSVRoundTrip: each list's CSV, parsed back, has the same rows and
// values as its JSON, column for column.
func TestCSVRoundTrip(t *testing.T) {
	p := newPilot(t)
	// A household whose reference a spreadsheet would run as a formula.
	legacyHousehold(t, p.fixture, `=HYPERLINK("http://evil.example","hi")`)
	for _, list := range []string{"repairs", "households", "slots", "events?" + p.periodQuery()} {
		t.Run(list, func(t *testing.T) {
			name, query, _ := strings.Cut(list, "?")
			var js []map[string]any
			p.getJSON("/staff/api/"+list, &js)
			rows := readCSV(t, p.fixture, "/staff/api/"+name+".csv?"+query)
			if len(js) == 0 {
				t.Fatal("nothing to compare: the fixture should fill every list")
			}
			header, rows := rows[0], rows[1:]
			if len(rows) != len(js) {
				t.Fatalf("%d CSV rows, %d JSON items", len(rows), len(js))
			}
			keys := make([]string, 0, len(js[0]))
			for k := range js[0] {
				keys = append(keys, k)
			}
			extra := slices.DeleteFunc(slices.Clone(header), func(h string) bool { return slices.Contains(keys, h) })
			if name == "events" {
				// The same time in UK local time, for a spreadsheet;
				// fields left out of the JSON when empty.
				extra = slices.DeleteFunc(extra, func(h string) bool { return h == "uk_time" || slices.Contains(eventHeader, h) })
			}
			if len(extra) > 0 {
				t.Errorf("CSV columns not in the JSON: %v", extra)
			}
			for _, k := range keys {
				if !slices.Contains(header, k) {
					t.Errorf("JSON field %q has no CSV column", k)
				}
			}
			for i, row := range rows {
				for c, h := range header {
					if h == "uk_time" {
						continue
					}
					v, ok := js[i][h]
					if !ok {
						v = omitted[h] // left out of the JSON when empty
					}
					if want := csvOf(v, h); row[c] != want {
						t.Errorf("row %d %s: CSV %q, JSON %v (want %q)", i, h, row[c], js[i][h], want)
					}
				}
			}
		})
	}
}

// omitted is the value of each usage-event field the JSON leaves out when
// it is empty (omitempty): false for a flag, nothing for the rest.
var omitted = func() map[string]any {
	out := map[string]any{}
	typ := reflect.TypeFor[intents.UsageEvent]()
	for i := range typ.NumField() {
		name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if strings.Contains(opts, "omitempty") && typ.Field(i).Type.Kind() == reflect.Bool {
			out[name] = false
		}
	}
	return out
}()

// csvOf is a JSON value as the CSV writes it.
func csvOf(v any, column string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return yesNo(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case map[string]any:
		var parts []string
		for k, id := range x {
			parts = append(parts, fmt.Sprintf("%s=%v", k, id))
		}
		slices.Sort(parts)
		return strings.Join(parts, ";")
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil && column != "time" {
			return t.In(london(nil)).Format(csvTime)
		}
		return cell(x)
	}
	return fmt.Sprint(v)
}

func london(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil && t != nil {
		t.Fatal(err)
	}
	return loc
}

// TestCSVGuardsFormulas: text a spreadsheet would run is kept as text;
// numbers, negative ones included, stay numbers.
func TestCSVGuardsFormulas(t *testing.T) {
	f := newFixture(t, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
	refs := map[string]string{
		`=HYPERLINK("http://evil.example","hi")`: `'=HYPERLINK("http://evil.example","hi")`,
		"+44 7700 900000":                        "'+44 7700 900000",
		"@SUM(A1:A9)":                            "'@SUM(A1:A9)",
		"-12":                                    "-12",
		"HH-0042":                                "HH-0042",
	}
	for ref := range refs {
		legacyHousehold(t, f, ref)
	}
	rows := readCSV(t, f, "/staff/api/households.csv")
	got := map[string]bool{}
	for _, row := range rows[1:] {
		got[row[0]] = true
	}
	for ref, want := range refs {
		if !got[want] {
			t.Errorf("%q should be written %q; got %v", ref, want, got)
		}
	}
}

// TestSummaryCSV is the evaluation package's own CSV of the same report.
func TestSummaryCSV(t *testing.T) {
	p := newPilot(t)
	w := p.do("GET", "/staff/api/summary.csv?"+p.periodQuery(), "")
	var want bytes.Buffer
	if err := p.report(false).WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), want.Bytes()) {
		t.Errorf("summary.csv: %d, differs from Report.WriteCSV", w.Code)
	}
}

// TestEventsCSVHasEveryField: every field of a usage event has a column.
func TestEventsCSVHasEveryField(t *testing.T) {
	b, err := json.Marshal(intents.UsageEvent{HouseholdID: "x", SpeakerID: "x", SessionID: "x", Intent: "x",
		Slots: map[string]string{"a": "b"}, Step: "x", RepairRef: "x", Priority: "x", FeedbackAsked: true, GuideTried: true,
		EndReason: "x", Locale: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for k := range fields {
		if !slices.Contains(eventHeader, k) {
			t.Errorf("usage event field %q is not in events.csv", k)
		}
	}
}

// legacyHousehold stores a household whose reference Enrol would now
// refuse (intents.CheckRef), as one enrolled before references were
// checked: what shows it must still be safe.
func legacyHousehold(t *testing.T, f *fixture, ref string) {
	t.Helper()
	h := intents.Household{ID: f.p.Household(ref), Ref: ref, EnrolledAt: f.now}
	if err := f.store.AddHousehold(context.Background(), h); err != nil {
		t.Fatal(err)
	}
}
