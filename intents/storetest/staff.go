package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/homehelper/homehelper/intents"
)

// StaffStore is a Store with what staff and privacy need: trial dates,
// feedback timing, erasure, the repair queue and coach availability.
type StaffStore interface {
	Store
	intents.TrialDates
	intents.FeedbackMarker
	intents.Eraser
	intents.SpeakerEraser
	intents.RepairQueue
	intents.Availability
	intents.LandlordFigures
	intents.AccountSpeakers
	intents.BookingReminders
	intents.HouseholdChanges
}

// RunStaff runs the staff and privacy contract. Stores run it beside Run.
func RunStaff(t *testing.T, newStore func(t *testing.T) StaffStore) {
	t.Run("TrialDates", func(t *testing.T) { testTrialDates(t, newStore(t)) })
	t.Run("LandlordFigures", func(t *testing.T) { testFigures(t, newStore(t)) })
	t.Run("Feedback", func(t *testing.T) { testFeedback(t, newStore(t)) })
	t.Run("RepairQueue", func(t *testing.T) { testRepairQueue(t, newStore(t)) })
	t.Run("Availability", func(t *testing.T) { testAvailability(t, newStore(t)) })
	t.Run("EraseHousehold", func(t *testing.T) { testEraseHousehold(t, newStore(t)) })
	t.Run("EraseSpeaker", func(t *testing.T) { testEraseSpeaker(t, newStore(t)) })
	t.Run("AccountSpeakers", func(t *testing.T) { testAccountSpeakers(t, newStore(t)) })
	t.Run("BookingReminders", func(t *testing.T) { testBookingReminders(t, newStore(t)) })
	t.Run("HouseholdChanges", func(t *testing.T) { testHouseholdChanges(t, newStore(t)) })
}

// testHouseholdChanges: staff correct a household's vulnerability and
// coach, and give it a new link code; the old code stops working, the new
// one links, and who changed it and when is kept.
func testHouseholdChanges(t *testing.T, s StaffStore) {
	ctx := t.Context()
	a, b := household(2), household(4) // not vulnerable
	addHouseholds(t, s, a, b)
	at := t0.Add(time.Hour)
	if err := s.SetHouseholdDetails(ctx, a.ID, true, "", "officer@landlord", at); err != nil {
		t.Fatal(err)
	}
	got := findHH(t, s, a.ID)
	if !got.Vulnerable || got.CoachID != "" || got.ChangedBy != "officer@landlord" || !got.ChangedAt.Equal(at) {
		t.Errorf("after the change: vulnerable %v, coach %q, changed by %q at %v", got.Vulnerable, got.CoachID, got.ChangedBy, got.ChangedAt)
	}
	if err := s.SetHouseholdDetails(ctx, a.ID, false, "coach-b", "officer@landlord", at); err != nil {
		t.Fatal(err)
	}
	if got := findHH(t, s, a.ID); got.Vulnerable || got.CoachID != "coach-b" || got.LinkCode != a.LinkCode {
		t.Errorf("after the second change: vulnerable %v, coach %q, code %q", got.Vulnerable, got.CoachID, got.LinkCode)
	}
	if other := findHH(t, s, b.ID); other.Vulnerable || other.CoachID != b.CoachID || other.ChangedBy != "" {
		t.Errorf("the other household changed too: %+v", other)
	}
	if err := s.SetHouseholdDetails(ctx, "hh-none", true, "", "x", at); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("changing a household not enrolled: %v, want ErrNotFound", err)
	}

	if err := s.ReissueLinkCode(ctx, a.ID, b.LinkCode, t0.Add(48*time.Hour), "officer@landlord", at); !errors.Is(err, intents.ErrConflict) {
		t.Errorf("taking another household's live code: %v, want ErrConflict", err)
	}
	if err := s.ReissueLinkCode(ctx, "hh-none", "499999", t0.Add(48*time.Hour), "x", at); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("a code for a household not enrolled: %v, want ErrNotFound", err)
	}
	later := at.Add(time.Hour)
	if err := s.ReissueLinkCode(ctx, a.ID, "498765", t0.Add(48*time.Hour), "coach@landlord", later); err != nil {
		t.Fatal(err)
	}
	got = findHH(t, s, a.ID)
	if got.LinkCode != "498765" || !got.CodeExpires.Equal(t0.Add(48*time.Hour)) || got.ChangedBy != "coach@landlord" || !got.ChangedAt.Equal(later) {
		t.Errorf("after a new code: %q until %v, changed by %q at %v", got.LinkCode, got.CodeExpires, got.ChangedBy, got.ChangedAt)
	}
	if _, err := s.LinkSpeaker(ctx, a.LinkCode, "spk-old", t0.Add(3*time.Hour)); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("the replaced code still links: %v", err)
	}
	if h, err := s.LinkSpeaker(ctx, "498765", "spk-new", t0.Add(3*time.Hour)); err != nil || h.ID != a.ID {
		t.Errorf("the new code: %v, %v", h.ID, err)
	}
	// The replaced code is free for another household again.
	if err := s.ReissueLinkCode(ctx, b.ID, a.LinkCode, t0.Add(48*time.Hour), "x", later); err != nil {
		t.Errorf("reusing a replaced code: %v", err)
	}
}

