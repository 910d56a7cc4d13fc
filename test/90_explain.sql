-- 90_explain.sql: explain_access and who_can_see (SPEC 6; issue 6) over a generated scenario of
-- 22 roles (two admins, one with profile line_manager; regular users; limited users with direct
-- grants, access rules by department / location / both with a replacing grant, a custom
-- view-only level; a group member; a line manager; a candidates' creator; an agency, a caller
-- and a controller with sharing rules; a deactivated admin; an unregistered role granted
-- ats_user) and 1,200 candidates, 1,500 applications, 1,300 notes, 400 documents, 40 jobs.
--   1. the scenario's size; spot checks of who sees what against sets computed from SPEC rules
--   2. explain_access's verdict = what SET ROLE reads, for every role and a sample of rows of
--      jobs, candidates, applications, notes, documents (every 37th id; documents every 13th)
--   3. who_can_see = exactly the active users who read the row; reasons = explain's lines
--   4. reasons and masked columns: grants, access rules, sharing rules, groups, profile levels,
--      deactivated / unregistered roles; masked contact details, compensation, stage
--   5. a nonexistent row; permission checks (42501); bad input (22004, 42704, 22023)
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(71);

\ir helpers/common.psql
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- scenario
 * 40 jobs: job j in department (j % 3) + 1, location (j % 2) + 1; every 10th confidential.
 * 1,200 candidates (1101..1200: talent pool), 1,500 applications (candidate ((i-1) % 1100) + 1,
 * job (7i % 40) + 1, source (i % 3) + 1), 1,300 notes, 400 documents, application and candidate
 * tags, two groups.  Users: the display names below say what each one holds. */
CREATE ROLE w_admin1; CREATE ROLE w_admin_lm; CREATE ROLE w_reg; CREATE ROLE w_reg_conf;
CREATE ROLE w_rec; CREATE ROLE w_src; CREATE ROLE w_hm; CREATE ROLE w_coord;
CREATE ROLE w_rule_dept; CREATE ROLE w_rule_loc; CREATE ROLE w_rule_both; CREATE ROLE w_viewonly;
CREATE ROLE w_grp; CREATE ROLE w_lm; CREATE ROLE w_creator; CREATE ROLE w_nothing;
CREATE ROLE w_agency; CREATE ROLE w_caller; CREATE ROLE w_ctrl; CREATE ROLE w_deact; CREATE ROLE w_reg_lm;
CREATE ROLE w_unreg;
INSERT INTO test_uid VALUES
    ('w_admin1',    ats_acl.add_user('w_admin1',    'Admin', access_level => 'admin')),
    ('w_admin_lm',  ats_acl.add_user('w_admin_lm',  'Admin with profile line_manager', access_level => 'admin', profile => 'line_manager')),
    ('w_reg',       ats_acl.add_user('w_reg',       'Regular, no level', access_level => 'regular')),
    ('w_reg_conf',  ats_acl.add_user('w_reg_conf',  'Regular, recruiter on confidential job 10', access_level => 'regular')),
    ('w_reg_lm',    ats_acl.add_user('w_reg_lm',    'Regular with profile line_manager, recruiter on job 7', access_level => 'regular', profile => 'line_manager')),
    ('w_rec',       ats_acl.add_user('w_rec',       'Recruiter on jobs 1-5')),
    ('w_src',       ats_acl.add_user('w_src',       'Sourcer on jobs 6-8')),
    ('w_hm',        ats_acl.add_user('w_hm',        'Hiring manager on jobs 9 and 11')),
    ('w_coord',     ats_acl.add_user('w_coord',     'Coordinator on job 12')),
    ('w_rule_dept', ats_acl.add_user('w_rule_dept', 'Rule: recruiter in department 1')),
    ('w_rule_loc',  ats_acl.add_user('w_rule_loc',  'Rule: sourcer in location 2')),
    ('w_rule_both', ats_acl.add_user('w_rule_both', 'Rule: hiring manager in department 2 / location 1; view-only grant on job 4')),
    ('w_viewonly',  ats_acl.add_user('w_viewonly',  'Custom level: view_applications only, jobs 1-10')),
    ('w_grp',       ats_acl.add_user('w_grp',       'Member of group 1')),
    ('w_lm',        ats_acl.add_user('w_lm',        'Line manager, job_admin on jobs 1-3', profile => 'line_manager')),
    ('w_creator',   ats_acl.add_user('w_creator',   'Creator of some candidates')),
    ('w_nothing',   ats_acl.add_user('w_nothing',   'Limited, no level')),
    ('w_agency',    ats_acl.add_user('w_agency',    'Agency', kind => 'external', external_role => 'agency')),
    ('w_caller',    ats_acl.add_user('w_caller',    'Caller', kind => 'external', external_role => 'caller')),
    ('w_ctrl',      ats_acl.add_user('w_ctrl',      'Controller', kind => 'external', external_role => 'controller')),
    ('w_deact',     ats_acl.add_user('w_deact',     'Deactivated admin', access_level => 'admin'));
