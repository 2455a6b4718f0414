# One image for both roles: `node apps/api/dist/main.js` or `node apps/worker/dist/main.js`.
# Architecture-neutral: builds for linux/amd64 and linux/arm64 alike
# (`docker buildx build --platform linux/amd64,linux/arm64 .`); npm picks each platform's prebuilt
# binaries (sharp, onnxruntime-node, sherpa-onnx) from the lockfile, and ffmpeg is Debian's.
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
# Only the workspace's manifest: the chart is not part of the image.
COPY deploy/package.json ./deploy/package.json
COPY models ./models
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@crs/api... --filter=@crs/worker... && npm prune --omit=dev \
 # The image uses Debian's ffmpeg (below): the static builds inside the npm packages (whichever
 # architecture npm picked) are left out.
 && rm -rf node_modules/@ffmpeg-installer node_modules/@ffprobe-installer

FROM node:20-bookworm-slim
# Debian's ffmpeg and ffprobe, for the image's architecture, kept up to date by the distribution
# (see THIRD_PARTY_NOTICES.md); found on PATH before any npm-packaged one.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
# The operator commands run from the built packages, e.g.
# `docker compose exec api node scripts/keys.mjs create --tenant acme` (also `scripts/models.mjs`, `scripts/ops.mjs`).
# uid 1000: the Helm chart's runAsUser.
USER node
EXPOSE 8080 9464
CMD ["node", "apps/api/dist/main.js"]
