package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShutdownOnAFullDiskLosesNoUsage is the first review's finding: with
// the disk full, usage events wait in memory; serve is stopped (SIGTERM
// cancels run's context); after space is freed and it starts again, every
// event is stored. The data folder is a small tmpfs, filled to the last
// byte, so this needs root (mount): without it the test says so and skips,
// and TestFlushSpillsWhatTheStoreRefuses (infra/spillfile) covers the same
// path with a failing store.
func TestShutdownOnAFullDiskLosesNoUsage(t *testing.T) {
	hermeticSettings(t)
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("needs a tmpfs to fill (mount as root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })

	ctx, stop := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var logs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-dev", "-addr", "127.0.0.1:0", "-data", dir}, strings.NewReader(""), pw, &logs)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		if _, u, ok := strings.Cut(sc.Text(), "listening on "); ok {
			base = u
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" {
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	say := func(i int) {
		t.Helper()
		body := fmt.Sprintf(`{"text": "help", "conversation": null, "n": %d}`, i)
		resp, err := http.Post(base+"/try", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	for i := range 3 {
		say(i)
	}

	// Fill the disk to the last byte.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for len(chunk) > 0 {
		if _, err := filler.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			chunk = chunk[:len(chunk)/2]
		}
	}
	filler.Close()
	for i := range 5 {
		say(10 + i)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	health, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(health, []byte("usage_backlog 5\n")) {
		t.Fatalf("with the disk full, /healthz says:\n%s\nwant 5 events waiting", health)
	}

	stop() // what SIGTERM does
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(logs.String(), "spilled=5") {
		t.Errorf("the log does not say 5 events were spilled:\n%s", logs.String())
	}

	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"events", "-data", dir}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("events: %d\n%s", code, stderr.String())
	}
	if n := strings.Count(stdout.String(), "\n"); n != 8 {
		t.Errorf("after the restart the store holds %d events, want all 8:\n%s\n%s", n, stdout.String(), stderr.String())
	}
}
