#!/usr/bin/env bash
# The npm package as a user gets it: `npm pack` (which builds first, `prepack`), then the tarball
# installed into an empty prefix and run from an empty directory, far from this checkout's
# node_modules: `destination-heap --version`, `spec`, and a small `send` to a sandbox started from
# the installed package. Runs in CI (.ci/run); runnable by hand from a checkout after `npm ci`.
# Needs the npm registry (the package's dependencies), nothing else; reads no stdin.
#
# Exit codes: 0 passed; 1 a check failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/destination-heap-pack.XXXXXX")
sandbox_pid=
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '\n=== pack-test: %s\n' "$*" >&2; }
fail() { printf '\npack-test: FAILED: %s\n' "$*" >&2; exit 1; }

log "npm pack (prepack builds dist/)"
tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)
tarball="$work/$tarball"
[ -f "$tarball" ] || fail "npm pack did not write a tarball"
contents=$(tar -tzf "$tarball")
for path in package/dist/src/cli/main.js package/dist/spec.json package/dist/package.json package/spec.json; do
  grep -qx "$path" <<<"$contents" || fail "the tarball lacks $path"
done
if grep -q '^package/\(src\|test\|integration_tests\|bench\|dist/bench\)/' <<<"$contents"; then
  fail "the tarball carries sources, tests or benchmarks: $(grep '^package/\(src\|test\|integration_tests\|bench\|dist/bench\)/' <<<"$contents" | head -3)"
fi
echo "$(wc -l <<<"$contents") files, $(du -k "$tarball" | cut -f1) KiB" >&2

log "npm install -g --prefix <empty> <tarball>"
prefix="$work/prefix"
npm install --global --prefix "$prefix" --no-audit --no-fund --prefer-offline "$tarball" >&2
bin="$prefix/bin/destination-heap"
[ -x "$bin" ] || fail "$bin is not an executable"

run_dir="$work/run"
mkdir -p "$run_dir"
cd "$run_dir"

log "destination-heap --version and spec"
version=$("$bin" --version)
expected=$(node -p "require('$repo/package.json').version")
[ "$version" = "$expected" ] || fail "--version printed '$version', package.json says '$expected'"
"$bin" spec </dev/null >spec.out
node -e '
  const lines = require("fs").readFileSync("spec.out", "utf8").trim().split("\n");
  const spec = JSON.parse(lines[0]);
  if (lines.length !== 1 || spec.type !== "SPEC" || !spec.spec.connectionSpecification.properties.app_id) process.exit(1);
' || fail "spec did not print one SPEC message: $(head -c 300 spec.out)"

log "destination-heap sandbox, then send two records to it"
"$bin" sandbox --port 0 </dev/null >sandbox.out 2>sandbox.err &
sandbox_pid=$!
for _ in $(seq 1 100); do
  [ -s sandbox.out ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || fail "the sandbox did not start: $(cat sandbox.err)"
  sleep 0.1
done
url=$(node -p 'JSON.parse(require("fs").readFileSync("sandbox.out", "utf8")).url')
cat >config.json <<JSON
{ "app_id": "1234", "base_url": "$url",
  "mappings": [{ "stream": "clicks", "sync_type": "events", "identity_field": "user_id", "event_name": "Clicked" }] }
JSON
printf '%s\n' '{"user_id": 1, "button": "buy"}' '{"user_id": 2, "button": "back"}' \
  | "$bin" send --config config.json --stream clicks 2>send.err || fail "send exited $?: $(cat send.err)"
accepted=$(curl -s "$url/_sandbox/summary" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).counters.eventsAccepted')
[ "$accepted" = 2 ] || fail "the sandbox accepted $accepted events, not 2"

log "passed: the packed package installs, prints its spec and delivers records"
