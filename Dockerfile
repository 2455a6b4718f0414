# One image for both roles: `node apps/api/dist/main.js` or `node apps/worker/dist/main.js`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The npm that package.json's packageManager names: its allowScripts policy keeps install scripts that
# would download from outside the npm registry (onnxruntime-node's CUDA binaries) from running.
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY plugins ./plugins
COPY apps ./apps
COPY tests ./tests
COPY models ./models
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@crs/api... --filter=@crs/worker... && npm prune --omit=dev \
 # The image uses Debian's ffmpeg (below): the 2018 static GPL build inside the npm packages is left out.
 && rm -rf node_modules/@ffmpeg-installer node_modules/@ffprobe-installer

FROM node:20-bookworm-slim
# Debian's ffmpeg and ffprobe, kept up to date by the distribution (see THIRD_PARTY_NOTICES.md).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
CMD ["node", "apps/api/dist/main.js"]
