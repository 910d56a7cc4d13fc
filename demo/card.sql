-- demo/card.sql: Ann Archer's candidate card as one demo user sees it.
--   psql -X -q -d ats_demo -v who=demo_rex -f demo/card.sql
-- Everything after SET ROLE goes through the extension: rows a user may not
-- see are absent, columns it may not see read as (hidden).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\pset footer off
\pset null '(hidden)'
\pset format unaligned
\pset tuples_only on
SELECT format('=== Candidate card of Ann Archer (candidate 1) as %s (%s)', u.display_name, u.role_name)
  FROM ats_acl.users u WHERE u.role_name = :'who';
\pset format aligned
\pset tuples_only off
SET ROLE :"who";
SELECT full_name, email, phone, salary_expectation AS salary, start_date
  FROM ats.candidates WHERE id = 1;
\pset null ''
\echo '    applications (summary: every application of a candidate the user sees)'
SELECT job_title, application_status AS status, stage,
       CASE WHEN EXISTS (SELECT 1 FROM ats.applications a WHERE a.id = ca.application_id)
            THEN 'yes' ELSE 'no' END AS opens_it
  FROM ats.candidate_applications ca WHERE candidate_id = 1 ORDER BY application_id;
\echo '    notes and documents (job_id empty = candidate data)'
SELECT 'note' AS record, job_id, kind, body AS content FROM ats.notes WHERE candidate_id = 1
UNION ALL
SELECT 'document', job_id, kind, file_name FROM ats.documents WHERE candidate_id = 1
ORDER BY 1, 2 NULLS FIRST, 3;
RESET ROLE;
