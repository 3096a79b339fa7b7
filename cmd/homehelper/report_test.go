package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
)

// TestReportCountsWhatHappened drives a few turns through the same path as
// the try-it page (so they are demo requests), then checks report counts
// them only when asked to.
func TestReportCountsWhatHappened(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	ctx := context.Background()
	a, err := openSkill(ctx, appOptions{storage: storage{data: dir}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	try, err := newTryIt(a)
	if err != nil {
		t.Fatal(err)
	}
	out, err := try.turn(ctx, turnRequest{Action: "launch"})
	if err != nil {
		t.Fatal(err)
	}
	conv := out.Conversation
	for _, said := range []string{"how do I bleed a radiator", "next", "help", "stop"} {
		out, err := try.turn(ctx, turnRequest{Text: said, Conversation: conv})
		if err != nil {
			t.Fatalf("%q: %v", said, err)
		}
		conv = out.Conversation
	}
	a.close()

	count := func(args ...string) int {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, append([]string{"report", "-data", dir, "--format", "json"}, args...), nil, &stdout, &stderr); code != 0 {
			t.Fatalf("report exit %d: %s", code, stderr.String())
		}
		var r struct {
			TakeUp struct {
				Requests int `json:"requests"`
			} `json:"take_up"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("report json: %v\n%s", err, stdout.String())
		}
		return r.TakeUp.Requests
	}
	if got := count(); got != 0 {
		t.Errorf("demo requests counted by default: %d", got)
	}
	if got := count("--demo"); got != 5 {
		t.Errorf("requests with --demo = %d, want 5 (launch, guide, next, help, stop)", got)
	}
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"report", "-data", dir, "--format", "pdf"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}
