package alexa

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
)

// MaxBodyBytes is the largest request body the HTTP endpoint reads. Alexa's
// requests are a few kilobytes; anything near this is not from Alexa.
const MaxBodyBytes = 128 << 10

// Lambda answers an Alexa event in AWS Lambda (the AlexaSkill trigger).
// Malformed events and events for another skill return an error, which
// Lambda reports; everything the conversation does returns a response.
func (h *Handler) Lambda(ctx context.Context, event json.RawMessage) (json.RawMessage, error) {
	return h.Serve(ctx, event, Options{})
}

// HTTP serves the Alexa web-service endpoint: POST with a JSON body. It
// does not check that requests come from Alexa: VerifiedHTTP does.
func (h *Handler) HTTP(opts Options) http.Handler {
	return h.serveHTTP(opts, nil)
}

// serveHTTP is the endpoint, verifying requests with v when v is not nil.
func (h *Handler) serveHTTP(opts Options, v *Verifier) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			refuse(w, http.StatusMethodNotAllowed, "use POST")
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			refuse(w, http.StatusBadRequest, "content type must be application/json")
			return
		}
		body, err := readBody(w, r)
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				refuse(w, http.StatusRequestEntityTooLarge, "request body is too large")
				return
			}
			refuse(w, http.StatusBadRequest, "could not read request body")
			return
		}
		// The signature is over these exact bytes, so it is checked
		// before anything decodes them.
		if v != nil {
			if err := v.Verify(r.Context(), r.Header, body); err != nil {
				h.refuseUnverified(r.Context(), w, err)
				return
			}
		}
		out, err := h.Serve(r.Context(), body, opts)
		switch {
		case errors.Is(err, ErrWrongSkill):
			refuse(w, http.StatusBadRequest, "request is for another skill")
			return
		case errors.Is(err, ErrBadRequest):
			refuse(w, http.StatusBadRequest, err.Error())
			return
		case err != nil:
			refuse(w, http.StatusInternalServerError, "internal error")
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write(out)
	})
}

// readBody reads the request body, up to MaxBodyBytes, into a buffer
// sized from Content-Length when it is given (Alexa gives it), rather
// than one grown and copied several times over.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	size := int64(8 << 10)
	if r.ContentLength > 0 && r.ContentLength < MaxBodyBytes {
		size = r.ContentLength + 1 // +1: room to read the end without growing
	}
	buf := make([]byte, 0, size)
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow, as io.ReadAll does
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// refuse answers with a short plain reason: callers are programs, and the
// reason says what to fix.
func refuse(w http.ResponseWriter, code int, reason string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, reason+"\n")
}
