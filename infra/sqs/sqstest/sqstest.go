// Package sqstest is a stand-in for Amazon SQS's SendMessage that fails or
// hangs on demand, for the tests of what happens when SQS does: moto_server
// (internal/mototest) speaks the real SQS API for everything else, but
// cannot be made to fail. It speaks the protocol aws-sdk-go-v2's SQS client
// uses (AWS JSON 1.0: a POST to the endpoint's root with X-Amz-Target
// AmazonSQS.SendMessage), refuses anything else the way SQS would, and
// records what it was sent.
package sqstest

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Account is the account id in the stand-in's queue URLs.
const Account = "123456789012"

// Message is one SendMessage the stand-in accepted.
type Message struct {
	QueueURL   string
	Body       string
	Attributes map[string]Attribute
	MessageID  string
}

// Attribute is a message attribute as the client sent it.
type Attribute struct {
	DataType    string
	StringValue string
}

// Mode is how the stand-in answers.
type Mode int

// The stand-in's modes.
const (
	Accept Mode = iota // store the message and answer as SQS does
	Fail               // answer every call with a server error
	Hang               // answer nothing until the caller gives up
)

// Server is the stand-in. Its queue is at QueueURL; a call naming any
// other queue gets SQS's QueueDoesNotExist.
type Server struct {
	URL      string // the endpoint (AWS_ENDPOINT_URL_SQS)
	QueueURL string

	closing chan struct{} // closed when the test ends, to free hanging calls

	mu       sync.Mutex
	mode     Mode
	messages []Message
	calls    int
	problems []string
}

// Start starts a stand-in with one queue, named name, until the test ends.
// A request the real SQS would refuse fails the test when it ends.
func Start(t testing.TB, name string) *Server {
	t.Helper()
	s := &Server{closing: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = srv.URL
	s.QueueURL = srv.URL + "/" + Account + "/" + name
	t.Cleanup(func() {
		close(s.closing)
		srv.Close()
		for _, p := range s.Problems() {
			t.Errorf("sqstest: %s", p)
		}
	})
	return s
}

// SetMode changes how the stand-in answers from the next call on.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode = m
}

// Messages are the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// Calls is how many requests reached the stand-in, accepted or not.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Problems are the requests the real SQS would have refused.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.problems)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls++
	mode := s.mode
	n := s.calls
	s.mu.Unlock()

	switch mode {
	case Hang:
		// The server notices the client hanging up only once the body
		// is read.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	case Fail:
		sqsError(w, http.StatusInternalServerError, "InternalError", "the stand-in is failing on purpose")
		return
	}
	if problem := s.checkRequest(r); problem != "" {
		s.refuse(w, problem)
		return
	}
	var in struct {
		QueueUrl          string
		MessageBody       string
		MessageAttributes map[string]Attribute
	}
	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(body, &in)
	}
	if err != nil {
		s.refuse(w, fmt.Sprintf("body is not JSON: %v", err))
		return
	}
	if in.QueueUrl != s.QueueURL {
		sqsError(w, http.StatusBadRequest, "QueueDoesNotExist", "The specified queue does not exist.")
		return
	}
	if in.MessageBody == "" {
		s.refuse(w, "empty MessageBody")
		return
	}
	for name, a := range in.MessageAttributes {
		// SQS refuses an attribute without a type or value.
		if a.DataType == "" || a.StringValue == "" {
			s.refuse(w, fmt.Sprintf("message attribute %s has type %q, value %q", name, a.DataType, a.StringValue))
			return
		}
	}
	m := Message{QueueURL: in.QueueUrl, Body: in.MessageBody, Attributes: in.MessageAttributes, MessageID: fmt.Sprintf("00000000-0000-4000-8000-%012d", n)}
	s.mu.Lock()
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	// The client checks MD5OfMessageBody against what it sent.
	sum := md5.Sum([]byte(in.MessageBody))
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	_ = json.NewEncoder(w).Encode(map[string]string{"MessageId": m.MessageID, "MD5OfMessageBody": hex.EncodeToString(sum[:])})
}

// checkRequest returns why SQS would refuse r as a SendMessage, or "".
func (s *Server) checkRequest(r *http.Request) string {
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/":
		return fmt.Sprintf("%s %s; the JSON protocol POSTs to /", r.Method, r.URL.Path)
	case r.Header.Get("X-Amz-Target") != "AmazonSQS.SendMessage":
		// The only call SQSSendMessagePolicy (sqs:SendMessage*) and this
		// stand-in allow.
		return fmt.Sprintf("X-Amz-Target %q, want AmazonSQS.SendMessage", r.Header.Get("X-Amz-Target"))
	case r.Header.Get("Content-Type") != "application/x-amz-json-1.0":
		return fmt.Sprintf("Content-Type %q, want application/x-amz-json-1.0", r.Header.Get("Content-Type"))
	case !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") || !strings.Contains(r.Header.Get("Authorization"), "/sqs/aws4_request"):
		return fmt.Sprintf("not signed for SQS: Authorization %q", r.Header.Get("Authorization"))
	}
	return ""
}

func (s *Server) refuse(w http.ResponseWriter, problem string) {
	s.mu.Lock()
	s.problems = append(s.problems, problem)
	s.mu.Unlock()
	sqsError(w, http.StatusBadRequest, "InvalidParameterValue", problem)
}

// sqsError answers as SQS's JSON protocol does.
func sqsError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": "com.amazonaws.sqs#" + code, "message": message})
}
