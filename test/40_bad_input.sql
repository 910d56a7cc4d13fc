-- 40_bad_input.sql: bad input to every function of ats_acl fails cleanly with the right SQLSTATE (SPEC 5, 6, 7).
--   1. add_user: NULL arguments (22004), unknown role (42704), bad kind/level/external role (22023), twice (23505).
--   2. set_user, deactivate_user: NULL id (22004), nothing to change and bad values (22023), unknown (42704).
--   3. grant_job, revoke_job: NULLs, unknown level, external user, no direct grant.
--   4. add_access_rule, drop_access_rule: NULLs (department/location NULL = any), unknown rows, external user.
--   5. add_to_hiring_team: NULLs, bad role, external user.
--   6. set_level_capabilities: NULLs, unknown capability, bad name, huge arrays (dedupe, apply at once).
--   7. Introspection and internal checks: STRICT can()/capabilities() etc., unknown capability, trigger functions.
--   8. Negative and extreme ids to every function taking ids: errors or false/empty, never a crash.
--   9. The backend is still alive.
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(215);

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them.
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- fixture */
CREATE ROLE b_admin;
CREATE ROLE b_reg;
CREATE ROLE b_lim;
CREATE ROLE b_ext;
CREATE ROLE b_dup;
CREATE ROLE b_free;         -- exists, never registered
CREATE ROLE "b_we ird""; DROP ROLE b_admin; --";
SELECT ats_acl.add_user('b_admin', 'Admin', access_level => 'admin') AS admin_id \gset
SELECT ats_acl.add_user('b_reg', 'Regular', access_level => 'regular') AS reg_id \gset
SELECT ats_acl.add_user('b_lim', 'Limited') AS lim_id \gset
SELECT ats_acl.add_user('b_ext', 'Agency', kind => 'external', external_role => 'agency') AS ext_id \gset
SELECT ats_acl.add_user('b_dup', 'Duplicate') AS dup_id \gset
INSERT INTO ats.departments (id, name) VALUES (1, 'Engineering');
INSERT INTO ats.locations (id, name) VALUES (1, 'Berlin');
INSERT INTO ats.jobs (id, title, department_id, location_id) VALUES (101, 'Job one', 1, 1), (102, 'Job two', 1, 1);
SELECT ats_acl.grant_job(101, :lim_id, 'recruiter') \g /dev/null
\set ids '''{-1,0,9223372036854775807,-9223372036854775808}''::bigint[]'
-- SQLSTATE a statement ends with ('00000' when it succeeds).
CREATE FUNCTION pg_temp.sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN '00000';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;

/* ------------------------------------------------------------- 1. add_user */
SELECT throws_ok($$SELECT ats_acl.add_user(NULL, 'x')$$, '22004', 'role_name must not be NULL', 'add_user: role_name NULL');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', NULL)$$, '22004', 'display_name must not be NULL', 'add_user: display_name NULL');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', kind => NULL)$$, '22004', 'kind must not be NULL', 'add_user: kind NULL');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', access_level => NULL)$$, '22004', NULL, 'add_user: access_level NULL for an internal user');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', kind => 'external', external_role => NULL)$$, '22004', NULL, 'add_user: external_role NULL for an external user');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', profile => NULL)$$, '22004', 'profile must not be NULL', 'add_user: profile NULL');
SELECT throws_ok($$SELECT ats_acl.add_user('b_ghost', 'x')$$, '42704', 'role "b_ghost" does not exist', 'add_user: unknown role');
SELECT throws_ok($$SELECT ats_acl.add_user('', 'x')$$, '42704', 'role "" does not exist', 'add_user: empty role name');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', kind => 'robot')$$, '22023', 'invalid user kind "robot"', 'add_user: bad kind');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', access_level => 'god')$$, '22023', 'invalid ATS module access level "god"', 'add_user: bad access_level');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', kind => 'external', external_role => 'spy')$$, '22023', 'invalid external role "spy"', 'add_user: bad external_role');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', kind => 'external', access_level => 'admin', external_role => 'agency')$$, '22023', NULL, 'add_user: external user with an access level');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', external_role => 'agency')$$, '22023', 'internal users have no external role', 'add_user: internal user with an external role');
SELECT throws_ok($$SELECT ats_acl.add_user('b_free', 'x', profile => 'nope')$$, '42704', 'profile "nope" does not exist', 'add_user: unknown profile');
SELECT throws_ok($$SELECT ats_acl.add_user('b_dup', 'again')$$, '23505', 'role "b_dup" is already registered as an ATS user', 'add_user: the same role twice');
SELECT throws_ok($$SELECT ats_acl.add_user('ats_user', 'x')$$, '22023', 'role "ats_user" cannot be an ATS user', 'add_user: the ats_user role');
SELECT throws_ok($$SELECT ats_acl.add_user('ats_acl_owner', 'x')$$, '22023', 'role "ats_acl_owner" cannot be an ATS user', 'add_user: the ats_acl_owner role');
SELECT is((SELECT count(*) FROM ats_acl.users WHERE role_name IN ('b_free', 'b_ghost', 'ats_user', 'ats_acl_owner')), 0::bigint, 'add_user: no failed call registered anyone');
SELECT ok(NOT pg_has_role('b_free', 'ats_user', 'MEMBER'), 'add_user: no failed call granted ats_user');
SELECT lives_ok($$SELECT ats_acl.add_user('b_we ird"; DROP ROLE b_admin; --', 'Weird', email => NULL, language => NULL)$$, 'add_user: a role name needing quotes; email and language NULL allowed');
SELECT ok(pg_has_role('b_we ird"; DROP ROLE b_admin; --', 'ats_user', 'MEMBER'), 'add_user: the quoted role got ats_user');
SELECT ok(EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'b_admin'), 'add_user: the role name was not executed as SQL');
SELECT lives_ok($$SELECT ats_acl.add_user('b_free', repeat('x', 1000000))$$, 'add_user: a 1 MB display name');
SET ROLE b_reg;
SELECT throws_ok($$SELECT ats_acl.add_user(NULL, NULL)$$, '42501', 'permission denied to add ATS users', 'add_user by a non-admin: permission checked before input');
SET ROLE b_admin;
SELECT throws_ok($$SELECT ats_acl.add_user(NULL, 'x')$$, '22004', 'role_name must not be NULL', 'add_user by an admin user: role_name NULL');
SELECT throws_ok($$SELECT ats_acl.add_user('b_dup', 'again')$$, '23505', 'role "b_dup" is already registered as an ATS user', 'add_user by an admin user: the same role twice');
RESET ROLE;

/* ------------------------------------------- 2. set_user, deactivate_user */
SELECT throws_ok($$SELECT ats_acl.set_user(NULL, display_name => 'x')$$, '22004', 'user_id must not be NULL', 'set_user: user_id NULL');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s)$$, :lim_id), '22023', format('nothing to change for user %s', :lim_id), 'set_user: nothing to change');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, display_name => NULL, active => NULL)$$, :lim_id), '22023', format('nothing to change for user %s', :lim_id), 'set_user: only NULLs = nothing to change');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, kind => 'robot')$$, :lim_id), '22023', 'invalid user kind "robot"', 'set_user: bad kind');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, access_level => 'god')$$, :lim_id), '22023', 'invalid ATS module access level "god"', 'set_user: bad access_level');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, external_role => 'spy')$$, :ext_id), '22023', 'invalid external role "spy"', 'set_user: bad external_role');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, external_role => 'agency')$$, :lim_id), '22023', 'internal users have no external role', 'set_user: external role for an internal user');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, profile => 'nope')$$, :lim_id), '42704', 'profile "nope" does not exist', 'set_user: unknown profile');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, role_name => 'b_ghost')$$, :lim_id), '42704', 'role "b_ghost" does not exist', 'set_user: unknown role');
SELECT throws_ok(format($$SELECT ats_acl.set_user(%s, role_name => 'b_dup')$$, :lim_id), '23505', 'role "b_dup" is already registered as an ATS user', 'set_user: a role already registered');
SELECT results_eq(format($$SELECT role_name::text COLLATE "default", kind, access_level, active FROM ats_acl.users WHERE id = %s$$, :lim_id),
    $$VALUES ('b_lim'::text, 'internal'::text, 'limited'::text, true)$$, 'set_user: no failed call changed the user');
SELECT throws_ok($$SELECT ats_acl.deactivate_user(NULL)$$, '22004', 'user_id must not be NULL', 'deactivate_user: NULL');
SELECT lives_ok(format($$SELECT ats_acl.deactivate_user(%s)$$, :dup_id), 'deactivate_user: an active user');
SET client_min_messages = warning;
SELECT lives_ok(format($$SELECT ats_acl.deactivate_user(%s)$$, :dup_id), 'deactivate_user: already inactive is only a notice');
RESET client_min_messages;

/* ------------------------------------------------ 3. grant_job, revoke_job */
SELECT throws_ok(format($$SELECT ats_acl.grant_job(NULL, %s, 'recruiter')$$, :lim_id), '22004', 'job_id must not be NULL', 'grant_job: job_id NULL');
SELECT throws_ok($$SELECT ats_acl.grant_job(101, NULL, 'recruiter')$$, '22004', 'user_id must not be NULL', 'grant_job: user_id NULL');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, NULL)$$, :lim_id), '22004', 'level must not be NULL', 'grant_job: level NULL');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'boss')$$, :lim_id), '42704', 'access level "boss" does not exist', 'grant_job: unknown level');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'recruiter')$$, :ext_id), '22023', format('user %s (b_ext) is an external user', :ext_id), 'grant_job: external user');
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(NULL, %s)$$, :lim_id), '22004', 'job_id must not be NULL', 'revoke_job: job_id NULL');
SELECT throws_ok($$SELECT ats_acl.revoke_job(101, NULL)$$, '22004', 'user_id must not be NULL', 'revoke_job: user_id NULL');
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(102, %s)$$, :lim_id), '42704', format('user %s has no direct grant on job 102', :lim_id), 'revoke_job: no direct grant');
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(101, %s)$$, :ext_id), '42704', format('user %s has no direct grant on job 101', :ext_id), 'revoke_job: external user without grant');
SET ROLE b_admin;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'boss')$$, :lim_id), '42704', 'access level "boss" does not exist', 'grant_job by an admin user: unknown level');
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %s, 'recruiter')$$, :ext_id), '22023', format('user %s (b_ext) is an external user', :ext_id), 'grant_job by an admin user: external user');
RESET ROLE;
SELECT results_eq($$SELECT job_id, level FROM ats_acl.job_grants ORDER BY job_id$$, $$VALUES (101::bigint, 'recruiter'::text)$$,
    'grant_job/revoke_job: no failed call changed the grants');

/* ----------------------------------- 4. add_access_rule, drop_access_rule */
SELECT throws_ok($$SELECT ats_acl.add_access_rule(NULL, 'recruiter', NULL, NULL)$$, '22004', 'user_id must not be NULL', 'add_access_rule: user_id NULL');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, NULL, NULL, NULL)$$, :lim_id), '22004', 'level must not be NULL', 'add_access_rule: level NULL');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'boss', NULL, NULL)$$, :lim_id), '42704', 'access level "boss" does not exist', 'add_access_rule: unknown level');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'recruiter', 999, NULL)$$, :lim_id), '42704', 'department 999 does not exist', 'add_access_rule: unknown department');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'recruiter', NULL, 999)$$, :lim_id), '42704', 'location 999 does not exist', 'add_access_rule: unknown location');
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'recruiter', NULL, NULL)$$, :ext_id), '22023', format('user %s (b_ext) is an external user', :ext_id), 'add_access_rule: external user');
SELECT ats_acl.add_access_rule(:reg_id, 'sourcer', NULL, NULL) AS rule_any \gset
SELECT isnt(:'rule_any'::bigint, NULL, 'add_access_rule: department and location NULL (= any) allowed');
SELECT ats_acl.add_access_rule(:reg_id, 'sourcer', 1, NULL) AS rule_dept \gset
SELECT isnt(:'rule_dept'::bigint, NULL, 'add_access_rule: location NULL (= any) allowed');
SELECT throws_ok($$SELECT ats_acl.drop_access_rule(NULL)$$, '22004', 'rule_id must not be NULL', 'drop_access_rule: NULL');
SELECT lives_ok(format($$SELECT ats_acl.drop_access_rule(%s)$$, :rule_dept), 'drop_access_rule: an existing rule');
SELECT throws_ok(format($$SELECT ats_acl.drop_access_rule(%s)$$, :rule_dept), '42704', format('access rule %s does not exist', :rule_dept), 'drop_access_rule: dropped twice');
SELECT results_eq($$SELECT level, department_id, location_id FROM ats_acl.access_rules$$,
    $$VALUES ('sourcer'::text, NULL::bigint, NULL::bigint)$$, 'access rules: only the one rule left');

/* ---------------------------------------------------- 5. add_to_hiring_team */
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(NULL, %s, 'recruiter')$$, :lim_id), '22004', 'job_id must not be NULL', 'add_to_hiring_team: job_id NULL');
SELECT throws_ok($$SELECT ats_acl.add_to_hiring_team(101, NULL, 'recruiter')$$, '22004', 'user_id must not be NULL', 'add_to_hiring_team: user_id NULL');
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(101, %s, NULL)$$, :lim_id), '22004', 'role must not be NULL', 'add_to_hiring_team: role NULL');
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(101, %s, 'ceo')$$, :lim_id), '22023', 'invalid hiring team role "ceo"', 'add_to_hiring_team: bad role');
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(101, %s, 'recruiter')$$, :ext_id), '22023', format('user %s (b_ext) is an external user', :ext_id), 'add_to_hiring_team: external user');
SELECT is_empty($$SELECT * FROM ats.hiring_team$$, 'add_to_hiring_team: no failed call added anyone');

/* ------------------------------------------------ 6. set_level_capabilities */
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities(NULL, '{view_offers}')$$, '22004', 'level must not be NULL', 'set_level_capabilities: level NULL');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', NULL)$$, '22004', 'capabilities must not be NULL', 'set_level_capabilities: capabilities NULL');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', ARRAY[NULL]::text[])$$, '22004', 'capabilities must not contain NULL', 'set_level_capabilities: a NULL element');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', ARRAY['view_offers', NULL])$$, '22004', 'capabilities must not contain NULL', 'set_level_capabilities: a valid and a NULL element');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', array_fill(NULL::text, ARRAY[100000]))$$, '22004', 'capabilities must not contain NULL', 'set_level_capabilities: 100000 NULLs');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', '{fly}')$$, '42704', 'capability "fly" does not exist', 'set_level_capabilities: unknown capability');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_lvl', ARRAY[repeat('y', 10000)])$$, '42704', NULL, 'set_level_capabilities: a 10000-character capability name');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('Bad Level', '{view_offers}')$$, '22023', 'invalid access level name "Bad Level"', 'set_level_capabilities: bad level name');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities(repeat('a', 100), '{view_offers}')$$, '22023', NULL, 'set_level_capabilities: a 100-character level name');
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_big', array_fill('view_offers'::text, ARRAY[100000]) || ARRAY['fly'])$$,
    '42704', 'capability "fly" does not exist', 'set_level_capabilities: 100000 valid elements and one unknown');
SELECT is((SELECT count(*) FROM ats_acl.levels WHERE name IN ('b_lvl', 'b_big', 'Bad Level')), 0::bigint, 'set_level_capabilities: no failed call created a level');
SELECT lives_ok($$SELECT ats_acl.set_level_capabilities('b_big', array_fill('view_offers'::text, ARRAY[100000]))$$,
    'set_level_capabilities: 100000 copies of a valid capability');
SELECT is((SELECT capabilities FROM ats_acl.levels WHERE name = 'b_big'), ARRAY['view_offers'], 'set_level_capabilities: the huge array deduplicated');
SELECT ats_acl.grant_job(102, :lim_id, 'b_big') \g /dev/null
SET ROLE b_lim;
SELECT is(ats_acl.capabilities(102), ARRAY['view_offers'], 'the new level applies: exactly view_offers on job 102');
RESET ROLE;
SELECT lives_ok($$SELECT ats_acl.set_level_capabilities('b_big',
        (SELECT array_agg(c) FROM generate_series(1, 20000) i,
                unnest(ARRAY['view_stage', 'view_tags', 'view_offers', 'view_stage', 'view_tags']) c))$$,
    'set_level_capabilities: 100000 elements cycling through 3 capabilities');
SET ROLE b_lim;
SELECT set_eq($$SELECT unnest(ats_acl.capabilities(102))$$, ARRAY['view_offers', 'view_stage', 'view_tags'],
    'the changed level applies at once: exactly the 3 distinct capabilities');
RESET ROLE;
SELECT throws_ok($$SELECT ats_acl.set_level_capabilities('b_two_dim', '{{view_offers,view_stage},{view_offers,view_tags}}')$$,
    '22023', 'capabilities must be a one-dimensional array',
    'set_level_capabilities: a two-dimensional array is rejected with 22023');
SELECT lives_ok($$SELECT ats_acl.set_level_capabilities('b_empty', '{}')$$, 'set_level_capabilities: an empty array (a level with no capability)');
SELECT ats_acl.grant_job(102, :lim_id, 'b_empty') \g /dev/null
SET ROLE b_lim;
SELECT is(ats_acl.capabilities(102), '{}'::text[], 'empty level: no capability on job 102');
SELECT results_eq($$SELECT id FROM ats.jobs ORDER BY id$$, ARRAY[101, 102]::bigint[], 'empty level still gives sight of the job (a level is held)');
RESET ROLE;

/* ----------------------------------- 7. introspection and internal checks */
SELECT is(ats_acl.can(NULL, 101), NULL, 'can(NULL, 101) is NULL');
SELECT is(ats_acl.can('x', NULL), NULL, 'can(''x'', NULL) is NULL (STRICT: the name is not checked)');
SELECT is(ats_acl.can(NULL, NULL), NULL, 'can(NULL, NULL) is NULL');
SELECT is(ats_acl.capabilities(NULL), NULL, 'capabilities(NULL) is NULL');
SELECT is(ats_acl.job_visible(NULL), NULL, 'job_visible(NULL) is NULL');
SELECT is(ats_acl.caller_can(NULL, 101), NULL, 'caller_can(NULL, 101) is NULL');
SELECT is(ats_acl.caller_can('view_offers', NULL), NULL, 'caller_can(''view_offers'', NULL) is NULL');
SELECT throws_ok($$SELECT ats_acl.can('fly', 101)$$, '42704', 'capability "fly" does not exist', 'can: unknown capability');
SELECT throws_ok($$SELECT ats_acl.can('', 101)$$, '42704', 'capability "" does not exist', 'can: empty capability name');
SELECT throws_ok($$SELECT ats_acl.can(repeat('z', 100000), 101)$$, '42704', NULL, 'can: a 100000-character capability name');
SELECT throws_ok($$SELECT ats_acl.job_ids('fly')$$, '42704', 'capability "fly" does not exist', 'job_ids: unknown capability');
SELECT throws_ok($$SELECT ats_acl.caller_can('fly', 101)$$, '42704', 'capability "fly" does not exist', 'caller_can: unknown capability');
SELECT lives_ok($$SELECT ats_acl.job_ids(NULL)$$, 'job_ids(NULL) works');
SET ROLE b_lim;
SELECT is(ats_acl.can(NULL, 101), NULL, 'as a user: can(NULL, 101) is NULL');
SELECT is(ats_acl.capabilities(NULL), NULL, 'as a user: capabilities(NULL) is NULL');
SELECT throws_ok($$SELECT ats_acl.can('fly', 101)$$, '42704', 'capability "fly" does not exist', 'as a user: can with an unknown capability');
SELECT results_eq($$SELECT ats_acl.job_ids(NULL)$$, $$VALUES ('{101,102}'::bigint[])$$, 'as a user: job_ids(NULL) lists its jobs');
SELECT throws_ok($$SELECT ats_acl.require_admin(NULL)$$, '42501', 'permission denied to use this function', 'require_admin(NULL) as a non-admin: 42501');
RESET ROLE;
SELECT throws_ok($$SELECT ats_acl.require_job_capability(NULL, 'view_offers', 'x')$$, '22004', NULL, 'require_job_capability: job NULL');
SELECT throws_ok($$SELECT ats_acl.require_job_capability(101, NULL, 'x')$$, '22004', NULL, 'require_job_capability: capability NULL');
SELECT throws_ok($$SELECT ats_acl.require_job_capability(101, 'fly', NULL)$$, '42704', 'capability "fly" does not exist', 'require_job_capability: unknown capability');
SELECT lives_ok($$SELECT ats_acl.require_admin(NULL)$$, 'require_admin(NULL) as the DBA');
SELECT throws_ok($$SELECT ats_acl.tg_jobs()$$, '39P01', NULL, 'tg_jobs called directly (DBA only): trigger protocol violated, no crash');
SELECT throws_ok($$SELECT ats_acl.tg_invalidate()$$, '39P01', NULL, 'tg_invalidate called directly (DBA only): trigger protocol violated, no crash');

/* -------------------------------------- 8. negative and extreme ids (DBA) */
SELECT throws_ok(format($$SELECT ats_acl.set_user(%L::bigint, display_name => 'x')$$, v), '42704',
    format('ATS user %s does not exist', v), format('set_user(%s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.deactivate_user(%L::bigint)$$, v), '42704',
    format('ATS user %s does not exist', v), format('deactivate_user(%s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(%L::bigint, %s, 'recruiter')$$, v, :lim_id), '42704',
    format('job %s does not exist', v), format('grant_job(job %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(101, %L::bigint, 'recruiter')$$, v), '42704',
    format('ATS user %s does not exist', v), format('grant_job(user %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(%L::bigint, %s)$$, v, :lim_id), '42704',
    format('job %s does not exist', v), format('revoke_job(job %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.revoke_job(101, %L::bigint)$$, v), '42704',
    format('ATS user %s does not exist', v), format('revoke_job(user %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%L::bigint, 'recruiter', NULL, NULL)$$, v), '42704',
    format('ATS user %s does not exist', v), format('add_access_rule(user %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'recruiter', %L::bigint, NULL)$$, :lim_id, v), '42704',
    format('department %s does not exist', v), format('add_access_rule(department %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.add_access_rule(%s, 'recruiter', NULL, %L::bigint)$$, :lim_id, v), '42704',
    format('location %s does not exist', v), format('add_access_rule(location %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.drop_access_rule(%L::bigint)$$, v), '42704',
    format('access rule %s does not exist', v), format('drop_access_rule(%s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(%L::bigint, %s, 'recruiter')$$, v, :lim_id), '42704',
    format('job %s does not exist', v), format('add_to_hiring_team(job %s): 42704', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.add_to_hiring_team(101, %L::bigint, 'recruiter')$$, v), '42704',
    format('ATS user %s does not exist', v), format('add_to_hiring_team(user %s): 42704', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.capabilities(v), '{}'::text[], format('DBA: capabilities(%s) is empty', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.can('view_applications', v), false, format('DBA: can(view_applications, %s) is false', v)) FROM unnest(:ids) v;
SELECT lives_ok(format($$SELECT ats_acl.job_visible(%L::bigint)$$, v), format('DBA: job_visible(%s) does not crash', v)) FROM unnest(:ids) v;
SELECT throws_ok(format($$SELECT ats_acl.require_job_capability(%L::bigint, 'fly', 'x')$$, v), '42704', NULL,
    format('require_job_capability(%s, unknown): 42704', v)) FROM unnest(:ids) v;

/* ------------------------------- 8b. extreme ids as an admin and as users */
SET ROLE b_admin;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(%L::bigint, %s, 'recruiter')$$, v, :lim_id), '42704',
    format('job %s does not exist', v), format('admin user: grant_job(job %s): 42704', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.capabilities(v), '{}'::text[], format('admin user: capabilities(%s) is empty', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.can('view_applications', v), false, format('admin user: can(view_applications, %s) is false', v)) FROM unnest(:ids) v;
SET ROLE b_lim;
SELECT throws_ok(format($$SELECT ats_acl.grant_job(%L::bigint, %s, 'recruiter')$$, v, :lim_id), '42501',
    format('permission denied to grant access to job %s: capability "manage_job_permissions" on job %s is required', v, v),
    format('limited user: grant_job(job %s): 42501', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.capabilities(v), '{}'::text[], format('limited user: capabilities(%s) is empty', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.can('view_applications', v), false, format('limited user: can(view_applications, %s) is false', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.job_visible(v), false, format('limited user: job_visible(%s) is false', v)) FROM unnest(:ids) v;
SELECT is(ats_acl.caller_can('view_applications', v), false, format('limited user: caller_can(view_applications, %s) is false', v)) FROM unnest(:ids) v;
SELECT is_empty(format($$SELECT * FROM ats.jobs WHERE id = %L::bigint$$, v), format('limited user: no job %s', v)) FROM unnest(:ids) v;
RESET ROLE;

/* ------------------------------------------------------ 9. still alive */
SELECT is((SELECT 1), 1, 'the backend is still alive');

SELECT * FROM finish();
ROLLBACK;
