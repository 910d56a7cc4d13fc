-- 30_identity_security.sql: identity (SPEC 2) and the security cases of issue 2.
--   1. current_user_id(): registered user, unregistered role, the DBA.
--   2. Role switching (SET ROLE, SET LOCAL ROLE, RESET ROLE, SET SESSION AUTHORIZATION,
--      SECURITY DEFINER / SET search_path functions) never serves one role's rights to another.
--   3. Unregistered and deactivated users see nothing and write nothing; reactivation restores.
--   4. Grants in a transaction: effective at the next statement; a rolled back grant leaves no trace.
--   5. The catalog and the hidden tables cannot be changed or read by users' DML.
--   6. Attribution cannot be forged (created_by forced, id/created_by/created_at immutable).
--   7. Admins and the DBA see every candidate-side record too.
--   8. Administration functions refuse non-admins, non-managers and roles without ats_user.
--   9. Administration functions are SECURITY DEFINER, search_path pinned, no EXECUTE for PUBLIC.
--  10. A search_path hijack by the calling admin does not reach the administration functions.
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(147);

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them.
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- fixture */
CREATE ROLE s_admin;    -- admin
CREATE ROLE s_reg;      -- regular, no grants
CREATE ROLE s_a;        -- limited, recruiter on job 101
CREATE ROLE s_b;        -- limited, recruiter on job 102
CREATE ROLE s_lim;      -- limited, no grants (grant / rollback tests)
CREATE ROLE s_inact;    -- regular, recruiter on job 101, deactivated
CREATE ROLE s_unreg;    -- granted ats_user by hand, never registered
CREATE ROLE s_nobody;   -- neither registered nor granted ats_user
CREATE ROLE s_new;      -- registered by the hijack test

SELECT ats_acl.add_user('s_admin', 'Admin', access_level => 'admin') AS admin_id \gset
SELECT ats_acl.add_user('s_reg', 'Regular', access_level => 'regular') AS reg_id \gset
SELECT ats_acl.add_user('s_a', 'User A') AS a_id \gset
SELECT ats_acl.add_user('s_b', 'User B') AS b_id \gset
SELECT ats_acl.add_user('s_lim', 'Limited') AS lim_id \gset
SELECT ats_acl.add_user('s_inact', 'Inactive', access_level => 'regular') AS inact_id \gset
GRANT ats_user TO s_unreg;

INSERT INTO ats.departments (id, name) VALUES (1, 'Engineering');
INSERT INTO ats.locations (id, name) VALUES (1, 'Berlin');
INSERT INTO ats.jobs (id, title, department_id, location_id, confidential) VALUES
    (101, 'Job one', 1, 1, false),
    (102, 'Job two', 1, 1, false),
    (103, 'Job three', 1, 1, false),
    (104, 'Secret job', 1, 1, true);
INSERT INTO ats.candidates (id, full_name) VALUES (201, 'Cand one'), (202, 'Cand two'), (203, 'Cand three');
INSERT INTO ats.applications (id, candidate_id, job_id) VALUES
    (301, 201, 101), (302, 202, 102), (303, 203, 103), (304, 201, 104);
SELECT ats_acl.grant_job(101, :a_id, 'recruiter') \g /dev/null
SELECT ats_acl.grant_job(102, :b_id, 'recruiter') \g /dev/null
SELECT ats_acl.grant_job(101, :inact_id, 'recruiter') \g /dev/null
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (101, :a_id, 'recruiter'), (102, :b_id, 'recruiter');
-- Candidate-side records, written by the DBA.
INSERT INTO ats.notes (id, candidate_id, body) VALUES (401, 201, 'a note');
INSERT INTO ats.offers (id, application_id, salary) VALUES (501, 301, 50000);
INSERT INTO ats.activity (id, action, table_name, row_id) VALUES (601, 'insert', 'candidates', 201);

