package main

// Faults: what a tenant hears when the store is slow, down or refusing
// writes, driven as real conversations (simulator-made Alexa requests
// through the Alexa handler). Two halves:
//
//   - SQLite behind a fault-injecting wrapper (faultyStore), whose chosen
//     methods fail, hang until their context ends, or slow down, switched
//     mid-conversation, through the program's own wiring (stores) with
//     small budgets.
//   - `homehelper serve -dev -store dynamodb` over a dynalite this test
//     starts itself, on disk (--path), which is killed mid-conversation and
//     restarted on the same port and folder, or frozen (SIGSTOP) and
//     thawed, with the production budgets, over HTTP.
//
// The rule every test checks: nothing is confirmed unless it was saved,
// the tenant hears the landlord's number instead, guides keep going, and
// no usage event is lost or counted twice.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/homehelper/homehelper/content"
	"github.com/homehelper/homehelper/infra/alexa"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/dynamo/dynalitetest"
	"github.com/homehelper/homehelper/infra/simulator"
	"github.com/homehelper/homehelper/infra/sqlite"
	"github.com/homehelper/homehelper/intents"
	skillpackage "github.com/homehelper/homehelper/skill-package"
)

// faultPhone is the landlord's number in these tests: not the default, so
// hearing it proves it comes from configuration.
const faultPhone = "0808 157 4242"

// The budgets the wrapper tests give the conversation: small, so a hang
// costs a test a fraction of a second, in the same proportion as the
// production 4 s and 6 s.
const (
	faultStoreBudget = 300 * time.Millisecond
	faultWriteBudget = 600 * time.Millisecond
	// faultSlack is what a loaded machine (and -race) may add to an answer
	// beyond its budget: encoding, the simulator, scheduling.
	faultSlack = 400 * time.Millisecond
)

// What a tenant must never hear unless the thing was saved.
var (
	falseRepairDone = []string{"Done", "reference", "I've reported"}
	falseBooked     = []string{"Booked", "will visit you"}
)

// ---------------------------------------------------------------------------
// The tenant: simulator-made requests through a handler, over HTTP or not.

// faultTenant plays one speaker (one device) talking to the skill.
type faultTenant struct {
	t    *testing.T
	name string
	sim  *simulator.Simulator
	conv *simulator.Conversation
	send func(ctx context.Context, body []byte) ([]byte, error)
}

// faultReply is one thing said and what came back.
type faultReply struct {
	said, heard, requestID string
	ended                  bool
	took                   time.Duration
}

func newFaultSimulator(t *testing.T) *simulator.Simulator {
	t.Helper()
	sim, err := simulator.New(skillpackage.ModelEnGB, simulator.Options{Locale: "en-GB"})
	if err != nil {
		t.Fatal(err)
	}
	return sim
}

func newFaultTenant(t *testing.T, sim *simulator.Simulator, name string, send func(context.Context, []byte) ([]byte, error)) *faultTenant {
	return &faultTenant{t: t, name: name, sim: sim, send: send,
		conv: sim.NewConversation("amzn1.ask.account.fault-"+name, "amzn1.ask.device.fault-"+name)}
}

// inProcess sends requests straight to a handler, as the try-it page does.
func inProcess(h *alexa.Handler) func(context.Context, []byte) ([]byte, error) {
	return func(ctx context.Context, body []byte) ([]byte, error) { return h.Serve(ctx, body, alexa.Options{}) }
}

// overHTTP posts requests to a running server's Alexa endpoint.
func overHTTP(url string) func(context.Context, []byte) ([]byte, error) {
	client := &http.Client{Timeout: 20 * time.Second}
	return func(ctx context.Context, body []byte) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/alexa", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, out)
		}
		return out, nil
	}
}

// say sends what the tenant says ("(launch)" opens the skill) and returns
// the reply, failing the test if no request could be made or answered.
func (ft *faultTenant) say(ctx context.Context, text string) faultReply {
	ft.t.Helper()
	var (
		req []byte
		err error
	)
	if text == "(launch)" {
		req, err = ft.sim.Launch(ft.conv)
	} else {
		req, err = ft.sim.Say(ft.conv, text)
	}
	if err != nil {
		ft.t.Fatalf("%s: %q: %v", ft.name, text, err)
	}
	var sent alexa.Request
	if err := json.Unmarshal(req, &sent); err != nil {
		ft.t.Fatal(err)
	}
	start := time.Now()
	body, err := ft.send(ctx, req)
	took := time.Since(start)
	if err != nil {
		ft.t.Fatalf("%s: %q: no answer after %v: %v", ft.name, text, took, err)
	}
	if err := ft.sim.Observe(ft.conv, body); err != nil {
		ft.t.Fatalf("%s: %q: %v", ft.name, text, err)
	}
	if more, err := ft.sim.Continue(ft.conv); err != nil || more != nil {
		ft.t.Fatalf("%s: %q: the skill delegated the dialog (%v); these tests expect it to ask itself", ft.name, text, err)
	}
	out, err := describe(req, body, ft.conv)
	if err != nil {
		ft.t.Fatal(err)
	}
	r := faultReply{said: text, heard: out.Speech, requestID: sent.Body.RequestID, ended: out.Ended, took: took}
	ft.t.Logf("%s says %q; hears after %v: %q", ft.name, text, took.Round(time.Millisecond), r.heard)
	return r
}

