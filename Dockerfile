# syntax=docker/dockerfile:1
#
# The netcheck image: `netcheck serve` (the Slack bot, the Alertmanager intake, the collection worker) and the CLI.
# Build and push it from the repository root:
#
#   docker build -t REGISTRY/netcheck:0.1.0 . && docker push REGISTRY/netcheck:0.1.0
#
# The bot never runs the collector's tools itself: it execs the collector (src/collector/collector.sh, shipped in
# dist/collector/) on nodes through the Kubernetes API, in the agent DaemonSet (deploy/agent/Dockerfile) or a debug
# pod. So this image holds Node.js and netcheck only, runs as a non-root user, and writes nothing at run time: it
# works with a read-only root filesystem. No HEALTHCHECK: Kubernetes probes /healthz and /readyz.

# 1. Build: every dependency (TypeScript, esbuild), then `npm run build` (npm ci runs it as `prepare`).
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
RUN npm ci --no-audit --no-fund

# 2. Production dependencies only, without install scripts.
FROM node:24.11.1-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. The image: Node.js, the production dependencies, the built CLI and the collector.
FROM node:24.11.1-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist

LABEL org.opencontainers.image.title="netcheck" \
  org.opencontainers.image.description="Kubernetes node networking incident bot for Slack, and its CLI" \
  org.opencontainers.image.licenses="Apache-2.0" \
  org.opencontainers.image.version="0.1.0" \
  org.opencontainers.image.documentation="README.md"

USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["node", "/app/bin/netcheck.js"]
CMD ["serve", "--role", "all"]
