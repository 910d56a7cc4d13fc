-- What each level may change, column by column (SPEC 4.1, 4.2, 4.6): every
-- denial is 42501 naming the capability; the whole statement fails.
BEGIN;
SELECT r AS role, stmt, try_as(r, stmt) AS outcome
  FROM (VALUES
    ('r_limited', 'INSERT INTO ats.jobs (title) VALUES (''Intern'')'),
    ('r_regular', 'INSERT INTO ats.jobs (title) VALUES (''Designer'')'),
    ('r_sourcer', 'UPDATE ats.jobs SET title = ''Backend Engineer II'' WHERE id = 1'),
    ('r_hm',      'UPDATE ats.jobs SET title = ''Backend Engineer II'' WHERE id = 1'),
    ('r_coord',   'UPDATE ats.jobs SET published = true WHERE id = 1'),
    ('r_hm',      'UPDATE ats.jobs SET published = true WHERE id = 1'),
    ('r_rec',     'UPDATE ats.jobs SET job_post = ''We are hiring'' WHERE id = 1'),
    ('r_coord',   'UPDATE ats.jobs SET interview_plan = ''3 rounds'' WHERE id = 1'),
    ('r_hm',      'UPDATE ats.jobs SET confidential = true WHERE id = 1'),
    ('r_hm',      'UPDATE ats.jobs SET created_by = 4 WHERE id = 1'),
    ('r_hm',      'DELETE FROM ats.jobs WHERE id = 1'),
    ('r_sourcer', 'UPDATE ats.applications SET stage = ''screen'' WHERE id = 1'),
    ('r_rec',     'UPDATE ats.applications SET stage = ''screen'' WHERE id = 1'),
    ('r_rec',     'UPDATE ats.applications SET status = ''rejected'' WHERE id = 2'),
    ('r_rec',     'UPDATE ats.applications SET status = ''hired'' WHERE id = 1'),
    ('r_hm',      'UPDATE ats.applications SET status = ''hired'' WHERE id = 1'),
    ('r_sourcer', 'UPDATE ats.applications SET source_id = 2 WHERE id = 1'),
    ('r_sourcer', 'UPDATE ats.applications SET candidate_id = 2 WHERE id = 1'),
    ('r_sourcer', 'UPDATE ats.applications SET job_id = 4 WHERE id = 1'),
    ('r_ruled',   'UPDATE ats.applications SET job_id = 4 WHERE id = 1'),
    ('r_sourcer', 'INSERT INTO ats.applications (candidate_id, job_id) VALUES (3, 1)'),
    ('r_sourcer', 'INSERT INTO ats.applications (candidate_id, job_id, status) VALUES (2, 1, ''hired'')'),
    ('r_sourcer', 'INSERT INTO ats.applications (candidate_id, job_id) VALUES (3, 2)'),
    ('r_hm',      'DELETE FROM ats.applications WHERE id = 2'),
    ('r_hm',      'INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, 6, ''recruiter'')'),
    ('r_rec',     'INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, 7, ''sourcer'')'),
    ('r_hm',      'INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, 9, ''recruiter'')'),
    ('r_hm',      'INSERT INTO ats.departments (name) VALUES (''Design'')'),
    ('r_admin',   'INSERT INTO ats.departments (name) VALUES (''Design'')')
  ) AS t(r, stmt);
ROLLBACK;

-- Rows a user cannot see are simply not there: 0 rows, no error.
BEGIN;
SET LOCAL ROLE r_rec;
UPDATE ats.jobs SET title = 'x' WHERE id = 2;
UPDATE ats.applications SET stage = 'x' WHERE id = 3;
DELETE FROM ats.applications WHERE id = 4;
ROLLBACK;

-- A statement that touches one forbidden row fails whole: the rule gives
-- r_ruled recruiter on job 1, a direct grant only sourcer on job 4.
BEGIN;
SELECT ats_acl.grant_job(4, 8, 'sourcer');
SET LOCAL ROLE r_ruled;
UPDATE ats.applications SET stage = 'phone screen' WHERE job_id IN (1, 4);
ROLLBACK;
SELECT id, stage FROM ats.applications ORDER BY id;

