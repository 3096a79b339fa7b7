// Package iamcheck lets a function's tests check that the DynamoDB calls it
// makes are ones template.yaml's SAM policy templates allow. IAM cannot be
// tried without AWS, so the tests put a recording proxy between the
// function and dynalite, and compare each call with the actions the policy
// templates grant on each table.
package iamcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Actions are the DynamoDB actions each SAM policy template grants on its
// table and the table's indexes (SAM's policy_templates.json).
var Actions = map[string][]string{
	"DynamoDBCrudPolicy": {"GetItem", "DeleteItem", "PutItem", "Scan", "Query", "UpdateItem",
		"BatchWriteItem", "BatchGetItem", "DescribeTable", "ConditionCheckItem"},
	"DynamoDBWritePolicy": {"PutItem", "UpdateItem", "BatchWriteItem"},
	"DynamoDBReadPolicy":  {"GetItem", "Scan", "Query", "BatchGetItem", "DescribeTable"},
}

// Call is one DynamoDB call: its action and the tables it names. An item
// of a transaction is a Call of its own, with the action IAM checks for it
// (a Put is PutItem) and Transact set.
type Call struct {
	Action   string
	Tables   []string
	Transact bool
}

// Recorder is a proxy in front of a DynamoDB endpoint that records calls.
type Recorder struct {
	mu    sync.Mutex
	calls []Call
	on    bool
}

// Start proxies to upstream until the test ends. Point the function at
// the returned endpoint, then call Record before the calls to check.
func Start(t testing.TB, upstream string) (*Recorder, string) {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	r := &Recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		r.add(req.Header.Get("X-Amz-Target"), body)
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return r, srv.URL
}

// Record starts recording, forgetting anything before (table set-up).
func (r *Recorder) Record() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls, r.on = nil, true
}

// transactActions are the actions IAM checks for each kind of item in a
// transaction: it has no action of its own for TransactWriteItems or
// TransactGetItems, and authorises each item as the single call it is.
var transactActions = map[string]string{
	"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem", "Get": "GetItem",
}

func (r *Recorder) add(target string, body []byte) {
	// X-Amz-Target is "DynamoDB_20120810.GetItem".
	_, action, _ := strings.Cut(target, ".")
	var in struct {
		TableName     string
		RequestItems  map[string]json.RawMessage // BatchGetItem, BatchWriteItem
		TransactItems []map[string]struct {      // TransactWriteItems, TransactGetItems
			TableName string
		}
	}
	_ = json.Unmarshal(body, &in)
	var calls []Call
	switch action {
	case "TransactWriteItems", "TransactGetItems":
		for _, it := range in.TransactItems {
			for kind, w := range it {
				a, ok := transactActions[kind]
				if !ok {
					a = action + "." + kind // unknown: no policy allows it
				}
				calls = append(calls, Call{Action: a, Tables: []string{w.TableName}, Transact: true})
			}
		}
		if len(calls) == 0 {
			calls = append(calls, Call{Action: action})
		}
	default:
		c := Call{Action: action}
		if in.TableName != "" {
			c.Tables = append(c.Tables, in.TableName)
		}
		for name := range in.RequestItems {
			c.Tables = append(c.Tables, name)
		}
		calls = append(calls, c)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.calls = append(r.calls, calls...)
	}
}

// Calls returns the calls recorded since Record.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Check fails the test for every recorded call that grants (table name →
// SAM policy templates, joined by "+") do not allow, and if nothing was
// recorded.
func (r *Recorder) Check(t testing.TB, grants map[string]string) {
	t.Helper()
	calls := r.Calls()
	if len(calls) == 0 {
		t.Errorf("no DynamoDB calls recorded")
	}
	seen := map[string]bool{}
	for _, c := range calls {
		if len(c.Tables) == 0 {
			t.Errorf("%s names no table: no policy template allows it", c.Action)
		}
		for _, table := range c.Tables {
			key := fmt.Sprint(c.Action, " ", table, " ", c.Transact)
			if seen[key] {
				continue
			}
			seen[key] = true
			policy, ok := grants[table]
			if !ok {
				t.Errorf("%s on %s: the function has no policy on that table", c.Action, table)
				continue
			}
			allowed := false
			for _, p := range strings.Split(policy, "+") {
				allowed = allowed || slices.Contains(Actions[p], c.Action)
			}
			if !allowed {
				in := ""
				if c.Transact {
					in = " (in a transaction)"
				}
				t.Errorf("%s on %s%s: %s does not allow it", c.Action, table, in, policy)
			}
		}
	}
}