GRANT ats_user TO w_unreg;   -- never registered

INSERT INTO ats_data.departments (id, name) VALUES (1, 'w dept 1'), (2, 'w dept 2'), (3, 'w dept 3');
INSERT INTO ats_data.locations (id, name) VALUES (1, 'w loc 1'), (2, 'w loc 2');
INSERT INTO ats_data.sources (id, name) VALUES (1, 'w source 1'), (2, 'w source 2'), (3, 'w source 3');
INSERT INTO ats_data.tag_categories (id, name) VALUES (1, 'w cat 1'), (2, 'w cat 2');
INSERT INTO ats_data.tags (id, category_id, name) VALUES (1, 1, 'w tag 1'), (2, 1, 'w tag 2'), (3, 2, 'w tag 3');
INSERT INTO ats_data.groups (id, name) VALUES (1, 'w group 1'), (2, 'w group 2');
INSERT INTO ats_data.jobs (id, title, department_id, location_id, confidential, status)
SELECT j, 'w job ' || j, j % 3 + 1, j % 2 + 1, j % 10 = 0, 'open' FROM generate_series(1, 40) j;
INSERT INTO ats_data.candidates (id, full_name, email, phone, salary_expectation, start_date, created_by)
SELECT c, 'w candidate ' || c, 'c' || c || '@w.test', '+' || c, 1000 + c, DATE '2030-01-01' + c % 300,
       CASE WHEN c % 97 = 0 THEN pg_temp.uid('w_creator') WHEN c % 113 = 0 THEN pg_temp.uid('w_ctrl') END
  FROM generate_series(1, 1200) c;
INSERT INTO ats_data.applications (id, candidate_id, job_id, source_id, stage, status, created_by)
SELECT i, (i - 1) % 1100 + 1, (7 * i) % 40 + 1, i % 3 + 1, (ARRAY['applied', 'screen', 'interview', 'offer'])[i % 4 + 1],
       CASE WHEN i % 11 = 0 THEN 'hired' WHEN i % 5 = 0 THEN 'rejected' ELSE 'active' END,
       CASE WHEN i % 41 = 0 THEN pg_temp.uid('w_ctrl') END
  FROM generate_series(1, 1500) i;
INSERT INTO ats_data.application_tags (application_id, tag_id)
SELECT i, CASE WHEN i % 2 = 0 THEN 1 ELSE 3 END FROM generate_series(13, 1500, 13) i;
INSERT INTO ats_data.candidate_tags (candidate_id, tag_id)
SELECT c, 2 FROM generate_series(9, 1200, 9) c;
INSERT INTO ats_data.candidate_groups (candidate_id, group_id)
SELECT c, CASE WHEN c % 100 = 0 THEN 2 ELSE 1 END FROM generate_series(50, 1200, 50) c;
/* Notes: job data on the job of application c (candidate c <= 1100), candidate data every 4th. */
INSERT INTO ats_data.notes (id, candidate_id, job_id, author_id, kind, body)
SELECT n, c, CASE WHEN n % 4 = 0 OR c > 1100 THEN NULL ELSE (7 * c) % 40 + 1 END,
       CASE WHEN n % 17 = 0 THEN pg_temp.uid('w_creator') WHEN n % 19 = 0 THEN pg_temp.uid('w_lm')
            WHEN n % 23 = 0 THEN pg_temp.uid('w_viewonly') ELSE pg_temp.uid('w_admin1') END,
       CASE WHEN n % 6 = 0 THEN 'interview' ELSE 'comment' END, 'w note ' || n
  FROM generate_series(1, 1300) n, LATERAL (SELECT (n - 1) % 1200 + 1 AS c) x;
