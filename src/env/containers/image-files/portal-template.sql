-- Run after schema.sql and seed.sql (as /docker-entrypoint-initdb.d/90-…) in
-- the database POSTGRES_DB=portal_template: what the local backend's template
-- build does (src/env/local/pg-template.ts), then the drill database `portal`
-- as a copy, as every local environment gets one.
VACUUM ANALYZE;
\connect postgres
ALTER DATABASE portal_template WITH IS_TEMPLATE true;
CREATE DATABASE portal TEMPLATE portal_template STRATEGY FILE_COPY;