-- Functions for the SECURITY DEFINER / SET search_path cases, owned by s_a.
CREATE SCHEMA s_fn;
GRANT USAGE ON SCHEMA s_fn TO PUBLIC;
CREATE FUNCTION s_fn.definer_jobs() RETURNS SETOF bigint LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog AS $$ SELECT id FROM ats.jobs ORDER BY id $$;
CREATE FUNCTION s_fn.definer_apps() RETURNS SETOF bigint LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT id FROM ats.applications ORDER BY id $$;
CREATE FUNCTION s_fn.definer_uid() RETURNS bigint LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT ats_acl.current_user_id() $$;
CREATE FUNCTION s_fn.definer_can(cap text, job bigint) RETURNS boolean LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT ats_acl.can(cap, job) $$;
CREATE FUNCTION s_fn.invoker_jobs() RETURNS SETOF bigint LANGUAGE sql
    SET search_path = pg_catalog AS $$ SELECT id FROM ats.jobs ORDER BY id $$;
CREATE FUNCTION s_fn.invoker_uid() RETURNS bigint LANGUAGE sql
    SET search_path = pg_catalog AS $$ SELECT ats_acl.current_user_id() $$;
ALTER FUNCTION s_fn.definer_jobs() OWNER TO s_a;
ALTER FUNCTION s_fn.definer_apps() OWNER TO s_a;
ALTER FUNCTION s_fn.definer_uid() OWNER TO s_a;
ALTER FUNCTION s_fn.definer_can(text, bigint) OWNER TO s_a;
ALTER FUNCTION s_fn.invoker_jobs() OWNER TO s_a;
ALTER FUNCTION s_fn.invoker_uid() OWNER TO s_a;

/* --------------------------------------------------- 1. current_user_id() */
SELECT is(ats_acl.current_user_id(), NULL, 'DBA (postgres, unregistered): current_user_id() is NULL');
SET ROLE s_a;
SELECT is(ats_acl.current_user_id(), :a_id::bigint, 's_a: current_user_id() is its id');
SET ROLE s_unreg;
SELECT is(ats_acl.current_user_id(), NULL, 'unregistered role with ats_user: current_user_id() is NULL');
RESET ROLE;

/* -------------------------------------------------------- 2. role switching */
-- Warm the cache as A.
SET ROLE s_a;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[], 'A sees job 101 only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[301]::bigint[], 'A sees application 301 only');
SELECT results_eq('SELECT job_id FROM ats.hiring_team ORDER BY job_id', ARRAY[101]::bigint[], 'A sees the hiring team of 101 only');
SELECT is(ats_acl.can('view_applications', 101), true, 'A can view_applications on 101');
SELECT set_eq('SELECT unnest(ats_acl.capabilities(101))',
    ARRAY['advance_reject_applications', 'contact_candidates', 'view_scorecards', 'view_applications',
          'add_edit_applications', 'view_application_activity', 'view_contact_details',
          'view_compensation', 'view_stage', 'view_attachments', 'view_interview_notes',
          'view_all_notes', 'rate_candidates', 'add_notes', 'view_tags', 'edit_tags'],
    'A holds exactly the recruiter capabilities on 101');
-- SET ROLE B in the same session.
SET ROLE s_b;
SELECT is(ats_acl.current_user_id(), :b_id::bigint, 'after SET ROLE s_b: current_user_id() is B');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'B sees job 102 only, not A''s 101');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[302]::bigint[], 'B sees application 302 only');
SELECT results_eq('SELECT job_id FROM ats.hiring_team ORDER BY job_id', ARRAY[102]::bigint[], 'B sees the hiring team of 102 only');
SELECT is(ats_acl.can('view_applications', 101), false, 'B cannot view_applications on 101');
SELECT is(ats_acl.capabilities(101), '{}'::text[], 'B holds no capability on 101');
-- Back to A.
SET ROLE s_a;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[], 'back to A: job 101 only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[301]::bigint[], 'back to A: application 301 only');
-- RESET ROLE: the DBA again.
RESET ROLE;
SELECT is(ats_acl.current_user_id(), NULL, 'after RESET ROLE: current_user_id() is NULL (DBA)');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103, 104]::bigint[], 'after RESET ROLE: the DBA sees every job');
SET ROLE s_b;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'SET ROLE s_b after RESET ROLE: job 102 only');
-- SET LOCAL ROLE (transaction pooling), kept until changed.
SET ROLE s_a;
SET LOCAL ROLE s_b;
SELECT is(ats_acl.current_user_id(), :b_id::bigint, 'SET LOCAL ROLE s_b: current_user_id() is B');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'SET LOCAL ROLE s_b: job 102 only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[302]::bigint[], 'SET LOCAL ROLE s_b: application 302 only');
SET LOCAL ROLE s_a;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[], 'SET LOCAL ROLE s_a: job 101 only');
-- SET LOCAL ROLE in a request rolled back: back to the role before it.
SET ROLE s_a;
SAVEPOINT local_role;
SET LOCAL ROLE s_b;
SELECT current_user AS lr_user, ats_acl.current_user_id() AS lr_uid,
       (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) AS lr_jobs,
       (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.applications) AS lr_apps \gset
