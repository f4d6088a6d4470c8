# syntax=docker/dockerfile:1
# The Arterial processor (embedded MQTT broker, REST, /ws, web app) as one image.
#   docker build -t arterial/processor .      (docker compose builds it: see docker-compose.yml)
# Two stages: the builder compiles TypeScript and the web bundle with every dev tool; the runtime stage holds
# production dependencies, compiled output and the assets the processor reads, and runs as a non-root user.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS builder
WORKDIR /src
# Manifests first, so the dependency layer is reused until a package.json or the lockfile changes.
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY firmware-contracts/package.json firmware-contracts/
COPY services/processor/package.json services/processor/
COPY simulators/device-kit/package.json simulators/device-kit/
COPY simulators/traffic/package.json simulators/traffic/
COPY simulators/devices/package.json simulators/devices/
COPY simulators/sumo-bridge/package.json simulators/sumo-bridge/
COPY web/package.json web/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY firmware-contracts firmware-contracts
COPY services/processor services/processor
COPY simulators simulators
COPY web web
# The processor's project references build the contract package and device-kit before it.
RUN npx tsc -b services/processor && npm run build -w web

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Every workspace manifest, so npm ci sees the lockfile's workspaces; only the processor's and the contract
# package's production dependencies are installed (no dev tools, no web or simulator dependencies).
COPY --from=builder /src/package.json /src/package-lock.json ./
COPY --from=builder /src/firmware-contracts/package.json firmware-contracts/
COPY --from=builder /src/services/processor/package.json services/processor/
COPY --from=builder /src/simulators/device-kit/package.json simulators/device-kit/
COPY --from=builder /src/simulators/traffic/package.json simulators/traffic/
COPY --from=builder /src/simulators/devices/package.json simulators/devices/
COPY --from=builder /src/simulators/sumo-bridge/package.json simulators/sumo-bridge/
COPY --from=builder /src/web/package.json web/
COPY --from=builder /src/test/package.json test/
RUN npm ci --omit=dev --no-audit --no-fund --workspace @arterial/processor --workspace @arterial/contracts \
  && npm cache clean --force
# Compiled code and what it reads at run time: the contract package's output, its generated openapi.yaml
# (served at /api/docs) and the demo network (the default NETWORK_FILE); the web bundle served at /.
COPY --from=builder /src/firmware-contracts/dist firmware-contracts/dist
COPY --from=builder /src/firmware-contracts/openapi.yaml firmware-contracts/openapi.yaml
COPY --from=builder /src/firmware-contracts/networks firmware-contracts/networks
COPY --from=builder /src/services/processor/dist services/processor/dist
COPY --from=builder /src/web/dist web/dist
# State (spool, device registry) lives under /var/lib/arterial, a volume in compose, owned by the runtime user.
RUN mkdir -p /var/lib/arterial/spool && chown -R node:node /var/lib/arterial
USER node
ENV MQTT_PORT=1883 \
    HTTP_PORT=8080 \
    SPOOL_DIR=/var/lib/arterial/spool \
    DEVICE_REGISTRY_FILE=/var/lib/arterial/devices.json
EXPOSE 1883 8883 8080
# Liveness: the process answers and its event loop was not stalled (GET /api/health/live, docs/operations.md).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Heap limits and malloc settings: services/processor/src/runtime-flags.ts (a test keeps them equal).
ENV NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=8"
ENV MALLOC_MMAP_THRESHOLD_=16384 \
    MALLOC_MMAP_MAX_=32768
CMD ["node", "services/processor/dist/main.js"]
