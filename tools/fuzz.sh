#!/usr/bin/env bash
# tools/fuzz.sh (make fuzz): throw random SQL at ats_acl as several ATS users.
#
# Builds and installs the extension, starts a throwaway cluster, loads the
# demo scenario, then runs sqlsmith (Debian package) connected as each demo
# user in turn for ATS_FUZZ_QUERIES queries each (default 4000, seeds fixed
# so a run can be repeated).  Fails if any backend was terminated by a signal
# (the server log is checked) and prints how many queries ran.  Not part of
# tools/test.sh: it takes minutes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

queries=${ATS_FUZZ_QUERIES:-4000}
users=(demo_ada demo_rex demo_sam demo_ivan demo_abc demo_cleo)

ats_ensure_packages
command -v sqlsmith >/dev/null 2>&1 || ats_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends sqlsmith >/dev/null
ats_build_install
export ATS_PORT=${ATS_PORT:-54340}
ats_start_cluster

cd "$ATS_ROOT"
"$ATS_PG_BIN/createdb" ats_fuzz
psql_cmd=("$ATS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d ats_fuzz)
"${psql_cmd[@]}" -c 'CREATE EXTENSION ats_acl'
"${psql_cmd[@]}" -f demo/scenario.sql >/dev/null
"${psql_cmd[@]}" -f demo/external.sql >/dev/null

total=0
seed=1
for u in "${users[@]}"; do
    ats_log "sqlsmith: $queries queries as $u"
    # Each query may run one second at most; errors are expected (random SQL).
    PGOPTIONS='-c statement_timeout=1000' sqlsmith --seed="$seed" --max-queries="$queries" \
        --exclude-catalog --verbose \
        --target="host=$PGHOST port=$PGPORT dbname=ats_fuzz user=$u" \
        >"$ATS_CLUSTER_DIR/sqlsmith.$u.log" 2>&1 || true
    ran=$(grep -oE 'queries: [0-9]+' "$ATS_CLUSTER_DIR/sqlsmith.$u.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
    [ "$ran" -gt 0 ] || ran=$queries
    total=$((total + ran))
    seed=$((seed + 1))
    if grep -q 'terminated by signal' "$ATS_CLUSTER_DIR/server.log"; then
        echo "a backend crashed while fuzzing as $u:" >&2
        grep -B5 -A5 'terminated by signal' "$ATS_CLUSTER_DIR/server.log" >&2
        exit 1
    fi
done
echo
echo "fuzz: $total queries as ${#users[@]} users, no backend crashed"
