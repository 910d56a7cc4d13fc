-- bench/gen.sql: the benchmark's data, loaded by the DBA straight into ats_data.*
-- (psql -v sf=1).  At SF 1: 2,000 jobs in 20 departments x 10 locations (5 %
-- confidential), 200,000 candidates, 1,000,000 applications skewed towards a
-- few big jobs, 2,000,000 notes (half candidate data, half job data), 500,000
-- application tags; 300 users of every kind (fixed at every SF; grant counts
-- are capped by the number of jobs).  Deterministic (setseed).
\set ON_ERROR_STOP 1
\set VERBOSITY terse
SET client_min_messages = notice;

SELECT greatest(50, round(2000 * :sf))::int AS n_jobs,
       greatest(2000, round(200000 * :sf))::int AS n_cand,
       greatest(10000, round(1000000 * :sf))::int AS n_apps,
       greatest(20000, round(2000000 * :sf))::int AS n_notes,
       greatest(5000, round(500000 * :sf))::int AS n_apptags,
       least(500, greatest(50, round(2000 * :sf))::int / 2) AS max_grants \gset
\echo [gen] SF :sf: :n_jobs jobs, :n_cand candidates, :n_apps applications, :n_notes notes, :n_apptags application tags

CREATE EXTENSION ats_acl;
CREATE SCHEMA bench;
GRANT USAGE ON SCHEMA bench TO PUBLIC;
CREATE TABLE bench.config (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO bench.config VALUES ('sf', :'sf'), ('n_jobs', :'n_jobs'), ('n_cand', :'n_cand'),
    ('n_apps', :'n_apps'), ('n_notes', :'n_notes'), ('n_apptags', :'n_apptags'),
    ('max_grants', :'max_grants');

/* Users: one role each, registered with the extension's own API. */
CREATE TABLE bench.users (
    user_id      bigint PRIMARY KEY,
    role_name    name NOT NULL UNIQUE,
    persona_kind text NOT NULL,      -- admin, regular, rec, rule, hm, sourcer, linemgr, agency, caller, controller, ownrec
    idx          int NOT NULL
);
\echo [gen] 300 users (roles + ats_acl.add_user)
DO $$
DECLARE
    spec record;
    r name;
    uid bigint;
BEGIN
    FOR spec IN SELECT * FROM (VALUES
            ('admin', 5, 'internal', 'admin', NULL, 'full'),
            ('regular', 40, 'internal', 'regular', NULL, 'full'),
            ('rec', 100, 'internal', 'limited', NULL, 'full'),
            ('rule', 20, 'internal', 'limited', NULL, 'full'),
            ('hm', 30, 'internal', 'limited', NULL, 'full'),
            ('sourcer', 20, 'internal', 'limited', NULL, 'full'),
            ('linemgr', 20, 'internal', 'limited', NULL, 'line_manager'),
            ('agency', 25, 'external', NULL, 'agency', 'full'),
            ('caller', 10, 'external', NULL, 'caller', 'full'),
            ('controller', 10, 'external', NULL, 'controller', 'full'),
            ('ownrec', 20, 'external', NULL, 'agency', 'full')
        ) AS v(prefix, n, kind, access, ext, profile)
    LOOP
        FOR i IN 1..spec.n LOOP
            r := format('b_%s_%s', spec.prefix, lpad(i::text, 3, '0'));
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            uid := ats_acl.add_user(r, initcap(spec.prefix) || ' ' || i, spec.kind,
                                    coalesce(spec.access, 'limited'), spec.ext, spec.profile);
            INSERT INTO bench.users VALUES (uid, r, spec.prefix, i);
        END LOOP;
    END LOOP;
END
$$;

/* Bulk load: no triggers (no per-row checks, activity entries or FK checks). */
SET session_replication_role = replica;
SELECT setseed(0.42) \gset

\echo [gen] reference data
INSERT INTO ats_data.departments (id, name) SELECT g, 'Department ' || g FROM generate_series(1, 20) g;
INSERT INTO ats_data.locations (id, name) SELECT g, 'Location ' || g FROM generate_series(1, 10) g;
INSERT INTO ats_data.sources (id, name) SELECT g, 'Source ' || g FROM generate_series(1, 12) g;
INSERT INTO ats_data.tag_categories (id, name) SELECT g, 'Category ' || g FROM generate_series(1, 5) g;
INSERT INTO ats_data.tags (id, category_id, name) SELECT g, 1 + (g - 1) / 8, 'Tag ' || g FROM generate_series(1, 40) g;
INSERT INTO ats_data.groups (id, name) SELECT g, 'Group ' || g FROM generate_series(1, 20) g;

\echo [gen] jobs
INSERT INTO ats_data.jobs (id, title, department_id, location_id, confidential, status, published,
                           created_by, created_at)
SELECT g, 'Job ' || g, 1 + g % 20, 1 + (g / 20) % 10, (g * 13) % 20 = 7,
       CASE WHEN g % 10 = 0 THEN 'closed' WHEN g % 10 = 1 THEN 'draft' ELSE 'open' END,
       g % 10 NOT IN (0, 1),
       (SELECT user_id FROM bench.users WHERE persona_kind = 'regular' AND idx = 1 + g % 40),
       timestamptz '2022-06-01' + g * interval '5 minutes'
  FROM generate_series(1, :n_jobs) g;

\echo [gen] candidates
CREATE TEMP TABLE names AS
SELECT string_to_array('Maria Jose Anna Peter John Michael David James Robert Mary Linda Laura Sarah Emma Olivia Noah Liam Lucas Mateo Sofia '
       'Hana Yuki Chen Wei Amir Fatima Omar Leila Ivan Olga Pavel Jana Tomas Eva Petra Karel Lena Jonas Felix Clara '
       'Ingrid Lars Astrid Nils Marta Pedro Lucia Diego Elena Marco', ' ') AS firsts,
       string_to_array('Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson '
       'Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young '
       'Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts '
       'Novak Svoboda Dvorak Cerny Prochazka Kucera Vesely Horak Nemec Pokorny Muller Schmidt Schneider Fischer Weber Meyer '
       'Wagner Becker Schulz Hoffmann Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Kowalski Nowak '
       'Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Dubois Durand Leroy Moreau Simon Laurent Lefebvre Michel '
       'Tanaka Suzuki Sato Watanabe', ' ') AS lasts;
DO $$
DECLARE
    n bigint := (SELECT value FROM bench.config WHERE key = 'n_cand')::bigint;
    batch bigint := greatest(10000, n / 5);
    lo bigint := 1;
    creators bigint[] := ARRAY(SELECT user_id FROM bench.users
                                WHERE persona_kind IN ('rec', 'regular', 'hm', 'sourcer') ORDER BY user_id);
BEGIN
    WHILE lo <= n LOOP
        INSERT INTO ats_data.candidates (id, full_name, email, phone, salary_expectation, start_date,
                                         created_by, created_at)
        SELECT g, f || ' ' || l, lower(f || '.' || l || '.' || g || '@example.com'),
               '+1-555-' || lpad((g % 10000000)::text, 7, '0'),
               30000 + (g % 120) * 1000, date '2025-01-01' + (g % 365)::int,
               CASE WHEN g % 20 = 0 THEN creators[1 + (g / 20) % cardinality(creators)] END,
               timestamptz '2022-01-01' + g * (interval '730 days' / n)
          FROM generate_series(lo, least(n, lo + batch - 1)) g, names,
               LATERAL (SELECT names.firsts[1 + (g * 31) % cardinality(names.firsts)] AS f,
                               names.lasts[1 + (g * 17 + g / 50) % cardinality(names.lasts)] AS l) x;
        RAISE NOTICE '[gen] candidates % / %', least(n, lo + batch - 1), n;
        lo := lo + batch;
    END LOOP;
END
$$;

\echo [gen] applications (skewed: job k gets a share ~ k^(-2/3))
DO $$
DECLARE
    n bigint := (SELECT value FROM bench.config WHERE key = 'n_apps')::bigint;
    n_jobs bigint := (SELECT value FROM bench.config WHERE key = 'n_jobs')::bigint;
    n_cand bigint := (SELECT value FROM bench.config WHERE key = 'n_cand')::bigint;
    batch bigint := greatest(10000, n / 10);
    lo bigint := 1;
    creators bigint[] := ARRAY(SELECT user_id FROM bench.users
                                WHERE persona_kind IN ('rec', 'sourcer', 'regular') ORDER BY user_id);
BEGIN
    WHILE lo <= n LOOP
        INSERT INTO ats_data.applications (id, candidate_id, job_id, source_id, stage, status,
                                           created_by, created_at)
        SELECT g, 1 + floor(random() * n_cand)::bigint,
               1 + least(n_jobs - 1, floor(n_jobs * power(random(), 3)))::bigint,
               CASE WHEN g % 10 = 3 THEN NULL ELSE 1 + (g * 7) % 12 END,
               (ARRAY['applied', 'screen', 'interview', 'offer'])[1 + (g % 4)::int],
               CASE WHEN g % 100 < 85 THEN 'active' WHEN g % 100 < 97 THEN 'rejected' ELSE 'hired' END,
               CASE WHEN g % 4 = 0 THEN creators[1 + (g / 4) % cardinality(creators)] END,
               timestamptz '2023-01-01' + g * (interval '730 days' / n)
          FROM generate_series(lo, least(n, lo + batch - 1)) g;
        RAISE NOTICE '[gen] applications % / %', least(n, lo + batch - 1), n;
        lo := lo + batch;
    END LOOP;
END
$$;

\echo [gen] notes (half candidate data, half job data)
DO $$
DECLARE
    n bigint := (SELECT value FROM bench.config WHERE key = 'n_notes')::bigint;
    n_apps bigint := (SELECT value FROM bench.config WHERE key = 'n_apps')::bigint;
    n_cand bigint := (SELECT value FROM bench.config WHERE key = 'n_cand')::bigint;
    batch bigint := greatest(10000, n / 10);
    lo bigint := 1;
    authors bigint[] := ARRAY(SELECT user_id FROM bench.users
                               WHERE persona_kind IN ('rec', 'regular', 'hm', 'sourcer', 'rule', 'linemgr')
                               ORDER BY user_id);
BEGIN
    WHILE lo <= n LOOP
        -- odd ids: candidate data; even ids: job data of a random application
        INSERT INTO ats_data.notes (id, candidate_id, job_id, author_id, kind, body, created_at)
        SELECT s.g,
               CASE WHEN s.g % 2 = 1 THEN s.cand ELSE a.candidate_id END,
               CASE WHEN s.g % 2 = 1 THEN NULL ELSE a.job_id END,
               CASE WHEN s.g % 10 = 9 THEN NULL ELSE authors[1 + (s.g * 7) % cardinality(authors)] END,
               CASE WHEN s.g % 5 = 2 THEN 'interview' ELSE 'comment' END,
               'Note ' || s.g, timestamptz '2023-01-01' + s.g * (interval '730 days' / n)
          FROM (SELECT g, 1 + floor(random() * n_cand)::bigint AS cand,
                       1 + floor(random() * n_apps)::bigint AS app
                  FROM generate_series(lo, least(n, lo + batch - 1)) g) s
          JOIN ats_data.applications a ON a.id = s.app;
        RAISE NOTICE '[gen] notes % / %', least(n, lo + batch - 1), n;
        lo := lo + batch;
    END LOOP;
END
$$;

\echo [gen] application tags
INSERT INTO ats_data.application_tags (application_id, tag_id)
SELECT 1 + floor(random() * :n_apps)::bigint, 1 + floor(random() * 40)::bigint
  FROM generate_series(1, :n_apptags)
ON CONFLICT DO NOTHING;

\echo [gen] groups, hiring teams
-- 30 % of the internal non-admin users are in a group; 1 % of candidates are in a group
INSERT INTO ats_data.group_members (group_id, user_id)
SELECT 1 + user_id % 20, user_id FROM bench.users
 WHERE persona_kind IN ('regular', 'rec', 'rule', 'hm', 'sourcer', 'linemgr') AND user_id % 10 < 3;
INSERT INTO ats_data.candidate_groups (candidate_id, group_id)
SELECT g, 1 + (g / 100) % 20 FROM generate_series(100, :n_cand, 100) g;
INSERT INTO ats_data.hiring_team (job_id, user_id, role)
SELECT j, (SELECT user_id FROM bench.users WHERE persona_kind = 'rec' AND idx = 1 + j % 100), 'recruiter'
  FROM generate_series(1, :n_jobs) j;
INSERT INTO ats_data.hiring_team (job_id, user_id, role)
SELECT j, (SELECT user_id FROM bench.users WHERE persona_kind = 'hm' AND idx = 1 + j % 30), 'hiring_manager'
  FROM generate_series(1, :n_jobs, 2) j;

\echo [gen] job grants and access rules
-- A user's jobs: its k-th draw is the job at a fixed fraction of all jobs
-- (from md5), so at the same rank, and as big, at every scale factor (a job's
-- size depends on its rank alone); the first p_count distinct draws.
CREATE FUNCTION bench.draw_jobs(p_user bigint, p_count int, p_public boolean DEFAULT false)
RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT d.job
      FROM (SELECT DISTINCT ON (c.job) c.job, c.k
              FROM (SELECT x.k, coalesce((SELECT min(j.id) FROM ats_data.jobs j
                                           WHERE j.id >= 1 + floor(x.r * n.n_jobs)
                                             AND NOT (p_public AND j.confidential)),
                                         (SELECT min(j.id) FROM ats_data.jobs j
                                           WHERE NOT (p_public AND j.confidential))) AS job
                      FROM (SELECT k, ('x' || lpad(substr(md5(p_user || '/' || k), 1, 8), 16, '0'))::bit(64)::bigint
                                      / 4294967296.0 AS r
                              FROM generate_series(1, 3 * p_count) k) x,
                           (SELECT value::bigint AS n_jobs FROM bench.config WHERE key = 'n_jobs') n) c
             ORDER BY c.job, c.k) d
     ORDER BY d.k
     LIMIT p_count
$$;
-- Creators (regular users) are job_admin of their jobs.
INSERT INTO ats_acl.job_grants (job_id, user_id, level)
SELECT id, created_by, 'job_admin' FROM ats_data.jobs WHERE created_by IS NOT NULL;
-- Regular users: 1-10 more grants, confidential jobs among them.
INSERT INTO ats_acl.job_grants (job_id, user_id, level)
SELECT j.id, u.user_id, 'recruiter'
  FROM bench.users u
  CROSS JOIN LATERAL bench.draw_jobs(u.user_id, 1 + u.idx % 10) AS j(id)
 WHERE u.persona_kind = 'regular'
ON CONFLICT DO NOTHING;
-- Limited recruiters: 1 .. max_grants grants (cubic: a few with hundreds, most with a few).
INSERT INTO ats_acl.job_grants (job_id, user_id, level)
SELECT j.id, u.user_id, CASE WHEN u.idx % 4 = 1 THEN 'coordinator' WHEN u.idx % 10 = 7 THEN 'job_admin'
                             ELSE 'recruiter' END
  FROM bench.users u
  CROSS JOIN LATERAL bench.draw_jobs(u.user_id, greatest(1, round(:max_grants * power(u.idx / 100.0, 3)))::int) AS j(id)
 WHERE u.persona_kind = 'rec'
ON CONFLICT DO NOTHING;
-- Hiring managers 1-5 jobs, sourcers 5-30, line managers 1-3.
INSERT INTO ats_acl.job_grants (job_id, user_id, level)
SELECT j.id, u.user_id, CASE u.persona_kind WHEN 'sourcer' THEN 'sourcer' ELSE 'hiring_manager' END
  FROM bench.users u
  CROSS JOIN LATERAL bench.draw_jobs(u.user_id, CASE u.persona_kind WHEN 'hm' THEN 1 + u.idx % 5
                                                                    WHEN 'sourcer' THEN 5 + u.idx % 26
                                                                    ELSE 1 + u.idx % 3 END) AS j(id)
 WHERE u.persona_kind IN ('hm', 'sourcer', 'linemgr')
ON CONFLICT DO NOTHING;
-- Department / location rules (a direct grant on a matching job replaces them).
INSERT INTO ats_acl.access_rules (user_id, level, department_id, location_id)
SELECT user_id, 'recruiter', 1 + idx % 20, NULL FROM bench.users WHERE persona_kind = 'rule' AND idx % 3 = 0
UNION ALL
SELECT user_id, 'coordinator', NULL, 1 + idx % 10 FROM bench.users WHERE persona_kind = 'rule' AND idx % 3 = 1
UNION ALL
SELECT user_id, 'hiring_manager', 1 + idx % 20, 1 + idx % 10 FROM bench.users WHERE persona_kind = 'rule' AND idx % 3 = 2
UNION ALL
SELECT user_id, 'sourcer', 1 + (idx + 5) % 20, NULL FROM bench.users WHERE persona_kind = 'rule' AND idx % 3 = 2
UNION ALL  -- some regular users have a department rule too
SELECT user_id, 'sourcer', 1 + idx % 20, NULL FROM bench.users WHERE persona_kind = 'regular' AND idx % 4 = 0;
INSERT INTO ats_acl.job_grants (job_id, user_id, level)
SELECT j.id, u.user_id, 'sourcer'
  FROM bench.users u
  CROSS JOIN LATERAL (SELECT id FROM ats_data.jobs WHERE department_id = 1 + u.idx % 20
                       ORDER BY id LIMIT 2) j
 WHERE u.persona_kind = 'rule'
ON CONFLICT DO NOTHING;

\echo [gen] external users: sharing rules (ats_acl.share_job), own candidates, mentions
RESET session_replication_role;
DO $$
DECLARE
    u record;
    j bigint;
    k int := 0;
BEGIN
    FOR u IN SELECT * FROM bench.users WHERE persona_kind IN ('agency', 'caller', 'controller', 'ownrec')
              ORDER BY user_id LOOP
        k := 0;
        FOR j IN SELECT bench.draw_jobs(u.user_id, CASE u.persona_kind WHEN 'agency' THEN 1 + u.idx % 5
                                                                      WHEN 'ownrec' THEN 1 + u.idx % 2
                                                                      ELSE 1 + u.idx % 3 END, true) LOOP
            k := k + 1;
            CASE u.persona_kind
            WHEN 'agency' THEN   -- by source; every other one also by an application tag
                PERFORM ats_acl.share_job(j, ARRAY[u.user_id],
                        by_tags => CASE WHEN u.idx % 2 = 0 THEN ARRAY[1 + (u.idx + k) % 40]::bigint[] ELSE '{}' END,
                        by_sources => ARRAY[1 + (u.idx + k) % 12, 1 + (u.idx + k + 5) % 12]::bigint[]);
            WHEN 'caller' THEN
                PERFORM ats_acl.share_job(j, ARRAY[u.user_id], by_sources => ARRAY[1 + (u.idx + k) % 12]::bigint[]);
            WHEN 'controller' THEN
                PERFORM ats_acl.share_job(j, ARRAY[u.user_id],
                        by_tags => ARRAY[1 + (u.idx * 3 + k) % 40, 1 + (u.idx * 3 + k + 9) % 40]::bigint[]);
            ELSE
                PERFORM ats_acl.share_job(j, ARRAY[u.user_id], own_candidates => true,
                                          can_add_candidates => true);
            END CASE;
        END LOOP;
        IF u.persona_kind = 'controller' THEN
            PERFORM ats_acl.allow_tag_categories(u.user_id, ARRAY[1 + u.idx % 5, 1 + (u.idx + 2) % 5]::bigint[]);
        END IF;
    END LOOP;
END
$$;

SET session_replication_role = replica;
-- Own-candidate external recruiters: candidates they created, applied by them to their jobs.
INSERT INTO ats_data.candidates (id, full_name, email, phone, salary_expectation, start_date, created_by, created_at)
SELECT :n_cand + row_number() OVER (ORDER BY u.user_id, g),
       'Own ' || u.idx || ' Candidate ' || g, 'own.' || u.idx || '.' || g || '@agency.example.com',
       '+1-777-' || g, 50000, date '2025-06-01', u.user_id, timestamptz '2024-06-01' + g * interval '1 hour'
  FROM bench.users u, generate_series(1, greatest(5, round(200 * :sf))::int) g
 WHERE u.persona_kind = 'ownrec';
INSERT INTO ats_data.applications (id, candidate_id, job_id, source_id, stage, status, created_by, created_at)
SELECT :n_apps + row_number() OVER (ORDER BY c.id), c.id,
       (SELECT min(s.job_id) FROM ats_acl.sharing_rule_users s WHERE s.user_id = c.created_by),
       NULL, 'applied', 'active', c.created_by, c.created_at
  FROM ats_data.candidates c WHERE c.id > :n_cand;
-- Mentions of external users on notes of their shared jobs; a few notes written by them.
INSERT INTO ats_data.note_mentions (note_id, user_id)
SELECT n.id, s.user_id
  FROM ats_acl.sharing_rule_users s
  CROSS JOIN LATERAL (SELECT id FROM ats_data.notes WHERE job_id = s.job_id ORDER BY id LIMIT 10) n
ON CONFLICT DO NOTHING;
UPDATE ats_data.notes n SET author_id = s.user_id
  FROM (SELECT s.user_id, (SELECT id FROM ats_data.notes WHERE job_id = s.job_id ORDER BY id DESC LIMIT 1) AS note_id
          FROM ats_acl.sharing_rule_users s) s
 WHERE n.id = s.note_id;
RESET session_replication_role;

\echo [gen] identity sequences, statistics
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'locations', 'sources', 'tag_categories', 'tags', 'groups',
                             'jobs', 'candidates', 'applications', 'notes'] LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), (SELECT max(id) FROM ats_data.%I))',
                       'ats_data.' || t, t);
    END LOOP;
END
$$;
-- The cache of this session saw none of the direct inserts: make every backend rebuild.
UPDATE ats_acl.users SET display_name = display_name WHERE id = (SELECT min(id) FROM ats_acl.users);
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM ats_data.jobs) AS jobs, (SELECT count(*) FROM ats_data.candidates) AS candidates,
       (SELECT count(*) FROM ats_data.applications) AS applications, (SELECT count(*) FROM ats_data.notes) AS notes,
       (SELECT count(*) FROM ats_data.application_tags) AS application_tags,
       (SELECT count(*) FROM ats_acl.users) AS users, (SELECT count(*) FROM ats_acl.job_grants) AS grants,
       (SELECT count(*) FROM ats_acl.access_rules) AS rules, (SELECT count(*) FROM ats_acl.sharing_rules) AS sharing_rules;
