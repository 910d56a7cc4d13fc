-- demo/scenario.sql: a small hiring pipeline that shows the Gem ATS rules
-- (seeds/004_4883788c578fc812.txt, SPEC 4.1-4.3) enforced by ats_acl.
--
-- Load it as the DBA into a database where the extension exists (tools/demo.sh
-- does this):   psql -X -q -d ats_demo -f demo/scenario.sql >/dev/null
-- It is a psql script: user and job ids are kept in psql variables (\gset).
--
-- Sections: 1 roles and ATS users, 2 reference lists, 3 jobs, 4 grants, rules
-- and hiring teams, 5 candidates and applications, 6 deactivation, 7 the demo
-- schema that tools/demo.sh reads (cast list, write attempts, helpers).
--
-- Everything is loaded by the DBA (postgres) except where attribution or the
-- caller's own rights are the point: Rita creates her job herself (so the
-- creator grant comes from the trigger), Ada and Rita hand out levels with
-- their own ats_acl.* calls.
\set ON_ERROR_STOP on
BEGIN;

-------------------------------------------------------------------------------
-- 1. Roles and ATS users.  Every ATS user is a LOGIN role registered with
--    ats_acl.add_user (SPEC 2); the ids go into psql variables.
-------------------------------------------------------------------------------
CREATE ROLE demo_ada LOGIN;
CREATE ROLE demo_rita LOGIN;
CREATE ROLE demo_hank LOGIN;
CREATE ROLE demo_cora LOGIN;
CREATE ROLE demo_rex LOGIN;
CREATE ROLE demo_sam LOGIN;
CREATE ROLE demo_dora LOGIN;
CREATE ROLE demo_lou LOGIN;
CREATE ROLE demo_tim LOGIN;
CREATE ROLE demo_vic LOGIN;
CREATE ROLE demo_ivan LOGIN;

-- Gem "Admin" ATS module access: sees every job, confidential ones too, and
-- has admin permissions (every capability) on all jobs.
SELECT ats_acl.add_user('demo_ada', 'Ada Admin', access_level => 'admin',
                        email => 'ada@example.com') AS ada \gset
-- Gem "Regular": sees all non-confidential jobs plus jobs granted to her,
-- and can create jobs (becoming their job admin).
SELECT ats_acl.add_user('demo_rita', 'Rita Regular', access_level => 'regular',
                        email => 'rita@example.com') AS rita \gset
-- Gem "Limited": sees only jobs granted to them, directly or by a rule;
-- cannot create jobs.  One user per job access level of the seed's table.
SELECT ats_acl.add_user('demo_hank', 'Hank Hiring-Manager', email => 'hank@example.com') AS hank \gset
SELECT ats_acl.add_user('demo_cora', 'Cora Coordinator', email => 'cora@example.com') AS cora \gset
SELECT ats_acl.add_user('demo_rex', 'Rex Recruiter', email => 'rex@example.com') AS rex \gset
SELECT ats_acl.add_user('demo_sam', 'Sam Sourcer', email => 'sam@example.com') AS sam \gset
-- Limited users reached only through job access rules (department / location).
SELECT ats_acl.add_user('demo_dora', 'Dora Department-Rule', email => 'dora@example.com') AS dora \gset
SELECT ats_acl.add_user('demo_lou', 'Lou Location-Rule', email => 'lou@example.com') AS lou \gset
-- Limited user who is only on a hiring team: team roles confer nothing.
SELECT ats_acl.add_user('demo_tim', 'Tim Team-Only', email => 'tim@example.com') AS tim \gset
-- Limited user who had a grant and then left the company (deactivated).
SELECT ats_acl.add_user('demo_vic', 'Vic Former-Recruiter', email => 'vic@example.com') AS vic \gset

-------------------------------------------------------------------------------
-- 2. Reference lists (readable by every active user, written by admins).
-------------------------------------------------------------------------------
INSERT INTO ats.departments (id, name) VALUES (1, 'Engineering'), (2, 'Sales');
INSERT INTO ats.locations (id, name) VALUES (1, 'Prague'), (2, 'Valletta');
INSERT INTO ats.sources (id, name) VALUES (1, 'Careers page'), (2, 'LinkedIn'), (3, 'Agency Alpha');

