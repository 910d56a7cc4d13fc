-- 80_profiles.sql: module permission profiles (SPEC 4.9, JobsinMalta seed; issue 6), seen from a
-- line manager who holds job_admin on job 101 (so that only its profile restricts it), the same
-- user with profile full, a user of a custom profile, the DBA, an admin and an unregistered role.
--   1. module_level(): every module of line_manager and of full; DBA, unregistered, deactivated
--   2. line_manager reads: each module's relations seen (read/write), own notes only (own),
--      nothing (none); cv vs documents split on documents.kind; job rules still apply (job 102)
--   3. line_manager writes: read and none modules refused with 42501 naming module and level;
--      write modules allowed; own: inserts (author forced), changes of its own rows only
--   4. the same user with profile full: every relation seen, every write allowed
--   5. a custom profile made with set_profile_level (messages own, offers read, documents own,
--      applications read, the rest none): reads, writes, cv/documents split, own inserts
--   6. a profile's modules are independent: offers read / candidates read with applications none
--   7. own never creates a row authored by another user (interviews, scorecards on behalf)
--   8. changes apply at the next statement of the same transaction: set_profile_level, set_user
--   9. set_profile_level: who may call it; bad input (42704, 22023, 22004); unknown profiles
--  10. an ATS admin with profile line_manager: sees every job, but the profile still restricts it
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(161);

\ir helpers/common.psql
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- fixture
 * Users: p_admin (admin); p_lm (limited, profile line_manager, job_admin on job 101, member of
 *   group 301); p_other (limited, profile full, job_admin on 101: the author of "other" rows);
 *   p_cust (limited, job_admin on 101, gets custom profiles); p_unreg (ats_user, unregistered).
 * Jobs 101 (the three hold job_admin) and 102 (nobody). Candidates 1001 (on 101, group 301),
 *   1002 (on 102). Applications 2001 (1001, 101), 2002 (1002, 102).
 * One row or more per relation of every module on candidate 1001 / application 2001, authored by
 *   p_other, and where the author matters also by p_lm and p_cust (notes, documents, messages,
 *   todos, ratings, activity); documents 6001 and 6005 are CVs, the others attachments. */
CREATE ROLE p_admin; CREATE ROLE p_lm; CREATE ROLE p_other; CREATE ROLE p_cust; CREATE ROLE p_unreg;
INSERT INTO test_uid VALUES
    ('p_admin', ats_acl.add_user('p_admin', 'Admin', access_level => 'admin')),
    ('p_lm',    ats_acl.add_user('p_lm',    'Line manager', profile => 'line_manager')),
    ('p_other', ats_acl.add_user('p_other', 'Another job admin')),
    ('p_cust',  ats_acl.add_user('p_cust',  'Custom profile user'));
GRANT ats_user TO p_unreg;

INSERT INTO ats.jobs (id, title, status, created_by) VALUES
    (101, 'p job A', 'open', pg_temp.uid('p_other')), (102, 'p job B', 'open', NULL);
SELECT ats_acl.grant_job(101, pg_temp.uid('p_lm'),    'job_admin');
SELECT ats_acl.grant_job(101, pg_temp.uid('p_other'), 'job_admin');
SELECT ats_acl.grant_job(101, pg_temp.uid('p_cust'),  'job_admin');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (101, pg_temp.uid('p_other'), 'recruiter');

INSERT INTO ats.candidates (id, full_name, email, created_by) VALUES
    (1001, 'p c1 on A', 'c1@p.test', pg_temp.uid('p_other')),
    (1002, 'p c2 on B', 'c2@p.test', NULL);
INSERT INTO ats.applications (id, candidate_id, job_id, stage, created_by) VALUES
    (2001, 1001, 101, 'applied', pg_temp.uid('p_other')),
    (2002, 1002, 102, 'applied', NULL);
INSERT INTO ats.groups (id, name) VALUES (301, 'p group');
SELECT ats_acl.add_to_group(301, pg_temp.uid('p_lm'));
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1001, 301);

INSERT INTO ats.questions (id, job_id, text) VALUES (601, 101, 'p question');
INSERT INTO ats.answers (id, application_id, question_id, value) VALUES (701, 2001, 601, 'p answer');
INSERT INTO ats."references" (id, application_id, referee_name, created_by) VALUES (801, 2001, 'p referee', pg_temp.uid('p_other'));
INSERT INTO ats.referrals (id, application_id, referrer_id) VALUES (851, 2001, pg_temp.uid('p_other'));

INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body) VALUES
    (5001, 1001, 101,  pg_temp.uid('p_lm'),    'p note by lm'),
    (5002, 1001, 101,  pg_temp.uid('p_other'), 'p note by other'),
    (5003, 1001, NULL, pg_temp.uid('p_other'), 'p candidate note by other'),
    (5004, 1001, 101,  pg_temp.uid('p_cust'),  'p note by cust');
INSERT INTO ats.note_mentions (note_id, user_id) VALUES
    (5002, pg_temp.uid('p_lm')), (5001, pg_temp.uid('p_other'));
INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name, created_by) VALUES
    (6001, 1001, NULL, 'cv',         'p cv.pdf',           pg_temp.uid('p_other')),
    (6002, 1001, 101,  'attachment', 'p other att.pdf',    pg_temp.uid('p_other')),
    (6003, 1001, 101,  'attachment', 'p lm att.pdf',       pg_temp.uid('p_lm')),
    (6004, 1001, 101,  'attachment', 'p cust att.pdf',     pg_temp.uid('p_cust')),
    (6005, 1001, 101,  'cv',         'p cust cv.pdf',      pg_temp.uid('p_cust'));
INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body) VALUES
    (7001, 1001, 101, pg_temp.uid('p_other'), 'p message by other'),
    (7002, 1001, 101, pg_temp.uid('p_lm'),    'p message by lm'),
    (7003, 1001, 101, pg_temp.uid('p_cust'),  'p message by cust');
INSERT INTO ats.todos (id, candidate_id, job_id, author_id, body) VALUES
    (7101, 1001, 101, pg_temp.uid('p_other'), 'p todo by other'),
    (7102, 1001, 101, pg_temp.uid('p_lm'),    'p todo by lm');
INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (7201, 2001, pg_temp.uid('p_other'));
INSERT INTO ats.scorecards (id, application_id, author_id, rating) VALUES (7301, 2001, pg_temp.uid('p_other'), 3);
INSERT INTO ats.offers (id, application_id, salary, created_by) VALUES (7401, 2001, 1000, pg_temp.uid('p_other'));
INSERT INTO ats.ratings (id, application_id, user_id, stars) VALUES
    (7501, 2001, pg_temp.uid('p_other'), 4), (7502, 2001, pg_temp.uid('p_lm'), 5);
INSERT INTO ats.tag_categories (id, name) VALUES (7601, 'p category');
INSERT INTO ats.tags (id, category_id, name) VALUES (7611, 7601, 'p tag 1'), (7612, 7601, 'p tag 2');
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1001, 7611);
INSERT INTO ats.application_tags (application_id, tag_id) VALUES (2001, 7611);
INSERT INTO ats.custom_fields (id, name) VALUES (7701, 'p field');
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1001, 7701, 'p value');
INSERT INTO ats_data.activity (id, actor_id, action, table_name, row_id, candidate_id, job_id) VALUES
    (7801, pg_temp.uid('p_other'), 'insert', 'applications', 2001, 1001, 101),
    (7802, pg_temp.uid('p_lm'),    'update', 'applications', 2001, 1001, 101);

/* The current user's level of every module, in SPEC 4.9 order. */
CREATE FUNCTION pg_temp.p_levels() RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(ats_acl.module_level(m) ORDER BY o)
      FROM unnest(ARRAY['jobs', 'candidates', 'applications', 'notes', 'cv', 'documents',
                        'messages', 'todos', 'interviews', 'scorecards', 'offers', 'ratings',
                        'tags', 'custom_fields', 'activity']) WITH ORDINALITY AS t(m, o) $$;

/* ---- 1. module_level() ---- */
SET ROLE p_lm;
SELECT is(pg_temp.p_levels(),
    ARRAY['read', 'read', 'write', 'own', 'read', 'none', 'none', 'none', 'write', 'write',
          'none', 'none', 'read', 'read', 'none'],
    'module_level: line_manager is jobs read, candidates read, applications write, notes own, cv read, documents none, interviews write, scorecards write, tags read, custom_fields read, the rest none');
RESET ROLE;
SET ROLE p_other;
SELECT is(pg_temp.p_levels(), array_fill('write'::text, ARRAY[15]), 'module_level: profile full (add_user''s default) writes every module');
RESET ROLE;
SELECT is(pg_temp.p_levels(), array_fill('write'::text, ARRAY[15]), 'module_level: the DBA writes every module');
SET ROLE p_unreg;
SELECT is(pg_temp.p_levels(), array_fill('none'::text, ARRAY[15]), 'module_level: an unregistered role has none everywhere');
RESET ROLE;
SET ROLE p_lm;
SELECT throws_ok('SELECT ats_acl.module_level(''bogus'')', '42704', 'module "bogus" does not exist',
    'module_level: unknown module -> 42704');
SELECT is(ats_acl.module_level(NULL), NULL, 'module_level(NULL) is NULL');
RESET ROLE;

