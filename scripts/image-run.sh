#!/usr/bin/env bash
# Run the connector inside the image the way an Airbyte host does, for the conformance suite:
#
#   DESTINATION_HEAP_CMD=/abs/scripts/image-run.sh npx vitest run integration_tests
#
# Each call runs, in a container of the image, as uid 1000, from a working directory that is not
# the image's (buildah, chroot isolation; no Docker engine needed):
#
#   sh -c 'eval "$AIRBYTE_ENTRYPOINT <args>" <IO/stdin >IO/stdout 2>IO/stderr'
#
#   - stdio: named pipes, as the host uses. Not `buildah run`'s own stdin: buildah reads it
#     eagerly into memory (it took 277 MB in 4 s from a container that read nothing), which would
#     hide the connector's backpressure. Here the relay holds at most a pipe and a read buffer.
#   - container: $DESTINATION_HEAP_IMAGE_CONTAINER, a working container made once by
#     scripts/image-test.sh and reused by every call (no `buildah from` per call). Without it,
#     $DESTINATION_HEAP_IMAGE names an image and each call makes and removes its own (slow).
#   - files: each argument that is an absolute path to an existing file (--config, --catalog) is
#     copied, made readable, and bind-mounted read-only at the same path inside the container, so
#     the arguments pass unchanged and uid 1000 can read them whatever the test's file modes.
#     $DESTINATION_HEAP_TEST_TMPDIR, when set, is mounted read-write at its own path, so a folder
#     a config names under it (a store of rejected records) is shared with the test.
#   - env: every DESTINATION_HEAP_* variable is passed in.
#   - exit code: the connector's (through sh and buildah run).
#   - signals: `buildah run` does not forward them (it dies and orphans the connector), so SIGTERM,
#     SIGINT and SIGHUP sent to this script are delivered to the connector process itself, found as
#     the child of the container's `sh -c` (chroot isolation shares the host's PID namespace).
#     If this script is SIGKILLed, a watchdog SIGKILLs the connector. After a signal the script
#     exits with the connector, without waiting for a stalled reader of its stdout.
#
# Network: chroot isolation has no network namespace, so 127.0.0.1 inside is the host's loopback.
set -uo pipefail

# Signals that arrive before the connector is started are held and delivered once it is.
held=()
runner=
signalled=
for sig in TERM INT HUP; do
  trap "signalled=1; if [ -n \"\$runner\" ]; then forward $sig; else held+=($sig); fi" "$sig"
done