func findHH(t *testing.T, s StaffStore, id string) intents.Household {
	t.Helper()
	for _, h := range listHouseholds(t, s) {
		if h.ID == id {
			return h
		}
	}
	t.Fatalf("household %s not listed", id)
	return intents.Household{}
}

func testTrialDates(t *testing.T, s StaffStore) {
	ctx := t.Context()
	got, err := s.TrialDates(ctx)
	if err != nil || !got.Start.IsZero() || !got.End.IsZero() {
		t.Fatalf("unset trial = %+v, %v; want zero", got, err)
	}
	want := intents.Trial{Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)}
	if err := s.SetTrialDates(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TrialDates(ctx); !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("trial = %+v, want %+v", got, want)
	}
	open := intents.Trial{Start: want.Start}
	if err := s.SetTrialDates(ctx, open); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TrialDates(ctx); !got.Start.Equal(open.Start) || !got.End.IsZero() {
		t.Errorf("open-ended trial = %+v", got)
	}
}

func testFigures(t *testing.T, s StaffStore) {
	ctx := t.Context()
	if got, err := s.Figures(ctx); err != nil || got != (intents.Figures{}) {
		t.Fatalf("unset figures = %+v, %v; want zero", got, err)
	}
	for _, want := range []intents.Figures{
		{PhoneContactGBP: 5.35, RepairVisitGBP: 142.5, USDToGBP: 0.7812, SetBy: "staff", SetAt: t0},
		{PhoneContactGBP: 6, USDToGBP: 0.8, SetBy: "alice@example.org", SetAt: t0.Add(time.Hour)}, // a visit cost cleared
	} {
		if err := s.SetFigures(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Figures(ctx)
		if err != nil || got.PhoneContactGBP != want.PhoneContactGBP || got.RepairVisitGBP != want.RepairVisitGBP ||
			got.USDToGBP != want.USDToGBP || got.SetBy != want.SetBy || !got.SetAt.Equal(want.SetAt) {
			t.Errorf("figures = %+v, %v; want %+v", got, err, want)
		}
	}
}

func testFeedback(t *testing.T, s StaffStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	if at, err := s.FeedbackAsked(ctx, h.ID); err != nil || !at.IsZero() {
		t.Fatalf("never asked = %v, %v; want zero time", at, err)
	}
	at := t0.Add(90 * time.Minute)
	if err := s.MarkFeedbackAsked(ctx, h.ID, at); err != nil {
		t.Fatal(err)
	}
	got, err := s.FeedbackAsked(ctx, h.ID)
	if err != nil || !got.Truncate(time.Millisecond).Equal(at.Truncate(time.Millisecond)) || got.Location() != time.UTC {
		t.Errorf("asked = %v, %v; want %v in UTC", got, err, at)
	}
	if other, _ := s.FeedbackAsked(ctx, household(2).ID); !other.IsZero() {
		t.Errorf("another household shows asked at %v", other)
	}
}

func testRepairQueue(t *testing.T, s StaffStore) {
	ctx := t.Context()
	a, b := household(1), household(2)
	addHouseholds(t, s, a)
	addHouseholds(t, s, b)
	r1 := intents.Repair{Ref: "HK0001", HouseholdID: a.ID, Problem: "LEAK", Room: "KITCHEN", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}
	r2 := intents.Repair{Ref: "HK0002", HouseholdID: b.ID, Problem: "GAS_SMELL", Priority: intents.Emergency, Status: intents.StatusReported, ReportedAt: t0.Add(time.Hour)}
	for _, r := range []intents.Repair{r1, r2} {
		if err := s.SaveRepair(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListRepairs(ctx)
	if err != nil || len(all) != 2 || all[0].Ref != "HK0002" || all[1].Ref != "HK0001" {
		t.Fatalf("ListRepairs = %+v, %v; want newest first", refs(all), err)
	}
	if err := s.SetRepairStatus(ctx, "HK0001", intents.StatusDone); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.OpenRepairs(ctx, a.ID); len(open) != 0 {
		t.Errorf("a done repair is still open: %+v", open)
	}
	all, _ = s.ListRepairs(ctx)
	if i := slices.IndexFunc(all, func(r intents.Repair) bool { return r.Ref == "HK0001" }); i < 0 || all[i].Status != intents.StatusDone {
		t.Errorf("status not kept: %+v", all)
	}
	if err := s.SetRepairStatus(ctx, "HK0002", intents.StatusBooked); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.OpenRepairs(ctx, b.ID); len(open) != 1 || open[0].Status != intents.StatusBooked {
		t.Errorf("a booked repair is open with its status: %+v", open)
	}
	if err := s.SetRepairStatus(ctx, "NO0000", intents.StatusDone); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("unknown ref: %v, want ErrNotFound", err)
	}
	// A visit booked with its day: read back by both reads.
	if err := s.SetRepairStatus(ctx, "HK0002", intents.StatusReported); err != nil {
		t.Fatal(err)
	}
	visit := intents.RepairVisit{Day: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Part: intents.VisitMorning}
	if err := s.SetRepairVisit(ctx, "HK0002", visit); err != nil {
		t.Fatal(err)
	}
	if open, _ := s.OpenRepairs(ctx, b.ID); len(open) != 1 || open[0].Status != intents.StatusBooked || !open[0].Visit.Day.Equal(visit.Day) || open[0].Visit.Part != visit.Part {
		t.Errorf("the booked visit, as the tenant's read finds it: %+v", open)
	}
	allDay := intents.RepairVisit{Day: visit.Day.AddDate(0, 0, 1)}
	if err := s.SetRepairVisit(ctx, "HK0002", allDay); err != nil {
		t.Fatal(err)
	}
	all, _ = s.ListRepairs(ctx)
	if i := slices.IndexFunc(all, func(r intents.Repair) bool { return r.Ref == "HK0002" }); i < 0 || !all[i].Visit.Day.Equal(allDay.Day) || all[i].Visit.Part != intents.VisitAllDay {
		t.Errorf("the visit moved to a whole day, as staff see it: %+v", all)
	}
	if err := s.SetRepairVisit(ctx, "NO0000", visit); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("a visit for an unknown ref: %v, want ErrNotFound", err)
	}
}

func refs(rs []intents.Repair) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Ref)
	}
	return out
}

