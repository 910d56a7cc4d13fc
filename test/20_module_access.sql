-- 20_module_access.sql: which jobs and applications each user sees (SPEC 4.1-4.3), job
-- creation, hiring teams, grant management, and users who must see nothing.
--   1. module access: admin / regular / limited, confidential jobs, direct grantees
--   2. applications need view_applications (a visible job alone shows none)
--   3. access rules: by department, by location, by both, NULL/NULL, never confidential jobs
--   4. several rules: union of capabilities (default and custom levels), also on writes
--   5. a direct grant replaces the rules on its job; revoking it restores them
--   6. drop_access_rule removes the access it gave
--   7. job creation: limited 42501; regular/admin can; creator gets job_admin; confidential
--   8. hiring team: membership confers nothing; add_to_hiring_team by manager/editor/other
--   9. grant_job/revoke_job gated by manage_job_permissions; revoke applies at once
--  10. deactivated users and unregistered roles see nothing and write nothing
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(108);

\ir helpers/common.psql
CREATE TEMP TABLE v_rule (name text PRIMARY KEY, id bigint);
/* Expected capability sets, hard-coded from SPEC 4.2 (sorted). */
CREATE TEMP TABLE v_level (level text PRIMARY KEY, caps text[]);
INSERT INTO v_level VALUES
    ('sourcer', ARRAY['add_edit_applications', 'add_notes', 'edit_tags', 'rate_candidates',
        'view_all_notes', 'view_application_activity', 'view_applications', 'view_attachments',
        'view_compensation', 'view_contact_details', 'view_interview_notes', 'view_stage',
        'view_tags']),
    ('recruiter', ARRAY['add_edit_applications', 'add_notes', 'advance_reject_applications',
        'contact_candidates', 'edit_tags', 'rate_candidates', 'view_all_notes',
        'view_application_activity', 'view_applications', 'view_attachments',
        'view_compensation', 'view_contact_details', 'view_interview_notes', 'view_scorecards',
        'view_stage', 'view_tags']),
    ('coordinator', ARRAY['add_edit_applications', 'add_notes', 'advance_reject_applications',
        'contact_candidates', 'edit_interview_plan', 'edit_tags', 'rate_candidates',
        'submit_feedback_on_behalf', 'view_all_notes', 'view_application_activity',
        'view_applications', 'view_attachments', 'view_compensation', 'view_contact_details',
        'view_hired_scorecards', 'view_interview_notes', 'view_offers', 'view_scorecards',
        'view_stage', 'view_tags']);
CREATE FUNCTION pg_temp.v_caps(text) RETURNS text[] LANGUAGE sql STABLE
    AS $$ SELECT caps FROM v_level WHERE level = $1 $$;
