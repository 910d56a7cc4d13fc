-- 60_records.sql: records about candidates (SPEC 4.5, 4.6; issue 3), as seen and written by
-- an admin, a recruiter, a sourcer, a hiring manager, a coordinator, a job admin, a recruiter of
-- another job, a group-only viewer, two custom levels, an external user and an unregistered role.
--   1. which candidates each role sees (through job A, through job B, through the group)
--   2. candidate data vs job data: notes, messages, todos, documents, each role's exact set;
--      data capabilities (view_all_notes, view_interview_notes, view_attachments); authors
--   3. writes on notes, messages, todos, documents: candidate and job data, attribution and
--      created_at forced, 22023 without an application, 42501 without view_applications or the
--      write capability, author/admin-only update and delete, immutable keys, unseen rows
--   4. note_mentions: author mentions internal users only; the mentioned user sees the row
--   5. job-only data: each role's exact set of interviews, references, referrals, ratings,
--      questions, answers, scorecards, offers, application_tags; hiring hides scorecards
--   6. job-only writes: interviews, references, referrals, answers, scorecards (on behalf),
--      offers, ratings, application_tags
--   7. denied statements leave nothing behind: multi-row inserts, exact final contents (DBA)
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(239);

\ir helpers/common.psql
/* Every job-only record a role sees, as 'table:id'. */
CREATE FUNCTION pg_temp.q_job_only() RETURNS text[] LANGUAGE sql AS $$
    SELECT pg_temp.sees($q$
        SELECT 'interviews:' || id FROM ats.interviews
        UNION ALL SELECT 'references:' || id FROM ats."references"
        UNION ALL SELECT 'referrals:' || id FROM ats.referrals
        UNION ALL SELECT 'ratings:' || id FROM ats.ratings
        UNION ALL SELECT 'questions:' || id FROM ats.questions
        UNION ALL SELECT 'answers:' || id FROM ats.answers
        UNION ALL SELECT 'scorecards:' || id FROM ats.scorecards
        UNION ALL SELECT 'offers:' || id FROM ats.offers
        UNION ALL SELECT 'application_tags:' || application_id || '/' || tag_id FROM ats.application_tags
    $q$) $$;

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them:
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* Users.  Job A = 201, job B = 202, job C = 203 (candidate 301 never applied to it). */
CREATE ROLE q_admin; CREATE ROLE q_rec; CREATE ROLE q_src; CREATE ROLE q_hm; CREATE ROLE q_coord;
CREATE ROLE q_jadm; CREATE ROLE q_recb; CREATE ROLE q_grp; CREATE ROLE q_cust; CREATE ROLE q_cust2;
CREATE ROLE q_ext; CREATE ROLE q_unreg;
INSERT INTO test_uid VALUES
    ('q_admin', ats_acl.add_user('q_admin', 'Admin', access_level => 'admin')),
    ('q_rec',   ats_acl.add_user('q_rec',   'Recruiter of A and C')),
    ('q_src',   ats_acl.add_user('q_src',   'Sourcer of A')),
    ('q_hm',    ats_acl.add_user('q_hm',    'Hiring manager of A')),
    ('q_coord', ats_acl.add_user('q_coord', 'Coordinator of A')),
    ('q_jadm',  ats_acl.add_user('q_jadm',  'Job admin of A')),
    ('q_recb',  ats_acl.add_user('q_recb',  'Recruiter of B')),
    ('q_grp',   ats_acl.add_user('q_grp',   'Group member, no job')),
    ('q_cust',  ats_acl.add_user('q_cust',  'Custom level without view_all_notes on A')),
    ('q_cust2', ats_acl.add_user('q_cust2', 'Read-only custom level on A')),
    ('q_ext',   ats_acl.add_user('q_ext',   'Agency', kind => 'external', external_role => 'agency'));
GRANT ats_user TO q_unreg;   -- a client role that was never registered

/* Data, as the DBA.
 *   candidate 301: applications 401 (job A) and 402 (job B); in group 1 (member: q_grp)
 *   candidate 302: application 403 (job A), hired */
INSERT INTO ats.jobs (id, title, status) VALUES (201, 'q job A', 'open'), (202, 'q job B', 'open'), (203, 'q job C', 'open');
INSERT INTO ats.candidates (id, full_name) VALUES (301, 'q cand one'), (302, 'q cand two');
INSERT INTO ats.applications (id, candidate_id, job_id, status) VALUES
    (401, 301, 201, 'active'), (402, 301, 202, 'active'), (403, 302, 201, 'hired');
INSERT INTO ats.groups (id, name) VALUES (1, 'q group');
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (301, 1);
SELECT ats_acl.add_to_group(1, pg_temp.uid('q_grp'));
INSERT INTO ats.tag_categories (id, name) VALUES (1, 'q category');
INSERT INTO ats.tags (id, category_id, name) VALUES (1, 1, 'q tag one'), (2, 1, 'q tag two');

SELECT ats_acl.grant_job(201, pg_temp.uid('q_rec'),   'recruiter');
SELECT ats_acl.grant_job(203, pg_temp.uid('q_rec'),   'recruiter');
SELECT ats_acl.grant_job(201, pg_temp.uid('q_src'),   'sourcer');
SELECT ats_acl.grant_job(201, pg_temp.uid('q_hm'),    'hiring_manager');
SELECT ats_acl.grant_job(201, pg_temp.uid('q_coord'), 'coordinator');
SELECT ats_acl.grant_job(201, pg_temp.uid('q_jadm'),  'job_admin');
SELECT ats_acl.grant_job(202, pg_temp.uid('q_recb'),  'recruiter');
SELECT ats_acl.set_level_capabilities('q_own_notes', ARRAY['view_applications', 'add_notes', 'add_edit_applications']);
SELECT ats_acl.set_level_capabilities('q_read_only', ARRAY['view_applications', 'view_all_notes', 'view_attachments', 'view_tags']);
SELECT ats_acl.grant_job(201, pg_temp.uid('q_cust'),  'q_own_notes');
SELECT ats_acl.grant_job(201, pg_temp.uid('q_cust2'), 'q_read_only');

/* Context-scoped records, by the admin unless noted (job NULL = candidate data):
 *   notes     501 301/-  502 301/A  503 301/B  504 301/- interview  505 301/A interview
 *             506 301/A by q_cust  507 301/A by q_grp  508 302/-
 *   messages  601 301/-  602 301/A  603 301/B  604 301/A by q_grp  605 302/-
 *   todos     701 ...    (as messages)
 *   documents 801 ...    (as messages; created_by) */
INSERT INTO ats.notes (id, candidate_id, job_id, kind, author_id, body) VALUES
    (501, 301, NULL, 'comment',   pg_temp.uid('q_admin'), 'q note cand'),
    (502, 301, 201,  'comment',   pg_temp.uid('q_admin'), 'q note A'),
    (503, 301, 202,  'comment',   pg_temp.uid('q_admin'), 'q note B'),
    (504, 301, NULL, 'interview', pg_temp.uid('q_admin'), 'q interview note cand'),
    (505, 301, 201,  'interview', pg_temp.uid('q_admin'), 'q interview note A'),
    (506, 301, 201,  'comment',   pg_temp.uid('q_cust'),  'q note A by cust'),
    (507, 301, 201,  'comment',   pg_temp.uid('q_grp'),   'q note A by grp'),
    (508, 302, NULL, 'comment',   pg_temp.uid('q_admin'), 'q note cand two');
INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body) VALUES
    (601, 301, NULL, pg_temp.uid('q_admin'), 'q message cand'),
    (602, 301, 201,  pg_temp.uid('q_admin'), 'q message A'),
    (603, 301, 202,  pg_temp.uid('q_admin'), 'q message B'),
    (604, 301, 201,  pg_temp.uid('q_grp'),   'q message A by grp'),
    (605, 302, NULL, pg_temp.uid('q_admin'), 'q message cand two');
INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body) VALUES
    (701, 301, NULL, pg_temp.uid('q_admin'), 'q todo cand'),
    (702, 301, 201,  pg_temp.uid('q_admin'), 'q todo A'),
    (703, 301, 202,  pg_temp.uid('q_admin'), 'q todo B'),
    (704, 301, 201,  pg_temp.uid('q_grp'),   'q todo A by grp'),
    (705, 302, NULL, pg_temp.uid('q_admin'), 'q todo cand two');
