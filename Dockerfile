FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# What the image runs: the service, the CLI and their libraries. `npm ci` builds them (prepare:
# scripts/build.js with tsconfig.build.json); bench/ and test/ are neither copied nor built.
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts scripts
COPY apps apps
COPY libs libs
COPY bin bin
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
ENV AUTHTRAIL_DB=/var/lib/authtrail/authtrail.db
# The log's folder, owned by the user the service runs as: a named volume mounted there (the
# compose file's) starts with this ownership.
RUN mkdir -p /var/lib/authtrail && chown node:node /var/lib/authtrail && chmod 700 /var/lib/authtrail
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
COPY package.json ./
USER node
VOLUME /var/lib/authtrail
CMD ["node", "dist/apps/audit-service/src/main.js"]