func testAvailability(t *testing.T, s StaffStore) {
	ctx := t.Context()
	h := household(1)
	addHouseholds(t, s, h)
	s1 := intents.CoachSlot{ID: "coach-a@1", CoachID: "coach-a", Coach: "Sam", Start: t0.Add(24 * time.Hour)}
	s2 := intents.CoachSlot{ID: "coach-b@2", CoachID: "coach-b", Coach: "Priya", Start: t0.Add(26 * time.Hour)}
	late := intents.CoachSlot{ID: "coach-a@3", CoachID: "coach-a", Coach: "Sam", Start: t0.Add(30 * 24 * time.Hour)}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{late, s2, s1}); err != nil {
		t.Fatal(err)
	}
	b := intents.Booking{ID: "b-1", HouseholdID: h.ID, Slot: s1, BookedAt: t0}
	if err := s.Book(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListSlots(ctx, t0, t0.Add(7*24*time.Hour))
	if err != nil || len(got) != 2 {
		t.Fatalf("ListSlots = %d slots, %v; want 2 in the week", len(got), err)
	}
	if got[0].Slot.ID != s1.ID || got[0].Booking == nil || got[0].Booking.HouseholdID != h.ID || got[1].Booking != nil {
		t.Errorf("ListSlots = %+v; want s1 booked by %s, then s2 free", got, h.ID)
	}
	if err := s.RemoveCoachSlot(ctx, s1.ID); !errors.Is(err, intents.ErrConflict) {
		t.Errorf("removing a booked slot: %v, want ErrConflict", err)
	}
	if err := s.RemoveCoachSlot(ctx, s2.ID); err != nil {
		t.Errorf("removing a free slot: %v", err)
	}
	if free, _ := s.FreeSlots(ctx, "", t0, t0.Add(7*24*time.Hour), 10); len(free) != 0 {
		t.Errorf("removed slot still offered: %+v", free)
	}
	if err := s.RemoveCoachSlot(ctx, s2.ID); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
}

