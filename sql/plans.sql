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
-- Search by exact email, a masked column: the planner is given the implied
-- "email = value" inside the view, so the email index serves it (not a scan
-- of every candidate with the policy per row), and the mask still decides.
BEGIN;
CREATE FUNCTION pg_temp.scan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF line ~ 'on candidates c$|Index Cond: \(email' THEN
            RETURN NEXT pg_catalog.btrim(line);
        END IF;
    END LOOP;
END $$;
INSERT INTO ats.candidates (full_name, email)
SELECT 'Searched ' || g, 'searched' || g || '@example.com' FROM generate_series(1, 2000) AS g;
INSERT INTO ats.applications (candidate_id, job_id)
SELECT c.id, 1 FROM ats_data.candidates c WHERE c.email = 'searched7@example.com';
ANALYZE ats_data.candidates, ats_data.applications;
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_level_capabilities('no_contact', ARRAY['view_applications']);
SELECT ats_acl.grant_job(1, 3, 'no_contact');
SET LOCAL ROLE r_rec;
SELECT pg_temp.scan_lines($$SELECT id, full_name FROM ats.candidates WHERE email = 'searched7@example.com'$$);
SELECT full_name, email FROM ats.candidates WHERE email = 'searched7@example.com';
-- The same as a prepared statement with a generic plan: the parameter too.
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE by_email(text) AS SELECT full_name FROM ats.candidates WHERE email = $1;
SELECT pg_temp.scan_lines($$EXECUTE by_email('searched7@example.com')$$);
EXECUTE by_email('searched7@example.com');
-- A non-leakproof operator gets no derived qual: a scan, as before.
SELECT pg_temp.scan_lines($$SELECT id FROM ats.candidates WHERE email ~ '^searched7@'$$);
-- A user who sees the candidate but not its contact details finds nothing by
-- email, though the row is visible and the stored email matches.
SET LOCAL ROLE r_limited;
SELECT full_name, email FROM ats.candidates WHERE full_name = 'Searched 7';
SELECT count(*) FROM ats.candidates WHERE email = 'searched7@example.com';
EXECUTE by_email('searched7@example.com');
DEALLOCATE by_email;
ROLLBACK;
