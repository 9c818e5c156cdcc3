#!/usr/bin/env bash
# make bench: Pandac beside PostgreSQL's own limit, on one machine.
#
# Starts a throwaway PostgreSQL (scripts/pgtest.sh), seeds it (10k products,
# 2k customers, 50k sales), starts `pandac serve` on it on loopback, logs in as
# admin, then measures with wrk (2 threads, 32 connections, 10 s, --latency)
#   Q1  first 50 products by name with price and on-hand quantity
#   Q2  latest 20 sales with customer name and lines with product name
#   Q3  one product by id (node)
#   A   salesAnalytics: 90 days by DAY x CATEGORY (sale count, units, net)
#   C   checkout of 3 random products, one unit each, cash
# and the same work as raw SQL with pgbench (-M prepared, 16 clients, 10 s) on
# the same database, and prints rps, p50, p99 and ours/raw for each, plus the
# server's peak RSS under load and its start-up time on an empty SQLite file.
# After each operation's wrk run, bench/steady asks for half of the rate wrk
# reached at a constant arrival rate (open loop, for BENCH_DURATION seconds)
# and a second table gives p50, p99, p99.9 and max there, against the target
# p99 < 20 ms. wrk's saturating, closed-loop run stays the throughput figure.
# The GraphQL operations are bench/*.graphql, the raw SQL bench/raw_*.sql.
# Knobs: see bench/lib.sh (BENCH_DURATION, BENCH_SALES, ...).
#
# Only loopback addresses are used. The load generator, the server and
# PostgreSQL share the machine's cores: the numbers are for comparison on the
# same machine, not absolute capacity.
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"

need_tools
build
[ "$BENCH_STEADY" = 0 ] || build_steady
log "start-up on an empty SQLite file"
STARTUP_MS=$(startup_time)
start_pg
seed
start_pandac
login

body q1 bench/q1.graphql
body q2 bench/q2.graphql
body q3 bench/q3.graphql '{"id": "$ID"}'
body analytics bench/analytics.graphql "{\"from\": \"$(date -u -d '90 days ago' +%FT%TZ)\", \"to\": \"$(date -u +%FT%TZ)\"}"
body checkout bench/checkout.graphql '{"key": "$KEY", "p1": "$ID1", "p2": "$ID2", "p3": "$ID3"}'

# BENCH_OPS picks some of them (default all, in this order).
BENCH_OPS=${BENCH_OPS:-q1 q2 q3 analytics checkout}
LOAD_BEFORE=$(load_note)
# A report reads 150,000 lines per call: four clients each side keep both
# queues short, so the figures compare the work, not the queueing.
declare -A CONNS=([analytics]=4)
declare -A OURS_RPS OURS_P50 OURS_P99 RAW_RPS RAW_P50 RAW_P99
declare -A ST_ASK ST_RATE ST_P50 ST_P99 ST_P999 ST_MAX ST_FAILED ST_DROPPED
# Reads first, then writes, so checkouts do not change what the reads see.
for op in $BENCH_OPS; do
	if check_body "$op" "$PANDAC_URL"; then
		run_wrk "$op" "$PANDAC_URL" "${CONNS[$op]:-32}"
		if [ "${FAILS:-0}" != 0 ]; then log "$op: $FAILS responses failed; its numbers are not valid"; fi
		OURS_RPS[$op]=$RPS OURS_P50[$op]=$P50 OURS_P99[$op]=$P99
		if [ "$BENCH_STEADY" != 0 ]; then
			ST_ASK[$op]=$(steady_rate "$RPS")
			run_steady "$op" "$PANDAC_URL" "${ST_ASK[$op]}"
			ST_RATE[$op]=$S_RATE ST_P50[$op]=$S_P50 ST_P99[$op]=$S_P99 ST_P999[$op]=$S_P999
			ST_MAX[$op]=$S_MAX ST_FAILED[$op]=$S_FAILED ST_DROPPED[$op]=$S_DROPPED
		fi
	else
		OURS_RPS[$op]=- OURS_P50[$op]=- OURS_P99[$op]=-
	fi
	run_pgbench "$op" "bench/raw_$op.sql" "${CONNS[$op]:-16}"
	RAW_RPS[$op]=$RPS RAW_P50[$op]=$P50 RAW_P99[$op]=$P99
