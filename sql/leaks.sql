-- No leaks through the planner (issue 3, item 8; the f_leak technique of
-- PostgreSQL's rowsecurity test): a cheap, non-leakproof user function in a
-- WHERE clause, a JOIN condition or an ORDER BY never receives a row the user
-- may not see, nor a masked value, in any relation of schema ats; and the
-- policies stay index-friendly.  Rows and values the recruiter r_rec must not
-- see are named 'SECRET-...', and the rows it must not see have ids 9xx (a
-- row it sees may still refer to one: its own mention on note 901, its own
-- rating of application 3): no NOTICE may show a SECRET.
--   0. a stable start: earlier suites leave dead rows and stale statistics
--   1. fixture (rolled back): f_leak, a custom level, rows in every relation
--   2. every relation as r_rec, f_leak in WHERE: NOTICEs for visible rows only
--   3. every relation as an unregistered role: no NOTICE at all
--   4. f_leak in JOIN conditions, ORDER BY, UPDATE and DELETE (candidates, notes...)
--   5. private custom field values of a creator's and a group's candidates
--   6. a recruiter's candidate card is served by index scans only
--   7. fresh statistics for whatever runs next

-- 0. Vacuum, so that where new rows land (and so the NOTICE order) and the
--    plans do not depend on whether autovacuum has run yet.
VACUUM ANALYZE;

BEGIN;
-- 1. The leaky function: costs next to nothing, so the planner would run it
--    first if it were allowed to; NOT leakproof.
CREATE FUNCTION f_leak(text) RETURNS boolean
LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    RAISE NOTICE 'f_leak => %', $1;
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION f_leak(text) TO PUBLIC;

-- r_rec (user 6) is recruiter on job 1 (setup) and holds leak_viewer on job
-- 101: view_applications, view_scorecards, view_offers, view_all_notes, and
-- none of view_contact_details, view_compensation, view_private_custom_fields,
-- view_private_answers_and_notes, view_tags, view_attachments,
-- view_interview_notes, view_application_activity.
SELECT ats_acl.set_level_capabilities('leak_viewer',
    ARRAY['view_applications', 'view_scorecards', 'view_offers', 'view_all_notes']);

INSERT INTO ats.departments (id, name) VALUES (101, 'visible-department-101');
INSERT INTO ats.locations (id, name) VALUES (101, 'visible-location-101');
INSERT INTO ats.sources (id, name) VALUES (101, 'visible-source-101');

-- Jobs: 1 (recruiter) and 101 (leak_viewer) visible; 2, 3 (confidential), 4,
-- 901 and 902 (confidential) not.  Job 4 keeps its title: candidate 1 applied
-- there, and candidate_applications shows it by design (SPEC 4.5).
UPDATE ats.jobs SET title = 'SECRET-' || title WHERE id IN (2, 3);
INSERT INTO ats.jobs (id, title, department_id, location_id, confidential, status) VALUES
    (101, 'visible-job-101', 2, 2, false, 'open'),
    (901, 'SECRET-job-901', 2, 2, false, 'open'),
    (902, 'SECRET-job-902', 1, 1, true, 'open');
SELECT ats_acl.grant_job(101, 6, 'leak_viewer');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES
    (1, 6, 'recruiter'), (101, 4, 'hiring_manager'),
    (2, 2, 'recruiter'), (901, 3, 'interviewer'), (902, 4, 'hiring_manager');

-- Candidates: 1, 2 (job 1), 101 (r_rec created it), 102 (group 101), 103
-- (job 101: contact details and compensation masked), 104 (hired on job 1),
-- 105 (group 101, applied to job 4 only) visible; 3, 4, 901-904 not.
UPDATE ats.candidates SET full_name = 'SECRET-' || full_name, email = 'SECRET-email-' || id,
       phone = 'SECRET-phone-' || id WHERE id IN (3, 4);
UPDATE ats.candidates SET phone = 'visible-phone-' || id, salary_expectation = 1000 + id,
       start_date = date '2030-01-01' + id::int WHERE id IN (1, 2);
INSERT INTO ats.candidates (id, full_name, email, phone, salary_expectation, start_date, created_by) VALUES
    (101, 'visible-cand-101-created', 'visible-email-101', 'visible-phone-101', 101101, '2030-01-01', 6),
    (102, 'visible-cand-102-group', 'visible-email-102', 'visible-phone-102', 102102, '2030-01-02', 2),
    (103, 'visible-cand-103-viewer', 'SECRET-email-103', 'SECRET-phone-103', 903903, '2039-09-03', 2),
    (104, 'visible-cand-104-hired', 'visible-email-104', 'visible-phone-104', 104104, '2030-01-04', NULL),
    (105, 'visible-cand-105-group-job4', 'visible-email-105', 'visible-phone-105', 105105, '2030-01-05', NULL),
    (901, 'SECRET-cand-901-pool', 'SECRET-email-901', 'SECRET-phone-901', 901901, '2039-09-01', 2),
    (902, 'SECRET-cand-902-job2', 'SECRET-email-902', 'SECRET-phone-902', 902902, '2039-09-02', NULL),
    (903, 'SECRET-cand-903-group', 'SECRET-email-903', 'SECRET-phone-903', NULL, NULL, NULL),
    (904, 'SECRET-cand-904-job902', 'SECRET-email-904', 'SECRET-phone-904', NULL, NULL, NULL);

-- Applications: 1, 2, 101, 102 visible; 3, 4, 5, 901-903 not.  Stages named
-- 'summary-...' belong to visible candidates: only candidate_applications
-- shows them (SPEC 4.5).
UPDATE ats.applications SET stage = CASE WHEN id IN (1, 2) THEN 'visible-stage-' || id
                                         WHEN id = 5 THEN 'summary-stage-5'
                                         ELSE 'SECRET-stage-' || id END;
INSERT INTO ats.applications (id, candidate_id, job_id, stage, status) VALUES
    (101, 103, 101, 'visible-stage-101', 'active'),
    (102, 104, 1, 'visible-stage-102', 'hired'),
    (901, 902, 2, 'SECRET-stage-901', 'active'),
    (902, 904, 902, 'SECRET-stage-902', 'active'),
    (903, 105, 4, 'summary-stage-903', 'active');

INSERT INTO ats.tag_categories (id, name) VALUES (101, 'visible-tag-category-101');
INSERT INTO ats.tags (id, category_id, name) VALUES
    (101, 101, 'visible-tag-101'), (102, 101, 'visible-tag-102');
-- view_tags: recruiter on job 1 yes, leak_viewer on job 101 no.
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES
    (1, 101), (101, 101), (102, 102),                -- visible
    (103, 101), (3, 101), (901, 102);                -- hidden
INSERT INTO ats.application_tags (application_id, tag_id) VALUES
    (1, 101),                                        -- visible
    (101, 101), (5, 101), (901, 102);                -- hidden

INSERT INTO ats.groups (id, name) VALUES (101, 'visible-group-101'), (901, 'SECRET-group-901');
SELECT ats_acl.add_to_group(g, u) FROM (VALUES (101, 6), (101, 4), (901, 2), (901, 7)) AS m(g, u);
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES
    (102, 101), (105, 101),                          -- visible
    (903, 901), (1, 901);                            -- hidden

-- Context-scoped records: candidate data (job_id NULL) follows the candidate
-- and its data capabilities, job data needs view_applications on the job;
-- authors see their own.
INSERT INTO ats.notes (id, candidate_id, job_id, author_id, kind, body) VALUES
    (101, 1, NULL, 4, 'comment', 'visible-note-101-cand1'),
    (102, 1, 1, 4, 'comment', 'visible-note-102-job1'),
    (103, 1, 1, 4, 'interview', 'visible-note-103-interview-job1'),
    (104, 103, 101, 4, 'comment', 'visible-note-104-job101'),
    (105, 102, NULL, 4, 'comment', 'visible-note-105-group'),
    (106, 101, NULL, 2, 'comment', 'visible-note-106-created'),
    (107, 3, 2, 6, 'comment', 'visible-note-107-own'),
    (108, 105, NULL, 4, 'comment', 'visible-note-108-group-cand'),
    (901, 1, 4, 4, 'comment', 'SECRET-note-901-job4'),
    (902, 3, NULL, 4, 'comment', 'SECRET-note-902-cand3'),
    (903, 901, NULL, 2, 'comment', 'SECRET-note-903-pool'),
    (904, 103, 101, 4, 'interview', 'SECRET-note-904-interview-job101'),
    (905, 103, NULL, 4, 'interview', 'SECRET-note-905-interview-cand103'),
    (906, 105, 4, 4, 'comment', 'SECRET-note-906-job4-group-cand');
-- Mentions: seen with the note, and by the mentioned user (r_rec on 901).
INSERT INTO ats.note_mentions (note_id, user_id) VALUES
    (101, 3), (901, 6),                              -- visible
    (901, 3), (902, 4);                              -- hidden
INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body) VALUES
    (101, 1, NULL, 4, 'visible-msg-101-cand1'),
    (102, 1, 1, 4, 'visible-msg-102-job1'),
    (103, 3, 2, 6, 'visible-msg-103-own'),
    (901, 1, 4, 4, 'SECRET-msg-901-job4'),
    (902, 3, NULL, 4, 'SECRET-msg-902-cand3'),
    (903, 105, 4, 4, 'SECRET-msg-903-job4-group-cand');
INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body) VALUES
    (101, 2, 1, 4, 'visible-todo-101-job1'),
    (102, 102, NULL, 4, 'visible-todo-102-group'),
    (901, 1, 4, 4, 'SECRET-todo-901-job4'),
    (902, 4, 3, 4, 'SECRET-todo-902-job3');
INSERT INTO ats.documents (id, candidate_id, job_id, created_by, file_name) VALUES
    (101, 1, NULL, 4, 'visible-doc-101-cand1'),
    (102, 1, 1, 4, 'visible-doc-102-job1'),
    (103, 101, NULL, 2, 'visible-doc-103-created'),
    (901, 103, 101, 4, 'SECRET-doc-901-job101'),
    (902, 103, NULL, 4, 'SECRET-doc-902-cand103'),
    (903, 3, NULL, 4, 'SECRET-doc-903-cand3'),
    (904, 1, 4, 4, 'SECRET-doc-904-job4');

-- Job-only data follows its application (and its own capability).
INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES
    (101, 1, 4), (102, 101, 4),                      -- visible
    (901, 5, 4), (902, 3, 4);                        -- hidden
INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes, private_notes) VALUES
    (101, 1, 4, 4, 'visible-scorecard-101', 'SECRET-private-101'),
    (102, 1, 6, 3, 'visible-scorecard-102-own', 'visible-private-102-own'),
    (103, 101, 4, 5, 'visible-scorecard-103-job101', 'SECRET-private-103'),
    (104, 3, 6, 2, 'visible-scorecard-104-own-job2', 'visible-private-104-own'),
    (901, 3, 4, 1, 'SECRET-scorecard-901-job2', 'SECRET-private-901'),
    (902, 102, 4, 5, 'SECRET-scorecard-902-hired', 'SECRET-private-902');
