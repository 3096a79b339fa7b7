// Package skillpackage gives Go code the skill's interaction model, so the
// try-it page, `homehelper chat` and the contract tests read the very file
// the ASK CLI deploys to Alexa.
package skillpackage

import _ "embed"

// ModelEnGB is interactionModels/custom/en-GB.json.
//
//go:embed interactionModels/custom/en-GB.json
var ModelEnGB []byte
