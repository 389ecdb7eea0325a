# tiepnhan — see README.md. Every target runs from a clean clone.
GO        ?= go
BIN       := bin/tiepnhan
PKGS      := ./...
# Integration tests start real servers; give them time on a 2-core machine.
TESTFLAGS ?= -count=1 -timeout 25m

.PHONY: all build test test-short demo vet fmt fuzz bench bench-drain bench-idle bench-desk bench-burst bench-calendar bench-pdf bench-inbox bench-search bench-login bench-classify bench-train eval cv model clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/tiepnhan

## demo: run the whole service on the embedded default (private PostgreSQL,
## in-process IMAP server seeded with testdata/corpus, SMTP sink to var/outbox).
demo: build
	./$(BIN) demo

## test: every test, integration tests included (they start PostgreSQL,
## Dovecot, smtp-sink…; locally they skip when a binary is missing, under
## CI=true they fail instead).
test:
	$(GO) vet $(PKGS)
	$(GO) test $(TESTFLAGS) $(PKGS)

test-short:
	$(GO) test -short -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt:
	gofmt -l -w $$(git ls-files '*.go')

## fuzz: run every fuzz target for FUZZTIME each (default 1m).
FUZZTIME ?= 1m
fuzz:
	@for pkg in $$(go list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## Benchmarks: each prints its figures and its ratio to a reference measured
## in the same run.
## bench-inbox: inbox pages through the whole handler on 1,000,000 items
## seeded by COPY; prints p50/p95/max (goal: p95 ≤ 100 ms).
bench-inbox:
	$(GO) test -run '^$$' -bench '^BenchmarkInbox$$' -benchtime 200x -timeout 30m -v ./internal/web

## bench-search: searches through the whole handler on 1,000,000 items (the
## inbox seeding plus a search document each); prints p50/p95/max (goal:
## p95 ≤ 200 ms).
bench-search:
	$(GO) test -run '^$$' -bench '^BenchmarkSearch$$' -benchtime 200x -timeout 40m -v ./internal/web

## bench-login: peak RSS of serve under 3 × 50 concurrent logins against the
## cap (RSS of the warm service + 2 argon2id hashes of 64 MiB + 8 MiB for the
## requests) and memory.limit_mb (issue 12).
bench-login:
	$(GO) test -run '^$$' -bench '^BenchmarkLoginMemory$$' -benchtime 1x -timeout 10m -v ./internal/e2e

bench-drain:
	$(GO) test -run '^$$' -bench '^BenchmarkDrain$$' -benchtime 1x -timeout 30m -v ./internal/e2e

bench-idle:
	$(GO) test -run '^$$' -bench '^BenchmarkIdleLatency$$' -benchtime 1x -timeout 10m -v ./internal/e2e

## bench-burst: 200 mails with a scanned page each (one in four with an 8 MB
## PDF besides) arriving at once plus 50 concurrent sign-ins; prints the peak
## RSS of serve against memory.limit_mb and the time until every item is read
## (BURST_MAILS, BURST_PDF_MB, BURST_LIMIT_MB change the scale).
bench-burst:
	$(GO) test -run '^$$' -bench '^BenchmarkBurst$$' -benchtime 1x -timeout 90m -v ./internal/e2e

## bench-desk: what a person waits for, APPEND → in the inbox classified,
## with deadlines and route, p50/p99 for a text PDF (goal p99 ≤ 2 s) and a
## scanned page needing OCR (goal p99 ≤ 15 s), the IDLE latency beside.
bench-desk:
	$(GO) test -run '^$$' -bench '^BenchmarkDeskLatency$$' -benchtime 1x -timeout 30m -v ./internal/e2e

## bench-calendar: one due-time computation over spans up to a year (goal:
## at most 2 µs per call), the date-only and elapsed-time variants, and the
## first computation of a process (year tables built).
bench-calendar:
	$(GO) test -run '^$$' -bench '^Benchmark(AddWorking|AddDaysFromDate|WorkingBetween|AddWorkingCold)$$' -benchmem -count 5 ./internal/workday

## bench-pdf: PDF text extraction against pdftotext on the same multi-page
## PDFs, as a ratio of times (goal: at most 1.0), and the peak heap on a
## 25 MB PDF as a multiple of its size (goal: at most 3).
bench-pdf:
	$(GO) test -run '^$$' -bench '^BenchmarkPDFRatio$$' -count 3 ./internal/extract
	$(GO) test -run '^$$' -bench '^BenchmarkPDFPeakMemory25MB$$' -benchtime 3x ./internal/extract

## bench-classify: one item classed by the rules and the embedded learned
## model (goal: at most 5 ms), with its ratio to the rules alone.
bench-classify:
	$(GO) test -run '^$$' -bench '^BenchmarkClassify$$' -benchtime 2s -v ./internal/learn/dataset

## bench-train: training on the whole training data (goal: at most 60 s).
bench-train:
	EVAL_CACHE=$(CURDIR)/$(EVALCACHE) $(GO) test -run '^$$' -bench '^BenchmarkTrain$$' -benchtime 3x -timeout 30m -v ./internal/learn/dataset

bench: bench-drain bench-idle bench-desk bench-calendar bench-pdf bench-inbox bench-search bench-classify bench-train

## eval: the learned classifier with the rules: held-out real items
## (testdata/realcorpus) first, then cross-validation on the training part,
## then testdata/corpus; precision and recall per label, confusion
## matrices, dangerous errors, confirmations. Derivations of the corpus'
## mails (OCR) are kept in $(EVALCACHE) between runs.
EVALCACHE ?= var/evalcache
eval: build
	./$(BIN) eval --corpus testdata/corpus --cache $(EVALCACHE)

## cv: cross-validation on the training part only, never the held-out
## items: choose a training configuration with it (CV_FLAGS, e.g.
## CV_FLAGS="--l2 0.3 --features v2"), then measure held-out once (make eval).
cv: build
	./$(BIN) eval --cv-only --corpus testdata/corpus --cache $(EVALCACHE) $(CV_FLAGS)

## model: retrain the embedded default model (internal/learn/default.json).
model: build
	./$(BIN) train --cache $(EVALCACHE) --out internal/learn/default.json

clean:
	rm -rf bin var
