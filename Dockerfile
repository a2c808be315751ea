# syntax=docker/dockerfile:1
# portfolio-opt: one image for the API (`serve`, the default), the job worker (`worker`) and the
# schema step (`migrate`); also `backup`, `restore`, `keys` and every other CLI command.
#   docker build -t portfolio-opt .
#   docker run -p 3000:3000 -v portfolio-data:/data portfolio-opt            # API on SQLite
#   docker run --env-file .env portfolio-opt worker                          # needs REDIS_URL
#   docker run --env-file .env portfolio-opt migrate
# See docs/deploy.md; compose.yaml runs the whole stack.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript and the dashboard, then drop the dev dependencies ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Only better-sqlite3 compiles native code, and only when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; native modules are built
# explicitly instead.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts \
 && npm cache clean --force

# ---- runtime: node, production dependencies, the build and the sample data; nothing else --------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/portfolio.db
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root samples ./samples
# The application files belong to root and are read-only for the process; only /data is writable.
RUN mkdir -p /data /data/backups && chown -R node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# The API's own health check: 200 when the database and the queue answer. (The worker listens on no
# port; compose.yaml turns this check off for it.)
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown in serve and worker); run with
# `--init` (compose: init: true) so that zombie children are reaped as well.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/portfolio.js"]
CMD ["serve"]