INSERT INTO ats.documents (id, candidate_id, job_id, created_by, kind, file_name) VALUES
    (801, 301, NULL, pg_temp.uid('q_admin'), 'cv',         'q cv cand.pdf'),
    (802, 301, 201,  pg_temp.uid('q_admin'), 'attachment', 'q doc A.pdf'),
    (803, 301, 202,  pg_temp.uid('q_admin'), 'attachment', 'q doc B.pdf'),
    (804, 301, 201,  pg_temp.uid('q_grp'),   'attachment', 'q doc A by grp.pdf'),
    (805, 302, NULL, pg_temp.uid('q_admin'), 'cv',         'q cv cand two.pdf');

/* Job-only records (application 401 = job A, 402 = job B, 403 = job A hired). */
INSERT INTO ats.interviews (id, application_id, scheduled_at) VALUES (901, 401, now()), (902, 402, now());
INSERT INTO ats."references" (id, application_id, referee_name) VALUES (911, 401, 'q referee A'), (912, 402, 'q referee B');
INSERT INTO ats.referrals (id, application_id, notes) VALUES (921, 401, 'q referral A'), (922, 402, 'q referral B');
INSERT INTO ats.ratings (id, application_id, user_id, stars, thumbs) VALUES
    (931, 401, pg_temp.uid('q_admin'), 4, NULL), (932, 402, pg_temp.uid('q_admin'), NULL, 'up');
INSERT INTO ats.questions (id, job_id, text, private) VALUES
    (941, 201, 'q public question A', false), (942, 201, 'q private question A', true),
    (943, 202, 'q public question B', false);
INSERT INTO ats.answers (id, application_id, question_id, value) VALUES
    (951, 401, 941, 'q answer public A'), (952, 401, 942, 'q answer private A'), (953, 402, 943, 'q answer B');
INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes) VALUES
    (961, 401, pg_temp.uid('q_admin'), 4, 'q scorecard A'),
    (962, 403, pg_temp.uid('q_admin'), 5, 'q scorecard A hired'),
    (963, 402, pg_temp.uid('q_admin'), 3, 'q scorecard B'),
    (964, 403, pg_temp.uid('q_rec'),   4, 'q scorecard A hired by rec'),
    (965, 401, pg_temp.uid('q_src'),   2, 'q scorecard A by src');
INSERT INTO ats.offers (id, application_id, salary) VALUES (971, 401, 1000), (972, 402, 2000);
INSERT INTO ats.application_tags (application_id, tag_id) VALUES (401, 1), (402, 1);

/* ---- 1. candidates the records hang off ---- */
SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('301', '302'), 'admin sees both candidates');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('301', '302'), 'recruiter of A sees the candidates applied to A');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('301'), 'recruiter of B sees only the candidate applied to B');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('301'), 'group member without any job sees the group''s candidate only');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), '{}'::text[], 'unregistered role sees no candidate');
RESET ROLE;

/* ---- 2. candidate data vs job data: exact sets per role ---- */
SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '502', '503', '504', '505', '506', '507', '508'), 'notes: admin: every note');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '502', '504', '505', '506', '507', '508'), 'notes: recruiter of A: candidate data of both candidates and job A notes, interview notes included; not job B''s');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '502', '504', '505', '506', '507', '508'), 'notes: sourcer of A: as the recruiter (view_all_notes, view_interview_notes)');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '502', '504', '505', '506', '507', '508'), 'notes: hiring manager of A: as the recruiter');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '503', '504'), 'notes: recruiter of B: candidate data of 301 and job B notes only (not job A''s, not candidate 302''s)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '504', '507'), 'notes: group-only viewer: candidate data of its group''s candidate, no job data except the note it wrote');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('506'), 'notes: custom level without view_all_notes: only its own note');
RESET ROLE;
SET ROLE q_cust2;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('501', '502', '506', '507', '508'), 'notes: custom level with view_all_notes but without view_interview_notes: no interview notes');
RESET ROLE;
SET ROLE q_ext;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), '{}'::text[], 'notes: external user: no note');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), '{}'::text[], 'notes: unregistered role: no note');
RESET ROLE;

SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '602', '603', '604', '605'), 'messages: admin: every message');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '602', '604', '605'), 'messages: recruiter of A: candidate data and job A messages; not job B''s');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '602', '604', '605'), 'messages: sourcer of A: candidate data and job A messages');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '602', '604', '605'), 'messages: hiring manager of A: candidate data and job A messages');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '603'), 'messages: recruiter of B (sees 301 through job B): its candidate data and job B messages only');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '604'), 'messages: group-only viewer: candidate data, plus the job A message it wrote itself');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('601', '602', '604', '605'), 'messages: custom level without view_all_notes still sees messages (no data capability needed)');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), '{}'::text[], 'messages: unregistered role: no message');
RESET ROLE;

SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '702', '703', '704', '705'), 'todos: admin: every todo');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '702', '704', '705'), 'todos: recruiter of A: candidate data and job A todos; not job B''s');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '702', '704', '705'), 'todos: sourcer of A: candidate data and job A todos');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '702', '704', '705'), 'todos: hiring manager of A: candidate data and job A todos');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '703'), 'todos: recruiter of B (sees 301 through job B): its candidate data and job B todos only');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '704'), 'todos: group-only viewer: candidate data, plus the job A todo it wrote itself');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('701', '702', '704', '705'), 'todos: custom level without view_all_notes still sees todos (no data capability needed)');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), '{}'::text[], 'todos: unregistered role: no todo');
RESET ROLE;

SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '802', '803', '804', '805'), 'documents: admin: every document');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '802', '804', '805'), 'documents: recruiter of A: candidate data and job A documents; not job B''s');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '802', '804', '805'), 'documents: sourcer of A: candidate data and job A documents');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '802', '804', '805'), 'documents: hiring manager of A: candidate data and job A documents');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '803'), 'documents: recruiter of B (sees 301 through job B): its candidate data and job B documents only');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '804'), 'documents: group-only viewer: candidate data, plus the job A document it wrote itself');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), '{}'::text[], 'documents: custom level without view_attachments: no document, not even candidate data');
RESET ROLE;
SET ROLE q_cust2;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('801', '802', '804', '805'), 'documents: custom level with view_attachments: candidate data and job A documents');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), '{}'::text[], 'documents: unregistered role: no document');
RESET ROLE;

/* ---- 3. writes on notes, messages, todos, documents ----
 * Per relation, ids base+11 (q_rec, candidate data), base+12 and base+14 (q_rec, job A),
 * base+13 (q_grp, candidate data).  Denied writes carry 'DENIED' in their text (section 7). */
-- notes
SET ROLE q_rec;
SELECT lives_ok('INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body, created_at) VALUES (511, 301, NULL, pg_temp.uid(''q_admin''), ''q notes cand by rec'', ''2000-01-01'')',
    'notes: recruiter adds candidate data, naming another author and a created_at');
SELECT lives_ok('INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body, created_at) VALUES (512, 301, 201, pg_temp.uid(''q_admin''), ''q notes A by rec'', ''2000-01-01'')',
    'notes: recruiter adds job data of job A');
SELECT lives_ok('INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body, created_at) VALUES (514, 301, 201, pg_temp.uid(''q_admin''), ''q notes A by rec 2'', ''2000-01-01'')',
    'notes: recruiter adds a second job A record');
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, 203, pg_temp.uid(''q_admin''), ''DENIED no application'', ''2000-01-01'')', '22023',
    'candidate has no application on job 203',
    'notes: job data for a job the candidate never applied to (the writer holds every capability there)');
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, 202, pg_temp.uid(''q_admin''), ''DENIED job B'', ''2000-01-01'')', '42501',
    'permission denied to add notes: capability "view_applications" on job 202 is required',
    'notes: no job data for a job without view_applications');
RESET ROLE;
SET ROLE q_grp;
SELECT lives_ok('INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body, created_at) VALUES (513, 301, NULL, pg_temp.uid(''q_admin''), ''q notes cand by grp'', ''2000-01-01'')',
    'notes: group-only viewer adds candidate data (group members hold every capability on it)');
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED grp job A'', ''2000-01-01'')', '42501',
    'permission denied to add notes: capability "view_applications" on job 201 is required',
    'notes: group-only viewer cannot add job data');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (302, NULL, pg_temp.uid(''q_admin''), ''DENIED unseen candidate'', ''2000-01-01'')', '42501',
    'permission denied to add notes: capability "add_notes" on candidate 302 is required',
    'notes: nothing about a candidate the user does not see');
