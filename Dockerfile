# The app image (web + workers; WEB_ENABLED / WORKERS_ENABLED select the role). Production runs it against the
# Operaton engine (engine/Dockerfile, REST with HTTP Basic: ENGINE_REST_URL/_USER/_PASSWORD) and PostgreSQL; see
# docker-compose.yml. The engine is not part of this image (no Java here).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV IBM_TELEMETRY_DISABLED=true
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run -s build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production SAMVERKAN_MODE=production PORT=3000 TZ=Europe/Stockholm
COPY --from=build /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Compiled JavaScript (`npm run build`: tsc to dist/, the browser bundles and the modeler); no tsx at run time.
CMD ["node", "dist/src/main.js"]