INSERT INTO ats.offers (id, application_id, salary) VALUES
    (101, 101, 101101),                              -- visible (view_offers on 101)
    (901, 1, 901901), (902, 3, 902902);              -- hidden
INSERT INTO ats.ratings (id, application_id, user_id, stars, thumbs) VALUES
    (101, 1, 4, 4, NULL), (102, 3, 6, NULL, 'up'),   -- visible (102: r_rec's own)
    (901, 3, 4, 2, NULL), (902, 5, 4, NULL, 'down'); -- hidden
INSERT INTO ats.questions (id, job_id, text, private) VALUES
    (101, 1, 'visible-question-101', false),
    (102, 101, 'visible-question-102-job101', false),
    (901, 1, 'SECRET-question-901-private', true),
    (902, 2, 'SECRET-question-902-job2', false),
    (903, 101, 'SECRET-question-903-private-job101', true);
INSERT INTO ats.answers (id, application_id, question_id, value) VALUES
    (101, 1, 101, 'visible-answer-101'),
    (102, 101, 102, 'visible-answer-102-job101'),
    (901, 1, 901, 'SECRET-answer-901-private'),
    (902, 3, 902, 'SECRET-answer-902-job2'),
    (903, 101, 903, 'SECRET-answer-903-private-job101'),
    (904, 5, 101, 'SECRET-answer-904-job4');
INSERT INTO ats."references" (id, application_id, referee_name, notes) VALUES
    (101, 1, 'visible-referee-101', 'visible-reference-101'),
    (901, 5, 'SECRET-referee-901-job4', 'SECRET-reference-901'),
    (902, 3, 'SECRET-referee-902-job2', 'SECRET-reference-902');
INSERT INTO ats.referrals (id, application_id, referrer_id, notes) VALUES
    (101, 2, 4, 'visible-referral-101'),
    (901, 4, 4, 'SECRET-referral-901-job3');

-- Custom fields: private values masked without view_private_custom_fields
-- (recruiter and leak_viewer both lack it).
INSERT INTO ats.custom_fields (id, name, private) VALUES
    (101, 'visible-field-101-public', false), (102, 'visible-field-102-private', true);
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES
    (1, 101, 'visible-cfv-1-public'), (1, 102, 'SECRET-cfv-1-private'),
    (103, 101, 'visible-cfv-103-public'), (103, 102, 'SECRET-cfv-103-private'),
    (105, 101, 'visible-cfv-105-public'),
    (3, 101, 'SECRET-cfv-3-public'), (901, 102, 'SECRET-cfv-901-private');

-- The timeline: view_application_activity on the job (leak_viewer lacks it),
-- offers' entries also view_offers (recruiter lacks it), admins all.
INSERT INTO ats_data.activity (id, action, table_name, job_id, detail) VALUES
    (900101, 'insert', 'applications', 1, '{"leak": "visible-activity-900101-job1"}'),
    (900901, 'insert', 'offers', 1, '{"leak": "SECRET-activity-900901-offer-job1"}'),
    (900902, 'insert', 'applications', 101, '{"leak": "SECRET-activity-900902-job101"}'),
    (900903, 'insert', 'applications', 2, '{"leak": "SECRET-activity-900903-job2"}'),
    (900904, 'insert', 'applications', NULL, '{"leak": "SECRET-activity-900904-no-job"}');

ANALYZE;

-- 2. Every relation as r_rec.  Each count is the number of NOTICEs above it.
SET LOCAL ROLE r_rec;
SELECT count(*) AS departments FROM ats.departments WHERE f_leak(name);
SELECT count(*) AS locations FROM ats.locations WHERE f_leak(name);
SELECT count(*) AS sources FROM ats.sources WHERE f_leak(name);
SELECT count(*) AS jobs FROM ats.jobs WHERE f_leak(title);
SELECT count(*) AS hiring_team FROM ats.hiring_team
 WHERE f_leak('job ' || job_id || ' user ' || user_id || ' ' || role);
SELECT count(*) AS candidates FROM ats.candidates WHERE f_leak(full_name);
-- Masked columns: NULL for candidate 103 (leak_viewer only), never its value.
SELECT count(*) AS candidates_email FROM ats.candidates WHERE f_leak(email);
SELECT count(*) AS candidates_phone FROM ats.candidates WHERE f_leak(phone);
SELECT count(*) AS candidates_salary FROM ats.candidates WHERE f_leak(salary_expectation::text);
SELECT count(*) AS candidates_start FROM ats.candidates WHERE f_leak(to_char(start_date, 'YYYY-MM-DD'));
SELECT count(*) AS applications FROM ats.applications WHERE f_leak(stage);
SELECT count(*) AS tag_categories FROM ats.tag_categories WHERE f_leak(name);
SELECT count(*) AS tags FROM ats.tags WHERE f_leak(name);
SELECT count(*) AS candidate_tags FROM ats.candidate_tags
 WHERE f_leak('candidate ' || candidate_id || ' tag ' || tag_id);
SELECT count(*) AS application_tags FROM ats.application_tags
 WHERE f_leak('application ' || application_id || ' tag ' || tag_id);
SELECT count(*) AS groups FROM ats.groups WHERE f_leak(name);
SELECT count(*) AS group_members FROM ats.group_members
 WHERE f_leak('group ' || group_id || ' user ' || user_id);
SELECT count(*) AS candidate_groups FROM ats.candidate_groups
 WHERE f_leak('candidate ' || candidate_id || ' group ' || group_id);
SELECT count(*) AS notes FROM ats.notes WHERE f_leak(body);
SELECT count(*) AS note_mentions FROM ats.note_mentions
 WHERE f_leak('note ' || note_id || ' mentions ' || user_id);
SELECT count(*) AS messages FROM ats.messages WHERE f_leak(body);
SELECT count(*) AS todos FROM ats.todos WHERE f_leak(body);
SELECT count(*) AS documents FROM ats.documents WHERE f_leak(file_name);
SELECT count(*) AS interviews FROM ats.interviews
 WHERE f_leak('interview ' || id || ' application ' || application_id);
SELECT count(*) AS scorecards FROM ats.scorecards WHERE f_leak(notes);
-- Masked column: NULL for 101 and 103, the author's own for 102 and 104.
SELECT count(*) AS scorecards_private FROM ats.scorecards WHERE f_leak(private_notes);
SELECT count(*) AS offers FROM ats.offers
 WHERE f_leak('offer ' || id || ' salary ' || salary);
SELECT count(*) AS ratings FROM ats.ratings
 WHERE f_leak('rating ' || id || ' application ' || application_id);
SELECT count(*) AS questions FROM ats.questions WHERE f_leak(text);
SELECT count(*) AS answers FROM ats.answers WHERE f_leak(value);
SELECT count(*) AS "references" FROM ats."references" WHERE f_leak(referee_name || ' ' || notes);
SELECT count(*) AS referrals FROM ats.referrals WHERE f_leak(notes);
SELECT count(*) AS custom_fields FROM ats.custom_fields WHERE f_leak(name);
-- Masked column: private values NULL.
SELECT count(*) AS custom_field_values FROM ats.custom_field_values
 WHERE f_leak('candidate ' || candidate_id || ' field ' || field_id || ' ' || coalesce(value, '<masked>'));
SELECT count(*) AS custom_field_values_value FROM ats.custom_field_values WHERE f_leak(value);
-- Every application of every visible candidate, none of the others'.  One
-- cheap probe per underlying table (applications, jobs): without the barrier
-- the planner would run it on that table's rows before the candidate filter.
SELECT count(*) AS candidate_applications FROM ats.candidate_applications WHERE f_leak(stage);
SELECT count(*) AS candidate_applications_jobs FROM ats.candidate_applications WHERE f_leak(job_title);
-- The timeline (only this suite's entries: id > 900000 is leakproof, so it is
-- applied below the barrier, and f_leak above it).
SELECT count(*) AS activity FROM ats.activity WHERE id > 900000 AND f_leak(detail ->> 'leak');
RESET ROLE;

-- 3. A role that is not an ATS user sees nothing: f_leak is never called.
SELECT c.relname AS relation,
       as_role('r_outsider', format('SELECT count(*) FROM ats.%I AS t WHERE f_leak(t::text)', c.relname)) AS seen
  FROM pg_class c
 WHERE c.relnamespace = 'ats'::regnamespace AND c.relkind IN ('r', 'v')
 ORDER BY c.relname;

-- 4. Leaky JOIN conditions and ORDER BY: the same rows, the same masks.
SET LOCAL ROLE r_rec;
SELECT c.full_name, n.body
  FROM ats.candidates c JOIN ats.notes n ON n.candidate_id = c.id AND f_leak(n.body)
 ORDER BY n.id;
SELECT c.full_name, n.body
  FROM ats.notes n JOIN ats.candidates c ON c.id = n.candidate_id AND f_leak(c.email)
 ORDER BY n.id;
SELECT c.full_name, n.body
  FROM ats.candidates c JOIN ats.notes n ON f_leak(c.full_name || ' / ' || n.body) AND n.candidate_id = c.id
 ORDER BY n.id;
SELECT c.full_name, n.body
  FROM ats.candidates c LEFT JOIN ats.notes n ON n.candidate_id = c.id AND f_leak(n.body)
 ORDER BY c.id, n.id;
SELECT id, full_name FROM ats.candidates ORDER BY f_leak(email), id;
SELECT id, body FROM ats.notes ORDER BY f_leak(body), id;
-- UPDATE and DELETE: the leaky condition also runs after the policies.  The
-- other condition matches nothing, so nothing changes; it is not leakproof
-- (a leakproof one would run first and leave f_leak nothing to see).
UPDATE ats.jobs SET title = title WHERE f_leak(title) AND title ~ '^nothing$';
UPDATE ats.candidates SET full_name = full_name WHERE f_leak(email) AND full_name ~ '^nothing$';
UPDATE ats.notes SET body = body WHERE f_leak(body) AND body ~ '^nothing$';
DELETE FROM ats.scorecards WHERE f_leak(private_notes) AND notes ~ '^nothing$';
RESET ROLE;

-- 5. Private custom field values of candidates r_rec sees as their creator
--    (101) or through a group (102): SPEC 4.5 gives private values to admins
--    and to view_private_custom_fields on a job of the candidate only, so
--    both read as NULL.
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES
    (101, 102, 'SECRET-cfv-101-private-created'), (102, 102, 'SECRET-cfv-102-private-group');
SET LOCAL ROLE r_rec;
SELECT candidate_id, value FROM ats.custom_field_values
 WHERE candidate_id IN (101, 102) AND f_leak(value) ORDER BY candidate_id;
RESET ROLE;

-- 6. A recruiter's candidate card (the candidate, its notes, its
--    applications) among thousands of candidates, applications, notes,
--    group links, jobs and hiring-team rows: index scans only.  Candidate
--    10002 applied to job 1 (visible), 10001 to job 2 (not).
INSERT INTO ats_data.jobs (id, title, status)
SELECT g, 'Bulk job ' || g, 'open' FROM generate_series(10001, 10500) AS g;
INSERT INTO ats_data.hiring_team (job_id, user_id, role)
SELECT g, u, CASE u WHEN 4 THEN 'hiring_manager' ELSE 'recruiter' END
  FROM generate_series(10001, 10500) AS g, (VALUES (4), (5)) AS t(u);