RESET ROLE;
SET ROLE q_cust2;
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED lacks cap A'', ''2000-01-01'')', '42501',
    'permission denied to add notes: capability "add_notes" on job 201 is required',
    'notes: job data needs add_notes (q_cust2 lacks it)');
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, pg_temp.uid(''q_admin''), ''DENIED lacks cap cand'', ''2000-01-01'')', '42501',
    'permission denied to add notes: capability "add_notes" on candidate 301 is required',
    'notes: candidate data needs add_notes too (q_cust2 lacks it)');
RESET ROLE;
SET ROLE q_unreg;
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, NULL, ''DENIED unreg'', ''2000-01-01'')', '42501',
    'permission denied to add notes',
    'notes: unregistered role writes nothing');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(author_id), created_at = now() FROM ats_data.notes
    WHERE id BETWEEN 511 AND 514 ORDER BY id$$,
    $$VALUES (511::bigint, 'q_rec'::text, true), (512::bigint, 'q_rec'::text, true), (513::bigint, 'q_grp'::text, true), (514::bigint, 'q_rec'::text, true)$$,
    'notes: author_id and created_at forced to the writer and now, whatever the statement said');
SET ROLE q_hm;
SELECT throws_ok($$UPDATE ats.notes SET body = 'DENIED hm' WHERE id = 511$$, '42501',
    'permission denied to change notes 511',
    'notes: a user who sees the record but did not write it cannot change it');
SELECT throws_ok($$DELETE FROM ats.notes WHERE id = 511$$, '42501',
    'permission denied to delete notes 511',
    'notes: nor delete it');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$UPDATE ats.notes SET body = 'q notes cand by rec, edited' WHERE id = 511$$), 1::bigint,
    'notes: the author changes its record');
SELECT throws_ok($$UPDATE ats.notes SET candidate_id = 302 WHERE id = 511$$, '42501',
    'permission denied to change "candidate_id" of notes 511: the column cannot be changed',
    'notes: candidate_id never changes, even for the author');
SELECT throws_ok($$UPDATE ats.notes SET job_id = 201 WHERE id = 511$$, '42501',
    'permission denied to change "job_id" of notes 511: the column cannot be changed',
    'notes: candidate data cannot be turned into job data');
SELECT throws_ok($$UPDATE ats.notes SET job_id = NULL WHERE id = 512$$, '42501',
    'permission denied to change "job_id" of notes 512: the column cannot be changed',
    'notes: job data cannot be turned into candidate data');
SELECT throws_ok($$UPDATE ats.notes SET author_id = pg_temp.uid('q_hm') WHERE id = 511$$, '42501',
    'permission denied to change "author_id" of notes 511: the column cannot be changed',
    'notes: author_id never changes');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.affected($$UPDATE ats.notes SET body = 'DENIED recb' WHERE id IN (502, 512)$$), 0::bigint,
    'notes: job A records are not there for the recruiter of B (update: 0 rows)');
SELECT is(pg_temp.affected($$DELETE FROM ats.notes WHERE id IN (502, 512)$$), 0::bigint,
    'notes: job A records are not there for the recruiter of B (delete: 0 rows)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.affected($$DELETE FROM ats.notes WHERE id IN (502, 512, 513)$$), 1::bigint,
    'notes: the group-only viewer deletes its own candidate data; the job A records are not there for it');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.affected($$UPDATE ats.notes SET body = 'q notes A by rec, edited by admin' WHERE id = 512$$), 1::bigint,
    'notes: an admin changes another user''s record');
SELECT is(pg_temp.affected($$DELETE FROM ats.notes WHERE id = 514$$), 1::bigint,
    'notes: an admin deletes another user''s record');
RESET ROLE;

-- messages
SET ROLE q_rec;
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body, created_at) VALUES (611, 301, NULL, pg_temp.uid(''q_admin''), ''q messages cand by rec'', ''2000-01-01'')',
    'messages: recruiter adds candidate data, naming another author and a created_at');
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body, created_at) VALUES (612, 301, 201, pg_temp.uid(''q_admin''), ''q messages A by rec'', ''2000-01-01'')',
    'messages: recruiter adds job data of job A');
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body, created_at) VALUES (614, 301, 201, pg_temp.uid(''q_admin''), ''q messages A by rec 2'', ''2000-01-01'')',
    'messages: recruiter adds a second job A record');
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, 203, pg_temp.uid(''q_admin''), ''DENIED no application'', ''2000-01-01'')', '22023',
    'candidate has no application on job 203',
    'messages: job data for a job the candidate never applied to (the writer holds every capability there)');
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, 202, pg_temp.uid(''q_admin''), ''DENIED job B'', ''2000-01-01'')', '42501',
    'permission denied to add messages: capability "view_applications" on job 202 is required',
    'messages: no job data for a job without view_applications');
RESET ROLE;
SET ROLE q_grp;
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body, created_at) VALUES (613, 301, NULL, pg_temp.uid(''q_admin''), ''q messages cand by grp'', ''2000-01-01'')',
    'messages: group-only viewer adds candidate data (group members hold every capability on it)');
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED grp job A'', ''2000-01-01'')', '42501',
    'permission denied to add messages: capability "view_applications" on job 201 is required',
    'messages: group-only viewer cannot add job data');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (302, NULL, pg_temp.uid(''q_admin''), ''DENIED unseen candidate'', ''2000-01-01'')', '42501',
    'permission denied to add messages: capability "contact_candidates" on candidate 302 is required',
    'messages: nothing about a candidate the user does not see');
RESET ROLE;
SET ROLE q_src;
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED lacks cap A'', ''2000-01-01'')', '42501',
    'permission denied to add messages: capability "contact_candidates" on job 201 is required',
    'messages: job data needs contact_candidates (q_src lacks it)');
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, pg_temp.uid(''q_admin''), ''DENIED lacks cap cand'', ''2000-01-01'')', '42501',
    'permission denied to add messages: capability "contact_candidates" on candidate 301 is required',
    'messages: candidate data needs contact_candidates too (q_src lacks it)');
RESET ROLE;
SET ROLE q_unreg;
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, NULL, ''DENIED unreg'', ''2000-01-01'')', '42501',
    'permission denied to add messages',
    'messages: unregistered role writes nothing');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(author_id), created_at = now() FROM ats_data.messages
    WHERE id BETWEEN 611 AND 614 ORDER BY id$$,
    $$VALUES (611::bigint, 'q_rec'::text, true), (612::bigint, 'q_rec'::text, true), (613::bigint, 'q_grp'::text, true), (614::bigint, 'q_rec'::text, true)$$,
    'messages: author_id and created_at forced to the writer and now, whatever the statement said');
SET ROLE q_hm;
SELECT throws_ok($$UPDATE ats.messages SET body = 'DENIED hm' WHERE id = 611$$, '42501',
    'permission denied to change messages 611',
    'messages: a user who sees the record but did not write it cannot change it');
SELECT throws_ok($$DELETE FROM ats.messages WHERE id = 611$$, '42501',
    'permission denied to delete messages 611',
    'messages: nor delete it');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$UPDATE ats.messages SET body = 'q messages cand by rec, edited' WHERE id = 611$$), 1::bigint,
    'messages: the author changes its record');
SELECT throws_ok($$UPDATE ats.messages SET candidate_id = 302 WHERE id = 611$$, '42501',
    'permission denied to change "candidate_id" of messages 611: the column cannot be changed',
    'messages: candidate_id never changes, even for the author');
SELECT throws_ok($$UPDATE ats.messages SET job_id = 201 WHERE id = 611$$, '42501',
    'permission denied to change "job_id" of messages 611: the column cannot be changed',
    'messages: candidate data cannot be turned into job data');
SELECT throws_ok($$UPDATE ats.messages SET job_id = NULL WHERE id = 612$$, '42501',
    'permission denied to change "job_id" of messages 612: the column cannot be changed',
    'messages: job data cannot be turned into candidate data');
SELECT throws_ok($$UPDATE ats.messages SET author_id = pg_temp.uid('q_hm') WHERE id = 611$$, '42501',
    'permission denied to change "author_id" of messages 611: the column cannot be changed',
    'messages: author_id never changes');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.affected($$UPDATE ats.messages SET body = 'DENIED recb' WHERE id IN (602, 612)$$), 0::bigint,
    'messages: job A records are not there for the recruiter of B (update: 0 rows)');
