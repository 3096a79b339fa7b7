# The two commands the README starts with:
#   make serve   runs Home Helper on this machine, try-it page at http://127.0.0.1:8080/
#   make test    runs every test (installs the npm test tools it needs first)

GO_DIRS := cmd content functions infra intents skill-package

.PHONY: serve test lint gotest bench

serve:
	go run ./cmd/homehelper serve -dev

test: node_modules lint gotest

lint:
	@unformatted=$$(gofmt -l $$(find $(GO_DIRS) -name '*.go' 2>/dev/null)); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...

gotest:
	CI=$${CI:-} go test -race -count=1 ./...

bench:
	go test -run '^$$' -bench . -benchmem ./infra/alexa/

# The real components the tests drive (dynalite, virtual-alexa,
# playwright-core), pinned by package-lock.json.
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules
