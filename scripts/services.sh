#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, user postgres / password postgres) and Redis (127.0.0.1:6379) answer,
# for `npm start` and `npm test` without Docker. Debian/Ubuntu: installs the packages when missing.
# Idempotent: a service that already answers is left alone (never restarted).
# --browser also installs Debian's chromium when /usr/bin/chromium is missing (the console's browser e2e test).
set -euo pipefail

WANT_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --browser) WANT_BROWSER=1 ;;
    *) echo "[services] ERROR: unknown option $arg (known: --browser)" >&2; exit 2 ;;
  esac
done

DEADLINE_SECONDS=${SERVICES_DEADLINE_SECONDS:-60}
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=${SERVICES_REDIS_PORT:-6379}

log() { echo "[services] $*"; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

# Root runs commands directly (CI containers have no sudo); anyone else goes through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

pg_up() { command -v pg_isready >/dev/null && pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
redis_up() { command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "$* missing and apt-get is not available: install them yourself"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

install_missing() {
  local wanted=()
  if ! pg_up && { [ ! -d /etc/postgresql ] || [ -z "$(ls -A /etc/postgresql 2>/dev/null)" ] || ! command -v pg_ctlcluster >/dev/null; }; then
    wanted+=(postgresql)
  fi
  if ! redis_up && ! command -v redis-server >/dev/null; then wanted+=(redis-server); fi
  if [ "${#wanted[@]}" -gt 0 ]; then apt_install "${wanted[@]}"; fi
}

start_postgres() {
  pg_up && { log "postgres already answering on $PG_HOST:$PG_PORT"; return; }
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  [ -n "$version" ] || die "no cluster under /etc/postgresql"
  log "starting postgres $version/main"
  # The package's own start may still be racing us; "already running" is fine.
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_up || sleep 2
}

start_redis() {
  redis_up && { log "redis already answering on 127.0.0.1:$REDIS_PORT"; return; }
  log "starting redis-server"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

wait_for() {
  local what=$1 check=$2 deadline=$((SECONDS + DEADLINE_SECONDS))
  until "$check"; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not answer within ${DEADLINE_SECONDS}s"
    sleep 0.5
  done
}

# The apps connect over TCP as postgres/postgres: a fresh Debian cluster wants a password on 127.0.0.1,
# so give the postgres role the password 'postgres' (a trust rule, as on dev machines, also works).
ensure_pg_login() {
  if PGPASSWORD=postgres PGCONNECT_TIMEOUT=5 psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAqc 'SELECT 1' >/dev/null 2>&1; then
    return
  fi
  log "setting the postgres role's password to 'postgres' for TCP logins"
  as_postgres psql -p "$PG_PORT" -d postgres -qc "ALTER ROLE postgres PASSWORD 'postgres'" >/dev/null
  as_postgres psql -p "$PG_PORT" -d postgres -qc "SELECT pg_reload_conf()" >/dev/null
  PGPASSWORD=postgres psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAqc 'SELECT 1' >/dev/null \
    || die "cannot log in to $PG_HOST:$PG_PORT as postgres/postgres; check pg_hba.conf"
}

install_browser() {
  [ "$WANT_BROWSER" -eq 1 ] || return 0
  if [ -x /usr/bin/chromium ]; then log "chromium already at /usr/bin/chromium"; return; fi
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "apt-get installed chromium but /usr/bin/chromium is missing"
}

install_missing
install_browser
start_postgres
start_redis
wait_for "postgres on $PG_HOST:$PG_PORT" pg_up
wait_for "redis on 127.0.0.1:$REDIS_PORT" redis_up
ensure_pg_login
log "postgres and redis are up"
