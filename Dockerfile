# One image for every process of box-sign-temporal; the command picks the process (the package's scripts):
#   worker          node lib/worker/main.js              (the default)
#   webhook-receiver node lib/webhooks/main.js
#   api             node lib/api/main.js
#   codec-server    node lib/encryption/codec-server-main.js
# Never built on the machines this repository is developed on (no container engine there): see docs/deployment.md.
# The base image is Node.js 24 LTS at exactly the version `npm test` runs on (NODE_VERSION in scripts/tool-versions.sh;
# test/deploy/manifests.test.ts keeps the two equal). It is pinned by tag, not yet by digest: no registry holding the
# image is reachable from where this was written, and a digest copied unverified is no pin. Where Docker Hub is
# reachable, append the index digest printed by `docker buildx imagetools inspect node:24.22.3-bookworm-slim`
# (`FROM node:24.22.3-bookworm-slim@sha256:…`, both stages); the test accepts that form.

# --- build: every dependency, TypeScript → lib/ ---
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace's manifest too (the Box Sign emulator, a dev-only package), so that npm ci sees the whole lockfile.
COPY packages/box-sign-emulator/package.json packages/box-sign-emulator/
RUN npm ci
COPY . .
# tsc, then the workflow bundles the worker loads and `box-sign replay` replays (lib/workflow-bundle*.js)
RUN npm run build && test -s lib/workflow-bundle.js && test -s lib/workflow-bundle.traced.js

# --- runtime: production dependencies and lib/ only, as the unprivileged "node" user ---
FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production
# glibc's malloc gives big freed buffers back instead of keeping their pages: worker/glibc-tunables.ts says why.
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/box-sign-emulator/package.json packages/box-sign-emulator/
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY bin ./bin
USER node
# Every process drains on SIGTERM (the worker: WORKER_SHUTDOWN_GRACE_MS); node is PID 1 and handles it itself.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node"]
CMD ["lib/worker/main.js"]
