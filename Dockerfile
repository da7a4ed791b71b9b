# One image for all four apps; the command picks the app:
#   docker run IMAGE                                   -> api-gateway (default)
#   docker run IMAGE npm run start:subscription-matcher
#   docker run IMAGE npm run start:webhook-deliverer
#   docker run IMAGE npm run start:ws-gateway
#   docker run IMAGE npm run migrate                   -> create the database if missing, migrate, exit

FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN node scripts/build.js && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=builder --chown=node:node /app/package.json ./package.json
COPY --from=builder --chown=node:node /app/node_modules ./node_modules
COPY --from=builder --chown=node:node /app/dist ./dist
COPY --from=builder --chown=node:node /app/scripts ./scripts
# scripts/ensure-built.js (run by `npm run migrate` and `npm start`) rebuilds when apps/ or libs/ hold sources
# newer than dist/. The image ships no sources: empty folders tell it the build is current.
RUN mkdir -p apps libs && chown node:node apps libs
USER node
EXPOSE 3000 3001 3002 3003
CMD ["npm", "run", "start:api-gateway"]