-------------------------------------------------------------------------------
-- 3. Jobs.  Jobs 1-5 are imported by the DBA (no creator); job 6 is created
--    by Rita below.  Job 4 is confidential: only admins and users with a
--    direct grant see it; department/location rules never reach it.
-------------------------------------------------------------------------------
INSERT INTO ats.jobs (id, title, department_id, location_id, confidential, status, published) VALUES
    (1, 'Backend Engineer',                  1, 1, false, 'open',  true),
    (2, 'Frontend Engineer',                 1, 2, false, 'open',  true),
    (3, 'Site Reliability Engineer',         1, 1, false, 'draft', false),
    (4, 'VP of Engineering (confidential)',  1, 1, true,  'open',  false),
    (5, 'Account Executive',                 2, 2, false, 'open',  true);
SELECT setval(pg_get_serial_sequence('ats_data.jobs', 'id'), 5);

-- Seed: "Job admin: This access level is granted to the creator of the job".
-- Rita (regular) creates job 6 as herself; the trigger records her as
-- created_by and grants her job_admin on it.  As its job admin she may approve
-- and publish it, and hand out levels on it (manage_job_permissions).
SET ROLE demo_rita;
INSERT INTO ats.jobs (title, department_id, location_id)
VALUES ('Sales Development Representative', 2, 1)
RETURNING id AS sdr_job \gset
UPDATE ats.jobs SET status = 'open', published = true WHERE id = :sdr_job;
SELECT ats_acl.grant_job(:sdr_job, :rex, 'recruiter');
RESET ROLE;

-------------------------------------------------------------------------------
-- 4. Direct grants, access rules, hiring teams.
-------------------------------------------------------------------------------
SET ROLE demo_ada;
-- Seed: "If you have the Manage job permissions capability, adding a user to
-- the hiring team will automatically add them to the permissions table as
-- well": Ada (admin) puts Hank on job 1's hiring team as hiring manager, which
-- also grants him the hiring_manager level there.
SELECT ats_acl.add_to_hiring_team(1, :hank, 'hiring_manager');
-- A direct grant reaches a confidential job: Hank is also hiring manager of
-- the VP of Engineering search.
SELECT ats_acl.grant_job(4, :hank, 'hiring_manager');
-- Seed: "You may grant job access to users who are not on the hiring team":
-- plain grants, one per level of the seed's capability table.
SELECT ats_acl.grant_job(2, :cora, 'coordinator');
SELECT ats_acl.grant_job(1, :rex, 'recruiter');
SELECT ats_acl.grant_job(5, :rex, 'recruiter');
SELECT ats_acl.grant_job(1, :sam, 'sourcer');
SELECT ats_acl.grant_job(2, :sam, 'sourcer');
SELECT ats_acl.grant_job(5, :vic, 'recruiter');
RESET ROLE;

-- Seed: "Assigning job access levels by department and/or location" (admins
-- or the DBA define the rules).
-- Dora: recruiter on every Engineering job (any location).  It reaches jobs
-- 1, 2 and 3, and jobs created there later, but not the confidential job 4
-- ("These access rules will not grant team members access to confidential
-- jobs").
SELECT ats_acl.add_access_rule(:dora, 'recruiter', 1, NULL);
-- ... and a direct grant of sourcer on job 2, which replaces the rule there
-- ("the individual access level selected on the job will take precedence"):
-- on job 2 Dora may add applications but no longer advance or reject them.
SELECT ats_acl.grant_job(2, :dora, 'sourcer');
-- Lou: coordinator on every job in Valletta (any department): jobs 2 and 5.
SELECT ats_acl.add_access_rule(:lou, 'coordinator', NULL, 2);

-- Seed: "Hiring team roles do not confer job permissions on their own".  Tim
-- is put on job 1's hiring team as recruiter by a plain insert, without a
-- grant: he sees no job at all.
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, :tim, 'recruiter');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, :rex, 'recruiter');
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (2, :cora, 'coordinator');

