// Package s3 keeps the staff site's large downloads in an S3 bucket
// (template.yaml's ExportBucket) on AWS: the export function writes each
// one in parts as it reads the usage log, so its memory stays one part
// whatever the download's size, and the staff site hands a finished one
// over as a short-lived presigned link. The bucket forgets exports after a
// day (its lifecycle rule), and half-written ones too.
package s3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// PartSize is the size of each part of an upload but the last. S3 takes
// parts of 5 MiB to 5 GiB and at most 10,000 of them, so 8 MiB parts hold
// an export of up to 78 GiB: far beyond any usage log Home Helper keeps.
const PartSize = 8 << 20

// LinkLifetime is how long a link to an export works: long enough to start
// the download, short enough that a link copied into an email is soon
// useless.
const LinkLifetime = 5 * time.Minute

// Bucket is one bucket of exports.
type Bucket struct {
	name    string
	client  *awss3.Client
	presign *awss3.PresignClient
}

// New returns the bucket called name, reached with a client made from
// cfg. A configuration with its own endpoint (tests: moto_server) is
// addressed by path, as such servers expect.
func New(cfg aws.Config, name string) *Bucket {
	c := awss3.NewFromConfig(cfg, func(o *awss3.Options) {
		o.UsePathStyle = cfg.BaseEndpoint != nil
	})
	return &Bucket{name: name, client: c, presign: awss3.NewPresignClient(c)}
}

// Link returns a presigned GET of key that works for LinkLifetime, or
// ready=false if no object is there yet. An upload in progress is no
// object until it completes, so a link is only ever to a whole export.
func (b *Bucket) Link(ctx context.Context, key string) (string, bool, error) {
	_, err := b.client.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(b.name), Key: aws.String(key)})
	if err != nil {
		var nf *types.NotFound
		var api smithy.APIError
		if errors.As(err, &nf) || (errors.As(err, &api) && api.ErrorCode() == "NotFound") {
			return "", false, nil
		}
		return "", false, fmt.Errorf("s3: looking for export %s: %w", key, err)
	}
	req, err := b.presign.PresignGetObject(ctx, &awss3.GetObjectInput{Bucket: aws.String(b.name), Key: aws.String(key)},
		awss3.WithPresignExpires(LinkLifetime))
	if err != nil {
		return "", false, fmt.Errorf("s3: signing a link to export %s: %w", key, err)
	}
	return req.URL, true, nil
}

// Upload is an object being written in parts. Write buffers one part and
// sends it when full; Close sends the last and completes the object,
// which only then exists. An upload that fails is aborted.
type Upload struct {
	ctx    context.Context
	b      *Bucket
	key    string
	id     *string
	buf    bytes.Buffer
	parts  []types.CompletedPart
	err    error
	closed bool
}

// Create starts writing key, to be downloaded as contentType under
// disposition (a Content-Disposition header: the file's name).
func (b *Bucket) Create(ctx context.Context, key, contentType, disposition string) (*Upload, error) {
	out, err := b.client.CreateMultipartUpload(ctx, &awss3.CreateMultipartUploadInput{
		Bucket: aws.String(b.name), Key: aws.String(key),
		ContentType: aws.String(contentType), ContentDisposition: aws.String(disposition),
		ServerSideEncryption: types.ServerSideEncryptionAes256,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: starting export %s: %w", key, err)
	}
	u := &Upload{ctx: ctx, b: b, key: key, id: out.UploadId}
	u.buf.Grow(PartSize)
	return u, nil
}

// Write adds p to the object.
func (u *Upload) Write(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	n := 0
	for len(p) > 0 {
		room := PartSize - u.buf.Len()
		chunk := p[:min(room, len(p))]
		u.buf.Write(chunk)
		n += len(chunk)
		p = p[len(chunk):]
		if u.buf.Len() == PartSize {
			if err := u.sendPart(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (u *Upload) sendPart() error {
	num := int32(len(u.parts) + 1)
	out, err := u.b.client.UploadPart(u.ctx, &awss3.UploadPartInput{
		Bucket: aws.String(u.b.name), Key: aws.String(u.key), UploadId: u.id,
		PartNumber: aws.Int32(num), Body: bytes.NewReader(u.buf.Bytes()), ContentLength: aws.Int64(int64(u.buf.Len())),
	})
	if err != nil {
		u.err = fmt.Errorf("s3: writing part %d of export %s: %w", num, u.key, err)
		return u.err
	}
	u.parts = append(u.parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(num)})
	u.buf.Reset()
	return nil
}

// Close sends what is left and completes the object. After a failed
// Write, it aborts the upload instead and returns that failure.
func (u *Upload) Close() error {
	if u.closed {
		return u.err
	}
	u.closed = true
	if u.err == nil && (u.buf.Len() > 0 || len(u.parts) == 0) {
		_ = u.sendPart()
	}
	if u.err != nil {
		u.Abort()
		return u.err
	}
	_, err := u.b.client.CompleteMultipartUpload(u.ctx, &awss3.CompleteMultipartUploadInput{
		Bucket: aws.String(u.b.name), Key: aws.String(u.key), UploadId: u.id,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: u.parts},
	})
	if err != nil {
		u.err = fmt.Errorf("s3: completing export %s: %w", u.key, err)
		u.Abort()
	}
	return u.err
}

// Abort throws the parts away; the object never appears. If S3 cannot be
// told, the bucket's lifecycle rule removes them within a day.
func (u *Upload) Abort() {
	u.closed = true
	ctx := context.WithoutCancel(u.ctx)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, _ = u.b.client.AbortMultipartUpload(ctx, &awss3.AbortMultipartUploadInput{
		Bucket: aws.String(u.b.name), Key: aws.String(u.key), UploadId: u.id,
	})
}
