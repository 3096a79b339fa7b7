package alexa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// The Alexa Reminders API, as Amazon's reference describes it: a skill
// creates, moves and deletes reminders on the tenant's device with the
// request's apiEndpoint and apiAccessToken (context.System), once the tenant
// has granted the alexa::alerts:reminders:skill:readwrite permission.
// Alexa then speaks the reminder at its time even when the skill is not
// open.

// ReminderPermission is the permission scope reminders need, in skill.json
// and in the permission request a skill sends when it is missing.
const ReminderPermission = intents.ReminderScope

// ErrNoReminderPermission is the API's 401 or 403: the tenant has not
// granted ReminderPermission (or has withdrawn it). Ask for it by voice or
// with a consent card, and say so kindly; nothing is wrong.
var ErrNoReminderPermission = intents.ErrNoReminderPermission

// ReminderTimeZone is where the pilot's tenants are: reminders are set in
// UK local time, so the clock change cannot move one by an hour. A binary
// that sets reminders needs the zone database: Lambda's provided.al2023
// has none, so its main imports time/tzdata, as functions/notify does.
const ReminderTimeZone = "Europe/London"

// Reminder is one reminder: what Alexa says, in which locale, and when.
type Reminder struct {
	At     time.Time
	Text   string
	Locale string // en-GB
}

// Reminders calls the Reminders API for one request. Its zero Client is
// http.DefaultClient; give one with a timeout that fits the request's
// remaining time.
type Reminders struct {
	Endpoint string // context.System.apiEndpoint, e.g. https://api.eu.amazonalexa.com
	Token    string // context.System.apiAccessToken
	Client   *http.Client
	Now      func() time.Time
}

// RemindersFor is the Reminders API for request r.
func RemindersFor(r *Request, client *http.Client) Reminders {
	return Reminders{Endpoint: r.Context.System.APIEndpoint, Token: r.Context.accessToken(), Client: client}
}

// reminderBody is the request body Amazon documents for a one-off
// (SCHEDULED_ABSOLUTE) reminder.
type reminderBody struct {
	RequestTime      string           `json:"requestTime"`
	Trigger          reminderTrigger  `json:"trigger"`
	AlertInfo        reminderAlert    `json:"alertInfo"`
	PushNotification reminderPushInfo `json:"pushNotification"`
}

type reminderTrigger struct {
	Type          string `json:"type"`          // SCHEDULED_ABSOLUTE
	ScheduledTime string `json:"scheduledTime"` // local time in TimeZoneID, no offset
	TimeZoneID    string `json:"timeZoneId"`
}

type reminderAlert struct {
	SpokenInfo struct {
		Content []reminderContent `json:"content"`
	} `json:"spokenInfo"`
}

type reminderContent struct {
	Locale string `json:"locale"`
	Text   string `json:"text"`
}

type reminderPushInfo struct {
	Status string `json:"status"` // ENABLED: the Alexa app shows it too
}

// localLayout is the API's time format: ISO 8601 local time, milliseconds,
// no offset (the zone is timeZoneId).
const localLayout = "2006-01-02T15:04:05.000"

func (r Reminders) body(rem Reminder) ([]byte, error) {
	loc, err := time.LoadLocation(ReminderTimeZone)
	if err != nil {
		return nil, fmt.Errorf("alexa: reminders: %w", err)
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	if rem.Text == "" || rem.Locale == "" || rem.At.IsZero() {
		return nil, errors.New("alexa: reminders: a reminder needs a time, words and a locale")
	}
	b := reminderBody{
		RequestTime:      now().In(loc).Format(localLayout),
		Trigger:          reminderTrigger{Type: "SCHEDULED_ABSOLUTE", ScheduledTime: rem.At.In(loc).Format(localLayout), TimeZoneID: ReminderTimeZone},
		PushNotification: reminderPushInfo{Status: "ENABLED"},
	}
	b.AlertInfo.SpokenInfo.Content = []reminderContent{{Locale: rem.Locale, Text: rem.Text}}
	return json.Marshal(b)
}

// Create sets a reminder and returns its alertToken, which Update and
// Delete need.
func (r Reminders) Create(ctx context.Context, rem Reminder) (alertToken string, err error) {
	body, err := r.body(rem)
	if err != nil {
		return "", err
	}
	var out struct {
		AlertToken string `json:"alertToken"`
	}
	if err := r.call(ctx, http.MethodPost, "", body, &out); err != nil {
		return "", err
	}
	if out.AlertToken == "" {
		return "", errors.New("alexa: reminders: created, but no alertToken in the answer")
	}
	return out.AlertToken, nil
}

// Update moves reminder alertToken to rem (a rebooked visit).
func (r Reminders) Update(ctx context.Context, alertToken string, rem Reminder) error {
	body, err := r.body(rem)
	if err != nil {
		return err
	}
	return r.call(ctx, http.MethodPut, alertToken, body, nil)
}

// Delete removes reminder alertToken (a cancelled visit). A reminder that
// is already gone (the tenant deleted it, or it has passed) is not an
// error.
func (r Reminders) Delete(ctx context.Context, alertToken string) error {
	err := r.call(ctx, http.MethodDelete, alertToken, nil, nil)
	var apiErr *ReminderError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		return nil
	}
	return err
}

// ReminderError is an answer from the Reminders API other than success or
// a missing permission: its status and Amazon's code (INVALID_ALERT_INFO,
// MAX_REMINDERS_EXCEEDED…).
type ReminderError struct {
	Status int
	Code   string
}

func (e *ReminderError) Error() string {
	return fmt.Sprintf("alexa: reminders: %d %s", e.Status, e.Code)
}

// call makes one API request. Any 2xx is success: Amazon's SDK models list
// 200 for a create where its reference page shows 201, and either means
// the reminder is set.
func (r Reminders) call(ctx context.Context, method, alertToken string, body []byte, out any) error {
	if r.Endpoint == "" || r.Token == "" {
		// A request from a device without the API (the try-it page)
		// cannot set reminders; treat it as no permission.
		return ErrNoReminderPermission
	}
	u := strings.TrimRight(r.Endpoint, "/") + "/v1/alerts/reminders"
	if alertToken != "" {
		u += "/" + url.PathEscape(alertToken)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("alexa: reminders: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := r.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("alexa: reminders: %s: %w", method, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return ErrNoReminderPermission
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		var e struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(data, &e)
		return &ReminderError{Status: resp.StatusCode, Code: e.Code}
	case out != nil:
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("alexa: reminders: answer: %w", err)
		}
	}
	return nil
}

// NewReminderClient is the HTTP client for the Reminders API on the
// request path: a reminder that cannot be set in two seconds is reported
// as not set, and the tenant still hears an answer in time.
func NewReminderClient() *http.Client { return &http.Client{Timeout: 2 * time.Second} }

// visitReminders is the conversation's port onto the Reminders API for one
// request.
// request. It keeps the request's context, not a Reminders, so the token
// is copied out of the body only by a turn that sets or deletes a
// reminder, which it does before Serve returns.
type visitReminders struct {
	sys    Context
	client *http.Client
	locale string
}

func (v visitReminders) api() Reminders {
	return Reminders{Endpoint: v.sys.System.APIEndpoint, Token: v.sys.accessToken(), Client: v.client}
}

func (v visitReminders) CreateReminder(ctx context.Context, at time.Time, text string) (string, error) {
	return v.api().Create(ctx, Reminder{At: at, Text: text, Locale: v.locale})
}

func (v visitReminders) DeleteReminder(ctx context.Context, id string) error {
	return v.api().Delete(ctx, id)
}
