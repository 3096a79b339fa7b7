package staff

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// queuedExports is an Exporter that writes what was asked for only when the
// test says (work), as the export function does some time after the
// request.
type queuedExports struct {
	src     EventSource
	loc     *time.Location
	waiting []Export
	written map[string][]byte // by Key
}

func (q *queuedExports) StartExport(_ context.Context, e Export) error {
	q.waiting = append(q.waiting, e)
	return nil
}

func (q *queuedExports) ExportLink(_ context.Context, e Export) (string, bool, error) {
	if _, ok := q.written[e.Key()]; !ok {
		return "", false, nil
	}
	return "https://exports.example/" + e.Key(), true, nil
}

func (q *queuedExports) work(t *testing.T) {
	t.Helper()
	for _, e := range q.waiting {
		if err := e.Check(); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteExport(t.Context(), q.src, q.loc, e, &b); err != nil {
			t.Fatal(err)
		}
		q.written[e.Key()] = b.Bytes()
	}
	q.waiting = nil
}

// With an Exporter, an events download is written elsewhere: staff are sent
// to a page that waits (202, refreshing) until it is written, then to its
// link; and what is written is exactly what the streamed download sends.
func TestEventsExportHandedOverByLink(t *testing.T) {
	p := newPilot(t)
	streamed := map[string]string{
		"csv":  p.get("/staff/api/events.csv?" + p.periodQuery()),
		"json": p.get("/staff/api/events?" + p.periodQuery()),
	}
	if strings.Count(streamed["csv"], "\r\n") < 100 {
		t.Fatalf("the pilot's CSV has too few rows to test with:\n%s", streamed["csv"])
	}
	q := &queuedExports{src: p.store, loc: p.g.Location(), written: map[string][]byte{}}
	p.site = Handler(Options{Store: p.store, Pseudonyms: p.p, Auth: p.auth, Now: func() time.Time { return p.now },
		Log: slog.New(slog.NewTextHandler(testLogWriter{t}, nil)), Exporter: q})

	for _, tc := range []struct{ path, format string }{{"/staff/api/events.csv", "csv"}, {"/staff/api/events", "json"}} {
		t.Run(tc.format, func(t *testing.T) {
			w := p.do("GET", tc.path+"?"+p.periodQuery(), "")
			if w.Code != http.StatusSeeOther {
				t.Fatalf("GET %s: %d, want 303 to the waiting page", tc.path, w.Code)
			}
			wait := w.Header().Get("Location")
			if !strings.HasPrefix(wait, "/staff/exports/") {
				t.Fatalf("sent to %q, want the waiting page", wait)
			}
			if len(q.waiting) != 1 {
				t.Fatalf("%d exports asked for, want 1", len(q.waiting))
			}
			w = p.do("GET", wait, "")
			if w.Code != http.StatusAccepted || w.Header().Get("Refresh") == "" || !strings.Contains(w.Body.String(), "Preparing your download") {
				t.Fatalf("waiting page before the export is written: %d %v\n%s", w.Code, w.Header(), w.Body)
			}
			if w := p.do("GET", wait, "", "auth", "none"); w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "https://") {
				t.Fatalf("the waiting page hands the link to someone not signed in")
			}
			q.work(t)
			w = p.do("GET", wait, "")
			link := w.Header().Get("Location")
			if w.Code != http.StatusSeeOther || !strings.HasPrefix(link, "https://exports.example/exports/") {
				t.Fatalf("waiting page after the export is written: %d, link %q", w.Code, link)
			}
			u, err := url.Parse(link)
			if err != nil {
				t.Fatal(err)
			}
			got := string(q.written[strings.TrimPrefix(u.Path, "/")])
			if got != streamed[tc.format] {
				t.Errorf("the export differs from the streamed download (%d bytes, want %d)", len(got), len(streamed[tc.format]))
			}
			if !strings.HasSuffix(link, "."+tc.format) {
				t.Errorf("link %q does not name a .%s file", link, tc.format)
			}
		})
	}

	// A made-up id, or a period that is not one, is refused.
	for _, target := range []string{
		"/staff/exports/0123?format=csv&from=2026-01-01&to=2026-01-02",
		"/staff/exports/0123456789abcdef0123456789abcdef?format=exe&from=2026-01-01&to=2026-01-02",
		"/staff/exports/0123456789abcdef0123456789abcdef?format=csv&from=..%2F..&to=2026-01-02",
	} {
		if w := p.do("GET", target, ""); w.Code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, w.Code)
		}
	}
}