ROLLBACK TO SAVEPOINT local_role;
SELECT is(:'lr_user'::text, 's_b', 'inside the request: current_user was s_b');
SELECT is(:'lr_uid'::text, :'b_id', 'inside the request: current_user_id() was B');
SELECT is(:'lr_jobs'::text, '102', 'inside the request: B saw job 102 only');
SELECT is(:'lr_apps'::text, '302', 'inside the request: B saw application 302 only');
SELECT is(current_user::text, 's_a', 'after the request rolled back: current_user is s_a again');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[], 'after the request rolled back: A sees job 101 only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[301]::bigint[], 'after the request rolled back: A sees application 301 only');
RESET ROLE;
-- SET SESSION AUTHORIZATION.
SET SESSION AUTHORIZATION s_b;
SELECT is(session_user::text, 's_b', 'SET SESSION AUTHORIZATION s_b: session_user is s_b');
SELECT is(ats_acl.current_user_id(), :b_id::bigint, 'SET SESSION AUTHORIZATION s_b: current_user_id() is B');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'SET SESSION AUTHORIZATION s_b: job 102 only');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[302]::bigint[], 'SET SESSION AUTHORIZATION s_b: application 302 only');
RESET SESSION AUTHORIZATION;
SELECT is(ats_acl.current_user_id(), NULL, 'RESET SESSION AUTHORIZATION: the DBA again');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[301, 302, 303, 304]::bigint[], 'RESET SESSION AUTHORIZATION: the DBA sees every application');
SET SESSION AUTHORIZATION s_a;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101]::bigint[], 'SET SESSION AUTHORIZATION s_a: job 101 only');
RESET SESSION AUTHORIZATION;
-- SECURITY DEFINER function owned by A, called by B: A's rights inside, B's outside.
SET ROLE s_b;
SELECT is(s_fn.definer_uid(), :a_id::bigint, 'inside a SECURITY DEFINER function of A called by B: current_user_id() is A');
SELECT results_eq('SELECT * FROM s_fn.definer_jobs()', ARRAY[101]::bigint[], 'SECURITY DEFINER function of A called by B returns A''s jobs');
SELECT results_eq('SELECT * FROM s_fn.definer_apps()', ARRAY[301]::bigint[], 'SECURITY DEFINER function of A called by B returns A''s applications');
SELECT is(s_fn.definer_can('view_applications', 101), true, 'inside the definer function: A''s can() on 101');
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'after the definer function returns: B''s jobs again');
SELECT is(ats_acl.can('view_applications', 101), false, 'after the definer function returns: B''s can() on 101');
SELECT results_eq(
    $$SELECT s_fn.definer_uid(), ats_acl.current_user_id(),
             ARRAY(SELECT s_fn.definer_jobs()), ARRAY(SELECT id FROM ats.jobs ORDER BY id),
             ats_acl.can('view_applications', 101), s_fn.definer_can('view_applications', 101)$$,
    format($$VALUES (%s::bigint, %s::bigint, ARRAY[101]::bigint[], ARRAY[102]::bigint[], false, true)$$, :a_id, :b_id),
    'one statement mixing A''s definer function and B''s own view keeps them apart');
-- A plain (SECURITY INVOKER) function with SET search_path uses the caller's rights.
SELECT is(s_fn.invoker_uid(), :b_id::bigint, 'SET search_path function of A called by B: current_user_id() is B');
SELECT results_eq('SELECT * FROM s_fn.invoker_jobs()', ARRAY[102]::bigint[], 'SET search_path function of A called by B: B''s jobs');
RESET ROLE;

