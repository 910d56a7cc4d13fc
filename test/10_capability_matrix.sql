-- 10_capability_matrix.sql: the default job capability matrix (SPEC 4.2), can() and
-- capabilities() (SPEC 6), set_level_capabilities (SPEC 5) and the matrix on writes.
--   1. every cell of the SPEC table, for each of the 5 default levels, through can()
--   2. capabilities() returns exactly the level's set, for each level
--   3. admins hold all 29 on every job; users without a level hold none
--   4. unknown jobs (false / '{}') and unknown capabilities (42704)
--   5. the matrix enforced on writes: one allowed and one denied case per column rule
--   6. set_level_capabilities: a change applies at the next statement (can() and triggers)
--   7. a custom level can be granted and gives exactly its capabilities
--   8. bad input to set_level_capabilities: unknown names 42704, NULL elements 22004, 42501
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(214);

/* The SPEC 4.2 table, hard-coded (never read from the extension's catalog):
 * one row per capability, one column per level, as in the SPEC. */
CREATE TEMP TABLE m_spec (ord int, capability text, job_admin bool, hiring_manager bool,
                          coordinator bool, recruiter bool, sourcer bool);
INSERT INTO m_spec VALUES
    ( 1, 'edit_job_details',               true, true,  false, false, false),
    ( 2, 'edit_job_post',                  true, true,  false, false, false),
    ( 3, 'publish_job_post',               true, true,  false, false, false),
    ( 4, 'approve_job',                    true, true,  false, false, false),
    ( 5, 'create_offers',                  true, true,  false, false, false),
    ( 6, 'hire_candidates',                true, true,  false, false, false),
    ( 7, 'edit_interview_plan',            true, true,  true,  false, false),
    ( 8, 'submit_feedback_on_behalf',      true, true,  true,  false, false),
    ( 9, 'view_hired_scorecards',          true, true,  true,  false, false),
    (10, 'view_offers',                    true, true,  true,  false, false),
    (11, 'advance_reject_applications',    true, true,  true,  true,  false),
    (12, 'contact_candidates',             true, true,  true,  true,  false),
    (13, 'view_scorecards',                true, true,  true,  true,  false),
    (14, 'view_applications',              true, true,  true,  true,  true),
    (15, 'add_edit_applications',          true, true,  true,  true,  true),
    (16, 'view_application_activity',      true, true,  true,  true,  true),
    (17, 'view_private_custom_fields',     true, false, false, false, false),
    (18, 'view_private_answers_and_notes', true, false, false, false, false),
    (19, 'manage_job_permissions',         true, false, false, false, false),
    -- data capabilities: every internal level
    (20, 'view_contact_details',           true, true,  true,  true,  true),
    (21, 'view_compensation',              true, true,  true,  true,  true),
    (22, 'view_stage',                     true, true,  true,  true,  true),
    (23, 'view_attachments',               true, true,  true,  true,  true),
    (24, 'view_interview_notes',           true, true,  true,  true,  true),
    (25, 'view_all_notes',                 true, true,  true,  true,  true),
    (26, 'rate_candidates',                true, true,  true,  true,  true),
    (27, 'add_notes',                      true, true,  true,  true,  true),
    (28, 'view_tags',                      true, true,  true,  true,  true),
    (29, 'edit_tags',                      true, true,  true,  true,  true);
/* The same table as (level, capability, expected) cells. */
CREATE TEMP VIEW m_matrix AS
    SELECT s.ord, c.level, s.capability, c.expected
      FROM m_spec s
     CROSS JOIN LATERAL (VALUES ('job_admin', s.job_admin), ('hiring_manager', s.hiring_manager),
                                ('coordinator', s.coordinator), ('recruiter', s.recruiter),
                                ('sourcer', s.sourcer)) AS c(level, expected);
\ir helpers/common.psql

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them:
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* Users: one limited user per level, an admin, a limited and a regular user
 * without any level, a limited user for the custom level. */
