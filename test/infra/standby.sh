#!/usr/bin/env bash
# A streaming replica (hot standby) serves every user exactly what the
# primary does: nothing in the read path writes.
source "$(dirname "$0")/common.bash"
echo "1..3"
ats_demo_database infra_standby
standby="$ATS_CLUSTER_DIR/standby"
sport=$((PGPORT + 1))
ats_as_pg "$ATS_PG_BIN/pg_basebackup" -D "$standby" -R -X stream -c fast -h "$PGHOST" -p "$PGPORT" -U postgres
ats_tap_ok $? "pg_basebackup of the primary"
stop_standby() {
    ats_as_pg "$ATS_PG_BIN/pg_ctl" -D "$standby" -m immediate -w stop >/dev/null 2>&1 || true
}
trap stop_standby EXIT
ats_as_pg "$ATS_PG_BIN/pg_ctl" -D "$standby" -l "$ATS_CLUSTER_DIR/standby.log" -w \
    -o "-p $sport -k $ATS_CLUSTER_DIR -c listen_addresses='' -c hot_standby=on -c max_prepared_transactions=10" start >/dev/null
in_recovery=$(ats_psql infra_standby -At -p "$sport" -c 'SELECT pg_is_in_recovery()')
[ "$in_recovery" = t ]
ats_tap_ok $? "the replica runs as a hot standby"
# Wait until the replica has replayed everything the primary wrote.
lsn=$(ats_psql infra_standby -At -c 'SELECT pg_current_wal_lsn()')
for _ in $(seq 1 100); do
    caught=$(ats_psql infra_standby -At -p "$sport" -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")
    [ "$caught" = t ] && break
    sleep 0.1
done
primary=$(ats_fingerprints infra_standby)
replica=$(ats_fingerprints infra_standby -p "$sport")
[ "$primary" = "$replica" ] && [ -n "$primary" ]
ats_tap_ok $? "every user sees the same rows and columns on the replica ($(echo "$primary" | wc -l) users)"
stop_standby
exit "$ATS_TAP_FAILED"