/* capabilities() sorted, for comparison with the hard-coded sets */
CREATE FUNCTION pg_temp.v_mycaps(bigint) RETURNS text[] LANGUAGE sql STABLE
    AS $$ SELECT ARRAY(SELECT c FROM unnest(ats_acl.capabilities($1)) c ORDER BY c) $$;

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them:
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* Users. */
CREATE ROLE v_admin; CREATE ROLE v_reg; CREATE ROLE v_reg2; CREATE ROLE v_lim; CREATE ROLE v_lim_g;
CREATE ROLE v_rdept; CREATE ROLE v_rloc; CREATE ROLE v_rboth; CREATE ROLE v_rall;
CREATE ROLE v_rmulti; CREATE ROLE v_runion;
CREATE ROLE v_jadm; CREATE ROLE v_hm; CREATE ROLE v_rec;
CREATE ROLE v_tm1; CREATE ROLE v_tm2; CREATE ROLE v_tm3; CREATE ROLE v_tm4; CREATE ROLE v_tm5;
CREATE ROLE v_deact; CREATE ROLE v_unreg;
INSERT INTO test_uid VALUES
    ('v_admin',  ats_acl.add_user('v_admin',  'Admin',     access_level => 'admin')),
    ('v_reg',    ats_acl.add_user('v_reg',    'Regular',   access_level => 'regular')),
    ('v_reg2',   ats_acl.add_user('v_reg2',   'Regular 2', access_level => 'regular')),
    ('v_lim',    ats_acl.add_user('v_lim',    'Limited')),
    ('v_lim_g',  ats_acl.add_user('v_lim_g',  'Limited with grants')),
    ('v_rdept',  ats_acl.add_user('v_rdept',  'Rule by department')),
    ('v_rloc',   ats_acl.add_user('v_rloc',   'Rule by location')),
    ('v_rboth',  ats_acl.add_user('v_rboth',  'Rule by both')),
    ('v_rall',   ats_acl.add_user('v_rall',   'Rule on everything')),
    ('v_rmulti', ats_acl.add_user('v_rmulti', 'Two rules')),
    ('v_runion', ats_acl.add_user('v_runion', 'Two custom rules')),
    ('v_jadm',   ats_acl.add_user('v_jadm',   'Job admin of 104')),
    ('v_hm',     ats_acl.add_user('v_hm',     'Hiring manager of 104')),
    ('v_rec',    ats_acl.add_user('v_rec',    'Recruiter of 104')),
    ('v_tm1',    ats_acl.add_user('v_tm1',    'Team 1')),
    ('v_tm2',    ats_acl.add_user('v_tm2',    'Team 2')),
    ('v_tm3',    ats_acl.add_user('v_tm3',    'Team 3')),
    ('v_tm4',    ats_acl.add_user('v_tm4',    'Team 4')),
    ('v_tm5',    ats_acl.add_user('v_tm5',    'Team 5')),
    ('v_deact',  ats_acl.add_user('v_deact',  'To deactivate', access_level => 'regular'));
GRANT ats_user TO v_unreg;   -- a client role that was never registered

/* Data, as the DBA.
 *   job  department  location  confidential
 *   101  Eng         Berlin
 *   102  Eng         Prague
 *   103  Sales       Berlin
 *   104  Sales       Prague
 *   105  Eng         Berlin    yes
 *   106  -           -
 * One application per job: 1101..1106. */
INSERT INTO ats.departments (id, name) VALUES (1, 'v Eng'), (2, 'v Sales');
INSERT INTO ats.locations (id, name) VALUES (1, 'v Berlin'), (2, 'v Prague');
INSERT INTO ats.jobs (id, title, department_id, location_id, confidential, status) VALUES
    (101, 'v eng berlin',    1,    1,    false, 'open'),
    (102, 'v eng prague',    1,    2,    false, 'open'),
    (103, 'v sales berlin',  2,    1,    false, 'open'),
    (104, 'v sales prague',  2,    2,    false, 'open'),
    (105, 'v secret berlin', 1,    1,    true,  'open'),
    (106, 'v nowhere',       NULL, NULL, false, 'open');
INSERT INTO ats.candidates (id, full_name)
    SELECT 1000 + i, 'v cand ' || i FROM generate_series(1, 6) i;
INSERT INTO ats.applications (id, candidate_id, job_id)
    SELECT 1100 + i, 1000 + i, 100 + i FROM generate_series(1, 6) i;

SELECT ats_acl.grant_job(105, pg_temp.uid('v_reg'),   'coordinator');
SELECT ats_acl.grant_job(101, pg_temp.uid('v_lim_g'), 'recruiter');
SELECT ats_acl.grant_job(105, pg_temp.uid('v_lim_g'), 'sourcer');
SELECT ats_acl.set_level_capabilities('v_post_editor', ARRAY['edit_job_post', 'view_applications']);
SELECT ats_acl.set_level_capabilities('v_offer_viewer', ARRAY['view_offers', 'view_stage']);
INSERT INTO v_rule VALUES
    ('rdept',        ats_acl.add_access_rule(pg_temp.uid('v_rdept'),  'sourcer',     1,    NULL)),
    ('rloc',         ats_acl.add_access_rule(pg_temp.uid('v_rloc'),   'recruiter',   NULL, 1)),
    ('rboth',        ats_acl.add_access_rule(pg_temp.uid('v_rboth'),  'coordinator', 1,    1)),
    ('rall',         ats_acl.add_access_rule(pg_temp.uid('v_rall'),   'sourcer',     NULL, NULL)),
    ('rmulti_dept',  ats_acl.add_access_rule(pg_temp.uid('v_rmulti'), 'sourcer',     1,    NULL)),
    ('rmulti_loc',   ats_acl.add_access_rule(pg_temp.uid('v_rmulti'), 'coordinator', NULL, 1)),
    ('runion_dept',  ats_acl.add_access_rule(pg_temp.uid('v_runion'), 'v_post_editor',  1,    NULL)),
    ('runion_loc',   ats_acl.add_access_rule(pg_temp.uid('v_runion'), 'v_offer_viewer', NULL, 1));