CREATE ROLE m_jadm; CREATE ROLE m_hm; CREATE ROLE m_coord; CREATE ROLE m_rec; CREATE ROLE m_src;
CREATE ROLE m_admin; CREATE ROLE m_none; CREATE ROLE m_reg; CREATE ROLE m_custom;
INSERT INTO test_uid VALUES
    ('m_jadm',   ats_acl.add_user('m_jadm',   'Job Admin')),
    ('m_hm',     ats_acl.add_user('m_hm',     'Hiring Manager')),
    ('m_coord',  ats_acl.add_user('m_coord',  'Coordinator')),
    ('m_rec',    ats_acl.add_user('m_rec',    'Recruiter')),
    ('m_src',    ats_acl.add_user('m_src',    'Sourcer')),
    ('m_admin',  ats_acl.add_user('m_admin',  'Admin', access_level => 'admin')),
    ('m_none',   ats_acl.add_user('m_none',   'No Level')),
    ('m_reg',    ats_acl.add_user('m_reg',    'Regular', access_level => 'regular')),
    ('m_custom', ats_acl.add_user('m_custom', 'Custom'));

/* Data, as the DBA: a draft job with applications, another job, a confidential job. */
INSERT INTO ats.jobs (id, title, confidential, status) VALUES
    (901, 'm target', false, 'draft'),
    (902, 'm other', false, 'open'),
    (903, 'm secret', true, 'open');
INSERT INTO ats.candidates (id, full_name) VALUES (9001, 'm cand 1'), (9002, 'm cand 2'), (9003, 'm cand 3');
INSERT INTO ats.applications (id, candidate_id, job_id, stage, status) VALUES
    (9101, 9001, 901, 'applied', 'active'),
    (9102, 9002, 901, 'applied', 'active'),
    (9103, 9003, 902, 'applied', 'active');
SELECT ats_acl.grant_job(901, pg_temp.uid('m_jadm'),  'job_admin');
SELECT ats_acl.grant_job(901, pg_temp.uid('m_hm'),    'hiring_manager');
SELECT ats_acl.grant_job(901, pg_temp.uid('m_coord'), 'coordinator');
SELECT ats_acl.grant_job(901, pg_temp.uid('m_rec'),   'recruiter');
SELECT ats_acl.grant_job(901, pg_temp.uid('m_src'),   'sourcer');

/* ---- 1 + 2. every cell of the matrix, and capabilities() per level ---- */
SET ROLE m_jadm;
SELECT is(ats_acl.can(capability, 901), expected,
          format('job_admin %s %s', CASE WHEN expected THEN 'holds' ELSE 'lacks' END, capability))
  FROM m_matrix WHERE level = 'job_admin' ORDER BY ord;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'job_admin' AND expected ORDER BY capability),
          'job_admin: capabilities() is exactly the SPEC set');
RESET ROLE;

SET ROLE m_hm;
SELECT is(ats_acl.can(capability, 901), expected,
          format('hiring_manager %s %s', CASE WHEN expected THEN 'holds' ELSE 'lacks' END, capability))
  FROM m_matrix WHERE level = 'hiring_manager' ORDER BY ord;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'hiring_manager' AND expected ORDER BY capability),
          'hiring_manager: capabilities() is exactly the SPEC set');
RESET ROLE;

SET ROLE m_coord;
SELECT is(ats_acl.can(capability, 901), expected,
          format('coordinator %s %s', CASE WHEN expected THEN 'holds' ELSE 'lacks' END, capability))
  FROM m_matrix WHERE level = 'coordinator' ORDER BY ord;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'coordinator' AND expected ORDER BY capability),
          'coordinator: capabilities() is exactly the SPEC set');
RESET ROLE;

SET ROLE m_rec;
SELECT is(ats_acl.can(capability, 901), expected,
          format('recruiter %s %s', CASE WHEN expected THEN 'holds' ELSE 'lacks' END, capability))
  FROM m_matrix WHERE level = 'recruiter' ORDER BY ord;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'recruiter' AND expected ORDER BY capability),
          'recruiter: capabilities() is exactly the SPEC set');
RESET ROLE;

SET ROLE m_src;
SELECT is(ats_acl.can(capability, 901), expected,
          format('sourcer %s %s', CASE WHEN expected THEN 'holds' ELSE 'lacks' END, capability))
  FROM m_matrix WHERE level = 'sourcer' ORDER BY ord;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'sourcer' AND expected ORDER BY capability),
          'sourcer: capabilities() is exactly the SPEC set');
-- a level on one job gives nothing on another
SELECT is(ats_acl.capabilities(902), '{}'::text[], 'sourcer of job 901 holds nothing on job 902');
SELECT is(ats_acl.can('view_applications', 902), false, 'sourcer of job 901: can(view_applications, 902) is false');
RESET ROLE;

/* ---- 3. admins hold everything; users without a level hold nothing ---- */
SET ROLE m_admin;
SELECT is(ARRAY(SELECT capability FROM m_spec WHERE NOT ats_acl.can(capability, 901) ORDER BY ord),
          '{}'::text[], 'admin: can() is true for all 29 capabilities on a job it has no grant on');
