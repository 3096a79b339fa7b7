package iamcheck

import (
	"fmt"
	"strings"
	"testing"
)

// errs collects a check's failures instead of failing the test.
type errs struct {
	testing.TB
	got []string
}

func (e *errs) Helper() {}

func (e *errs) Errorf(format string, args ...any) {
	e.got = append(e.got, fmt.Sprintf(format, args...))
}

// TestTransactions: IAM authorises each item of a transaction as the single
// call it is, so the check does too.
func TestTransactions(t *testing.T) {
	write := `{"TransactItems":[{"Put":{"TableName":"data","Item":{}}},{"Update":{"TableName":"usage","Key":{}}}]}`
	del := `{"TransactItems":[{"Delete":{"TableName":"data","Key":{}}},{"ConditionCheck":{"TableName":"usage","Key":{}}}]}`
	tests := []struct {
		name   string
		target string
		body   string
		grants map[string]string
		want   []string // substrings of the failures, in order
	}{
		{"puts and updates under Crud", "TransactWriteItems", write,
			map[string]string{"data": "DynamoDBCrudPolicy", "usage": "DynamoDBCrudPolicy"}, nil},
		{"puts and updates under Write", "TransactWriteItems", write,
			map[string]string{"data": "DynamoDBWritePolicy", "usage": "DynamoDBWritePolicy"}, nil},
		{"an update on a read-only table", "TransactWriteItems", write,
			map[string]string{"data": "DynamoDBCrudPolicy", "usage": "DynamoDBReadPolicy"},
			[]string{"UpdateItem on usage (in a transaction): DynamoDBReadPolicy"}},
		{"a delete and a condition check under Write", "TransactWriteItems", del,
			map[string]string{"data": "DynamoDBWritePolicy", "usage": "DynamoDBWritePolicy"},
			[]string{"DeleteItem on data (in a transaction)", "ConditionCheckItem on usage (in a transaction)"}},
		{"a table with no policy", "TransactWriteItems", write,
			map[string]string{"data": "DynamoDBCrudPolicy"},
			[]string{"UpdateItem on usage: the function has no policy"}},
		{"gets", "TransactGetItems", `{"TransactItems":[{"Get":{"TableName":"data","Key":{}}}]}`,
			map[string]string{"data": "DynamoDBReadPolicy"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Recorder{}
			r.Record()
			r.add("DynamoDB_20120810."+tt.target, []byte(tt.body))
			e := &errs{TB: t}
			r.Check(e, tt.grants)
			if len(e.got) != len(tt.want) {
				t.Fatalf("failures %q, want %d like %q", e.got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(e.got[i], w) {
					t.Errorf("failure %d: %q, want it to say %q", i, e.got[i], w)
				}
			}
		})
	}
}