/* ---- 1 + 2. module access, confidential jobs, applications ---- */
SET ROLE v_admin;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103, 104, 105, 106]::bigint[],
    'admin sees every job, the confidential one included');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101, 1102, 1103, 1104, 1105, 1106]::bigint[],
    'admin sees every application');
RESET ROLE;

SET ROLE v_reg2;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103, 104, 106]::bigint[],
    'regular sees every non-confidential job, not the confidential one');
SELECT is_empty('SELECT id FROM ats.applications',
    'regular without a level sees no application of the jobs it sees');
SELECT is(ats_acl.can('view_applications', 101), false, 'regular without a level: no view_applications');
RESET ROLE;

SET ROLE v_reg;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103, 104, 105, 106]::bigint[],
    'regular with a grant on a confidential job sees it too');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1105]::bigint[],
    'regular sees the applications of the job it holds a level on only');
SELECT is(pg_temp.v_mycaps(105), pg_temp.v_caps('coordinator'), 'regular: the granted level''s capabilities on the confidential job');
RESET ROLE;

SET ROLE v_lim;
SELECT is_empty('SELECT id FROM ats.jobs', 'limited without a level sees no job');
SELECT is_empty('SELECT id FROM ats.applications', 'limited without a level sees no application');
RESET ROLE;

SET ROLE v_lim_g;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 105]::bigint[],
    'limited sees exactly its granted jobs, a confidential one included (direct grants reach confidential jobs)');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101, 1105]::bigint[],
    'limited sees the applications of its granted jobs');
SELECT is(pg_temp.v_mycaps(105), pg_temp.v_caps('sourcer'), 'limited direct grantee: sourcer capabilities on the confidential job');
RESET ROLE;

/* ---- 3. access rules ---- */
SET ROLE v_rdept;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102]::bigint[],
    'rule by department: the department''s non-confidential jobs (not the confidential one, not a job without department)');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101, 1102]::bigint[],
    'rule by department: their applications');
SELECT is(pg_temp.v_mycaps(102), pg_temp.v_caps('sourcer'), 'rule by department: the rule''s level''s capabilities');
SELECT is(ats_acl.capabilities(105), '{}'::text[], 'rule by department: nothing on the matching confidential job');
RESET ROLE;

SET ROLE v_rloc;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 103]::bigint[],
    'rule by location: the location''s non-confidential jobs');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101, 1103]::bigint[],
    'rule by location: their applications');
SELECT is(pg_temp.v_mycaps(103), pg_temp.v_caps('recruiter'), 'rule by location: the rule''s level''s capabilities');
RESET ROLE;

SET ROLE v_rboth;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[],
    'rule by department and location: only jobs matching both (not the confidential one)');
SELECT is(pg_temp.v_mycaps(101), pg_temp.v_caps('coordinator'), 'rule by both: the rule''s level''s capabilities');
SELECT is(ats_acl.can('view_applications', 105), false, 'rule by both: nothing on the confidential job matching both');
SELECT is(ats_acl.can('view_applications', 102), false, 'rule by both: nothing on a job matching the department only');
RESET ROLE;

SET ROLE v_rall;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103, 104, 106]::bigint[],
    'rule with neither department nor location: every non-confidential job');
RESET ROLE;

/* ---- 4. several rules: the union ---- */
SET ROLE v_rmulti;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103]::bigint[],
    'two rules: the jobs of either');
SELECT is(pg_temp.v_mycaps(101), pg_temp.v_caps('coordinator'),
    'sourcer rule on the department + coordinator rule on the location: union on a job matching both');
SELECT is(pg_temp.v_mycaps(102), pg_temp.v_caps('sourcer'), 'two rules: only the department rule on a job of the department only');
SELECT is(pg_temp.v_mycaps(103), pg_temp.v_caps('coordinator'), 'two rules: only the location rule on a job of the location only');
RESET ROLE;

