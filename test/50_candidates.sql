-- 50_candidates.sql: candidates and their candidate-level data (SPEC 4.4, 4.5, 4.6 masks;
-- issue 3), for an admin, a recruiter and a sourcer on job A, a hiring manager on job B, a
-- group member, a candidate's creator, custom levels, a deactivated user and an unregistered role.
--   1. candidate visibility: exact visible sets per user; a regular user seeing job A but holding
--      no level sees none of its candidates; deactivated / unregistered roles see nothing
--   2. masks: email/phone (view_contact_details), salary_expectation/start_date (view_compensation);
--      group members, creators, admins see all; two jobs give the union of capabilities
--   3. masks: private custom field values (admins, or view_private_custom_fields on a job of the
--      candidate: SPEC 4.5, not a group or being the creator), public ones visible
--   4. masks: scorecards.private_notes (view_private_answers_and_notes, or being the author)
--   5. writes through ats.candidates: insert (attribution forced, RETURNING), unmasked update keeps
--      masked values, masked columns need their capability, add_edit_applications, immutable
--      id/created_by/created_at, delete admins only, invisible rows 0 rows
--   6. writes through ats.custom_field_values and ats.scorecards (private values / notes,
--      scorecards on behalf of another author)
--   7. groups: who sees groups / group_members / candidate_groups; group_members DML refused;
--      add_to_group admins only, internal users only; members share candidates they see
--   8. candidate_applications: every application of a visible candidate, right summary columns
--   9. candidate_tags: view_tags to read, edit_tags to write
--  10. losing access: application deleted, remove_from_group, revoke_job: next statement
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(149);

\ir helpers/common.psql

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them:
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;

/* ---------------------------------------------------------------- fixture
 * Users:
 *   k_admin    admin
 *   k_rec      recruiter on A (and on A's hiring team as recruiter; member of group 302)
 *   k_src      sourcer on A (on B's hiring team as recruiter: confers nothing)
 *   k_hm       hiring_manager on B
 *   k_jadm     job_admin on A
 *   k_coord    coordinator on A (submit_feedback_on_behalf, no view_private_answers_and_notes)
 *   k_grp      no level; member of group 301 (candidate 1004)
 *   k_grp2     no level; member of group 302 (no candidate at first)
 *   k_creator  no level; created candidate 1005
 *   k_reg      regular, no level: sees jobs A and B
 *   k_masked   custom k_plain on A: view_applications + add_edit_applications only
 *   k_reader   custom k_readonly on A: view_applications, view_contact_details,
 *              view_compensation, view_tags (no add_edit_applications, no edit_tags)
 *   k_both     custom k_contact on A (view_applications, view_contact_details,
 *              view_private_custom_fields), custom k_comp on B (view_applications, view_compensation)
 *   k_deact    recruiter on A, deactivated in section 1
 *   k_ext      external user (agency)
 *   k_unreg    granted ats_user, never registered
 * Jobs: 201 'k job A' (published), 202 'k job B' (not published).
 * Candidates: 1001 on A; 1002 on B; 1003 on A and B; 1004 talent pool in group 301;
 *   1005 talent pool created by k_creator; 1006 talent pool nobody but admins see.
 * Applications: 2001 (1001, A, applied, active), 2002 (1002, B, interview, active),
 *   2003 (1003, A, screen, rejected), 2004 (1003, B, offer, hired). */
CREATE ROLE k_admin; CREATE ROLE k_rec; CREATE ROLE k_src; CREATE ROLE k_hm; CREATE ROLE k_jadm; CREATE ROLE k_coord;
CREATE ROLE k_grp; CREATE ROLE k_grp2; CREATE ROLE k_creator; CREATE ROLE k_reg;
CREATE ROLE k_masked; CREATE ROLE k_reader; CREATE ROLE k_both; CREATE ROLE k_deact;
CREATE ROLE k_ext; CREATE ROLE k_unreg;
INSERT INTO test_uid VALUES
    ('k_admin',   ats_acl.add_user('k_admin',   'Admin', access_level => 'admin')),
    ('k_rec',     ats_acl.add_user('k_rec',     'Recruiter of A')),
    ('k_src',     ats_acl.add_user('k_src',     'Sourcer of A')),
    ('k_hm',      ats_acl.add_user('k_hm',      'Hiring manager of B')),
    ('k_jadm',    ats_acl.add_user('k_jadm',    'Job admin of A')),
    ('k_coord',   ats_acl.add_user('k_coord',   'Coordinator of A')),
    ('k_grp',     ats_acl.add_user('k_grp',     'Group 301 member')),
    ('k_grp2',    ats_acl.add_user('k_grp2',    'Group 302 member')),
    ('k_creator', ats_acl.add_user('k_creator', 'Creator of 1005')),
    ('k_reg',     ats_acl.add_user('k_reg',     'Regular without levels', access_level => 'regular')),
    ('k_masked',  ats_acl.add_user('k_masked',  'Plain custom level on A')),
    ('k_reader',  ats_acl.add_user('k_reader',  'Read-only custom level on A')),
    ('k_both',    ats_acl.add_user('k_both',    'Custom levels on A and B')),
    ('k_deact',   ats_acl.add_user('k_deact',   'Recruiter of A, to deactivate')),
    ('k_ext',     ats_acl.add_user('k_ext',     'Agency', kind => 'external', external_role => 'agency'));
GRANT ats_user TO k_unreg;   -- a client role that was never registered

INSERT INTO ats.jobs (id, title, status, published) VALUES
    (201, 'k job A', 'open', true), (202, 'k job B', 'open', false);
