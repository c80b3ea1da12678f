#!/bin/sh
# Container entry point: one image, the command picks the process.
#
#   entrypoint.sh api          gunicorn serving wsgi:app (config/gunicorn.conf.py)
#   entrypoint.sh worker       Celery worker (CELERY_QUEUES, CELERY_POOL, CELERY_CONCURRENCY)
#   entrypoint.sh beat         Celery beat — run exactly one (daily backup, restore check, housekeeping)
#   entrypoint.sh flower       Flower behind basic auth (FLOWER_BASIC_AUTH=user:password, required)
#   entrypoint.sh migrate      flask db upgrade (run before each deploy)
#   entrypoint.sh validate [ROLE]      check the environment a deployment of ROLE needs (scripts/validate_env.py)
#   entrypoint.sh healthcheck [ROLE]   exit 0 when the process of ROLE (default: this container's) is healthy
#   entrypoint.sh backup create|list|verify|restore ...   the operators' backup commands (flask backup)
#   entrypoint.sh <command...> anything else runs as given (e.g. `flask create-admin ...`)
#
# With APP_ENV=production every role validates its environment first and refuses to start on an
# error (VALIDATE_ENV=0 skips it).
set -eu

cd "$(dirname "$0")/.."
ROLE_FILE=/tmp/etp-role
CELERY_APP=celery_worker:celery
LOG_LEVEL=${LOG_LEVEL:-INFO}

remember_role() {
    echo "$1" > "$ROLE_FILE" 2>/dev/null || true
}

http_ok() {  # http_ok URL [BASIC_AUTH]: 2xx within 5 s
    python - "$@" <<'PY'
import base64, sys, urllib.request
request = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2 and sys.argv[2]:
    credentials = sys.argv[2].split(",")[0]
    request.add_header("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode())
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        sys.exit(0 if 200 <= response.status < 300 else 1)
except Exception as exc:
    print(f"healthcheck failed: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

healthcheck() {
    role=${1:-$(cat "$ROLE_FILE" 2>/dev/null || echo api)}
    case "$role" in
        api) http_ok "http://127.0.0.1:${PORT:-8000}/api/health/live" ;;
        worker) celery -A "$CELERY_APP" inspect ping --timeout 5 \
                    --destination "${CELERY_WORKER_NAME:-worker}@$(hostname)" >/dev/null ;;
        beat) grep -q beat /proc/1/cmdline ;;
        flower) http_ok "http://127.0.0.1:${FLOWER_PORT:-5555}/healthcheck" "${FLOWER_BASIC_AUTH:-}" ;;
        *) echo "healthcheck: unknown role $role" >&2; exit 2 ;;
    esac
}

validate() {  # validate ROLE: refuse to start a production process with a broken environment
    if [ "${APP_ENV:-}" = "production" ] && [ "${VALIDATE_ENV:-1}" != "0" ]; then
        python scripts/validate_env.py --role "$1" --quiet
    fi
}

role=${1:-api}
[ $# -gt 0 ] && shift

case "$role" in
    api)
        remember_role api
        validate api
        exec gunicorn -c config/gunicorn.conf.py "$@" wsgi:app
        ;;
    worker)
        remember_role worker
        validate worker
        exec celery -A "$CELERY_APP" worker \
            --loglevel "$LOG_LEVEL" \
            --hostname "${CELERY_WORKER_NAME:-worker}@%h" \
            --queues "${CELERY_QUEUES:-drafting,exports,maintenance,mail}" \
            --pool "${CELERY_POOL:-threads}" \
            --concurrency "${CELERY_CONCURRENCY:-8}" \
            "$@"
        ;;
    beat)
        remember_role beat
        validate beat
        exec celery -A "$CELERY_APP" beat --loglevel "$LOG_LEVEL" \
            --schedule "${CELERY_BEAT_SCHEDULE:-/tmp/celerybeat-schedule}" "$@"
        ;;
    flower)
        if [ -z "${FLOWER_BASIC_AUTH:-}" ]; then
            echo "Refusing to start Flower without FLOWER_BASIC_AUTH=user:password" >&2
            exit 1
        fi
        remember_role flower
        validate flower
        # Flower reads FLOWER_BASIC_AUTH (and FLOWER_PORT) from the environment itself: the password
        # never appears on a command line (ps, /proc/*/cmdline).
        export FLOWER_PORT="${FLOWER_PORT:-5555}"
        exec celery -A "$CELERY_APP" flower "$@"
        ;;
    migrate)
        validate migrate
        exec flask --app wsgi:app db upgrade "$@"
        ;;
    validate)
        exec python scripts/validate_env.py --role "${1:-api}"
        ;;
    backup)
        exec flask --app wsgi:app backup "$@"
        ;;
    healthcheck)
        healthcheck "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