INSERT INTO ats_data.note_mentions (note_id, user_id)
SELECT n, pg_temp.uid('w_caller') FROM generate_series(29, 1300, 29) n
UNION ALL
SELECT n, pg_temp.uid('w_nothing') FROM generate_series(31, 1300, 31) n;
INSERT INTO ats_data.documents (id, candidate_id, job_id, kind, file_name, created_by)
SELECT d, c, CASE WHEN d % 3 = 0 OR c > 1100 THEN NULL ELSE (7 * c) % 40 + 1 END,
       CASE WHEN d % 4 = 0 THEN 'cv' ELSE 'attachment' END, 'w doc ' || d,
       CASE WHEN d % 10 = 0 THEN pg_temp.uid('w_lm') END
  FROM generate_series(1, 400) d, LATERAL (SELECT (d * 3 - 1) % 1200 + 1 AS c) x;

SELECT ats_acl.set_level_capabilities('w_view_applications', ARRAY['view_applications']);
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT j, 'w_rec' AS r, 'recruiter' AS l FROM generate_series(1, 5) j
             UNION ALL SELECT j, 'w_src', 'sourcer' FROM generate_series(6, 8) j
             UNION ALL SELECT j, 'w_hm', 'hiring_manager' FROM unnest(ARRAY[9, 11]) j
             UNION ALL SELECT 12, 'w_coord', 'coordinator'
             UNION ALL SELECT 10, 'w_reg_conf', 'recruiter'
             UNION ALL SELECT 7, 'w_reg_lm', 'recruiter'
             UNION ALL SELECT 4, 'w_rule_both', 'w_view_applications'
             UNION ALL SELECT j, 'w_viewonly', 'w_view_applications' FROM generate_series(1, 10) j
             UNION ALL SELECT j, 'w_lm', 'job_admin' FROM generate_series(1, 3) j
             UNION ALL SELECT j, 'w_deact', 'recruiter' FROM generate_series(1, 5) j
    LOOP
        PERFORM ats_acl.grant_job(g.j, pg_temp.uid(g.r), g.l);
    END LOOP;
END $$;
SELECT ats_acl.add_access_rule(pg_temp.uid('w_rule_dept'), 'recruiter', 1, NULL);
SELECT ats_acl.add_access_rule(pg_temp.uid('w_rule_loc'), 'sourcer', NULL, 2);
SELECT ats_acl.add_access_rule(pg_temp.uid('w_rule_both'), 'hiring_manager', 2, 1);
SELECT ats_acl.add_to_group(1, pg_temp.uid('w_grp'));
SELECT ats_acl.share_job(1, ARRAY[pg_temp.uid('w_agency')], by_sources => ARRAY[1]::bigint[]);
SELECT ats_acl.share_job(8, ARRAY[pg_temp.uid('w_agency'), pg_temp.uid('w_caller')], by_tags => ARRAY[1]::bigint[]);
SELECT ats_acl.share_job(2, ARRAY[pg_temp.uid('w_caller')], by_tags => ARRAY[3]::bigint[]);
SELECT ats_acl.share_job(3, ARRAY[pg_temp.uid('w_ctrl')], by_sources => ARRAY[2]::bigint[], own_candidates => true);
SELECT ats_acl.share_job(5, ARRAY[pg_temp.uid('w_ctrl')], by_tags => ARRAY[1, 3]::bigint[]);
SELECT ats_acl.allow_tag_categories(pg_temp.uid('w_ctrl'), ARRAY[1]::bigint[]);
SELECT ats_acl.deactivate_user(pg_temp.uid('w_deact'));
ANALYZE ats_data.candidates, ats_data.applications, ats_data.notes, ats_data.documents, ats_data.jobs;

