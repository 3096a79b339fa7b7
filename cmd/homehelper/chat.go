package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// chat is the try-it page in a terminal: type what you would say, read what
// Home Helper says back. Its events are marked demo. Each run is a speaker
// of its own; with -demo it acts as a new practice household.
func chat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("chat", stderr)
	var o appOptions
	storageFlags(fs, &o.storage)
	stringFlag(fs, &o.landlordPhone, "landlord-phone")
	stringFlag(fs, &o.emergencyPhone, "emergency-phone")
	var demo bool
	fs.BoolVar(&demo, "demo", false, "act as a new practice household, whose repairs and visits are never handed off or counted")
	if err := parse(fs, args); err != nil {
		return err
	}
	// Logs would interleave with the conversation: only warnings go to stderr.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := openSkill(ctx, o, log)
	if err != nil {
		return err
	}
	defer a.close()
	try, err := newTryIt(a)
	if err != nil {
		return err
	}

	fmt.Fprintln(stdout, "Talking to Home Helper. Type what you would say; an empty line or Ctrl-D ends.")
	first := "launch"
	if demo {
		first = "demo"
	}
	out, err := try.turn(ctx, turnRequest{Action: first})
	if err != nil {
		return err
	}
	if out.ActingAs != "" && out.ActingAs != "pilot" {
		fmt.Fprintf(stdout, "(acting as demo household %s: its repairs and visits are kept, never handed off or counted)\n", out.ActingAs)
	}
	show(stdout, out)
	conv := out.Conversation

	in := bufio.NewScanner(stdin)
	for {
		fmt.Fprint(stdout, "you> ")
		if !in.Scan() {
			fmt.Fprintln(stdout)
			break
		}
		line := strings.TrimSpace(in.Text())
		if line == "" {
			break
		}
		out, err := try.turn(ctx, turnRequest{Text: line, Conversation: conv})
		if err != nil {
			fmt.Fprintf(stdout, "(%v)\n", err)
			continue
		}
		show(stdout, out)
		conv = out.Conversation
		if ctx.Err() != nil {
			break
		}
	}
	if conv != nil && !out.Ended {
		_, _ = try.turn(ctx, turnRequest{Action: "end", Conversation: conv})
	}
	return in.Err()
}

func show(w io.Writer, t turnResponse) {
	fmt.Fprintf(w, "home helper> %s\n", t.Speech)
	if t.Card != nil {
		fmt.Fprintf(w, "             [card] %s: %s\n", t.Card.Title, t.Card.Content)
	}
	if t.Ended {
		fmt.Fprintln(w, "             (session ended; type again to start a new one)")
	}
}