SELECT is(pg_temp.affected($$DELETE FROM ats.messages WHERE id IN (602, 612)$$), 0::bigint,
    'messages: job A records are not there for the recruiter of B (delete: 0 rows)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.affected($$DELETE FROM ats.messages WHERE id IN (602, 612, 613)$$), 1::bigint,
    'messages: the group-only viewer deletes its own candidate data; the job A records are not there for it');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.affected($$UPDATE ats.messages SET body = 'q messages A by rec, edited by admin' WHERE id = 612$$), 1::bigint,
    'messages: an admin changes another user''s record');
SELECT is(pg_temp.affected($$DELETE FROM ats.messages WHERE id = 614$$), 1::bigint,
    'messages: an admin deletes another user''s record');
RESET ROLE;

-- todos
SET ROLE q_rec;
SELECT lives_ok('INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body, created_at) VALUES (711, 301, NULL, pg_temp.uid(''q_admin''), ''q todos cand by rec'', ''2000-01-01'')',
    'todos: recruiter adds candidate data, naming another author and a created_at');
SELECT lives_ok('INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body, created_at) VALUES (712, 301, 201, pg_temp.uid(''q_admin''), ''q todos A by rec'', ''2000-01-01'')',
    'todos: recruiter adds job data of job A');
SELECT lives_ok('INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body, created_at) VALUES (714, 301, 201, pg_temp.uid(''q_admin''), ''q todos A by rec 2'', ''2000-01-01'')',
    'todos: recruiter adds a second job A record');
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, 203, pg_temp.uid(''q_admin''), ''DENIED no application'', ''2000-01-01'')', '22023',
    'candidate has no application on job 203',
    'todos: job data for a job the candidate never applied to (the writer holds every capability there)');
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, 202, pg_temp.uid(''q_admin''), ''DENIED job B'', ''2000-01-01'')', '42501',
    'permission denied to add todos: capability "view_applications" on job 202 is required',
    'todos: no job data for a job without view_applications');
RESET ROLE;
SET ROLE q_grp;
SELECT lives_ok('INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body, created_at) VALUES (713, 301, NULL, pg_temp.uid(''q_admin''), ''q todos cand by grp'', ''2000-01-01'')',
    'todos: group-only viewer adds candidate data (group members hold every capability on it)');
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED grp job A'', ''2000-01-01'')', '42501',
    'permission denied to add todos: capability "view_applications" on job 201 is required',
    'todos: group-only viewer cannot add job data');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (302, NULL, pg_temp.uid(''q_admin''), ''DENIED unseen candidate'', ''2000-01-01'')', '42501',
    'permission denied to add todos: capability "add_notes" on candidate 302 is required',
    'todos: nothing about a candidate the user does not see');
RESET ROLE;
SET ROLE q_cust2;
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED lacks cap A'', ''2000-01-01'')', '42501',
    'permission denied to add todos: capability "add_notes" on job 201 is required',
    'todos: job data needs add_notes (q_cust2 lacks it)');
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, pg_temp.uid(''q_admin''), ''DENIED lacks cap cand'', ''2000-01-01'')', '42501',
    'permission denied to add todos: capability "add_notes" on candidate 301 is required',
    'todos: candidate data needs add_notes too (q_cust2 lacks it)');
RESET ROLE;
SET ROLE q_unreg;
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, author_id, body, created_at) VALUES (301, NULL, NULL, ''DENIED unreg'', ''2000-01-01'')', '42501',
    'permission denied to add todos',
    'todos: unregistered role writes nothing');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(author_id), created_at = now() FROM ats_data.todos
    WHERE id BETWEEN 711 AND 714 ORDER BY id$$,
    $$VALUES (711::bigint, 'q_rec'::text, true), (712::bigint, 'q_rec'::text, true), (713::bigint, 'q_grp'::text, true), (714::bigint, 'q_rec'::text, true)$$,
    'todos: author_id and created_at forced to the writer and now, whatever the statement said');
SET ROLE q_hm;
SELECT throws_ok($$UPDATE ats.todos SET body = 'DENIED hm' WHERE id = 711$$, '42501',
    'permission denied to change todos 711',
    'todos: a user who sees the record but did not write it cannot change it');
SELECT throws_ok($$DELETE FROM ats.todos WHERE id = 711$$, '42501',
    'permission denied to delete todos 711',
    'todos: nor delete it');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$UPDATE ats.todos SET body = 'q todos cand by rec, edited' WHERE id = 711$$), 1::bigint,
    'todos: the author changes its record');
SELECT throws_ok($$UPDATE ats.todos SET candidate_id = 302 WHERE id = 711$$, '42501',
    'permission denied to change "candidate_id" of todos 711: the column cannot be changed',
    'todos: candidate_id never changes, even for the author');
SELECT throws_ok($$UPDATE ats.todos SET job_id = 201 WHERE id = 711$$, '42501',
    'permission denied to change "job_id" of todos 711: the column cannot be changed',
    'todos: candidate data cannot be turned into job data');
SELECT throws_ok($$UPDATE ats.todos SET job_id = NULL WHERE id = 712$$, '42501',
    'permission denied to change "job_id" of todos 712: the column cannot be changed',
    'todos: job data cannot be turned into candidate data');
SELECT throws_ok($$UPDATE ats.todos SET author_id = pg_temp.uid('q_hm') WHERE id = 711$$, '42501',
    'permission denied to change "author_id" of todos 711: the column cannot be changed',
    'todos: author_id never changes');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.affected($$UPDATE ats.todos SET body = 'DENIED recb' WHERE id IN (702, 712)$$), 0::bigint,
    'todos: job A records are not there for the recruiter of B (update: 0 rows)');
SELECT is(pg_temp.affected($$DELETE FROM ats.todos WHERE id IN (702, 712)$$), 0::bigint,
    'todos: job A records are not there for the recruiter of B (delete: 0 rows)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.affected($$DELETE FROM ats.todos WHERE id IN (702, 712, 713)$$), 1::bigint,
    'todos: the group-only viewer deletes its own candidate data; the job A records are not there for it');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.affected($$UPDATE ats.todos SET body = 'q todos A by rec, edited by admin' WHERE id = 712$$), 1::bigint,
    'todos: an admin changes another user''s record');
SELECT is(pg_temp.affected($$DELETE FROM ats.todos WHERE id = 714$$), 1::bigint,
    'todos: an admin deletes another user''s record');
RESET ROLE;

-- documents
SET ROLE q_rec;
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, created_by, file_name, created_at) VALUES (811, 301, NULL, pg_temp.uid(''q_admin''), ''q documents cand by rec'', ''2000-01-01'')',
    'documents: recruiter adds candidate data, naming another author and a created_at');
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, created_by, file_name, created_at) VALUES (812, 301, 201, pg_temp.uid(''q_admin''), ''q documents A by rec'', ''2000-01-01'')',
    'documents: recruiter adds job data of job A');
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, created_by, file_name, created_at) VALUES (814, 301, 201, pg_temp.uid(''q_admin''), ''q documents A by rec 2'', ''2000-01-01'')',
    'documents: recruiter adds a second job A record');
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, 203, pg_temp.uid(''q_admin''), ''DENIED no application'', ''2000-01-01'')', '22023',
    'candidate has no application on job 203',
    'documents: job data for a job the candidate never applied to (the writer holds every capability there)');
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, 202, pg_temp.uid(''q_admin''), ''DENIED job B'', ''2000-01-01'')', '42501',
    'permission denied to add documents: capability "view_applications" on job 202 is required',
    'documents: no job data for a job without view_applications');
RESET ROLE;
SET ROLE q_grp;
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, created_by, file_name, created_at) VALUES (813, 301, NULL, pg_temp.uid(''q_admin''), ''q documents cand by grp'', ''2000-01-01'')',
    'documents: group-only viewer adds candidate data (group members hold every capability on it)');
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED grp job A'', ''2000-01-01'')', '42501',
    'permission denied to add documents: capability "view_applications" on job 201 is required',
    'documents: group-only viewer cannot add job data');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (302, NULL, pg_temp.uid(''q_admin''), ''DENIED unseen candidate'', ''2000-01-01'')', '42501',
    'permission denied to add documents: capability "add_edit_applications" on candidate 302 is required',
    'documents: nothing about a candidate the user does not see');
