package handoff_test

import (
	"errors"
	"testing"

	"github.com/homehelper/homehelper/handoff"
)

func TestCheckURL(t *testing.T) {
	for _, tt := range []struct {
		url     string
		dev, ok bool
	}{
		{"https://repairs.example.org/hook", false, true},
		{"https://repairs.example.org:8443/hook?token=x", false, true},
		{"http://repairs.example.org/hook", false, false},
		{"http://repairs.example.org/hook", true, false}, // http beyond this machine, even in development
		{"http://127.0.0.1:9000/hook", true, true},
		{"http://[::1]:9000/hook", true, true},
		{"http://localhost:9000/hook", true, true},
		{"http://127.0.0.1:9000/hook", false, false},
		{"ftp://repairs.example.org/hook", false, false},
		{"repairs.example.org/hook", false, false},
		{"https://user:pass@repairs.example.org/hook", false, false},
		{"https://repairs.example.org/hook#x", false, false},
	} {
		err := handoff.CheckURL(tt.url, tt.dev)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, handoff.ErrInsecureURL)) {
			t.Errorf("CheckURL(%q, dev %v) = %v, want ok %v", tt.url, tt.dev, err, tt.ok)
		}
	}
}
