# The two commands the README starts with:
#   make serve   runs Home Helper on this machine, try-it page at http://127.0.0.1:8080/
#   make test    runs every test (installs the npm test tools it needs first)


.PHONY: serve test lint gotest bench

# The first build on a fresh machine takes a few minutes (it compiles
# SQLite and the AWS SDK); -v names each package as it is compiled, so the
# wait is not silent. Later builds take seconds.
serve:
	@echo "Building Home Helper. The first time, this takes a few minutes; each line is a package compiled."
	go build -v -o homehelper ./cmd/homehelper
	./homehelper serve -dev

test: node_modules lint gotest

lint:
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...
	@go mod tidy -diff >/dev/null 2>&1 || { echo "go.mod or go.sum is not tidy: run go mod tidy (go mod tidy -diff shows what would change)"; go mod tidy -diff; exit 1; }
	@command -v cfn-lint >/dev/null 2>&1 || { echo "cfn-lint is missing: it ships with the machine image (pip install cfn-lint); template.yaml cannot be checked without it"; exit 1; }
	cfn-lint template.yaml

gotest:
	CI=$${CI:-} go test -race -count=1 -timeout 30m ./...

bench:
	go test -run '^$$' -bench . -benchmem ./infra/alexa/

# The real components the tests drive (dynalite, virtual-alexa,
# playwright-core), pinned by package-lock.json.
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

# Lambda builds. `sam build` (template.yaml: Metadata BuildMethod makefile,
# CodeUri .) runs `make build-<LogicalId>` with ARTIFACTS_DIR set, and a
# provided.al2023 function runs the file named bootstrap. SAM's go1.x build
# method takes no build tags; lambda.norpc drops aws-lambda-go's unused RPC
# server, which makes the binary smaller and its start quicker.
LAMBDA_BUILD := GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags='-s -w'

.PHONY: build-SkillFunction build-CoachSlotsFunction

build-SkillFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/skill

build-CoachSlotsFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/coachslots

.PHONY: build-UsageDrainFunction

build-UsageDrainFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/usagedrain

.PHONY: build-UsageRollupFunction

build-UsageRollupFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/usagerollup

.PHONY: build-StaffFunction

build-StaffFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/staff

.PHONY: build-ExportFunction

build-ExportFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/export

.PHONY: build-NotifyFunction

build-NotifyFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/notify

.PHONY: build-HandoffSweepFunction

build-HandoffSweepFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build, or make $@ ARTIFACTS_DIR=dir"; exit 1; }
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/handoffsweep
