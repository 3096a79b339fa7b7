package mototest

import (
	"context"
	"encoding/json"
	"testing"
)

// Stream reads a DynamoDB table's stream from the start, as Lambda's event
// source mapping does, and hands out what it has not handed out yet as the
// event Lambda would invoke a function with. A Lambda DynamoDB event is
// GetRecords' records with each record's eventSourceARN added: nothing
// here builds a record by hand.
type Stream struct {
	srv   *Server
	arn   string
	iters map[string]string // shard id → next iterator
}

// Stream opens the stream streamARN (DescribeTable's LatestStreamArn) at
// TRIM_HORIZON.
func (s *Server) Stream(t testing.TB, streamARN string) *Stream {
	t.Helper()
	st := &Stream{srv: s, arn: streamARN, iters: map[string]string{}}
	st.openShards(t)
	return st
}

func (st *Stream) openShards(t testing.TB) {
	t.Helper()
	var desc struct {
		StreamDescription struct {
			Shards []struct{ ShardId string }
		}
	}
	ctx := context.Background()
	if err := st.srv.Call(ctx, "dynamodb", "DynamoDBStreams_20120810.DescribeStream", map[string]any{"StreamArn": st.arn}, &desc); err != nil {
		t.Fatalf("mototest: %v", err)
	}
	for _, sh := range desc.StreamDescription.Shards {
		if _, ok := st.iters[sh.ShardId]; ok {
			continue
		}
		var it struct{ ShardIterator string }
		in := map[string]any{"StreamArn": st.arn, "ShardId": sh.ShardId, "ShardIteratorType": "TRIM_HORIZON"}
		if err := st.srv.Call(ctx, "dynamodb", "DynamoDBStreams_20120810.GetShardIterator", in, &it); err != nil {
			t.Fatalf("mototest: %v", err)
		}
		st.iters[sh.ShardId] = it.ShardIterator
	}
}

// Next returns the records written since the last call, as a Lambda
// DynamoDB event ({"Records": [...]}), and how many there are.
func (st *Stream) Next(t testing.TB) (event []byte, n int) {
	t.Helper()
	st.openShards(t)
	records := []map[string]any{}
	for shard, iter := range st.iters {
		if iter == "" {
			continue // a closed shard
		}
		var out struct {
			Records           []map[string]any
			NextShardIterator string
		}
		if err := st.srv.Call(context.Background(), "dynamodb", "DynamoDBStreams_20120810.GetRecords", map[string]any{"ShardIterator": iter}, &out); err != nil {
			t.Fatalf("mototest: %v", err)
		}
		st.iters[shard] = out.NextShardIterator
		for _, r := range out.Records {
			r["eventSourceARN"] = st.arn
			records = append(records, r)
		}
	}
	b, err := json.Marshal(map[string]any{"Records": records})
	if err != nil {
		t.Fatalf("mototest: %v", err)
	}
	return b, len(records)
}
