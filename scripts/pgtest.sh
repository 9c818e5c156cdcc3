#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pgtest.sh start          start a cluster, print `export ...` lines for eval
#   scripts/pgtest.sh stop [DIR]     stop a cluster and delete its files
#   scripts/pgtest.sh run -- CMD...  start a cluster and a standby of it, run CMD with
#                                    their URLs exported, always stop both
#   scripts/pgtest.sh status [DIR]   say whether a cluster is running
#   scripts/pgtest.sh start-replica [DIR]
#                                    start a streaming-replication standby of the
#                                    cluster DIR started (pg_basebackup -R), print
#                                    `export ...` lines for eval; stop it with stop
#
# Typical use:
#   env=$(scripts/pgtest.sh start) && eval "$env"
#   go test ./...
#   scripts/pgtest.sh stop "$PANDAC_PGTEST_DIR"
#
# start prints exactly these lines on stdout (everything else goes to stderr):
#   export PANDAC_TEST_DATABASE_URL='postgres://pandac:PASSWORD@127.0.0.1:PORT/pandac_test?sslmode=disable'
#   export PANDAC_PGTEST_DIR='/tmp/pandac-pgtest.XXXXXX'
#
# start-replica prints these (the standby replicates the whole cluster, so a
# database created on the primary appears on it under the same name):
#   export PANDAC_TEST_READ_DATABASE_URL='postgres://pandac:PASSWORD@127.0.0.1:PORT2/pandac_test?sslmode=disable'
#   export PANDAC_PGTEST_REPLICA_DIR='/tmp/pandac-pgtest.YYYYYY'
# It changes the primary: a replication role (pandac_repl, random password)
# and a pg_hba line letting it replicate from 127.0.0.1, then a reload. Only
# run it against a cluster of your own.
#
# The cluster listens only on 127.0.0.1, keeps its unix socket inside its own
# directory, and trades durability for speed (fsync off): it is for tests only.
# PostgreSQL refuses to run as root, so under root the cluster belongs to the
# `postgres` OS user (created if missing); otherwise it runs as the caller.
#
# Environment knobs:
#   PANDAC_PGTEST_PORT    first port to try (default 55432; the next free one is used;
#                         a standby tries from its primary's port + 1)
#   PANDAC_PGTEST_BINDIR  directory holding initdb, pg_ctl and postgres
#   PANDAC_PGTEST_BASE    parent directory for cluster directories (default /tmp)

set -euo pipefail
shopt -s inherit_errexit

readonly DB_NAME=pandac_test
readonly DB_USER=pandac
readonly MARKER=.pandac-pgtest
readonly BASE_DIR=${PANDAC_PGTEST_BASE:-/tmp}
readonly FIRST_PORT=${PANDAC_PGTEST_PORT:-55432}
readonly PORT_ATTEMPTS=50
LAST_FILE="$BASE_DIR/pandac-pgtest.last.$(id -u)"
readonly LAST_FILE

