# One image for both roles: `node apps/api/dist/main.js` or `node apps/worker/dist/main.js`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY plugins ./plugins
COPY apps ./apps
COPY tests ./tests
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@crs/api... --filter=@crs/worker... && npm prune --omit=dev \
 # The npm-packaged ffprobe is executable by its owner only; the image runs as another user.
 && chmod a+rx node_modules/@ffmpeg-installer/linux-x64/ffmpeg node_modules/@ffprobe-installer/linux-x64/ffprobe

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
CMD ["node", "apps/api/dist/main.js"]