/* ------------------------------------- 3. unregistered and deactivated users */
SELECT ats_acl.deactivate_user(:inact_id) \g /dev/null
SET ROLE s_inact;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[]::bigint[], 'deactivated user: no job');
RESET ROLE;
-- Warm the inactive user's cache, then check every relation.
SET ROLE s_unreg;
SELECT is_empty('SELECT * FROM ats.jobs', 'unregistered: no job');
SELECT is_empty('SELECT * FROM ats.applications', 'unregistered: no application');
SELECT is_empty('SELECT * FROM ats.hiring_team', 'unregistered: no hiring team row');
SELECT is_empty('SELECT * FROM ats.departments', 'unregistered: no department');
SELECT is_empty('SELECT * FROM ats.locations', 'unregistered: no location');
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('by unregistered')$$,
    '42501', 'permission denied to create jobs', 'unregistered: cannot create jobs');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (201, 101)$$,
    '42501', 'permission denied to add applications to job 101: capability "add_edit_applications" on job 101 is required',
    'unregistered: cannot add applications');
SELECT is(ats_acl.can('view_applications', 101), false, 'unregistered: can() is false');
SELECT is(ats_acl.capabilities(101), '{}'::text[], 'unregistered: capabilities() is empty');
SET ROLE s_inact;
SELECT is_empty('SELECT * FROM ats.jobs', 'deactivated: no job');
SELECT is_empty('SELECT * FROM ats.applications', 'deactivated: no application');
SELECT is_empty('SELECT * FROM ats.hiring_team', 'deactivated: no hiring team row');
SELECT is_empty('SELECT * FROM ats.departments', 'deactivated: no department');
SELECT throws_ok($$INSERT INTO ats.jobs (title) VALUES ('by inactive')$$,
    '42501', 'permission denied to create jobs', 'deactivated (regular) user: cannot create jobs');
SELECT throws_ok($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (201, 101)$$,
    '42501', 'permission denied to add applications to job 101: capability "add_edit_applications" on job 101 is required',
    'deactivated user holding recruiter on 101: cannot add applications');
SELECT is(ats_acl.can('view_applications', 101), false, 'deactivated: can() is false despite its grant');
RESET ROLE;
-- Reactivation applies from the next statement.
SELECT ats_acl.set_user(:inact_id, active => true) \g /dev/null
SET ROLE s_inact;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[101, 102, 103]::bigint[], 'reactivated regular user: every non-confidential job');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[301]::bigint[], 'reactivated: applications of its granted job 101');
SELECT results_eq('SELECT id FROM ats.departments ORDER BY id', ARRAY[1]::bigint[], 'reactivated: departments readable again');
RESET ROLE;

/* -------------------------------------------- 4. grants inside a transaction */
SET ROLE s_lim;
SELECT is_empty('SELECT * FROM ats.jobs', 'limited user without grants: no job (cache warmed)');
RESET ROLE;
SAVEPOINT grant_sp;
SELECT ats_acl.grant_job(103, :lim_id, 'recruiter') \g /dev/null
SET ROLE s_lim;
SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) AS sp_jobs,
       (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.applications) AS sp_apps \gset
RESET ROLE;
ROLLBACK TO SAVEPOINT grant_sp;
SELECT is(:'sp_jobs'::text, '103', 'grant inside the savepoint: seen at the next statement (job 103)');
SELECT is(:'sp_apps'::text, '303', 'grant inside the savepoint: application 303 seen');
SET ROLE s_lim;
SELECT is_empty('SELECT * FROM ats.jobs', 'grant rolled back: no job');
SELECT is_empty('SELECT * FROM ats.applications', 'grant rolled back: no application');
SELECT is(ats_acl.can('view_applications', 103), false, 'grant rolled back: can() is false');
RESET ROLE;
SELECT is((SELECT count(*) FROM ats_acl.job_grants WHERE user_id = :lim_id), 0::bigint, 'grant rolled back: no row in job_grants');
-- A grant in the same transaction is effective at the next statement, and so is a revoke.
SELECT ats_acl.grant_job(102, :lim_id, 'sourcer') \g /dev/null
SET ROLE s_lim;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[102]::bigint[], 'grant in the same transaction: job 102 at the next statement');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[302]::bigint[], 'grant in the same transaction: application 302');
RESET ROLE;
SELECT ats_acl.revoke_job(102, :lim_id) \g /dev/null
SET ROLE s_lim;
SELECT is_empty('SELECT * FROM ats.jobs', 'revoke in the same transaction: no job at the next statement');
RESET ROLE;