SELECT ats_acl.set_level_capabilities('k_plain', ARRAY['view_applications', 'add_edit_applications']);
SELECT ats_acl.set_level_capabilities('k_readonly',
    ARRAY['view_applications', 'view_contact_details', 'view_compensation', 'view_tags']);
SELECT ats_acl.set_level_capabilities('k_contact',
    ARRAY['view_applications', 'view_contact_details', 'view_private_custom_fields']);
SELECT ats_acl.set_level_capabilities('k_comp', ARRAY['view_applications', 'view_compensation']);
SELECT ats_acl.grant_job(201, pg_temp.uid('k_rec'),    'recruiter');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_src'),    'sourcer');
SELECT ats_acl.grant_job(202, pg_temp.uid('k_hm'),     'hiring_manager');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_jadm'),   'job_admin');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_coord'),  'coordinator');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_masked'), 'k_plain');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_reader'), 'k_readonly');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_both'),   'k_contact');
SELECT ats_acl.grant_job(202, pg_temp.uid('k_both'),   'k_comp');
SELECT ats_acl.grant_job(201, pg_temp.uid('k_deact'),  'recruiter');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES
    (201, pg_temp.uid('k_rec'), 'recruiter'),
    (202, pg_temp.uid('k_src'), 'recruiter'),
    (202, pg_temp.uid('k_hm'),  'hiring_manager');

INSERT INTO ats.candidates (id, full_name, email, phone, salary_expectation, start_date, created_by) VALUES
    (1001, 'k c1 on A',       'c1@k.test', '+1001', 1000, '2030-01-01', NULL),
    (1002, 'k c2 on B',       'c2@k.test', '+1002', 2000, '2030-02-01', NULL),
    (1003, 'k c3 on A and B', 'c3@k.test', '+1003', 3000, '2030-03-01', NULL),
    (1004, 'k c4 pool group', 'c4@k.test', '+1004', 4000, '2030-04-01', NULL),
    (1005, 'k c5 pool own',   'c5@k.test', '+1005', 5000, '2030-05-01', pg_temp.uid('k_creator')),
    (1006, 'k c6 pool none',  'c6@k.test', '+1006', 6000, '2030-06-01', NULL);
INSERT INTO ats.applications (id, candidate_id, job_id, stage, status) VALUES
    (2001, 1001, 201, 'applied',   'active'),
    (2002, 1002, 202, 'interview', 'active'),
    (2003, 1003, 201, 'screen',    'rejected'),
    (2004, 1003, 202, 'offer',     'hired');

INSERT INTO ats.groups (id, name) VALUES (301, 'k group 1'), (302, 'k group 2');
SELECT ats_acl.add_to_group(301, pg_temp.uid('k_grp'));
SELECT ats_acl.add_to_group(302, pg_temp.uid('k_rec'));
SELECT ats_acl.add_to_group(302, pg_temp.uid('k_grp2'));
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1004, 301);

INSERT INTO ats.custom_fields (id, name, private) VALUES
    (401, 'k public', false), (402, 'k private', true), (403, 'k private 2', true);
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES
    (1001, 401, 'pub1'), (1001, 402, 'priv1'), (1002, 401, 'pub2'), (1002, 402, 'priv2'),
    (1003, 402, 'priv3'), (1004, 402, 'priv4'), (1005, 402, 'priv5');

INSERT INTO ats.tag_categories (id, name) VALUES (601, 'k category');
INSERT INTO ats.tags (id, category_id, name) VALUES (611, 601, 'k tag 1'), (612, 601, 'k tag 2');
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1001, 611), (1003, 612);

INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes, private_notes) VALUES
    (501, 2001, pg_temp.uid('k_src'),   3, 'src notes', 'src private'),
    (502, 2001, pg_temp.uid('k_rec'),   4, 'rec notes', 'rec private'),
    (503, 2002, pg_temp.uid('k_hm'),    5, 'hm notes',  'hm private'),
    (504, 2002, pg_temp.uid('k_admin'), 2, 'adm notes', 'adm private');

/* ---- 1. candidate visibility ---- */
SET ROLE k_admin;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1002, 1003, 1004, 1005, 1006]::bigint[],
    'admin sees every candidate, talent pool included');
RESET ROLE;
SET ROLE k_rec;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1003]::bigint[],
    'recruiter on A: exactly the candidates on A (not B''s, not the talent pool)');
RESET ROLE;
SET ROLE k_src;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1003]::bigint[],
    'sourcer on A: exactly the candidates on A (B''s hiring team confers nothing)');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1002, 1003]::bigint[],
    'hiring manager on B: exactly the candidates on B');
RESET ROLE;
SET ROLE k_grp;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1004]::bigint[],
    'group member without levels: exactly the talent-pool candidate of its group');
RESET ROLE;
SET ROLE k_grp2;
SELECT is_empty('SELECT id FROM ats.candidates', 'member of a group without candidates: none');
RESET ROLE;
SET ROLE k_creator;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1005]::bigint[],
    'creator without levels: exactly the talent-pool candidate it created');
RESET ROLE;
SET ROLE k_both;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1002, 1003]::bigint[],
    'custom levels with view_applications on A and B: the candidates of both jobs');
RESET ROLE;
SET ROLE k_reg;
SELECT results_eq('SELECT id FROM ats.jobs ORDER BY id', ARRAY[201, 202]::bigint[],
    'regular without levels sees jobs A and B');
SELECT is_empty('SELECT id FROM ats.candidates', 'regular without levels sees none of their candidates');
SELECT is_empty('SELECT candidate_id FROM ats.candidate_applications', 'regular without levels: no summary row');
RESET ROLE;
SET ROLE k_deact;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1003]::bigint[],
    'recruiter on A before deactivation: the candidates on A');
