#!/usr/bin/env bash
# Make (or reuse) a local stand-in for node:20-bookworm-slim and print its image name on stdout.
#
# CI cannot pull from a public image registry, so it builds our Dockerfile on this stand-in:
# Debian bookworm minbase (debootstrap) + this machine's Node.js binary + the npm that Node 20
# bundles, laid out as in the official node images (/usr/local/bin/node, user `node`, uid/gid 1000).
# Not the machine's own npm: that may be a later major (11.x here), which judges package-lock.json
# differently from the npm 10 that node:20 images ship, and the stand-in must behave like the base.
#
# Cache, so repeated runs on one machine are fast (a fresh machine makes both anew):
#   - the debootstrapped rootfs, as a tarball under $DESTINATION_HEAP_IMAGE_CACHE
#     (default /var/tmp/destination-heap-image), keyed by suite and recipe version;
#   - the base image itself, in buildah's store, tagged by Node version and a hash of everything
#     else that goes into it (recipe version, CA bundle, npm registry).
#
# Where the npm registry is reached through a TLS-intercepting proxy, NODE_EXTRA_CA_CERTS (or npm's
# cafile) names the CA bundle; the stand-in carries a copy and points NODE_EXTRA_CA_CERTS and
# npm_config_cafile at it. That is a property of this machine, so it lives here, not in the
# Dockerfile. Proxy variables (HTTPS_PROXY, ...) reach the build through buildah's --http-proxy.
#
# Needs root, buildah and debootstrap (scripts/image-test.sh installs them). Progress on stderr.
set -euo pipefail

RECIPE=1                                  # bump when the steps below change
NPM_VERSION=${DESTINATION_HEAP_STANDIN_NPM:-10.8.2}   # what node:20 (20.17 and later) bundles
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${DESTINATION_HEAP_IMAGE_CACHE:-/var/tmp/destination-heap-image}

log() { printf 'image-base: %s\n' "$*" >&2; }

node_bin=$(command -v node)
node_bin=$(readlink -f "$node_bin")
node_version=$(node --version)
case $node_version in v20.*) ;; *) log "warning: this machine's node is $node_version, the image's base is node 20" ;; esac

ca_bundle=${NODE_EXTRA_CA_CERTS:-}
if [ -z "$ca_bundle" ]; then
  ca_bundle=$(npm config get cafile 2>/dev/null || true)
  [ "$ca_bundle" = null ] && ca_bundle=
fi
[ -n "$ca_bundle" ] && [ ! -f "$ca_bundle" ] && { log "CA bundle $ca_bundle is missing; ignoring it"; ca_bundle=; }
registry=$(npm config get registry)

key=$( { echo "recipe=$RECIPE suite=$SUITE registry=$registry"
         [ -n "$ca_bundle" ] && cat "$ca_bundle"
         sha256sum "$node_bin" | cut -d' ' -f1
         echo "npm=$NPM_VERSION"; } | sha256sum | cut -c1-12)
image="localhost/destination-heap-standin-base:node-${node_version#v}-$key"

mkdir -p "$CACHE"
# One maker at a time per machine; a second CI run waits and then reuses.
exec 9>"$CACHE/lock"
flock 9

if buildah inspect --type image "$image" >/dev/null 2>&1; then
  log "reusing $image"
  echo "$image"
  exit 0
fi

npm_tgz="$CACHE/npm-$NPM_VERSION.tgz"
if [ ! -s "$npm_tgz" ]; then
  log "fetching npm@$NPM_VERSION"
  (cd "$CACHE" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
  [ -s "$npm_tgz" ] || { log "npm pack npm@$NPM_VERSION did not produce $npm_tgz"; exit 1; }
fi

rootfs_tar="$CACHE/$SUITE-minbase-r$RECIPE.tar"
if [ ! -s "$rootfs_tar" ]; then
  log "debootstrap --variant=minbase $SUITE (about a minute)"
  stage=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  if ! debootstrap --variant=minbase "$SUITE" "$stage/root" "$MIRROR" >"$stage/debootstrap.log" 2>&1; then
    tail -n 30 "$stage/debootstrap.log" >&2
    rm -rf "$stage"
    exit 1
  fi
  # What debian:bookworm-slim leaves out, and what only the installer needed.
  rm -rf "$stage/root"/var/cache/apt/archives/*.deb "$stage/root"/var/lib/apt/lists/* \
         "$stage/root"/usr/share/{doc,man,info,locale}/* "$stage/root"/var/log/*.log \
         "$stage/root"/dev/* "$stage/root"/proc/* "$stage/root"/sys/*
  tar -C "$stage/root" --numeric-owner -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$stage"
else
  log "reusing $rootfs_tar"
fi

log "assembling $image (node $node_version from $node_bin, npm $NPM_VERSION)"
ctr=$(buildah from --quiet scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(buildah mount "$ctr")
tar -C "$mnt" --numeric-owner -xpf "$rootfs_tar"
install -m 0755 "$node_bin" "$mnt/usr/local/bin/node"
mkdir -p "$mnt/usr/local/lib/node_modules/npm"
tar -C "$mnt/usr/local/lib/node_modules/npm" --strip-components=1 --no-same-owner -xzf "$npm_tgz"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
chroot "$mnt" groupadd --gid 1000 node
chroot "$mnt" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
env_args=(--env "NODE_VERSION=${node_version#v}")
if [ -n "$ca_bundle" ]; then
  install -m 0644 "$ca_bundle" "$mnt/usr/local/share/stand-in-ca-bundle.crt"
  env_args+=(--env NODE_EXTRA_CA_CERTS=/usr/local/share/stand-in-ca-bundle.crt
             --env npm_config_cafile=/usr/local/share/stand-in-ca-bundle.crt)
fi
if [ "$registry" != "https://registry.npmjs.org/" ]; then
  env_args+=(--env "npm_config_registry=$registry")
fi
buildah umount "$ctr" >/dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  "${env_args[@]}" \
  --cmd node \
  --label io.destination-heap.stand-in="node:20-bookworm-slim stand-in, $SUITE minbase + node $node_version" \
  "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
trap - EXIT
log "made $image"
echo "$image"