done
RSS=$(peak_rss "$PANDAC_PID")
LOAD_AFTER=$(load_note)

declare -A TARGET=([q1]=0.40 [q2]=0.50 [q3]=0.40 [analytics]=0.50 [checkout]=0.50)
declare -A LABEL=([q1]="Q1 products" [q2]="Q2 sales" [q3]="Q3 by id" [analytics]="A analytics" [checkout]="C checkout")
printf '\n%-12s | %9s %8s %8s | %9s %8s %8s | %9s %6s\n' \
	"operation" "ours rps" "p50 ms" "p99 ms" "raw tps" "p50 ms" "p99 ms" "ours/raw" "target"
printf -- '-------------+------------------------------+------------------------------+-----------------\n'
for op in $BENCH_OPS; do
	r=$(ratio "${OURS_RPS[$op]}" "${RAW_RPS[$op]}")
	printf '%-12s | %9s %8s %8s | %9s %8s %8s | %9s %6s\n' "${LABEL[$op]}" \
		"${OURS_RPS[$op]}" "${OURS_P50[$op]}" "${OURS_P99[$op]}" \
		"${RAW_RPS[$op]}" "${RAW_P50[$op]}" "${RAW_P99[$op]}" \
		"$r" "$(verdict "$r" "${TARGET[$op]}") >=${TARGET[$op]}"
done
if [ "$BENCH_STEADY" != 0 ]; then
	printf '\nat a steady rate (%s of the wrk rate, open loop, %s s; latency from each request'"'"'s due time)\n' "$BENCH_STEADY" "$BENCH_DURATION"
	printf '%-12s | %8s %8s | %8s %8s %8s %8s | %6s %7s | %s\n' \
		"operation" "asked/s" "got/s" "p50 ms" "p99 ms" "p99.9 ms" "max ms" "failed" "dropped" "target"
	printf -- '-------------+-------------------+-------------------------------------+----------------+----------------\n'
	for op in $BENCH_OPS; do
		if [ -z "${ST_ASK[$op]:-}" ]; then
			printf '%-12s | %8s\n' "${LABEL[$op]}" "-"
			continue
		fi
		printf '%-12s | %8s %8s | %8s %8s %8s %8s | %6s %7s | %s\n' "${LABEL[$op]}" \
			"${ST_ASK[$op]}" "${ST_RATE[$op]}" "${ST_P50[$op]}" "${ST_P99[$op]}" "${ST_P999[$op]}" "${ST_MAX[$op]}" \
			"${ST_FAILED[$op]}" "${ST_DROPPED[$op]}" \
			"$(latency_verdict "${ST_P99[$op]}" "${ST_FAILED[$op]}" "${ST_DROPPED[$op]}" 20) p99<20ms"
	done
	printf 'p99.9 is the maximum when an operation has fewer than 1,000 requests (rate x duration); the target also needs 0 failed and 0 dropped.\n'
fi
printf '\ndata: %s products, %s customers, %s sales; wrk -t2 -c32 -d%ss; pgbench -M prepared -c16 -j2 -T%s (A: 4 connections each)\n' \
	"$BENCH_PRODUCTS" "$BENCH_CUSTOMERS" "$BENCH_SALES" "$BENCH_DURATION" "$BENCH_DURATION"
printf 'pandac peak RSS under the benchmark (VmHWM): %s\n' "$RSS"
printf 'pandac start-up on an empty SQLite file (exec to first /health 200, best of 3): %s ms\n' "$STARTUP_MS"
printf 'machine: before %s; after %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
printf 'pandac: %s\n' "$(source_note)"
