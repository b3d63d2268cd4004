# syntax=docker/dockerfile:1
# One image for every citygraph service; the service is the argument:
#   docker run citygraph gateway        (or consent, health, licensing, transport, water, sensors)
# See docs/deploy.md. Build: docker build -t citygraph .

# ---- build: full install (better-sqlite3 compiles from source), tsc to dist/, then drop devDependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY platform ./platform
COPY contracts ./contracts
COPY consent ./consent
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY seed ./seed
COPY schema ./schema
COPY portal ./portal
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: node and the built app only, owned by root, run by an unprivileged user ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HUB_HOST=0.0.0.0 \
    HUB_DATA_DIR=/var/lib/citygraph
WORKDIR /app
RUN groupadd --system --gid 10001 citygraph \
 && useradd --system --uid 10001 --gid citygraph --home-dir /nonexistent --shell /usr/sbin/nologin citygraph \
 && mkdir -p /var/lib/citygraph \
 && chown citygraph:citygraph /var/lib/citygraph \
 && chmod 0700 /var/lib/citygraph
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 10001:10001
# gateway 4000, consent 4001, health 4002, licensing 4003, transport 4004, water 4005, sensors 4006
EXPOSE 4000 4001 4002 4003 4004 4005 4006
# Finds the service this container runs and asks its /readyz on loopback.
HEALTHCHECK --interval=10s --timeout=4s --start-period=40s --retries=3 CMD ["node", "dist/bin/healthcheck.js"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/bin/serve.js"]
CMD ["gateway"]
