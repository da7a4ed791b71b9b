#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, user postgres / password postgres) and Redis (127.0.0.1:6379) answer,
# for `npm start` and `npm test` without Docker. Debian/Ubuntu: installs the packages when missing.
# Idempotent: a service that already answers is left alone (never restarted).
# --browser also installs Debian's chromium when /usr/bin/chromium is missing (the console's browser e2e test).
# --cluster: also a local three-master Redis Cluster on 127.0.0.1:7001-7003 (REDIS_CLUSTER_NODES for the apps;
# `npm run test:cluster` runs on it), kept if already healthy, rebuilt from scratch if its state is stale.
set -euo pipefail

WANT_BROWSER=0
WITH_CLUSTER=0
for arg in "$@"; do
  case "$arg" in
    --browser) WANT_BROWSER=1 ;;
    --cluster) WITH_CLUSTER=1 ;;
    *) echo "[services] ERROR: unknown option $arg (known: --browser, --cluster)" >&2; exit 2 ;;
  esac
done
CLUSTER_PORTS=(7001 7002 7003)
CLUSTER_DIR=${SERVICES_CLUSTER_DIR:-/var/lib/redis-cluster}

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

cluster_node_up() { [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ]; }
cluster_healthy() {
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    cluster_node_up "$port" || return 1
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
    [ "$(redis-cli -p "$port" cluster info 2>/dev/null | tr -d '\r' | sed -n 's/^cluster_known_nodes://p')" = "${#CLUSTER_PORTS[@]}" ] || return 1
  done
}

# A node whose state does not match a healthy three-master cluster (a leftover config from another layout, a
# half-made cluster) is stopped and its directory wiped, and the cluster is made again from empty nodes.
start_cluster() {
  if cluster_healthy; then log "redis cluster already healthy on 127.0.0.1:${CLUSTER_PORTS[*]}"; return; fi
  log "(re)building the redis cluster on 127.0.0.1:${CLUSTER_PORTS[*]} in $CLUSTER_DIR"
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    cluster_node_up "$port" && redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  for port in "${CLUSTER_PORTS[@]}"; do
    local deadline=$((SECONDS + 10))
    while cluster_node_up "$port"; do [ "$SECONDS" -lt "$deadline" ] || die "redis on :$port did not stop"; sleep 0.2; done
    as_root rm -rf "${CLUSTER_DIR:?}/$port"
    as_root mkdir -p "$CLUSTER_DIR/$port"
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --cluster-enabled yes \
      --cluster-config-file "$CLUSTER_DIR/$port/nodes.conf" --cluster-node-timeout 5000 --save "" --appendonly no \
      --dir "$CLUSTER_DIR/$port" --logfile "$CLUSTER_DIR/$port/redis.log"
  done
  for port in "${CLUSTER_PORTS[@]}"; do wait_for "redis cluster node :$port" "cluster_node_up $port"; done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${CLUSTER_PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
  wait_for "redis cluster state ok" cluster_healthy
  log "redis cluster up: REDIS_CLUSTER_NODES=$(printf '127.0.0.1:%s,' "${CLUSTER_PORTS[@]}" | sed 's/,$//')"
}

wait_for() {
  local what=$1 check=$2 deadline=$((SECONDS + DEADLINE_SECONDS))
  until $check; do
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
if [ "$WITH_CLUSTER" -eq 1 ]; then start_cluster; fi