// never fails the test if the reply contains any of bad.
func (r faultReply) never(t *testing.T, why string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(r.heard, b) {
			t.Errorf("%s, yet after %q the tenant hears %q: %q", why, r.said, b, r.heard)
		}
	}
}

// hears fails the test unless the reply contains each of want.
func (r faultReply) hears(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.heard, w) {
			t.Errorf("after %q the tenant does not hear %q: %q", r.said, w, r.heard)
		}
	}
}

// within fails the test if the answer took longer than limit.
func (r faultReply) within(t *testing.T, limit time.Duration) {
	t.Helper()
	if r.took > limit {
		t.Errorf("after %q the answer took %v, more than %v", r.said, r.took.Round(time.Millisecond), limit)
	}
}

// ---------------------------------------------------------------------------
// SQLite behind a fault-injecting wrapper.

// faultMode is what a wrapped method does.
type faultMode int

const (
	faultOff  faultMode = iota
	faultFail           // returns an error at once, as a store that refuses writes
	faultHang           // blocks until its context ends, as a store gone quiet
	faultSlow           // waits, then does the call, unless its context ends first
	// faultLate blocks until its context ends and returns its error, but
	// then does the call anyway: a write that lands after the caller gave
	// up (SQLite's usage writer commits what was queued; a DynamoDB reply
	// can be lost after the write).
	faultLate
)

func (m faultMode) String() string {
	return [...]string{"off", "fail", "hang", "slow", "late"}[m]
}

var errInjected = errors.New("injected store fault")

// faultyStore is the embedded SQLite store with faults switchable per
// method while a conversation goes on.
type faultyStore struct {
	*sqlite.Store
	mu    sync.Mutex
	modes map[string]faultMode
	delay time.Duration // for faultSlow
	calls map[string]int
	late  sync.WaitGroup // faultLate calls still to land
}

func newFaultyStore(s *sqlite.Store) *faultyStore {
	return &faultyStore{Store: s, modes: map[string]faultMode{}, calls: map[string]int{}}
}

// set switches methods to mode.
func (f *faultyStore) set(mode faultMode, methods ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range methods {
		f.modes[m] = mode
	}
}

func (f *faultyStore) called(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// faulty runs do as method's fault mode says.
func faulty[T any](ctx context.Context, f *faultyStore, method string, do func(context.Context) (T, error)) (T, error) {
	f.mu.Lock()
	mode, delay := f.modes[method], f.delay
	f.calls[method]++
	f.mu.Unlock()
	var zero T
	switch mode {
	case faultFail:
		return zero, fmt.Errorf("%s: %w", method, errInjected)
	case faultHang:
		<-ctx.Done()
		return zero, fmt.Errorf("%s: hung: %w", method, ctx.Err())
	case faultSlow:
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return zero, fmt.Errorf("%s: slow: %w", method, ctx.Err())
		}
	case faultLate:
		<-ctx.Done()
		f.late.Add(1)
		go func() {
			defer f.late.Done()
			_, _ = do(context.WithoutCancel(ctx))
		}()
		return zero, fmt.Errorf("%s: late: %w", method, ctx.Err())
	}
	return do(ctx)
}

func (f *faultyStore) errOnly(ctx context.Context, method string, do func(context.Context) error) error {
	_, err := faulty(ctx, f, method, func(ctx context.Context) (struct{}, error) { return struct{}{}, do(ctx) })
	return err
}

func (f *faultyStore) HouseholdForSpeaker(ctx context.Context, speakerID string) (intents.Household, error) {
	return faulty(ctx, f, "HouseholdForSpeaker", func(ctx context.Context) (intents.Household, error) {
		return f.Store.HouseholdForSpeaker(ctx, speakerID)
	})
}

func (f *faultyStore) TouchHousehold(ctx context.Context, id string, at time.Time) error {
	return f.errOnly(ctx, "TouchHousehold", func(ctx context.Context) error { return f.Store.TouchHousehold(ctx, id, at) })
}

func (f *faultyStore) SaveRepair(ctx context.Context, r intents.Repair) error {
	return f.errOnly(ctx, "SaveRepair", func(ctx context.Context) error { return f.Store.SaveRepair(ctx, r) })
}

func (f *faultyStore) OpenRepairs(ctx context.Context, householdID string) ([]intents.Repair, error) {
	return faulty(ctx, f, "OpenRepairs", func(ctx context.Context) ([]intents.Repair, error) {
		return f.Store.OpenRepairs(ctx, householdID)
	})
}

func (f *faultyStore) Book(ctx context.Context, b intents.Booking) error {
	return f.errOnly(ctx, "Book", func(ctx context.Context) error { return f.Store.Book(ctx, b) })
}

