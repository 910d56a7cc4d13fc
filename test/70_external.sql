-- 70_external.sql: external users and sharing rules (SPEC 4.7, 4.8; issue 4; Recruitis, PyjamaHR seeds).
--   1. SPEC 4.8 table, for a caller, an agency and a controller listed in ONE rule of job 701 (by source):
--      jobs/applications/candidates seen; name, email, phone; salary expectation and start date;
--      stage and status; documents; notes (own, @mentioned, interview notes; adding notes); ratings;
--      tags (controller only, allowed categories only); candidate_applications
--   2. (inside each role's block of 1) internal-only data stays absent (hiring team, messages, todos,
--      interviews, references, referrals, questions, answers, scorecards, offers, custom fields,
--      groups, activity, other users' ratings, unmentioned notes, unshared jobs and applications)
--   3. controller tag edits in and out of its allowed categories (add, remove); allow_tag_categories
--      takes effect at the next statement; who may call it
--   4. sharing methods on job 710, one rule each and all combined: by source, by application tag
--      (a candidate-level tag never shares), own candidates (created the application or the candidate)
--   5. flipping inside one transaction: tagging/untagging an application, changing its source
--   6. rules: one per user and job (23505), same user on two jobs, unshare_job at the next statement,
--      share_job/unshare_job permission (manage_job_permissions ok, recruiter 42501) and input errors
--   7. @mentions of external users: allowed where the note's application is shared, else 42501
--   8. adding candidates: PyjamaHR external recruiters (own_candidates + can_add_candidates),
--      can_add_candidates without own_candidates, external users without can_add_candidates,
--      ownership never changes
--   9. the Recruitis article's three worked examples with the seed's names
--  10. tags probed per row, own candidates read once per statement: point lookups and a count
--      over 200 more applications of one job
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(186);

\ir helpers/common.psql
CREATE TEMP TABLE e_rule (name text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.e_rule(text) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT id FROM e_rule WHERE name = $1 $$;
/* The first column (bigint) of a query run as the current role, sorted. */
CREATE FUNCTION pg_temp.e_ids(q text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    res bigint[];
BEGIN
    EXECUTE format('SELECT COALESCE(array_agg(v ORDER BY v), ''{}'') FROM (%s) AS s(v)', q) INTO res;
    RETURN res;
END
$$;
/* Every internal-only row the current role sees, as 'relation:key' (section 2). */
CREATE FUNCTION pg_temp.e_internal() RETURNS text[] LANGUAGE sql AS $$
    SELECT pg_temp.sees($q$
        SELECT 'hiring_team:' || job_id FROM ats.hiring_team
        UNION ALL SELECT 'messages:' || id FROM ats.messages
        UNION ALL SELECT 'todos:' || id FROM ats.todos
        UNION ALL SELECT 'interviews:' || id FROM ats.interviews
        UNION ALL SELECT 'references:' || id FROM ats."references"
        UNION ALL SELECT 'referrals:' || id FROM ats.referrals
        UNION ALL SELECT 'questions:' || id FROM ats.questions
        UNION ALL SELECT 'answers:' || id FROM ats.answers
        UNION ALL SELECT 'scorecards:' || id FROM ats.scorecards
        UNION ALL SELECT 'offers:' || id FROM ats.offers
        UNION ALL SELECT 'custom_fields:' || id FROM ats.custom_fields
        UNION ALL SELECT 'custom_field_values:' || candidate_id FROM ats.custom_field_values
        UNION ALL SELECT 'groups:' || id FROM ats.groups
        UNION ALL SELECT 'candidate_groups:' || candidate_id FROM ats.candidate_groups
        UNION ALL SELECT DISTINCT 'activity:' || job_id FROM ats.activity WHERE job_id = 701
        UNION ALL SELECT 'ratings:' || id FROM ats.ratings WHERE id = 7501
        UNION ALL SELECT 'notes:' || id FROM ats.notes WHERE id IN (7401, 7406, 7407, 7408)
        UNION ALL SELECT 'documents:' || id FROM ats.documents WHERE id IN (7303, 7304)
        UNION ALL SELECT 'jobs:' || id FROM ats.jobs WHERE id IN (702, 703)
        UNION ALL SELECT 'applications:' || id FROM ats.applications WHERE id IN (7102, 7103, 7104)
        UNION ALL SELECT 'candidates:' || id FROM ats.candidates WHERE id IN (7002, 7003)
        UNION ALL SELECT 'candidate_applications:' || application_id FROM ats.candidate_applications
                   WHERE application_id IN (7102, 7103, 7104)
    $q$)
$$;

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them:
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- fixture
 * Internal users: e_admin (admin); e_jadm (job_admin on 701, 710, 711, 720, 721: holds
 *   manage_job_permissions); e_rec (recruiter on 701, 703, 710, 711, 720: no manage_job_permissions).
 * External users: e_caller, e_agency, e_ctrl (section 1: one rule of job 701 by source 801; all three
 *   allowed tag category 901); e_src, e_tag, e_own, e_combo (section 4, job 710); e_pj1, e_pj2, e_pj3
 *   (section 8); e_abc 'Agency ABC' and e_ext (section 9).
 * Jobs: 701 shared, 702 no rule, 703 no rule (7001's second application), 710 sharing methods,
 *   711 second job, 720 PyjamaHR, 721 can_add without own, 730-732 the Recruitis positions.
 * Sources: 801 'e agency source', 802 'e careers source', 830 'Agency ABC', 831 'Careers page'.
 * Tag categories 901 (allowed), 902 (internal), 903 (allowed later); tags 911, 914 (901), 912, 921 (902),
 *   913 (903); 930 'For interview', 931 'Share with ABC' (no category).
 * Candidates/applications of section 1: 7001 'e Cand One' -> 7101 (701, source 801: shared) and 7104
 *   (703); 7002 -> 7102 (701, source 802: not shared); 7003 -> 7103 (702). */
CREATE ROLE e_admin; CREATE ROLE e_jadm; CREATE ROLE e_rec;
CREATE ROLE e_caller; CREATE ROLE e_agency; CREATE ROLE e_ctrl;
CREATE ROLE e_src; CREATE ROLE e_tag; CREATE ROLE e_own; CREATE ROLE e_combo;
CREATE ROLE e_pj1; CREATE ROLE e_pj2; CREATE ROLE e_pj3; CREATE ROLE e_abc; CREATE ROLE e_ext;
INSERT INTO test_uid VALUES
    ('e_admin',  ats_acl.add_user('e_admin',  'Admin', access_level => 'admin')),
    ('e_jadm',   ats_acl.add_user('e_jadm',   'Job admin')),
    ('e_rec',    ats_acl.add_user('e_rec',    'Recruiter')),
    ('e_caller', ats_acl.add_user('e_caller', 'Caller',     kind => 'external', external_role => 'caller')),
    ('e_agency', ats_acl.add_user('e_agency', 'Agency',     kind => 'external', external_role => 'agency')),
    ('e_ctrl',   ats_acl.add_user('e_ctrl',   'Controller', kind => 'external', external_role => 'controller')),
    ('e_src',    ats_acl.add_user('e_src',    'By source',  kind => 'external', external_role => 'agency')),
    ('e_tag',    ats_acl.add_user('e_tag',    'By tag',     kind => 'external', external_role => 'agency')),
    ('e_own',    ats_acl.add_user('e_own',    'Own',        kind => 'external', external_role => 'agency')),
    ('e_combo',  ats_acl.add_user('e_combo',  'Combined',   kind => 'external', external_role => 'agency')),
    ('e_pj1',    ats_acl.add_user('e_pj1',    'External recruiter 1', kind => 'external', external_role => 'agency')),
    ('e_pj2',    ats_acl.add_user('e_pj2',    'External recruiter 2', kind => 'external', external_role => 'agency')),
    ('e_pj3',    ats_acl.add_user('e_pj3',    'Adds, no own',         kind => 'external', external_role => 'agency')),
    ('e_abc',    ats_acl.add_user('e_abc',    'Agency ABC',           kind => 'external', external_role => 'agency')),
    ('e_ext',    ats_acl.add_user('e_ext',    'External user',        kind => 'external', external_role => 'agency'));

INSERT INTO ats.jobs (id, title, status, published) VALUES
    (701, 'e job shared', 'open', true), (702, 'e job not shared', 'open', true),
    (703, 'e job other', 'open', true), (710, 'e job sharing methods', 'open', true),
    (711, 'e job second', 'open', true), (720, 'e PyjamaHR job', 'open', true),
    (721, 'e job add without own', 'open', true),
    (730, 'Marketing specialist', 'open', true), (731, 'Project manager', 'open', true),
    (732, 'Team leader', 'open', true);
SELECT ats_acl.grant_job(j, pg_temp.uid('e_jadm'), 'job_admin') FROM unnest(ARRAY[701, 710, 711, 720, 721]) j;
SELECT ats_acl.grant_job(j, pg_temp.uid('e_rec'), 'recruiter') FROM unnest(ARRAY[701, 703, 710, 711, 720]) j;
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (701, pg_temp.uid('e_rec'), 'recruiter');

INSERT INTO ats.sources (id, name) VALUES
    (801, 'e agency source'), (802, 'e careers source'), (830, 'Agency ABC'), (831, 'Careers page');
INSERT INTO ats.tag_categories (id, name) VALUES
    (901, 'e Personality traits'), (902, 'e Internal'), (903, 'e Programming languages');
INSERT INTO ats.tags (id, category_id, name) VALUES
    (911, 901, 'e Friendly'), (914, 901, 'e Patient'), (912, 902, 'e Blacklist'),
    (921, 902, 'e Share tag'), (913, 903, 'e SQL'),
    (930, NULL, 'For interview'), (931, NULL, 'Share with ABC');

INSERT INTO ats.candidates (id, full_name, email, phone, salary_expectation, start_date, created_by) VALUES
    (7001, 'e Cand One',   'one@e.test',   '+7001', 50000, '2031-01-01', NULL),
    (7002, 'e Cand Two',   'two@e.test',   '+7002', 60000, '2031-02-01', NULL),
    (7003, 'e Cand Three', 'three@e.test', '+7003', 70000, '2031-03-01', NULL),
    (7011, 'e by source',       NULL, NULL, NULL, NULL, NULL),
    (7012, 'e by app tag',      NULL, NULL, NULL, NULL, NULL),
    (7013, 'e by cand tag',     NULL, NULL, NULL, NULL, NULL),
    (7014, 'e created by own',  NULL, NULL, NULL, NULL, pg_temp.uid('e_own')),
    (7015, 'e created by combo', NULL, NULL, NULL, NULL, pg_temp.uid('e_combo')),
    (7016, 'e app by own',      NULL, NULL, NULL, NULL, NULL),
    (7017, 'e no source',       NULL, NULL, NULL, NULL, NULL),
    (7018, 'e on job 711',      NULL, NULL, NULL, NULL, NULL),
    (7021, 'e internal candidate of 720', NULL, NULL, NULL, NULL, pg_temp.uid('e_rec')),
    (7041, 'Jan Novák',       'jan@novak.test',  '+420 601', 40000, '2031-05-01', NULL),
    (7042, 'Petra Svobodová', 'petra@svob.test', '+420 602', 45000, '2031-06-01', NULL);
INSERT INTO ats.applications (id, candidate_id, job_id, source_id, stage, status, created_by) VALUES
    (7101, 7001, 701, 801, 'interview', 'active', NULL),
    (7102, 7002, 701, 802, 'applied',   'active', NULL),
    (7103, 7003, 702, 801, 'applied',   'active', NULL),
    (7104, 7001, 703, 801, 'offer',     'active', NULL),
    (7201, 7011, 710, 801, 'applied', 'active', NULL),
    (7202, 7012, 710, 802, 'applied', 'active', NULL),
    (7203, 7013, 710, 802, 'applied', 'active', NULL),
    (7204, 7014, 710, 802, 'applied', 'active', NULL),
    (7205, 7015, 710, 802, 'applied', 'active', NULL),
    (7206, 7016, 710, 802, 'applied', 'active', pg_temp.uid('e_own')),
    (7207, 7017, 710, NULL, 'applied', 'active', NULL),
    (7208, 7018, 711, 801, 'applied', 'active', NULL),
    (7221, 7021, 720, NULL, 'applied', 'active', NULL),
    (7241, 7041, 730, 830, 'applied', 'active', NULL),    -- Jan: Marketing specialist via Agency ABC
    (7242, 7041, 731, 831, 'applied', 'active', NULL),    -- Jan: Project manager via the careers page
    (7243, 7042, 732, 831, 'interview', 'active', NULL),  -- Petra: Team leader
    (7244, 7042, 730, 831, 'applied', 'active', NULL),    -- Petra: Marketing specialist
    (7245, 7042, 731, 831, 'applied', 'active', NULL);    -- Petra: Project manager
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES
    (7001, 911), (7001, 912), (7001, 913), (7013, 921);
INSERT INTO ats.application_tags (application_id, tag_id) VALUES
    (7101, 914), (7101, 912), (7202, 921), (7243, 930);

-- section 1 records about 7001 (all by e_rec, written by the DBA)
SET ROLE e_rec;   -- an ATS user's write, so that job 701 has an activity entry (the DBA's are not logged)
INSERT INTO ats.notes (id, candidate_id, job_id, kind, body) VALUES (7401, 7001, 701, 'comment', 'e comment, nobody mentioned');
RESET ROLE;
INSERT INTO ats.notes (id, candidate_id, job_id, author_id, kind, body) VALUES
    (7402, 7001, 701,  pg_temp.uid('e_rec'), 'comment',   'e comment @caller'),
    (7403, 7001, 701,  pg_temp.uid('e_rec'), 'comment',   'e comment @agency'),
    (7404, 7001, 701,  pg_temp.uid('e_rec'), 'interview', 'e interview note'),
    (7405, 7001, 701,  pg_temp.uid('e_rec'), 'comment',   'e comment @controller'),
    (7406, 7001, NULL, pg_temp.uid('e_rec'), 'comment',   'e candidate data comment'),
    (7407, 7001, 703,  pg_temp.uid('e_rec'), 'interview', 'e interview note on the unshared job 703'),
    (7408, 7002, 701,  pg_temp.uid('e_rec'), 'interview', 'e interview note on the unshared application');
INSERT INTO ats.note_mentions (note_id, user_id) VALUES
    (7402, pg_temp.uid('e_caller')), (7403, pg_temp.uid('e_agency')), (7405, pg_temp.uid('e_ctrl'));
INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name, created_by) VALUES
    (7301, 7001, 701,  'attachment', 'one.pdf',      pg_temp.uid('e_rec')),
    (7302, 7001, NULL, 'cv',         'one-cv.pdf',   pg_temp.uid('e_rec')),
    (7303, 7002, 701,  'attachment', 'two.pdf',      pg_temp.uid('e_rec')),
    (7304, 7001, 703,  'attachment', 'one-703.pdf',  pg_temp.uid('e_rec'));
INSERT INTO ats.ratings (id, application_id, user_id, stars) VALUES (7501, 7101, pg_temp.uid('e_rec'), 3);
INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body) VALUES
    (7601, 7001, 701, pg_temp.uid('e_rec'), 'e message job'), (7602, 7001, NULL, pg_temp.uid('e_rec'), 'e message cand');
INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body) VALUES
    (7611, 7001, 701, pg_temp.uid('e_rec'), 'e todo job'), (7612, 7001, NULL, pg_temp.uid('e_rec'), 'e todo cand');
INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (7621, 7101, pg_temp.uid('e_rec'));
INSERT INTO ats."references" (id, application_id, referee_name) VALUES (7631, 7101, 'e referee');
INSERT INTO ats.referrals (id, application_id, referrer_id) VALUES (7641, 7101, pg_temp.uid('e_rec'));
INSERT INTO ats.questions (id, job_id, text, private) VALUES (7651, 701, 'e public question', false);
INSERT INTO ats.answers (id, application_id, question_id, value) VALUES (7652, 7101, 7651, 'e answer');
INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes) VALUES (7661, 7101, pg_temp.uid('e_rec'), 4, 'e scorecard');
INSERT INTO ats.offers (id, application_id, salary) VALUES (7671, 7101, 55000);
INSERT INTO ats.custom_fields (id, name, private) VALUES (7681, 'e public field', false);
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (7001, 7681, 'e value');
INSERT INTO ats.groups (id, name) VALUES (7691, 'e group');
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (7001, 7691);

-- section 1's rule: ONE rule of job 701 for three users, by source; allowed categories {901} for all
INSERT INTO e_rule VALUES ('r701', ats_acl.share_job(701,
    ARRAY[pg_temp.uid('e_caller'), pg_temp.uid('e_agency'), pg_temp.uid('e_ctrl')],
    by_sources => ARRAY[801]::bigint[]));
