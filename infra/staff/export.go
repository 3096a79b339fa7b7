package staff

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/homehelper/homehelper/evaluation"
	"github.com/homehelper/homehelper/intents"
)

// An events download can be any size: a year of a busy pilot is millions
// of rows. The local server streams it as the answer. A site that cannot
// send a long answer itself (on AWS Lambda behind API Gateway, a 6 MB
// answer within 30 s) has an Exporter: the download is written elsewhere
// by a worker with time to write it (on AWS, the export function into S3,
// docs/staff-site.md "Downloads on AWS"), and the member of staff is sent
// to a page that waits for it and then hands it over by a short-lived link.

// Export is one events download: its format, "csv" or "json", and its
// period's first and last days (YYYY-MM-DD, UK). ID names one request for
// it; the site makes it, unguessable, when an Exporter is set.
type Export struct {
	ID     string `json:"id,omitempty"`
	Format string `json:"format"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// Exporter makes downloads elsewhere and hands them over by link.
type Exporter interface {
	// StartExport asks for e to be written; it returns at once.
	StartExport(ctx context.Context, e Export) error
	// ExportLink returns a short-lived link to e once it is written
	// whole, or ready=false while it is not.
	ExportLink(ctx context.Context, e Export) (link string, ready bool, err error)
}

// EventSource is what an export reads: the store's usage log, a page at a
// time.
type EventSource interface {
	EachUsageEvent(ctx context.Context, from, to time.Time, fn func(intents.UsageEvent) error) error
}

// Filename is what the download is saved as.
func (e Export) Filename() string {
	return "homehelper-usage-events-" + e.From + "-to-" + e.To + "." + e.Format
}

// ContentType is the download's media type.
func (e Export) ContentType() string {
	if e.Format == "csv" {
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

// Disposition saves the download under its filename.
func (e Export) Disposition() string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": e.Filename()})
}

// Key is where the written export is kept: under its request's id, so two
// requests for the same period never share a half-written file.
func (e Export) Key() string { return "exports/" + e.ID + "/" + e.Filename() }

var exportDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Check refuses an export a worker should not trust: it comes off a queue.
func (e Export) Check() error {
	if e.Format != "csv" && e.Format != "json" {
		return fmt.Errorf("export: format %q is not csv or json", e.Format)
	}
	if !exportDay.MatchString(e.From) || !exportDay.MatchString(e.To) {
		return fmt.Errorf("export: period %q to %q is not two dates", e.From, e.To)
	}
	if len(e.ID) != 32 {
		return fmt.Errorf("export: id %q is not one the site made", e.ID)
	}
	if _, err := hex.DecodeString(e.ID); err != nil {
		return fmt.Errorf("export: id %q is not one the site made", e.ID)
	}
	return nil
}

// WriteExport writes e's events to w, oldest first, try-it requests
// included (marked demo), holding one page of events at a time: what the
// site's download sends. loc is UK time, for the CSV's uk_time column and
// the period's days.
func WriteExport(ctx context.Context, src EventSource, loc *time.Location, e Export, w io.Writer) error {
	p, err := evaluation.ParsePeriod(e.From, e.To, loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if e.Format == "csv" {
		return csvBody(w, eventHeader, func(row func([]string) error) error {
			return src.EachUsageEvent(ctx, p.Start(), p.End(), func(ev intents.UsageEvent) error {
				return row(eventRow(ev, loc))
			})
		})
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	sep := "[\n"
	err = src.EachUsageEvent(ctx, p.Start(), p.End(), func(ev intents.UsageEvent) error {
		if _, err := bw.WriteString(sep); err != nil {
			return err
		}
		sep = ","
		return enc.Encode(ev)
	})
	if err == nil && sep != "," {
		_, err = bw.WriteString("[")
	}
	if err == nil {
		_, err = bw.WriteString("]\n")
	}
	if err == nil {
		err = bw.Flush()
	}
	return err
}

// startExport asks the Exporter for e and sends staff to the page that
// waits for it.
func (s *site) startExport(w http.ResponseWriter, r *http.Request, e Export) {
	var id [16]byte
	_, _ = rand.Read(id[:])
	e.ID = hex.EncodeToString(id[:])
	if err := s.Exporter.StartExport(r.Context(), e); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.Log.InfoContext(r.Context(), "staff: export asked for", "by", who(r), "id", e.ID, "format", e.Format, "from", e.From, "to", e.To)
	http.Redirect(w, r, exportPath(e), http.StatusSeeOther)
}

func exportPath(e Export) string {
	return "/staff/exports/" + e.ID + "?" + url.Values{"format": {e.Format}, "from": {e.From}, "to": {e.To}}.Encode()
}

// exportRetry is how often the waiting page looks again, in seconds.
const exportRetry = 3

// exportPage hands over a written export by its link (303), or, while it
// is being written, answers 202 with a page that looks again every few
// seconds (Refresh; Retry-After for programs).
func (s *site) exportPage(w http.ResponseWriter, r *http.Request) {
	if s.Exporter == nil {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	e := Export{ID: r.PathValue("id"), Format: q.Get("format"), From: q.Get("from"), To: q.Get("to")}
	if err := e.Check(); err != nil {
		s.apiError(w, r, badf("this is not a download the site started"))
		return
	}
	link, ready, err := s.Exporter.ExportLink(r.Context(), e)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if ready {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, link, http.StatusSeeOther)
		return
	}
	w.Header().Set("Retry-After", fmt.Sprint(exportRetry))
	w.Header().Set("Refresh", fmt.Sprint(exportRetry))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusAccepted)
	_ = exportWaiting.Execute(w, e)
}

var exportWaiting = template.Must(template.New("export").Parse(`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Preparing your download</title>
<link rel="stylesheet" href="/staff/static/style.css"></head>
<body><main><h1>Preparing your download</h1>
<p>The usage events from {{.From}} to {{.To}} ({{.Format}}) are being written. The download starts by itself when they are ready; a long period can take a few minutes. You can leave this page open.</p>
</main></body></html>
`))
