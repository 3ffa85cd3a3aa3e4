# The relay image for docker-compose.yml: builds the workspace, keeps production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN corepack enable && apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && pnpm deploy --filter @switchboard/relay --prod --legacy /out

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /out /app
USER node
EXPOSE 8787
CMD ["node", "dist/cli.js", "start"]
