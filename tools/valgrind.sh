#!/usr/bin/env bash
# tools/valgrind.sh (make valgrind): the pg_regress suites with every backend
# under valgrind memcheck; fails on any invalid read, write or free whose
# stack runs through ats_acl.so.
#
# PostgreSQL's own code is not built for valgrind here (Debian's server is
# not compiled with USE_VALGRIND), so memcheck sees malloc-level blocks:
# reads of freed memory contexts, overruns past a block, uninitialised values
# used in jumps.  Reports from PostgreSQL's code alone are not ours and are
# only counted.  Minutes, not part of tools/test.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ats_ensure_packages
command -v valgrind >/dev/null 2>&1 || ats_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends valgrind >/dev/null
ats_build_install
export ATS_PORT=${ATS_PORT:-54350}

# A cluster whose postmaster (and so every backend) runs under valgrind.
ATS_CLUSTER_DIR=$(mktemp -d /tmp/ats_acl.XXXXXX)
chmod 755 "$ATS_CLUSTER_DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$ATS_CLUSTER_DIR"; fi
trap 'ats_stop_cluster' EXIT
trap 'ats_stop_cluster; exit 130' INT TERM
export PGHOST=$ATS_CLUSTER_DIR PGPORT=$ATS_PORT PGUSER=postgres PGDATABASE=postgres
ats_as_pg "$ATS_PG_BIN/initdb" -D "$ATS_CLUSTER_DIR/data" -U postgres -A trust --no-sync >/dev/null
ats_log "starting PostgreSQL under valgrind (slow)"
ats_as_pg bash -c "valgrind --quiet --trace-children=yes --track-origins=no --leak-check=no \
    --error-limit=no --log-file=$ATS_CLUSTER_DIR/valgrind.%p.log \
    $ATS_PG_BIN/postgres -D $ATS_CLUSTER_DIR/data -p $PGPORT -k $ATS_CLUSTER_DIR \
    -c listen_addresses='' -c fsync=off -c max_prepared_transactions=10 \
    >$ATS_CLUSTER_DIR/server.log 2>&1 &"
for _ in $(seq 1 120); do
    "$ATS_PG_BIN/pg_isready" -q && break
    sleep 1
done

cd "$ATS_ROOT"
rm -rf results regression.diffs regression.out
set +e
make -s PG_CONFIG="$ATS_PG_BIN/pg_config" ISOLATION= installcheck
regress_rc=$?
set -e

# Errors with ats_acl.so on the stack are ours.
ours=0
theirs=0
traced=$(ls "$ATS_CLUSTER_DIR"/valgrind.*.log 2>/dev/null | wc -l)
for f in "$ATS_CLUSTER_DIR"/valgrind.*.log; do
    [ -s "$f" ] || continue
    n=$(awk '/^==[0-9]+== [A-Z].*(Invalid|uninitialised|Mismatched|Source and destination)/ {e=1; s=""}
             e {s = s $0 "\n"}
             /^==[0-9]+== $/ && e {if (s ~ /ats_acl\.so/) c++; e=0}
             END {print c + 0}' "$f")
    t=$(grep -cE '^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Mismatched)' "$f" || true)
    if [ "$n" -gt 0 ]; then
        echo "---- $f"; cat "$f"
    fi
    ours=$((ours + n))
    theirs=$((theirs + t - n))
done
echo
echo "valgrind: $traced processes traced; regress exit $regress_rc; $ours errors in ats_acl's code, $theirs elsewhere"
[ "$traced" -gt 0 ]
[ "$ours" -eq 0 ] && [ "$regress_rc" -eq 0 ]
