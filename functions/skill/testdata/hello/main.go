// Command hello is the smallest Go Lambda: the baseline the skill's cold
// start is measured beside (coldstart_test.go).
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context, json.RawMessage) (string, error) { return "hello", nil })
}