-------------------------------------------------------------------------------
-- 5. Candidates and applications (imported by the DBA).  Candidates are
--    DBA-only in this version (their rules come with a later issue).
-------------------------------------------------------------------------------
INSERT INTO ats.candidates (id, full_name, email, phone, salary_expectation, start_date) VALUES
    (1,  'Ann Archer',  'ann@example.org',  '+420 601 000 001', 95000,  '2025-01-01'),
    (2,  'Bob Baker',   'bob@example.org',  '+420 601 000 002', 88000,  '2025-02-01'),
    (3,  'Cid Cooper',  'cid@example.org',  '+356 7900 0003',   70000,  NULL),
    (4,  'Dee Dalton',  'dee@example.org',  '+356 7900 0004',   72000,  '2025-03-01'),
    (5,  'Eva Evans',   'eva@example.org',  '+420 601 000 005', 180000, '2025-06-01'),
    (6,  'Finn Foster', 'finn@example.org', '+420 601 000 006', 99000,  NULL),
    (7,  'Gia Green',   'gia@example.org',  '+356 7900 0007',   60000,  '2025-01-15'),
    (8,  'Hugo Hart',   'hugo@example.org', '+356 7900 0008',   65000,  NULL),
    (9,  'Ivy Irwin',   'ivy@example.org',  '+420 601 000 009', 55000,  '2025-04-01'),
    (10, 'Jan Novak',   'jan@example.org',  '+420 601 000 010', 90000,  NULL);
SELECT setval(pg_get_serial_sequence('ats_data.candidates', 'id'), 10);