/* ---- 2. line_manager reads ---- */
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.jobs'), pg_temp.set_of('101'), 'lm jobs (read): sees job 101 it holds a level on, not job 102');
SELECT is(pg_temp.sees('SELECT job_id || '':'' || role FROM ats.hiring_team'), pg_temp.set_of('101:recruiter'), 'lm hiring_team (jobs read): sees the team of job 101');
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('1001'), 'lm candidates (read): sees the candidate of job 101, not 1002 of job 102');
SELECT is(pg_temp.sees('SELECT candidate_id || '':'' || group_id FROM ats.candidate_groups'), pg_temp.set_of('1001:301'), 'lm candidate_groups (candidates read): sees its group''s row');
SELECT is(pg_temp.sees('SELECT id FROM ats.applications'), pg_temp.set_of('2001'), 'lm applications (write): sees application 2001, not 2002 of job 102');
SELECT is(pg_temp.sees('SELECT id FROM ats.questions'), pg_temp.set_of('601'), 'lm questions (applications write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.answers'), pg_temp.set_of('701'), 'lm answers (applications write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.references'), pg_temp.set_of('801'), 'lm references (applications write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.referrals'), pg_temp.set_of('851'), 'lm referrals (applications write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('5001'), 'lm notes (own): only the note it wrote, not the other users'' job or candidate notes');
SELECT is(pg_temp.sees('SELECT note_id FROM ats.note_mentions'), '{}'::text[], 'lm note_mentions (notes own, no author column): none, not even its own mention');
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('6001', '6005'), 'lm documents: the CVs (cv read), no attachment (documents none), not even its own');
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), '{}'::text[], 'lm messages (none): none, not even its own');
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), '{}'::text[], 'lm todos (none): none, not even its own');
SELECT is(pg_temp.sees('SELECT id FROM ats.interviews'), pg_temp.set_of('7201'), 'lm interviews (write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('7301'), 'lm scorecards (write): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.offers'), '{}'::text[], 'lm offers (none): none despite view_offers');
SELECT is(pg_temp.sees('SELECT id FROM ats.ratings'), '{}'::text[], 'lm ratings (none): none, not even its own');
SELECT is(pg_temp.sees('SELECT id FROM ats.tags'), pg_temp.set_of('7611', '7612'), 'lm tags (read): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.tag_categories'), pg_temp.set_of('7601'), 'lm tag_categories (tags read): sees them');
SELECT is(pg_temp.sees('SELECT candidate_id || '':'' || tag_id FROM ats.candidate_tags'), pg_temp.set_of('1001:7611'), 'lm candidate_tags (tags read): sees them');
SELECT is(pg_temp.sees('SELECT application_id || '':'' || tag_id FROM ats.application_tags'), pg_temp.set_of('2001:7611'), 'lm application_tags (tags read): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.custom_fields'), pg_temp.set_of('7701'), 'lm custom_fields (read): sees them');
SELECT is(pg_temp.sees('SELECT value FROM ats.custom_field_values'), pg_temp.set_of('p value'), 'lm custom_field_values (custom_fields read): sees them');
SELECT is(pg_temp.sees('SELECT id FROM ats.activity WHERE id >= 7800'), '{}'::text[], 'lm activity (none): none despite view_application_activity, not even its own');
RESET ROLE;

/* ---- 3. line_manager writes ---- */
SET ROLE p_lm;
-- read modules: every write refused, naming the module and its level
SELECT throws_ok('UPDATE ats.jobs SET title = ''p renamed'' WHERE id = 101', '42501',
    'permission denied to change jobs: the permission profile gives module "jobs" the level "read"',
    'lm jobs (read): changing a job it is job_admin of -> 42501 naming module jobs');
SELECT throws_ok('INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (101, pg_temp.uid(''p_cust''), ''interviewer'')', '42501',
    'permission denied to change hiring_team: the permission profile gives module "jobs" the level "read"',
    'lm hiring_team (jobs read): adding a member -> 42501 naming module jobs');
SELECT throws_ok('UPDATE ats.candidates SET full_name = ''p renamed'' WHERE id = 1001', '42501',
    'permission denied to change candidates: the permission profile gives module "candidates" the level "read"',
    'lm candidates (read): changing a candidate -> 42501 naming module candidates');
SELECT throws_ok('INSERT INTO ats.candidates (full_name) VALUES (''p new by lm'')', '42501',
    'permission denied to change candidates: the permission profile gives module "candidates" the level "read"',
    'lm candidates (read): adding a candidate -> 42501 naming module candidates');
SELECT throws_ok('DELETE FROM ats.candidate_groups WHERE candidate_id = 1001', '42501',
    'permission denied to change candidate_groups: the permission profile gives module "candidates" the level "read"',
    'lm candidate_groups (candidates read): removing a candidate from its group -> 42501');
SELECT throws_ok('INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name) VALUES (6101, 1001, 101, ''cv'', ''p lm cv.pdf'')', '42501',
    'permission denied to change documents: the permission profile gives module "cv" the level "read"',
    'lm cv (read): uploading a CV -> 42501 naming module cv');
SELECT throws_ok('UPDATE ats.documents SET file_name = ''p renamed.pdf'' WHERE id = 6001', '42501',
    'permission denied to change documents: the permission profile gives module "cv" the level "read"',
    'lm cv (read): renaming a CV -> 42501 naming module cv');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1001, 7612)', '42501',
    'permission denied to change candidate_tags: the permission profile gives module "tags" the level "read"',
    'lm candidate_tags (tags read): tagging -> 42501 naming module tags');
SELECT throws_ok('DELETE FROM ats.application_tags WHERE application_id = 2001', '42501',
    'permission denied to change application_tags: the permission profile gives module "tags" the level "read"',
    'lm application_tags (tags read): untagging -> 42501 naming module tags');
SELECT throws_ok('UPDATE ats.custom_field_values SET value = ''p changed'' WHERE candidate_id = 1001', '42501',
    'permission denied to change custom_field_values: the permission profile gives module "custom_fields" the level "read"',
    'lm custom_field_values (custom_fields read): changing a value -> 42501 naming module custom_fields');