func (f *faultyStore) ActiveBooking(ctx context.Context, householdID string, now time.Time) (intents.Booking, error) {
	return faulty(ctx, f, "ActiveBooking", func(ctx context.Context) (intents.Booking, error) {
		return f.Store.ActiveBooking(ctx, householdID, now)
	})
}

func (f *faultyStore) FreeSlots(ctx context.Context, coachID string, from, to time.Time, limit int) ([]intents.CoachSlot, error) {
	return faulty(ctx, f, "FreeSlots", func(ctx context.Context) ([]intents.CoachSlot, error) {
		return f.Store.FreeSlots(ctx, coachID, from, to, limit)
	})
}

func (f *faultyStore) CancelBooking(ctx context.Context, bookingID string, at time.Time) error {
	return f.errOnly(ctx, "CancelBooking", func(ctx context.Context) error { return f.Store.CancelBooking(ctx, bookingID, at) })
}

func (f *faultyStore) GuideProgress(ctx context.Context, speakerID string) (intents.GuideProgress, error) {
	return faulty(ctx, f, "GuideProgress", func(ctx context.Context) (intents.GuideProgress, error) {
		return f.Store.GuideProgress(ctx, speakerID)
	})
}

func (f *faultyStore) SaveGuideProgress(ctx context.Context, speakerID string, p intents.GuideProgress) error {
	return f.errOnly(ctx, "SaveGuideProgress", func(ctx context.Context) error { return f.Store.SaveGuideProgress(ctx, speakerID, p) })
}

func (f *faultyStore) ClearGuideProgress(ctx context.Context, speakerID string) error {
	return f.errOnly(ctx, "ClearGuideProgress", func(ctx context.Context) error { return f.Store.ClearGuideProgress(ctx, speakerID) })
}

func (f *faultyStore) MarkFeedbackAsked(ctx context.Context, householdID string, at time.Time) error {
	return f.errOnly(ctx, "MarkFeedbackAsked", func(ctx context.Context) error { return f.Store.MarkFeedbackAsked(ctx, householdID, at) })
}

func (f *faultyStore) RecordUsage(ctx context.Context, e intents.UsageEvent) error {
	return f.errOnly(ctx, "RecordUsage", func(ctx context.Context) error { return f.Store.RecordUsage(ctx, e) })
}

// The writes a repair or a booking needs; the guide's own writes are the
// progress ones.
var (
	repairAndBookingWrites = []string{"SaveRepair", "Book", "CancelBooking"}
	progressWrites         = []string{"SaveGuideProgress", "ClearGuideProgress"}
)

// faultApp is the program's SQLite wiring with the store wrapped.
type faultApp struct {
	*app
	faults *faultyStore
	sqlite *sqlite.Store
	sim    *simulator.Simulator
	logs   *syncBuffer
}