SELECT is(ARRAY(SELECT capability FROM m_spec WHERE NOT ats_acl.can(capability, 903) ORDER BY ord),
          '{}'::text[], 'admin: can() is true for all 29 capabilities on a confidential job');
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(903)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_spec ORDER BY capability),
          'admin: capabilities() of a confidential job lists exactly the 29 capabilities');
SELECT is(ats_acl.can('view_applications', 999999), false, 'admin: can() on an unknown job is false');
SELECT is(ats_acl.capabilities(999999), '{}'::text[], 'admin: capabilities() of an unknown job is empty');
RESET ROLE;

SET ROLE m_none;
SELECT is(ARRAY(SELECT capability FROM m_spec WHERE ats_acl.can(capability, 901) ORDER BY ord),
          '{}'::text[], 'limited user without a level: can() is false for all 29 capabilities');
SELECT is(ats_acl.capabilities(901), '{}'::text[], 'limited user without a level: capabilities() is empty');
RESET ROLE;

SET ROLE m_reg;
SELECT is(ARRAY(SELECT capability FROM m_spec WHERE ats_acl.can(capability, 902) ORDER BY ord),
          '{}'::text[], 'regular user (sees the job) without a level: can() is false for all 29');
SELECT is(ats_acl.capabilities(902), '{}'::text[], 'regular user without a level: capabilities() is empty');
RESET ROLE;

/* ---- 4. unknown jobs and capabilities ---- */
SET ROLE m_jadm;
SELECT is(ats_acl.can('view_applications', 999999), false, 'job_admin: can() on an unknown job is false');
SELECT is(ats_acl.capabilities(999999), '{}'::text[], 'job_admin: capabilities() of an unknown job is empty');
SELECT throws_ok($$SELECT ats_acl.can('no_such_capability', 901)$$, '42704',
                 'capability "no_such_capability" does not exist', 'can() with an unknown capability: 42704');
SELECT throws_ok($$SELECT ats_acl.can('no_such_capability', 999999)$$, '42704',
                 'capability "no_such_capability" does not exist', 'can() with an unknown capability on an unknown job: 42704');
RESET ROLE;

/* ---- 5. the matrix on writes ---- */
-- application stage: advance_reject_applications
SET ROLE m_src;
SELECT throws_ok($$UPDATE ats.applications SET stage = 'screen' WHERE id = 9101$$, '42501',
    'permission denied to change "stage" of application 9101: capability "advance_reject_applications" on job 901 is required',
    'sourcer cannot change an application''s stage');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (9003, 901)$$, '42501',
    'permission denied to add applications to job 901: candidate 9003 is not visible to this user',
    'sourcer cannot apply a candidate it does not see');
RESET ROLE;
UPDATE ats_data.candidates SET created_by = (SELECT id FROM ats_acl.users WHERE role_name = 'm_src')
 WHERE id = 9003;
SET ROLE m_src;
SELECT lives_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (9003, 901)$$,
    'sourcer can add an application of a candidate it sees (add_edit_applications)');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id, status) VALUES (9003, 901, 'rejected')$$, '42501',
    'permission denied to add a "rejected" application to job 901: capability "advance_reject_applications" on job 901 is required',
    'sourcer cannot add a rejected application');
RESET ROLE;
SET ROLE m_rec;
SELECT lives_ok($$UPDATE ats.applications SET stage = 'screen' WHERE id = 9101$$,
    'recruiter can change an application''s stage');
-- application status: hired takes hire_candidates
SELECT throws_ok($$UPDATE ats.applications SET status = 'hired' WHERE id = 9101$$, '42501',
    'permission denied to change "status" of application 9101 to "hired": capability "hire_candidates" on job 901 is required',
    'recruiter cannot hire');
SELECT lives_ok($$UPDATE ats.applications SET status = 'rejected' WHERE id = 9102$$,
    'recruiter can reject an application');
RESET ROLE;
SET ROLE m_hm;
SELECT lives_ok($$UPDATE ats.applications SET status = 'hired' WHERE id = 9101$$,
    'hiring_manager can hire');
RESET ROLE;
SELECT results_eq($$SELECT id, stage, status FROM ats.applications WHERE id IN (9101, 9102) ORDER BY id$$,
    $$VALUES (9101::bigint, 'screen'::text, 'hired'::text), (9102, 'applied', 'rejected')$$,
    'the allowed application changes were made');