RESET ROLE;
SELECT lives_ok(format('SELECT ats_acl.deactivate_user(%s)', pg_temp.uid('k_deact')), 'the DBA deactivates k_deact');
SET ROLE k_deact;
SELECT is_empty('SELECT id FROM ats.candidates', 'deactivated: sees no candidate');
SELECT is_empty('SELECT candidate_id FROM ats.candidate_applications', 'deactivated: no summary row');
SELECT is_empty('SELECT candidate_id FROM ats.custom_field_values', 'deactivated: no custom field value');
SELECT is_empty('SELECT candidate_id FROM ats.candidate_tags', 'deactivated: no candidate tag');
SELECT is_empty('SELECT id FROM ats.scorecards', 'deactivated: no scorecard');
SELECT throws_ok($$INSERT INTO ats.candidates (full_name) VALUES ('k by deactivated')$$, '42501',
    'permission denied to add candidates', 'deactivated: cannot add candidates');
SELECT is_empty($$UPDATE ats.candidates SET full_name = 'k x' WHERE id = 1001 RETURNING id$$,
    'deactivated: an update of a former candidate affects 0 rows');
RESET ROLE;
SET ROLE k_unreg;
SELECT is_empty('SELECT id FROM ats.candidates', 'unregistered role: sees no candidate');
SELECT is_empty('SELECT candidate_id FROM ats.candidate_applications', 'unregistered role: no summary row');
SELECT is_empty('SELECT candidate_id FROM ats.custom_field_values', 'unregistered role: no custom field value');
SELECT is_empty('SELECT id FROM ats.groups', 'unregistered role: no group');
SELECT throws_ok($$INSERT INTO ats.candidates (full_name) VALUES ('k by unregistered')$$, '42501',
    'permission denied to add candidates', 'unregistered role: cannot add candidates');
SELECT is_empty($$UPDATE ats.candidates SET full_name = 'k x' RETURNING id$$,
    'unregistered role: an update affects 0 rows');
RESET ROLE;
SELECT results_eq($$SELECT count(*)::int FROM ats_data.candidates WHERE full_name IN ('k x', 'k by deactivated', 'k by unregistered')$$,
    ARRAY[0], 'the DBA sees that nothing was written by the deactivated or unregistered role');

/* ---- 2. masks on candidates ---- */
SET ROLE k_rec;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates ORDER BY id',
    $$VALUES (1001::bigint, 'c1@k.test'::text, '+1001'::text, 1000::numeric, '2030-01-01'::date),
             (1003, 'c3@k.test', '+1003', 3000, '2030-03-01')$$,
    'recruiter (view_contact_details, view_compensation): real values');
RESET ROLE;
SET ROLE k_masked;
SELECT results_eq('SELECT id, full_name, email, phone, salary_expectation, start_date FROM ats.candidates ORDER BY id',
    $$VALUES (1001::bigint, 'k c1 on A'::text, NULL::text, NULL::text, NULL::numeric, NULL::date),
             (1003, 'k c3 on A and B', NULL, NULL, NULL, NULL)$$,
    'custom level without view_contact_details / view_compensation: the four columns read as NULL, the rest is there');
RESET ROLE;
SET ROLE k_both;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates ORDER BY id',
    $$VALUES (1001::bigint, 'c1@k.test'::text, '+1001'::text, NULL::numeric, NULL::date),
             (1002, NULL, NULL, 2000, '2030-02-01'),
             (1003, 'c3@k.test', '+1003', 3000, '2030-03-01')$$,
    'contact details via A only, compensation via B only, the union on the candidate of both jobs');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates ORDER BY id',
    $$VALUES (1002::bigint, 'c2@k.test'::text, '+1002'::text, 2000::numeric, '2030-02-01'::date),
             (1003, 'c3@k.test', '+1003', 3000, '2030-03-01')$$,
    'hiring manager on B: real values');
RESET ROLE;
SET ROLE k_grp;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates',
    $$VALUES (1004::bigint, 'c4@k.test'::text, '+1004'::text, 4000::numeric, '2030-04-01'::date)$$,
    'group member without levels: every column of the group''s candidate');
RESET ROLE;
SET ROLE k_creator;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates',
    $$VALUES (1005::bigint, 'c5@k.test'::text, '+1005'::text, 5000::numeric, '2030-05-01'::date)$$,
    'creator without levels: every column of its candidate');
RESET ROLE;
SET ROLE k_admin;
SELECT results_eq('SELECT id, email, phone, salary_expectation, start_date FROM ats.candidates WHERE id IN (1001, 1006) ORDER BY id',
    $$VALUES (1001::bigint, 'c1@k.test'::text, '+1001'::text, 1000::numeric, '2030-01-01'::date),
             (1006, 'c6@k.test', '+1006', 6000, '2030-06-01')$$,
    'admin: every column');
RESET ROLE;

/* ---- 3. masks on custom field values ---- */
SET ROLE k_rec;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1'::text), (1001, 402, NULL), (1003, 402, NULL)$$,
    'recruiter (no view_private_custom_fields): values of its candidates, private ones NULL, public ones visible');
RESET ROLE;
SET ROLE k_masked;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1'::text), (1001, 402, NULL), (1003, 402, NULL)$$,
    'custom level: public values visible, private ones NULL');
RESET ROLE;
SET ROLE k_both;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1'::text), (1001, 402, 'priv1'), (1002, 401, 'pub2'),
             (1002, 402, NULL), (1003, 402, 'priv3')$$,
    'view_private_custom_fields on A: private values of A''s candidates, not of the B-only candidate');
