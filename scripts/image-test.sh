#!/usr/bin/env bash
# Build the container image from our Dockerfile and test it the way an Airbyte host runs it.
# Runs in CI (.ci/run) after the unit and conformance tests; runnable by hand from a checkout.
#
#   1. installs buildah and debootstrap when missing (Debian; needs root);
#   2. probes buildah with a trivial image: when buildah cannot work on this machine at all, prints
#      a SKIPPED banner and exits 0 (set DESTINATION_HEAP_IMAGE_REQUIRED=1 to exit 1 instead);
#      from here on every failure exits non-zero;
#   3. makes or reuses the stand-in base image (scripts/image-base.sh);
#   4. builds the unchanged Dockerfile on it (`buildah build --isolation chroot`);
#   5. checks the image config (AIRBYTE_ENTRYPOINT absolute and equal to ENTRYPOINT, user 1000,
#      io.airbyte.* labels, version = package.json's and metadata.yaml's dockerImageTag), that the
#      image's `node --version` is the major of the Dockerfile's default BASE_IMAGE, and that the
#      runtime stage is lean;
#   6. runs the connector inside it (spec, timed) and then the integration_tests conformance
#      suite with every connector invocation going through scripts/image-run.sh: the suite's one
#      run under the image's Node (the unit and conformance tests before it use the machine's).
#
# Exit codes: 0 passed (or SKIPPED, see 2); 1 a check or test failed; 2 usage/environment error.
# Needs node_modules (npm ci) in this checkout for the conformance suite.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
image=${DESTINATION_HEAP_IMAGE_NAME:-localhost/airbyte/destination-heap:ci}
started=$SECONDS

log() { printf '\n=== image-test: %s\n' "$*" >&2; }
fail() { printf '\nimage-test: FAILED: %s\n' "$*" >&2; exit 1; }
skip() {
  cat >&2 <<EOF

################################################################################
##  CONTAINER IMAGE TESTS SKIPPED
##  $*
##  The image was NOT built or tested on this machine. The unit and conformance
##  tests above ran against the built CLI only.
################################################################################

EOF
  [ "${DESTINATION_HEAP_IMAGE_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
}

# ---- 1. tools --------------------------------------------------------------------------------
if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "buildah/debootstrap missing and not root to install them"
  command -v apt-get >/dev/null || skip "buildah/debootstrap missing and no apt-get to install them"
  log "installing buildah and debootstrap"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      buildah debootstrap >/dev/null; } || skip "cannot install buildah and debootstrap with apt-get"
fi
[ "$(id -u)" = 0 ] || skip "needs root (buildah with chroot isolation, debootstrap)"

# ---- 2. probe: can buildah build and run anything here? --------------------------------------
probe() (
  ctr=
  dir=$(mktemp -d)
  trap 'buildah rm "$ctr" >/dev/null 2>&1; buildah rmi -f localhost/destination-heap-probe:base localhost/destination-heap-probe:built >/dev/null 2>&1; rm -rf "$dir"' EXIT
  # A trivial image: just a shell (the host's dash and the libraries it loads).
  ctr=$(buildah from --quiet scratch) || return 1
  mnt=$(buildah mount "$ctr") || return 1
  mkdir -p "$mnt/bin" "$mnt/tmp" && cp -L /bin/sh "$mnt/bin/sh" || return 1
  for lib in $(ldd /bin/sh | grep -o '/[^ ]*'); do cp -L --parents "$lib" "$mnt/" || return 1; done
  buildah umount "$ctr" >/dev/null && buildah commit --quiet --rm "$ctr" localhost/destination-heap-probe:base >/dev/null || return 1
  ctr=
  printf 'FROM localhost/destination-heap-probe:base\nRUN echo built > /built\n' >"$dir/Containerfile"
  buildah build --quiet --isolation chroot --pull=never -t localhost/destination-heap-probe:built "$dir" >/dev/null || return 1
  ctr=$(buildah from --quiet --pull=never localhost/destination-heap-probe:built) || return 1
  out=$(buildah run --isolation chroot --user 1000:1000 --workingdir /tmp "$ctr" -- /bin/sh -c 'read x </built; echo "$x $(pwd)"') || return 1
  [ "$out" = "built /tmp" ]
)
log "probing buildah (build and run a trivial image)"
probe_log=$(mktemp)
if ! probe >"$probe_log" 2>&1; then
  cat "$probe_log" >&2
  skip "buildah cannot build or run a trivial image on this machine (output above)"
fi
rm -f "$probe_log"
log "buildah works here; from now on any failure fails CI"
setup_seconds=$((SECONDS - started))

# ---- 3. stand-in base ------------------------------------------------------------------------
t=$SECONDS
base=$(scripts/image-base.sh) || fail "could not make the stand-in base image"
base_seconds=$((SECONDS - t))

