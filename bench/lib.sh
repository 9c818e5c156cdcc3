# Shared by scripts/bench.sh and scripts/bench-peer.sh (sourced, not run).
# Knobs (environment):
#   BENCH_DURATION   seconds per measurement (default 10)
#   BENCH_PRODUCTS, BENCH_CUSTOMERS, BENCH_SALES   data size (10000, 2000, 50000)
#   BENCH_PORT       first loopback port for the servers (default 18080)
#   BENCH_OPS        operations scripts/bench.sh measures (default q1 q2 q3 analytics checkout)
#   BENCH_STEADY     fraction of each operation's wrk peak that scripts/bench.sh
#                    then asks for at a constant arrival rate with bench/steady
#                    (default 0.5; at least 1 request/s; 0 skips the steady runs)

BENCH_DURATION=${BENCH_DURATION:-10}
BENCH_PRODUCTS=${BENCH_PRODUCTS:-10000}
BENCH_CUSTOMERS=${BENCH_CUSTOMERS:-2000}
BENCH_SALES=${BENCH_SALES:-50000}
BENCH_PORT=${BENCH_PORT:-18080}
BENCH_STEADY=${BENCH_STEADY:-0.5}
ADMIN_USER=benchadmin
ADMIN_PASS=bench-admin-password-1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export GOFLAGS="${GOFLAGS:--buildvcs=false -trimpath}"
WORK=$(mktemp -d /tmp/pandac-bench.XXXXXX)
PIDS=()
PG_STARTED=

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [ -n "$PG_STARTED" ]; then
		scripts/pgtest.sh stop "$PANDAC_PGTEST_DIR" >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

need_tools() {
	command -v wrk >/dev/null || {
		log "wrk not found; installing the Debian package"
		apt-get install -y wrk >&2 || die "install wrk (apt-get install wrk)"
	}
	local t
	for t in pgbench psql jq curl "$@"; do
		command -v "$t" >/dev/null || die "$t is required"
	done
}

build() {
	log "building bin/pandac"
	go build -o bin/pandac ./cmd/pandac
}

build_steady() {
	go build -o "$WORK/steady" ./bench/steady
}