SELECT ats_acl.allow_tag_categories(pg_temp.uid(r), ARRAY[901]::bigint[])
  FROM unnest(ARRAY['e_caller', 'e_agency', 'e_ctrl']::name[]) r;

/* ---- 1. the SPEC 4.8 table, caller / agency / controller; 2. internal-only data (e_internal) ---- */
-- the DBA's view, so that the absences below can fail
SELECT is(pg_temp.e_internal(), ARRAY['activity:701', 'answers:7652', 'applications:7102', 'applications:7103',
    'applications:7104', 'candidate_applications:7102', 'candidate_applications:7103', 'candidate_applications:7104',
    'candidate_groups:7001', 'candidates:7002', 'candidates:7003', 'custom_field_values:7001', 'custom_fields:7681',
    'documents:7303', 'documents:7304', 'groups:7691', 'hiring_team:701', 'interviews:7621', 'jobs:702', 'jobs:703',
    'messages:7601', 'messages:7602', 'notes:7401', 'notes:7406', 'notes:7407', 'notes:7408', 'offers:7671',
    'questions:7651', 'ratings:7501', 'references:7631', 'referrals:7641', 'scorecards:7661', 'todos:7611', 'todos:7612'],
    'fixture: the DBA sees every internal-only row that the external users must not');

SET ROLE e_caller;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{701}'::bigint[], 'caller: sees exactly the job whose rule lists it');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7101}'::bigint[], 'caller: exactly the application shared by source');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7001}'::bigint[], 'caller: exactly the candidate of the shared application');
SELECT results_eq('SELECT full_name, email, phone FROM ats.candidates',
    $$VALUES ('e Cand One'::text, 'one@e.test'::text, '+7001'::text)$$, 'caller: candidate name, email and phone');
SELECT results_eq('SELECT salary_expectation, start_date FROM ats.candidates',
    $$VALUES (NULL::numeric, NULL::date)$$, 'caller: salary expectation and start date read NULL');
SELECT results_eq('SELECT stage, status FROM ats.applications',
    $$VALUES (NULL::text, NULL::text)$$, 'caller: stage and status read NULL');
SELECT results_eq('SELECT application_id, stage, application_status FROM ats.candidate_applications',
    $$VALUES (7101::bigint, NULL::text, NULL::text)$$,
    'caller: candidate_applications: its shared application only, stage and status NULL there too');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.documents'), '{}'::bigint[], 'caller: no document');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7402}'::bigint[], 'caller: only the note it is @mentioned in (no interview note, no unmentioned note)');
SELECT is(pg_temp.sees('SELECT note_id || '':'' || user_id FROM ats.note_mentions'),
    ARRAY['7402:' || pg_temp.uid('e_caller')], 'caller: note_mentions: its own mention');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tags'), '{}'::bigint[], 'caller: no tag, even in an allowed category');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tag_categories'), '{}'::bigint[], 'caller: no tag category');
SELECT is(pg_temp.e_ids('SELECT tag_id FROM ats.candidate_tags UNION ALL SELECT tag_id FROM ats.application_tags'),
    '{}'::bigint[], 'caller: no candidate or application tag');
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (7411, 7001, 701, 'e note by caller')$$,
    'caller: adds a note on the shared application');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7402,7411}'::bigint[], 'caller: sees the note it wrote and the one it is mentioned in');
SELECT throws_ok($$INSERT INTO ats.ratings (application_id, stars) VALUES (7101, 5)$$, '42501',
    'permission denied to add ratings: capability "rate_candidates" on job 701 is required', 'caller: cannot rate');
SELECT throws_ok($$INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7101, 911)$$, '42501',
    'permission denied to add application_tags: capability "edit_tags" on job 701 is required', 'caller: cannot tag an application');
