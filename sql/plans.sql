-- Policies stay index-friendly: listing one job's applications as a
-- recruiter uses the index on applications(job_id), with the permitted
-- job set computed once (an initPlan), not per row.
BEGIN;
INSERT INTO ats.candidates (full_name)
SELECT 'Candidate ' || g FROM generate_series(1, 2000) AS g;
INSERT INTO ats.applications (candidate_id, job_id)
SELECT c.id, 1 + c.id % 4 FROM ats.candidates c;
ANALYZE ats_data.applications, ats_data.candidates, ats_data.jobs;
SET LOCAL ROLE r_rec;
EXPLAIN (COSTS OFF)
SELECT * FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 50;
-- A candidate's applications: the index on candidate_id, same policy.
EXPLAIN (COSTS OFF)
SELECT * FROM ats.applications WHERE candidate_id = 5;
SELECT count(*) FROM ats.applications;
ROLLBACK;
