# Airbyte destination for Heap.
#
# The host runs a connector as `sh -c 'eval "$AIRBYTE_ENTRYPOINT <command> <args>"'`, as uid 1000,
# from a working directory of its own choosing. Hence: `sh` in the image, AIRBYTE_ENTRYPOINT an
# absolute path equal to ENTRYPOINT, code readable by uid 1000 and independent of the cwd.
#
# BASE_IMAGE is an argument only so that CI, which cannot pull from a public registry, can build
# this same file on a locally made stand-in (see scripts/image-test.sh). Releases use the default:
# Node 24, the current LTS (Node 20 reached end of life in April 2026). The stand-in carries the same
# major (scripts/image-base.sh pins the exact version), and scripts/image-test.sh checks the built
# image's `node --version` against the major named here.
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/ -------------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs an install script to build or run this connector.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json spec.json ./
COPY src ./src
RUN npm run build

# ---- deps: production dependencies only; cached apart from the source ------------------------
FROM ${BASE_IMAGE} AS deps
WORKDIR /build
COPY package.json package-lock.json ./
# (npm leaves empty scope folders of omitted dev packages behind; drop them.)
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -mindepth 1 -maxdepth 1 -type d -empty -delete

# ---- runtime: node, production node_modules, compiled code, a launcher ------------------------
# No npm runs in this stage: no compiler, no dev dependencies, no npm cache.
FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /airbyte/integration_code

# uid/gid 1000: the node images ship `node` with these ids; create the pair on a base without it.
RUN (getent group 1000 >/dev/null || groupadd --gid 1000 airbyte) \
 && (getent passwd 1000 >/dev/null || useradd --uid 1000 --gid 1000 --create-home --shell /bin/sh airbyte)

COPY package.json spec.json ./
COPY --from=deps /build/node_modules ./node_modules
# All of dist/: tsc also emits the JSON the code imports (dist/spec.json, dist/package.json).
COPY --from=build /build/dist ./dist
# `exec` makes node the process the host signals (SIGTERM on cancel) and whose exit code it reads.
# V8 tuning goes on node's command line, the supported place (NODE_OPTIONS refuses these flags).
# Node 24 sizes the young generation from the machine's memory (up to 128 MiB on a 24 GiB host),
# which doubles peak RSS for nothing; 8 MiB semi-spaces and the old generation doubling before a
# full collection hold a 1M-record sync under 150 MiB at the CPU cost of the defaults (README,
# "Benchmark"). Liftoff-only WebAssembly keeps undici's HTTP parser from being re-optimised on
# worker threads that a finishing process would otherwise wait for (0.2-0.5 s at every exit).
RUN mkdir bin \
 && printf '#!/bin/sh\nexec node --max-semi-space-size=8 --heap-growing-percent=100 --liftoff-only /airbyte/integration_code/dist/src/cli/main.js "$@"\n' > bin/destination-heap \
 && chmod 0755 bin/destination-heap

ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/bin/destination-heap"
ENTRYPOINT ["/airbyte/integration_code/bin/destination-heap"]

# Keep io.airbyte.version equal to package.json's version: scripts/image-test.sh fails CI otherwise.
LABEL io.airbyte.name=airbyte/destination-heap
LABEL io.airbyte.version=0.1.0

USER 1000:1000