SET ROLE v_runion;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103]::bigint[],
    'two custom-level rules: the jobs of either');
SELECT is(pg_temp.v_mycaps(101), ARRAY['edit_job_post', 'view_applications', 'view_offers', 'view_stage'],
    'two disjoint custom-level rules: the exact union on a job matching both');
SELECT is(pg_temp.v_mycaps(102), ARRAY['edit_job_post', 'view_applications'], 'custom rules: department rule only');
SELECT is(pg_temp.v_mycaps(103), ARRAY['view_offers', 'view_stage'], 'custom rules: location rule only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101, 1102]::bigint[],
    'applications only where a matching rule gives view_applications (job 103 is visible, its application is not)');
SELECT lives_ok($$UPDATE ats.jobs SET job_post = 'union post' WHERE id = 101$$,
    'the union is enforced on writes: edit_job_post from the department rule on a job matching both');
SELECT throws_ok($$UPDATE ats.jobs SET job_post = 'union post' WHERE id = 103$$, '42501',
    'permission denied to change "job_post" of job 103: capability "edit_job_post" on job 103 is required',
    'no edit_job_post where only the location rule matches');
RESET ROLE;

/* ---- 5. a direct grant replaces the rules on its job ---- */
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.grant_job(101, %s, %L)', pg_temp.uid('v_rmulti'), 'sourcer'),
    'admin grants the two-rule user a weaker level directly on a job both rules match');
RESET ROLE;
SET ROLE v_rmulti;
SELECT is(pg_temp.v_mycaps(101), pg_temp.v_caps('sourcer'), 'the direct grant replaces the rules there: the rules'' extra capabilities are gone');
SELECT is(ats_acl.can('advance_reject_applications', 101), false, 'direct sourcer grant: no advance_reject_applications on that job');
SELECT throws_ok($$UPDATE ats.applications SET stage = 'screen' WHERE id = 1101$$, '42501',
    'permission denied to change "stage" of application 1101: capability "advance_reject_applications" on job 101 is required',
    'direct sourcer grant: a stage change on that job is denied');
SELECT is(pg_temp.v_mycaps(103), pg_temp.v_caps('coordinator'), 'the rules still apply on the other jobs');
RESET ROLE;
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.revoke_job(101, %s)', pg_temp.uid('v_rmulti')), 'admin revokes the direct grant');
RESET ROLE;
SET ROLE v_rmulti;
SELECT is(pg_temp.v_mycaps(101), pg_temp.v_caps('coordinator'), 'after the revoke the rules apply again');
RESET ROLE;

/* ---- 6. drop_access_rule ---- */
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.drop_access_rule(%s)', (SELECT id FROM v_rule WHERE name = 'rdept')),
    'admin drops the department rule');
SELECT lives_ok(format('SELECT ats_acl.drop_access_rule(%s)', (SELECT id FROM v_rule WHERE name = 'rmulti_loc')),
    'admin drops one of the two rules');
RESET ROLE;
SET ROLE v_rdept;
SELECT is_empty('SELECT id FROM ats.jobs', 'after drop_access_rule: the rule''s jobs are gone');
SELECT is_empty('SELECT id FROM ats.applications', 'after drop_access_rule: their applications are gone');
SELECT is(ats_acl.capabilities(101), '{}'::text[], 'after drop_access_rule: no capability left');
RESET ROLE;
SET ROLE v_rmulti;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102]::bigint[],
    'after dropping one of two rules: the other rule''s jobs remain');
SELECT is(pg_temp.v_mycaps(101), pg_temp.v_caps('sourcer'), 'after dropping one of two rules: the other rule''s capabilities');
RESET ROLE;

/* ---- 7. job creation ---- */
SET ROLE v_lim;
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('v limited job')$$, '42501',
    'permission denied to create jobs', 'limited cannot create jobs');
RESET ROLE;
SET ROLE v_lim_g;
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('v limited job')$$, '42501',
    'permission denied to create jobs', 'limited with job grants still cannot create jobs');