-- Attribution: created_by and created_at are the writer's, whatever the statement says.
BEGIN;
SET LOCAL ROLE r_regular;
INSERT INTO ats.jobs (title, created_by, created_at)
VALUES ('Designer', 1, '2001-01-01') RETURNING title, created_by, created_at = now() AS now;
-- The creator is job_admin of its new job, confidential or not.
INSERT INTO ats.jobs (title, confidential) VALUES ('Secret project', true)
RETURNING title, ats_acl.can('manage_job_permissions', id) AS manages;
SELECT title FROM ats.jobs WHERE created_by = ats_acl.current_user_id() ORDER BY title;
RESET ROLE;
-- The DBA may set attribution explicitly (imports), and brings its own
-- grants: no automatic creator grant, so a restore cannot collide.
INSERT INTO ats.jobs (title, created_by) VALUES ('Imported', 4) RETURNING title, created_by;
SELECT j.title, g.user_id, g.level FROM ats_acl.job_grants g JOIN ats.jobs j ON j.id = g.job_id
 WHERE j.title IN ('Designer', 'Secret project', 'Imported') ORDER BY j.title;
ROLLBACK;

-- Leaving draft takes approve_job; other status changes edit_job_details.
BEGIN;
SELECT ats_acl.grant_job(4, 5, 'coordinator');
SELECT try_as('r_coord', 'UPDATE ats.jobs SET status = ''open'' WHERE id = 4') AS coordinator_approves;
SELECT ats_acl.grant_job(4, 4, 'hiring_manager');
SELECT try_as('r_hm', 'UPDATE ats.jobs SET status = ''open'' WHERE id = 4') AS hiring_manager_approves;
SELECT try_as('r_hm', 'UPDATE ats.jobs SET status = ''closed'' WHERE id = 4') AS hiring_manager_closes;
ROLLBACK;

-- The statements a view's trigger runs are prepared once per backend and
-- kept (statements.c): the same text, run past the plan cache's switch to a
-- generic plan, is still decided for whoever runs it.
BEGIN;
SELECT r AS role, try_as(r, format('UPDATE ats.applications SET stage = %L WHERE id = 1', 'round ' || n)) AS outcome
  FROM unnest(ARRAY['r_rec', 'r_rec', 'r_rec', 'r_rec', 'r_rec', 'r_rec', 'r_rec',
                    'r_sourcer', 'r_rec']) WITH ORDINALITY AS t(r, n)
 ORDER BY n;
ROLLBACK;

-- An INSERT without RETURNING does not read the new row back; one that
-- hands it back, directly or to a WITH, gets it as the view shows it, with
-- the defaults and attribution the table filled in.  (Explicit ids: the
-- later files' data depends on the sequence.)
BEGIN;
SET LOCAL ROLE r_rec;
DO $$
DECLARE
    n bigint;
BEGIN
    INSERT INTO ats.candidates (id, full_name) VALUES (9001, 'Plain');
    GET DIAGNOSTICS n = ROW_COUNT;
    RAISE NOTICE 'rows inserted without RETURNING: %', n;
END
$$;
INSERT INTO ats.candidates (id, full_name) VALUES (9002, 'Returning')
RETURNING id, full_name, created_by = ats_acl.current_user_id() AS mine, created_at IS NOT NULL AS dated;
WITH n AS (INSERT INTO ats.candidates (id, full_name) VALUES (9003, 'In a WITH')
           RETURNING created_by, created_at)
INSERT INTO ats.candidates (id, full_name)
SELECT 9004, format('mine %s, dated %s', created_by = ats_acl.current_user_id(), created_at IS NOT NULL)
  FROM n;
SELECT id, full_name, created_by = ats_acl.current_user_id() AS mine
  FROM ats.candidates WHERE id BETWEEN 9001 AND 9004 ORDER BY id;
ROLLBACK;