SELECT is(pg_temp.e_internal(), '{}'::text[], 'caller: none of the internal-only rows');
RESET ROLE;

SET ROLE e_agency;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{701}'::bigint[], 'agency: sees exactly the job whose rule lists it');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7101}'::bigint[], 'agency: exactly the application shared by source');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7001}'::bigint[], 'agency: exactly the candidate of the shared application');
SELECT results_eq('SELECT full_name, email, phone, salary_expectation, start_date FROM ats.candidates',
    $$VALUES ('e Cand One'::text, 'one@e.test'::text, '+7001'::text, 50000::numeric, '2031-01-01'::date)$$,
    'agency: name, email, phone, salary expectation and start date');
SELECT results_eq('SELECT stage, status FROM ats.applications',
    $$VALUES ('interview'::text, 'active'::text)$$, 'agency: stage and status');
SELECT results_eq('SELECT application_id, job_id, stage, application_status FROM ats.candidate_applications',
    $$VALUES (7101::bigint, 701::bigint, 'interview'::text, 'active'::text)$$,
    'agency: candidate_applications: its shared application only (not 7001''s application on job 703)');
SELECT results_eq('SELECT job_title, job_recruiter FROM ats.candidate_applications',
    $$VALUES ('e job shared'::text, NULL::bigint)$$,
    'agency: candidate_applications names the job but not the hiring team''s recruiter (hiring team is internal-only)');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.documents'), '{7301,7302}'::bigint[],
    'agency: the candidate''s attachments (shared job and candidate data), not job 703''s nor the unshared candidate''s');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7403,7404}'::bigint[],
    'agency: the note it is mentioned in and the interview note of the shared application');
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (7412, 7001, 701, 'e note by agency')$$,
    'agency: adds a note on the shared application');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7403,7404,7412}'::bigint[], 'agency: sees its own note, not the caller''s');
SELECT throws_ok($$INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (7001, NULL, 'e DENIED candidate data')$$, '42501',
    'permission denied to add notes', 'agency: no note as candidate data (job_id NULL)');
SELECT throws_ok($$INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (7002, 701, 'e DENIED not shared')$$, '42501',
    'permission denied to add notes', 'agency: no note on an application that is not shared');
SELECT throws_ok($$UPDATE ats.notes SET body = 'e DENIED' WHERE id = 7403$$, '42501',
    'permission denied to change notes 7403', 'agency: cannot change a note it is only mentioned in');
SELECT throws_ok($$INSERT INTO ats.messages (candidate_id, job_id, body) VALUES (7001, 701, 'e DENIED message')$$, '42501',
    'permission denied to add messages',
    'agency: cannot write messages (internal-only)');
SELECT lives_ok($$INSERT INTO ats.ratings (id, application_id, stars) VALUES (7511, 7101, 4)$$, 'agency: rates the shared application');
SELECT throws_ok($$INSERT INTO ats.ratings (application_id, stars) VALUES (7102, 4)$$, '42501',
    'permission denied to add ratings', 'agency: cannot rate an application that is not shared');
SELECT results_eq('SELECT id, user_id, stars FROM ats.ratings',
    format('VALUES (7511::bigint, %s::bigint, 4::smallint)', pg_temp.uid('e_agency')),
    'agency: sees its own rating (attributed to it), not the recruiter''s');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tags'), '{}'::bigint[], 'agency: no tag, even in an allowed category');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tag_categories'), '{}'::bigint[], 'agency: no tag category');
SELECT is(pg_temp.e_ids('SELECT tag_id FROM ats.candidate_tags UNION ALL SELECT tag_id FROM ats.application_tags'),
    '{}'::bigint[], 'agency: no candidate or application tag');
SELECT throws_ok($$INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7001, 914)$$, '42501',
    'permission denied to add candidate_tags: capability "edit_tags" on candidate 7001 is required', 'agency: cannot tag a candidate');
SELECT is(pg_temp.e_internal(), '{}'::text[], 'agency: none of the internal-only rows');
SELECT throws_ok($$INSERT INTO ats.todos (candidate_id, job_id, body) VALUES (7001, 701, 'e DENIED todo')$$, '42501', NULL,
    'agency: cannot write todos (internal-only; an external user adds notes only)');
RESET ROLE;

SET ROLE e_ctrl;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{701}'::bigint[], 'controller: sees exactly the job whose rule lists it');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7101}'::bigint[], 'controller: exactly the application shared by source');
SELECT results_eq('SELECT id, full_name, email, phone, salary_expectation, start_date FROM ats.candidates',
    $$VALUES (7001::bigint, 'e Cand One'::text, 'one@e.test'::text, '+7001'::text, 50000::numeric, '2031-01-01'::date)$$,
    'controller: the shared candidate with name, email, phone, salary expectation and start date');
SELECT results_eq('SELECT stage, status FROM ats.applications',
    $$VALUES ('interview'::text, 'active'::text)$$, 'controller: stage and status');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{7101}'::bigint[],
    'controller: candidate_applications: its shared application only');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.documents'), '{7301,7302}'::bigint[], 'controller: the candidate''s attachments');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7404,7405}'::bigint[],
    'controller: the note it is mentioned in and the interview note');
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (7413, 7001, 701, 'e note by controller')$$,
    'controller: adds a note on the shared application');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7404,7405,7413}'::bigint[], 'controller: sees its own note, not the agency''s or the caller''s');
SELECT lives_ok($$INSERT INTO ats.ratings (id, application_id, thumbs) VALUES (7512, 7101, 'up')$$, 'controller: rates (thumbs) the shared application');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.ratings'), '{7512}'::bigint[], 'controller: sees its own rating only (not the agency''s nor the recruiter''s)');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tags'), '{911,914}'::bigint[], 'controller: the tags of its allowed category only');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tag_categories'), '{901}'::bigint[], 'controller: its allowed tag category only');
SELECT is(pg_temp.sees('SELECT candidate_id || '':'' || tag_id FROM ats.candidate_tags'), '{7001:911}'::text[],
    'controller: candidate tags of its allowed category only (not Blacklist, not SQL)');
SELECT is(pg_temp.sees('SELECT application_id || '':'' || tag_id FROM ats.application_tags'), '{7101:914}'::text[],
    'controller: application tags of its allowed category only');
SELECT is(pg_temp.e_internal(), '{}'::text[], 'controller: none of the internal-only rows');
RESET ROLE;

-- notes written by the externals stay theirs: the caller still does not see the others'
SET ROLE e_caller;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7402,7411}'::bigint[], 'caller: still not the agency''s nor the controller''s notes');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.ratings'), '{}'::bigint[], 'caller: sees no rating');
RESET ROLE;
SELECT results_eq(format($$SELECT id, author_id FROM ats.notes WHERE id IN (7411, 7412, 7413) ORDER BY id$$),
    format('VALUES (7411::bigint, %s::bigint), (7412, %s), (7413, %s)',
           pg_temp.uid('e_caller'), pg_temp.uid('e_agency'), pg_temp.uid('e_ctrl')),
    'the DBA: the external users'' notes are attributed to them');