# start_pg starts a throwaway cluster, creates the benchmark database and sets
# DB_URL to it.
start_pg() {
	local env
	env=$(scripts/pgtest.sh start) || die "could not start PostgreSQL"
	eval "$env"
	PG_STARTED=1
	psql "$PANDAC_TEST_DATABASE_URL" -qc "CREATE DATABASE pandac_bench" >/dev/null
	DB_URL=${PANDAC_TEST_DATABASE_URL/\/pandac_test\?//pandac_bench?}
	export DB_URL
}

# seed loads the data with `pandac seed`, then lists product ids for the load
# generators.
seed() {
	local start=$SECONDS
	log "seeding with pandac seed"
	DATABASE_URL=$DB_URL bin/pandac seed --products "$BENCH_PRODUCTS" --customers "$BENCH_CUSTOMERS" --sales "$BENCH_SALES" >&2
	log "seeded in $((SECONDS - start)) s"
	# Plenty of stock, so checkouts measure checkout, not INSUFFICIENT_STOCK.
	psql "$DB_URL" -qc "UPDATE inventories SET quantity = GREATEST(quantity, 1000000)" >/dev/null
	psql "$DB_URL" -q >/dev/null <<-'SQL'
		CREATE TABLE bench_ids AS SELECT (row_number() OVER (ORDER BY id))::int AS k, id FROM products;
		ALTER TABLE bench_ids ADD PRIMARY KEY (k);
		VACUUM ANALYZE;
	SQL
	NIDS=$(psql "$DB_URL" -Atc "SELECT count(*) FROM bench_ids")
	psql "$DB_URL" -Atc "SELECT id FROM products ORDER BY random() LIMIT 2000" >"$WORK/ids.txt"
	FIRST_ID=$(head -1 "$WORK/ids.txt")
}

wait_http() { # URL [tries]
	local i
	for ((i = 0; i < ${2:-600}; i++)); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# start_pandac starts the server on the benchmark database (logging at warn, so
# the per-request log line is not what gets measured) and sets PANDAC_PID/URL.
start_pandac() {
	local port=$BENCH_PORT
	PANDAC_ADDR=127.0.0.1:$port DATABASE_URL=$DB_URL PANDAC_LOG_LEVEL=warn PANDAC_RATE_LIMIT=${PANDAC_RATE_LIMIT:-0} \
		PANDAC_ADMIN_USERNAME=$ADMIN_USER PANDAC_ADMIN_PASSWORD=$ADMIN_PASS \
		PANDAC_PPROF_ADDR=${PANDAC_PPROF_ADDR:-} \
		bin/pandac serve >"$WORK/pandac.log" 2>&1 &
	PANDAC_PID=$!
	PIDS+=("$PANDAC_PID")
	PANDAC_URL=http://127.0.0.1:$port/graphql
	wait_http "http://127.0.0.1:$port/health" || { cat "$WORK/pandac.log" >&2; die "pandac did not start"; }
}

# login sets TOKEN when the server has the login mutation (empty otherwise:
# before auth landed every field was open).
login() {
	TOKEN=
	local resp
	resp=$(curl -fsS "$PANDAC_URL" -H 'Content-Type: application/json' \
		-d "$(jq -n --arg u "$ADMIN_USER" --arg p "$ADMIN_PASS" \
			'{query: "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { accessToken } }", variables: {u: $u, p: $p}}')" || true)
	TOKEN=$(jq -r '.data.login.accessToken // empty' <<<"$resp" 2>/dev/null || true)
	if [ -n "$TOKEN" ]; then log "logged in as $ADMIN_USER"; else log "no login mutation answered; running without a token"; fi
	export TOKEN
}

# body NAME QUERYFILE [VARIABLES-JSON]: writes $WORK/NAME.json.
body() {
	local vars=${3:-'{}'}
	jq -n --rawfile q "$2" --argjson v "$vars" '{query: $q, variables: $v}' >"$WORK/$1.json"
}

# check_body NAME URL: one request with a real id must answer without errors.
check_body() {
	local b resp
	b=$(sed -e "s/\\\$ID[0-9]*/$FIRST_ID/g" -e "s/\\\$KEY/check-$RANDOM$RANDOM/" "$WORK/$1.json")
	resp=$(curl -sS "$2" -H 'Content-Type: application/json' ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$b")
	if jq -e '.errors or (.data == null)' >/dev/null <<<"$resp"; then
		log "$1 answers with errors: $(head -c 400 <<<"$resp")"
		return 1
	fi
}

# to_ms VALUE: wrk latency ("812.00us", "1.20ms", "1.01s") in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }'
}

# run_wrk NAME URL [CONNECTIONS]: 2 threads, 32 connections unless given;
# sets RPS P50 P99 FAILS. A request times out after 10 s (wrk's 2 s would
# count a heavy report as a failure).
run_wrk() {
	local out
	out=$(BENCH_BODY="$WORK/$1.json" BENCH_IDS="$WORK/ids.txt" BENCH_TOKEN="$TOKEN" \
		wrk -t2 -c"${3:-32}" -d"${BENCH_DURATION}s" --timeout 10s --latency -s bench/graphql.lua "$2")
	printf '%s\n' "$out" >"$WORK/wrk-$1-$(date +%s%N).txt"
	RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
	P50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
	P99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
	FAILS=$(awk '/^BENCH_FAILURES/ {print $2}' <<<"$out")
	local errs
	errs=$(awk '/Socket errors|Non-2xx/' <<<"$out")
	[ -n "$errs" ] && log "$1: $errs"
	log "$1: ${RPS} req/s p50 ${P50} ms p99 ${P99} ms, failed responses ${FAILS:-?}"
}

# run_steady NAME URL RATE: bench/steady at RATE requests/s (open loop,
# latency from each request's due time) for BENCH_DURATION seconds; sets
# S_RATE S_P50 S_P99 S_P999 S_MAX S_FAILED S_DROPPED S_LATE.
run_steady() {
	local out
	out=$(BENCH_TOKEN="$TOKEN" "$WORK/steady" -url "$2" -body "$WORK/$1.json" -ids "$WORK/ids.txt" \
		-rate "$3" -duration "${BENCH_DURATION}s" 2>"$WORK/steady-$1.err") || {
		cat "$WORK/steady-$1.err" >&2
		die "bench/steady $1 failed"
	}
	printf '%s\n' "$out" >"$WORK/steady-$1-$(date +%s%N).txt"
	local k
	for k in rate p50 p99 p999 max failed dropped late; do
		printf -v "S_${k^^}" '%s' "$(awk -v k="$k" '/^STEADY/ { for (i = 2; i <= NF; i++) { split($i, f, "="); if (f[1] == k) print f[2] } }' <<<"$out")"
	done
	log "$1 steady: asked $3/s, got ${S_RATE}/s, p50 ${S_P50} ms p99 ${S_P99} ms p99.9 ${S_P999} ms max ${S_MAX} ms, failed ${S_FAILED}, dropped ${S_DROPPED}, sent late ${S_LATE}"
}

# steady_rate RPS: BENCH_STEADY of RPS, at least 1 (requests/s).
steady_rate() { awk -v r="$1" -v f="$BENCH_STEADY" 'BEGIN { x = r * f; if (x < 1) x = 1; printf "%.1f", x }'; }

# latency_verdict P99 FAILED DROPPED MAX_MS: "ok" when p99 is under MAX_MS and
# nothing failed or was dropped, else "MISS".
latency_verdict() {
	awk -v p="$1" -v f="$2" -v d="$3" -v m="$4" 'BEGIN {
		if (p != "" && p != "-" && p + 0 < m && f == 0 && d == 0) print "ok"; else print "MISS" }'
}