/* ------------------------------------------ 5. the catalog is not user DML */
SET ROLE s_admin;
SELECT throws_ok($$INSERT INTO ats_acl.users (role_name, display_name) VALUES ('s_nobody', 'x')$$,
    '42501', 'permission denied for table users', 'admin: INSERT into ats_acl.users denied');
SELECT throws_ok($$UPDATE ats_acl.users SET access_level = 'admin'$$,
    '42501', 'permission denied for table users', 'admin: UPDATE of ats_acl.users denied');
SELECT throws_ok($$DELETE FROM ats_acl.users$$,
    '42501', 'permission denied for table users', 'admin: DELETE from ats_acl.users denied');
SELECT throws_ok(format($$INSERT INTO ats_acl.job_grants (job_id, user_id, level) VALUES (104, %s, 'job_admin')$$, :reg_id),
    '42501', 'permission denied for table job_grants', 'admin: INSERT into ats_acl.job_grants denied');
SELECT throws_ok($$UPDATE ats_acl.job_grants SET level = 'job_admin'$$,
    '42501', 'permission denied for table job_grants', 'admin: UPDATE of ats_acl.job_grants denied');
SELECT throws_ok($$DELETE FROM ats_acl.job_grants$$,
    '42501', 'permission denied for table job_grants', 'admin: DELETE from ats_acl.job_grants denied');
SELECT throws_ok(format($$INSERT INTO ats_acl.access_rules (user_id, level) VALUES (%s, 'job_admin')$$, :reg_id),
    '42501', 'permission denied for table access_rules', 'admin: INSERT into ats_acl.access_rules denied');
SELECT throws_ok($$UPDATE ats_acl.access_rules SET level = 'job_admin'$$,
    '42501', 'permission denied for table access_rules', 'admin: UPDATE of ats_acl.access_rules denied');
SELECT throws_ok($$DELETE FROM ats_acl.access_rules$$,
    '42501', 'permission denied for table access_rules', 'admin: DELETE from ats_acl.access_rules denied');
SELECT throws_ok($$INSERT INTO ats_acl.custom_levels (name, capabilities) VALUES ('sourcer', '{manage_job_permissions}')$$,
    '42501', 'permission denied for table custom_levels', 'admin: INSERT into ats_acl.custom_levels denied');
SELECT throws_ok($$UPDATE ats_acl.custom_levels SET capabilities = '{manage_job_permissions}'$$,
    '42501', 'permission denied for table custom_levels', 'admin: UPDATE of ats_acl.custom_levels denied');
SELECT throws_ok($$DELETE FROM ats_acl.custom_levels$$,
    '42501', 'permission denied for table custom_levels', 'admin: DELETE from ats_acl.custom_levels denied');
SELECT throws_ok($$SELECT * FROM ats_data.jobs$$,
    '42501', 'permission denied for schema ats_data', 'admin: SELECT on the hidden table ats_data.jobs denied');
SELECT throws_ok($$INSERT INTO ats_data.jobs (title) VALUES ('direct')$$,
    '42501', 'permission denied for schema ats_data', 'admin: INSERT into the hidden table ats_data.jobs denied');
SET ROLE s_reg;
SELECT throws_ok(format($$INSERT INTO ats_acl.job_grants (job_id, user_id, level) VALUES (104, %s, 'job_admin')$$, :reg_id),
    '42501', 'permission denied for table job_grants', 'regular: cannot grant itself a confidential job by DML');
SELECT throws_ok(format($$UPDATE ats_acl.users SET access_level = 'admin' WHERE id = %s$$, :reg_id),
    '42501', 'permission denied for table users', 'regular: cannot promote itself by DML');
RESET ROLE;

/* ------------------------------------------- 6. attribution cannot be forged */
SET ROLE s_reg;
SELECT lives_ok(format($$INSERT INTO ats.jobs (title, created_by, created_at) VALUES ('Forged', %s, '2000-01-01')$$, :a_id),
    'regular user inserts a job claiming another creator');
RESET ROLE;
SELECT id AS forged_id FROM ats.jobs WHERE title = 'Forged' \gset
SELECT is((SELECT created_by FROM ats.jobs WHERE id = :forged_id), :reg_id::bigint, 'created_by forced to the inserting user');
SELECT is((SELECT created_at FROM ats.jobs WHERE id = :forged_id), now(), 'created_at forced to now');
SET ROLE s_reg;
SELECT is(ats_acl.can('manage_job_permissions', :forged_id), true, 'the creator administers its job (job_admin)');
SELECT throws_ok(format($$UPDATE ats.jobs SET created_by = %s WHERE id = %s$$, :a_id, :forged_id),
    '42501', format('permission denied to change "created_by" of job %s: the column cannot be changed', :forged_id),
    'job_admin cannot change created_by');
