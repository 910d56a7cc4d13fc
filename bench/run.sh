#!/usr/bin/env bash
# bench/run.sh: the performance benchmark of issue 5 (`make bench`, `SF=0.1 make bench`).
#
# Builds and installs ats_acl, starts a throwaway PostgreSQL 15 (tools/lib.sh), loads
# the data at scale factor $SF (bench/gen.sql), builds the two SQL-only RLS arms on
# copies of it (bench/arms.sql) and the optimum's hand-written queries (bench/setup.sql),
# checks that every arm returns exactly the rows ats_acl returns, times every query of
# every persona with the four arms interleaved (bench/driver.sql), runs pgbench with
# ats_acl and with the optimum, and writes the report to bench/last-report.md (the
# plans of the missed targets to bench/last-plans.md).
#
# Environment: SF (default 1), BENCH_ITERS (rounds per query, default 20),
# BENCH_BUDGET_MS (time after which an arm stops early, default 800),
# BENCH_PGBENCH_SECONDS (per arm, default 40), BENCH_PGBENCH_ROUND (seconds per arm
# in each pair of rounds, default 5), ATS_PORT (default 54331),
# BENCH_REFERENCE (the pipeline medians of another run to compare with, default
# /tmp/ats_bench/pipeline-sf0.1.tsv, which every SF 0.1 run writes),
# BENCH_KEEP=1 (leave the cluster running at the end, for inspection).
set -euo pipefail

SF=${SF:-1}
ITERS=${BENCH_ITERS:-20}
BUDGET_MS=${BENCH_BUDGET_MS:-800}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-40}
PGBENCH_ROUND=${BENCH_PGBENCH_ROUND:-5}
export ATS_PORT=${ATS_PORT:-54331}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lib.sh
source "$BENCH_DIR/../tools/lib.sh"

if ! [[ $SF =~ ^[0-9]+(\.[0-9]+)?$ ]] || awk "BEGIN { exit !($SF <= 0) }"; then
    echo "bench/run.sh: SF must be a positive number, not '$SF'" >&2
    exit 2
fi

started=$(date +%s)
step() { ats_log "[$(($(date +%s) - started)) s] $*"; }

ats_ensure_packages
ats_build_install
ats_start_cluster