-- jobs: published takes publish_job_post
SET ROLE m_coord;
SELECT throws_ok($$UPDATE ats.jobs SET published = true WHERE id = 901$$, '42501',
    'permission denied to change "published" of job 901: capability "publish_job_post" on job 901 is required',
    'coordinator cannot publish the job post');
-- interview_plan takes edit_interview_plan
SELECT lives_ok($$UPDATE ats.jobs SET interview_plan = 'phone, onsite' WHERE id = 901$$,
    'coordinator can edit the interview plan');
-- title takes edit_job_details
SELECT throws_ok($$UPDATE ats.jobs SET title = 'renamed' WHERE id = 901$$, '42501',
    'permission denied to change "title" of job 901: capability "edit_job_details" on job 901 is required',
    'coordinator cannot edit the job''s title');
-- leaving draft takes approve_job
SELECT throws_ok($$UPDATE ats.jobs SET status = 'open' WHERE id = 901$$, '42501',
    'permission denied to change "status" of job 901: capability "approve_job" on job 901 is required',
    'coordinator cannot approve a draft job');
RESET ROLE;
SET ROLE m_rec;
SELECT throws_ok($$UPDATE ats.jobs SET interview_plan = 'none' WHERE id = 901$$, '42501',
    'permission denied to change "interview_plan" of job 901: capability "edit_interview_plan" on job 901 is required',
    'recruiter cannot edit the interview plan');
SELECT throws_ok($$UPDATE ats.jobs SET job_post = 'we hire' WHERE id = 901$$, '42501',
    'permission denied to change "job_post" of job 901: capability "edit_job_post" on job 901 is required',
    'recruiter cannot edit the job post');
RESET ROLE;
SET ROLE m_hm;
SELECT lives_ok($$UPDATE ats.jobs SET published = true, job_post = 'we hire', title = 'm target 2' WHERE id = 901$$,
    'hiring_manager can publish and edit the job post and title');
SELECT lives_ok($$UPDATE ats.jobs SET status = 'open' WHERE id = 901$$,
    'hiring_manager can approve a draft job');
-- confidential takes manage_job_permissions
SELECT throws_ok($$UPDATE ats.jobs SET confidential = true WHERE id = 901$$, '42501',
    'permission denied to change "confidential" of job 901: capability "manage_job_permissions" on job 901 is required',
    'hiring_manager cannot make the job confidential');
-- grants take manage_job_permissions
SELECT throws_ok(format('SELECT ats_acl.grant_job(901, %s, %L)', pg_temp.uid('m_none'), 'sourcer'), '42501',
    'permission denied to grant access to job 901: capability "manage_job_permissions" on job 901 is required',
    'hiring_manager cannot grant access to the job');
RESET ROLE;
SELECT results_eq($$SELECT title, published, job_post, interview_plan, status, confidential FROM ats.jobs WHERE id = 901$$,
    $$VALUES ('m target 2'::text, true, 'we hire'::text, 'phone, onsite'::text, 'open'::text, false)$$,
    'the allowed job changes were made, the denied ones not');
SET ROLE m_jadm;
SELECT lives_ok($$UPDATE ats.jobs SET confidential = true WHERE id = 901$$,
    'job_admin can make the job confidential');
SELECT lives_ok($$UPDATE ats.jobs SET confidential = false WHERE id = 901$$,
    'job_admin can make the job non-confidential again');
SELECT lives_ok(format('SELECT ats_acl.grant_job(901, %s, %L)', pg_temp.uid('m_none'), 'sourcer'),
    'job_admin (manage_job_permissions) can grant access to its job');
SELECT throws_ok(format('SELECT ats_acl.grant_job(902, %s, %L)', pg_temp.uid('m_none'), 'sourcer'), '42501',
    'permission denied to grant access to job 902: capability "manage_job_permissions" on job 902 is required',
    'job_admin of job 901 cannot grant access to job 902');
RESET ROLE;
SET ROLE m_none;
SELECT is(ats_acl.can('view_applications', 901), true, 'the job_admin''s grant applies at the next statement');
RESET ROLE;

/* ---- 6. set_level_capabilities applies at once ---- */
SET ROLE m_rec;
SELECT is(ats_acl.can('advance_reject_applications', 901), true,
          'before the change: recruiter holds advance_reject_applications');