// newFaultApp opens the data folder as serve does (seeded coach slots, the
// pseudonym key), then rebuilds the skill over the wrapped store with the
// test's budgets and landlord phone.
func newFaultApp(t *testing.T) *faultApp {
	t.Helper()
	hermeticSettings(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := openSkill(t.Context(), appOptions{storage: storage{data: t.TempDir(), kind: "sqlite"}, landlordPhone: faultPhone}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	s, ok := a.store.(*sqlite.Store)
	if !ok {
		t.Fatalf("the default store is %T, not *sqlite.Store", a.store)
	}
	fs := newFaultyStore(s)
	guides, err := intents.LoadGuides(content.Guides())
	if err != nil {
		t.Fatal(err)
	}
	a.cfg.StoreBudget, a.cfg.WriteBudget = faultStoreBudget, faultWriteBudget
	a.skill = intents.New(stores(fs), guides, a.cfg, intents.WithLogger(log))
	a.handler = alexa.NewHandler(a.skill, a.pseudo, "", log)
	fa := &faultApp{app: a, faults: fs, sqlite: s, sim: newFaultSimulator(t), logs: logs}
	t.Cleanup(func() {
		fs.late.Wait()
		if t.Failed() {
			t.Logf("the skill's warnings and errors:\n%s", logs.String())
		}
	})
	return fa
}

// linkedTenant enrols a household and links a new speaker to it through
// the conversation, with no faults on.
func (fa *faultApp) linkedTenant(t *testing.T, name string) (*faultTenant, intents.Household) {
	t.Helper()
	h, err := intents.Enrol(t.Context(), fa.sqlite, fa.pseudo, intents.Enrolling{Ref: "HH-FAULT-" + name}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ft := newFaultTenant(t, fa.sim, name, inProcess(fa.handler))
	ft.say(t.Context(), "(launch)")
	ft.say(t.Context(), "my code is "+h.LinkCode).hears(t, "This speaker is now linked to your home")
	return ft, h
}

// toReadBack takes a linked tenant to "Shall I report it?" for a leak.
func toReadBack(t *testing.T, ft *faultTenant) {
	t.Helper()
	ft.say(t.Context(), "report a leak in the kitchen").hears(t, "So that's a leak, in the kitchen.", "Shall I report it?")
}

// budget is what the tenant may wait for an answer: the usage write's
// deadline, and the machine's slack.
func budget() time.Duration { return faultWriteBudget + faultSlack }

func TestFaultsSQLiteRepairIsNeverFalselyDone(t *testing.T) {
	for _, mode := range []faultMode{faultFail, faultHang} {
		t.Run(mode.String(), func(t *testing.T) {
			fa := newFaultApp(t)
			ft, h := fa.linkedTenant(t, "repair-"+mode.String())
			toReadBack(t, ft)

			fa.faults.set(mode, "SaveRepair")
			r := ft.say(t.Context(), "yes")
			r.never(t, "the repair was not saved", falseRepairDone...)
			r.hears(t, "couldn't save your repair", "has not been reported", "call us on "+faultPhone)
			r.within(t, budget())
			if r.ended {
				t.Errorf("the session ended after a failed save; the tenant should be asked what else")
			}
			if fa.faults.called("SaveRepair") == 0 {
				t.Fatal("SaveRepair was never called: the test did not test the fault")
			}
			if open, err := fa.sqlite.OpenRepairs(t.Context(), h.ID); err != nil || len(open) != 0 {
				t.Errorf("repairs stored after a failed save: %+v (%v)", open, err)
			}

			// The store recovers: the same tenant reports it again and
			// hears a reference that is really stored.
			fa.faults.set(faultOff, "SaveRepair")
			toReadBack(t, ft)
			ft.say(t.Context(), "yes").hears(t, "Done.", "Your reference is")
			if open, err := fa.sqlite.OpenRepairs(t.Context(), h.ID); err != nil || len(open) != 1 {
				t.Errorf("after recovery, open repairs %+v (%v), want the one reported", open, err)
			}
		})
	}
}

// TestFaultsSQLiteSlowRepairInTime: a store that is slow but answers
// inside the budget still saves, and the tenant hears the reference.
func TestFaultsSQLiteSlowRepairInTime(t *testing.T) {
	fa := newFaultApp(t)
	ft, h := fa.linkedTenant(t, "repair-slow")
	toReadBack(t, ft)
	fa.faults.mu.Lock()
	fa.faults.delay = faultStoreBudget / 4 // twice in the budget: the lookup, then the save
	fa.faults.mu.Unlock()
	fa.faults.set(faultSlow, "SaveRepair", "HouseholdForSpeaker", "RecordUsage")
	r := ft.say(t.Context(), "yes")
	r.hears(t, "Done.", "Your reference is")
	r.within(t, budget())
	open, err := fa.sqlite.OpenRepairs(t.Context(), h.ID)
	if err != nil || len(open) != 1 || !strings.Contains(r.heard, open[0].Ref) {
		t.Errorf("open repairs %+v (%v); the tenant heard %q", open, err, r.heard)
	}
}

func TestFaultsSQLiteBookingIsNeverFalselyBooked(t *testing.T) {
	for _, mode := range []faultMode{faultFail, faultHang} {
		t.Run(mode.String(), func(t *testing.T) {
			fa := newFaultApp(t)
			ft, h := fa.linkedTenant(t, "book-"+mode.String())
			ft.say(t.Context(), "book a visit").hears(t, "The next visit I can book is with", "Shall I book it?")

			fa.faults.set(mode, "Book")
			r := ft.say(t.Context(), "yes")
			r.never(t, "nothing was booked", falseBooked...)
			r.hears(t, "couldn't book that", "nothing has been booked", "call us on "+faultPhone)
			r.within(t, budget())
			if _, err := fa.sqlite.ActiveBooking(t.Context(), h.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) {
				t.Errorf("after a failed booking, ActiveBooking: %v, want not found", err)
			}

			// Reads still work, so the tenant can check, and is told the truth.
			ft.say(t.Context(), "when is my coach coming").hears(t, "You don't have a visit booked")
		})
	}
}

// TestFaultsSQLiteGuideKeepsWorking: a guide is content, not data. While
// repair and booking writes fail, a guide goes on; its place is kept while
// progress writes work, and a failing or hanging progress write only costs
// "carry on next time", never the next step.
func TestFaultsSQLiteGuideKeepsWorking(t *testing.T) {
	fa := newFaultApp(t)
	ft, _ := fa.linkedTenant(t, "guide")
	speaker := fa.pseudo.Of("speaker", ft.conv.DeviceID)
	fa.faults.set(faultFail, repairAndBookingWrites...)

	ft.say(t.Context(), "how do I bleed a radiator").hears(t, "I can talk you through bleeding a radiator", "Step 1 of")
	ft.say(t.Context(), "next step").hears(t, "Step 2 of")
	place := func() int {
		t.Helper()
		p, err := fa.sqlite.GuideProgress(t.Context(), speaker)
		if err != nil {
			t.Fatalf("guide progress: %v", err)
		}
		return p.Step
	}
	if got := place(); got != 1 {
		t.Errorf("place kept at step index %d, want 1 (step 2) while progress writes work", got)
	}

	for i, mode := range []faultMode{faultFail, faultHang, faultSlow} {
		fa.faults.mu.Lock()
		fa.faults.delay = faultStoreBudget / 3 // slow, but inside the budget: it lands
		fa.faults.mu.Unlock()
		fa.faults.set(mode, progressWrites...)
		r := ft.say(t.Context(), "next step")
		r.hears(t, fmt.Sprintf("Step %d of", i+3))
		r.within(t, budget())
		want := 1 // the place from before the progress writes failed
		if mode == faultSlow {
			want = i + 2
		}
		if got := place(); got != want {
			t.Errorf("progress writes %s: place kept at step index %d, want %d", mode, got, want)
		}
	}
	fa.faults.set(faultOff, progressWrites...)
	ft.say(t.Context(), "next step").hears(t, "Step 6 of")
	if got := place(); got != 5 {
		t.Errorf("progress writes back: place kept at step index %d, want 5", got)
	}
}

// TestFaultsSQLiteLeavingAGuideDoesNotPromiseAnUnsavedPlace: "I'll keep
// your place" must be true.
func TestFaultsSQLiteLeavingAGuideDoesNotPromiseAnUnsavedPlace(t *testing.T) {
	for _, leave := range []string{"stop", "no"} {
		t.Run(leave, func(t *testing.T) {
			fa := newFaultApp(t)
			ft, _ := fa.linkedTenant(t, "leave-"+leave)
			speaker := fa.pseudo.Of("speaker", ft.conv.DeviceID)
			ft.say(t.Context(), "how do I bleed a radiator").hears(t, "Step 1 of")
			if leave == "no" {
				// "Ready for the next step?" "No." "Shall I say that step again?" "No." leaves.
				ft.say(t.Context(), "no").hears(t, "Shall I say that step again?")
			}
			fa.faults.set(faultFail, progressWrites...)
			// Clear what step 1 saved, so "kept" can only mean this write.
			if err := fa.sqlite.ClearGuideProgress(t.Context(), speaker); err != nil {
				t.Fatal(err)
			}
			r := ft.say(t.Context(), leave)
			if _, err := fa.sqlite.GuideProgress(t.Context(), speaker); !errors.Is(err, intents.ErrNotFound) {
				t.Fatalf("progress: %v; the wrapper let the write through", err)
			}
			r.never(t, "the guide's place was not saved", "keep your place")
		})
	}
}

// TestFaultsSQLiteUsageIsKeptAndWrittenOnce: while usage writes fail, hang
// or land late, the tenant's answers still come within the budget, the
// events wait in the backlog, and once the store recovers the next request
// writes them all, each once.
func TestFaultsSQLiteUsageIsKeptAndWrittenOnce(t *testing.T) {
	fa := newFaultApp(t)
	ft, _ := fa.linkedTenant(t, "usage")
	from := time.Now().Add(-time.Minute)
	var sent []string
	for _, mode := range []faultMode{faultFail, faultHang, faultLate} {
		fa.faults.set(mode, "RecordUsage")
		for _, text := range []string{"help", "how do I bleed a radiator", "next step"} {
			r := ft.say(t.Context(), text)
			if r.heard == "" || r.ended {
				t.Errorf("usage writes %s: %q got %q (ended %v)", mode, text, r.heard, r.ended)
			}
			r.within(t, budget())
			sent = append(sent, r.requestID)
		}
		if got := fa.skill.UsageBacklog(); got != len(sent) {
			t.Errorf("usage writes %s: backlog %d, want %d (every event kept)", mode, got, len(sent))
		}
	}
	fa.faults.late.Wait() // the late writes have landed: the retry must not add them again

	fa.faults.set(faultOff, "RecordUsage")
	last := ft.say(t.Context(), "help")
	sent = append(sent, last.requestID)
	if got := fa.skill.UsageBacklog(); got != 0 {
		t.Errorf("backlog %d after the store recovered, want 0", got)
	}
	evs, err := fa.sqlite.UsageEvents(t.Context(), from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	checkEachOnce(t, evs, sent)
}

// checkEachOnce fails the test unless every id in sent has exactly one
// event in evs.
func checkEachOnce(t *testing.T, evs []intents.UsageEvent, sent []string) {
	t.Helper()
	count := map[string]int{}
	for _, e := range evs {
		count[e.RequestID]++
	}
	for _, id := range sent {
		if count[id] != 1 {
			t.Errorf("request %s has %d usage events, want exactly 1", id, count[id])
		}
	}
}

// TestFaultsSQLiteEverythingDown: every call fails, reads included, as a
// file pulled out from under the server. The tenant hears honest answers
// for every task, guides still start, and nothing is falsely done.
func TestFaultsSQLiteEverythingDown(t *testing.T) {
	fa := newFaultApp(t)
	ft, _ := fa.linkedTenant(t, "down")
	toReadBack(t, ft)
	from := time.Now().Add(-time.Minute)
	all := []string{"HouseholdForSpeaker", "TouchHousehold", "SaveRepair", "OpenRepairs", "Book", "ActiveBooking",
		"FreeSlots", "CancelBooking", "GuideProgress", "SaveGuideProgress", "ClearGuideProgress", "MarkFeedbackAsked", "RecordUsage"}
	var sent []string
	for _, mode := range []faultMode{faultFail, faultHang} {
		fa.faults.set(mode, all...)
		var outage []string
		say := func(text string) faultReply {
			t.Helper()
			r := ft.say(t.Context(), text)
			r.within(t, budget())
			outage = append(outage, r.requestID)
			return r
		}
		r := say("yes")
		r.never(t, "nothing could be saved", falseRepairDone...)
		r.hears(t, "call us on "+faultPhone)

		r = say("book a visit")
		r.never(t, "nothing could be booked", falseBooked...)
		r.hears(t, "call us on "+faultPhone)

		say("what's happening with my repairs").hears(t, "call us on "+faultPhone)
		say("how do I bleed a radiator").hears(t, "Step 1 of")
		say("next step").hears(t, "Step 2 of")

		if n := fa.skill.UsageBacklog(); n != len(outage) {
			t.Errorf("store %s: usage backlog %d, want %d (every event kept)", mode, n, len(outage))
		}
		fa.faults.set(faultOff, all...)
		r = ft.say(t.Context(), "report a leak in the kitchen")
		r.hears(t, "Shall I report it?")
		if n := fa.skill.UsageBacklog(); n != 0 {
			t.Errorf("store back: usage backlog %d, want 0", n)
		}
		sent = append(append(sent, outage...), r.requestID)
	}
	evs, err := fa.sqlite.UsageEvents(t.Context(), from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	checkEachOnce(t, evs, sent)
}

// faultSkipOrFail skips a test that needs node and dynalite when they are
// missing, or fails it when CI is set, where a silent skip would hide that
// it never ran.
func faultSkipOrFail(t *testing.T, missing string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set, so this test must run, but %s", missing)
	}
	t.Skipf("SKIPPING: %s. (With CI set this fails instead.)", missing)
}

// ---------------------------------------------------------------------------
// dynalite frozen under `homehelper serve -store dynamodb` (and, with
// dynamoOutage, DynamoDB stopped and restarted).

// dynaliteProc is a dynalite this test starts, keeping its tables on disk
// (--path), and can freeze and thaw: a DynamoDB endpoint that stops
// answering and then goes on. (A tenant's change, a transaction, fails on
// dynalite, which the frozen test's changes do anyway; dynamoOutage, on
// moto_server, is the endpoint that goes away and comes back.)
type dynaliteProc struct {
	t         *testing.T
	node, cli string
	dir       string
	port      int
	cmd       *exec.Cmd
	exited    chan error
}

// newDynaliteProc finds node and dynalite (skipping without them, failing
// in CI) and picks a port and a data folder; start starts it.
func newDynaliteProc(t *testing.T) *dynaliteProc {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		faultSkipOrFail(t, "node is not on PATH")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(root, "node_modules", "dynalite", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		faultSkipOrFail(t, "dynalite is not installed (run `npm ci` in "+root+")")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	d := &dynaliteProc{t: t, node: node, cli: cli, dir: t.TempDir(), port: port}
	t.Cleanup(d.kill)
	return d
}

func (d *dynaliteProc) endpoint() string { return fmt.Sprintf("http://127.0.0.1:%d", d.port) }

// start runs dynalite and returns once it is listening.
func (d *dynaliteProc) start() {
	d.t.Helper()
	// With dynalitetest's guard: a request the server's own freeze made a
	// client abandon must not end it.
	guard := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(d.cli))), "infra", "dynamo", "dynalitetest", "survive-aborts.js")
	cmd := exec.Command(d.node, "-r", guard, d.cli, "--host", "127.0.0.1", "--port", strconv.Itoa(d.port),
		"--path", d.dir, "--createTableMs", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		d.t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	exited := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening at") {
				close(ready)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	d.cmd, d.exited = cmd, exited
	select {
	case <-ready:
	case err := <-exited:
		d.cmd = nil
		d.t.Fatalf("dynalite on port %d exited before listening (%v): %s", d.port, err, stderr.String())
	case <-time.After(20 * time.Second):
		d.kill()
		d.t.Fatalf("dynalite on port %d not listening after 20s: %s", d.port, stderr.String())
	}
}

// kill stops this test's dynalite, if running, and reaps it.
func (d *dynaliteProc) kill() {
	if d.cmd == nil {
		return
	}
	_ = d.cmd.Process.Kill()
	<-d.exited
	d.cmd = nil
}

// dynamoEnv points the default AWS configuration chain, which serve
// loads for -store dynamodb, at endpoint (dynalite or moto_server) and at nothing else (as
// startDynalite does for dynalitetest's dynalite).
func dynamoEnv(t *testing.T, endpoint string) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", dynalitetest.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", "homehelper-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "homehelper-test")
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
}

// healthBacklog reads usage_backlog from serve's /healthz.
func healthBacklog(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "usage_backlog "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("/healthz: %q", line)
			}
			return n
		}
	}
	t.Fatalf("/healthz has no usage_backlog:\n%s", b)
	return 0
}

