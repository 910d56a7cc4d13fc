# test/infra/common.bash: shared steps of the deployment tests (TAP output for prove).
# Run by tools/test.sh with PGHOST/PGPORT/PGUSER of its throwaway cluster and
# ATS_CLUSTER_DIR set; sourced, not run.
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib.sh"
# Failures are reported as TAP, not by exiting.
set +e -uo pipefail

ATS_TAP_N=0
ATS_TAP_FAILED=0

# Print one TAP result: ats_tap_ok <0|1 success> <description>.
ats_tap_ok() {
    ATS_TAP_N=$((ATS_TAP_N + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $ATS_TAP_N - $2"
    else
        echo "not ok $ATS_TAP_N - $2"
        ATS_TAP_FAILED=$((ATS_TAP_FAILED + 1))
    fi
}

# Run psql quietly on a database; extra arguments follow.
ats_psql() {
    local db=$1
    shift
    "$ATS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# A database with the extension and the demo scenario (internal and external
# users), copied from a template made once per cluster: roles are cluster-wide.
ats_demo_database() {
    local db=$1
    if [ -z "$(ats_psql postgres -At -c "SELECT 1 FROM pg_database WHERE datname = 'infra_demo'")" ]; then
        "$ATS_PG_BIN/createdb" infra_demo
        ats_psql infra_demo -c 'CREATE EXTENSION ats_acl'
        ats_psql infra_demo -f "$ATS_ROOT/demo/scenario.sql" >/dev/null
        ats_psql infra_demo -f "$ATS_ROOT/demo/external.sql" >/dev/null
        ats_psql infra_demo -f "$ATS_ROOT/test/infra/fingerprint.sql" >/dev/null
    fi
    "$ATS_PG_BIN/createdb" -T infra_demo "$db"
}

# One line per ATS user: the user and an md5 of every row of every ats relation it sees.
ats_fingerprints() {
    ats_psql "$1" -At "${@:2}" -c "SELECT role_name || ' ' || fp FROM ats_infra.fingerprints() ORDER BY 1"
}
