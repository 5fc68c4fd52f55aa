#!/usr/bin/env bash
# Makes `CREATE EXTENSION vector` work on the local PostgreSQL 15 (Debian bookworm, CI and dev
# machines; run as root). Idempotent: does nothing when pgvector already works.
#
# Bookworm has no pgvector package, so this builds Debian's own source package from trixie. Only a
# deb-src line for trixie is added: a binary `deb` line would let apt upgrade libc and half the system.
set -euo pipefail

PG_MAJOR=15
PG_PORT=5432
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
SRC_LIST=/etc/apt/sources.list.d/aios-trixie-src.sources
BUILD_DIR=/var/cache/aios/pgvector

log() { echo "[provision-pgvector] $*"; }
die() { echo "[provision-pgvector] error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts PostgreSQL)"
export DEBIAN_FRONTEND=noninteractive

# Runs SQL as the postgres superuser over the local socket (peer auth works on any Debian cluster).
psql_su() { runuser -u postgres -- psql -X -q -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 "$@"; }

answering() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }

ensure_postgres() {
  if answering; then return; fi
  if [ ! -x "/usr/lib/postgresql/${PG_MAJOR}/bin/postgres" ]; then
    log "installing postgresql-${PG_MAJOR}"
    apt-get update -qq
    apt-get install -y -qq "postgresql-${PG_MAJOR}" >/dev/null
  fi
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "${PG_MAJOR}/main"; then
    log "creating cluster ${PG_MAJOR}/main"
    pg_createcluster "$PG_MAJOR" main --port "$PG_PORT" >/dev/null
  fi
  log "starting cluster ${PG_MAJOR}/main"
  pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start || true
  for _ in $(seq 1 30); do answering && return; sleep 1; done
  die "PostgreSQL ${PG_MAJOR} is not answering on 127.0.0.1:${PG_PORT}"
}

# Creating the extension inside a rolled-back transaction tests it without leaving anything behind.
vector_works() { psql_su -c "BEGIN; CREATE EXTENSION IF NOT EXISTS vector; ROLLBACK;" >/dev/null 2>&1; }

debian_mirror() {
  local uri
  uri=$(grep -hoE '^URIs:\s*\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')
  [ -n "$uri" ] || uri=$(grep -hoE '^deb\s+(\[[^]]*\]\s+)?\S+/debian/?\s' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $NF}')
  echo "${uri:-http://deb.debian.org/debian}"
}

add_trixie_sources() {
  if [ -f "$SRC_LIST" ]; then return; fi
  log "adding a deb-src (source only) entry for trixie: $SRC_LIST"
  cat >"$SRC_LIST" <<EOF
# Source packages only (pgvector for PostgreSQL ${PG_MAJOR}); never add a binary trixie line.
Types: deb-src
URIs: $(debian_mirror)
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

build_pgvector() {
  add_trixie_sources
  apt-get update -qq
  log "installing build tools (postgresql-server-dev-${PG_MAJOR}, make, gcc)"
  apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" make gcc >/dev/null
  rm -rf "$BUILD_DIR" && mkdir -p "$BUILD_DIR" && cd "$BUILD_DIR"
  # apt downloads as the unprivileged _apt user when it can write the target folder.
  if id _apt >/dev/null 2>&1; then chown _apt "$BUILD_DIR"; fi
  log "downloading Debian's pgvector source package"
  apt-get source --download-only pgvector >/dev/null
  local orig
  orig=$(ls pgvector_*.orig.tar.* 2>/dev/null | head -n1)
  [ -n "$orig" ] || die "apt-get source did not download a pgvector orig tarball"
  tar -xf "$orig"
  local dir
  dir=$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [ -n "$dir" ] || die "unexpected layout in $orig"
  log "building $(basename "$dir")"
  # OPTFLAGS="" drops -march=native so the library runs on any x86-64 machine that gets this image.
  make -C "$dir" -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
  make -C "$dir" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

ensure_postgres
if vector_works; then
  log "pgvector already available in PostgreSQL ${PG_MAJOR}; nothing to do"
  exit 0
fi
build_pgvector
vector_works || die "pgvector was built but CREATE EXTENSION vector still fails"
log "pgvector $(psql_su -tAc "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'") installed; CREATE EXTENSION vector works"