RESET ROLE;
SET ROLE q_cust2;
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, 201, pg_temp.uid(''q_admin''), ''DENIED lacks cap A'', ''2000-01-01'')', '42501',
    'permission denied to add documents: capability "add_edit_applications" on job 201 is required',
    'documents: job data needs add_edit_applications (q_cust2 lacks it)');
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, NULL, pg_temp.uid(''q_admin''), ''DENIED lacks cap cand'', ''2000-01-01'')', '42501',
    'permission denied to add documents: capability "add_edit_applications" on candidate 301 is required',
    'documents: candidate data needs add_edit_applications too (q_cust2 lacks it)');
RESET ROLE;
SET ROLE q_unreg;
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, created_by, file_name, created_at) VALUES (301, NULL, NULL, ''DENIED unreg'', ''2000-01-01'')', '42501',
    'permission denied to add documents',
    'documents: unregistered role writes nothing');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(created_by), created_at = now() FROM ats_data.documents
    WHERE id BETWEEN 811 AND 814 ORDER BY id$$,
    $$VALUES (811::bigint, 'q_rec'::text, true), (812::bigint, 'q_rec'::text, true), (813::bigint, 'q_grp'::text, true), (814::bigint, 'q_rec'::text, true)$$,
    'documents: created_by and created_at forced to the writer and now, whatever the statement said');
SET ROLE q_hm;
SELECT throws_ok($$UPDATE ats.documents SET file_name = 'DENIED hm' WHERE id = 811$$, '42501',
    'permission denied to change documents 811',
    'documents: a user who sees the record but did not write it cannot change it');
SELECT throws_ok($$DELETE FROM ats.documents WHERE id = 811$$, '42501',
    'permission denied to delete documents 811',
    'documents: nor delete it');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$UPDATE ats.documents SET file_name = 'q documents cand by rec, edited' WHERE id = 811$$), 1::bigint,
    'documents: the author changes its record');
SELECT throws_ok($$UPDATE ats.documents SET candidate_id = 302 WHERE id = 811$$, '42501',
    'permission denied to change "candidate_id" of documents 811: the column cannot be changed',
    'documents: candidate_id never changes, even for the author');
SELECT throws_ok($$UPDATE ats.documents SET job_id = 201 WHERE id = 811$$, '42501',
    'permission denied to change "job_id" of documents 811: the column cannot be changed',
    'documents: candidate data cannot be turned into job data');
SELECT throws_ok($$UPDATE ats.documents SET job_id = NULL WHERE id = 812$$, '42501',
    'permission denied to change "job_id" of documents 812: the column cannot be changed',
    'documents: job data cannot be turned into candidate data');
SELECT throws_ok($$UPDATE ats.documents SET created_by = pg_temp.uid('q_hm') WHERE id = 811$$, '42501',
    'permission denied to change "created_by" of documents 811: the column cannot be changed',
    'documents: created_by never changes');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.affected($$UPDATE ats.documents SET file_name = 'DENIED recb' WHERE id IN (802, 812)$$), 0::bigint,
    'documents: job A records are not there for the recruiter of B (update: 0 rows)');
SELECT is(pg_temp.affected($$DELETE FROM ats.documents WHERE id IN (802, 812)$$), 0::bigint,
    'documents: job A records are not there for the recruiter of B (delete: 0 rows)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.affected($$DELETE FROM ats.documents WHERE id IN (802, 812, 813)$$), 1::bigint,
    'documents: the group-only viewer deletes its own candidate data; the job A records are not there for it');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.affected($$UPDATE ats.documents SET file_name = 'q documents A by rec, edited by admin' WHERE id = 812$$), 1::bigint,
    'documents: an admin changes another user''s record');
SELECT is(pg_temp.affected($$DELETE FROM ats.documents WHERE id = 814$$), 1::bigint,
    'documents: an admin deletes another user''s record');
RESET ROLE;

-- the own-notes-only level sees the note it writes, still no one else's
SET ROLE q_cust;
SELECT lives_ok($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (515, 301, 201, 'q note A by cust 2')$$,
    'custom level with add_notes but without view_all_notes adds a job A note');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('506', '515'), 'custom level without view_all_notes: exactly its own two notes');
RESET ROLE;

/* ---- 4. note_mentions (notes 511 = candidate data and 512 = job A, both by q_rec) ---- */
SET ROLE q_rec;
SELECT lives_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (512, pg_temp.uid('q_recb'))$$,
    'the author mentions an internal user on its job A note');
SELECT lives_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (511, pg_temp.uid('q_hm'))$$,
    'the author mentions an internal user on its candidate-data note');
SELECT throws_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (512, pg_temp.uid('q_ext'))$$, '42501',
    format('permission denied to mention user %s in note 512', pg_temp.uid('q_ext')),
    'mentioning an external user is rejected');
RESET ROLE;
SET ROLE q_hm;
SELECT throws_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (511, pg_temp.uid('q_src'))$$, '42501',
    'permission denied to change the mentions of note 511',
    'a user who sees the note but did not write it cannot mention anyone on it');
SELECT throws_ok($$DELETE FROM ats.note_mentions WHERE note_id = 511$$, '42501',
    'permission denied to change the mentions of note 511',
    'nor remove its mentions');
RESET ROLE;
SET ROLE q_admin;
SELECT lives_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (512, pg_temp.uid('q_src'))$$,
    'an admin mentions a user on another user''s note');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$DELETE FROM ats.note_mentions WHERE note_id = 511$$), 1::bigint,
    'the author removes a mention');
SELECT lives_ok($$INSERT INTO ats.note_mentions (note_id, user_id) VALUES (511, pg_temp.uid('q_hm'))$$,
    'the author mentions again');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), pg_temp.set_of('511:q_hm', '512:q_recb'), 'mentions: the recruiter of B sees its own mention on the job A note it cannot see, and the mentions of the candidate-data note it sees; not the other mention of the job A note');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), pg_temp.set_of('511:q_hm'), 'mentions: the group-only viewer sees the mentions of the candidate-data note, not those of the job A note');
RESET ROLE;
SET ROLE q_cust2;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), pg_temp.set_of('511:q_hm', '512:q_recb', '512:q_src'), 'mentions: a viewer of both notes sees every mention');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), pg_temp.set_of('511:q_hm', '512:q_recb', '512:q_src'), 'mentions: admin sees every mention');
RESET ROLE;
SET ROLE q_ext;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), '{}'::text[], 'mentions: external user sees none');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.sees('SELECT note_id || '':'' || pg_temp.uid_name(user_id) FROM ats.note_mentions'), '{}'::text[], 'mentions: unregistered role sees none');
RESET ROLE;
SET ROLE q_rec;
-- only the note's author changes its mentions: moving one to another note is adding it there
SELECT throws_ok($$UPDATE ats.note_mentions SET note_id = 501 WHERE note_id = 512 AND user_id = pg_temp.uid('q_recb')$$, '42501',
    NULL,
    'the author of note 512 cannot move a mention onto note 501, which it did not write (any 42501 message)');
SELECT throws_ok($$UPDATE ats.notes SET created_at = '2000-01-01' WHERE id = 511$$, '42501',
    'permission denied to change "created_at" of notes 511: the column cannot be changed',
    'notes: created_at never changes, even for the author');
RESET ROLE;

/* ---- 5. job-only data: each role's exact set ('table:id') ---- */
SET ROLE q_admin;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'interviews:902', 'references:912', 'referrals:922', 'ratings:932', 'questions:943', 'answers:953', 'questions:942', 'answers:952', 'scorecards:961', 'scorecards:962', 'scorecards:963', 'scorecards:964', 'scorecards:965', 'offers:971', 'offers:972', 'application_tags:401/1', 'application_tags:402/1'),
    'admin: every job-only record');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'scorecards:961', 'scorecards:964', 'scorecards:965', 'application_tags:401/1'),
    'recruiter of A: job A records; no private question/answer (no view_private_answers_and_notes), no scorecard of the hired application except its own (no view_hired_scorecards), no offer (no view_offers)');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'scorecards:965', 'application_tags:401/1'),
    'sourcer of A: job A records; of the scorecards only its own (no view_scorecards); no offer');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'scorecards:961', 'scorecards:962', 'scorecards:964', 'scorecards:965', 'offers:971', 'application_tags:401/1'),
    'hiring manager of A: job A records with hired scorecards and offers, but no private question/answer');
RESET ROLE;
SET ROLE q_coord;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'scorecards:961', 'scorecards:962', 'scorecards:964', 'scorecards:965', 'offers:971', 'application_tags:401/1'),
    'coordinator of A: job A records with hired scorecards (view_hired_scorecards) and offers (view_offers)');
