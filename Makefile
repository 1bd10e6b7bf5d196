# Maillage — the two commands of the README are `make run` and `make test`.
GO      ?= go
BIN     := bin/maillage
ADDR    ?= localhost:8080
DATA    ?= ./data

.PHONY: run test build web generate bench vet clean

## run: build the web app and the binary, then serve the seeded directory on $(ADDR)
run: build
	$(BIN) serve --addr $(ADDR) --data $(DATA)

## test: install what the tests need (Chromium, Neo4j for its tests), build the web app, run every test
test:
	./scripts/test

## build: the web app (npm) then the Go binary that embeds it
build: web
	$(GO) build -o $(BIN) ./cmd/maillage

## web: install the front end's npm packages and build it into web/dist, only when its sources changed
web: web/dist/index.html

# The build (about 40 s) runs again only when a source of the app is newer than its output, so that
# a restart with `make run` takes seconds.
WEB_SOURCES := $(shell find web/src -type f) web/index.html web/graphiql.html web/vite.config.ts \
	web/tsconfig.json web/package.json web/package-lock.json
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

# npm install, not npm ci: the npm 11 here writes lock files without the optional packages of
# other platforms (rollup, esbuild), which npm ci then refuses; install still follows the lock.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm install --no-audit --no-fund

## generate: regenerate the code made from schema.graphql: gqlgen's resolvers, the web app's types
generate: web/node_modules/.package-lock.json
	$(GO) generate ./resolvers/...
	cd web && npm run --silent generate

## bench: the performance benchmarks (see docs/benchmarks.md for datasets and figures)
bench: build
	./scripts/bench

vet:
	$(GO) vet ./...

clean:
	rm -rf bin web/dist/assets web/dist/*.html
