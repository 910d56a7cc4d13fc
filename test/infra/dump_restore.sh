#!/usr/bin/env bash
# pg_dump / pg_restore of a populated database into a fresh one gives every
# user exactly the same view, and the restored database keeps working.
source "$(dirname "$0")/common.bash"
echo "1..4"
ats_demo_database infra_dump_src
before=$(ats_fingerprints infra_dump_src)
dump="$ATS_CLUSTER_DIR/infra.dump"
"$ATS_PG_BIN/pg_dump" -Fc -f "$dump" infra_dump_src
ats_tap_ok $? "pg_dump of a populated database"
"$ATS_PG_BIN/createdb" infra_dump_dst
"$ATS_PG_BIN/pg_restore" -d infra_dump_dst "$dump" 2>"$ATS_CLUSTER_DIR/restore.err"
rc=$?
[ $rc -eq 0 ] || cat "$ATS_CLUSTER_DIR/restore.err" >&2
ats_tap_ok $rc "pg_restore into a fresh database, without errors"
after=$(ats_fingerprints infra_dump_dst)
[ "$before" = "$after" ] && [ -n "$before" ]
ats_tap_ok $? "every user sees the same rows and columns after the restore ($(echo "$before" | wc -l) users)"
# Identity sequences and the catalog came back: new rows and grants work.
ats_psql infra_dump_dst -c "SET ROLE demo_rita" \
    -c "INSERT INTO ats.jobs (title) VALUES ('After restore')" \
    -c "INSERT INTO ats.candidates (full_name) VALUES ('After restore')" >/dev/null 2>&1
ats_tap_ok $? "new jobs and candidates get fresh ids after the restore"
exit "$ATS_TAP_FAILED"