/* ---- 3. controller tag edits; allowed categories ---- */
SET ROLE e_ctrl;
SELECT lives_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7101, 911)',
    'controller: adds an application tag of an allowed category');
SELECT throws_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7101, 913)', '42501',
    'permission denied to add application_tags', 'controller: cannot add an application tag of another category');
SELECT throws_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7102, 911)', '42501',
    'permission denied to add application_tags', 'controller: cannot tag an application that is not shared');
SELECT lives_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7001, 914)',
    'controller: adds a candidate tag of an allowed category');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7001, 921)', '42501',
    'permission denied to add candidate_tags', 'controller: cannot add a candidate tag of another category');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7002, 911)', '42501',
    'permission denied to add candidate_tags', 'controller: cannot tag a candidate that is not shared');
SELECT is(pg_temp.affected('DELETE FROM ats.application_tags WHERE application_id = 7101 AND tag_id = 914'), 1::bigint,
    'controller: removes an application tag of an allowed category');
SELECT is(pg_temp.affected('DELETE FROM ats.application_tags WHERE application_id = 7101 AND tag_id = 912'), 0::bigint,
    'controller: an application tag of another category is not there to remove');
SELECT is(pg_temp.affected('DELETE FROM ats.candidate_tags WHERE candidate_id = 7001 AND tag_id = 911'), 1::bigint,
    'controller: removes a candidate tag of an allowed category');
SELECT is(pg_temp.affected('DELETE FROM ats.candidate_tags WHERE candidate_id = 7001 AND tag_id IN (912, 913)'), 0::bigint,
    'controller: candidate tags of other categories are not there to remove');
SELECT is(pg_temp.sees($$SELECT 'c' || candidate_id || ':' || tag_id FROM ats.candidate_tags WHERE candidate_id = 7001
                          UNION ALL SELECT 'a' || application_id || ':' || tag_id FROM ats.application_tags$$),
    '{a7101:911,c7001:914}'::text[], 'controller: sees exactly the tags after its edits');
RESET ROLE;
SELECT is(pg_temp.sees($$SELECT 'c' || candidate_id || ':' || tag_id FROM ats.candidate_tags WHERE candidate_id = 7001
                          UNION ALL SELECT 'a' || application_id || ':' || tag_id FROM ats.application_tags WHERE application_id = 7101$$),
    '{a7101:911,a7101:912,c7001:912,c7001:913,c7001:914}'::text[],
    'the DBA: the controller''s edits landed and the tags of other categories are untouched');
SET ROLE e_jadm;
SELECT throws_ok(format('SELECT ats_acl.allow_tag_categories(%s, ARRAY[903]::bigint[])', pg_temp.uid('e_ctrl')), '42501',
    'permission denied to set allowed tag categories', 'allow_tag_categories: a job admin may not');
RESET ROLE;
SET ROLE e_admin;
SELECT throws_ok(format('SELECT ats_acl.allow_tag_categories(%s, ARRAY[903]::bigint[])', pg_temp.uid('e_rec')), '22023',
    NULL, 'allow_tag_categories: an internal user -> 22023');
SELECT lives_ok(format('SELECT ats_acl.allow_tag_categories(%s, ARRAY[901, 903]::bigint[])', pg_temp.uid('e_ctrl')),
    'allow_tag_categories: an admin allows category 903 too');
RESET ROLE;
SET ROLE e_ctrl;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tag_categories'), '{901,903}'::bigint[], 'controller: category 903 at the next statement');
SELECT is(pg_temp.e_ids('SELECT tag_id FROM ats.candidate_tags WHERE candidate_id = 7001'), '{913,914}'::bigint[],
    'controller: the candidate''s SQL tag appears');
SELECT lives_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7101, 913)',
    'controller: now adds an application tag of category 903');
RESET ROLE;
SET ROLE e_admin;
SELECT lives_ok(format('SELECT ats_acl.allow_tag_categories(%s, ARRAY[903]::bigint[])', pg_temp.uid('e_ctrl')),
    'allow_tag_categories: the set is replaced by {903}');
RESET ROLE;
SET ROLE e_ctrl;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.tags'), '{913}'::bigint[], 'controller: category 901''s tags are gone at once');
SELECT is(pg_temp.sees($$SELECT 'c' || candidate_id || ':' || tag_id FROM ats.candidate_tags
                          UNION ALL SELECT 'a' || application_id || ':' || tag_id FROM ats.application_tags$$),
    '{a7101:913,c7001:913}'::text[], 'controller: only category 903''s candidate and application tags');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7001, 911)', '42501',
    'permission denied to add candidate_tags', 'controller: no longer adds tags of category 901');
RESET ROLE;

/* ---- 4. sharing methods on job 710 (four rules on one job) ----
 * 7201 source 801; 7202 application tag 921; 7203 candidate tag 921 only; 7204 candidate created by
 * e_own; 7205 candidate created by e_combo; 7206 application created by e_own; 7207 no source. */
INSERT INTO e_rule VALUES
    ('src',   ats_acl.share_job(710, ARRAY[pg_temp.uid('e_src')], by_sources => ARRAY[801]::bigint[])),
    ('tag',   ats_acl.share_job(710, ARRAY[pg_temp.uid('e_tag')], by_tags => ARRAY[921]::bigint[])),
    ('own',   ats_acl.share_job(710, ARRAY[pg_temp.uid('e_own')], own_candidates => true)),
    ('combo', ats_acl.share_job(710, ARRAY[pg_temp.uid('e_combo')], by_tags => ARRAY[921]::bigint[],
                                by_sources => ARRAY[801]::bigint[], own_candidates => true));
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201}'::bigint[], 'by source: exactly the application of that source');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7011}'::bigint[], 'by source: exactly its candidate');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{710}'::bigint[], 'by source: exactly job 710');
RESET ROLE;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7202}'::bigint[],
    'by tag: exactly the application carrying the tag as an application tag (not 7203, tagged on the candidate)');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7012}'::bigint[], 'by tag: exactly its candidate');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{7202}'::bigint[],
    'by tag: candidate_applications: exactly the shared application');
RESET ROLE;
SET ROLE e_own;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7204,7206}'::bigint[],
    'own candidates: the application of the candidate it created and the application it created');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7014,7016}'::bigint[], 'own candidates: exactly their candidates');
RESET ROLE;
SET ROLE e_combo;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201,7202,7205}'::bigint[],
    'combined (source OR tag OR own): exactly the union');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7011,7012,7015}'::bigint[], 'combined: exactly their candidates');
RESET ROLE;

/* ---- 5. flipping inside one transaction, at the next statement ---- */
SET ROLE e_rec;
SELECT lives_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (7017, 921)',
    'recruiter tags candidate 7017 (candidate level) with the sharing tag');
