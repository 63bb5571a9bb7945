# One image for every app; docker-compose.yml picks the entry point per service:
# apps/{command-api,query-api,projector,relay,importer}/dist/main.js.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY tsconfig.base.json tsconfig.build.json ./
RUN npm ci && npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/apps ./apps
COPY --from=build /app/libs ./libs
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
USER node
CMD ["node", "apps/command-api/dist/main.js"]