/* Every (role, row) pair checked: what SET ROLE reads, and explain_access's first line. */
CREATE TEMP TABLE w_pairs (rel text, id bigint, role name, seen boolean, verdict text);
CREATE FUNCTION pg_temp.w_check(rel text, ids bigint[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    r name;
    x bigint;
    seen boolean;
    line text;
    n bigint := 0;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE 'w\_%' ORDER BY rolname LOOP
        FOREACH x IN ARRAY ids LOOP
            EXECUTE format('SET LOCAL ROLE %I', r);
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM ats.%I WHERE id = $1)', rel) INTO seen USING x;
            RESET ROLE;
            SELECT e INTO line FROM ats_acl.explain_access(r, format('ats.%I', rel)::regclass, x) AS e LIMIT 1;
            INSERT INTO w_pairs VALUES (rel, x, r, seen, line);
            n := n + 1;
        END LOOP;
    END LOOP;
    RETURN n;
END $$;
/* The ids a role reads from a relation, as SET ROLE. */
CREATE FUNCTION pg_temp.w_ids(r name, q text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    res bigint[];
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE format('SELECT COALESCE(array_agg(id ORDER BY id), ''{}'') FROM (%s) s', q) INTO res;
    RESET ROLE;
    RETURN res;
END $$;
CREATE FUNCTION pg_temp.w_sorted(q text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    res bigint[];
BEGIN
    EXECUTE format('SELECT COALESCE(array_agg(id ORDER BY id), ''{}'') FROM (%s) s', q) INTO res;
    RETURN res;
END $$;
CREATE FUNCTION pg_temp.w_lines(r name, rel regclass, x bigint) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(e) FROM ats_acl.explain_access(r, rel, x) AS e $$;

/* ---- 1. the scenario ---- */
SELECT ok((SELECT count(*) FROM ats_data.candidates) >= 1000 AND (SELECT count(*) FROM ats_data.applications) >= 1000
          AND (SELECT count(*) FROM ats_data.notes) >= 1000, 'scenario: at least 1,000 candidates, applications and notes');
SELECT is((SELECT count(*) FROM ats_acl.users WHERE role_name LIKE 'w\_%'), 21::bigint, 'scenario: 21 registered users (one deactivated), plus an unregistered role');
SELECT is(pg_temp.w_ids('w_rec', 'SELECT id FROM ats.applications'),
    pg_temp.w_sorted('SELECT id FROM ats_data.applications WHERE job_id BETWEEN 1 AND 5'),
    'spot check: the recruiter of jobs 1-5 reads exactly their applications');
SELECT is(pg_temp.w_ids('w_rule_dept', 'SELECT id FROM ats.applications'),
    pg_temp.w_sorted('SELECT id FROM ats_data.applications WHERE job_id % 3 + 1 = 1 AND job_id % 10 <> 0'),
    'spot check: a department-1 access rule reads the applications of the non-confidential jobs of department 1');
SELECT is(pg_temp.w_ids('w_rule_both', 'SELECT id FROM ats.notes WHERE job_id IS NOT NULL'),
    pg_temp.w_sorted('SELECT id FROM ats_data.notes WHERE job_id % 3 + 1 = 2 AND job_id % 2 + 1 = 1 AND job_id % 10 <> 0 AND job_id <> 4'),
    'spot check: a department-2 / location-1 rule reads those jobs'' notes, except on job 4 where a view-only grant replaces the rule');
SELECT is(pg_temp.w_ids('w_agency', 'SELECT id FROM ats.applications'),
    pg_temp.w_sorted('SELECT a.id FROM ats_data.applications a WHERE (a.job_id = 1 AND a.source_id = 1)
                      OR (a.job_id = 8 AND EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = a.id AND t.tag_id = 1))'),
    'spot check: the agency reads job 1''s applications from source 1 and job 8''s tagged with tag 1');
SELECT is(pg_temp.w_ids('w_ctrl', 'SELECT id FROM ats.applications'),
    pg_temp.w_sorted(format('SELECT a.id FROM ats_data.applications a JOIN ats_data.candidates c ON c.id = a.candidate_id
                      WHERE (a.job_id = 3 AND (a.source_id = 2 OR a.created_by = %1$s OR c.created_by = %1$s))
                         OR (a.job_id = 5 AND EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = a.id AND t.tag_id IN (1, 3)))',
                      pg_temp.uid('w_ctrl'))),
    'spot check: the controller reads job 3''s applications from source 2 or of its own candidates, and job 5''s tagged 1 or 3');
SELECT is(pg_temp.w_ids('w_grp', 'SELECT id FROM ats.candidates'),
    pg_temp.w_sorted('SELECT id FROM ats_data.candidates WHERE id % 50 = 0 AND id % 100 <> 0'),
    'spot check: the member of group 1 reads exactly group 1''s candidates');
SELECT is(pg_temp.w_ids('w_lm', 'SELECT id FROM ats.notes'),
    pg_temp.w_sorted(format('SELECT id FROM ats_data.notes WHERE author_id = %s', pg_temp.uid('w_lm'))),
    'spot check: the line manager (notes own) reads exactly the notes it wrote');
SELECT is(pg_temp.w_ids('w_viewonly', 'SELECT id FROM ats.notes'),
    pg_temp.w_sorted(format('SELECT id FROM ats_data.notes WHERE author_id = %s', pg_temp.uid('w_viewonly'))),
    'spot check: a view-only level (no view_all_notes) reads only the notes it wrote');
SELECT is(pg_temp.w_ids('w_nothing', 'SELECT id FROM ats.candidates UNION ALL SELECT id FROM ats.jobs UNION ALL SELECT id FROM ats.notes'), '{}'::bigint[],
    'spot check: a limited user without levels reads nothing (being @mentioned shows internal users no note)');
SELECT is(pg_temp.w_ids('w_deact', 'SELECT id FROM ats.candidates UNION ALL SELECT id FROM ats.jobs'), '{}'::bigint[], 'spot check: the deactivated admin reads nothing');
SELECT is(pg_temp.w_ids('w_unreg', 'SELECT id FROM ats.candidates UNION ALL SELECT id FROM ats.jobs'), '{}'::bigint[], 'spot check: the unregistered role reads nothing');

/* ---- 2. explain_access's verdict = what SET ROLE reads ---- */
SELECT is(pg_temp.w_check('jobs', ARRAY(SELECT id FROM ats_data.jobs ORDER BY id)), 22 * 40::bigint,
    'explain_access checked for 22 roles on every job');
SELECT is(pg_temp.w_check('candidates', ARRAY(SELECT id FROM ats_data.candidates WHERE id % 37 = 0 OR id IN (50, 97, 150, 1150) ORDER BY id)), 22 * 36::bigint,
    'explain_access checked for 22 roles on every 37th candidate (and 50, 97, 150, 1150: group, creator)');
SELECT is(pg_temp.w_check('applications', ARRAY(SELECT id FROM ats_data.applications WHERE id % 37 = 0 ORDER BY id)), 22 * 40::bigint,
    'explain_access checked for 22 roles on every 37th application');
SELECT is(pg_temp.w_check('notes', ARRAY(SELECT id FROM ats_data.notes WHERE id % 37 = 0 ORDER BY id)), 22 * 35::bigint,
    'explain_access checked for 22 roles on every 37th note');
SELECT is(pg_temp.w_check('documents', ARRAY(SELECT id FROM ats_data.documents WHERE id % 13 = 0 ORDER BY id)), 22 * 30::bigint,
    'explain_access checked for 22 roles on every 13th document');
SELECT is((SELECT count(*) FROM w_pairs WHERE verdict IS NULL OR verdict !~ '^(visible|not visible): '), 0::bigint,
    'every explanation starts with "visible: " or "not visible: "');
SELECT is((SELECT count(*) FROM w_pairs WHERE seen IS DISTINCT FROM (verdict LIKE 'visible: %')), 0::bigint,
    'explain_access says visible exactly when SET ROLE reads the row (0 mismatches)');
SELECT is((SELECT count(*) FROM w_pairs WHERE verdict LIKE 'visible: %'
              AND verdict <> format('visible: row %s of ats.%s, as %s', id, rel, role)), 0::bigint,
    'the verdict names the row, the relation and the role');
SELECT is((SELECT array_agg(rel ORDER BY rel) FROM (SELECT rel FROM w_pairs GROUP BY rel
              HAVING count(*) FILTER (WHERE seen) >= 10 AND count(*) FILTER (WHERE NOT seen) >= 10) s),
    ARRAY['applications', 'candidates', 'documents', 'jobs', 'notes'],
    'every relation has at least 10 visible and 10 invisible pairs');
SELECT ok((SELECT count(*) FILTER (WHERE seen) >= 500 AND count(*) FILTER (WHERE NOT seen) >= 1000 FROM w_pairs),
    'a non-trivial number of both visible and invisible pairs');
SELECT is((SELECT array_agg(DISTINCT role ORDER BY role) FROM w_pairs WHERE seen),
    ARRAY['w_admin1', 'w_admin_lm', 'w_agency', 'w_caller', 'w_coord', 'w_creator', 'w_ctrl', 'w_grp', 'w_hm', 'w_lm',
          'w_rec', 'w_reg', 'w_reg_conf', 'w_reg_lm', 'w_rule_both', 'w_rule_dept', 'w_rule_loc', 'w_src', 'w_viewonly']::name[],
    'every active user with some access reads some sampled row; the limited user without levels, the deactivated and the unregistered roles none');

/* ---- 3. who_can_see = exactly the active users who read the row ---- */
CREATE TEMP TABLE w_who AS
SELECT p.rel, p.id,
       COALESCE((SELECT array_agg(q.role ORDER BY q.role) FROM w_pairs q JOIN ats_acl.users u ON u.role_name = q.role
                  WHERE q.rel = p.rel AND q.id = p.id AND q.seen AND u.active), '{}') AS expected,
       COALESCE((SELECT array_agg(w.role_name ORDER BY w.role_name)
                   FROM ats_acl.who_can_see(format('ats.%I', p.rel)::regclass, p.id) w), '{}') AS got,
       (SELECT count(*) FROM ats_acl.who_can_see(format('ats.%I', p.rel)::regclass, p.id) w
          JOIN ats_acl.users u ON u.id = w.user_id AND u.role_name <> w.role_name) AS wrong_ids
  FROM (SELECT DISTINCT rel, id FROM w_pairs) p;
SELECT is((SELECT count(*) FROM w_who), (SELECT count(DISTINCT (rel, id)) FROM w_pairs), 'who_can_see asked about every sampled row');
SELECT is((SELECT count(*) FROM w_who WHERE expected IS DISTINCT FROM got), 0::bigint,
    'who_can_see lists exactly the active users who read the row (0 mismatching rows)');
SELECT is((SELECT sum(wrong_ids) FROM w_who), 0::numeric, 'who_can_see pairs every role_name with its user_id');
SELECT ok((SELECT count(*) FROM w_who WHERE cardinality(got) >= 3) >= 50 AND (SELECT max(cardinality(got)) FROM w_who) < 20,
    'who_can_see answers are non-trivial (several users, never everybody)');
SELECT is((SELECT count(*) FROM ats_acl.who_can_see('ats.candidates', 50) w
            WHERE w.reasons IS DISTINCT FROM (SELECT array_agg(e) FROM (SELECT e FROM ats_acl.explain_access(w.role_name, 'ats.candidates', 50) AS e OFFSET 1) s)), 0::bigint,
    'who_can_see reasons are explain_access''s lines without the verdict');
SELECT is((SELECT array_agg(role_name ORDER BY role_name) FROM ats_acl.who_can_see('ats.candidates', 50)),
    ARRAY['w_admin1', 'w_admin_lm', 'w_grp', 'w_hm', 'w_rule_loc']::name[],
    'who_can_see candidate 50 (group 1; applications on jobs 31 and 11): the admins, the group member, job 11''s hiring manager, the location-2 rule');
SET ROLE w_admin1;
SELECT is((SELECT array_agg(role_name ORDER BY role_name) FROM ats_acl.who_can_see('ats.candidates', 50)),
    ARRAY['w_admin1', 'w_admin_lm', 'w_grp', 'w_hm', 'w_rule_loc']::name[], 'an ATS admin may call who_can_see: same answer');
RESET ROLE;

/* ---- 4. reasons and masked columns ---- */
SELECT is((SELECT array_agg(e) FILTER (WHERE e LIKE 'column %') FROM ats_acl.explain_access('w_viewonly', 'ats.candidates', 1) AS e),
    ARRAY['column email is masked (reads NULL): needs view_contact_details',
          'column phone is masked (reads NULL): needs view_contact_details',
          'column salary_expectation is masked (reads NULL): needs view_compensation',
          'column start_date is masked (reads NULL): needs view_compensation'],
    'masked columns: a view-only user sees candidate 1 without contact details and compensation');
SELECT is((SELECT array_agg(e) FILTER (WHERE e LIKE 'column %') FROM ats_acl.explain_access('w_caller', 'ats.applications', 143) AS e),
    ARRAY['column stage is masked (reads NULL): needs view_stage', 'column status is masked (reads NULL): needs view_stage'],
    'masked columns: a caller sees its shared application 143 without stage and status');
SELECT is((SELECT count(*) FROM ats_acl.explain_access('w_hm', 'ats.candidates', 50) AS e WHERE e LIKE 'column %'), 0::bigint,
    'masked columns: none for the hiring manager of the candidate''s job');
SELECT ok('direct grant: level recruiter on job 1' = ANY (pg_temp.w_lines('w_rec', 'ats.applications', 40)),
    'reasons: the recruiter''s direct grant on job 1 (application 40)');
SELECT ok(EXISTS (SELECT 1 FROM unnest(pg_temp.w_lines('w_rule_dept', 'ats.applications', 6)) e
                   WHERE e ~ '^access rule [0-9]+: level recruiter on department 1 / location any$'),
    'reasons: the department-1 access rule (application 6 on job 3)');
SELECT ok(EXISTS (SELECT 1 FROM unnest(pg_temp.w_lines('w_rule_both', 'ats.jobs', 4)) e WHERE e LIKE '%(replaced by the direct grant)%'),
    'reasons: the access rule replaced by a direct grant on job 4');
SELECT ok(EXISTS (SELECT 1 FROM unnest(pg_temp.w_lines('w_agency', 'ats.applications', 120)) e WHERE e ~ '^sharing rule [0-9]+: by sources \{1\}'),
    'reasons: the agency''s sharing rule by source (application 120)');
SELECT is((pg_temp.w_lines('w_agency', 'ats.applications', 120))[1], 'visible: row 120 of ats.applications, as w_agency', 'verdict: the agency sees application 120 (job 1, source 1)');
SELECT is((pg_temp.w_lines('w_agency', 'ats.applications', 40))[1], 'not visible: row 40 of ats.applications, as w_agency', 'verdict: the agency does not see application 40 (job 1, source 2)');
SELECT ok(EXISTS (SELECT 1 FROM unnest(pg_temp.w_lines('w_grp', 'ats.candidates', 50)) e WHERE e LIKE '%shares group 1 (w group 1)%'),
    'reasons: the group shared with candidate 50');
SELECT ok(EXISTS (SELECT 1 FROM unnest(pg_temp.w_lines('w_creator', 'ats.candidates', 97)) e WHERE e LIKE '%created it%'),
    'reasons: the creator of candidate 97');
SELECT ok('profile: module notes is own' = ANY (pg_temp.w_lines('w_lm', 'ats.notes', 19)), 'reasons: the line manager''s profile level (notes own)');
SELECT is((pg_temp.w_lines('w_lm', 'ats.notes', 19))[1], 'visible: row 19 of ats.notes, as w_lm', 'verdict: the line manager sees note 19 it wrote');
SELECT is((pg_temp.w_lines('w_lm', 'ats.notes', 1))[1], 'not visible: row 1 of ats.notes, as w_lm', 'verdict: the line manager does not see note 1 on its job 2 written by the admin');
SELECT is((pg_temp.w_lines('w_admin_lm', 'ats.documents', 1))[1], 'not visible: row 1 of ats.documents, as w_admin_lm', 'verdict: an admin with profile line_manager does not see an attachment (documents none)');
SELECT is((pg_temp.w_lines('w_admin_lm', 'ats.documents', 4))[1], 'visible: row 4 of ats.documents, as w_admin_lm', 'verdict: an admin with profile line_manager sees a CV (cv read)');
SELECT is((pg_temp.w_lines('w_deact', 'ats.candidates', 1))[1:2],
    ARRAY['not visible: row 1 of ats.candidates, as w_deact', format('ATS user %s, deactivated: sees nothing', pg_temp.uid('w_deact'))],
    'reasons: a deactivated user sees nothing');
SELECT is((pg_temp.w_lines('w_unreg', 'ats.candidates', 1))[1:2],
    ARRAY['not visible: row 1 of ats.candidates, as w_unreg', 'not a registered ATS user: sees nothing'],
    'reasons: an unregistered role sees nothing');

/* ---- 5. nonexistent rows, permission, bad input ---- */
SELECT is(pg_temp.w_lines('w_rec', 'ats.candidates', 999999), ARRAY['not visible: row 999999 of ats.candidates does not exist'],
    'explain_access on a nonexistent row: not visible, does not exist');
SELECT is(pg_temp.w_lines('w_admin1', 'ats.notes', -1), ARRAY['not visible: row -1 of ats.notes does not exist'],
    'explain_access on a nonexistent row, even for an admin');
SELECT is((SELECT count(*) FROM ats_acl.who_can_see('ats.applications', 999999)), 0::bigint, 'who_can_see on a nonexistent row: nobody');
SET ROLE w_admin1;
SELECT is((pg_temp.w_lines('w_rec', 'ats.applications', 40))[1], 'visible: row 40 of ats.applications, as w_rec', 'an ATS admin may call explain_access');
RESET ROLE;
SET ROLE w_rec;
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.applications'', 40)', '42501', 'permission denied to explain access',
    'explain_access by a recruiter (even about itself) -> 42501');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''ats.applications'', 40)', '42501', 'permission denied to list who can see a row',
    'who_can_see by a recruiter -> 42501');