RESET ROLE;
SET ROLE k_jadm;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1'::text), (1001, 402, 'priv1'), (1003, 402, 'priv3')$$,
    'job admin of A (view_private_custom_fields): private values of A''s candidates');
RESET ROLE;
/* SPEC 4.5: "Private custom field values: only admin, or view_private_custom_fields on a
 * job of the candidate" (Teamtailor: only recruitment leads and admins see private custom
 * fields); a group or having created the candidate is not such a job. */
SET ROLE k_grp;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1004::bigint, 402::bigint, NULL::text)$$,
    'group member without a job level: the row of its group''s candidate, the private value masked (SPEC 4.5)');
RESET ROLE;
SET ROLE k_creator;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1005::bigint, 402::bigint, NULL::text)$$,
    'creator without a job level: the private value of its candidate masked (SPEC 4.5)');
RESET ROLE;
SET ROLE k_admin;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1'::text), (1001, 402, 'priv1'), (1002, 401, 'pub2'),
             (1002, 402, 'priv2'), (1003, 402, 'priv3'), (1004, 402, 'priv4'), (1005, 402, 'priv5')$$,
    'admin: every value');
RESET ROLE;

/* ---- 4. masks on scorecards.private_notes ---- */
SET ROLE k_rec;
SELECT results_eq('SELECT id, notes, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (501::bigint, 'src notes'::text, NULL::text), (502, 'rec notes', 'rec private')$$,
    'recruiter: private notes of others masked, its own visible');
RESET ROLE;
SET ROLE k_src;
SELECT results_eq('SELECT id, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (501::bigint, 'src private'::text)$$,
    'sourcer (no view_scorecards): only its own scorecard, with its private notes');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq('SELECT id, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (503::bigint, 'hm private'::text), (504, NULL)$$,
    'hiring manager (no view_private_answers_and_notes): its own private notes, another''s masked');
RESET ROLE;
SET ROLE k_coord;
SELECT results_eq('SELECT id, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (501::bigint, NULL::text), (502, NULL)$$,
    'coordinator of A (view_scorecards, no view_private_answers_and_notes): scorecards of A, private notes masked');
RESET ROLE;
SET ROLE k_jadm;
SELECT results_eq('SELECT id, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (501::bigint, 'src private'::text), (502, 'rec private')$$,
    'job admin of A (view_private_answers_and_notes): every private note on A');
RESET ROLE;
SET ROLE k_admin;
SELECT results_eq('SELECT id, private_notes FROM ats.scorecards ORDER BY id',
    $$VALUES (501::bigint, 'src private'::text), (502, 'rec private'), (503, 'hm private'), (504, 'adm private')$$,
    'admin: every private note');
RESET ROLE;

/* ---- 5. writes through ats.candidates ---- */
SET ROLE k_rec;
SELECT results_eq($$INSERT INTO ats.candidates (id, full_name, email, salary_expectation, created_by, created_at)
                    VALUES (1007, 'k c7 new', 'c7@k.test', 7000, pg_temp.uid('k_admin'), '2000-01-01')
                    RETURNING id, full_name, email, salary_expectation, created_by, created_at = now()$$,
    $$VALUES (1007::bigint, 'k c7 new'::text, 'c7@k.test'::text, 7000::numeric, pg_temp.uid('k_rec'), true)$$,
    'internal user inserts a candidate: created_by and created_at forced, RETURNING shows the row');
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1003, 1007]::bigint[],
    'the creator sees its new talent-pool candidate');
RESET ROLE;
SET ROLE k_src;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1003]::bigint[],
    'another user does not see the new talent-pool candidate');
RESET ROLE;

SET ROLE k_masked;
SELECT lives_ok($$UPDATE ats.candidates SET full_name = 'k c1 renamed' WHERE id = 1001$$,
    'custom level with add_edit_applications: updates an unmasked column');
SELECT throws_ok($$UPDATE ats.candidates SET email = 'x@k.test' WHERE id = 1001$$, '42501',
    'permission denied to change "email" of candidate 1001: capability "view_contact_details" on candidate 1001 is required',
    'email without view_contact_details: 42501 naming it');
SELECT throws_ok($$UPDATE ats.candidates SET phone = '+0' WHERE id = 1001$$, '42501',
    'permission denied to change "phone" of candidate 1001: capability "view_contact_details" on candidate 1001 is required',
    'phone without view_contact_details: 42501 naming it');
SELECT throws_ok($$UPDATE ats.candidates SET salary_expectation = 1 WHERE id = 1001$$, '42501',
    'permission denied to change "salary_expectation" of candidate 1001: capability "view_compensation" on candidate 1001 is required',
    'salary_expectation without view_compensation: 42501 naming it');
SELECT throws_ok($$UPDATE ats.candidates SET start_date = '2031-01-01' WHERE id = 1001$$, '42501',
    'permission denied to change "start_date" of candidate 1001: capability "view_compensation" on candidate 1001 is required',
    'start_date without view_compensation: 42501 naming it');
SELECT throws_ok($$UPDATE ats.candidates SET email = NULL WHERE id = 1001$$, '42501',
    'permission denied to change "email" of candidate 1001: capability "view_contact_details" on candidate 1001 is required',
    'erasing the masked email (SET email = NULL) without view_contact_details: 42501, not a silent no-op (SPEC 1)');
RESET ROLE;
SELECT results_eq('SELECT full_name, email, phone, salary_expectation, start_date FROM ats_data.candidates WHERE id = 1001',
    $$VALUES ('k c1 renamed'::text, 'c1@k.test'::text, '+1001'::text, 1000::numeric, '2030-01-01'::date)$$,
    'DBA: the unmasked update changed the name and kept the masked values; the denied ones changed nothing');

