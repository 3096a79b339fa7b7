package alexa

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// remindersAPI stands in for Amazon's Reminders API, holding every request
// to the shape the reference documents: the paths and methods, the bearer
// token, JSON with exactly the documented fields of a SCHEDULED_ABSOLUTE
// reminder (amazonBody holds those to Amazon's own example), times in local
// ISO 8601 with milliseconds and no offset. A request that strays fails the
// test. It answers as Amazon does: 200 with an alertToken for a create (as
// Amazon's SDK models list it; created says otherwise), 200 for an update
// or delete, 401 for an unknown token, 403 for a tenant who has not
// granted the permission, 404 for a reminder it does not hold.
type remindersAPI struct {
	t       *testing.T
	token   string // the one apiAccessToken it accepts
	granted bool   // whether that tenant granted the permission
	created int    // a create's status: 200 unless set

	mu        sync.Mutex
	reminders map[string]reminderBody
	next      int
}

func (a *remindersAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fail := func(format string, args ...any) {
		a.t.Errorf("Reminders API request %s %s: %s", r.Method, r.URL.Path, fmt.Sprintf(format, args...))
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"code":"INVALID_REQUEST"}`)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+a.token {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"code":"UNAUTHORIZED","message":"Request is not authorized."}`)
		return
	}
	if !a.granted {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"code":"FORBIDDEN","message":"Request is forbidden."}`)
		return
	}
	id, hasID := strings.CutPrefix(r.URL.Path, "/v1/alerts/reminders/")
	if r.URL.Path != "/v1/alerts/reminders" && !hasID {
		fail("not a Reminders API path")
		return
	}
	var body reminderBody
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			fail("Content-Type %q", ct)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			fail("body %s: %v", raw, err)
			return
		}
		for name, v := range map[string]string{"requestTime": body.RequestTime, "trigger.scheduledTime": body.Trigger.ScheduledTime} {
			if _, err := time.Parse(localLayout, v); err != nil {
				fail("%s %q is not local ISO 8601 with milliseconds: %v", name, v, err)
				return
			}
		}
		c := body.AlertInfo.SpokenInfo.Content
		switch {
		case body.Trigger.Type != "SCHEDULED_ABSOLUTE" || body.Trigger.TimeZoneID == "":
			fail("trigger %+v", body.Trigger)
			return
		case len(c) != 1 || c[0].Locale == "" || c[0].Text == "":
			fail("spoken content %+v", c)
			return
		case body.PushNotification.Status != "ENABLED" && body.PushNotification.Status != "DISABLED":
			fail("pushNotification %+v", body.PushNotification)
			return
		}
	}
	switch {
	case r.Method == http.MethodPost && !hasID:
		a.next++
		token := fmt.Sprintf("alert-%d", a.next)
		a.reminders[token] = body
		w.WriteHeader(cmp.Or(a.created, http.StatusOK))
		_ = json.NewEncoder(w).Encode(map[string]any{"alertToken": token, "createdTime": "2026-12-01T09:00:00.000Z", "status": "ON", "version": "1"})
	case (r.Method == http.MethodPut || r.Method == http.MethodDelete) && hasID:
		if _, ok := a.reminders[id]; !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"code":"NOT_FOUND"}`)
			return
		}
		if r.Method == http.MethodPut {
			a.reminders[id] = body
		} else {
			delete(a.reminders, id)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"alertToken": id, "status": "ON"})
	default:
		fail("method not in the reference")
	}
}

func (a *remindersAPI) held() map[string]reminderBody {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]reminderBody{}
	for k, v := range a.reminders {
		out[k] = v
	}
	return out
}