RESET ROLE;
SET ROLE w_reg;
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.jobs'', 1)', '42501', 'permission denied to explain access', 'explain_access by a regular user -> 42501');
RESET ROLE;
SET ROLE w_ctrl;
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''ats.jobs'', 3)', '42501', 'permission denied to list who can see a row', 'who_can_see by an external user -> 42501');
RESET ROLE;
SET ROLE w_deact;
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.jobs'', 1)', '42501', 'permission denied to explain access', 'explain_access by a deactivated admin -> 42501');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''ats.jobs'', 1)', '42501', 'permission denied to list who can see a row', 'who_can_see by a deactivated admin -> 42501');
RESET ROLE;
SET ROLE w_unreg;
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.jobs'', 1)', '42501', 'permission denied to explain access', 'explain_access by an unregistered role -> 42501');
RESET ROLE;
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(NULL, ''ats.jobs'', 1)', '22004', NULL, 'explain_access: NULL role -> 22004');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', NULL, 1)', '22004', NULL, 'explain_access: NULL relation -> 22004');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.jobs'', NULL)', '22004', NULL, 'explain_access: NULL row id -> 22004');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(NULL, 1)', '22004', NULL, 'who_can_see: NULL relation -> 22004');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''ats.jobs'', NULL)', '22004', NULL, 'who_can_see: NULL row id -> 22004');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_nobody'', ''ats.jobs'', 1)', '42704', 'role "w_nobody" does not exist', 'explain_access: unknown role -> 42704');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''pg_class'', 1)', '22023', 'pg_class is not a relation of schema ats', 'explain_access: pg_class -> 22023');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats_data.jobs'', 1)', '22023', 'jobs is not a relation of schema ats', 'explain_access: a hidden table of ats_data -> 22023');
SELECT throws_ok('SELECT * FROM ats_acl.explain_access(''w_rec'', ''ats.hiring_team'', 1)', '22023', 'ats.hiring_team has no id column', 'explain_access: ats.hiring_team (no id) -> 22023');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''pg_class'', 1)', '22023', 'pg_class is not a relation of schema ats', 'who_can_see: pg_class -> 22023');
SELECT throws_ok('SELECT * FROM ats_acl.who_can_see(''ats.candidate_tags'', 1)', '22023', 'ats.candidate_tags has no id column', 'who_can_see: ats.candidate_tags (no id) -> 22023');

SELECT * FROM finish();
ROLLBACK;