// productionBudget is what a tenant may wait while DynamoDB is away: the
// usage write's deadline (Config.WriteBudget, 6 s), with slack for a
// loaded machine; Alexa gives up at about 8 s.
var productionBudget = intents.DefaultConfig().WriteBudget + time.Second

// downAnswer is how long a tenant may wait when DynamoDB refuses
// connections outright: nothing is slow, so nothing should take most of
// Alexa's 8 seconds.
const downAnswer = 5 * time.Second

// TestFaultsDynamoStoppedAndRestarted: serve runs over moto_server; two
// tenants are mid-conversation (one at a repair's read-back, one in a
// guide) when DynamoDB goes away (dynamoOutage cuts every connection). The
// repair is not confirmed, the guide goes on, every answer comes inside the
// budget, and once DynamoDB is back on the same port with its data the next
// request writes every usage event of the outage, each once, and a repair
// is saved again.
func TestFaultsDynamoStoppedAndRestarted(t *testing.T) {
	hermeticSettings(t)
	t.Setenv("HOMEHELPER_LANDLORD_PHONE", faultPhone)
	d := newDynamoOutage(t)
	d.start()
	dynamoEnv(t, d.endpoint())
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	tables := uniqueTables()
	be := &e2eBackend{kind: "dynamodb", flags: dynamoFlags(tables)}
	runOK(ctx, t, append([]string{"dynamo", "init"}, be.flags...)...)
	dir := t.TempDir()
	codeGuide := enrol(ctx, t, be, dir, "HH-FAULT-DYN-G")
	codeRepair := enrol(ctx, t, be, dir, "HH-FAULT-DYN-R")
	srv := startServe(ctx, t, be, dir)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", srv.stderr.String())
		}
	})
	from := time.Now().Add(-time.Minute)

	sim := newFaultSimulator(t)
	var sent []string
	talk := func(ft *faultTenant, text string) faultReply {
		t.Helper()
		r := ft.say(ctx, text)
		sent = append(sent, r.requestID)
		return r
	}
	guide := newFaultTenant(t, sim, "guide", overHTTP(srv.url))
	talk(guide, "(launch)")
	talk(guide, "my code is "+codeGuide).hears(t, "This speaker is now linked to your home")
	talk(guide, "how do I bleed a radiator").hears(t, "Step 1 of")
	talk(guide, "next step").hears(t, "Step 2 of")
	tenant := newFaultTenant(t, sim, "repair", overHTTP(srv.url))
	talk(tenant, "(launch)")
	talk(tenant, "my code is "+codeRepair).hears(t, "This speaker is now linked to your home")
	talk(tenant, "report a leak in the kitchen").hears(t, "So that's a leak, in the kitchen.", "Shall I report it?")

	// Pull the database out.
	d.kill()
	var outage []string
	down := func(ft *faultTenant, text string) faultReply {
		t.Helper()
		r := talk(ft, text)
		outage = append(outage, r.requestID)
		r.within(t, productionBudget)
		if r.took > downAnswer {
			t.Errorf("with DynamoDB refusing connections, %q was answered after %v, past %v: the SDK's retries "+
				"and backoff hold each store call, and the usage write, to its deadline",
				text, r.took.Round(time.Millisecond), downAnswer)
		}
		return r
	}
	r := down(tenant, "yes")
	r.never(t, "DynamoDB was down: nothing can have been saved", falseRepairDone...)
	r.hears(t, "call us on "+faultPhone)
	if r.ended {
		t.Errorf("the session ended after a failed save")
	}
	down(guide, "next step").hears(t, "Step 3 of")
	down(guide, "next step").hears(t, "Step 4 of")
	r = down(tenant, "book a visit")
	r.never(t, "DynamoDB was down: nothing can have been booked", falseBooked...)
	r.hears(t, "call us on "+faultPhone)
	if n := healthBacklog(t, srv.url); n != len(outage) {
		t.Errorf("while DynamoDB is away /healthz says usage_backlog %d, want %d (each event of the outage kept)", n, len(outage))
	}

	// Put it back, on the same port and folder: the tables and what was
	// in them are still there.
	d.start()
	talk(tenant, "report a leak in the kitchen").hears(t, "So that's a leak, in the kitchen.", "Shall I report it?")
	if n := healthBacklog(t, srv.url); n != 0 {
		t.Errorf("after DynamoDB came back and a request succeeded, usage_backlog %d, want 0", n)
	}
	talk(tenant, "yes").hears(t, "Done.", "Your reference is")
	talk(guide, "next step").hears(t, "Step 5 of")

	view := dynamo.New(d.client(), tables)
	evs, err := view.UsageEvents(ctx, from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	checkEachOnce(t, evs, sent)
	if len(evs) != len(sent) {
		t.Errorf("%d usage events for %d requests", len(evs), len(sent))
	}
	hhs, err := view.ListHouseholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hhs {
		open, err := view.OpenRepairs(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if h.Ref == "HH-FAULT-DYN-R" {
			want = 1 // the one reported after the restart
		}
		if len(open) != want {
			t.Errorf("household %s has %d open repairs, want %d: %+v", h.Ref, len(open), want, open)
		}
		if _, err := view.ActiveBooking(ctx, h.ID, time.Now()); !errors.Is(err, intents.ErrNotFound) {
			t.Errorf("household %s: active booking %v, want none", h.Ref, err)
		}
	}
}

// freeze stops this test's dynalite without killing it (SIGSTOP): the port
// still accepts connections, but nothing answers, as a DynamoDB endpoint
// whose network has gone quiet. thaw (SIGCONT) lets it go on with what it
// had received.
func (d *dynaliteProc) freeze() {
	d.t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		d.t.Fatal(err)
	}
}