func testEraseHousehold(t *testing.T, s StaffStore) {
	ctx := t.Context()
	gone, kept := household(1), household(2)
	addHouseholds(t, s, gone)
	addHouseholds(t, s, kept)
	if _, err := s.LinkSpeaker(ctx, gone.LinkCode, "spk-gone", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LinkSpeaker(ctx, kept.LinkCode, "spk-kept", t0); err != nil {
		t.Fatal(err)
	}
	slot := intents.CoachSlot{ID: "coach-a@1", CoachID: "coach-a", Coach: "Sam", Start: t0.Add(24 * time.Hour)}
	if err := s.AddCoachSlots(ctx, []intents.CoachSlot{slot}); err != nil {
		t.Fatal(err)
	}
	steps := []error{
		s.SaveRepair(ctx, intents.Repair{Ref: "HK1000", HouseholdID: gone.ID, Problem: "LEAK", Priority: intents.Urgent, Status: intents.StatusReported, ReportedAt: t0}),
		s.SaveRepair(ctx, intents.Repair{Ref: "HK2000", HouseholdID: kept.ID, Problem: "TAP", Priority: intents.Routine, Status: intents.StatusReported, ReportedAt: t0}),
		s.Book(ctx, intents.Booking{ID: "b-gone", HouseholdID: gone.ID, Slot: slot, BookedAt: t0}),
		s.SaveGuideProgress(ctx, "spk-gone", intents.GuideProgress{Topic: "RADIATOR", Step: 2, UpdatedAt: t0}),
		s.RecordLinkFailure(ctx, "spk-gone", t0),
		s.MarkFeedbackAsked(ctx, gone.ID, t0),
		s.RecordUsage(ctx, intents.UsageEvent{RequestID: "r-linked", Time: t0, HouseholdID: gone.ID, SpeakerID: "spk-gone", SessionID: "ses-1", RequestType: "IntentRequest", Flow: intents.FlowRepair, Outcome: intents.OutcomeRepairReported, RepairRef: "HK1000", Priority: intents.Urgent}),
		s.RecordUsage(ctx, intents.UsageEvent{RequestID: "r-before-link", Time: t0.Add(-time.Hour), SpeakerID: "spk-gone", SessionID: "ses-0", RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}),
		s.RecordUsage(ctx, intents.UsageEvent{RequestID: "r-other", Time: t0, HouseholdID: kept.ID, SpeakerID: "spk-kept", SessionID: "ses-2", RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}),
	}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}

	if err := s.EraseHousehold(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	if _, err := s.HouseholdForSpeaker(ctx, "spk-gone"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("speaker still linked: %v", err)
	}
	all, _ := s.ListHouseholds(ctx)
	if len(all) != 1 || all[0].ID != kept.ID {
		t.Errorf("households after erase: %+v", all)
	}
	if open, _ := s.OpenRepairs(ctx, gone.ID); len(open) != 0 {
		t.Errorf("repairs kept: %+v", open)
	}
	if queue, _ := s.ListRepairs(ctx); len(queue) != 1 || queue[0].Ref != "HK2000" {
		t.Errorf("repair queue after erase: %+v", refs(queue))
	}
	if _, err := s.ActiveBooking(ctx, gone.ID, t0); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("booking kept: %v", err)
	}
	if free, _ := s.FreeSlots(ctx, "", t0, t0.Add(48*time.Hour), 5); len(free) != 1 {
		t.Errorf("erased booking's slot not freed: %+v", free)
	}
	if _, err := s.GuideProgress(ctx, "spk-gone"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("guide progress kept: %v", err)
	}
	if n, _ := s.LinkFailures(ctx, "spk-gone", t0.Add(-time.Hour)); n != 0 {
		t.Errorf("link failures kept: %d", n)
	}
	if at, _ := s.FeedbackAsked(ctx, gone.ID); !at.IsZero() {
		t.Errorf("feedback time kept")
	}
	events, _ := s.UsageEvents(ctx, t0.Add(-2*time.Hour), t0.Add(time.Hour))
	if len(events) != 3 {
		t.Fatalf("%d events after erase, want all 3 kept as counts", len(events))
	}
	for _, e := range events {
		switch e.RequestID {
		case "r-linked", "r-before-link":
			if e.HouseholdID != "" || e.SpeakerID != "" || e.SessionID != "" || e.RepairRef != "" {
				t.Errorf("event %s still names the household or its repair: %+v", e.RequestID, e)
			}
			if e.Outcome == "" || (e.RequestID == "r-linked" && e.Priority != intents.Urgent) {
				t.Errorf("event %s lost its counts: %+v", e.RequestID, e)
			}
		case "r-other":
			if e.HouseholdID != kept.ID || e.SpeakerID != "spk-kept" {
				t.Errorf("another household's event was blanked: %+v", e)
			}
		}
	}
	if _, err := s.HouseholdForSpeaker(ctx, "spk-kept"); err != nil {
		t.Errorf("another household lost its link: %v", err)
	}
	if err := s.EraseHousehold(ctx, gone.ID); err != nil {
		t.Errorf("erasing twice: %v", err)
	}
}

