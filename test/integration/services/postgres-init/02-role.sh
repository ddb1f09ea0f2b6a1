#!/bin/sh
# Shell init scripts run too; this one adds a login role.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "CREATE ROLE reader LOGIN PASSWORD 'reader'"
