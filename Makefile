# Front door. `make run` and `make test` work on a fresh Debian 12 machine: scripts/setup
# installs whatever Debian packages are missing first.
BUILD_DIR ?= build/release
SANITIZE_DIR ?= build/sanitize
JOBS ?= $(shell nproc)
QUARRY := $(BUILD_DIR)/bin/quarry
SAMPLE_CASE ?= out/sample.case
FUZZ_SECONDS ?= 20
FUZZ_SMOKE_RUNS ?= 6000

.PHONY: all setup build run test test-release test-sanitize fuzz-smoke fuzz bench format tidy clean

all: build

setup:
	@bash scripts/setup

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job on the built-in sample evidence.
run: build
	@rm -rf $(SAMPLE_CASE)
	@$(QUARRY) ingest samples/evidence --case $(SAMPLE_CASE)
	@echo
	@$(QUARRY) tables --case $(SAMPLE_CASE)
	@echo
	@$(QUARRY) scan --case $(SAMPLE_CASE) --rules rules
	@echo
	@echo "Detection as code: the pack's own tests, lint against the case, ATT&CK coverage, a false-positive baseline and a rule as KQL:"
	@$(QUARRY) rules test rules | tail -n 1
	@$(QUARRY) rules lint rules --case $(SAMPLE_CASE) | tail -n 1
	@$(QUARRY) rules coverage rules --case $(SAMPLE_CASE) | head -n 16
	@$(QUARRY) rules baseline rules --case $(SAMPLE_CASE) -q | head -n 6 || true
	@$(QUARRY) rules convert rules/windows/lsass_memory_access.yml --to kql --case $(SAMPLE_CASE)
	@echo
	@echo "A rule drafted from English, behind its gates (loads, lint, samples, baseline):"
	@$(QUARRY) rules draft "more than 5 failed logons from one source IP within 10 minutes" --case $(SAMPLE_CASE) --tests tests/detect/draft_examples/failed_logon_burst --dry-run | sed -n '/^Sigma rule/,$$p'
	@echo
	@echo "Failed logons in the last day of the evidence (KQL):"
	@$(QUARRY) query 'SecurityEvent | where TimeGenerated > ago(1d) | where EventID == 4625 | summarize Failures = count(), Hosts = dcount(Computer) by TargetUserName | sort by Failures' --case $(SAMPLE_CASE)
	@echo
	@echo "A question beyond the built-in grammar, linked to the case's own values and the knowledge table (draft only):"
	@$(QUARRY) hunt "s3 objects uploaded from 192.000.002.010" --case $(SAMPLE_CASE) --dry-run
	@echo
	@echo "A hunt in plain English (built-in assistant, verified, auto-approved, journalled):"
	@$(QUARRY) hunt "processes that accessed lsass in the last 12 hours" --case $(SAMPLE_CASE) --approve --author quarry-demo --technique T1003.001
	@echo
	@$(QUARRY) journal show 1 --case $(SAMPLE_CASE)
	@$(QUARRY) journal verify --case $(SAMPLE_CASE)
	@echo
	@echo "The incident's timeline around the phishing launch (events and alerts, one line each):"
	@$(QUARRY) timeline --case $(SAMPLE_CASE) --host WS01 --from 2026-03-14T09:11:50Z --to 2026-03-14T09:12:10Z --width 160
	@echo
	@echo "The incident summary (built-in, every sentence verified against the events it cites), first steps:"
	@$(QUARRY) ir summarize --case $(SAMPLE_CASE) 2>&1 | sed -n '5,9p' | cut -c1-200
	@echo
	@echo "A pasted summary checked claim by claim (one true sentence, one with the wrong host):"
	@printf 'upd.exe opened lsass.exe on WS01 at 09:31 UTC [E:3000000061].\nupd.exe opened lsass.exe on DC01 at 09:31 UTC [E:3000000061].\n' | $(QUARRY) ir verify - --case $(SAMPLE_CASE) || true
	@echo
	@echo "An agent (Claude Code, Cursor) working through quarry mcp: the query it drafted is checked, the corrected one runs, and recording it waits for a person:"
	@bash scripts/mcp_demo.sh $(QUARRY) $(SAMPLE_CASE)
	@$(QUARRY) journal approve 1 --case $(SAMPLE_CASE) --author quarry-demo --yes | tail -n 1
	@$(QUARRY) journal verify --case $(SAMPLE_CASE)
	@echo
	@echo "Quarry's own threat model (docs/quarry-threat-model.yml) against the catalog: open threats and the gaps a person must decide:"
	@$(QUARRY) threat-model check docs/quarry-threat-model.yml | tail -n 8 | cut -c1-200 || true
	@$(QUARRY) threat-model report docs/quarry-threat-model.yml -o out/quarry-threat-model.md >/dev/null || true
	@echo "Report with its data-flow diagram: out/quarry-threat-model.md (and .svg)"
	@echo
	@echo "Credentials the logs exposed (quarry secrets, one tested rule set for code, git history, evidence and redaction):"
	@$(QUARRY) secrets test | tail -n 1
	@$(QUARRY) secrets scan --case $(SAMPLE_CASE) | tail -n 7 | cut -c1-200 || true
	@echo
	@echo "The web workbench (quarry serve: overview, hunts, timeline, journal in a browser; here its API):"
	@bash scripts/serve_demo.sh $(QUARRY) $(SAMPLE_CASE)
	@echo
	@echo "A code change reviewed (quarry review: analyzers, our rules, and an AI reviewer's findings, each verified):"
	@$(QUARRY) review samples/review/change.diff --root samples/review/tree --findings samples/review/agent-findings.json --findings-engine model | grep -v '^  - ' | cut -c1-200 || true
	@echo
	@echo "The same case on ClickHouse (a two-shard cluster on loopback, started and stopped here):"
	@bash scripts/clickhouse_demo.sh $(QUARRY)

