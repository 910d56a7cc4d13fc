#!/usr/bin/env bash
# With ats_acl in session_preload_libraries (or shared_preload_libraries), a
# session's very first statement is planned with the planner hook: the
# user's permission sets are constants in its plan.  Without it that one
# statement is planned before the library loads: its policies keep their
# calls of the user's sets (correct, not index-friendly), which README.md and
# docs/integration.md say, and which this test also checks, so that it can
# tell the two apart.
source "$(dirname "$0")/common.bash"
echo "1..4"
ats_demo_database infra_preload
# The first statement of a new session as Rex (a recruiter): its plan.
first_plan() {
    PGOPTIONS="-c role=demo_rex" ats_psql infra_preload -At \
        -c 'EXPLAIN (COSTS OFF) SELECT count(*) FROM ats.applications'
}
plain=$(first_plan)
echo "$plain" | grep -q 'ats_acl.job_ids('
ats_tap_ok $? "without preloading, a session's first statement keeps the policies' calls"
# A statement prepared before the library loads: the execution that loads it
# plans without the hook; the next one is re-planned with it.
prepared=$(PGOPTIONS="-c role=demo_rex" ats_psql infra_preload -At \
    -c 'PREPARE visible AS SELECT count(*) FROM ats.applications' \
    -c 'EXPLAIN (COSTS OFF) EXECUTE visible' -c "SELECT '--'" -c 'EXPLAIN (COSTS OFF) EXECUTE visible')
echo "$prepared" | sed -n '1,/^--$/p' | grep -q 'ats_acl.job_ids(' &&
    ! echo "$prepared" | sed -n '/^--$/,$p' | grep -q 'ats_acl.job_ids(' &&
    echo "$prepared" | sed -n '/^--$/,$p' | grep -q "job_id = ANY ('{"
ats_tap_ok $? "without preloading, a statement prepared before the library loaded is re-planned with the user's job set"
ats_psql infra_preload -c "ALTER DATABASE infra_preload SET session_preload_libraries = 'ats_acl'"
preloaded=$(first_plan)
! echo "$preloaded" | grep -q 'ats_acl.job_ids(' && echo "$preloaded" | grep -q "job_id = ANY ('{"
ats_tap_ok $? "with session_preload_libraries, the first statement has the user's job set as a constant"
fp=$(ats_fingerprints infra_preload)
[ -n "$fp" ] && [ "$fp" = "$(ats_fingerprints infra_demo)" ]
ats_tap_ok $? "preloaded, every user sees the same rows and columns ($(echo "$fp" | wc -l) users)"
exit "$ATS_TAP_FAILED"
