#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# POSTGRES_USER/POSTGRES_DB (samverkan) are created by the image; this adds the engine's role and database.
set -eu
: "${ENGINE_DB_PASSWORD:?set ENGINE_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=engine_password="$ENGINE_DB_PASSWORD" <<'SQL'
CREATE ROLE engine LOGIN PASSWORD :'engine_password';
CREATE DATABASE engine OWNER engine ENCODING 'UTF8';
-- The app only LISTENs for task events (channel engine_task) on this database; it connects as the engine role.
SQL