SELECT throws_ok('INSERT INTO ats.tags (category_id, name) VALUES (7601, ''p lm tag'')', '42501',
    'permission denied to change tags: the permission profile gives module "tags" the level "read"',
    'lm tags (read): adding a tag -> 42501 naming module tags');
SELECT throws_ok('INSERT INTO ats.custom_fields (name) VALUES (''p lm field'')', '42501',
    'permission denied to change custom_fields: the permission profile gives module "custom_fields" the level "read"',
    'lm custom_fields (read): adding a field -> 42501 naming module custom_fields');
-- none modules: adding refused, naming the module; its own rows are not there to change
SELECT throws_ok('INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name) VALUES (6102, 1001, 101, ''attachment'', ''p lm att2.pdf'')', '42501',
    'permission denied to change documents: the permission profile gives module "documents" the level "none"',
    'lm documents (none): uploading an attachment -> 42501 naming module documents');
SELECT throws_ok('INSERT INTO ats.messages (candidate_id, job_id, body) VALUES (1001, 101, ''p lm msg'')', '42501',
    'permission denied to change messages: the permission profile gives module "messages" the level "none"',
    'lm messages (none): sending a message -> 42501 naming module messages');
SELECT throws_ok('INSERT INTO ats.todos (candidate_id, job_id, body) VALUES (1001, 101, ''p lm todo'')', '42501',
    'permission denied to change todos: the permission profile gives module "todos" the level "none"',
    'lm todos (none): adding a todo -> 42501 naming module todos');
SELECT throws_ok('INSERT INTO ats.offers (application_id, salary) VALUES (2001, 5)', '42501',
    'permission denied to change offers: the permission profile gives module "offers" the level "none"',
    'lm offers (none): creating an offer -> 42501 naming module offers');
SELECT throws_ok('INSERT INTO ats.ratings (application_id, thumbs) VALUES (2001, ''up'')', '42501',
    'permission denied to change ratings: the permission profile gives module "ratings" the level "none"',
    'lm ratings (none): rating -> 42501 naming module ratings');
SELECT is(pg_temp.affected('UPDATE ats.messages SET body = ''p x'' WHERE id = 7002'), 0::bigint, 'lm messages (none): its own message is not there to change (0 rows)');
SELECT is(pg_temp.affected('DELETE FROM ats.documents WHERE id = 6003'), 0::bigint, 'lm documents (none): its own attachment is not there to delete (0 rows)');
SELECT is(pg_temp.affected('UPDATE ats.ratings SET stars = 1 WHERE id = 7502'), 0::bigint, 'lm ratings (none): its own rating is not there to change (0 rows)');
-- write modules: allowed
SELECT is(pg_temp.affected('UPDATE ats.applications SET stage = ''screen'' WHERE id = 2001'), 1::bigint, 'lm applications (write): moves an application to another stage');
SELECT lives_ok('INSERT INTO ats.questions (id, job_id, text) VALUES (602, 101, ''p lm question'')', 'lm questions (applications write): adds a question');
SELECT is(pg_temp.affected('UPDATE ats.answers SET value = ''p lm answer'' WHERE id = 701'), 1::bigint, 'lm answers (applications write): changes an answer');
SELECT lives_ok('INSERT INTO ats.references (id, application_id, referee_name) VALUES (802, 2001, ''p lm referee'')', 'lm references (applications write): adds a reference');
SELECT lives_ok('INSERT INTO ats.referrals (id, application_id) VALUES (852, 2001)', 'lm referrals (applications write): adds a referral');
SELECT lives_ok('INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (7202, 2001, pg_temp.uid(''p_lm''))', 'lm interviews (write): schedules an interview');
SELECT is(pg_temp.affected('UPDATE ats.interviews SET scheduled_at = ''2030-01-01'' WHERE id = 7201'), 1::bigint, 'lm interviews (write): reschedules another user''s interview');
SELECT lives_ok('INSERT INTO ats.scorecards (id, application_id, rating) VALUES (7302, 2001, 4)', 'lm scorecards (write): submits a scorecard');
-- own: notes
SELECT lives_ok('INSERT INTO ats.notes (id, candidate_id, job_id, author_id, body) VALUES (5005, 1001, 101, pg_temp.uid(''p_other''), ''p lm new note'')',
    'lm notes (own): adds a note (naming another author)');
SELECT is(pg_temp.sees('SELECT id || '':'' || author_id FROM ats.notes'),
    pg_temp.set_of('5001:' || pg_temp.uid('p_lm'), '5005:' || pg_temp.uid('p_lm')),
    'lm notes (own): the new note is authored by the line manager and visible; still only its own');
SELECT is(pg_temp.affected('UPDATE ats.notes SET body = ''p lm edited'' WHERE id = 5001'), 1::bigint, 'lm notes (own): edits its own note');
SELECT is(pg_temp.affected('UPDATE ats.notes SET body = ''p lm edited'' WHERE id IN (5002, 5003)'), 0::bigint, 'lm notes (own): other users'' notes are not there to change (0 rows)');
SELECT is(pg_temp.affected('DELETE FROM ats.notes WHERE id = 5002'), 0::bigint, 'lm notes (own): other users'' notes are not there to delete (0 rows)');
SELECT is(pg_temp.affected('DELETE FROM ats.notes WHERE id = 5005'), 1::bigint, 'lm notes (own): deletes its own note');
RESET ROLE;
SELECT is(pg_temp.sees('SELECT id || '':'' || body FROM ats_data.notes'),
    pg_temp.set_of('5001:p lm edited', '5002:p note by other', '5003:p candidate note by other', '5004:p note by cust'),
    'DBA: the line manager''s note edits reached its own note only; the notes of others are intact');
