# The JSR Exchange image: one image, two commands (docker-compose.yml runs it as the worker and as the
# web service). Multi-stage: the build stage has the devDependencies (TypeScript, swc) to compile and
# bundle the workflows; the runtime stage has the production dependencies, dist/ and the templates only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lock file is written on Linux x64 and lacks other platforms' optional
# packages, which `npm ci` treats as out of sync. `npm install` still installs the locked versions.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY worker worker
COPY client client
COPY scripts scripts
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin bin
COPY templates templates
COPY --from=build /app/dist dist
# Local state (the outbox when SMTP_URL is unset, the web service's secret) lives here.
ENV JSRX_DATA_DIR=/var/lib/jsr-exchange
RUN mkdir -p /var/lib/jsr-exchange && chown node:node /var/lib/jsr-exchange
USER node
# The worker, with its heap limit (worker/node-flags.ts); the web service overrides the command with
# `node dist/client/web/main.js`.
CMD ["node", "--max-old-space-size=384", "dist/worker/main.js"]