RESET ROLE;
SET ROLE q_jadm;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'questions:942', 'answers:952', 'scorecards:961', 'scorecards:962', 'scorecards:964', 'scorecards:965', 'offers:971', 'application_tags:401/1'),
    'job admin of A: everything of job A, private questions and answers included');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:902', 'references:912', 'referrals:922', 'ratings:932', 'questions:943', 'answers:953', 'scorecards:963', 'application_tags:402/1'),
    'recruiter of B: exactly the job B records, none of job A (though it sees candidate 301)');
RESET ROLE;
SET ROLE q_grp;
SELECT is(pg_temp.q_job_only(), '{}'::text[], 'group-only viewer: no job-only record (it sees the candidate, not its applications)');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951'),
    'custom level with view_applications only among these: job A records without scorecards, offers or tags (no view_tags)');
RESET ROLE;
SET ROLE q_cust2;
SELECT is(pg_temp.q_job_only(), pg_temp.set_of('interviews:901', 'references:911', 'referrals:921', 'ratings:931', 'questions:941', 'answers:951', 'application_tags:401/1'),
    'custom level with view_tags: job A records and job A''s application tags');
RESET ROLE;
SET ROLE q_ext;
SELECT is(pg_temp.q_job_only(), '{}'::text[], 'external user: no job-only record');
RESET ROLE;
SET ROLE q_unreg;
SELECT is(pg_temp.q_job_only(), '{}'::text[], 'unregistered role: no job-only record');
RESET ROLE;

-- hiring application 401 hides its scorecards from the recruiter at once
SET ROLE q_hm;
SELECT is(pg_temp.affected($$UPDATE ats.applications SET status = 'hired' WHERE id = 401$$), 1::bigint,
    'the hiring manager hires application 401');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('964'), 'recruiter: once 401 is hired its scorecards are hidden (961, 965); its own on 403 stays');
RESET ROLE;
SET ROLE q_coord;
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('961', '962', '964', '965'), 'coordinator still sees the scorecards of hired applications');
RESET ROLE;
SET ROLE q_src;
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('965'), 'sourcer still sees its own scorecard of the hired application');
RESET ROLE;
SET ROLE q_hm;
SELECT is(pg_temp.affected($$UPDATE ats.applications SET status = 'active' WHERE id = 401$$), 1::bigint,
    'the hiring manager reverts the hire');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('961', '964', '965'), 'recruiter sees the scorecards of 401 again');
RESET ROLE;

/* ---- 6. job-only writes ---- */
-- interviews: edit_interview_plan
SET ROLE q_coord;
SELECT lives_ok($$INSERT INTO ats.interviews (id, application_id, scheduled_at) VALUES (904, 401, now())$$,
    'interviews: the coordinator (edit_interview_plan) schedules one');
SELECT is(pg_temp.affected($$UPDATE ats.interviews SET scheduled_at = now() + interval '1 day' WHERE id = 901$$), 1::bigint,
    'interviews: the coordinator reschedules one');
RESET ROLE;
SET ROLE q_rec;
SELECT throws_ok($$INSERT INTO ats.interviews (application_id, scheduled_at) VALUES (401, now())$$, '42501',
    'permission denied to add interviews: capability "edit_interview_plan" on job 201 is required',
    'interviews: the recruiter (no edit_interview_plan) cannot schedule');
SELECT throws_ok($$UPDATE ats.interviews SET scheduled_at = now() WHERE id = 901$$, '42501',
    'permission denied to change interviews 901: capability "edit_interview_plan" on job 201 is required',
    'interviews: nor reschedule one it sees');
SELECT throws_ok($$DELETE FROM ats.interviews WHERE id = 901$$, '42501',
    'permission denied to delete interviews 901: capability "edit_interview_plan" on job 201 is required',
    'interviews: nor cancel one');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok($$INSERT INTO ats.interviews (application_id, scheduled_at) VALUES (401, now())$$, '42501',
    'permission denied to add interviews: application 401 is not visible to this user',
    'interviews: nothing on an application of a job without view_applications');
SELECT is(pg_temp.affected($$UPDATE ats.interviews SET scheduled_at = now() WHERE id = 901$$), 0::bigint,
    'interviews: job A''s are not there for the recruiter of B');
RESET ROLE;

-- references, referrals, answers: add_edit_applications
SET ROLE q_rec;
SELECT lives_ok($$INSERT INTO ats."references" (id, application_id, referee_name, created_by) VALUES (913, 401, 'q referee by rec', pg_temp.uid('q_admin'))$$,
    'references: the recruiter adds one, naming another creator');
SELECT is(pg_temp.affected($$UPDATE ats."references" SET notes = 'q reference edited' WHERE id = 911$$), 1::bigint,
    'references: the recruiter edits one (add_edit_applications)');
SELECT throws_ok($$UPDATE ats."references" SET created_by = pg_temp.uid('q_hm') WHERE id = 913$$, '42501',
    'permission denied to change "created_by" of references 913: the column cannot be changed',
    'references: created_by never changes');
SELECT throws_ok($$UPDATE ats."references" SET application_id = 402 WHERE id = 911$$, '42501',
    'permission denied to change "application_id" of references 911: the column cannot be changed',
    'references: application_id never changes');
SELECT lives_ok($$INSERT INTO ats.referrals (id, application_id, notes) VALUES (923, 401, 'q referral by rec')$$,
    'referrals: the recruiter adds one');
SELECT lives_ok($$INSERT INTO ats.answers (id, application_id, question_id, value) VALUES (954, 401, 941, 'q answer by rec')$$,
    'answers: the recruiter answers a public question');
SELECT throws_ok($$INSERT INTO ats.answers (application_id, question_id, value) VALUES (401, 942, 'DENIED private answer')$$, '42501',
    'permission denied to add answers: capability "view_private_answers_and_notes" on job 201 is required',
    'answers: the recruiter cannot answer a private question');
RESET ROLE;
SET ROLE q_jadm;
SELECT lives_ok($$INSERT INTO ats.answers (id, application_id, question_id, value) VALUES (955, 401, 942, 'q private answer by jadm')$$,
    'answers: the job admin answers the private question');
RESET ROLE;
SET ROLE q_cust2;
SELECT throws_ok($$INSERT INTO ats."references" (application_id, referee_name) VALUES (401, 'DENIED reference')$$, '42501',
    'permission denied to add references: capability "add_edit_applications" on job 201 is required',
    'references: nothing without add_edit_applications');
SELECT throws_ok($$UPDATE ats."references" SET notes = 'DENIED reference edit' WHERE id = 911$$, '42501',
    'permission denied to change references 911: capability "add_edit_applications" on job 201 is required',
    'references: no edit without add_edit_applications');
SELECT throws_ok($$INSERT INTO ats.referrals (application_id, notes) VALUES (401, 'DENIED referral')$$, '42501',
    'permission denied to add referrals: capability "add_edit_applications" on job 201 is required',
    'referrals: nothing without add_edit_applications');
SELECT throws_ok($$INSERT INTO ats.answers (application_id, question_id, value) VALUES (401, 941, 'DENIED answer')$$, '42501',
    'permission denied to add answers: capability "add_edit_applications" on job 201 is required',
    'answers: nothing without add_edit_applications');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok($$INSERT INTO ats."references" (application_id, referee_name) VALUES (401, 'DENIED reference recb')$$, '42501',
    'permission denied to add references: application 401 is not visible to this user',
    'references: nothing on a job without view_applications');
RESET ROLE;

-- scorecards: view_applications to write; author forced unless submit_feedback_on_behalf
SET ROLE q_rec;
SELECT lives_ok($$INSERT INTO ats.scorecards (id, application_id, rating, notes) VALUES (966, 401, 3, 'q scorecard by rec')$$,
    'scorecards: the recruiter submits one');
-- SPEC 2: attribution columns are set to the current user whatever the statement says (context3:
-- forced unless the writer holds submit_feedback_on_behalf); an error here is a bug.
SELECT lives_ok($$INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes) VALUES (969, 401, pg_temp.uid('q_admin'), 1, 'q scorecard by rec naming admin')$$,
    'scorecards: the recruiter (no submit_feedback_on_behalf) submits one naming another author: accepted, author forced (SPEC 2)');