INSERT INTO ats.applications (id, candidate_id, job_id, source_id, stage, status) VALUES
    -- job 1 Backend Engineer (Engineering, Prague)
    (1,  1,  1, 1, 'applied',      'active'),
    (2,  2,  1, 2, 'phone_screen', 'active'),
    (3,  6,  1, 3, 'applied',      'active'),
    (4,  10, 1, 2, 'phone_screen', 'active'),
    (5,  3,  1, 1, 'onsite',       'rejected'),
    (6,  9,  1, 1, 'offer',        'active'),
    -- job 2 Frontend Engineer (Engineering, Valletta)
    (7,  3,  2, 1, 'applied',      'active'),
    (8,  4,  2, 2, 'phone_screen', 'active'),
    (9,  8,  2, 3, 'offer',        'active'),
    (10, 7,  2, 1, 'applied',      'rejected'),
    -- job 3 Site Reliability Engineer (draft)
    (11, 6,  3, 2, 'sourced',      'active'),
    (12, 10, 3, 2, 'sourced',      'active'),
    -- job 4 VP of Engineering (confidential)
    (13, 5,  4, 3, 'onsite',       'active'),
    (14, 1,  4, 3, 'offer',        'active'),
    -- job 5 Account Executive (Sales, Valletta)
    (15, 7,  5, 1, 'applied',      'active'),
    (16, 4,  5, 2, 'phone_screen', 'active'),
    (17, 8,  5, 1, 'onsite',       'active'),
    (18, 9,  5, 3, 'hired',        'hired'),
    -- job 6 Sales Development Representative (Rita's job)
    (19, 2,  :sdr_job, 1, 'applied', 'active'),
    (20, 7,  :sdr_job, 2, 'phone_screen', 'active');
SELECT setval(pg_get_serial_sequence('ats_data.applications', 'id'), 20);

-------------------------------------------------------------------------------
-- 6. Vic leaves: a deactivated user sees nothing and writes nothing, even
--    though his grant on job 5 is still in the catalog (SPEC 2).
-------------------------------------------------------------------------------
SELECT ats_acl.deactivate_user(:vic);

-- A custom level (Gem: admins define their own): an interviewer on job 1
-- sees the applications and notes, not contact details or compensation.
SELECT ats_acl.add_user('demo_ivan', 'Ivan Interviewer', email => 'ivan@example.com') AS ivan \gset
SELECT ats_acl.set_level_capabilities('interviewer',
       ARRAY['view_applications', 'view_stage', 'view_all_notes', 'add_notes', 'rate_candidates']);
SELECT ats_acl.grant_job(1, :ivan, 'interviewer');

-- Ann Archer's candidate card (Teamtailor: candidate data vs job data).  She
-- applied to the Backend job (1) and the confidential VP job (4).
--   candidate data (job_id NULL): seen by everyone who sees Ann;
--   job data (job_id set): only by users with view_applications on that job.
-- Tim sees Ann through the "Engineering talent pool" group only: candidate
-- data yes, job data no, and still no job at all.
INSERT INTO ats.groups (id, name) VALUES (1, 'Engineering talent pool');
SELECT ats_acl.add_to_group(1, :tim);
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (1, 1), (6, 1);
SET ROLE demo_ada;
INSERT INTO ats.notes (candidate_id, job_id, body)
VALUES (1, NULL, 'Met Ann at the Prague Go meetup; open to relocation.');
INSERT INTO ats.documents (candidate_id, job_id, kind, file_name)
VALUES (1, NULL, 'cv', 'ann-archer-cv.pdf');
RESET ROLE;
SET ROLE demo_rex;
INSERT INTO ats.notes (candidate_id, job_id, body)
VALUES (1, 1, 'Backend phone screen: strong on Go and Postgres.');
INSERT INTO ats.documents (candidate_id, job_id, kind, file_name)
VALUES (1, 1, 'attachment', 'backend-take-home.zip');
RESET ROLE;
SET ROLE demo_hank;
INSERT INTO ats.notes (candidate_id, job_id, kind, body)
VALUES (1, 4, 'interview', 'VP interview: board wants her; salary band tight.');
RESET ROLE;

-------------------------------------------------------------------------------
-- 7. The demo schema read by tools/demo.sh (not part of the extension).
-------------------------------------------------------------------------------
CREATE SCHEMA demo;
GRANT USAGE ON SCHEMA demo TO PUBLIC;

-- Who is shown, in which order, and which seed rule each one demonstrates.
CREATE TABLE demo.cast_list (
    ord       int PRIMARY KEY,
    role_name name NOT NULL UNIQUE,
    shows     text NOT NULL
);
INSERT INTO demo.cast_list VALUES
    (1,  'demo_ada',  'admin module access: every job, confidential too, every capability'),
    (2,  'demo_rita', 'regular: all non-confidential jobs; job_admin on the job she created'),
    (3,  'demo_hank', 'limited + hiring_manager (one grant via hiring team, one on a confidential job)'),
    (4,  'demo_cora', 'limited + coordinator by direct grant'),
    (5,  'demo_rex',  'limited + recruiter by direct grants (one handed out by Rita on her job)'),
    (6,  'demo_sam',  'limited + sourcer by direct grants'),
    (7,  'demo_dora', 'department rule (recruiter on Engineering); a direct grant overrides it on job 2'),
    (8,  'demo_lou',  'location rule (coordinator on Valletta)'),
    (9,  'demo_tim',  'on a hiring team without a grant: the team role confers nothing'),
    (10, 'demo_vic',  'deactivated user: his old grant no longer counts'),
    (11, 'demo_ivan', 'custom level "interviewer": applications, no contact details or compensation');

-- One or two writes each user tries; tools/demo.sh runs them as the user
-- through demo.try(), which rolls every one back so the scenario stays as
-- loaded.
CREATE TABLE demo.attempts (
    role_name name NOT NULL,
    ord       int NOT NULL,
    label     text NOT NULL,
    sql       text NOT NULL,
    PRIMARY KEY (role_name, ord)
);
INSERT INTO demo.attempts VALUES
    ('demo_ada',  1, 'hire application 14 on the confidential job 4',
     $$UPDATE ats.applications SET stage = 'hired', status = 'hired' WHERE id = 14$$),
    ('demo_ada',  2, 'grant Sam sourcer on job 4',
     format($$SELECT ats_acl.grant_job(4, %s, 'sourcer')$$, :sam)),
    ('demo_rita', 1, 'create a job (regular users may)',
     $$INSERT INTO ats.jobs (title, department_id, location_id) VALUES ('Sales Engineer', 2, 2)$$),
    ('demo_rita', 2, 'rename job 1, which she sees but holds no level on',
     $$UPDATE ats.jobs SET title = 'Senior Backend Engineer' WHERE id = 1$$),
    ('demo_hank', 1, 'move application 2 (job 1) to "onsite"',
     $$UPDATE ats.applications SET stage = 'onsite' WHERE id = 2$$),
    ('demo_hank', 2, 'create a job (limited users may not)',
     $$INSERT INTO ats.jobs (title, department_id, location_id) VALUES ('Staff Engineer', 1, 1)$$),
    ('demo_cora', 1, 'move application 8 (job 2) to "onsite"',
     $$UPDATE ats.applications SET stage = 'onsite' WHERE id = 8$$),
    ('demo_cora', 2, 'hire application 9 (job 2)',
     $$UPDATE ats.applications SET stage = 'hired', status = 'hired' WHERE id = 9$$),
    ('demo_rex',  1, 'reject application 3 (job 1)',
     $$UPDATE ats.applications SET status = 'rejected' WHERE id = 3$$),
    ('demo_rex',  2, 'rename job 1',
     $$UPDATE ats.jobs SET title = 'Senior Backend Engineer' WHERE id = 1$$),
    ('demo_sam',  1, 'add candidate 5 to job 1 (from Agency Alpha)',
     $$INSERT INTO ats.applications (candidate_id, job_id, source_id) VALUES (5, 1, 3)$$),
    ('demo_sam',  2, 'move application 1 (job 1) to "phone_screen"',
     $$UPDATE ats.applications SET stage = 'phone_screen' WHERE id = 1$$),
    ('demo_dora', 1, 'move application 4 (job 1, rule: recruiter) to "onsite"',
     $$UPDATE ats.applications SET stage = 'onsite' WHERE id = 4$$),
    ('demo_dora', 2, 'move application 7 (job 2, direct grant: sourcer) to "phone_screen"',
     $$UPDATE ats.applications SET stage = 'phone_screen' WHERE id = 7$$),
    ('demo_lou',  1, 'move application 16 (job 5) to "onsite"',
     $$UPDATE ats.applications SET stage = 'onsite' WHERE id = 16$$),
    ('demo_lou',  2, 'unpublish the post of job 5',
     $$UPDATE ats.jobs SET published = false WHERE id = 5$$),
    ('demo_tim',  1, 'move application 1 of job 1, whose hiring team he is on',
     $$UPDATE ats.applications SET stage = 'phone_screen' WHERE id = 1$$),
    ('demo_tim',  2, 'ask ats_acl.can(''view_applications'', 1)',
     $$SELECT ats_acl.can('view_applications', 1)$$),
    ('demo_vic',  1, 'move application 15 (job 5, where he was recruiter)',
     $$UPDATE ats.applications SET stage = 'phone_screen' WHERE id = 15$$);
GRANT SELECT ON demo.cast_list, demo.attempts TO PUBLIC;

-- Run one statement as the calling role and report what happened; a
-- statement that succeeds is rolled back (through a sentinel error caught by
-- the block), so the demo can be run again and again.
CREATE FUNCTION demo.try(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    val text;
    result text;
BEGIN
    BEGIN
        IF sql ~* '^\s*select' THEN
            EXECUTE sql INTO val;
            -- a void function (e.g. grant_job) may have written: roll it back
            result := CASE WHEN val = '' THEN 'ok (rolled back)' ELSE 'ok, returns ' || coalesce(val, 'NULL') END;
        ELSE
            EXECUTE sql;
            GET DIAGNOSTICS n = ROW_COUNT;
            result := CASE WHEN n = 0 THEN 'no error, 0 rows affected: the row is invisible to this user'
                           ELSE format('ok, %s row%s affected (rolled back)', n,
                                       CASE WHEN n = 1 THEN '' ELSE 's' END) END;
        END IF;
        RAISE SQLSTATE 'DEMO0';
    EXCEPTION
        WHEN SQLSTATE 'DEMO0' THEN
            RETURN result;
        WHEN OTHERS THEN
            RETURN format('ERROR %s: %s', SQLSTATE, SQLERRM);
    END;
END
$$;

-- The level whose capabilities equal a capability set ('-' for none,
-- 'custom' for a set no level has, e.g. the union of several rules).
-- SECURITY DEFINER: ATS users cannot read the catalog themselves.
CREATE FUNCTION demo.level_of(caps text[]) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN cardinality(caps) = 0 THEN '-'
                ELSE coalesce((SELECT string_agg(l.name, '/' ORDER BY l.name)
                                 FROM ats_acl.levels l
                                WHERE l.capabilities @> caps AND l.capabilities <@ caps),
                              'custom') END
$$;

-- A few capabilities that tell the levels apart, in short words.
CREATE FUNCTION demo.key_caps(caps text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(string_agg(k.short, ' ' ORDER BY k.ord), '')
      FROM (VALUES (1, 'view_applications', 'view'),
                   (2, 'add_edit_applications', 'add'),
                   (3, 'advance_reject_applications', 'move'),
                   (4, 'hire_candidates', 'hire'),
                   (5, 'edit_job_details', 'edit'),
                   (6, 'manage_job_permissions', 'perms')) AS k(ord, name, short)
     WHERE k.name = ANY (caps)
$$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA demo TO PUBLIC;

COMMIT;
