#!/usr/bin/env bash
# tools/demo.sh: show ats_acl at work on a small hiring pipeline.
#
# Installs missing packages, builds and installs the extension, starts a
# throwaway PostgreSQL 15, creates the database ats_demo with the extension
# and the scenario of demo/scenario.sql, then prints what each demo user sees
# and may do (demo/show.sql, run as the DBA with SET ROLE to each user, so
# row-level security decides every row shown).  demo/external.sql adds the
# external users and sharing rules of the Recruitis article; the report ends
# with its three examples as an agency, a caller and a controller see them
# (demo/external_show.sql).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: tools/demo.sh [--keep] [--help]

Build and install ats_acl, start a throwaway PostgreSQL 15, load the demo
scenario (demo/scenario.sql, demo/external.sql) into the database ats_demo
and print, for each demo user, the jobs, capabilities and applications it sees
and the outcome of a few writes it tries; then one candidate card as four
users see it, and the Recruitis sharing examples as external users see them.

  --keep    leave the cluster running after the report and print how to
            connect to it as a demo user and how to stop it
  --help    show this help

Run as root or as a user with sudo (packages, make install).  The cluster
runs as the postgres system user (as yourself when not root), listens only on
a Unix socket in a private /tmp/ats_acl.XXXXXX directory, on port $ATS_PORT
(default 54330).  Without --keep it is stopped and removed on exit, on error
and on Ctrl-C.
EOF
}

keep=false
for arg in "$@"; do
    case $arg in
        --keep) keep=true ;;
        -h|--help) usage; exit 0 ;;
        *) echo "tools/demo.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

# Not the test suite's default port, so a kept demo cluster never confuses
# anyone reading tools/test.sh's output.
export ATS_PORT=${ATS_PORT:-54330}
# shellcheck source=tools/lib.sh
source "$(dirname "$0")/lib.sh"

ats_ensure_packages
ats_build_install
ats_start_cluster          # traps EXIT, INT and TERM to stop and remove it

cd "$ATS_ROOT"
psql_cmd=("$ATS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d ats_demo)

ats_log "creating database ats_demo and loading demo/scenario.sql"
"$ATS_PG_BIN/createdb" ats_demo
"${psql_cmd[@]}" -c 'CREATE EXTENSION ats_acl'
"${psql_cmd[@]}" -f demo/scenario.sql >/dev/null
ats_log "loading demo/external.sql (external users and sharing rules)"
"${psql_cmd[@]}" -f demo/external.sql >/dev/null

ats_log "what each demo user sees"
echo
"${psql_cmd[@]}" -f demo/show.sql
mapfile -t demo_users < <("${psql_cmd[@]}" -At -c 'SELECT role_name FROM demo.cast_list ORDER BY ord')
for who in "${demo_users[@]}"; do
    "${psql_cmd[@]}" -v who="$who" -f demo/show.sql
done

ats_log "one candidate card, as four users see it"
echo
for who in demo_ada demo_rex demo_tim demo_ivan; do
    "${psql_cmd[@]}" -v who="$who" -f demo/card.sql
    echo
done

ats_log "Recruitis examples, as the agency sees them"
echo
echo 'Example 1 (seed 000, sharing by source): Jan Novák applied to Marketing specialist through'
echo 'Agency ABC and to Project manager through the careers page; ABC sees only the first response.'
"${psql_cmd[@]}" -v who=demo_abc -f demo/external_show.sql
echo
echo 'Example 3 (seed 000, source and tag combined): the DBA tags Jan'"'"'s Project manager response'
echo '"Share with ABC" (saved for this answer only); ABC'"'"'s rule there shares by that tag.'
"${psql_cmd[@]}" -c "INSERT INTO ats.application_tags (application_id, tag_id)
    SELECT a.id, t.id FROM ats.applications a
      JOIN ats.candidates c ON c.id = a.candidate_id JOIN ats.jobs j ON j.id = a.job_id
      JOIN ats.tags t ON t.name = 'Share with ABC'
     WHERE c.full_name = 'Jan Novák' AND j.title = 'Project manager'"
"${psql_cmd[@]}" -v who=demo_abc -f demo/external_show.sql
echo
echo 'Example 2 (seed 000, by tag for one answer only): Petra Svobodová has 3 responses, tagged'
echo '"For interview" on Team leader only; caller and controller see that one response, each as its role allows.'
for who in demo_carl demo_cleo; do
    "${psql_cmd[@]}" -v who="$who" -f demo/external_show.sql
    echo
done

if "$keep"; then
    # The report succeeded: from now on the cluster outlives this script.
    trap - EXIT INT TERM
    if [ "$(id -u)" -eq 0 ]; then
        stop="runuser -u postgres -- $ATS_PG_BIN/pg_ctl -D $ATS_CLUSTER_DIR/data stop && rm -rf $ATS_CLUSTER_DIR"
    else
        stop="$ATS_PG_BIN/pg_ctl -D $ATS_CLUSTER_DIR/data stop && rm -rf $ATS_CLUSTER_DIR"
    fi
    cat <<EOF
The cluster keeps running in $ATS_CLUSTER_DIR (port $PGPORT, Unix socket only).
Connect as a demo user (LOGIN roles, trust authentication), e.g. Rita:
    $ATS_PG_BIN/psql -h $ATS_CLUSTER_DIR -p $PGPORT -U demo_rita ats_demo
or as the DBA, switching users inside the session:
    $ATS_PG_BIN/psql -h $ATS_CLUSTER_DIR -p $PGPORT -U postgres ats_demo
    ats_demo=# SET ROLE demo_dora;  SELECT id, title FROM ats.jobs;  RESET ROLE;
Demo users: ${demo_users[*]}
Re-print one user's report:
    $ATS_PG_BIN/psql -X -q -h $ATS_CLUSTER_DIR -p $PGPORT -U postgres -d ats_demo -v who=demo_rex -f $ATS_ROOT/demo/show.sql
External users: demo_abc demo_carl demo_cleo; re-print one's view:
    $ATS_PG_BIN/psql -X -q -h $ATS_CLUSTER_DIR -p $PGPORT -U postgres -d ats_demo -v who=demo_cleo -f $ATS_ROOT/demo/external_show.sql
Stop it and remove its directory:
    $stop
EOF
else
    echo "The cluster is stopped and removed now.  To keep it running and connect"
    echo "to it as a demo user, run: tools/demo.sh --keep"
fi