SET ROLE k_rec;
SELECT results_eq($$UPDATE ats.candidates SET email = 'c1new@k.test', salary_expectation = 1100 WHERE id = 1001
                    RETURNING email, salary_expectation$$,
    $$VALUES ('c1new@k.test'::text, 1100::numeric)$$,
    'recruiter (has the capabilities) updates masked columns');
SELECT throws_ok($$UPDATE ats.candidates SET id = 1999 WHERE id = 1001$$, '42501',
    'permission denied to change "id" of candidates 1001: the column cannot be changed', 'id cannot change');
SELECT throws_ok(format('UPDATE ats.candidates SET created_by = %s WHERE id = 1001', pg_temp.uid('k_rec')), '42501',
    'permission denied to change "created_by" of candidates 1001: the column cannot be changed', 'created_by cannot change');
SELECT throws_ok($$UPDATE ats.candidates SET created_at = '2000-01-01' WHERE id = 1001$$, '42501',
    'permission denied to change "created_at" of candidates 1001: the column cannot be changed', 'created_at cannot change');
SELECT throws_ok($$DELETE FROM ats.candidates WHERE id = 1001$$, '42501',
    'permission denied to delete candidate 1001', 'recruiter cannot delete a candidate');
SELECT is_empty($$UPDATE ats.candidates SET full_name = 'k hacked' WHERE id = 1002 RETURNING id$$,
    'update of an invisible candidate: 0 rows');
SELECT is_empty($$DELETE FROM ats.candidates WHERE id = 1002 RETURNING id$$,
    'delete of an invisible candidate: 0 rows');
RESET ROLE;
SELECT results_eq('SELECT full_name, email, salary_expectation FROM ats_data.candidates WHERE id IN (1001, 1002) ORDER BY id',
    $$VALUES ('k c1 renamed'::text, 'c1new@k.test'::text, 1100::numeric), ('k c2 on B', 'c2@k.test', 2000)$$,
    'DBA: the allowed update is there, the invisible candidate is untouched');

SET ROLE k_creator;
SELECT throws_ok(format('UPDATE ats.candidates SET created_by = %s WHERE id = 1005', pg_temp.uid('k_rec')), '42501',
    'permission denied to change "created_by" of candidates 1005: the column cannot be changed',
    'the creator cannot give its candidate away (ownership immutable)');
SELECT lives_ok($$UPDATE ats.candidates SET phone = '+1055' WHERE id = 1005$$, 'the creator edits its candidate''s masked column');
SELECT throws_ok($$DELETE FROM ats.candidates WHERE id = 1005$$, '42501',
    'permission denied to delete candidate 1005', 'the creator cannot delete its candidate');
RESET ROLE;
SET ROLE k_reader;
SELECT throws_ok($$UPDATE ats.candidates SET full_name = 'k nope' WHERE id = 1001$$, '42501',
    'permission denied to change "full_name" of candidate 1001: capability "add_edit_applications" on candidate 1001 is required',
    'without add_edit_applications: update of an unmasked column -> 42501');
SELECT throws_ok($$UPDATE ats.candidates SET email = 'nope@k.test' WHERE id = 1001$$, '42501',
    'permission denied to change "email" of candidate 1001: capability "add_edit_applications" on candidate 1001 is required',
    'without add_edit_applications: update of a visible masked column -> 42501');
RESET ROLE;
SET ROLE k_grp;
SELECT lives_ok($$UPDATE ats.candidates SET email = 'c4new@k.test' WHERE id = 1004$$,
    'group member edits the group''s candidate, masked column included');
RESET ROLE;
SET ROLE k_admin;
SELECT lives_ok($$DELETE FROM ats.candidates WHERE id = 1006$$, 'admin deletes a candidate');
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1001, 1002, 1003, 1004, 1005, 1007]::bigint[],
    'the deleted candidate is gone');
RESET ROLE;
SELECT results_eq('SELECT id, phone, email FROM ats_data.candidates WHERE id IN (1004, 1005) ORDER BY id',
    $$VALUES (1004::bigint, '+1004'::text, 'c4new@k.test'::text), (1005, '+1055', 'c5@k.test')$$,
    'DBA: creator and group member edits are there');

/* ---- 6. writes through ats.custom_field_values and ats.scorecards ---- */
SET ROLE k_rec;
SELECT lives_ok($$INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1003, 401, 'pub3')$$,
    'recruiter adds a public custom field value');
SELECT throws_ok($$INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1003, 403, 'x')$$, '42501',
    'permission denied to add custom_field_values: capability "view_private_custom_fields" on candidate 1003 is required',
    'recruiter cannot add a private custom field value');
SELECT results_eq($$UPDATE ats.custom_field_values SET value = 'pub1b' WHERE candidate_id = 1001 AND field_id = 401 RETURNING value$$,
    ARRAY['pub1b'], 'recruiter updates a public value');
SELECT throws_ok($$UPDATE ats.custom_field_values SET value = 'x' WHERE candidate_id = 1001 AND field_id = 402$$, '42501',
    'permission denied to change custom_field_values: capability "view_private_custom_fields" on candidate 1001 is required',
    'recruiter cannot update a private value it cannot see');
SELECT is_empty($$UPDATE ats.custom_field_values SET value = 'x' WHERE candidate_id = 1002 RETURNING value$$,
    'update of an invisible candidate''s values: 0 rows');
RESET ROLE;
SET ROLE k_reader;
SELECT throws_ok($$UPDATE ats.custom_field_values SET value = 'x' WHERE candidate_id = 1001 AND field_id = 401$$, '42501',
    'permission denied to change custom_field_values: capability "add_edit_applications" on candidate 1001 is required',
    'without add_edit_applications: no custom field value update');
