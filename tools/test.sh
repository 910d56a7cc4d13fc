#!/usr/bin/env bash
# tools/test.sh: run every test of ats_acl on a throwaway cluster.
#
# Installs missing packages, builds and installs the extension, starts a
# private PostgreSQL, then runs the pg_regress suites (sql/, expected/), the
# isolation specs (specs/), the pgTAP suites (test/, with pg_prove) and the
# deployment suites (test/infra/, with prove).
# Exits non-zero on any failure; the cluster is always stopped.
#
# While developing: ATS_SKIP_REGRESS=1 skips pg_regress and isolation,
# ATS_PGTAP='test/10_*.sql' runs only the named pgTAP files, and
# ATS_INFRA='test/infra/upgrade.sh' only the named deployment suites.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ats_ensure_packages
ats_build_install
ats_start_cluster

cd "$ATS_ROOT"
passed=0
failed=0

ats_log "pg_regress and isolation suites"
rm -rf results output_iso regression.diffs regression.out
regress_rc=0
: >"$ATS_CLUSTER_DIR/regress.log"
if [ -z "${ATS_SKIP_REGRESS:-}" ]; then
    # Two runs, so that a failing regress suite does not hide the isolation specs.
    for suite in "ISOLATION=" "REGRESS="; do
        set +e
        make -s PG_CONFIG="$ATS_PG_BIN/pg_config" "$suite" installcheck 2>&1 \
            | tee -a "$ATS_CLUSTER_DIR/regress.log"
        rc=${PIPESTATUS[0]}
        set -e
        [ "$rc" -eq 0 ] || regress_rc=$rc
    done
fi
r_ok=$(grep -cE '\.\.\. ok|^ok [0-9]' "$ATS_CLUSTER_DIR/regress.log" || true)
r_failed=$(grep -cE '\.\.\. FAILED|^not ok [0-9]|\.\.\. failed' "$ATS_CLUSTER_DIR/regress.log" || true)
passed=$((passed + r_ok))
failed=$((failed + r_failed))
if [ "$regress_rc" -ne 0 ]; then
    [ "$r_failed" -gt 0 ] || failed=$((failed + 1))
    for f in regression.diffs output_iso/regression.diffs; do
        [ -f "$f" ] && { echo "---- $f"; cat "$f"; }
    done
fi

ats_log "pgTAP suites"
"$ATS_PG_BIN/createdb" ats_tap
"$ATS_PG_BIN/psql" -q -X -d ats_tap -c 'CREATE EXTENSION pgtap' >/dev/null
set +e
# shellcheck disable=SC2086
pg_prove -d ats_tap --failures ${ATS_PGTAP:-test/*.sql} 2>&1 | tee "$ATS_CLUSTER_DIR/prove.log"
prove_rc=${PIPESTATUS[0]}
set -e
t_total=$(sed -nE 's/^Files=[0-9]+, Tests=([0-9]+),.*/\1/p' "$ATS_CLUSTER_DIR/prove.log" | tail -1)
t_failed=$( (grep -oE 'Failed [0-9]+/[0-9]+ subtests' "$ATS_CLUSTER_DIR/prove.log" || true) \
           | awk -F'[ /]' '{s += $2} END {print s + 0}')
t_total=${t_total:-0}
passed=$((passed + t_total - t_failed))
failed=$((failed + t_failed))
if [ "$prove_rc" -ne 0 ] && [ "$t_failed" -eq 0 ]; then
    failed=$((failed + 1))
fi

ats_log "deployment suites: dump and restore, upgrades, hot standby, pgbouncer"
set +e
ATS_CLUSTER_DIR=$ATS_CLUSTER_DIR prove ${ATS_INFRA:-test/infra/*.sh} 2>&1 | tee "$ATS_CLUSTER_DIR/infra.log"
infra_rc=${PIPESTATUS[0]}
set -e
i_total=$(sed -nE 's/^Files=[0-9]+, Tests=([0-9]+),.*/\1/p' "$ATS_CLUSTER_DIR/infra.log" | tail -1)
i_failed=$( (grep -oE 'Failed [0-9]+/[0-9]+ subtests' "$ATS_CLUSTER_DIR/infra.log" || true) \
           | awk -F'[ /]' '{s += $2} END {print s + 0}')
i_total=${i_total:-0}
passed=$((passed + i_total - i_failed))
failed=$((failed + i_failed))
if [ "$infra_rc" -ne 0 ] && [ "$i_failed" -eq 0 ]; then
    failed=$((failed + 1))
fi

if grep -q 'terminated by signal' "$ATS_CLUSTER_DIR/server.log"; then
    echo "a backend crashed:" >&2
    grep -B2 -A2 'terminated by signal' "$ATS_CLUSTER_DIR/server.log" >&2
    failed=$((failed + 1))
fi

echo
echo "ats_acl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
