#!/usr/bin/env bash
# Browser test of the playground, dashboard and API reference against a real
# pandac: builds the binary, starts it on a free loopback port with a fresh
# SQLite database, seeds demo data and drives the pages in headless Chromium.
#
#   test/browser/run.sh
#
# Screenshots go to artifacts/screenshots/, the server's log to
# artifacts/browser-server.log. The last line is "N passed, M failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
artifacts="$root/artifacts"
mkdir -p "$artifacts/screenshots"

fail() {
	echo "browser test: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

# (a) Chromium from Debian; Playwright's own browser download is not used.
if [ ! -x /usr/bin/chromium ]; then
	echo "installing chromium (apt)"
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get update -qq || fail "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
		chromium fonts-dejavu-core >/dev/null || fail "could not install chromium"
fi

# (b) The test's own dependency (playwright-core, no browser download).
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || fail "npm ci failed"

# (c) Build and start the server.
(cd "$root" && go build -o bin/pandac ./cmd/pandac) || fail "go build failed"

port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
tmp=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

export PANDAC_ADDR="127.0.0.1:$port"
export DATABASE_URL="sqlite:$tmp/pandac.db"
export PANDAC_ADMIN_USERNAME=admin
export PANDAC_ADMIN_PASSWORD=admin-pass-123
export PANDAC_JWT_SECRET="browser-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
base="http://127.0.0.1:$port"

(cd "$tmp" && exec "$root/bin/pandac" serve) >"$artifacts/browser-server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 100); do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		tail -n 30 "$artifacts/browser-server.log" >&2 || true
		fail "the server exited during start-up"
	fi
	if node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$base/ready"; then
		ready=1
		break
	fi
	sleep 0.2
done
[ -n "$ready" ] || fail "the server did not become ready at $base/ready within 20 s"

(cd "$tmp" && "$root/bin/pandac" seed) >>"$artifacts/browser-server.log" 2>&1 || fail "pandac seed failed (see artifacts/browser-server.log)"

# (d) Drive the pages.
cd "$here"
BASE_URL="$base" ADMIN_USERNAME="$PANDAC_ADMIN_USERNAME" ADMIN_PASSWORD="$PANDAC_ADMIN_PASSWORD" \
	SCREENSHOT_DIR="$artifacts/screenshots" CHROMIUM=/usr/bin/chromium \
	node browser.test.mjs