SELECT throws_ok(format($$UPDATE ats.jobs SET created_at = '2000-01-01' WHERE id = %s$$, :forged_id),
    '42501', format('permission denied to change "created_at" of job %s: the column cannot be changed', :forged_id),
    'job_admin cannot change created_at');
SELECT throws_ok(format($$UPDATE ats.jobs SET id = 9999 WHERE id = %s$$, :forged_id),
    '42501', format('permission denied to change "id" of job %s: the column cannot be changed', :forged_id),
    'job_admin cannot change id');
SELECT lives_ok($$INSERT INTO ats.candidates (id, full_name) VALUES (204, 'Cand four')$$,
    'job_admin adds a candidate of its own');
SELECT lives_ok(format($$INSERT INTO ats.applications (candidate_id, job_id, created_by) VALUES (204, %s, %s)$$, :forged_id, :a_id),
    'job_admin inserts an application claiming another creator');
RESET ROLE;
SELECT is((SELECT created_by FROM ats.applications WHERE job_id = :forged_id), :reg_id::bigint,
    'application created_by forced to the inserting user');
SELECT lives_ok(format($$INSERT INTO ats.jobs (id, title, created_by, created_at) VALUES (105, 'Imported', %s, '2001-02-03')$$, :b_id),
    'the DBA inserts a job with an explicit creator (import)');
SELECT is((SELECT created_by FROM ats.jobs WHERE id = 105), :b_id::bigint, 'the DBA may set created_by explicitly');
SELECT is((SELECT created_at FROM ats.jobs WHERE id = 105), '2001-02-03'::timestamptz, 'the DBA may set created_at explicitly');

/* ----------------------- 7. admins and the DBA see candidate-side records */
SET ROLE s_admin;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[201, 202, 203, 204]::bigint[], 'admin: every candidate');
SELECT results_eq('SELECT id FROM ats.notes ORDER BY id', ARRAY[401]::bigint[], 'admin: every note');
SELECT results_eq('SELECT id FROM ats.offers ORDER BY id', ARRAY[501]::bigint[], 'admin: every offer');
SELECT results_eq('SELECT id FROM ats.activity WHERE id = 601', ARRAY[601]::bigint[], 'admin: the activity');
SELECT results_eq('SELECT id FROM ats.jobs WHERE id BETWEEN 101 AND 104 ORDER BY id', ARRAY[101, 102, 103, 104]::bigint[], 'admin: every job incl. the confidential one');
RESET ROLE;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[201, 202, 203, 204]::bigint[], 'DBA: every candidate');
SELECT results_eq('SELECT id FROM ats.notes ORDER BY id', ARRAY[401]::bigint[], 'DBA: every note');
SELECT results_eq('SELECT id FROM ats.offers ORDER BY id', ARRAY[501]::bigint[], 'DBA: every offer');
SELECT results_eq('SELECT id FROM ats.activity WHERE id = 601', ARRAY[601]::bigint[], 'DBA: the activity');
SELECT results_eq('SELECT id FROM ats.jobs WHERE id BETWEEN 101 AND 104 ORDER BY id', ARRAY[101, 102, 103, 104]::bigint[], 'DBA: every job incl. the confidential one');
SELECT results_eq('SELECT id FROM ats.applications WHERE id BETWEEN 301 AND 304 ORDER BY id', ARRAY[301, 302, 303, 304]::bigint[], 'DBA: every application');

/* ------------------------------- 8. administration functions refuse others */
SET ROLE s_reg;
SELECT throws_ok($$SELECT ats_acl.add_user('s_nobody', 'Nobody')$$,
    '42501', 'permission denied to add ATS users', 'regular: add_user denied');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, access_level => 'admin')$$, :reg_id),
    '42501', 'permission denied to change ATS users', 'regular: set_user (even on itself) denied');
SELECT throws_ok(format($$SELECT ats_acl.deactivate_user(%s)$$, :a_id),
    '42501', 'permission denied to deactivate ATS users', 'regular: deactivate_user denied');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'job_admin', NULL, NULL)$$, :reg_id),
    '42501', 'permission denied to add access rules', 'regular: add_access_rule denied');
