package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/golang-jwt/jwt/v5"

	"github.com/homehelper/homehelper/functions/internal/lambdaenv"
	"github.com/homehelper/homehelper/infra/cognito"
	"github.com/homehelper/homehelper/infra/dynamo"
	"github.com/homehelper/homehelper/infra/staff"
	"github.com/homehelper/homehelper/internal/mototest"
)

// TestEventsDownloadOnAWS: on Lambda the events downloads never pass
// through the function's answer (6 MB at most, within API Gateway's 30 s).
// The function queues the job on SQS and sends staff to a page that waits
// (202) until the object is in S3, then to a presigned link to it; all on
// moto_server's real SQS and S3.
func TestEventsDownloadOnAWS(t *testing.T) {
	moto := mototest.Start(t)
	ctx := context.Background()
	cfg := moto.Config()
	tables := dynamo.Tables{Data: "data", Usage: "usage"}
	if err := dynamo.New(dynamodb.NewFromConfig(cfg), tables).CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	s3c := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String("exports"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(mototest.Region)}}); err != nil {
		t.Fatal(err)
	}
	q := awssqs.NewFromConfig(cfg)
	created, err := q.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("exports")})
	if err != nil {
		t.Fatal(err)
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keys := jwks(t, key)
	e := env(tables, "", "homehelper-test-staff.auth.eu-west-1.amazoncognito.com")
	delete(e, "AWS_ENDPOINT_URL_DYNAMODB")
	for k, v := range moto.Env() {
		e[k] = v
	}
	e[lambdaenv.ExportQueueURL] = aws.ToString(created.QueueUrl)
	fnCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	f, err := newFunction(fnCtx, func(k string) string { return e[k] }, slog.New(slog.NewTextHandler(t.Output(), nil)),
		func(c *cognito.Config) { c.JWKSURL = keys.URL })
	if err != nil {
		t.Fatal(err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": issuer, "aud": clientID, "token_use": "id",
		"email": "officer@example.org", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()})
	tok.Header["kid"] = "k1"
	bearer, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	h := lambda.NewHandler(f.Invoke)
	get := func(path, query string) events.APIGatewayV2HTTPResponse {
		t.Helper()
		payload, err := json.Marshal(event("GET", path, query, map[string]string{"authorization": "Bearer " + bearer}))
		if err != nil {
			t.Fatal(err)
		}
		out, err := h.Invoke(ctx, payload)
		if err != nil {
			t.Fatal(err)
		}
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatal(err)
		}
		return resp
	}

	resp := get("/staff/api/events.csv", "from=2026-01-01&to=2026-12-31")
	wait := resp.Headers["Location"]
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(wait, "/staff/exports/") {
		t.Fatalf("events.csv: %d to %q, want 303 to the waiting page", resp.StatusCode, wait)
	}
	msgs, err := q.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: created.QueueUrl, MaxNumberOfMessages: 10})
	if err != nil || len(msgs.Messages) != 1 {
		t.Fatalf("queued %d jobs (%v), want 1", len(msgs.Messages), err)
	}
	var job staff.Export
	if err := json.Unmarshal([]byte(aws.ToString(msgs.Messages[0].Body)), &job); err != nil || job.Check() != nil ||
		job.Format != "csv" || job.From != "2026-01-01" || job.To != "2026-12-31" {
		t.Fatalf("job %s (%v)", aws.ToString(msgs.Messages[0].Body), err)
	}

	path, query, _ := strings.Cut(wait, "?")
	if resp := get(path, query); resp.StatusCode != http.StatusAccepted || resp.Headers["Refresh"] == "" {
		t.Fatalf("waiting page before the export is written: %d %v", resp.StatusCode, resp.Headers)
	}

	// The export function's part (functions/export): the object, whole.
	if _, err := s3c.PutObject(ctx, &awss3.PutObjectInput{Bucket: aws.String("exports"), Key: aws.String(job.Key()),
		Body: strings.NewReader("\ufeffrequest_id\r\n")}); err != nil {
		t.Fatal(err)
	}
	resp = get(path, query)
	link := resp.Headers["Location"]
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(link, "X-Amz-Expires=300") {
		t.Fatalf("waiting page after the export is written: %d to %q, want 303 to a five-minute link", resp.StatusCode, link)
	}
	got, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	b, _ := io.ReadAll(got.Body)
	if got.StatusCode != http.StatusOK || string(b) != "\ufeffrequest_id\r\n" {
		t.Errorf("link: %d %q", got.StatusCode, b)
	}
}