workdir=${DESTINATION_HEAP_IMAGE_WORKDIR:-/tmp/work}
io=/run/destination-heap-io
ctr=${DESTINATION_HEAP_IMAGE_CONTAINER:-}
own_ctr=
relays=()
stage=$(mktemp -d "${TMPDIR:-/tmp}/destination-heap-image-run.XXXXXX") || exit 70
cleanup() {
  [ ${#relays[@]} -gt 0 ] && kill "${relays[@]}" 2>/dev/null
  rm -rf "$stage"
  [ -n "$own_ctr" ] && buildah rm "$own_ctr" >/dev/null 2>&1
}
trap cleanup EXIT

if [ -z "$ctr" ]; then
  image=${DESTINATION_HEAP_IMAGE:?set DESTINATION_HEAP_IMAGE_CONTAINER (a working container) or DESTINATION_HEAP_IMAGE (an image)}
  own_ctr=$(buildah from --pull=never --quiet "$image") || exit 70
  ctr=$own_ctr
  buildah run --isolation chroot --user 0:0 "$ctr" -- install -d -o 1000 -g 1000 "$workdir" || exit 70
fi

opts=(--isolation chroot --user 1000:1000 --workingdir "$workdir")
mkdir -m 0755 "$stage/io" && mkfifo -m 0666 "$stage/io/stdin" "$stage/io/stdout" "$stage/io/stderr" || exit 70
opts+=(--volume "$stage/io:$io")
# The suite's folder of test files, writable at the same path: a folder a config names (a store
# of rejected records) is then the one the test reads. Its files are also mounted one by one below.
test_dir=${DESTINATION_HEAP_TEST_TMPDIR:-}
if [[ -n $test_dir && -d $test_dir && $test_dir == /* && $test_dir != *[:,]* ]]; then
  opts+=(--volume "$test_dir:$test_dir")
fi
n=0
declare -A mounted=()
for arg in "$@"; do
  if [[ $arg == /* && -f $arg && -z ${mounted[$arg]:-} ]]; then
    mounted[$arg]=1
    if [[ $arg == *[:,]* ]]; then
      echo "image-run: cannot bind-mount a path with ':' or ',': $arg" >&2
      exit 70
    fi
    n=$((n + 1))
    cp -- "$arg" "$stage/file$n" && chmod 0644 "$stage/file$n" || exit 70
    opts+=(--volume "$stage/file$n:$arg:ro")
  elif [[ $arg == /* && -p $arg && -z ${mounted[$arg]:-} && $arg != *[:,]* ]]; then
    # A named pipe (a test holding the connector in start-up): the pipe itself, not a copy.
    mounted[$arg]=1
    chmod 0666 "$arg" || exit 70
    opts+=(--volume "$arg:$arg")
  fi
done
while IFS= read -r name; do
  opts+=(--env "$name=${!name}")
done < <(compgen -e | grep '^DESTINATION_HEAP_')

# The container's shell carries this marker as its $0, which is how a signal finds the connector.
marker="destination-heap-run.$$.$RANDOM$RANDOM"

# Relays between this script's stdio and the named pipes; each open blocks until the connector's
# shell opens the other end.
cat <&0 >"$stage/io/stdin" 2>/dev/null &
stdin_relay=$!
cat <"$stage/io/stdout" &
stdout_relay=$!
cat <"$stage/io/stderr" >&2 &
stderr_relay=$!
relays=("$stdin_relay" "$stdout_relay" "$stderr_relay")

# buildah's own stderr, without its "subprocess exited ..." lines for a non-zero exit.
mkfifo "$stage/buildah-stderr" || exit 70
sed -u -E '/^(subprocess exited (with status [0-9]+|on [a-z]+)|Error: exit status [0-9]+)$/d' \
  <"$stage/buildah-stderr" >&2 &
filter=$!

# Background jobs of a non-interactive shell start with SIGINT/SIGQUIT ignored; env
# --default-signal undoes that, so the connector starts with the dispositions the host gives it.
script='eval "$AIRBYTE_ENTRYPOINT \"\$@\""'" <$io/stdin >$io/stdout 2>$io/stderr"
env --default-signal=INT,QUIT buildah run "${opts[@]}" "$ctr" -- sh -c "$script" "$marker" "$@" \
  </dev/null >/dev/null 2>"$stage/buildah-stderr" &
runner=$!

connector_pids() {
  local sh_pid
  for sh_pid in $(pgrep -f -- "^(/usr/bin/|/bin/)?sh -c .* $marker( |\$)"); do
    pgrep -P "$sh_pid"
  done
}

# Deliver to the connector; if it has not started yet, keep trying while the container lives.
guard=
forward() {
  local sig=$1 pids
  (
    [ -n "$guard" ] && exec {guard}>&-
    while kill -0 "$runner" 2>/dev/null; do
      pids=$(connector_pids)
      if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill -s "$sig" $pids 2>/dev/null
        exit 0
      fi
      sleep 0.02
    done
  ) </dev/null >/dev/null 2>&1 &
}

# A watchdog holds the read end of a pipe whose write end only this script holds: when this script
# is gone, even by SIGKILL (the suite's timeout, a test that kills the connector), the watchdog
# reads EOF and SIGKILLs the connector, as killing the connector process would, and the stdin
# relay. Opened after buildah started, so the container does not inherit the write end.
exec {guard}> >(
  exec >/dev/null 2>&1
  cat
  kill "$stdin_relay"
  for _ in $(seq 200); do
    kill -0 "$runner" 2>/dev/null || break
    pids=$(connector_pids)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -KILL $pids
    sleep 0.05
  done
  rm -rf "$stage"
)
for sig in "${held[@]}"; do forward "$sig"; done

# `wait` returns early when a trapped signal arrives; wait again until buildah really exits.
while :; do
  wait "$runner"
  rc=$?
  kill -0 "$runner" 2>/dev/null || break
done
# The connector is gone. Its input relay may still wait for input that nobody will read.
kill "$stdin_relay" 2>/dev/null
# An output relay still blocked in open() (the connector never started) gets a writer and EOF;
# one that is draining sees EOF once it has passed on everything.
for f in stdout stderr; do
  exec {unblock}<>"$stage/io/$f"
  exec {unblock}>&-
done
if [ -n "$signalled" ]; then
  # After a signal this script ends when the connector does, as the connector's own process would:
  # the reader of stdout may have stalled (that is what some signal tests hold), and a relay
  # blocked on it must not keep the exit back. The relays still pass on everything the connector
  # wrote, in the background, and the reader sees EOF once it has read it all.
  relays=()
  exit "$rc"
fi
wait "$stdout_relay" "$stderr_relay" "$filter"
relays=()
exit "$rc"