# Every test: release build (unit, data-driven, corpus, CLI and kill-and-rerun tests), then the
# unit tests again under ASan+UBSan, then each fuzz target for a fixed, seeded number of inputs.
test: test-release test-sanitize fuzz-smoke

test-release: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-sanitize: setup
	@CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DQUARRY_SANITIZE=ON -DQUARRY_FUZZ=ON >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE slow -E 'mcp[.]sdk_client'

fuzz-smoke: test-sanitize
	@bash fuzz/run.sh $(SANITIZE_DIR) 120 $(FUZZ_SMOKE_RUNS)

# A longer fuzzing session: make fuzz FUZZ_SECONDS=3600
fuzz: test-sanitize
	@bash fuzz/run.sh $(SANITIZE_DIR) $(FUZZ_SECONDS)

bench: build
	@bash bench/evtx_bench.sh $(BUILD_DIR)
	@bash bench/scan_bench.sh $(BUILD_DIR)
	@bash bench/ingest_bench.sh $(BUILD_DIR)
	@bash bench/kql_bench.sh $(BUILD_DIR)
	@bash bench/baseline_bench.sh $(BUILD_DIR)
	@bash bench/timeline_bench.sh $(BUILD_DIR)
	@bash bench/threat_model_bench.sh $(BUILD_DIR)
	@bash bench/secrets_bench.sh $(BUILD_DIR)
	@bash bench/review_bench.sh $(BUILD_DIR)
	@bash bench/serve_bench.sh $(BUILD_DIR)
	@rm -rf out/bench-mcp.case && $(QUARRY) ingest samples/evidence --case out/bench-mcp.case >/dev/null
	@python3 bench/mcp_latency.py $(QUARRY) out/bench-mcp.case

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'fuzz/*.cpp' 'bench/*.cpp')

tidy: build
	@clang-tidy -p $(BUILD_DIR) --quiet --extra-arg=-Wno-unknown-warning-option $$(git ls-files 'src/*.cpp')

clean:
	rm -rf build out
