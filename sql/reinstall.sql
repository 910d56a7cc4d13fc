-- The extension dropped and created again within one session: the backend
-- looked its schemas, tables and functions up by oid before, and must use
-- the new ones after (src/catalog.c): the user's sets are still constants
-- in its plans, and a revoke still re-plans a prepared statement.  Runs
-- last: it replaces the fixture of every other suite.
SET ROLE r_rec;
SELECT count(*) AS before_drop FROM ats.applications;
RESET ROLE;

DROP EXTENSION ats_acl CASCADE;
DROP ROLE ats_acl_owner;
CREATE EXTENSION ats_acl;

SELECT ats_acl.add_user('r_admin', 'Ada Admin', access_level => 'admin');
SELECT ats_acl.add_user('r_rec', 'Rex Recruiter');
SET ROLE r_admin;
INSERT INTO ats.jobs (title, status) VALUES ('Backend Engineer', 'open'), ('Designer', 'open');
INSERT INTO ats.candidates (full_name) VALUES ('Ann Archer'), ('Bob Baker');
INSERT INTO ats.applications (candidate_id, job_id) VALUES (1, 1), (2, 2);
SELECT ats_acl.grant_job(1, 2, 'recruiter');
RESET ROLE;

SET ROLE r_rec;
-- The recruiter's job set is a constant of the plan (not a call per row).
EXPLAIN (COSTS OFF) SELECT count(*) FROM ats.applications;
PREPARE visible AS SELECT count(*) FROM ats.applications;
EXECUTE visible;
-- Writes through the masked views run as the new ats_acl_owner for the recruiter.
INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (1, 1, 'Strong backend skills');
SELECT count(*) AS notes_seen FROM ats.notes;
RESET ROLE;

SET ROLE r_admin;
SELECT ats_acl.revoke_job(1, 2);
RESET ROLE;
SET ROLE r_rec;
-- The revoke re-planned the prepared statement: nothing is visible now.
EXECUTE visible;
RESET ROLE;
