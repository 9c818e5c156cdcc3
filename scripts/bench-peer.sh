#!/usr/bin/env bash
# make bench-peer: Pandac beside PostGraphile 4 on the very same data.
#
# Starts a throwaway PostgreSQL, seeds it as scripts/bench.sh does, serves it
# with `pandac serve` and with PostGraphile (npm postgraphile@4, installed into
# a temporary directory unless POSTGRAPHILE_DIR names one that has it), and
# measures Q1-Q3 against both with wrk (2 threads, 32 connections, 10 s,
# --latency). The PostGraphile operations (bench/peer_q*.graphql) ask for the
# same rows and columns as ours (bench/q*.graphql). Loopback only.
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"

need_tools node npm
build
PG_DIR=${POSTGRAPHILE_DIR:-}
if [ -z "$PG_DIR" ] || [ ! -x "$PG_DIR/node_modules/.bin/postgraphile" ]; then
	PG_DIR=$WORK/postgraphile
	mkdir -p "$PG_DIR"
	log "installing postgraphile@4 into $PG_DIR"
	(cd "$PG_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund postgraphile@4 >&2)
fi
start_pg
seed
start_pandac
login

PEER_PORT=$((BENCH_PORT + 1))
"$PG_DIR/node_modules/.bin/postgraphile" -c "$DB_URL" --host 127.0.0.1 --port "$PEER_PORT" \
	--disable-graphiql --disable-query-log >"$WORK/postgraphile.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")
PEER_URL=http://127.0.0.1:$PEER_PORT/graphql
for _ in $(seq 1 600); do
	curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$PEER_URL" && break
	sleep 0.1
done

body q1 bench/q1.graphql
body q2 bench/q2.graphql
body q3 bench/q3.graphql '{"id": "$ID"}'
body peer_q1 bench/peer_q1.graphql
body peer_q2 bench/peer_q2.graphql
body peer_q3 bench/peer_q3.graphql '{"id": "$ID"}'

LOAD_BEFORE=$(load_note)
declare -A O_RPS O_P50 O_P99 P_RPS P_P50 P_P99
for op in q1 q2 q3; do
	check_body "$op" "$PANDAC_URL" || die "$op fails on pandac"
	run_wrk "$op" "$PANDAC_URL"
	O_RPS[$op]=$RPS O_P50[$op]=$P50 O_P99[$op]=$P99
	# PostGraphile is open (no token); the header is ignored if sent.
	check_body "peer_$op" "$PEER_URL" || die "$op fails on PostGraphile"
	run_wrk "peer_$op" "$PEER_URL"
	P_RPS[$op]=$RPS P_P50[$op]=$P50 P_P99[$op]=$P99
done
O_RSS=$(peak_rss "$PANDAC_PID")
P_RSS=$(peak_rss "$PEER_PID")
LOAD_AFTER=$(load_note)

declare -A LABEL=([q1]="Q1 products" [q2]="Q2 sales" [q3]="Q3 by id")
printf '\n%-12s | %9s %8s %8s | %9s %8s %8s | %10s %6s\n' \
	"operation" "ours rps" "p50 ms" "p99 ms" "peer rps" "p50 ms" "p99 ms" "ours/peer" "target"
printf -- '-------------+------------------------------+------------------------------+------------------\n'
for op in q1 q2 q3; do
	r=$(ratio "${O_RPS[$op]}" "${P_RPS[$op]}")
	printf '%-12s | %9s %8s %8s | %9s %8s %8s | %10s %6s\n' "${LABEL[$op]}" \
		"${O_RPS[$op]}" "${O_P50[$op]}" "${O_P99[$op]}" "${P_RPS[$op]}" "${P_P50[$op]}" "${P_P99[$op]}" \
		"$r" "$(verdict "$r" 4) >=4"
done
printf '\npeer: PostGraphile %s on node %s\n' "$("$PG_DIR/node_modules/.bin/postgraphile" --version 2>/dev/null | tail -1)" "$(node --version)"
printf 'data: %s products, %s customers, %s sales; wrk -t2 -c32 -d%ss\n' "$BENCH_PRODUCTS" "$BENCH_CUSTOMERS" "$BENCH_SALES" "$BENCH_DURATION"
printf 'peak RSS (VmHWM): pandac %s, PostGraphile %s\n' "$O_RSS" "$P_RSS"
printf 'machine: before %s; after %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
printf 'pandac: %s\n' "$(source_note)"