SELECT throws_ok($$SELECT ats_acl.drop_access_rule(1)$$,
    '42501', 'permission denied to drop access rules', 'regular: drop_access_rule denied');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('sourcer', '{manage_job_permissions}')$$,
    '42501', 'permission denied to change access levels', 'regular: set_level_capabilities denied');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'job_admin')$$, :reg_id),
    '42501', 'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'regular seeing job 101 without a level: grant_job denied');
SET ROLE s_a;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'recruiter')$$, :b_id),
    '42501', 'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'recruiter on 101: grant_job denied');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'job_admin')$$, :a_id),
    '42501', 'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'recruiter on 101: cannot raise its own level');
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(101, %s)$$, :inact_id),
    '42501', 'permission denied to revoke access to job 101: capability "manage_job_permissions" on job 101 is required',
    'recruiter on 101: revoke_job denied');
SELECT throws_ok($$SELECT ats_acl.add_user('s_nobody', 'Nobody')$$,
    '42501', 'permission denied to add ATS users', 'limited: add_user denied');
SET ROLE s_unreg;
SELECT throws_ok($$SELECT ats_acl.add_user('s_nobody', 'Nobody')$$,
    '42501', 'permission denied to add ATS users', 'unregistered role with ats_user: add_user denied');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'job_admin')$$, :a_id),
    '42501', 'permission denied to grant access to job 101: capability "manage_job_permissions" on job 101 is required',
    'unregistered role with ats_user: grant_job denied');
SET ROLE s_nobody;
SELECT throws_ok($$SELECT ats_acl.add_user('s_nobody', 'Nobody')$$,
    '42501', 'permission denied for schema ats_acl', 'role without ats_user: ats_acl not even reachable');
SELECT throws_ok($$SELECT * FROM ats.jobs$$,
    '42501', 'permission denied for schema ats', 'role without ats_user: schema ats not reachable');
RESET ROLE;
GRANT USAGE ON SCHEMA ats_acl TO s_nobody;
SET ROLE s_nobody;
SELECT throws_ok($$SELECT ats_acl.add_user('s_nobody', 'Nobody')$$,
    '42501', 'permission denied for function add_user', 'role without ats_user: no EXECUTE on add_user');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'job_admin')$$, :a_id),
    '42501', 'permission denied for function grant_job', 'role without ats_user: no EXECUTE on grant_job');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('sourcer', '{}')$$,
    '42501', 'permission denied for function set_level_capabilities', 'role without ats_user: no EXECUTE on set_level_capabilities');
RESET ROLE;
SELECT is((SELECT count(*) FROM ats_acl.users WHERE role_name = 's_nobody'), 0::bigint, 'no denied call registered anyone');
SELECT results_eq(format('SELECT user_id, level FROM ats_acl.job_grants WHERE job_id = 101 ORDER BY user_id'),
    format('VALUES (%s::bigint, %L::text), (%s, %L)', :a_id, 'recruiter', :inact_id, 'recruiter'),
    'no denied call changed the grants of job 101');

/* ------------------------------ 9. SECURITY DEFINER, pinned search_path, no PUBLIC */
SELECT bag_eq(
    $$SELECT p.proname::text, p.prosecdef,
             EXISTS (SELECT 1 FROM unnest(p.proconfig) c
                      WHERE c ~ '^search_path=(""|pg_catalog(, *[a-z_]+)*, *pg_temp)$'),
             has_function_privilege('public', p.oid, 'EXECUTE')
        FROM pg_proc p
       WHERE p.pronamespace = 'ats_acl'::regnamespace
         AND p.proname IN ('add_user', 'set_user', 'deactivate_user', 'grant_job', 'revoke_job',
                           'add_access_rule', 'drop_access_rule', 'add_to_hiring_team',
                           'set_level_capabilities')$$,
    $$VALUES ('add_user', true, true, false), ('set_user', true, true, false),
             ('deactivate_user', true, true, false), ('grant_job', true, true, false),
             ('revoke_job', true, true, false), ('add_access_rule', true, true, false),
             ('drop_access_rule', true, true, false), ('add_to_hiring_team', true, true, false),
             ('set_level_capabilities', true, true, false)$$,
    'administration functions: one each, SECURITY DEFINER, search_path pinned (pg_catalog first, pg_temp last), no EXECUTE for PUBLIC');
