#!/bin/sh
# Run once by the official postgres image on a new data volume (/docker-entrypoint-initdb.d), as its superuser.
# Creates the two roles Treasury Batch runs as and the database, owned by the owner role:
#   TREASURY_OWNER_USER  owns every table; Flyway migrates as it (SPRING_FLYWAY_USER)
#   TREASURY_APP_USER    the application's pool (SPRING_DATASOURCE_USERNAME): owns nothing, granted by Flyway
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v owner="$TREASURY_OWNER_USER" -v owner_password="$TREASURY_OWNER_PASSWORD" \
	-v app="$TREASURY_APP_USER" -v app_password="$TREASURY_APP_PASSWORD" \
	-v database="$TREASURY_DB" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE :"database" OWNER :"owner";
SQL