func testEraseSpeaker(t *testing.T, s StaffStore) {
	ctx := t.Context()
	steps := []error{
		s.SaveGuideProgress(ctx, "spk-x", intents.GuideProgress{Topic: "RADIATOR", Step: 1, UpdatedAt: t0}),
		s.RecordLinkFailure(ctx, "spk-x", t0),
		s.RecordUsage(ctx, intents.UsageEvent{RequestID: "r-x", Time: t0, SpeakerID: "spk-x", SessionID: "ses-x", RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}),
		s.RecordUsage(ctx, intents.UsageEvent{RequestID: "r-y", Time: t0, SpeakerID: "spk-y", SessionID: "ses-y", RequestType: "LaunchRequest", Flow: intents.FlowLaunch, Outcome: intents.OutcomeWelcomed}),
	}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseSpeaker(ctx, "spk-x"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GuideProgress(ctx, "spk-x"); !errors.Is(err, intents.ErrNotFound) {
		t.Errorf("progress kept: %v", err)
	}
	if n, _ := s.LinkFailures(ctx, "spk-x", t0.Add(-time.Hour)); n != 0 {
		t.Errorf("link failures kept: %d", n)
	}
	events, _ := s.UsageEvents(ctx, t0, t0.Add(time.Second))
	for _, e := range events {
		if e.RequestID == "r-x" && (e.SpeakerID != "" || e.SessionID != "") {
			t.Errorf("event still names the speaker: %+v", e)
		}
		if e.RequestID == "r-y" && e.SpeakerID != "spk-y" {
			t.Errorf("another speaker's event was blanked: %+v", e)
		}
	}
	if len(events) != 2 {
		t.Errorf("%d events, want 2 kept", len(events))
	}
}