log() { printf 'pgtest: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# has_server_bins DIR: DIR holds everything needed to create and run a cluster.
has_server_bins() {
	[ -n "$1" ] && [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]
}

# find_bindir prints the directory of the PostgreSQL server binaries, preferring
# an explicit override, then whatever initdb is on PATH, then version 15, then
# the newest installed version.
find_bindir() {
	local candidates=() p dir
	[ -n "${PANDAC_PGTEST_BINDIR:-}" ] && candidates+=("$PANDAC_PGTEST_BINDIR")
	if p=$(command -v initdb 2>/dev/null); then
		candidates+=("$(dirname "$(readlink -f "$p")")" "$(dirname "$p")")
	fi
	candidates+=(/usr/lib/postgresql/15/bin)
	while IFS= read -r dir; do
		candidates+=("$dir")
	done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
	for dir in "${candidates[@]}"; do
		if has_server_bins "$dir"; then
			printf '%s\n' "$dir"
			return 0
		fi
	done
	return 1
}

install_postgres() {
	is_root || die "PostgreSQL server binaries not found and not root, so cannot install them; install the 'postgresql' package or set PANDAC_PGTEST_BINDIR"
	command -v apt-get >/dev/null 2>&1 || die "PostgreSQL server binaries not found and apt-get is unavailable; set PANDAC_PGTEST_BINDIR"
	log "PostgreSQL server binaries not found; installing with apt-get"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	# Prefer 15 (what production runs); fall back to the distribution default.
	apt-get install -y --no-install-recommends postgresql-15 >&2 ||
		apt-get install -y --no-install-recommends postgresql >&2
}

ensure_postgres_user() {
	id -u postgres >/dev/null 2>&1 && return 0
	log "creating OS user postgres"
	if command -v useradd >/dev/null 2>&1; then
		useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
			--shell /usr/sbin/nologin postgres >&2
	elif command -v adduser >/dev/null 2>&1; then
		adduser --system --group --no-create-home --home /var/lib/postgresql postgres >&2
	else
		die "no OS user 'postgres' and neither useradd nor adduser is available"
	fi
}

# as_owner CMD...: run CMD as the cluster owner (postgres under root, else the caller),
# from /, in the C locale so a missing system locale cannot break initdb.
as_owner() {
	if is_root; then
		if command -v runuser >/dev/null 2>&1; then
			(cd / && LC_ALL=C runuser -u postgres -- "$@")
		else
			local cmd
			cmd=$(printf '%q ' "$@")
			(cd / && LC_ALL=C su -s /bin/sh postgres -c "$cmd")
		fi
	else
		(cd / && LC_ALL=C "$@")
	fi
}

# port_in_use PORT: something already accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# cluster_dir [DIR]: the cluster to act on: the argument, else $PANDAC_PGTEST_DIR,
# else the one this OS user started last.
cluster_dir() {
	local dir=${1:-${PANDAC_PGTEST_DIR:-}}
	if [ -z "$dir" ] && [ -f "$LAST_FILE" ]; then
		dir=$(cat "$LAST_FILE")
	fi
	printf '%s\n' "$dir"
}

# read_meta DIR KEY: a value recorded in the cluster's marker file.
read_meta() {
	sed -n "s/^$2=//p" "$1/$MARKER" 2>/dev/null | head -n 1
}

# destroy DIR: stop the server if it runs and delete the directory. Only touches
# directories this script created (they carry the marker file).
destroy() {
	local dir=$1 bindir
	if [ ! -d "$dir" ]; then
		return 0
	fi
	[ -f "$dir/$MARKER" ] || die "$dir is not a pgtest cluster directory (no $MARKER); refusing to delete it"
	bindir=$(read_meta "$dir" bindir)
	if [ -f "$dir/data/postmaster.pid" ] && [ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
	fi
	drop_slot "$dir"
	rm -rf -- "$dir"
	if [ -f "$LAST_FILE" ] && [ "$(cat "$LAST_FILE" 2>/dev/null)" = "$dir" ]; then
		rm -f -- "$LAST_FILE"
	fi
}

# drop_slot DIR: a standby's replication slot keeps the primary's WAL for it;
# once the standby is gone, drop the slot on the primary if that still runs.
drop_slot() {
	local dir=$1 slot primary pport psql_bin
	slot=$(read_meta "$dir" slot)
	primary=$(read_meta "$dir" primary)
	[ -n "$slot" ] && [ -n "$primary" ] && [ -f "$primary/data/postmaster.pid" ] || return 0
	pport=$(read_meta "$primary" port)
	psql_bin=$(read_meta "$dir" bindir)/psql
	[ -x "$psql_bin" ] || psql_bin=$(command -v psql) || return 0
	as_owner "$psql_bin" -X -q -h "$primary/sock" -p "$pport" -U "$DB_USER" -d postgres \
		-c "SELECT pg_drop_replication_slot('$slot') FROM pg_replication_slots WHERE slot_name = '$slot'" >/dev/null 2>&1 || true
}

# start_server BINDIR DIR FIRST_PORT: start the server of DIR/data on the
# first free port from FIRST_PORT, record it in the marker and print it.
start_server() {
	local bindir=$1 dir=$2 port=$3 attempt started=0
	for ((attempt = 0; attempt < PORT_ATTEMPTS; attempt++, port++)); do
		if port_in_use "$port"; then
			continue
		fi
		rm -f "$dir/server.log"
		if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >&2; then
			started=1
			break
		fi
		# Lost a race for the port (or it is bound but not accepting): try the next.
		if grep -q -E 'could not (bind|create listen socket)|Address already in use' "$dir/server.log" 2>/dev/null; then
			log "port $port is taken, trying the next one"
			continue
		fi
		cat "$dir/server.log" >&2 2>/dev/null || true
		die "PostgreSQL failed to start"
	done
	[ "$started" -eq 1 ] || die "no free port in $3..$(($3 + PORT_ATTEMPTS - 1))"
	printf 'port=%s\n' "$port" >>"$dir/$MARKER"
	printf '%s\n' "$port"
}

cmd_start() {
	local bindir port password url psql_bin
	# Global, not local: the cleanup trap below may run after this function unwinds.
	STARTING_DIR=

	bindir=$(find_bindir) || { install_postgres; bindir=$(find_bindir) || die "PostgreSQL installed but initdb/pg_ctl/postgres still not found"; }
	log "using $("$bindir/postgres" --version) from $bindir"

	if is_root; then
		ensure_postgres_user
	fi

	mkdir -p "$BASE_DIR"
	STARTING_DIR=$(mktemp -d "$BASE_DIR/pandac-pgtest.XXXXXX")
	local dir=$STARTING_DIR
	# From here on a failure or an interrupt removes the half-built cluster.
	trap 'destroy "$STARTING_DIR"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	chmod 0700 "$dir"
	printf 'bindir=%s\n' "$bindir" >"$dir/$MARKER"
	mkdir -p "$dir/data" "$dir/sock"
	password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	printf '%s\n' "$password" >"$dir/pwfile"
	if is_root; then
		chown -R postgres: "$dir"
	fi

	as_owner "$bindir/initdb" -D "$dir/data" -U "$DB_USER" --pwfile="$dir/pwfile" \
		--auth-local=trust --auth-host=scram-sha-256 \
		--encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	rm -f "$dir/pwfile"

	cat >>"$dir/data/postgresql.conf" <<EOF

# pgtest: throwaway cluster for tests; durability traded for speed.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 1GB
checkpoint_timeout = 30min
max_parallel_workers_per_gather = 0
timezone = 'UTC'
log_timezone = 'UTC'
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
# What start-replica needs of a primary (PostgreSQL 15's defaults, stated).
wal_level = replica
max_wal_senders = 5
EOF
	# Loopback TCP only, password required; the unix socket sits in a private directory.
	cat >"$dir/data/pg_hba.conf" <<EOF
local all all                trust
host  all all 127.0.0.1/32   scram-sha-256
EOF
	if is_root; then
		chown postgres: "$dir/data/postgresql.conf" "$dir/data/pg_hba.conf"
	fi

	port=$(start_server "$bindir" "$dir" "$FIRST_PORT")

	psql_bin=$bindir/psql
	[ -x "$psql_bin" ] || psql_bin=$(command -v psql) || die "psql not found"
	as_owner "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U "$DB_USER" -d postgres \
		-c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2

	url="postgres://$DB_USER:$password@127.0.0.1:$port/$DB_NAME?sslmode=disable"
	# Prove the URL the tests will use works: TCP, password auth, database present.
	"$psql_bin" -X -q -t -A -v ON_ERROR_STOP=1 -d "$url" -c 'SELECT 1' >/dev/null ||
		die "cluster started but $url does not accept connections"

	# A standby (start-replica) answers with the same roles; it needs the URL.
	printf 'url=%s\n' "$url" >>"$dir/$MARKER"
	printf '%s\n' "$dir" >"$LAST_FILE"
	trap - EXIT INT TERM
	log "cluster running in $dir on 127.0.0.1:$port"
	printf "export PANDAC_TEST_DATABASE_URL='%s'\n" "$url"
	printf "export PANDAC_PGTEST_DIR='%s'\n" "$dir"
}

cmd_start_replica() {
	local primary bindir pport url rport rurl psql_bin role=pandac_repl rpass i state=
	primary=$(cluster_dir "${1:-}")
	[ -n "$primary" ] && [ -f "$primary/$MARKER" ] || die "usage: $0 start-replica DIR (DIR: a running cluster from start)"
	bindir=$(read_meta "$primary" bindir)
	pport=$(read_meta "$primary" port)
	url=$(read_meta "$primary" url)
	if [ -z "$url" ]; then
		# A cluster started before its URL was recorded: take it from the
		# environment when it names the same port.
		case "${PANDAC_TEST_DATABASE_URL:-}" in
		*"@127.0.0.1:$pport/"*) url=$PANDAC_TEST_DATABASE_URL ;;
		*) die "$primary does not record its URL; set PANDAC_TEST_DATABASE_URL to it" ;;
		esac
	fi
	[ -x "$bindir/pg_basebackup" ] || die "pg_basebackup not found in $bindir"
	psql_bin=$bindir/psql
	[ -x "$psql_bin" ] || psql_bin=$(command -v psql) || die "psql not found"

	# The primary: a role that may only replicate, allowed in over loopback TCP.
	rpass=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	as_owner "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$primary/sock" -p "$pport" -U "$DB_USER" -d postgres \
		-c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role WITH REPLICATION LOGIN PASSWORD '$rpass'" >&2
	if ! grep -q "^host  *replication  *$role " "$primary/data/pg_hba.conf"; then
		printf 'host  replication %s 127.0.0.1/32 scram-sha-256\n' "$role" >>"$primary/data/pg_hba.conf"
		as_owner "$bindir/pg_ctl" -D "$primary/data" reload >&2
	fi

	STARTING_DIR=$(mktemp -d "$BASE_DIR/pandac-pgtest.XXXXXX")
	local dir=$STARTING_DIR
	trap 'destroy "$STARTING_DIR"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	chmod 0700 "$dir"
	# A physical replication slot, so the primary keeps the WAL the standby
	# has not received yet, however far a busy test run puts it behind or
	# however long its connection is down.
	local slot
	slot=pandac_$(basename "$dir" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
	printf 'bindir=%s\nprimary=%s\nslot=%s\n' "$bindir" "$primary" "$slot" >"$dir/$MARKER"
	mkdir -p "$dir/sock"
	if is_root; then
		chown -R postgres: "$dir"
	fi
	# -R writes standby.signal and primary_conninfo (with the role's password,
	# inside this private directory) and primary_slot_name; -X stream copies
	# the WAL written meanwhile; -C -S creates the slot.
	as_owner "$bindir/pg_basebackup" -D "$dir/data" -R -X stream -C -S "$slot" -c fast --no-sync \
		-d "host=127.0.0.1 port=$pport user=$role password=$rpass application_name=pandac_replica" >"$dir/basebackup.log" 2>&1 ||
		{ cat "$dir/basebackup.log" >&2; die "pg_basebackup from 127.0.0.1:$pport failed"; }
	# The copied configuration is the primary's: give the standby its own
	# socket directory, and let long reports finish (feedback stops vacuum on
	# the primary removing rows they still read).
	cat >>"$dir/data/postgresql.conf" <<EOF

# pgtest standby of $primary
unix_socket_directories = '$dir/sock'
hot_standby = on
hot_standby_feedback = on
EOF
	if is_root; then
		chown -R postgres: "$dir/data"
	fi
	rport=$(start_server "$bindir" "$dir" "$((pport + 1))")

	# Wait until the standby streams from the primary, not merely accepts connections.
	for ((i = 0; i < 60; i++)); do
		state=$(as_owner "$psql_bin" -X -q -t -A -h "$dir/sock" -p "$rport" -U "$DB_USER" -d postgres \
			-c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null || true)
		[ "$state" = streaming ] && break
		sleep 0.5
	done
	[ "$state" = streaming ] || { cat "$dir/server.log" >&2 2>/dev/null || true; die "standby did not start streaming (wal receiver: ${state:-none})"; }

	rurl=$(printf '%s' "$url" | sed "s|@127.0.0.1:$pport/|@127.0.0.1:$rport/|")
	"$psql_bin" -X -q -t -A -v ON_ERROR_STOP=1 -d "$rurl" -c 'SELECT pg_is_in_recovery()' | grep -qx t ||
		die "standby started but $rurl is not in recovery"
	trap - EXIT INT TERM
	log "standby of 127.0.0.1:$pport streaming in $dir on 127.0.0.1:$rport"
	printf "export PANDAC_TEST_READ_DATABASE_URL='%s'\n" "$rurl"
	printf "export PANDAC_PGTEST_REPLICA_DIR='%s'\n" "$dir"
}

cmd_stop() {
	local dir
	dir=$(cluster_dir "${1:-}")
	if [ -z "$dir" ]; then
		log "no cluster to stop"
		return 0
	fi
	destroy "$dir"
	log "stopped and removed $dir"
}

cmd_status() {
	local dir bindir
	dir=$(cluster_dir "${1:-}")
	if [ -z "$dir" ] || [ ! -f "$dir/$MARKER" ]; then
		echo "no cluster"
		return 1
	fi
	bindir=$(read_meta "$dir" bindir)
	if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		echo "running: $dir on 127.0.0.1:$(read_meta "$dir" port)"
	else
		echo "not running: $dir"
		return 1
	fi
}

cmd_run() {
	[ "${1:-}" = "--" ] && shift
	[ $# -gt 0 ] || die "usage: $0 run -- COMMAND [ARGS...]"
	local env rc=0
	# Stop the cluster however the command ends, Ctrl-C included; never touch a
	# cluster this invocation did not start.
	PANDAC_PGTEST_DIR=
	PANDAC_PGTEST_REPLICA_DIR=
	trap '[ -z "$PANDAC_PGTEST_REPLICA_DIR" ] || cmd_stop "$PANDAC_PGTEST_REPLICA_DIR"; [ -z "$PANDAC_PGTEST_DIR" ] || cmd_stop "$PANDAC_PGTEST_DIR"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	env=$(cmd_start)
	eval "$env"
	export PANDAC_TEST_DATABASE_URL PANDAC_PGTEST_DIR
	# A standby too, for the read replica tests.
	env=$(cmd_start_replica "$PANDAC_PGTEST_DIR")
	eval "$env"
	export PANDAC_TEST_READ_DATABASE_URL PANDAC_PGTEST_REPLICA_DIR
	"$@" || rc=$?
	exit "$rc"
}

usage() {
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

case "${1:-}" in
start) cmd_start ;;
start-replica) shift; cmd_start_replica "$@" ;;
stop) shift; cmd_stop "$@" ;;
status) shift; cmd_status "$@" ;;
run) shift; cmd_run "$@" ;;
*) usage ;;
esac