RESET ROLE;
SET ROLE q_coord;
SELECT lives_ok($$INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes) VALUES (967, 401, pg_temp.uid('q_src'), 4, 'q scorecard for src by coord')$$,
    'scorecards: the coordinator submits one on behalf of the sourcer');
RESET ROLE;
SET ROLE q_src;
SELECT lives_ok($$INSERT INTO ats.scorecards (id, application_id, rating, notes) VALUES (968, 401, 2, 'q scorecard by src 2')$$,
    'scorecards: the sourcer (view_applications, no view_scorecards) submits one');
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('965', '967', '968'), 'scorecards: the sourcer sees exactly its own, the one submitted on its behalf included');
SELECT is(pg_temp.affected($$UPDATE ats.scorecards SET notes = 'DENIED src' WHERE id = 961$$), 0::bigint,
    'scorecards: one the sourcer cannot see is not there');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(author_id), created_at = now() FROM ats_data.scorecards WHERE id BETWEEN 966 AND 969 ORDER BY id$$,
    $$VALUES (966::bigint, 'q_rec'::text, true), (967, 'q_src', true), (968, 'q_src', true), (969, 'q_rec', true)$$,
    'scorecards: author forced to the writer, except on behalf (submit_feedback_on_behalf)');
SET ROLE q_rec;
SELECT throws_ok($$UPDATE ats.scorecards SET rating = 1, notes = 'DENIED rec' WHERE id = 961$$, '42501',
    'permission denied to change scorecards 961',
    'scorecards: a viewer who is not the author cannot change one');
SELECT throws_ok($$DELETE FROM ats.scorecards WHERE id = 961$$, '42501',
    'permission denied to delete scorecards 961',
    'scorecards: nor delete it');
SELECT is(pg_temp.affected($$UPDATE ats.scorecards SET rating = 5 WHERE id = 966$$), 1::bigint,
    'scorecards: the author changes its own');
SELECT throws_ok($$UPDATE ats.scorecards SET author_id = pg_temp.uid('q_hm') WHERE id = 966$$, '42501',
    'permission denied to change "author_id" of scorecards 966: the column cannot be changed',
    'scorecards: author_id never changes');
RESET ROLE;
SET ROLE q_grp;
SELECT throws_ok($$INSERT INTO ats.scorecards (application_id, rating, notes) VALUES (401, 1, 'DENIED grp')$$, '42501',
    'permission denied to add scorecards: application 401 is not visible to this user',
    'scorecards: the group-only viewer cannot submit one');
RESET ROLE;

-- offers: view_offers to read, create_offers to write
SET ROLE q_hm;
SELECT lives_ok($$INSERT INTO ats.offers (id, application_id, salary, created_by) VALUES (973, 401, 3000, pg_temp.uid('q_admin'))$$,
    'offers: the hiring manager (create_offers) makes one, naming another creator');
SELECT is(pg_temp.affected($$UPDATE ats.offers SET status = 'sent' WHERE id = 971$$), 1::bigint,
    'offers: the hiring manager changes one');
RESET ROLE;
SET ROLE q_coord;
SELECT throws_ok($$INSERT INTO ats.offers (application_id, salary) VALUES (401, 1)$$, '42501',
    'permission denied to add offers: capability "create_offers" on job 201 is required',
    'offers: the coordinator (view_offers, no create_offers) cannot make one');
SELECT throws_ok($$UPDATE ats.offers SET salary = 1 WHERE id = 971$$, '42501',
    'permission denied to change offers 971: capability "create_offers" on job 201 is required',
    'offers: nor change one it sees');
RESET ROLE;
SET ROLE q_rec;
SELECT is(pg_temp.affected($$UPDATE ats.offers SET salary = 1 WHERE id = 971$$), 0::bigint,
    'offers: not there for the recruiter (no view_offers)');
SELECT throws_ok($$INSERT INTO ats.offers (application_id, salary) VALUES (401, 1)$$, '42501',
    'permission denied to add offers: capability "create_offers" on job 201 is required',
    'offers: the recruiter cannot make one');
RESET ROLE;

-- ratings: rate_candidates; user_id forced; the author or an admin changes them
SET ROLE q_rec;
SELECT lives_ok($$INSERT INTO ats.ratings (id, application_id, user_id, stars) VALUES (933, 401, pg_temp.uid('q_admin'), 5)$$,
    'ratings: the recruiter rates, naming another user');
RESET ROLE;
SET ROLE q_src;
SELECT lives_ok($$INSERT INTO ats.ratings (id, application_id, thumbs) VALUES (934, 401, 'up')$$,
    'ratings: the sourcer rates');
RESET ROLE;
SELECT results_eq($$SELECT id, pg_temp.uid_name(user_id), created_at = now() FROM ats_data.ratings WHERE id IN (933, 934) ORDER BY id$$,
    $$VALUES (933::bigint, 'q_rec'::text, true), (934, 'q_src', true)$$,
    'ratings: user_id and created_at forced to the writer and now');
SET ROLE q_rec;
SELECT throws_ok($$UPDATE ats.ratings SET stars = 1 WHERE id = 931$$, '42501',
    'permission denied to change ratings 931',
    'ratings: not someone else''s');
SELECT throws_ok($$DELETE FROM ats.ratings WHERE id = 934$$, '42501',
    'permission denied to delete ratings 934',
    'ratings: nor delete someone else''s');
SELECT is(pg_temp.affected($$UPDATE ats.ratings SET stars = 4 WHERE id = 933$$), 1::bigint,
    'ratings: the author changes its own');
SELECT throws_ok($$UPDATE ats.ratings SET user_id = pg_temp.uid('q_hm') WHERE id = 933$$, '42501',
    'permission denied to change "user_id" of ratings 933: the column cannot be changed',
    'ratings: user_id never changes');
RESET ROLE;
SET ROLE q_admin;
SELECT is(pg_temp.affected($$DELETE FROM ats.ratings WHERE id = 934$$), 1::bigint,
    'ratings: an admin deletes someone else''s');
RESET ROLE;
SET ROLE q_cust;
SELECT throws_ok($$INSERT INTO ats.ratings (application_id, stars) VALUES (401, 1)$$, '42501',
    'permission denied to add ratings: capability "rate_candidates" on job 201 is required',
    'ratings: nothing without rate_candidates');
RESET ROLE;
SET ROLE q_recb;
SELECT is(pg_temp.affected($$DELETE FROM ats.ratings WHERE id IN (931, 933)$$), 0::bigint,
    'ratings: job A''s are not there for the recruiter of B');
RESET ROLE;
SET ROLE q_unreg;
SELECT throws_ok($$INSERT INTO ats.ratings (application_id, stars) VALUES (401, 1)$$, '42501',
    'permission denied to add ratings',
    'ratings: the unregistered role writes none');
RESET ROLE;

-- application_tags: view_tags to see, edit_tags to write
SET ROLE q_cust2;
SELECT throws_ok($$INSERT INTO ats.application_tags (application_id, tag_id) VALUES (401, 2)$$, '42501',
    'permission denied to add application_tags: capability "edit_tags" on job 201 is required',
    'application_tags: view_tags without edit_tags cannot tag');
SELECT throws_ok($$DELETE FROM ats.application_tags WHERE application_id = 401 AND tag_id = 1$$, '42501',
    'permission denied to delete application_tags: capability "edit_tags" on job 201 is required',
    'application_tags: nor untag what it sees');
RESET ROLE;
SET ROLE q_cust;
SELECT is(pg_temp.affected($$DELETE FROM ats.application_tags WHERE application_id = 401$$), 0::bigint,
    'application_tags: not there without view_tags');
RESET ROLE;
SET ROLE q_rec;
SELECT lives_ok($$INSERT INTO ats.application_tags (application_id, tag_id) VALUES (401, 2)$$,
    'application_tags: the recruiter (edit_tags) tags an application');
RESET ROLE;
SET ROLE q_recb;
SELECT throws_ok($$INSERT INTO ats.application_tags (application_id, tag_id) VALUES (401, 1)$$, '42501',
    'permission denied to add application_tags: application 401 is not visible to this user',
    'application_tags: nothing on a job without view_applications');
RESET ROLE;

/* ---- 7. a denied statement leaves nothing behind ---- */
SET ROLE q_rec;
SELECT throws_ok($$INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (301, NULL, 'DENIED multi ok'), (301, 201, 'DENIED multi ok 2'), (301, 202, 'DENIED multi bad')$$, '42501',
    'permission denied to add notes: capability "view_applications" on job 202 is required',
    'multi-row insert of notes with one forbidden row fails');