func (d *dynaliteProc) thaw() {
	d.t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		d.t.Fatal(err)
	}
}

// TestFaultsDynaliteFrozen: dynalite stops answering (but still accepts
// connections) while a tenant confirms a repair and another follows a
// guide. Every answer comes within the production budget and none is a
// false "done"; once it answers again, every usage event is written once.
func TestFaultsDynaliteFrozen(t *testing.T) {
	hermeticSettings(t)
	t.Setenv("HOMEHELPER_LANDLORD_PHONE", faultPhone)
	d := newDynaliteProc(t)
	d.start()
	dynamoEnv(t, d.endpoint())
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	tables := uniqueTables()
	be := &e2eBackend{kind: "dynamodb", flags: dynamoFlags(tables)}
	runOK(ctx, t, append([]string{"dynamo", "init"}, be.flags...)...)
	dir := t.TempDir()
	codeGuide := enrol(ctx, t, be, dir, "HH-FAULT-FRZ-G")
	codeRepair := enrol(ctx, t, be, dir, "HH-FAULT-FRZ-R")
	// Linked before serve starts, outside a conversation: a tenant's link
	// is a transaction with its request's claim, which dynalite lacks.
	linkFaultTenant(ctx, t, dynamo.New(dynalitetest.Client(t, d.endpoint()), tables), dir, codeGuide, "guide")
	linkFaultTenant(ctx, t, dynamo.New(dynalitetest.Client(t, d.endpoint()), tables), dir, codeRepair, "repair")
	srv := startServe(ctx, t, be, dir)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", srv.stderr.String())
		}
	})
	from := time.Now().Add(-time.Minute)

	sim := newFaultSimulator(t)
	var sent []string
	talk := func(ft *faultTenant, text string) faultReply {
		t.Helper()
		r := ft.say(ctx, text)
		sent = append(sent, r.requestID)
		return r
	}
	guide := newFaultTenant(t, sim, "guide", overHTTP(srv.url))
	talk(guide, "(launch)")
	talk(guide, "how do I bleed a radiator").hears(t, "Step 1 of")
	tenant := newFaultTenant(t, sim, "repair", overHTTP(srv.url))
	talk(tenant, "(launch)")
	talk(tenant, "report a leak in the kitchen").hears(t, "Shall I report it?")

	d.freeze()
	r := talk(tenant, "yes")
	r.never(t, "DynamoDB was not answering", falseRepairDone...)
	r.hears(t, "call us on "+faultPhone)
	r.within(t, productionBudget)
	r = talk(guide, "next step")
	r.hears(t, "Step 2 of")
	r.within(t, productionBudget)
	if n := healthBacklog(t, srv.url); n != 2 {
		t.Errorf("usage_backlog %d while frozen, want 2", n)
	}

	d.thaw()
	talk(guide, "next step").hears(t, "Step 3 of")
	if n := healthBacklog(t, srv.url); n != 0 {
		t.Errorf("usage_backlog %d after thawing, want 0", n)
	}
	view := dynamo.New(dynalitetest.Client(t, d.endpoint()), tables)
	evs, err := view.UsageEvents(ctx, from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	checkEachOnce(t, evs, sent)
	if len(evs) != len(sent) {
		t.Errorf("%d usage events for %d requests", len(evs), len(sent))
	}
	// What the frozen endpoint did with the write it had been sent: the
	// tenant was told it was not reported.
	hhs, err := view.ListHouseholds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hhs {
		if h.Ref != "HH-FAULT-FRZ-R" {
			continue
		}
		open, err := view.OpenRepairs(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("after thawing, the household told \"not reported\" has %d open repairs: %+v", len(open), open)
	}
}

// linkFaultTenant links the fault tenant name's speaker (newFaultTenant's
// device, under the data folder's pseudonym key) with code, outside any
// conversation.
func linkFaultTenant(ctx context.Context, t *testing.T, s *dynamo.Store, dir, code, name string) {
	t.Helper()
	key, err := pseudonymKey(dir, newLogger(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	p, err := intents.NewPseudonyms(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkSpeaker(ctx, code, p.Of("speaker", "amzn1.ask.device.fault-"+name), time.Now()); err != nil {
		t.Fatalf("linking the %s tenant: %v", name, err)
	}
}
