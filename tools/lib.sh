# tools/lib.sh: shared steps of tools/demo.sh and tools/test.sh.
#   ats_ensure_packages   install what the build and tests need (apt-get, once)
#   ats_build_install     build warning-free and install the extension
#   ats_start_cluster     throwaway PostgreSQL in a temporary directory, on a
#                         private port and socket directory, stopped on exit
# Sourced, not run.  Expects bash with `set -euo pipefail`.

ATS_PG_MAJOR=${ATS_PG_MAJOR:-15}
ATS_PG_BIN=/usr/lib/postgresql/$ATS_PG_MAJOR/bin
ATS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ats_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Run a command as root: directly when we are root, else through sudo.
ats_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages that are missing (postgresql-server-dev-15,
# pgTAP and pg_prove, pgbouncer for the pooling test, the compiler).
ats_ensure_packages() {
    local missing=()
    command -v make >/dev/null 2>&1 || missing+=(make)
    command -v gcc >/dev/null 2>&1 || missing+=(gcc)
    [ -x "$ATS_PG_BIN/postgres" ] || missing+=("postgresql-$ATS_PG_MAJOR")
    [ -x "$ATS_PG_BIN/pg_config" ] && [ -d "/usr/include/postgresql/$ATS_PG_MAJOR/server" ] \
        || missing+=("postgresql-server-dev-$ATS_PG_MAJOR")
    [ -f "/usr/share/postgresql/$ATS_PG_MAJOR/extension/pgtap.control" ] \
        || missing+=("postgresql-$ATS_PG_MAJOR-pgtap")
    command -v pg_prove >/dev/null 2>&1 || missing+=(libtap-parser-sourcehandler-pgtap-perl)
    [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    ats_log "installing ${missing[*]}"
    ats_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    ats_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# Build with the PostgreSQL $ATS_PG_MAJOR toolchain and install the extension.
ats_build_install() {
    ats_log "building and installing ats_acl"
    make -C "$ATS_ROOT" -s PG_CONFIG="$ATS_PG_BIN/pg_config" >/dev/null
    ats_as_root make -C "$ATS_ROOT" -s PG_CONFIG="$ATS_PG_BIN/pg_config" install >/dev/null
}

# Run a command as the cluster's owner: the postgres system user when we
# are root (PostgreSQL refuses to run as root), else ourselves.
ats_as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Stop the throwaway cluster and remove its directory.
ats_stop_cluster() {
    if [ -n "${ATS_CLUSTER_DIR:-}" ] && [ -d "$ATS_CLUSTER_DIR" ]; then
        if [ -f "$ATS_CLUSTER_DIR/data/postmaster.pid" ]; then
            ats_as_pg "$ATS_PG_BIN/pg_ctl" -D "$ATS_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$ATS_CLUSTER_DIR"
    fi
    ATS_CLUSTER_DIR=
}

# Start a cluster in a new temporary directory; sets PGHOST, PGPORT, PGUSER
# and ATS_CLUSTER_DIR, and stops it on exit, error and Ctrl-C.
ats_start_cluster() {
    ATS_CLUSTER_DIR=$(mktemp -d /tmp/ats_acl.XXXXXX)
    chmod 755 "$ATS_CLUSTER_DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$ATS_CLUSTER_DIR"; fi
    trap 'ats_stop_cluster' EXIT
    trap 'ats_stop_cluster; exit 130' INT TERM
    export PGHOST=$ATS_CLUSTER_DIR PGPORT=${ATS_PORT:-54329} PGUSER=postgres PGDATABASE=postgres
    ats_log "starting a throwaway PostgreSQL $ATS_PG_MAJOR in $ATS_CLUSTER_DIR (port $PGPORT, socket only)"
    ats_as_pg "$ATS_PG_BIN/initdb" -D "$ATS_CLUSTER_DIR/data" -U postgres -A trust \
        --no-sync >"$ATS_CLUSTER_DIR/initdb.log" 2>&1 \
        || { cat "$ATS_CLUSTER_DIR/initdb.log" >&2; return 1; }
    ats_as_pg "$ATS_PG_BIN/pg_ctl" -D "$ATS_CLUSTER_DIR/data" -l "$ATS_CLUSTER_DIR/server.log" -w \
        -o "-p $PGPORT -k $ATS_CLUSTER_DIR -c listen_addresses='' -c fsync=off -c max_prepared_transactions=10" \
        start >/dev/null \
        || { cat "$ATS_CLUSTER_DIR/server.log" >&2; return 1; }
}
