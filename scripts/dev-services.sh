#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) run on this machine, without
# Docker: starts them if installed, installs them from Debian's packages if not (needs root).
# With Docker, `docker compose up -d postgres redis` does the same job.
set -euo pipefail

have_pg() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
have_redis() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_ready=0
apt_install() {
  if [ "$apt_ready" = 0 ]; then as_root apt-get update -q >/dev/null; apt_ready=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

if ! have_pg; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "dev-services: installing PostgreSQL"
    apt_install postgresql postgresql-client
  fi
  if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    echo "dev-services: no PostgreSQL cluster under /etc/postgresql" >&2
    exit 1
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local development only: trust loopback connections so tests can create their databases.
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "dev-services: starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do have_pg && break; sleep 1; done
  have_pg || { echo "dev-services: PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! have_redis; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "dev-services: installing Redis"
    apt_install redis-server
  fi
  echo "dev-services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do have_redis && break; sleep 1; done
  have_redis || { echo "dev-services: Redis did not come up on 127.0.0.1:6379" >&2; exit 1; }
fi

# The database the server uses by default (LATCHKEY_PG_URI); tests create their own.
if ! psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'latchkey'" postgres 2>/dev/null | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE latchkey" postgres >/dev/null 2>&1 || true
fi
echo "dev-services: PostgreSQL and Redis are up"