SELECT is(pg_temp.sees('SELECT stage FROM ats_data.applications WHERE id = 2001'), pg_temp.set_of('screen'), 'DBA: the stage change went through');

/* ---- 4. the same user with profile full ---- */
SELECT lives_ok('SELECT ats_acl.set_user(pg_temp.uid(''p_lm''), profile => ''full'')', 'admin-side: set_user moves the line manager to profile full');
SET ROLE p_lm;
SELECT is(pg_temp.p_levels(), array_fill('write'::text, ARRAY[15]), 'full: module_level is write everywhere at the next statement');
SELECT is(pg_temp.sees('SELECT id FROM ats.jobs'), pg_temp.set_of('101'), 'full: jobs: still only job 101 (the job rules still apply)');
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('1001'), 'full: candidates: still only 1001');
SELECT is(pg_temp.sees('SELECT id FROM ats.applications'), pg_temp.set_of('2001'), 'full: applications: still only 2001');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('5001', '5002', '5003', '5004'), 'full: every note of candidate 1001');
SELECT is(pg_temp.sees('SELECT note_id FROM ats.note_mentions'), pg_temp.set_of('5001', '5002'), 'full: note_mentions');
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('6001', '6002', '6003', '6004', '6005'), 'full: every document, CVs and attachments');
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('7001', '7002', '7003'), 'full: messages');
SELECT is(pg_temp.sees('SELECT id FROM ats.todos'), pg_temp.set_of('7101', '7102'), 'full: todos');
SELECT is(pg_temp.sees('SELECT id FROM ats.offers'), pg_temp.set_of('7401'), 'full: offers');
SELECT is(pg_temp.sees('SELECT id FROM ats.ratings'), pg_temp.set_of('7501', '7502'), 'full: ratings');
SELECT is(pg_temp.sees('SELECT id FROM ats.activity WHERE id >= 7800'), pg_temp.set_of('7801', '7802'), 'full: activity of job 101');
SELECT is(pg_temp.sees('SELECT id FROM ats.interviews'), pg_temp.set_of('7201', '7202'), 'full: interviews');
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards'), pg_temp.set_of('7301', '7302'), 'full: scorecards');
SELECT is(pg_temp.sees('SELECT tag_id::text FROM ats.candidate_tags UNION ALL SELECT id::text FROM ats.tags UNION ALL SELECT id::text FROM ats.custom_fields'),
    pg_temp.set_of('7611', '7611', '7612', '7701'), 'full: tags and custom fields');
SELECT is(pg_temp.affected('UPDATE ats.jobs SET title = ''p job A renamed'' WHERE id = 101'), 1::bigint, 'full: renames job 101');
SELECT lives_ok('INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (101, pg_temp.uid(''p_cust''), ''interviewer'')', 'full: adds a hiring team member');
SELECT is(pg_temp.affected('UPDATE ats.candidates SET full_name = ''p c1 renamed'' WHERE id = 1001'), 1::bigint, 'full: renames a candidate');
SELECT lives_ok('INSERT INTO ats.candidates (id, full_name) VALUES (1003, ''p new by lm'')', 'full: adds a candidate');
SELECT is(pg_temp.affected('DELETE FROM ats.candidate_groups WHERE candidate_id = 1001'), 1::bigint, 'full: removes a candidate from its group');
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name) VALUES (6101, 1001, 101, ''cv'', ''p lm cv.pdf'')', 'full: uploads a CV');
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name) VALUES (6102, 1001, 101, ''attachment'', ''p lm att2.pdf'')', 'full: uploads an attachment');
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, body) VALUES (7004, 1001, 101, ''p lm msg'')', 'full: sends a message');
SELECT lives_ok('INSERT INTO ats.todos (id, candidate_id, job_id, body) VALUES (7103, 1001, 101, ''p lm todo'')', 'full: adds a todo');
SELECT lives_ok('INSERT INTO ats.offers (id, application_id, salary) VALUES (7402, 2001, 5)', 'full: creates an offer');
SELECT is(pg_temp.affected('UPDATE ats.ratings SET stars = 1 WHERE id = 7502'), 1::bigint, 'full: changes its own rating');
SELECT lives_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1001, 7612)', 'full: tags a candidate');
SELECT is(pg_temp.affected('UPDATE ats.custom_field_values SET value = ''p changed'' WHERE candidate_id = 1001'), 1::bigint, 'full: changes a custom field value');
SELECT throws_ok('UPDATE ats.notes SET body = ''p x'' WHERE id = 5002', '42501', NULL,
    'full: another user''s note is visible but stays the author''s (the notes rule, not the profile)');
RESET ROLE;

