# Pandac POS. `make help` lists the targets.

GO           ?= go
BIN          ?= bin/pandac
TEST_TIMEOUT ?= 40m
# Extra flags for go test, e.g. make test TESTFLAGS='-run Checkout -v'
TESTFLAGS    ?=
# Arguments passed through to the bench, bench-peer and fuzz scripts.
ARGS         ?=

.DEFAULT_GOAL := help

.PHONY: help build run test test-pg generate check-generate migration seed vet fmt-check \
        bench bench-peer fuzz clean docker-build

help: ## list targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build the server binary into bin/pandac
	$(GO) build -o $(BIN) ./cmd/pandac

run: build ## build, then serve (SQLite pandac.db unless DATABASE_URL is set)
	./$(BIN) serve

test: ## run the whole test suite (PostgreSQL variants too when PANDAC_TEST_DATABASE_URL is set)
	$(GO) test ./... -count=1 -timeout $(TEST_TIMEOUT) $(TESTFLAGS)

test-pg: ## run `make test` against a throwaway PostgreSQL cluster, removed afterwards
	scripts/pgtest.sh run -- $(MAKE) --no-print-directory test

generate: ## regenerate ent, entgql and gqlgen code
	$(GO) generate ./...

# Compares the tree before and after `go generate`, so it also works with
# uncommitted edits; on a clean checkout (CI) any change at all fails.
check-generate: ## fail if `go generate` changes tracked files or adds new ones
	@git rev-parse --is-inside-work-tree >/dev/null || exit 1; \
	snapshot() { \
		git status --porcelain --untracked-files=all && \
		git diff --no-ext-diff --binary | git hash-object --stdin && \
		git ls-files -z --others --exclude-standard | xargs -0 -r git hash-object --; \
	}; \
	before=$$(snapshot) || exit 1; \
	if [ -n "$$(git status --porcelain --untracked-files=all)" ]; then \
		echo "check-generate: the tree already has uncommitted changes; comparing against them"; \
	fi; \
	$(GO) generate ./... || exit 1; \
	after=$$(snapshot) || exit 1; \
	if [ "$$before" != "$$after" ]; then \
		echo "check-generate: go generate changed the tree; run 'make generate' and commit the result:"; \
		git status --porcelain --untracked-files=all; \
		git diff --stat; \
		exit 1; \
	fi; \
	echo "check-generate: generated code is up to date"

seed: build ## load demo data once, e.g. make seed ARGS='--products 10000 --sales 50000'
	./$(BIN) seed $(ARGS)

# NAME describes the change, e.g. make migration NAME=add_product_weight.
migration: ## write the migration files for ent/schema changes (NAME=..., needs a PostgreSQL dev server)
	@test -n "$(NAME)" || { echo "usage: make migration NAME=describe_the_change"; exit 1; }
	$(GO) run ./cmd/migrategen --name $(NAME)

vet: ## go vet every package
	$(GO) vet ./...

# Checks the files git would commit: tracked ones plus new, non-ignored ones.
fmt-check: ## fail if any Go file is not gofmt-formatted
	@files=$$(git ls-files -z --cached --others --exclude-standard -- '*.go' | xargs -0 -r gofmt -l) || exit 1; \
	if [ -n "$$files" ]; then \
		echo "fmt-check: these files need gofmt -w:"; echo "$$files"; exit 1; \
	fi

bench: ## run scripts/bench.sh (load benchmark; ARGS=... are passed on)
	bash scripts/bench.sh $(ARGS)

bench-peer: ## run scripts/bench-peer.sh (comparison benchmark; ARGS=... are passed on)
	bash scripts/bench-peer.sh $(ARGS)

fuzz: ## run scripts/fuzz.sh (ARGS=... are passed on)
	bash scripts/fuzz.sh $(ARGS)

clean: ## remove build output
	rm -rf bin

docker-build: ## build the container image pandac:local
	docker build -t pandac:local .