RESET ROLE;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7202}'::bigint[], 'a candidate-level tag does not share 7207');
RESET ROLE;
SET ROLE e_rec;
SELECT lives_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7207, 921)',
    'recruiter tags application 7207 with the sharing tag');
RESET ROLE;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7202,7207}'::bigint[], 'tagging shares 7207 at the next statement');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7012,7017}'::bigint[], '... and its candidate');
RESET ROLE;
SET ROLE e_rec;
SELECT is(pg_temp.affected('DELETE FROM ats.application_tags WHERE application_id = 7207 AND tag_id = 921'), 1::bigint,
    'recruiter removes the tag');
RESET ROLE;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7202}'::bigint[], 'untagging unshares 7207 at the next statement');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7012}'::bigint[], '... and its candidate');
RESET ROLE;
SET ROLE e_rec;
SELECT is(pg_temp.affected('UPDATE ats.applications SET source_id = 801 WHERE id = 7207'), 1::bigint,
    'recruiter sets 7207''s source to the shared source');
RESET ROLE;
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201,7207}'::bigint[], 'the new source shares 7207 at the next statement');
RESET ROLE;
SET ROLE e_rec;
SELECT is(pg_temp.affected('UPDATE ats.applications SET source_id = 802 WHERE id = 7207'), 1::bigint,
    'recruiter changes 7207''s source again');
RESET ROLE;
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201}'::bigint[], 'another source unshares 7207 at the next statement');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7011}'::bigint[], '... and its candidate');
RESET ROLE;

/* ---- 6. rules: uniqueness, two jobs, unsharing, permission, input errors ---- */
SELECT throws_ok(format('SELECT ats_acl.share_job(710, ARRAY[%s]::bigint[], by_tags => ARRAY[921]::bigint[])', pg_temp.uid('e_src')),
    '23505', format('user %s is already in a sharing rule of job 710', pg_temp.uid('e_src')),
    'a second rule for the same user on the same job -> 23505');
SELECT throws_ok(format('SELECT ats_acl.share_job(710, ARRAY[%s, %s]::bigint[])', pg_temp.uid('e_pj3'), pg_temp.uid('e_tag')),
    '23505', format('user %s is already in a sharing rule of job 710', pg_temp.uid('e_tag')),
    'a rule listing a new user and one already in a rule of the job -> 23505');
SET ROLE e_pj3;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{}'::bigint[], '... and nothing of it was created (e_pj3 sees no job)');
RESET ROLE;
SET ROLE e_rec;
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s]::bigint[], by_sources => ARRAY[801]::bigint[])', pg_temp.uid('e_src')),
    '42501', 'permission denied to share job 711: capability "manage_job_permissions" on job 711 is required',
    'share_job: a recruiter of the job may not');
RESET ROLE;
SET ROLE e_src;
SELECT throws_ok(format('SELECT ats_acl.share_job(710, ARRAY[%s]::bigint[])', pg_temp.uid('e_pj3')),
    '42501', 'permission denied to share job 710: capability "manage_job_permissions" on job 710 is required',
    'share_job: an external user of the job may not');
RESET ROLE;
SET ROLE e_jadm;
SELECT lives_ok(format('INSERT INTO e_rule VALUES (''src711'', ats_acl.share_job(711, ARRAY[%s]::bigint[], by_sources => ARRAY[801]::bigint[]))',
                       pg_temp.uid('e_src')),
    'share_job: a job admin (manage_job_permissions) shares job 711 with a user already in a rule of job 710');
RESET ROLE;
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{710,711}'::bigint[], 'the same user in rules of two jobs sees both');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201,7208}'::bigint[], '... and the shared applications of both');
RESET ROLE;
SET ROLE e_rec;
SELECT throws_ok(format('SELECT ats_acl.unshare_job(%s)', pg_temp.e_rule('src711')), '42501',
    'permission denied to unshare job 711: capability "manage_job_permissions" on job 711 is required',
    'unshare_job: a recruiter of the job may not');
SELECT throws_ok('SELECT ats_acl.unshare_job(999999)', '42501', 'permission denied to drop sharing rules',
    'unshare_job: an unknown rule is a denial for non-admins');
RESET ROLE;
SET ROLE e_jadm;
SELECT lives_ok(format('SELECT ats_acl.unshare_job(%s)', pg_temp.e_rule('src711')), 'unshare_job: the job admin drops the rule of job 711');
RESET ROLE;
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{710}'::bigint[], 'unshared: job 711 is gone at the next statement');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7201}'::bigint[], 'unshared: 7208 is gone');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7011}'::bigint[], 'unshared: 7018 is gone');
RESET ROLE;
-- input errors (as the DBA)
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s, %s]::bigint[])', pg_temp.uid('e_tag'), pg_temp.uid('e_rec')),
    '22023', format('user %s (e_rec) is an internal user', pg_temp.uid('e_rec')), 'share_job: an internal user in user_ids -> 22023');
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s]::bigint[], by_tags => ARRAY[999999]::bigint[])', pg_temp.uid('e_tag')),
    '42704', 'by_tags contains 999999, which does not exist', 'share_job: an unknown tag -> 42704');
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s]::bigint[], by_sources => ARRAY[999999]::bigint[])', pg_temp.uid('e_tag')),
    '42704', 'by_sources contains 999999, which does not exist', 'share_job: an unknown source -> 42704');
SELECT throws_ok('SELECT ats_acl.share_job(711, ARRAY[999999]::bigint[])',
    '42704', 'user_ids contains 999999, which does not exist', 'share_job: an unknown user -> 42704');
SELECT throws_ok(format('SELECT ats_acl.share_job(999999, ARRAY[%s]::bigint[])', pg_temp.uid('e_tag')),
    '42704', 'job 999999 does not exist', 'share_job: an unknown job -> 42704');
SELECT throws_ok(format('SELECT ats_acl.share_job(NULL, ARRAY[%s]::bigint[])', pg_temp.uid('e_tag')),
    '22004', NULL, 'share_job: NULL job -> 22004');
SELECT throws_ok('SELECT ats_acl.share_job(711, NULL)', '22004', NULL, 'share_job: NULL user_ids -> 22004');
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s]::bigint[], by_tags => NULL)', pg_temp.uid('e_tag')),
    '22004', NULL, 'share_job: NULL by_tags -> 22004');
SELECT throws_ok(format('SELECT ats_acl.share_job(711, ARRAY[%s]::bigint[], own_candidates => NULL)', pg_temp.uid('e_tag')),
    '22004', NULL, 'share_job: NULL own_candidates -> 22004');
SELECT throws_ok('SELECT ats_acl.share_job(711, ''{}''::bigint[])', '22023', NULL, 'share_job: an empty user list -> 22023');
SELECT throws_ok('SELECT ats_acl.unshare_job(NULL)', '22004', NULL, 'unshare_job: NULL -> 22004');
SELECT throws_ok('SELECT ats_acl.unshare_job(999999)', '42704', 'sharing rule 999999 does not exist', 'unshare_job: unknown rule (DBA) -> 42704');
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{710}'::bigint[], 'after the failed calls e_tag is still in job 710''s rule only');
RESET ROLE;