/* ---- 5. a custom profile: messages own, offers read, documents own, applications read, rest none ---- */
SELECT ats_acl.set_profile_level('p_custom', 'messages', 'own');
SELECT ats_acl.set_profile_level('p_custom', 'offers', 'read');
SELECT ats_acl.set_profile_level('p_custom', 'documents', 'own');
SELECT ats_acl.set_profile_level('p_custom', 'applications', 'read');
SELECT lives_ok('SELECT ats_acl.set_user(pg_temp.uid(''p_cust''), profile => ''p_custom'')', 'custom: set_user gives the user the new profile');
SET ROLE p_cust;
SELECT is(pg_temp.p_levels(),
    ARRAY['none', 'none', 'read', 'none', 'none', 'own', 'own', 'none', 'none', 'none',
          'read', 'none', 'none', 'none', 'none'],
    'custom: module_level: the named modules as set, every unnamed module none');
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('7003'), 'custom messages (own): only its own message');
SELECT lives_ok('INSERT INTO ats.messages (id, candidate_id, job_id, author_id, body) VALUES (7005, 1001, 101, pg_temp.uid(''p_other''), ''p cust msg'')',
    'custom messages (own): sends a message (naming another author)');
SELECT is(pg_temp.sees('SELECT id || '':'' || author_id FROM ats.messages'),
    pg_temp.set_of('7003:' || pg_temp.uid('p_cust'), '7005:' || pg_temp.uid('p_cust')),
    'custom messages (own): the new message is its own and visible');
SELECT is(pg_temp.affected('UPDATE ats.messages SET body = ''p cust edited'' WHERE id = 7003'), 1::bigint, 'custom messages (own): edits its own message');
SELECT is(pg_temp.affected('UPDATE ats.messages SET body = ''p cust edited'' WHERE id IN (7001, 7002, 7004)'), 0::bigint, 'custom messages (own): others'' messages are not there (0 rows)');
SELECT is(pg_temp.sees('SELECT id FROM ats.applications'), pg_temp.set_of('2001'), 'custom applications (read): sees application 2001');
SELECT throws_ok('UPDATE ats.applications SET stage = ''offer'' WHERE id = 2001', '42501',
    'permission denied to change applications: the permission profile gives module "applications" the level "read"',
    'custom applications (read): moving it -> 42501 naming module applications');
SELECT is(pg_temp.sees('SELECT id FROM ats.offers'), pg_temp.set_of('7401', '7402'), 'custom offers (read): sees the offers (view_offers on job 101)');
SELECT throws_ok('INSERT INTO ats.offers (application_id, salary) VALUES (2001, 7)', '42501',
    'permission denied to change offers: the permission profile gives module "offers" the level "read"',
    'custom offers (read): creating an offer -> 42501 naming module offers');
SELECT throws_ok('UPDATE ats.offers SET salary = 7 WHERE id = 7401', '42501',
    'permission denied to change offers: the permission profile gives module "offers" the level "read"',
    'custom offers (read): changing an offer -> 42501 naming module offers');
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('6004'), 'custom documents (own) and cv (none): only its own attachment; not its own CV, not others'' attachments');
SELECT lives_ok('INSERT INTO ats.documents (id, candidate_id, job_id, kind, file_name, created_by) VALUES (6103, 1001, 101, ''attachment'', ''p cust att2.pdf'', pg_temp.uid(''p_other''))',
    'custom documents (own): uploads an attachment (naming another uploader)');
SELECT is(pg_temp.sees('SELECT id || '':'' || created_by FROM ats.documents'),
    pg_temp.set_of('6004:' || pg_temp.uid('p_cust'), '6103:' || pg_temp.uid('p_cust')),
    'custom documents (own): the new attachment is its own and visible');
SELECT is(pg_temp.affected('UPDATE ats.documents SET file_name = ''p cust renamed.pdf'' WHERE id = 6004'), 1::bigint, 'custom documents (own): renames its own attachment');
SELECT throws_ok('UPDATE ats.documents SET kind = ''cv'' WHERE id = 6004', '42501',
    'permission denied to change documents: the permission profile gives module "cv" the level "none"',
    'custom: turning its own attachment into a CV (module cv none) -> 42501 naming module cv');
SELECT throws_ok('INSERT INTO ats.documents (candidate_id, job_id, kind, file_name) VALUES (1001, 101, ''cv'', ''p cust cv2.pdf'')', '42501',
    'permission denied to change documents: the permission profile gives module "cv" the level "none"',
    'custom cv (none): uploading a CV -> 42501 naming module cv');
SELECT is(pg_temp.affected('UPDATE ats.documents SET file_name = ''x'' WHERE id IN (6001, 6002, 6005)'), 0::bigint, 'custom: CVs and others'' attachments are not there (0 rows)');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), '{}'::text[], 'custom notes (none, unnamed): none, not even its own note 5004');
SELECT throws_ok('INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (1001, 101, ''p cust note'')', '42501',
    'permission denied to change notes: the permission profile gives module "notes" the level "none"',
    'custom notes (none): adding a note -> 42501 naming module notes');
SELECT is(pg_temp.sees('SELECT id::text FROM ats.jobs UNION ALL SELECT id::text FROM ats.interviews UNION ALL SELECT id::text FROM ats.scorecards UNION ALL SELECT id::text FROM ats.activity'),
    '{}'::text[], 'custom (jobs, interviews, scorecards, activity none): none of their rows');