# run_pgbench NAME FILE [CLIENTS]: 16 clients unless given, prepared
# statements; sets RPS P50 P99.
run_pgbench() {
	local out dir=$WORK/pgb-$1
	mkdir -p "$dir"
	out=$(cd "$dir" && pgbench -n -M prepared -c "${3:-16}" -j 2 -T "$BENCH_DURATION" -D nids="$NIDS" \
		-l --log-prefix="$dir/log" -f "$ROOT/$2" "$DB_URL" 2>&1) || { printf '%s\n' "$out" >&2; die "pgbench $1 failed"; }
	RPS=$(awk '/^tps = / {printf "%.0f", $3; exit}' <<<"$out")
	# Per-transaction log: the third field is the latency in microseconds.
	read -r P50 P99 < <(cat "$dir"/log* | awk '{print $3}' | sort -n | awk '
		{ v[NR] = $1 } END { if (NR == 0) { print "- -"; exit }
		i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
		printf "%.2f %.2f\n", v[i50] / 1000, v[i99] / 1000 }')
	local failed
	failed=$(awk '/number of failed transactions/ {print $5}' <<<"$out")
	log "raw $1: ${RPS} tps p50 ${P50} ms p99 ${P99} ms${failed:+, failed $failed}"
}

peak_rss() { awk '/^VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$1/status"; }

# startup_time: ms from exec to the first 200 from /health on a new, empty
# SQLite file (the schema is created during start-up), best of three.
startup_time() {
	local best= i t0 t1 pid ms
	for i in 1 2 3; do
		rm -f "$WORK/empty.db"*
		t0=$(date +%s%N)
		PANDAC_ADDR=127.0.0.1:$((BENCH_PORT + 9)) DATABASE_URL=sqlite:$WORK/empty.db PANDAC_LOG_LEVEL=warn \
			bin/pandac serve >/dev/null 2>&1 &
		pid=$!
		PIDS+=("$pid")
		until curl -fsS -o /dev/null "http://127.0.0.1:$((BENCH_PORT + 9))/health" 2>/dev/null; do sleep 0.005; done
		t1=$(date +%s%N)
		kill "$pid"
		wait "$pid" 2>/dev/null || true
		ms=$(((t1 - t0) / 1000000))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# verdict RATIO MIN: "ok" or "MISS".
verdict() { awk -v r="$1" -v m="$2" 'BEGIN { if (r != "-" && r + 0 >= m) print "ok"; else print "MISS" }'; }

load_note() { printf '%s, %s cores' "$(uptime | sed 's/.*load average/load average/')" "$(nproc)"; }

# source_note: the commit the measured binary was built from, and whether the
# tree had changes on top of it, so a table can be tied to its code.
source_note() {
	local rev
	rev=$(git rev-parse --short HEAD 2>/dev/null) || { echo "not a git checkout"; return; }
	if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		echo "$rev with uncommitted changes"
	else
		echo "$rev"
	fi
}