RESET ROLE;
SET ROLE k_jadm;
SELECT results_eq($$UPDATE ats.custom_field_values SET value = 'priv1b' WHERE candidate_id = 1001 AND field_id = 402 RETURNING value$$,
    ARRAY['priv1b'], 'job admin (view_private_custom_fields) updates a private value');
SELECT lives_ok($$INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1003, 403, 'priv3c')$$,
    'job admin adds a private value');
RESET ROLE;
SET ROLE k_grp;
SELECT lives_ok($$INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1004, 401, 'pub4')$$,
    'group member adds a public value to its group''s candidate');
SELECT throws_ok($$UPDATE ats.custom_field_values SET value = 'priv4b' WHERE candidate_id = 1004 AND field_id = 402$$, '42501',
    'permission denied to change custom_field_values: capability "view_private_custom_fields" on candidate 1004 is required',
    'group member without view_private_custom_fields on a job cannot update a private value (SPEC 4.5)');
SELECT throws_ok($$INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES (1004, 403, 'priv4c')$$, '42501',
    'permission denied to add custom_field_values: capability "view_private_custom_fields" on candidate 1004 is required',
    'group member without view_private_custom_fields on a job cannot add a private value (SPEC 4.5)');
RESET ROLE;
SELECT results_eq('SELECT candidate_id, field_id, value FROM ats_data.custom_field_values ORDER BY 1, 2',
    $$VALUES (1001::bigint, 401::bigint, 'pub1b'::text), (1001, 402, 'priv1b'), (1002, 401, 'pub2'),
             (1002, 402, 'priv2'), (1003, 401, 'pub3'), (1003, 402, 'priv3'), (1003, 403, 'priv3c'),
             (1004, 401, 'pub4'), (1004, 402, 'priv4'), (1005, 402, 'priv5')$$,
    'DBA: exactly the allowed custom field writes happened');

SET ROLE k_rec;
SELECT results_eq($$UPDATE ats.scorecards SET notes = 'rec notes 2', private_notes = 'rec private 2' WHERE id = 502
                    RETURNING notes, private_notes$$,
    $$VALUES ('rec notes 2'::text, 'rec private 2'::text)$$, 'the author updates its scorecard, private notes included');
SELECT throws_ok($$UPDATE ats.scorecards SET rating = 1 WHERE id = 501$$, '42501',
    'permission denied to change scorecards 501', 'recruiter cannot change another''s scorecard');
SELECT throws_ok($$UPDATE ats.scorecards SET private_notes = 'x' WHERE id = 501$$, '42501',
    'permission denied to change scorecards 501', 'recruiter cannot write another''s masked private notes');
SELECT throws_ok(format('UPDATE ats.scorecards SET author_id = %s WHERE id = 502', pg_temp.uid('k_src')), '42501',
    'permission denied to change "author_id" of scorecards 502: the column cannot be changed', 'the author cannot be changed');
SELECT results_eq($$INSERT INTO ats.scorecards (application_id, rating, private_notes) VALUES (2003, 4, 'rec on c3')
                    RETURNING author_id, private_notes$$,
    $$VALUES (pg_temp.uid('k_rec'), 'rec on c3'::text)$$, 'recruiter adds a scorecard: author forced, its private notes visible');
RESET ROLE;
SET ROLE k_coord;
SELECT results_eq(format($$INSERT INTO ats.scorecards (application_id, author_id, rating, notes) VALUES (2001, %s, 3, 'coord for src')
                           RETURNING author_id, notes, private_notes$$, pg_temp.uid('k_src')),
    $$VALUES (pg_temp.uid('k_src'), 'coord for src'::text, NULL::text)$$,
    'coordinator (submit_feedback_on_behalf) adds a scorecard on behalf of another author');
SELECT throws_like(format($$INSERT INTO ats.scorecards (application_id, author_id, rating, private_notes) VALUES (2001, %s, 3, 'coord secret')$$,
                          pg_temp.uid('k_src')),
    '%"view_private_answers_and_notes"%',
    'on behalf of another author, writing private notes the writer will not see needs view_private_answers_and_notes');
RESET ROLE;
SET ROLE k_jadm;
SELECT results_eq(format($$INSERT INTO ats.scorecards (application_id, author_id, rating, private_notes) VALUES (2003, %s, 3, 'jadm for rec')
                           RETURNING author_id, private_notes$$, pg_temp.uid('k_rec')),
    $$VALUES (pg_temp.uid('k_rec'), 'jadm for rec'::text)$$,
    'job admin (view_private_answers_and_notes) writes private notes on behalf of another author');
RESET ROLE;
SET ROLE k_hm;
SELECT throws_ok($$UPDATE ats.scorecards SET notes = 'x' WHERE id = 504$$, '42501',
    'permission denied to change scorecards 504', 'hiring manager cannot change the admin''s scorecard');
RESET ROLE;
SET ROLE k_src;
SELECT is_empty($$UPDATE ats.scorecards SET notes = 'x' WHERE id = 502 RETURNING id$$,
    'update of an invisible scorecard: 0 rows');
RESET ROLE;
SET ROLE k_admin;
SELECT lives_ok($$UPDATE ats.scorecards SET notes = 'src notes by admin' WHERE id = 501$$, 'admin updates another''s scorecard');
RESET ROLE;
SELECT results_eq('SELECT id, notes, private_notes FROM ats_data.scorecards WHERE id IN (501, 502, 504) ORDER BY id',
    $$VALUES (501::bigint, 'src notes by admin'::text, 'src private'::text), (502, 'rec notes 2', 'rec private 2'),
             (504, 'adm notes', 'adm private')$$,
    'DBA: exactly the allowed scorecard writes happened, private notes kept');