RESET ROLE;
SELECT is(pg_temp.sees('SELECT id || '':'' || body FROM ats_data.messages WHERE id IN (7001, 7002, 7003)'),
    pg_temp.set_of('7001:p message by other', '7002:p message by lm', '7003:p cust edited'),
    'DBA: the custom-profile user changed its own message only');

/* ---- 6. modules are independent: a module's level does not depend on another module's ---- */
SELECT ats_acl.set_profile_level('p_apps_none', 'offers', 'read');
SELECT ats_acl.set_profile_level('p_apps_none', 'candidates', 'read');
SELECT ats_acl.set_profile_level('p_apps_none', 'interviews', 'read');
SELECT ats_acl.set_user(pg_temp.uid('p_cust'), profile => 'p_apps_none');
SET ROLE p_cust;
SELECT is(pg_temp.sees('SELECT id FROM ats.offers'), pg_temp.set_of('7401', '7402'),
    'offers read, applications none: the offers of job 101 are seen (view_offers; the offers module is read)');
SELECT is(pg_temp.sees('SELECT id FROM ats.candidates'), pg_temp.set_of('1001'),
    'candidates read, applications none: candidate 1001 applied to job 101 is seen (view_applications there)');
SELECT is(pg_temp.sees('SELECT id FROM ats.interviews'), pg_temp.set_of('7201', '7202'),
    'interviews read, applications none: the interviews of job 101 are seen');
SELECT is(pg_temp.sees('SELECT id FROM ats.applications'), '{}'::text[], 'applications none: no application');
RESET ROLE;

/* ---- 7. own never creates a row authored by another user ---- */
SELECT ats_acl.set_profile_level('p_own_all', 'interviews', 'own');
SELECT ats_acl.set_profile_level('p_own_all', 'scorecards', 'own');
SELECT ats_acl.set_profile_level('p_own_all', 'applications', 'read');
SELECT ats_acl.set_user(pg_temp.uid('p_cust'), profile => 'p_own_all');
SET ROLE p_cust;
SELECT lives_ok('INSERT INTO ats.scorecards (id, application_id, rating) VALUES (7303, 2001, 2)', 'scorecards own: submits its own scorecard');
SELECT lives_ok('INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (7203, 2001, pg_temp.uid(''p_cust''))', 'interviews own: schedules an interview it conducts');
SELECT is(pg_temp.sees('SELECT id FROM ats.scorecards UNION ALL SELECT id FROM ats.interviews'), pg_temp.set_of('7203', '7303'),
    'scorecards and interviews own: only its own rows');
DO $$ BEGIN
    INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (7204, 2001, pg_temp.uid('p_other'));
EXCEPTION WHEN insufficient_privilege THEN NULL;
END $$;
DO $$ BEGIN
    INSERT INTO ats.scorecards (id, application_id, author_id, rating) VALUES (7304, 2001, pg_temp.uid('p_other'), 1);
EXCEPTION WHEN insufficient_privilege THEN NULL;
END $$;
RESET ROLE;
SELECT is(pg_temp.sees('SELECT id || '':'' || interviewer_id FROM ats_data.interviews WHERE interviewer_id <> ' || pg_temp.uid('p_cust') || ' AND id NOT IN (7201, 7202)'),
    '{}'::text[], 'interviews own: naming another interviewer is refused or made its own (no interview of another user created)');
SELECT is(pg_temp.sees('SELECT id || '':'' || author_id FROM ats_data.scorecards WHERE author_id <> ' || pg_temp.uid('p_cust') || ' AND id NOT IN (7301, 7302)'),
    '{}'::text[], 'scorecards own: a scorecard on behalf of another user is refused or made its own');

/* ---- 8. changes apply at the next statement, in the same transaction ---- */
SELECT ats_acl.set_user(pg_temp.uid('p_lm'), profile => 'line_manager');
SET ROLE p_lm;
SELECT is(ats_acl.module_level('notes'), 'own', 'set_user back to line_manager: notes own at the next statement');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('5001'), 'set_user back to line_manager: only its own note again');
RESET ROLE;
SET ROLE p_admin;
SELECT lives_ok('SELECT ats_acl.set_profile_level(''line_manager'', ''messages'', ''read'')', 'an admin gives line_manager messages read');
RESET ROLE;
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('7001', '7002', '7003', '7004', '7005'), 'messages read: the line manager sees the messages at the next statement');
SELECT throws_ok('UPDATE ats.messages SET body = ''p x'' WHERE id = 7002', '42501',
    'permission denied to change messages: the permission profile gives module "messages" the level "read"',
    'messages read: changing even its own message -> 42501');
