# Dengar image: one image, every service. `docker compose` runs it as collector, enricher, indexer
# and api (`dengar service <name>`); without a command it is the embedded all-in-one (`dengar run`).

# ── build: compile TypeScript and the native SQLite binding, then drop dev dependencies ──────────
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# NOTE: scripts off, then only better-sqlite3's build (the package.json allowScripts policy):
# esbuild's and swc's postinstall downloads are not wanted in the image.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm run build:web && npm prune --omit=dev

# ── runtime: slim image, non-root ─────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DENGAR_DATA_DIR=/app/data
WORKDIR /app
# Everything the build left (compiled dist/, production node_modules, config, models, web assets).
COPY --from=build --chown=node:node /app ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
VOLUME ["/app/data"]
# Liveness for plain `docker run`; compose overrides it with /readyz (dependencies and consumer lag).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/dengar.js"]
CMD ["run"]