OUT=$(mktemp -d /tmp/ats_bench.XXXXXX)
chmod 755 "$OUT"
PSQL=("$ATS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d ats_bench)

step "tuning the cluster for SF $SF (shared_buffers, no JIT) and restarting it"
shared_buffers=$(awk "BEGIN { print ($SF >= 0.5) ? \"4GB\" : \"1GB\" }")
"$ATS_PG_BIN/psql" -X -q -d postgres <<SQL
ALTER SYSTEM SET shared_buffers = '$shared_buffers';
ALTER SYSTEM SET effective_cache_size = '8GB';
ALTER SYSTEM SET work_mem = '32MB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET checkpoint_timeout = '1h';
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET random_page_cost = 1.1;
ALTER SYSTEM SET jit = off;
SQL
ats_as_pg "$ATS_PG_BIN/pg_ctl" -D "$ATS_CLUSTER_DIR/data" -w -l "$ATS_CLUSTER_DIR/server.log" restart >/dev/null
"$ATS_PG_BIN/createdb" ats_bench

step "generating the data (bench/gen.sql)"
"${PSQL[@]}" -v sf="$SF" -f "$BENCH_DIR/gen.sql" 2>&1 | sed -u 's/^psql:[^ ]* NOTICE:  /  /'
"${PSQL[@]}" -c "INSERT INTO bench.config VALUES ('cpus', '$(nproc)'), ('pgbench_seconds', '$PGBENCH_SECONDS'),
    ('pgbench_round', '$PGBENCH_ROUND')"

step "the SQL-only arms (bench/arms.sql)"
"${PSQL[@]}" -f "$BENCH_DIR/arms.sql" >/dev/null
step "the optimum's queries, personas, parameters (bench/setup.sql)"
"${PSQL[@]}" -f "$BENCH_DIR/setup.sql" >/dev/null
"${PSQL[@]}" -f "$BENCH_DIR/driver.sql" >/dev/null

# One psql session runs the generated list of calls, with progress lines.
run_cells() {   # $1: check | measure | measure_prepared | explain
    local fn=$1 args=''
    [ "$fn" = measure ] && args=", $ITERS, $BUDGET_MS"
    [ "$fn" = measure_prepared ] && args=", $((ITERS * 5)), $((BUDGET_MS / 2))"
    "${PSQL[@]}" -At -c "
        SELECT format(E'\\\\echo   %s %s\\nSELECT bench.$fn(%L, %L$args);', p.persona, q.query, p.persona, q.query)
          FROM bench.personas p
          CROSS JOIN (SELECT query, min(ord) AS ord FROM bench.qdef GROUP BY query) q
         WHERE EXISTS (SELECT 1 FROM bench.cells c WHERE c.persona = p.persona AND c.query = q.query)
         ORDER BY p.ord, q.ord" >"$OUT/$fn.sql"
    "${PSQL[@]}" -o /dev/null -f "$OUT/$fn.sql"
}

step "checking that every arm returns the rows ats_acl returns"
run_cells check
"${PSQL[@]}" -At -c "
    SELECT format('  %s comparisons, %s mismatches, %s errors',
                  count(*) FILTER (WHERE c.arm <> 'ats_acl' AND NOT c.skipped AND NOT r.skipped),
                  count(*) FILTER (WHERE c.arm <> 'ats_acl' AND NOT c.skipped AND NOT r.skipped
                                      AND c.err IS NULL AND r.err IS NULL
                                      AND (c.nrows, c.digest) IS DISTINCT FROM (r.nrows, r.digest)),
                  count(*) FILTER (WHERE c.err IS NOT NULL))
      FROM bench.checks c
      JOIN bench.checks r ON (r.persona, r.query, r.part, r.k, r.arm) = (c.persona, c.query, c.part, c.k, 'ats_acl')"

step "timing every query of every persona, arms interleaved ($ITERS rounds, ${BUDGET_MS} ms budget per arm)"
run_cells measure
step "the same reads as prepared statements (plan made once), optimum and ats_acl"
run_cells measure_prepared
step "plans (EXPLAIN)"
run_cells explain

step "pgbench: 8 clients, ${PGBENCH_SECONDS} s per arm in paired rounds of ${PGBENCH_ROUND} s"
nk=$("${PSQL[@]}" -At -c "SELECT bench.prepare_pgbench()")
pairs=$(( (PGBENCH_SECONDS + PGBENCH_ROUND - 1) / PGBENCH_ROUND ))
for pair in $(seq "$pairs"); do
    order=(ats_acl optimum)
    if (( pair % 2 == 0 )); then order=(optimum ats_acl); fi
    for arm in "${order[@]}"; do
        armno=1 options=
        if [[ $arm == ats_acl ]]; then armno=2 options="-c session_preload_libraries=ats_acl"; fi
        log="$OUT/pgbench-$pair-$arm.log"
        PGOPTIONS="$options" "$ATS_PG_BIN/pgbench" -n -M simple -c 8 -j 2 -T "$PGBENCH_ROUND" \
            --random-seed="$pair" -D arm="$armno" -D nk="$nk" -f "$BENCH_DIR/mix.pgbench" ats_bench \
            >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
        tps=$(sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\)/\1/p' "$log")
        lat=$(sed -nE 's/^latency average = ([0-9.]+) ms/\1/p' "$log")
        txn=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$log")
        echo "  pair $pair/$pairs, $arm: $tps TPS, $lat ms"
        "${PSQL[@]}" -c "INSERT INTO bench.pgbench_results VALUES ('$arm', $pair, $tps, $lat, $txn)"
    done
done

step "memory of the permission cache"
big=$("${PSQL[@]}" -At -c "SELECT role FROM bench.personas WHERE persona = 'recruiter_max'")
grants=$("${PSQL[@]}" -At -c "SELECT count(*) FROM ats_acl.job_grants g JOIN bench.personas p ON p.user_id = g.user_id WHERE p.persona = 'recruiter_max'")
"${PSQL[@]}" <<SQL
CREATE TEMP VIEW cache_bytes AS
SELECT coalesce(sum(total_bytes), 0) AS bytes FROM pg_backend_memory_contexts
 WHERE name LIKE 'ats_acl%' OR ident LIKE 'ats_acl%' OR parent = 'ats_acl permission cache';
SET ROLE b_admin_001; SELECT count(*) FROM ats.jobs; RESET ROLE;
SELECT bytes AS base FROM cache_bytes \gset
SET ROLE $big; SELECT count(*) FROM ats.applications WHERE job_id = 1; RESET ROLE;
INSERT INTO bench.memory SELECT 'cache after an admin and $big ($grants grants)', bytes FROM cache_bytes;
INSERT INTO bench.memory SELECT '$big''s own entry ($grants grants)', bytes - :base FROM cache_bytes;
DO \$\$
DECLARE r name;
BEGIN
    FOR r IN SELECT role_name FROM bench.pgb_users LOOP
        EXECUTE format('SET ROLE %I', r);
        PERFORM count(*) FROM ats.jobs;
        RESET ROLE;
    END LOOP;
END \$\$;
INSERT INTO bench.memory SELECT 'cache after the 50 pgbench users', bytes FROM cache_bytes;
SQL

step "report"
# The pipeline's latency at another scale factor (target: within 25 %): the SF 0.1 run's by default.
ref=${BENCH_REFERENCE:-/tmp/ats_bench/pipeline-sf0.1.tsv}
"${PSQL[@]}" -c "CREATE TABLE bench.pipeline_ref (sf text, persona text, arm text, p50 float8, job_rows bigint)"
if [ -f "$ref" ] && [ "$ref" != "/tmp/ats_bench/pipeline-sf$SF.tsv" ]; then
    "${PSQL[@]}" -c "\\copy bench.pipeline_ref FROM '$ref'"
fi
"${PSQL[@]}" -At -f "$BENCH_DIR/report.sql" -o "$BENCH_DIR/last-report.md"
"${PSQL[@]}" -At -v what=plans -f "$BENCH_DIR/report.sql" -o "$BENCH_DIR/last-plans.md"
mkdir -p /tmp/ats_bench
"${PSQL[@]}" -At -F $'\t' -c "SELECT (SELECT value FROM bench.config WHERE key = 'sf'), s.persona, s.arm, s.p50, j.job_rows
                               FROM bench.stats s JOIN bench.pipeline_jobs j USING (persona)
                              WHERE s.query = 'pipeline'" >"/tmp/ats_bench/pipeline-sf$SF.tsv"
cp "$BENCH_DIR/last-report.md" "/tmp/ats_bench/report-sf$SF.md"
cp "$BENCH_DIR/last-plans.md" "/tmp/ats_bench/plans-sf$SF.md"
cat "$BENCH_DIR/last-report.md"
rm -rf "$OUT"
step "done: bench/last-report.md, bench/last-plans.md"

if [ -n "${BENCH_KEEP:-}" ]; then
    trap - EXIT INT TERM
    echo "cluster kept: PGHOST=$PGHOST PGPORT=$PGPORT psql -d ats_bench; stop: $ATS_PG_BIN/pg_ctl -D $ATS_CLUSTER_DIR/data stop"
fi