SELECT results_eq($$SELECT count(*)::int FROM ats_data.scorecards WHERE private_notes = 'coord secret'$$, ARRAY[0],
    'DBA: the refused on-behalf private notes were not written');

/* ---- 7. groups ---- */
SET ROLE k_grp;
SELECT results_eq('SELECT id FROM ats.groups ORDER BY id', ARRAY[301]::bigint[], 'member sees its group only');
SELECT results_eq('SELECT group_id, user_id FROM ats.group_members ORDER BY 1, 2',
    $$VALUES (301::bigint, pg_temp.uid('k_grp'))$$, 'member sees its group''s members only');
SELECT results_eq('SELECT candidate_id, group_id FROM ats.candidate_groups ORDER BY 1, 2',
    $$VALUES (1004::bigint, 301::bigint)$$, 'member sees its group''s candidate_groups rows');
RESET ROLE;
SET ROLE k_rec;
SELECT results_eq('SELECT id FROM ats.groups ORDER BY id', ARRAY[302]::bigint[], 'another member sees its own group only');
SELECT results_eq('SELECT group_id, user_id FROM ats.group_members ORDER BY 1, 2',
    $$VALUES (302::bigint, pg_temp.uid('k_rec')), (302, pg_temp.uid('k_grp2'))$$, 'and its group''s members');
SELECT is_empty('SELECT candidate_id FROM ats.candidate_groups', 'no candidate in its group yet');
RESET ROLE;
SET ROLE k_src;
SELECT is_empty('SELECT id FROM ats.groups', 'non-member sees no group');
SELECT is_empty('SELECT group_id FROM ats.group_members', 'non-member sees no group member');
SELECT is_empty('SELECT group_id FROM ats.candidate_groups', 'non-member sees no candidate_groups row');
RESET ROLE;
SET ROLE k_admin;
SELECT results_eq('SELECT id FROM ats.groups ORDER BY id', ARRAY[301, 302]::bigint[], 'admin sees every group');
SELECT throws_ok(format('INSERT INTO ats.group_members (group_id, user_id) VALUES (301, %s)', pg_temp.uid('k_src')), '42501',
    'permission denied to change group_members directly', 'even an admin cannot insert into group_members');
SELECT throws_ok(format('SELECT ats_acl.add_to_group(301, %s)', pg_temp.uid('k_ext')), '22023',
    format('user %s (k_ext) is an external user', pg_temp.uid('k_ext')), 'add_to_group of an external user: 22023');
RESET ROLE;
SET ROLE k_grp;
SELECT throws_ok('DELETE FROM ats.group_members WHERE group_id = 301', '42501',
    'permission denied to change group_members directly', 'a member cannot delete from group_members');
RESET ROLE;
SET ROLE k_rec;
SELECT throws_ok(format('UPDATE ats.group_members SET group_id = 301 WHERE user_id = %s', pg_temp.uid('k_rec')), '42501',
    'permission denied to change group_members directly', 'a member cannot move itself to another group');
SELECT throws_ok(format('SELECT ats_acl.add_to_group(301, %s)', pg_temp.uid('k_rec')), '42501',
    'permission denied to change group membership', 'add_to_group by a non-admin: 42501');
SELECT lives_ok('INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1001, 302)',
    'a member adds a candidate it sees to its group');
SELECT throws_ok('INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1002, 302)', '42501',
    'permission denied to add candidate_groups: capability "view_applications" on candidate 1002 is required',
    'a member cannot add a candidate it does not see');
SELECT throws_ok('INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1001, 301)', '42501', NULL,
    'a user cannot add a candidate to a group it is not a member of');
RESET ROLE;
SET ROLE k_grp2;
SELECT results_eq('SELECT id, email, salary_expectation FROM ats.candidates',
    $$VALUES (1001::bigint, 'c1new@k.test'::text, 1100::numeric)$$,
    'the other member now sees the shared candidate, unmasked');
SELECT results_eq('SELECT candidate_id, group_id FROM ats.candidate_groups',
    $$VALUES (1001::bigint, 302::bigint)$$, 'and its candidate_groups row');
RESET ROLE;
SELECT results_eq('SELECT group_id, user_id FROM ats_data.group_members ORDER BY 1, 2',
    $$VALUES (301::bigint, pg_temp.uid('k_grp')), (302, pg_temp.uid('k_rec')), (302, pg_temp.uid('k_grp2'))$$,
    'DBA: group membership unchanged by the refused statements');

/* ---- 8. candidate_applications ---- */
SET ROLE k_rec;
SELECT results_eq($$SELECT candidate_id, application_id, job_id, job_title, job_recruiter, job_published,
                           application_status, stage FROM ats.candidate_applications ORDER BY application_id$$,
    $$VALUES (1001::bigint, 2001::bigint, 201::bigint, 'k job A'::text, pg_temp.uid('k_rec'), true, 'active'::text, 'applied'::text),
             (1003, 2003, 201, 'k job A', pg_temp.uid('k_rec'), true, 'rejected', 'screen'),
             (1003, 2004, 202, 'k job B', pg_temp.uid('k_src'), false, 'hired', 'offer')$$,
    'recruiter on A: every application of its candidates, the one on B included, with the right summary columns');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[2001, 2003]::bigint[],
    'applications itself shows only those on A');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq($$SELECT application_id, job_title, job_recruiter, job_published, application_status, stage
                      FROM ats.candidate_applications ORDER BY application_id$$,
    $$VALUES (2002::bigint, 'k job B'::text, pg_temp.uid('k_src'), false, 'active'::text, 'interview'::text),
             (2003, 'k job A', pg_temp.uid('k_rec'), true, 'rejected', 'screen'),
             (2004, 'k job B', pg_temp.uid('k_src'), false, 'hired', 'offer')$$,
    'hiring manager on B: the application of its candidate on A too');