SELECT is((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'ats_acl'::regnamespace
            AND p.prosecdef AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')),
    0::bigint, 'every SECURITY DEFINER function of ats_acl pins its search_path');
SELECT is((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'ats_acl'::regnamespace
            AND has_function_privilege('public', p.oid, 'EXECUTE')),
    0::bigint, 'PUBLIC can execute no function of ats_acl');

/* ------------------------------------------------- 10. search_path hijack */
CREATE SCHEMA s_evil AUTHORIZATION s_admin;
SET ROLE s_admin;
CREATE FUNCTION s_evil.trap() RETURNS timestamptz LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.now() RETURNS timestamptz LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION pg_temp.now() RETURNS timestamptz LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.num_nulls(VARIADIC text[]) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.eq_text(text, text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.eq_name(name, name) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.eq_int8(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.ne_text(text, text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE FUNCTION s_evil.like_text(text, text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;
CREATE OPERATOR s_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = s_evil.eq_text);
CREATE OPERATOR s_evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = s_evil.eq_name);
CREATE OPERATOR s_evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = s_evil.eq_int8);
CREATE OPERATOR s_evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = s_evil.ne_text);
CREATE OPERATOR s_evil.~~ (LEFTARG = text, RIGHTARG = text, FUNCTION = s_evil.like_text);
CREATE TEMP TABLE users (id bigint, role_name name);   -- a decoy for unqualified relation names
SET search_path = pg_temp, s_evil, pg_catalog, public;
-- Sanity: with this search_path unpinned code does fall into the trap.
DO $$ BEGIN
    PERFORM now();
    PERFORM set_config('s_test.trap', 'not hijacked', false);
EXCEPTION WHEN OTHERS THEN
    PERFORM set_config('s_test.trap', SQLERRM, false);
END $$;
DO $$
DECLARE
    uid bigint;
    n bigint;
BEGIN
    uid := ats_acl.add_user('s_new', 'New user', access_level => 'regular');
    PERFORM ats_acl.grant_job(101, uid, 'job_admin');
    PERFORM ats_acl.set_user(uid, display_name => 'New user renamed');
    PERFORM ats_acl.add_to_hiring_team(101, uid, 'recruiter');
    SELECT count(*) INTO n FROM ats.jobs;
    PERFORM set_config('s_test.new_id', uid::text, false);
    PERFORM set_config('s_test.jobs', n::text, false);
    PERFORM set_config('s_test.hijack', 'ok', false);
EXCEPTION WHEN OTHERS THEN
    PERFORM set_config('s_test.hijack', SQLSTATE || ': ' || SQLERRM, false);
END $$;
RESET search_path;
RESET ROLE;
SELECT is(current_setting('s_test.trap'), 'hijacked', 'sanity: the planted objects do catch unpinned code');
SELECT is(current_setting('s_test.hijack'), 'ok', 'admin calls under a hijacked search_path run without touching the planted objects');
SELECT results_eq(
    $$SELECT display_name, kind, access_level, active FROM ats_acl.users WHERE role_name = 's_new'$$,
    $$VALUES ('New user renamed'::text, 'internal'::text, 'regular'::text, true)$$,
    'hijack: add_user and set_user did what they were asked');
SELECT results_eq(
    $$SELECT g.level FROM ats_acl.job_grants g JOIN ats_acl.users u ON u.id = g.user_id WHERE u.role_name = 's_new'$$,
    ARRAY['job_admin'::text],
    'hijack: grant_job granted job_admin on 101 (hiring team did not replace the direct grant)');
SELECT is(current_setting('s_test.jobs'), '6', 'hijack: the admin''s own view still works (all 6 jobs)');
SELECT ok(pg_has_role('s_new', 'ats_user', 'MEMBER'), 'hijack: s_new was granted ats_user');
SET ROLE s_new;
SELECT results_eq('SELECT id FROM ats.jobs WHERE id BETWEEN 101 AND 104 ORDER BY id', ARRAY[101, 102, 103]::bigint[], 's_new (regular) sees the non-confidential jobs');
SELECT is(ats_acl.can('manage_job_permissions', 101), true, 's_new holds job_admin on 101');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
