#!/bin/sh
# The official postgres image's contract, as far as the stack uses it: on the first start, POSTGRES_USER
# (with POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE) gets a login role and owns the database POSTGRES_DB
# (default: the user's name). Without POSTGRES_USER, nothing is added (PostgresServer adds its own role).
set -e
PGDATA=/var/lib/postgresql/data
BIN=/usr/lib/postgresql/15/bin
if [ -n "$POSTGRES_USER" ] && [ ! -f "$PGDATA/sidecert-initialised" ]; then
  password="${POSTGRES_PASSWORD:-}"
  if [ -n "$POSTGRES_PASSWORD_FILE" ]; then password="$(cat "$POSTGRES_PASSWORD_FILE")"; fi
  database="${POSTGRES_DB:-$POSTGRES_USER}"
  "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  PGPASSWORD=postgres psql -v ON_ERROR_STOP=1 -q -U postgres -d postgres \
    -v user="$POSTGRES_USER" -v password="$password" -v database="$database" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"user";
SQL
  "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  touch "$PGDATA/sidecert-initialised"
fi
exec "$BIN/postgres" -D "$PGDATA"