/* ---- 7. @mentions of external users ---- */
SET ROLE e_rec;
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (7451, 7011, 710, 'e job note on 7201')$$,
    'recruiter writes a job note on application 7201 (shared with e_src only)');
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (7452, 7012, NULL, 'e candidate note on 7012')$$,
    'recruiter writes a candidate-data note on 7012 (its application 7202 is shared with e_tag)');
SELECT lives_ok(format('INSERT INTO ats.note_mentions (note_id, user_id) VALUES (7451, %s)', pg_temp.uid('e_src')),
    'mention allowed: the note''s application is shared with e_src');
SELECT throws_ok(format('INSERT INTO ats.note_mentions (note_id, user_id) VALUES (7451, %s)', pg_temp.uid('e_tag')), '42501',
    format('permission denied to mention user %s in note 7451', pg_temp.uid('e_tag')),
    'mention rejected: the note''s application is not shared with e_tag');
SELECT lives_ok(format('INSERT INTO ats.note_mentions (note_id, user_id) VALUES (7452, %s)', pg_temp.uid('e_tag')),
    'mention allowed on candidate data: an application of the candidate is shared with e_tag');
SELECT throws_ok(format('INSERT INTO ats.note_mentions (note_id, user_id) VALUES (7452, %s)', pg_temp.uid('e_src')), '42501',
    format('permission denied to mention user %s in note 7452', pg_temp.uid('e_src')),
    'mention rejected on candidate data: no application of the candidate is shared with e_src');
SELECT throws_ok(format('INSERT INTO ats.note_mentions (note_id, user_id) VALUES (7401, %s)', pg_temp.uid('e_pj1')), '42501',
    format('permission denied to mention user %s in note 7401', pg_temp.uid('e_pj1')),
    'mention rejected: an external user with no rule on the note''s job');
RESET ROLE;
SET ROLE e_src;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7451}'::bigint[], 'e_src sees the note it is mentioned in');
RESET ROLE;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.notes'), '{7452}'::bigint[], 'e_tag sees the note it is mentioned in, not 7451');
RESET ROLE;

/* ---- 8. adding candidates (PyjamaHR external recruiters) ---- */
INSERT INTO e_rule VALUES
    ('pj',  ats_acl.share_job(720, ARRAY[pg_temp.uid('e_pj1'), pg_temp.uid('e_pj2')],
                              own_candidates => true, can_add_candidates => true)),
    ('pj3', ats_acl.share_job(721, ARRAY[pg_temp.uid('e_pj3')], by_sources => ARRAY[801]::bigint[],
                              can_add_candidates => true));
SET ROLE e_pj1;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.jobs'), '{720}'::bigint[], 'external recruiter 1: sees the job assigned to it');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{}'::bigint[],
    'external recruiter 1: before adding any, no candidate (not the internal candidate of the job)');
SELECT lives_ok(format($$INSERT INTO ats.candidates (id, full_name, email, created_by) VALUES (7031, 'e added by pj1', 'pj1@e.test', %s)$$,
                       pg_temp.uid('e_pj2')),
    'external recruiter 1 adds a candidate (naming another owner)');
SELECT lives_ok('INSERT INTO ats.applications (id, candidate_id, job_id) VALUES (7231, 7031, 720)',
    'external recruiter 1 applies it to the job');
SELECT throws_ok('INSERT INTO ats.applications (candidate_id, job_id) VALUES (7021, 720)', '42501',
    'permission denied to add applications to job 720: candidate 7021 is not visible to this user',
    'external recruiter 1 cannot apply a candidate it does not see');
SELECT throws_ok('INSERT INTO ats.applications (candidate_id, job_id) VALUES (7031, 701)', '42501',
    'permission denied to add applications to job 701', 'external recruiter 1 cannot add applications to a job not shared with it');
RESET ROLE;
SET ROLE e_pj2;
SELECT lives_ok($$INSERT INTO ats.candidates (id, full_name) VALUES (7032, 'e added by pj2')$$, 'external recruiter 2 adds a candidate');
SELECT lives_ok('INSERT INTO ats.applications (id, candidate_id, job_id) VALUES (7232, 7032, 720)', 'external recruiter 2 applies it');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7032}'::bigint[], 'external recruiter 2: only the candidate it added');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{7232}'::bigint[], 'external recruiter 2: only its application');
RESET ROLE;
SET ROLE e_pj1;
SELECT results_eq('SELECT id, full_name, email, created_by FROM ats.candidates',
    format($$VALUES (7031::bigint, 'e added by pj1'::text, 'pj1@e.test'::text, %s::bigint)$$, pg_temp.uid('e_pj1')),
    'external recruiter 1: only the candidate it added, owned by it (not recruiter 2''s, not the internal one)');
SELECT results_eq('SELECT id, created_by FROM ats.applications',
    format('VALUES (7231::bigint, %s::bigint)', pg_temp.uid('e_pj1')), 'external recruiter 1: only its application, owned by it');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{7231}'::bigint[],
    'external recruiter 1: candidate_applications: only its own');
SELECT throws_ok(format('UPDATE ats.candidates SET created_by = %s WHERE id = 7031', pg_temp.uid('e_pj2')), '42501',
    'permission denied to change "created_by" of candidates 7031: the column cannot be changed',
    'external recruiter 1 cannot hand its candidate to another recruiter');
SELECT throws_ok(format('UPDATE ats.applications SET created_by = %s WHERE id = 7231', pg_temp.uid('e_pj2')), '42501',
    'permission denied to change "created_by" of application 7231: the column cannot be changed',
    'external recruiter 1 cannot hand its application to another recruiter');
RESET ROLE;
SET ROLE e_admin;
SELECT throws_ok(format('UPDATE ats.candidates SET created_by = %s WHERE id = 7031', pg_temp.uid('e_pj2')), '42501',
    'permission denied to change "created_by" of candidates 7031: the column cannot be changed',
    'an admin cannot reassign ownership either');
RESET ROLE;
SET ROLE e_pj2;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7032}'::bigint[], 'external recruiter 2 still sees only its own candidate');
RESET ROLE;
SET ROLE e_pj3;
SELECT lives_ok($$INSERT INTO ats.candidates (id, full_name) VALUES (7033, 'e added by pj3')$$,
    'can_add_candidates without own_candidates: adds a candidate');
SELECT lives_ok('INSERT INTO ats.applications (id, candidate_id, job_id) VALUES (7233, 7033, 721)', '... and applies it to the job');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7033}'::bigint[], '... it sees the candidate it created');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications'), '{}'::bigint[], '... but not the application: the rule does not share own candidates');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{}'::bigint[], '... nor its summary row');
RESET ROLE;
SET ROLE e_agency;
SELECT throws_ok($$INSERT INTO ats.candidates (full_name) VALUES ('e DENIED by agency')$$, '42501',
    'permission denied to add candidates', 'an external user without can_add_candidates cannot add candidates');
