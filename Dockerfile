# 政务新媒体检查: the server and the H5 app in one image, for WeChat Cloud Hosting (container.config.json)
# or any container platform. Data lives outside: PostgreSQL (DATABASE_URL) and an S3-compatible
# bucket (EVIDENCE_STORE=s3, S3_*); the README's "Deploy" section lists every variable.

# --- build: dependencies (better-sqlite3 and sharp are native) and the H5 app ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build:h5 && npm prune --omit=dev
# Optional screenshot text reading (docs/ocr.md): docker build --build-arg WITH_OCR=1 … (about 310 MB more).
ARG WITH_OCR=0
RUN mkdir -p ocr/node_modules && if [ "$WITH_OCR" = "1" ]; then cd ocr && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund; fi

# --- run: what the server needs, as a user without privileges ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 LOG=1 STATIC_DIR=dist/h5 DATA_DIR=/app/data
WORKDIR /app
# A CJK font for the labels of the summary's chat card (server/documents/share-card.ts); about 5 MB.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/src/core ./src/core
COPY --from=build --chown=node:node /app/dist/h5 ./dist/h5
COPY --from=build --chown=node:node /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/ocr ./ocr
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains requests in flight (SHUTDOWN_TIMEOUT_MS, default 25 s), then exits.
CMD ["node", "--import", "tsx", "server/main.ts"]