SELECT results_eq('SELECT id FROM ats.applications ORDER BY id', ARRAY[2002, 2004]::bigint[],
    'applications itself shows only those on B');
RESET ROLE;
SET ROLE k_grp;
SELECT is_empty('SELECT application_id FROM ats.candidate_applications',
    'group member seeing only a talent-pool candidate: no summary row (none of the candidates it does not see)');
RESET ROLE;
SET ROLE k_grp2;
SELECT results_eq('SELECT application_id FROM ats.candidate_applications ORDER BY 1', ARRAY[2001]::bigint[],
    'candidate seen through a group: its application on a job the user cannot open');
SELECT is_empty('SELECT id FROM ats.applications', 'but not in applications');
RESET ROLE;
SET ROLE k_admin;
SELECT results_eq('SELECT application_id FROM ats.candidate_applications ORDER BY 1', ARRAY[2001, 2002, 2003, 2004]::bigint[],
    'admin: every summary row');
RESET ROLE;

/* ---- 9. candidate_tags ---- */
SET ROLE k_rec;
SELECT results_eq('SELECT candidate_id, tag_id FROM ats.candidate_tags ORDER BY 1, 2',
    $$VALUES (1001::bigint, 611::bigint), (1003, 612)$$, 'recruiter (view_tags): tags of its candidates');
SELECT lives_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1001, 612)', 'recruiter (edit_tags) tags a candidate');
RESET ROLE;
SET ROLE k_reader;
SELECT results_eq('SELECT candidate_id, tag_id FROM ats.candidate_tags ORDER BY 1, 2',
    $$VALUES (1001::bigint, 611::bigint), (1001, 612), (1003, 612)$$, 'view_tags without edit_tags: sees the tags, the new one included');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1003, 611)', '42501',
    'permission denied to add candidate_tags: capability "edit_tags" on candidate 1003 is required',
    'without edit_tags: cannot tag');
SELECT throws_ok('DELETE FROM ats.candidate_tags WHERE candidate_id = 1001 AND tag_id = 611', '42501',
    'permission denied to delete candidate_tags: capability "edit_tags" on candidate 1001 is required',
    'without edit_tags: cannot untag');
RESET ROLE;
SET ROLE k_masked;
SELECT is_empty('SELECT candidate_id FROM ats.candidate_tags', 'without view_tags: no tag of its candidates');
SELECT throws_ok('INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (1003, 611)', '42501',
    'permission denied to add candidate_tags: capability "edit_tags" on candidate 1003 is required',
    'without edit_tags (and view_tags): cannot tag');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq('SELECT candidate_id, tag_id FROM ats.candidate_tags ORDER BY 1, 2',
    $$VALUES (1003::bigint, 612::bigint)$$, 'hiring manager on B: tags of its candidates only');
RESET ROLE;
SET ROLE k_rec;
SELECT results_eq('DELETE FROM ats.candidate_tags WHERE candidate_id = 1001 AND tag_id = 612 RETURNING tag_id',
    ARRAY[612]::bigint[], 'recruiter (edit_tags) untags');
SELECT is_empty('DELETE FROM ats.candidate_tags WHERE candidate_id = 1002 RETURNING tag_id',
    'untagging an invisible candidate: 0 rows');
RESET ROLE;
SELECT results_eq('SELECT candidate_id, tag_id FROM ats_data.candidate_tags ORDER BY 1, 2',
    $$VALUES (1001::bigint, 611::bigint), (1003, 612)$$, 'DBA: exactly the allowed tag writes happened');

/* ---- 10. losing access at the next statement ---- */
SET ROLE k_admin;
SELECT lives_ok('DELETE FROM ats.applications WHERE id = 2002', 'admin deletes the application of 1002 on B');
RESET ROLE;
SET ROLE k_hm;
SELECT results_eq('SELECT id FROM ats.candidates ORDER BY id', ARRAY[1003]::bigint[],
    'without its application on B, the candidate is gone for the hiring manager');
SELECT results_eq('SELECT application_id FROM ats.candidate_applications ORDER BY 1', ARRAY[2003, 2004]::bigint[],
    'and so are its summary rows');
RESET ROLE;
SET ROLE k_admin;
SELECT lives_ok(format('SELECT ats_acl.remove_from_group(301, %s)', pg_temp.uid('k_grp')), 'admin removes k_grp from its group');
RESET ROLE;
SET ROLE k_grp;
SELECT is_empty('SELECT id FROM ats.candidates', 'removed from the group: the group''s candidate is gone');
SELECT is_empty('SELECT id FROM ats.groups', 'removed from the group: the group is gone');
SELECT is_empty('SELECT candidate_id FROM ats.custom_field_values', 'removed from the group: the candidate''s values are gone');
RESET ROLE;
SET ROLE k_admin;
SELECT lives_ok(format('SELECT ats_acl.revoke_job(201, %s)', pg_temp.uid('k_src')), 'admin revokes the sourcer''s grant on A');
RESET ROLE;
SET ROLE k_src;
SELECT is_empty('SELECT id FROM ats.candidates', 'grant revoked: the candidates of A are gone');
SELECT is_empty('SELECT application_id FROM ats.candidate_applications', 'grant revoked: no summary row');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