SELECT throws_ok('INSERT INTO ats.applications (candidate_id, job_id) VALUES (7001, 701)', '42501',
    'permission denied to add applications to job 701',
    'an external user without can_add_candidates cannot add applications, even on its shared job');
RESET ROLE;

/* ---- 9. the Recruitis article's worked examples ---- */
-- Example 1: Jan Novák applied for "Marketing specialist" through Agency ABC and for "Project manager"
-- through the careers page; Agency ABC has sharing by source on both positions.
SET ROLE e_admin;
SELECT lives_ok(format($$INSERT INTO e_rule VALUES
    ('abc_ms', ats_acl.share_job(730, ARRAY[%1$s]::bigint[], by_sources => ARRAY[830]::bigint[])),
    ('abc_pm', ats_acl.share_job(731, ARRAY[%1$s]::bigint[], by_sources => ARRAY[830]::bigint[]))$$, pg_temp.uid('e_abc')),
    'Example 1: an admin shares both positions with Agency ABC by the source "Agency ABC"');
RESET ROLE;
SET ROLE e_abc;
SELECT is(pg_temp.sees('SELECT title FROM ats.jobs'), '{"Marketing specialist","Project manager"}'::text[],
    'Example 1: Agency ABC sees both positions');
SELECT results_eq($$SELECT a.id, c.full_name, j.title FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
                     JOIN ats.jobs j ON j.id = a.job_id ORDER BY a.id$$,
    $$VALUES (7241::bigint, 'Jan Novák'::text, 'Marketing specialist'::text)$$,
    'Example 1: Agency ABC sees only Jan Novák''s "Marketing specialist" response');
SELECT results_eq('SELECT application_id, job_title FROM ats.candidate_applications ORDER BY application_id',
    $$VALUES (7241::bigint, 'Marketing specialist'::text)$$,
    'Example 1: Agency ABC does not learn of the careers-page response (candidate_applications)');
RESET ROLE;
-- Example 2: Petra Svobodová has three responses; "For interview" is saved for the "Team leader"
-- answer only; the external user has sharing by that tag on all three positions.
SET ROLE e_admin;
SELECT lives_ok(format($$INSERT INTO e_rule SELECT 'ext_' || j, ats_acl.share_job(j, ARRAY[%s]::bigint[], by_tags => ARRAY[930]::bigint[])
                         FROM unnest(ARRAY[730, 731, 732]) j$$, pg_temp.uid('e_ext')),
    'Example 2: an admin shares the three positions with the external user by the tag "For interview"');
RESET ROLE;
SET ROLE e_ext;
SELECT results_eq($$SELECT a.id, c.full_name, j.title FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
                     JOIN ats.jobs j ON j.id = a.job_id ORDER BY a.id$$,
    $$VALUES (7243::bigint, 'Petra Svobodová'::text, 'Team leader'::text)$$,
    'Example 2: the external user sees only Petra''s "Team leader" response');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{7243}'::bigint[],
    'Example 2: the other two responses are not shown');
RESET ROLE;
-- Example 3: "Share with ABC" on Jan's second response, with tag-based sharing for the agency.
SET ROLE e_admin;
SELECT throws_ok(format('SELECT ats_acl.share_job(731, ARRAY[%s]::bigint[], by_tags => ARRAY[931]::bigint[])', pg_temp.uid('e_abc')),
    '23505', format('user %s is already in a sharing rule of job 731', pg_temp.uid('e_abc')),
    'Example 3: a second rule for Agency ABC on "Project manager" is rejected');
SELECT lives_ok(format('SELECT ats_acl.unshare_job(%s)', pg_temp.e_rule('abc_pm')),
    'Example 3: the admin drops Agency ABC''s rule on "Project manager"...');
SELECT lives_ok(format($$INSERT INTO e_rule VALUES ('abc_pm2', ats_acl.share_job(731, ARRAY[%s]::bigint[],
                             by_tags => ARRAY[931]::bigint[], by_sources => ARRAY[830]::bigint[]))$$, pg_temp.uid('e_abc')),
    '... and shares it again combining the source and the tag "Share with ABC" in one rule');
SELECT lives_ok('INSERT INTO ats.application_tags (application_id, tag_id) VALUES (7242, 931)',
    'Example 3: "Share with ABC" is saved for Jan''s second response only');
RESET ROLE;
SET ROLE e_abc;
SELECT results_eq($$SELECT a.id, c.full_name, j.title FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
                     JOIN ats.jobs j ON j.id = a.job_id ORDER BY a.id$$,
    $$VALUES (7241::bigint, 'Jan Novák'::text, 'Marketing specialist'::text), (7242, 'Jan Novák', 'Project manager')$$,
    'Example 3: Agency ABC sees its original response (source) and the second one (tag)');
SELECT is(pg_temp.e_ids('SELECT application_id FROM ats.candidate_applications'), '{7241,7242}'::bigint[],
    'Example 3: candidate_applications shows both responses');
SELECT is(pg_temp.e_ids('SELECT id FROM ats.candidates'), '{7041}'::bigint[], 'Example 3: still only Jan Novák (not Petra)');
RESET ROLE;

/* ---- 10. per-row tag probes and the statement's own candidates, at scale ----
 * 200 more applications on job 710; the even ones carry tag 921, every fourth candidate is
 * e_own's. */
INSERT INTO ats_data.candidates (id, full_name, created_by)
SELECT 7500 + g, 'Bulk ' || g, CASE WHEN g % 4 = 0 THEN pg_temp.uid('e_own') END FROM generate_series(1, 200) AS g;
INSERT INTO ats_data.applications (id, candidate_id, job_id) SELECT 7500 + g, 7500 + g, 710 FROM generate_series(1, 200) AS g;
INSERT INTO ats_data.application_tags (application_id, tag_id)
SELECT 7500 + g, 921 FROM generate_series(1, 200) AS g WHERE g % 2 = 0;
SET ROLE e_tag;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications WHERE id IN (7501, 7502, 7503, 7504)'), '{7502,7504}'::bigint[],
    'by tag, a point lookup: the tagged applications among four');
SELECT is((SELECT count(*) FROM ats.applications), 101::bigint, 'by tag, a count: 7202 and the 100 tagged');
SELECT is((SELECT count(*) FROM ats.applications a JOIN ats.applications b ON b.id = a.id + 1 WHERE a.id BETWEEN 7501 AND 7700),
    0::bigint, 'by tag: no two consecutive applications (only the even ones are shared)');
RESET ROLE;
SET ROLE e_own;
SELECT is(pg_temp.e_ids('SELECT id FROM ats.applications WHERE id IN (7503, 7504)'), '{7504}'::bigint[],
    'own candidates, a point lookup: the application of its candidate');
SELECT is((SELECT count(*) FROM ats.applications), 52::bigint, 'own candidates, a count: 7204, 7206 and the 50 of its candidates');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