RESET ROLE;
SET ROLE v_reg2;
SELECT results_eq($$INSERT INTO ats.jobs (title) VALUES ('v reg job') RETURNING title, confidential$$,
    $$VALUES ('v reg job'::text, false)$$, 'regular can create a job');
SELECT results_eq($$INSERT INTO ats.jobs (title, confidential) VALUES ('v reg secret', true) RETURNING title, confidential$$,
    $$VALUES ('v reg secret'::text, true)$$, 'regular creating a confidential job sees it (INSERT ... RETURNING)');
SELECT results_eq($$SELECT title FROM ats.jobs WHERE title LIKE 'v reg %' ORDER BY title$$,
    ARRAY['v reg job', 'v reg secret'], 'the creator sees both jobs it created');
SELECT is(ats_acl.can('manage_job_permissions', (SELECT id FROM ats.jobs WHERE title = 'v reg secret')), true,
    'the creator holds manage_job_permissions on its confidential job');
SELECT is(array_length(ats_acl.capabilities((SELECT id FROM ats.jobs WHERE title = 'v reg job')), 1), 29,
    'the creator holds all 29 capabilities (job_admin) on its job');
RESET ROLE;
SET ROLE v_admin;
SELECT lives_ok($$INSERT INTO ats.jobs (title) VALUES ('v admin job')$$, 'admin can create a job');
RESET ROLE;
SELECT results_eq($$SELECT j.title, u.role_name::text COLLATE "default", g.level, j.created_by = u.id
                      FROM ats_acl.job_grants g JOIN ats_data.jobs j ON j.id = g.job_id
                      JOIN ats_acl.users u ON u.id = g.user_id
                     WHERE j.title IN ('v reg job', 'v reg secret', 'v admin job') ORDER BY j.title$$,
    $$VALUES ('v admin job'::text, 'v_admin'::text, 'job_admin'::text, true),
             ('v reg job', 'v_reg2', 'job_admin', true), ('v reg secret', 'v_reg2', 'job_admin', true)$$,
    'each creator got a direct job_admin grant (a row of ats_acl.job_grants) and is created_by');
SET ROLE v_reg;
SELECT results_eq($$SELECT title FROM ats.jobs WHERE title LIKE 'v % job' OR title = 'v reg secret' ORDER BY title$$,
    ARRAY['v admin job', 'v reg job'], 'another regular user sees the new public jobs, not the new confidential one');
RESET ROLE;
SET ROLE v_lim;
SELECT is_empty($$SELECT title FROM ats.jobs$$, 'a limited user sees none of the new jobs');
RESET ROLE;

/* ---- 8. hiring team ---- */
SELECT ats_acl.grant_job(104, pg_temp.uid('v_jadm'), 'job_admin');
SELECT ats_acl.grant_job(104, pg_temp.uid('v_hm'),   'hiring_manager');
SELECT ats_acl.grant_job(104, pg_temp.uid('v_rec'),  'recruiter');
SELECT ats_acl.grant_job(104, pg_temp.uid('v_tm4'),  'sourcer');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (102, pg_temp.uid('v_lim'), 'hiring_manager');
SET ROLE v_lim;
SELECT is_empty('SELECT id FROM ats.jobs', 'hiring team membership (added by the DBA) confers no job');
SELECT is(ats_acl.capabilities(102), '{}'::text[], 'hiring team membership confers no capability');
SELECT is_empty('SELECT job_id FROM ats.hiring_team', 'a member who does not see the job does not see its team');
RESET ROLE;

SET ROLE v_jadm;
SELECT lives_ok(format('SELECT ats_acl.add_to_hiring_team(104, %s, %L)', pg_temp.uid('v_tm1'), 'recruiter'),
    'job_admin adds a recruiter to the hiring team');
SELECT lives_ok(format('SELECT ats_acl.add_to_hiring_team(104, %s, %L)', pg_temp.uid('v_tm3'), 'interviewer'),
    'job_admin adds an interviewer to the hiring team');
SELECT lives_ok(format('SELECT ats_acl.add_to_hiring_team(104, %s, %L)', pg_temp.uid('v_tm4'), 'hiring_manager'),
    'job_admin adds a user with a direct grant as hiring manager');
