#!/usr/bin/env bash
# ALTER EXTENSION ats_acl UPDATE from every released version to the current
# one.  0.1 is the first release: the update path is the identity for now,
# and every future version adds its ats_acl--A--B.sql here.
source "$(dirname "$0")/common.bash"
versions=$(ats_psql postgres -At -c "SELECT string_agg(version, ' ' ORDER BY version) FROM pg_available_extension_versions WHERE name = 'ats_acl'")
current=$(ats_psql postgres -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'ats_acl'")
set -- $versions
echo "1..$(( $# * 2 ))"
for v in "$@"; do
    db="infra_upgrade_${v//./_}"
    "$ATS_PG_BIN/createdb" "$db"
    ats_psql "$db" -c "CREATE EXTENSION ats_acl VERSION '$v'" -c "ALTER EXTENSION ats_acl UPDATE" 2>/dev/null
    ats_tap_ok $? "CREATE EXTENSION ats_acl VERSION '$v', then ALTER EXTENSION ats_acl UPDATE"
    got=$(ats_psql "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'ats_acl'")
    [ "$got" = "$current" ]
    ats_tap_ok $? "from $v the update reaches $current (got $got)"
done
exit "$ATS_TAP_FAILED"