# ---- 4. build --------------------------------------------------------------------------------
log "building $image from Dockerfile on $base"
t=$SECONDS
# The image is used by ID from here on: another run on this machine may retag $image meanwhile.
iidfile=$(mktemp)
buildah build --isolation chroot --pull=never --layers --iidfile "$iidfile" \
  --build-arg "BASE_IMAGE=$base" -t "$image" -f Dockerfile . >&2 || fail "buildah build"
image_id=$(cat "$iidfile") && rm -f "$iidfile"
build_seconds=$((SECONDS - t))

# ---- 5. image config and contents ------------------------------------------------------------
log "checking the image config"
buildah inspect --type image "$image_id" | node -e '
  const fs = require("node:fs");
  const cfg = JSON.parse(fs.readFileSync(0, "utf8")).OCIv1.config ?? {};
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  const env = Object.fromEntries((cfg.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  const labels = cfg.Labels ?? {};
  const entry = (cfg.Entrypoint ?? []).join(" ");
  const problems = [];
  const ep = env.AIRBYTE_ENTRYPOINT;
  if (!ep) problems.push("AIRBYTE_ENTRYPOINT is not set");
  else if (!ep.startsWith("/")) problems.push(`AIRBYTE_ENTRYPOINT is not an absolute path: ${ep}`);
  if (ep !== entry) problems.push(`AIRBYTE_ENTRYPOINT (${ep}) differs from ENTRYPOINT (${entry})`);
  if (!/^1000(:1000)?$/.test(cfg.User ?? "")) problems.push(`USER is ${JSON.stringify(cfg.User)}, not 1000`);
  if (labels["io.airbyte.name"] !== "airbyte/destination-heap") problems.push(`io.airbyte.name is ${labels["io.airbyte.name"]}`);
  if (labels["io.airbyte.version"] !== pkg.version) problems.push(`io.airbyte.version is ${labels["io.airbyte.version"]}, package.json says ${pkg.version}`);
  // metadata.yaml (the Airbyte registry entry): data.dockerImageTag is the tag hosts pull.
  if (fs.existsSync("metadata.yaml")) {
    const tag = dockerImageTag(fs.readFileSync("metadata.yaml", "utf8"));
    if (tag === undefined) problems.push("metadata.yaml has no data.dockerImageTag");
    else if (labels["io.airbyte.version"] !== tag) problems.push(`io.airbyte.version is ${labels["io.airbyte.version"]}, metadata.yaml data.dockerImageTag says ${tag}`);
  } else {
    console.error("  NOTICE: no metadata.yaml in this checkout: io.airbyte.version checked against package.json only");
  }
  for (const p of problems) console.error(`  config: ${p}`);
  if (problems.length === 0) console.error(`  ok: ENTRYPOINT = AIRBYTE_ENTRYPOINT = ${entry}; USER ${cfg.User}; ${labels["io.airbyte.name"]}:${labels["io.airbyte.version"]}`);
  process.exit(problems.length ? 1 : 0);

  /** The plain scalar or quoted value of `dockerImageTag:` directly under the top-level `data:`. */
  function dockerImageTag(yaml) {
    let inData = false;
    let indent;
    for (const line of yaml.split(/\r?\n/)) {
      if (/^\s*(#.*)?$/.test(line)) continue;
      if (/^\S/.test(line)) { inData = /^data:\s*(#.*)?$/.test(line); continue; }
      if (!inData) continue;
      indent ??= /^\s*/.exec(line)[0];
      const m = /^(\s+)dockerImageTag:\s*(?:"([^"]*)"|\x27([^\x27]*)\x27|([^\s#]+))/.exec(line);
      if (m && m[1] === indent) return m[2] ?? m[3] ?? m[4];
    }
    return undefined;
  }
' || fail "image config"

ctr=$(buildah from --quiet --pull=never --name "destination-heap-image-test-$$" "$image_id") || fail "buildah from $image_id"
tmp=$(mktemp -d /tmp/destination-heap-image-test.XXXXXX)
# The connector runs as uid 1000 and reaches the test folders below this one (image-run.sh).
chmod 0755 "$tmp"
cleanup() { buildah rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
# Mounted once: each `buildah run` then skips mounting the overlay (about halves its overhead).
mnt=$(buildah mount "$ctr")
workdir=/tmp/work
install -d -o 1000 -g 1000 -m 0755 "$mnt$workdir"

log "checking the image's Node is the Dockerfile's"
base_major=$(sed -n -E 's/^ARG BASE_IMAGE=node:([0-9]+)-.*/\1/p' Dockerfile)
[ -n "$base_major" ] || fail "cannot read the Node major from the Dockerfile's ARG BASE_IMAGE"
image_node=$(buildah run --isolation chroot --user 1000:1000 --workingdir "$workdir" "$ctr" -- sh -c 'node --version') \
  || fail "node --version inside the image"
case $image_node in
  "v$base_major".*) echo "  ok: node $image_node inside the image; the Dockerfile's base is Node $base_major" >&2 ;;
  *) fail "node inside the image is $image_node; the Dockerfile's base (ARG BASE_IMAGE) is Node $base_major" ;;
esac

log "checking the runtime stage is lean"
dev_deps=$(node -p 'Object.keys(require("./package.json").devDependencies ?? {}).join(" ")')
lean=$(buildah run --isolation chroot --user 0:0 "$ctr" -- sh -c '
  cd /airbyte/integration_code || exit 1
  for d in '"$dev_deps"'; do [ -e "node_modules/$d" ] && echo "dev dependency in the image: $d"; done
  for d in /root/.npm /home/*/.npm /tmp/.npm; do [ -e "$d" ] && echo "npm cache in the image: $d"; done
  [ -e src ] && echo "TypeScript sources in the image"
  [ -x node_modules/.bin/tsc ] && echo "a compiler in the image"
  true')
[ -z "$lean" ] || { echo "$lean" >&2; fail "runtime stage is not lean"; }
echo "  ok: no dev dependencies, no npm cache, no sources" >&2

# ---- 6. run it -------------------------------------------------------------------------------
export DESTINATION_HEAP_IMAGE_CONTAINER=$ctr DESTINATION_HEAP_IMAGE_WORKDIR=$workdir
run=$repo/scripts/image-run.sh
now_ms() { date +%s%3N; }

log "spec through the host's launch form, as uid 1000 from $workdir"
# (a) inside the container: from the shell that evals AIRBYTE_ENTRYPOINT to the SPEC line;
# (b) from the host: from starting image-run.sh (buildah run included) to the SPEC line;
# (c) the bare cost of one `buildah run` of `true`.
inside_ms=() launch_ms=() overhead_ms=()
for _ in 1 2 3; do
  t0=$(now_ms)
  first=$("$run" spec | { IFS= read -r line; now_ms; printf '%s\n' "$line" >"$tmp/spec.json"; cat >/dev/null; }) \
    || fail "spec exited non-zero"
  launch_ms+=($((first - t0)))
  inside_ms+=($(buildah run --isolation chroot --user 1000:1000 --workingdir "$workdir" "$ctr" -- sh -c '
    t0=$(date +%s%N); eval "$AIRBYTE_ENTRYPOINT spec" | { read -r line; echo $(( ($(date +%s%N) - t0) / 1000000 )); cat >/dev/null; }'))
  t0=$(now_ms)
  buildah run --isolation chroot --user 1000:1000 --workingdir "$workdir" "$ctr" -- true || fail "buildah run true"
  overhead_ms+=($(( $(now_ms) - t0 )))
done
node -e '
  const m = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  if (m.type !== "SPEC" || !m.spec?.connectionSpecification) { console.error("first line is not a SPEC message with a connectionSpecification"); process.exit(1); }
' "$tmp/spec.json" || fail "spec output"
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

size=$(buildah images --format '{{.Size}}' "$image_id" | head -1)
base_size=$(buildah images --format '{{.Size}}' "$base" | head -1)
app_size=$(buildah run --isolation chroot --user 0:0 "$ctr" -- du -sh /airbyte/integration_code | cut -f1)

suite_seconds=0
if compgen -G 'integration_tests/*.test.ts' >/dev/null || compgen -G 'integration_tests/**/*.test.ts' >/dev/null; then
  [ -d node_modules ] || fail "node_modules missing: run npm ci before scripts/image-test.sh"
  log "conformance suite against the image, node $image_node (DESTINATION_HEAP_CMD=$run)"
  t=$SECONDS
  DESTINATION_HEAP_CMD=$run DESTINATION_HEAP_TEST_TMPDIR=$tmp \
    npx vitest run integration_tests >&2 || fail "conformance suite against the image"
  suite_seconds=$((SECONDS - t))
else
  log "WARNING: no conformance tests in integration_tests/: only the checks above ran"
fi

cat >&2 <<EOF

=== image-test: PASSED ($image, $image_id)
  node                  $image_node inside the image (conformance suite ran against it)
  image size            $size (stand-in base $base_size; /airbyte/integration_code $app_size)
  start -> SPEC         median $(median "${inside_ms[@]}") ms inside the container (${inside_ms[*]}), $(median "${launch_ms[@]}") ms from image-run.sh (${launch_ms[*]})
  buildah run overhead  median $(median "${overhead_ms[@]}") ms per invocation (${overhead_ms[*]} ms for 'true')
  time                  tools+probe ${setup_seconds}s, base ${base_seconds}s, build ${build_seconds}s, suite ${suite_seconds}s, total $((SECONDS - started))s
EOF