RESET ROLE;
SET ROLE m_admin;
SELECT lives_ok($$SELECT ats_acl.set_level_capabilities('recruiter', ARRAY[
        'contact_candidates', 'view_scorecards', 'view_applications', 'add_edit_applications',
        'view_application_activity', 'view_contact_details', 'view_compensation', 'view_stage',
        'view_attachments', 'view_interview_notes', 'view_all_notes', 'rate_candidates',
        'add_notes', 'view_tags', 'edit_tags'])$$,
    'an ATS admin can change the recruiter level (drop advance_reject_applications)');
RESET ROLE;
SET ROLE m_rec;
SELECT is(ats_acl.can('advance_reject_applications', 901), false,
          'at the next statement: recruiter no longer holds advance_reject_applications');
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'recruiter' AND expected
                  AND capability <> 'advance_reject_applications' ORDER BY capability),
          'recruiter: capabilities() is the new set');
SELECT throws_ok($$UPDATE ats.applications SET stage = 'onsite' WHERE id = 9101$$, '42501',
    'permission denied to change "stage" of application 9101: capability "advance_reject_applications" on job 901 is required',
    'recruiter: the stage-change denial names advance_reject_applications');
SELECT lives_ok($$UPDATE ats.applications SET source_id = NULL WHERE id = 9101$$,
    'recruiter can still edit the application otherwise');
RESET ROLE;
SET ROLE m_hm;
SELECT is(ats_acl.can('advance_reject_applications', 901), true,
          'other levels are unaffected: hiring_manager still holds advance_reject_applications');
RESET ROLE;

/* ---- 7. a custom level ---- */
SELECT lives_ok($$SELECT ats_acl.set_level_capabilities('m_screener', ARRAY['view_applications', 'view_stage', 'rate_candidates'])$$,
    'the DBA creates a custom level');
SELECT lives_ok(format('SELECT ats_acl.grant_job(902, %s, %L)', pg_temp.uid('m_custom'), 'm_screener'),
    'the custom level can be granted');
SET ROLE m_custom;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(902)) c ORDER BY c),
          ARRAY['rate_candidates', 'view_applications', 'view_stage'],
          'custom level: capabilities() is exactly its set');
SELECT is(ats_acl.can('view_applications', 902), true, 'custom level: can(view_applications) is true');
SELECT is(ats_acl.can('add_edit_applications', 902), false, 'custom level: can(add_edit_applications) is false');
SELECT is(ats_acl.can('view_contact_details', 902), false, 'custom level: no data capability it was not given');
SELECT results_eq($$SELECT id FROM ats.jobs ORDER BY id$$, ARRAY[902::bigint], 'custom level: the limited grantee sees its job');
SELECT results_eq($$SELECT id FROM ats.applications ORDER BY id$$, ARRAY[9103::bigint],
    'custom level with view_applications: the grantee sees the job''s applications');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (9001, 902)$$, '42501',
    NULL, 'custom level without add_edit_applications: cannot add applications');
RESET ROLE;

/* ---- 8. bad input ---- */
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('recruiter', ARRAY['view_stage', 'no_such_capability'])$$, '42704',
    'capability "no_such_capability" does not exist', 'set_level_capabilities: unknown capability -> 42704');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('m_ghost', ARRAY['no_such_capability'])$$, '42704',
    'capability "no_such_capability" does not exist', 'set_level_capabilities: unknown capability for a new level -> 42704');
SELECT throws_ok(format('SELECT ats_acl.grant_job(902, %s, %L)', pg_temp.uid('m_none'), 'm_ghost'), '42704',
    'access level "m_ghost" does not exist', 'a rejected new level was not created');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('m_screener', ARRAY['view_stage', NULL])$$, '22004',
    'capabilities must not contain NULL', 'set_level_capabilities: NULL element -> 22004');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('m_screener', NULL)$$, '22004',
    NULL, 'set_level_capabilities: NULL array -> 22004');
SET ROLE m_jadm;
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('sourcer', ARRAY['view_stage'])$$, '42501',
    'permission denied to change access levels', 'set_level_capabilities by a non-admin (even a job_admin) -> 42501');
RESET ROLE;
SET ROLE m_custom;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(902)) c ORDER BY c),
          ARRAY['rate_candidates', 'view_applications', 'view_stage'],
          'the rejected calls left the custom level unchanged');
RESET ROLE;
SET ROLE m_src;
SELECT is(ARRAY(SELECT c FROM unnest(ats_acl.capabilities(901)) c ORDER BY c),
          ARRAY(SELECT capability FROM m_matrix WHERE level = 'sourcer' AND expected ORDER BY capability),
          'the denied call left the sourcer level unchanged');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
