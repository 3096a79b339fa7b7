package s3_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/homehelper/homehelper/infra/s3"
	"github.com/homehelper/homehelper/internal/mototest"
)

// An export is written in parts, appears only once whole, and is handed
// over by a link that downloads it, byte for byte, under its file name.
func TestExportWrittenInPartsAndLinked(t *testing.T) {
	moto := mototest.Start(t)
	cfg := moto.Config()
	client := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = true })
	if _, err := client.CreateBucket(t.Context(), &awss3.CreateBucketInput{Bucket: aws.String("exports"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(mototest.Region)}}); err != nil {
		t.Fatal(err)
	}
	b := s3.New(cfg, "exports")

	for _, size := range []int{0, 1000, 2*s3.PartSize + 12345} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			key := fmt.Sprintf("exports/%d/usage.csv", size)
			want := make([]byte, size)
			for i := range want {
				want[i] = byte('a' + i%26)
			}
			u, err := b.Create(t.Context(), key, "text/csv; charset=utf-8", `attachment; filename="usage.csv"`)
			if err != nil {
				t.Fatal(err)
			}
			// Written in uneven pieces, as a CSV writer's buffer flushes.
			for rest := want; len(rest) > 0; {
				n := min(len(rest), 64<<10+7)
				if _, err := u.Write(rest[:n]); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			if _, ready, err := b.Link(t.Context(), key); err != nil || ready {
				t.Fatalf("before Close: ready %v, err %v; want not ready", ready, err)
			}
			if err := u.Close(); err != nil {
				t.Fatal(err)
			}
			link, ready, err := b.Link(t.Context(), key)
			if err != nil || !ready {
				t.Fatalf("after Close: ready %v, err %v", ready, err)
			}
			resp, err := http.Get(link)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
				t.Fatalf("link gave %d, %d bytes; want 200, %d bytes", resp.StatusCode, len(got), len(want))
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="usage.csv"` {
				t.Errorf("Content-Disposition %q", cd)
			}
		})
	}

	// An upload that is aborted never appears.
	u, err := b.Create(t.Context(), "exports/aborted/usage.csv", "text/csv", "attachment")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Write([]byte("half")); err != nil {
		t.Fatal(err)
	}
	u.Abort()
	if _, ready, err := b.Link(t.Context(), "exports/aborted/usage.csv"); err != nil || ready {
		t.Fatalf("aborted upload: ready %v, err %v", ready, err)
	}
}