func startRemindersAPI(t *testing.T, granted bool) (*remindersAPI, *httptest.Server) {
	api := &remindersAPI{t: t, token: "token-of-this-request", granted: granted, reminders: map[string]reminderBody{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

// TestRemindersContract: a reminder for a coach visit is created the
// evening before in UK local time (across the clock change too), moved when
// the visit is rebooked and deleted when it is cancelled, as the reference
// says; a second delete (the tenant deleted it already) is harmless.
func TestRemindersContract(t *testing.T) {
	api, srv := startRemindersAPI(t, true)
	now := time.Date(2026, time.October, 20, 9, 0, 0, 0, time.UTC)
	r := Reminders{Endpoint: srv.URL, Token: api.token, Client: srv.Client(), Now: func() time.Time { return now }}
	ctx := context.Background()

	// 18:00 UK time on Saturday 24 October (BST, UTC+1), the evening
	// before a Sunday visit; then moved to the evening of 31 October
	// (GMT, after the clocks go back).
	first := time.Date(2026, time.October, 24, 17, 0, 0, 0, time.UTC)
	token, err := r.Create(ctx, Reminder{At: first, Text: "Your neighbourhood coach visits tomorrow at 10 am.", Locale: "en-GB"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	got := api.held()[token]
	if got.Trigger.ScheduledTime != "2026-10-24T18:00:00.000" || got.Trigger.TimeZoneID != "Europe/London" {
		t.Errorf("scheduled %s in %s, want 2026-10-24T18:00:00.000 Europe/London", got.Trigger.ScheduledTime, got.Trigger.TimeZoneID)
	}
	if got.RequestTime != "2026-10-20T10:00:00.000" {
		t.Errorf("requestTime %s, want the UK local time now", got.RequestTime)
	}
	if c := got.AlertInfo.SpokenInfo.Content[0]; c.Locale != "en-GB" || !strings.Contains(c.Text, "coach") {
		t.Errorf("spoken %+v", c)
	}

	moved := time.Date(2026, time.October, 31, 18, 0, 0, 0, time.UTC)
	if err := r.Update(ctx, token, Reminder{At: moved, Text: "Your neighbourhood coach visits tomorrow at 2 pm.", Locale: "en-GB"}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got := api.held()[token].Trigger.ScheduledTime; got != "2026-10-31T18:00:00.000" {
		t.Errorf("moved to %s, want 2026-10-31T18:00:00.000 (GMT now)", got)
	}
	if err := r.Delete(ctx, token); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if n := len(api.held()); n != 0 {
		t.Errorf("%d reminders left after the delete", n)
	}
	if err := r.Delete(ctx, token); err != nil {
		t.Errorf("deleting a reminder already gone: %v", err)
	}
	var apiErr *ReminderError
	if err := r.Update(ctx, token, Reminder{At: moved, Text: "x", Locale: "en-GB"}); !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != "NOT_FOUND" {
		t.Errorf("moving a reminder that is gone: %v, want the API's 404 NOT_FOUND", err)
	}
}

// TestRemindersWithoutPermission: a tenant who has not granted the
// permission (403), a token the API does not accept (401), and a request
// with no API at all (the try-it page) all come back as
// ErrNoReminderPermission, so the conversation asks for the permission
// rather than apologising; nothing is created.
func TestRemindersWithoutPermission(t *testing.T) {
	rem := Reminder{At: time.Date(2026, time.December, 2, 18, 0, 0, 0, time.UTC), Text: "Your coach visits tomorrow.", Locale: "en-GB"}
	ctx := context.Background()

	notGranted, srv := startRemindersAPI(t, false)
	if _, err := (Reminders{Endpoint: srv.URL, Token: notGranted.token, Client: srv.Client()}).Create(ctx, rem); !errors.Is(err, ErrNoReminderPermission) {
		t.Errorf("403: %v, want ErrNoReminderPermission", err)
	}
	granted, srv2 := startRemindersAPI(t, true)
	if _, err := (Reminders{Endpoint: srv2.URL, Token: "an-expired-token", Client: srv2.Client()}).Create(ctx, rem); !errors.Is(err, ErrNoReminderPermission) {
		t.Errorf("401: %v, want ErrNoReminderPermission", err)
	}
	if _, err := (Reminders{}).Create(ctx, rem); !errors.Is(err, ErrNoReminderPermission) {
		t.Errorf("no apiEndpoint: %v, want ErrNoReminderPermission", err)
	}
	if n := len(notGranted.held()) + len(granted.held()); n != 0 {
		t.Errorf("%d reminders created without permission", n)
	}
}

// TestRemindersFor: the client takes the endpoint and token from the
// request Alexa sent.
func TestRemindersFor(t *testing.T) {
	var req Request
	if err := json.Unmarshal([]byte(`{"context":{"System":{"apiEndpoint":"https://api.eu.amazonalexa.com","apiAccessToken":"tok"}}}`), &req); err != nil {
		t.Fatal(err)
	}
	r := RemindersFor(&req, nil)
	if r.Endpoint != "https://api.eu.amazonalexa.com" || r.Token != "tok" {
		t.Errorf("RemindersFor: %+v", r)
	}
}

// TestRemindersCreatedAs201: the reference page shows a create answered
// 201 Created; that is success too.
func TestRemindersCreatedAs201(t *testing.T) {
	api, srv := startRemindersAPI(t, true)
	api.created = http.StatusCreated
	r := Reminders{Endpoint: srv.URL, Token: api.token, Client: srv.Client()}
	token, err := r.Create(context.Background(), Reminder{At: time.Date(2026, time.December, 2, 18, 0, 0, 0, time.UTC), Text: "Your coach visits tomorrow.", Locale: "en-GB"})
	if err != nil || api.held()[token].Trigger.Type == "" {
		t.Errorf("a create answered 201: %q, %v; want the reminder held", token, err)
	}
}