INSERT INTO ats_data.candidates (id, full_name)
SELECT g, 'Bulk ' || g FROM generate_series(10001, 14000) AS g;
-- Candidate 10001 + i applied to one of jobs 2, 1, 4, 101 and to a bulk job;
-- one note about it is candidate data, one job data on that first job.
INSERT INTO ats_data.applications (id, candidate_id, job_id)
SELECT 10001 + 2 * i, 10001 + i, (ARRAY[2, 1, 4, 101])[1 + i % 4] FROM generate_series(0, 3999) AS i
UNION ALL
SELECT 10002 + 2 * i, 10001 + i, 10001 + i % 500 FROM generate_series(0, 3999) AS i;
INSERT INTO ats_data.notes (id, candidate_id, job_id, author_id, body)
SELECT 10001 + 2 * i, 10001 + i, NULL, 4, 'bulk note ' || (10001 + 2 * i) FROM generate_series(0, 3999) AS i
UNION ALL
SELECT 10002 + 2 * i, 10001 + i, (ARRAY[2, 1, 4, 101])[1 + i % 4], 4, 'bulk note ' || (10002 + 2 * i)
  FROM generate_series(0, 3999) AS i;
INSERT INTO ats_data.groups (id, name)
SELECT g, 'Bulk group ' || g FROM generate_series(10001, 10020) AS g;
INSERT INTO ats_data.candidate_groups (candidate_id, group_id)
SELECT g, 10001 + g % 20 FROM generate_series(10001, 14000) AS g;
ANALYZE ats_data.jobs, ats_data.hiring_team, ats_data.candidates, ats_data.applications,
        ats_data.notes, ats_data.groups, ats_data.candidate_groups;
SET LOCAL ROLE r_rec;
EXPLAIN (COSTS OFF)
SELECT id, full_name, email, phone FROM ats.candidates WHERE id = 10002;
EXPLAIN (COSTS OFF)
SELECT id, job_id, body FROM ats.notes WHERE candidate_id = 10002 ORDER BY id;
EXPLAIN (COSTS OFF)
SELECT * FROM ats.candidate_applications WHERE candidate_id = 10002 ORDER BY application_id;
SELECT id, full_name FROM ats.candidates WHERE id IN (10001, 10002) AND f_leak(full_name);
SELECT id, body FROM ats.notes WHERE candidate_id IN (10001, 10002) AND f_leak(body) ORDER BY id;
SELECT * FROM ats.candidate_applications
 WHERE candidate_id IN (10001, 10002) AND f_leak(job_title) ORDER BY application_id;
RESET ROLE;
ROLLBACK;

-- 7. The rolled-back rows are dead rows now, and ANALYZE's row counts
--    outlive the rollback: leave accurate statistics behind.
VACUUM ANALYZE;
