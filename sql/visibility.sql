-- Who sees which jobs, applications and hiring-team rows (SPEC 4.1-4.3).
BEGIN;
SELECT r AS role,
       as_role(r, 'SELECT id FROM ats.jobs') AS jobs,
       as_role(r, 'SELECT id FROM ats.applications') AS applications,
       as_role(r, 'SELECT id FROM ats.departments') AS departments
  FROM unnest(ARRAY['postgres', 'r_admin', 'r_regular', 'r_limited', 'r_hm', 'r_coord',
                    'r_rec', 'r_sourcer', 'r_ruled', 'r_agency', 'r_outsider']::name[]) AS r;
COMMIT;

-- Capabilities per job, as each level sees them (counts keep it short).
BEGIN;
SELECT r AS role, j AS job,
       as_role(r, format('SELECT cardinality(ats_acl.capabilities(%s))', j)) AS ncaps,
       as_role(r, format('SELECT ats_acl.can(''manage_job_permissions'', %s)', j)) AS manages
  FROM unnest(ARRAY['r_admin', 'r_regular', 'r_hm', 'r_coord', 'r_rec', 'r_sourcer',
                    'r_ruled']::name[]) AS r,
       generate_series(1, 4) AS j
 ORDER BY r, j;
COMMIT;

-- The hiring team confers nothing.
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (2, 3, 'interviewer');
BEGIN;
SELECT as_role('r_limited', 'SELECT id FROM ats.jobs') AS limited_jobs,
       as_role('r_limited', 'SELECT job_id FROM ats.hiring_team') AS limited_team,
       as_role('r_regular', 'SELECT user_id FROM ats.hiring_team') AS regular_sees_team;
COMMIT;
DELETE FROM ats.hiring_team;

-- A direct grant replaces the department rule on that job.
SELECT ats_acl.grant_job(4, 8, 'sourcer');
BEGIN;
SELECT as_role('r_ruled', 'SELECT ats_acl.can(''advance_reject_applications'', 4)') AS rule_cap_on_4,
       as_role('r_ruled', 'SELECT ats_acl.can(''advance_reject_applications'', 1)') AS rule_cap_on_1;
COMMIT;
SELECT ats_acl.revoke_job(4, 8);
BEGIN;
SELECT as_role('r_ruled', 'SELECT ats_acl.can(''advance_reject_applications'', 4)') AS rule_cap_on_4;
COMMIT;

-- The candidate policy (index-friendly EXISTS) and the C evaluation behind
-- masks and records (candidate_visible) agree, for every user and candidate,
-- including a group member, a creator and a talent-pool candidate.
BEGIN;
INSERT INTO ats.groups (id, name) VALUES (1, 'Talent pool');
SELECT ats_acl.add_to_group(1, 3);
INSERT INTO ats.candidates (id, full_name) VALUES (5, 'Eli Pool'), (6, 'Fay Nobody');
INSERT INTO ats.candidate_groups VALUES (5, 1), (2, 1);
SET LOCAL ROLE r_rec;
INSERT INTO ats.candidates (id, full_name) VALUES (7, 'Gus Own');
RESET ROLE;
SELECT r AS role,
       as_role(r, 'SELECT id FROM ats.candidates') AS policy,
       as_role(r, 'SELECT id FROM generate_series(1, 8) AS id WHERE ats_acl.candidate_visible(id)') AS c_function
  FROM unnest(ARRAY['postgres', 'r_admin', 'r_regular', 'r_limited', 'r_hm', 'r_rec',
                    'r_sourcer', 'r_ruled', 'r_agency', 'r_outsider']::name[]) AS r;
ROLLBACK;