SELECT throws_ok($$INSERT INTO ats.ratings (application_id, stars) VALUES (401, 1), (402, 1)$$, '42501',
    'permission denied to add ratings: application 402 is not visible to this user',
    'multi-row insert of ratings with one forbidden row fails');
RESET ROLE;
SET ROLE q_hm;
SELECT throws_ok($$INSERT INTO ats.scorecards (application_id, rating, notes) VALUES (401, 1, 'DENIED multi'), (402, 1, 'DENIED multi')$$, '42501',
    'permission denied to add scorecards: application 402 is not visible to this user',
    'multi-row insert through the masking view (INSTEAD OF) with one forbidden row fails');
RESET ROLE;
SELECT is_empty($$
    SELECT 'notes ' || id FROM ats_data.notes WHERE body LIKE '%DENIED%'
    UNION ALL SELECT 'messages ' || id FROM ats_data.messages WHERE body LIKE '%DENIED%'
    UNION ALL SELECT 'todos ' || id FROM ats_data.todos WHERE body LIKE '%DENIED%'
    UNION ALL SELECT 'documents ' || id FROM ats_data.documents WHERE file_name LIKE '%DENIED%'
    UNION ALL SELECT 'references ' || id FROM ats_data."references" WHERE referee_name || coalesce(notes, '') LIKE '%DENIED%'
    UNION ALL SELECT 'referrals ' || id FROM ats_data.referrals WHERE notes LIKE '%DENIED%'
    UNION ALL SELECT 'answers ' || id FROM ats_data.answers WHERE value LIKE '%DENIED%'
    UNION ALL SELECT 'scorecards ' || id FROM ats_data.scorecards WHERE notes LIKE '%DENIED%'$$,
    'DBA: no text written by a denied statement exists anywhere');
SELECT results_eq($$SELECT id, candidate_id, job_id, pg_temp.uid_name(author_id), body FROM ats_data.notes ORDER BY 1, 2$$,
    $$VALUES (501::bigint, 301::bigint, NULL::bigint, 'q_admin'::text, 'q note cand'::text),
        (502, 301, 201, 'q_admin', 'q note A'),
        (503, 301, 202, 'q_admin', 'q note B'),
        (504, 301, NULL, 'q_admin', 'q interview note cand'),
        (505, 301, 201, 'q_admin', 'q interview note A'),
        (506, 301, 201, 'q_cust', 'q note A by cust'),
        (507, 301, 201, 'q_grp', 'q note A by grp'),
        (508, 302, NULL, 'q_admin', 'q note cand two'),
        (511, 301, NULL, 'q_rec', 'q notes cand by rec, edited'),
        (512, 301, 201, 'q_rec', 'q notes A by rec, edited by admin'),
        (515, 301, 201, 'q_cust', 'q note A by cust 2')$$,
    'DBA: notes are exactly the seeds and the allowed writes (keys, authors, bodies)');
SELECT results_eq($$SELECT id, candidate_id, job_id, pg_temp.uid_name(author_id), body FROM ats_data.messages ORDER BY 1, 2$$,
    $$VALUES (601::bigint, 301::bigint, NULL::bigint, 'q_admin'::text, 'q message cand'::text),
        (602, 301, 201, 'q_admin', 'q message A'),
        (603, 301, 202, 'q_admin', 'q message B'),
        (604, 301, 201, 'q_grp', 'q message A by grp'),
        (605, 302, NULL, 'q_admin', 'q message cand two'),
        (611, 301, NULL, 'q_rec', 'q messages cand by rec, edited'),
        (612, 301, 201, 'q_rec', 'q messages A by rec, edited by admin')$$,
    'DBA: messages are exactly the seeds and the allowed writes');
SELECT results_eq($$SELECT id, candidate_id, job_id, pg_temp.uid_name(author_id), body FROM ats_data.todos ORDER BY 1, 2$$,
    $$VALUES (701::bigint, 301::bigint, NULL::bigint, 'q_admin'::text, 'q todo cand'::text),
        (702, 301, 201, 'q_admin', 'q todo A'),
        (703, 301, 202, 'q_admin', 'q todo B'),
        (704, 301, 201, 'q_grp', 'q todo A by grp'),
        (705, 302, NULL, 'q_admin', 'q todo cand two'),
        (711, 301, NULL, 'q_rec', 'q todos cand by rec, edited'),
        (712, 301, 201, 'q_rec', 'q todos A by rec, edited by admin')$$,
    'DBA: todos are exactly the seeds and the allowed writes');
SELECT results_eq($$SELECT id, candidate_id, job_id, pg_temp.uid_name(created_by), file_name FROM ats_data.documents ORDER BY 1, 2$$,
    $$VALUES (801::bigint, 301::bigint, NULL::bigint, 'q_admin'::text, 'q cv cand.pdf'::text),
        (802, 301, 201, 'q_admin', 'q doc A.pdf'),
        (803, 301, 202, 'q_admin', 'q doc B.pdf'),
        (804, 301, 201, 'q_grp', 'q doc A by grp.pdf'),
        (805, 302, NULL, 'q_admin', 'q cv cand two.pdf'),
        (811, 301, NULL, 'q_rec', 'q documents cand by rec, edited'),
        (812, 301, 201, 'q_rec', 'q documents A by rec, edited by admin')$$,
    'DBA: documents are exactly the seeds and the allowed writes');
SELECT results_eq($$SELECT note_id, pg_temp.uid_name(user_id) FROM ats_data.note_mentions ORDER BY 1, 2$$,
    $$VALUES (511::bigint, 'q_hm'::text),
        (512, 'q_recb'),
        (512, 'q_src')$$,
    'DBA: note_mentions are exactly the allowed ones');
SELECT is(pg_temp.sees($$
    SELECT 'interviews:' || id FROM ats_data.interviews
    UNION ALL SELECT 'references:' || id || ':' || coalesce(pg_temp.uid_name(created_by), '-') || ':' || coalesce(notes, '-') FROM ats_data."references"
    UNION ALL SELECT 'referrals:' || id FROM ats_data.referrals
    UNION ALL SELECT 'answers:' || id FROM ats_data.answers
    UNION ALL SELECT 'offers:' || id || ':' || salary || ':' || status || ':' || coalesce(pg_temp.uid_name(created_by), '-') FROM ats_data.offers
    UNION ALL SELECT 'application_tags:' || application_id || '/' || tag_id FROM ats_data.application_tags$$),
    pg_temp.set_of('interviews:901', 'interviews:902', 'interviews:904',
        'references:911:-:q reference edited', 'references:912:-:-', 'references:913:q_rec:-',
        'referrals:921', 'referrals:922', 'referrals:923',
        'answers:951', 'answers:952', 'answers:953', 'answers:954', 'answers:955',
        'offers:971:1000:sent:-', 'offers:972:2000:draft:-', 'offers:973:3000:draft:q_hm',
        'application_tags:401/1', 'application_tags:401/2', 'application_tags:402/1'),
    'DBA: interviews, references, referrals, answers, offers, application_tags are exactly the seeds and the allowed writes');
SELECT results_eq($$SELECT id, pg_temp.uid_name(user_id), stars::int, thumbs FROM ats_data.ratings ORDER BY 1, 2$$,
    $$VALUES (931::bigint, 'q_admin'::text, 4, NULL::text),
        (932, 'q_admin', NULL, 'up'),
        (933, 'q_rec', 4, NULL)$$,
    'DBA: ratings are exactly the seeds and the allowed writes');
SELECT results_eq($$SELECT id, pg_temp.uid_name(author_id), rating::int FROM ats_data.scorecards WHERE id <> 969 ORDER BY 1, 2$$,
    $$VALUES (961::bigint, 'q_admin'::text, 4),
        (962, 'q_admin', 5),
        (963, 'q_admin', 3),
        (964, 'q_rec', 4),
        (965, 'q_src', 2),
        (966, 'q_rec', 5),
        (967, 'q_src', 4),
        (968, 'q_src', 2)$$,
    'DBA: scorecards are exactly the seeds and the allowed writes (969 is checked above)');
SELECT results_eq($$SELECT id, status FROM ats_data.applications ORDER BY id$$,
    $$VALUES (401::bigint, 'active'::text), (402, 'active'), (403, 'hired')$$,
    'DBA: applications back to their seeded status');

SELECT * FROM finish();
ROLLBACK;