RESET ROLE;
SELECT ats_acl.set_profile_level('line_manager', 'messages', 'own');
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), pg_temp.set_of('7002', '7004'), 'messages own: only its own messages at the next statement');
SELECT is(pg_temp.affected('UPDATE ats.messages SET body = ''p lm edited'' WHERE id = 7002'), 1::bigint, 'messages own: edits its own message');
RESET ROLE;
SELECT ats_acl.set_profile_level('line_manager', 'messages', 'none');
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.messages'), '{}'::text[], 'messages none again: nothing at the next statement');
RESET ROLE;
SELECT ats_acl.set_profile_level('line_manager', 'notes', 'write');
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('5001', '5002', '5003', '5004'), 'notes write: every note of candidate 1001 at the next statement');
RESET ROLE;
SELECT ats_acl.set_profile_level('line_manager', 'notes', 'own');
SET ROLE p_lm;
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), pg_temp.set_of('5001'), 'notes own again: only its own note at the next statement');
RESET ROLE;
SELECT ats_acl.deactivate_user(pg_temp.uid('p_cust'));
SET ROLE p_cust;
SELECT is(pg_temp.p_levels(), array_fill('none'::text, ARRAY[15]), 'a deactivated user has none everywhere, whatever its profile');
RESET ROLE;

/* ---- 9. set_profile_level: permission and bad input ---- */
SET ROLE p_lm;
SELECT throws_ok('SELECT ats_acl.set_profile_level(''line_manager'', ''notes'', ''write'')', '42501',
    'permission denied to change permission profiles', 'set_profile_level by a line manager -> 42501');
RESET ROLE;
SET ROLE p_other;
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_mine'', ''notes'', ''write'')', '42501',
    'permission denied to change permission profiles', 'set_profile_level by a job admin (not an ATS admin) -> 42501');
RESET ROLE;
SET ROLE p_unreg;
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_mine'', ''notes'', ''write'')', '42501',
    'permission denied to change permission profiles', 'set_profile_level by an unregistered role -> 42501');
RESET ROLE;
SET ROLE p_admin;
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_custom'', ''bogus'', ''read'')', '42704',
    'module "bogus" does not exist', 'set_profile_level: unknown module -> 42704');
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_custom'', ''notes'', ''admin'')', '22023',
    'invalid module level "admin"', 'set_profile_level: bad level -> 22023');
SELECT throws_ok('SELECT ats_acl.set_profile_level(''Bad Name'', ''notes'', ''read'')', '22023',
    'invalid profile name "Bad Name"', 'set_profile_level: bad profile name -> 22023');
SELECT throws_ok('SELECT ats_acl.set_profile_level(NULL, ''notes'', ''read'')', '22004', NULL, 'set_profile_level: NULL profile -> 22004');
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_custom'', NULL, ''read'')', '22004', NULL, 'set_profile_level: NULL module -> 22004');
SELECT throws_ok('SELECT ats_acl.set_profile_level(''p_custom'', ''notes'', NULL)', '22004', NULL, 'set_profile_level: NULL level -> 22004');
SELECT throws_ok('SELECT ats_acl.set_user(pg_temp.uid(''p_other''), profile => ''p_nope'')', '42704',
    'profile "p_nope" does not exist', 'set_user: unknown profile -> 42704');
SELECT throws_ok('SELECT ats_acl.add_user(''p_unreg'', ''Unregistered'', profile => ''p_nope'')', '42704',
    'profile "p_nope" does not exist', 'add_user: unknown profile -> 42704');
SELECT lives_ok('SELECT ats_acl.set_profile_level(''p_by_admin'', ''notes'', ''read'')', 'set_profile_level by an ATS admin creates a profile');
RESET ROLE;
SELECT is((SELECT level FROM ats_acl.profile_levels WHERE profile = 'p_by_admin' AND module = 'notes'), 'read',
    'the admin''s new profile is in ats_acl.profile_levels');
SELECT is(pg_temp.sees('SELECT id FROM ats_data.notes'), pg_temp.set_of('5001', '5002', '5003', '5004'), 'DBA: the refused statements left the notes as they were');

/* ---- 10. an ATS admin with profile line_manager: the profile restricts admins too ---- */
SELECT ats_acl.set_user(pg_temp.uid('p_admin'), profile => 'line_manager');
SET ROLE p_admin;
SELECT is(pg_temp.sees('SELECT id FROM ats.jobs'), pg_temp.set_of('101', '102'), 'admin + line_manager: sees every job (jobs read)');
SELECT is(pg_temp.sees('SELECT id FROM ats.notes'), '{}'::text[], 'admin + line_manager: notes own: no note (it wrote none)');
SELECT is(pg_temp.sees('SELECT id FROM ats.documents'), pg_temp.set_of('6001', '6005', '6101'), 'admin + line_manager: the CVs only');
SELECT throws_ok('UPDATE ats.jobs SET title = ''p renamed'' WHERE id = 102', '42501',
    'permission denied to change jobs: the permission profile gives module "jobs" the level "read"',
    'admin + line_manager: changing a job -> 42501 naming module jobs');
SELECT throws_ok('INSERT INTO ats.tags (category_id, name) VALUES (7601, ''p admin tag'')', '42501',
    'permission denied to change tags: the permission profile gives module "tags" the level "read"',
    'admin + line_manager: adding a tag -> 42501 naming module tags');
SELECT is(pg_temp.affected('UPDATE ats.applications SET stage = ''offer'' WHERE id = 2002'), 1::bigint, 'admin + line_manager: applications write: moves any application');
SELECT lives_ok('SELECT ats_acl.set_profile_level(''p_by_admin'', ''jobs'', ''write'')', 'admin + line_manager: still administers profiles (not a module)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