RESET ROLE;
SET ROLE v_hm;
SELECT lives_ok(format('SELECT ats_acl.add_to_hiring_team(104, %s, %L)', pg_temp.uid('v_tm2'), 'coordinator'),
    'hiring_manager (edit_job_details, no manage_job_permissions) adds a coordinator to the team');
RESET ROLE;
SET ROLE v_rec;
SELECT throws_ok(format('SELECT ats_acl.add_to_hiring_team(104, %s, %L)', pg_temp.uid('v_tm5'), 'sourcer'), '42501',
    'permission denied to change the hiring team of job 104: capability "edit_job_details" or "manage_job_permissions" on job 104 is required',
    'recruiter (neither capability) cannot change the hiring team');
SELECT throws_ok(format('INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (104, %s, %L)', pg_temp.uid('v_tm5'), 'sourcer'), '42501',
    'permission denied to change the hiring team of job 104: capability "edit_job_details" or "manage_job_permissions" on job 104 is required',
    'recruiter cannot insert into the hiring team directly either');
RESET ROLE;
SELECT results_eq($$SELECT u.role_name::text COLLATE "default", h.role, g.level FROM ats.hiring_team h
                      JOIN ats_acl.users u ON u.id = h.user_id
                      LEFT JOIN ats_acl.job_grants g ON g.job_id = h.job_id AND g.user_id = h.user_id
                     WHERE h.job_id = 104 ORDER BY 1$$,
    $$VALUES ('v_tm1'::text, 'recruiter'::text, 'recruiter'::text), ('v_tm2', 'coordinator', NULL),
             ('v_tm3', 'interviewer', NULL), ('v_tm4', 'hiring_manager', 'sourcer')$$,
    'team and grants: manager''s additions granted (not interviewer, not over an existing grant); editor''s not');
SET ROLE v_tm1;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[104]::bigint[], 'added by a job_admin: sees the job');
SELECT is(pg_temp.v_mycaps(104), pg_temp.v_caps('recruiter'), 'added by a job_admin as recruiter: holds the recruiter level');
RESET ROLE;
SET ROLE v_tm2;
SELECT is_empty('SELECT id FROM ats.jobs', 'added by a hiring_manager: sees nothing');
SELECT is(ats_acl.capabilities(104), '{}'::text[], 'added by a hiring_manager: holds nothing');
RESET ROLE;
SET ROLE v_tm3;
SELECT is_empty('SELECT id FROM ats.jobs', 'added as interviewer: sees nothing');
RESET ROLE;
SET ROLE v_tm4;
SELECT is(pg_temp.v_mycaps(104), pg_temp.v_caps('sourcer'), 'an existing direct grant is not replaced by the team role');
RESET ROLE;
SET ROLE v_hm;
SELECT results_eq($$SELECT user_id FROM ats.hiring_team WHERE job_id = 104 ORDER BY user_id$$,
    $$SELECT id FROM test_uid WHERE role_name IN ('v_tm1', 'v_tm2', 'v_tm3', 'v_tm4') ORDER BY id$$,
    'whoever sees the job sees its hiring team');
RESET ROLE;

/* ---- 9. grant_job / revoke_job ---- */
SET ROLE v_hm;
SELECT throws_ok(format('SELECT ats_acl.grant_job(104, %s, %L)', pg_temp.uid('v_tm5'), 'sourcer'), '42501',
    'permission denied to grant access to job 104: capability "manage_job_permissions" on job 104 is required',
    'grant_job by a non-manager (hiring_manager) is denied');
SELECT throws_ok(format('SELECT ats_acl.revoke_job(104, %s)', pg_temp.uid('v_tm1')), '42501',
    'permission denied to revoke access to job 104: capability "manage_job_permissions" on job 104 is required',
    'revoke_job by a non-manager is denied');
