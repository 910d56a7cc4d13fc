-- The administration functions: who may call them, and the error each
-- kind of bad input gets (never a crash, never a silent no-op).
BEGIN;
SELECT r AS caller, call, try_as(r, 'SELECT ' || call) AS outcome
  FROM (VALUES
    ('r_regular', 'ats_acl.add_user(''r_limited'', ''x'')'),
    ('r_admin',   'ats_acl.add_user(''r_limited'', ''Lee again'')'),
    ('r_admin',   'ats_acl.add_user(''no_such_role'', ''x'')'),
    ('r_admin',   'ats_acl.add_user(NULL, ''x'')'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', NULL)'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', ''x'', kind => ''robot'')'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', ''x'', access_level => ''owner'')'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', ''x'', kind => ''external'')'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', ''x'', kind => ''external'', external_role => ''agency'', access_level => ''admin'')'),
    ('r_admin',   'ats_acl.add_user(''r_outsider'', ''x'', profile => ''nope'')'),
    ('r_admin',   'ats_acl.add_user(''ats_acl_owner'', ''x'')'),
    ('r_admin',   'ats_acl.set_user(3)'),
    ('r_admin',   'ats_acl.set_user(999, display_name => ''x'')'),
    ('r_admin',   'ats_acl.set_user(6, kind => ''external'', external_role => ''caller'')'),
    ('r_hm',      'ats_acl.set_user(4, access_level => ''admin'')'),
    ('r_hm',      'ats_acl.deactivate_user(6)'),
    ('r_rec',     'ats_acl.grant_job(1, 3, ''recruiter'')'),
    ('r_admin',   'ats_acl.grant_job(999, 3, ''recruiter'')'),
    ('r_admin',   'ats_acl.grant_job(1, 999, ''recruiter'')'),
    ('r_admin',   'ats_acl.grant_job(1, 3, ''janitor'')'),
    ('r_admin',   'ats_acl.grant_job(1, 9, ''recruiter'')'),
    ('r_admin',   'ats_acl.grant_job(NULL, 3, ''recruiter'')'),
    ('r_admin',   'ats_acl.revoke_job(2, 3)'),
    ('r_admin',   'ats_acl.add_access_rule(3, ''recruiter'', 99, NULL)'),
    ('r_admin',   'ats_acl.add_access_rule(3, ''recruiter'', NULL, 99)'),
    ('r_admin',   'ats_acl.add_access_rule(NULL, ''recruiter'', 1, NULL)'),
    ('r_hm',      'ats_acl.add_access_rule(3, ''recruiter'', 1, NULL)'),
    ('r_admin',   'ats_acl.drop_access_rule(999)'),
    ('r_admin',   'ats_acl.add_to_hiring_team(1, 3, ''chef'')'),
    ('r_admin',   'ats_acl.add_to_hiring_team(1, 9, ''recruiter'')'),
    ('r_rec',     'ats_acl.add_to_hiring_team(1, 3, ''recruiter'')'),
    ('r_admin',   'ats_acl.set_level_capabilities(''janitor'', ARRAY[''sweep''])'),
    ('r_admin',   'ats_acl.set_level_capabilities(''janitor'', ARRAY[NULL])'),
    ('r_admin',   'ats_acl.set_level_capabilities(''Janitor!'', ARRAY[''view_applications''])'),
    ('r_admin',   'ats_acl.set_level_capabilities(NULL, ARRAY[''view_applications''])'),
    ('r_rec',     'ats_acl.set_level_capabilities(''recruiter'', ARRAY[''hire_candidates''])'),
    ('r_admin',   'ats_acl.can(''fly'', 1)'),
    ('r_admin',   'ats_acl.job_ids(''fly'')')
  ) AS t(r, call);
ROLLBACK;

-- The catalog and the hidden tables are not the users' to touch.
BEGIN;
SELECT r AS role, stmt, try_as(r, stmt) AS outcome
  FROM (VALUES
    ('r_admin', 'UPDATE ats_acl.users SET access_level = ''admin'''),
    ('r_admin', 'INSERT INTO ats_acl.job_grants VALUES (1, 1, ''job_admin'')'),
    ('r_admin', 'DELETE FROM ats_acl.access_rules'),
    ('r_admin', 'SELECT * FROM ats_data.jobs'),
    ('r_admin', 'DELETE FROM ats.activity')
  ) AS t(r, stmt);
ROLLBACK;

-- Successful calls change exactly what they say.
BEGIN;
SELECT ats_acl.set_level_capabilities('reviewer', ARRAY['view_scorecards', 'view_applications', 'view_applications']);
SELECT name, kind, capabilities, custom FROM ats_acl.levels WHERE name = 'reviewer';
SELECT ats_acl.grant_job(2, 3, 'reviewer');
SELECT ats_acl.grant_job(2, 3, 'sourcer');
SELECT job_id, user_id, level FROM ats_acl.job_grants WHERE user_id = 3;
SELECT ats_acl.set_user(3, access_level => 'regular', email => 'lee@example.com');
SELECT role_name, kind, access_level, email, active FROM ats_acl.users WHERE id = 3;
SELECT ats_acl.deactivate_user(3);
SELECT ats_acl.deactivate_user(3);
SELECT ats_acl.set_user(3, active => true);
SELECT ats_acl.add_to_hiring_team(1, 3, 'coordinator');
SELECT job_id, user_id, role FROM ats.hiring_team;
SELECT job_id, user_id, level FROM ats_acl.job_grants WHERE user_id = 3 ORDER BY job_id;
ROLLBACK;