RESET ROLE;
SET ROLE v_reg2;
SELECT throws_ok(format('SELECT ats_acl.grant_job(101, %s, %L)', pg_temp.uid('v_tm5'), 'sourcer'), '42501',
    'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'grant_job by a regular user on a job it only sees is denied');
RESET ROLE;
SET ROLE v_jadm;
SELECT lives_ok(format('SELECT ats_acl.grant_job(104, %s, %L)', pg_temp.uid('v_tm5'), 'recruiter'),
    'grant_job by the job_admin of the job works');
SELECT throws_ok(format('SELECT ats_acl.grant_job(101, %s, %L)', pg_temp.uid('v_tm5'), 'recruiter'), '42501',
    'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'the job_admin of job 104 cannot grant on job 101');
RESET ROLE;
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.grant_job(105, %s, %L)', pg_temp.uid('v_tm5'), 'sourcer'),
    'grant_job by an admin works on any job (a confidential one here)');
RESET ROLE;
SET ROLE v_tm5;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[104, 105]::bigint[], 'the grantee sees both granted jobs');
RESET ROLE;
SET ROLE v_jadm;
SELECT lives_ok(format('SELECT ats_acl.revoke_job(104, %s)', pg_temp.uid('v_tm5')),
    'revoke_job by the job_admin of the job works');
SELECT throws_ok(format('SELECT ats_acl.revoke_job(104, %s)', pg_temp.uid('v_tm5')), '42704',
    format('user %s has no direct grant on job 104', pg_temp.uid('v_tm5')),
    'revoke_job without a direct grant: 42704');
RESET ROLE;
SET ROLE v_tm5;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[105]::bigint[], 'revoke_job removes access at the next statement');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1105]::bigint[], 'and the applications of the revoked job');
RESET ROLE;
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.revoke_job(105, %s)', pg_temp.uid('v_tm5')), 'revoke_job by an admin works');
RESET ROLE;
SET ROLE v_tm5;
SELECT is_empty('SELECT id FROM ats.jobs', 'after both revokes: no job');
RESET ROLE;

/* ---- 10. deactivated users and unregistered roles ---- */
SELECT ats_acl.grant_job(101, pg_temp.uid('v_deact'), 'job_admin');
SET ROLE v_deact;
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[1101]::bigint[], 'before deactivation: sees its job''s application');
RESET ROLE;
SET ROLE v_admin;
SELECT lives_ok(format('SELECT ats_acl.deactivate_user(%s)', pg_temp.uid('v_deact')), 'admin deactivates the user');
RESET ROLE;
SET ROLE v_deact;
SELECT is_empty('SELECT id FROM ats.jobs', 'deactivated: sees no job');
SELECT is_empty('SELECT id FROM ats.applications', 'deactivated: sees no application');
SELECT is_empty('SELECT id FROM ats.departments', 'deactivated: sees no department');
SELECT is(ats_acl.capabilities(101), '{}'::text[], 'deactivated: holds nothing on its former job');
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('v deact job')$$, '42501',
    'permission denied to create jobs', 'deactivated: cannot create jobs');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (1002, 101)$$, '42501',
    'permission denied to add applications to job 101: capability "add_edit_applications" on job 101 is required',
    'deactivated: cannot add applications');
SELECT is_empty($$UPDATE ats.jobs SET title = 'v hacked' WHERE id = 101 RETURNING id$$,
    'deactivated: an UPDATE reaches no job');
RESET ROLE;

SET ROLE v_unreg;
SELECT is(ats_acl.current_user_id(), NULL, 'unregistered role: current_user_id() is NULL');
SELECT is_empty('SELECT id FROM ats.jobs', 'unregistered role: sees no job');
SELECT is_empty('SELECT id FROM ats.applications', 'unregistered role: sees no application');
SELECT is_empty('SELECT id FROM ats.departments', 'unregistered role: sees no department');
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('v unreg job')$$, '42501',
    'permission denied to create jobs', 'unregistered role: cannot create jobs');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (1002, 102)$$, '42501',
    'permission denied to add applications to job 102: capability "add_edit_applications" on job 102 is required',
    'unregistered role: cannot add applications');
SELECT is_empty($$UPDATE ats.jobs SET title = 'v hacked' WHERE id = 102 RETURNING id$$,
    'unregistered role: an UPDATE reaches no job');
RESET ROLE;
SELECT results_eq($$SELECT count(*) FROM ats.jobs WHERE title = 'v hacked' OR title LIKE 'v % job' AND title NOT IN ('v reg job', 'v admin job')$$,
    ARRAY[0::bigint], 'nothing was written by the deactivated or unregistered role');

SELECT * FROM finish();
ROLLBACK;
