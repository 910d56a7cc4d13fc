-- bench/setup.sql: what the measurements need, computed by the DBA from the catalog
-- (never from ats_acl's C code, so that every arm checks the others):
--   bench.ujc / bench.uset   each user's effective capabilities per job and sets
--   bench.opt_sql()          the optimum arm's hand-written queries (the user's authorized
--                            set written into the WHERE clause, columns masked by hand)
--   bench.personas, params   who is measured, with which jobs, candidates, applications
--   bench.cells              the SQL text of every (persona, query, part, arm, parameter set)
\set ON_ERROR_STOP 1
\set VERBOSITY terse

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_opt') THEN
        CREATE ROLE bench_opt NOLOGIN BYPASSRLS;
    END IF;
END $$;
GRANT USAGE ON SCHEMA ats_data TO bench_opt;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ats_data TO bench_opt;

CREATE TABLE bench.tick (ticks bigint NOT NULL);
INSERT INTO bench.tick VALUES (0);
GRANT UPDATE, SELECT ON bench.tick TO PUBLIC;

/* ---- Effective capabilities (SPEC 4.1-4.3), from the catalog ---- */
\echo [setup] effective capabilities per user and job
CREATE TABLE bench.ujc (user_id bigint, job_id bigint, caps text[], PRIMARY KEY (user_id, job_id));
INSERT INTO bench.ujc
SELECT g.user_id, g.job_id, l.capabilities
  FROM ats_acl.job_grants g
  JOIN ats_acl.levels l ON l.name = g.level
  JOIN ats_acl.users u ON u.id = g.user_id
 WHERE u.kind = 'internal' AND u.active AND u.access_level <> 'admin';
INSERT INTO bench.ujc
SELECT r.user_id, j.id, array_agg(DISTINCT c ORDER BY c)
  FROM ats_acl.access_rules r
  JOIN ats_acl.levels l ON l.name = r.level
  JOIN ats_acl.users u ON u.id = r.user_id AND u.kind = 'internal' AND u.active AND u.access_level <> 'admin'
  JOIN ats_data.jobs j ON NOT j.confidential
                      AND (r.department_id IS NULL OR r.department_id = j.department_id)
                      AND (r.location_id IS NULL OR r.location_id = j.location_id)
  CROSS JOIN LATERAL unnest(l.capabilities) c
 WHERE NOT EXISTS (SELECT 1 FROM ats_acl.job_grants g WHERE g.job_id = j.id AND g.user_id = r.user_id)
 GROUP BY r.user_id, j.id;

CREATE TABLE bench.uset AS
SELECT u.id AS user_id, u.role_name,
       CASE WHEN u.kind = 'external' THEN 'external' WHEN u.access_level = 'admin' THEN 'admin'
            ELSE 'internal' END AS kind,
       u.profile,
       ARRAY(SELECT m.group_id FROM ats_data.group_members m WHERE m.user_id = u.id ORDER BY 1) AS groups,
       coalesce((SELECT l.capabilities FROM ats_acl.levels l WHERE l.name = u.external_role), '{}') AS level_caps,
       ARRAY(SELECT c.id FROM ats_data.candidates c WHERE c.created_by = u.id ORDER BY 1) AS own_cands
  FROM ats_acl.users u WHERE u.active;
ALTER TABLE bench.uset ADD PRIMARY KEY (user_id);

CREATE TABLE bench.rules AS
SELECT s.user_id, r.job_id, r.by_tags, r.by_sources, r.own_candidates
  FROM ats_acl.sharing_rules r JOIN ats_acl.sharing_rule_users s ON s.rule_id = r.id;

CREATE TABLE bench.job_counts AS
SELECT job_id, count(*) AS n FROM ats_data.applications GROUP BY job_id;
ALTER TABLE bench.job_counts ADD PRIMARY KEY (job_id);

/* ---- Building blocks of the optimum's queries ---- */
CREATE FUNCTION bench.lit(a bigint[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT format('%L::bigint[]', coalesce(a, '{}')::text)
$$;
-- Jobs where an internal user holds every capability of need.
CREATE FUNCTION bench.jobs(p_uid bigint, need text[]) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT job_id FROM bench.ujc WHERE user_id = p_uid AND caps @> need ORDER BY job_id)
$$;
CREATE FUNCTION bench.level_has(p_uid bigint, cap text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT cap = ANY (level_caps) FROM bench.uset WHERE user_id = p_uid
$$;
-- An application (alias a) is shared with an external user: one term per sharing rule
-- (only the rule of p_job when the job is known).
CREATE FUNCTION bench.shared_pred(p_uid bigint, a text, p_job bigint DEFAULT NULL) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r record;
    conds text[];
    terms text[] := '{}';
    own bigint[] := (SELECT own_cands FROM bench.uset WHERE user_id = p_uid);
BEGIN
    FOR r IN SELECT * FROM bench.rules WHERE user_id = p_uid AND (p_job IS NULL OR job_id = p_job)
              ORDER BY job_id LOOP
        conds := '{}';
        IF cardinality(r.by_sources) > 0 THEN
            conds := conds || format('%s.source_id = ANY (%s)', a, bench.lit(r.by_sources));
        END IF;
        IF cardinality(r.by_tags) > 0 THEN
            conds := conds || format('EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = %s.id '
                                     'AND t.tag_id = ANY (%s))', a, bench.lit(r.by_tags));
        END IF;
        IF r.own_candidates THEN
            conds := conds || format('%s.created_by = %s', a, p_uid);
            IF cardinality(own) > 0 THEN
                conds := conds || format('%s.candidate_id = ANY (%s)', a, bench.lit(own));
            END IF;
        END IF;
        IF cardinality(conds) > 0 THEN
            terms := terms || format('(%s.job_id = %s AND (%s))', a, r.job_id, array_to_string(conds, ' OR '));
        END IF;
    END LOOP;
    IF cardinality(terms) = 0 THEN
        RETURN 'false';
    END IF;
    RETURN '(' || array_to_string(terms, ' OR ') || ')';
END
$$;
-- The application (alias a) is visible.
CREATE FUNCTION bench.app_vis(p_uid bigint, a text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    k text := (SELECT kind FROM bench.uset WHERE user_id = p_uid);
    va bigint[];
BEGIN
    IF k = 'admin' THEN RETURN 'true'; END IF;
    IF k = 'external' THEN RETURN bench.shared_pred(p_uid, a); END IF;
    va := bench.jobs(p_uid, '{view_applications}');
    IF cardinality(va) = 0 THEN RETURN 'false'; END IF;
    RETURN format('%s.job_id = ANY (%s)', a, bench.lit(va));
END
$$;
-- A stage/status column of the application (alias a), masked by hand (view_stage).
CREATE FUNCTION bench.stage_col(p_uid bigint, a text, col text, p_job bigint DEFAULT NULL) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    k text := (SELECT kind FROM bench.uset WHERE user_id = p_uid);
    va bigint[];
    vs bigint[];
BEGIN
    IF k = 'admin' THEN RETURN format('%s.%s', a, col); END IF;
    IF k = 'external' THEN
        RETURN CASE WHEN bench.level_has(p_uid, 'view_stage') THEN format('%s.%s', a, col)
                    ELSE format('CASE WHEN false THEN %s.%s END', a, col) END;
    END IF;
    va := bench.jobs(p_uid, '{view_applications}');
    vs := bench.jobs(p_uid, '{view_applications,view_stage}');
    IF p_job IS NOT NULL THEN   -- the application knows the job
        RETURN CASE WHEN p_job = ANY (vs) THEN format('%s.%s', a, col)
                    ELSE format('CASE WHEN false THEN %s.%s END', a, col) END;
    END IF;
    IF va <@ vs THEN RETURN format('%s.%s', a, col); END IF;
    RETURN format('CASE WHEN %s.job_id = ANY (%s) THEN %s.%s END', a, bench.lit(vs), a, col);
END
$$;
-- The candidate (id_expr, creator_expr) is visible (cap NULL) or its data carries cap.
CREATE FUNCTION bench.cand_pred(p_uid bigint, id_expr text, creator_expr text, cap text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    u bench.uset := (SELECT s FROM bench.uset s WHERE user_id = p_uid);
    j bigint[];
    parts text[] := '{}';
    sp text;
BEGIN
    IF u.kind = 'admin' THEN RETURN 'true'; END IF;
    IF u.kind = 'external' THEN
        IF cap IS NOT NULL AND NOT cap = ANY (u.level_caps) THEN RETURN 'false'; END IF;
        parts := parts || format('%s = %s', creator_expr, p_uid);
        sp := bench.shared_pred(p_uid, 'a0');
        IF sp <> 'false' THEN
            parts := parts || format('EXISTS (SELECT 1 FROM ats_data.applications a0 WHERE a0.candidate_id = %s AND %s)',
                                     id_expr, sp);
        END IF;
    ELSE
        j := bench.jobs(p_uid, ARRAY['view_applications'] || CASE WHEN cap IS NULL THEN '{}'::text[] ELSE ARRAY[cap] END);
        parts := parts || format('%s = %s', creator_expr, p_uid);
        IF cardinality(u.groups) > 0 THEN
            parts := parts || format('EXISTS (SELECT 1 FROM ats_data.candidate_groups g0 WHERE g0.candidate_id = %s '
                                     'AND g0.group_id = ANY (%s))', id_expr, bench.lit(u.groups));
        END IF;
        IF cardinality(j) > 0 THEN
            parts := parts || format('EXISTS (SELECT 1 FROM ats_data.applications a0 WHERE a0.candidate_id = %s '
                                     'AND a0.job_id = ANY (%s))', id_expr, bench.lit(j));
        END IF;
    END IF;
    RETURN '(' || array_to_string(parts, ' OR ') || ')';
END
$$;
-- A candidate column masked by hand.
CREATE FUNCTION bench.cand_col(p_uid bigint, c text, col text, cap text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    u bench.uset := (SELECT s FROM bench.uset s WHERE user_id = p_uid);
BEGIN
    IF u.kind = 'admin' THEN RETURN format('%s.%s', c, col); END IF;
    IF u.kind = 'external' THEN
        RETURN CASE WHEN cap = ANY (u.level_caps) THEN format('%s.%s', c, col)
                    ELSE format('CASE WHEN false THEN %s.%s END', c, col) END;
    END IF;
    IF bench.jobs(p_uid, '{view_applications}') <@ bench.jobs(p_uid, ARRAY['view_applications', cap]) THEN
        RETURN format('%s.%s', c, col);
    END IF;
    RETURN format('CASE WHEN %s THEN %s.%s END',
                  bench.cand_pred(p_uid, c || '.id', c || '.created_by', cap), c, col);
END
$$;
-- The notes of candidate p_cand (alias n) the user sees.
CREATE FUNCTION bench.note_pred(p_uid bigint, p_cand bigint) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    u bench.uset := (SELECT s FROM bench.uset s WHERE user_id = p_uid);
    creator text := format('(SELECT c0.created_by FROM ats_data.candidates c0 WHERE c0.id = %s)', p_cand);
    van bigint[];
    vin bigint[];
    kinds text[] := '{}';
    sp text;
BEGIN
    IF u.kind = 'admin' THEN RETURN 'true'; END IF;
    IF u.profile = 'line_manager' THEN   -- module notes: own
        RETURN format('n.author_id = %s', p_uid);
    END IF;
    IF u.kind = 'external' THEN
        IF 'view_interview_notes' = ANY (u.level_caps) THEN kinds := kinds || 'n.kind = ''interview'''::text; END IF;
        IF 'view_all_notes' = ANY (u.level_caps) THEN kinds := kinds || 'n.kind <> ''interview'''::text; END IF;
        sp := bench.shared_pred(p_uid, 'a1');
        RETURN format('(n.author_id = %s OR EXISTS (SELECT 1 FROM ats_data.note_mentions m WHERE m.note_id = n.id '
                      'AND m.user_id = %s)', p_uid, p_uid)
            || CASE WHEN cardinality(kinds) = 0 THEN ')' ELSE
               format(' OR ((%s) AND ((n.job_id IS NULL AND %s) OR (n.job_id IS NOT NULL AND EXISTS (SELECT 1 '
                      'FROM ats_data.applications a1 WHERE a1.candidate_id = %s AND a1.job_id = n.job_id AND %s)))))',
                      array_to_string(kinds, ' OR '), bench.cand_pred(p_uid, p_cand::text, creator, NULL),
                      p_cand, sp) END;
    END IF;
    van := bench.jobs(p_uid, '{view_applications,view_all_notes}');
    vin := bench.jobs(p_uid, '{view_applications,view_all_notes,view_interview_notes}');
    RETURN format('(n.author_id = %s'
                  ' OR (n.job_id IS NULL AND %s AND (n.kind <> ''interview'' OR %s))'
                  ' OR (n.job_id = ANY (%s) AND (n.kind <> ''interview'' OR n.job_id = ANY (%s))))',
                  p_uid, bench.cand_pred(p_uid, p_cand::text, creator, 'view_all_notes'),
                  bench.cand_pred(p_uid, p_cand::text, creator, 'view_interview_notes'),
                  bench.lit(van), bench.lit(vin));
END
$$;

/* ---- The optimum arm: hand-written queries, parameters written in ---- */
CREATE FUNCTION bench.opt_sql(p_uid bigint, p_query text, p_part int, p1 bigint, p2 bigint, p3 text)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    u bench.uset := (SELECT s FROM bench.uset s WHERE user_id = p_uid);
    vis text;
    creator text;
BEGIN
    CASE p_query
    WHEN 'pipeline', 'pipeline_offset' THEN
        IF u.kind = 'admin' THEN vis := 'true';
        ELSIF u.kind = 'external' THEN vis := bench.shared_pred(p_uid, 'a', p1);
        ELSE vis := CASE WHEN p1 = ANY (bench.jobs(p_uid, '{view_applications}')) THEN 'true' ELSE 'false' END;
        END IF;
        RETURN format('SELECT a.id, a.candidate_id, %s, %s, a.created_at FROM ats_data.applications a '
                      'WHERE a.job_id = %s AND %s ORDER BY a.created_at DESC LIMIT 50%s',
                      bench.stage_col(p_uid, 'a', 'stage', p1), bench.stage_col(p_uid, 'a', 'status', p1),
                      p1, vis, CASE WHEN p_query = 'pipeline_offset' THEN ' OFFSET 1000' ELSE '' END);
    WHEN 'dashboard' THEN
        RETURN format('SELECT count(*) FROM ats_data.applications a WHERE %s', bench.app_vis(p_uid, 'a'));
    WHEN 'card' THEN
        creator := format('(SELECT c0.created_by FROM ats_data.candidates c0 WHERE c0.id = %s)', p1);
        IF p_part = 1 THEN
            RETURN format('SELECT c.id, c.full_name, %s, %s, %s, %s FROM ats_data.candidates c WHERE c.id = %s AND %s',
                          bench.cand_col(p_uid, 'c', 'email', 'view_contact_details'),
                          bench.cand_col(p_uid, 'c', 'phone', 'view_contact_details'),
                          bench.cand_col(p_uid, 'c', 'salary_expectation', 'view_compensation'),
                          bench.cand_col(p_uid, 'c', 'start_date', 'view_compensation'),
                          p1, bench.cand_pred(p_uid, 'c.id', 'c.created_by', NULL));
        ELSIF p_part = 2 THEN
            RETURN format('SELECT n.id, n.job_id, n.author_id, n.kind, n.created_at FROM ats_data.notes n '
                          'WHERE n.candidate_id = %s AND %s ORDER BY n.created_at DESC, n.id',
                          p1, bench.note_pred(p_uid, p1));
        ELSE
            RETURN format('SELECT a.id, a.job_id, j.title, %s, j.published, %s, %s '
                          'FROM ats_data.applications a JOIN ats_data.jobs j ON j.id = a.job_id '
                          'WHERE a.candidate_id = %s AND %s%s ORDER BY a.id',
                          CASE WHEN u.kind = 'external' THEN 'NULL::bigint' ELSE
                               '(SELECT ht.user_id FROM ats_data.hiring_team ht WHERE ht.job_id = j.id '
                               'AND ht.role = ''recruiter'' ORDER BY ht.user_id LIMIT 1)' END,
                          CASE WHEN u.kind <> 'external' OR 'view_stage' = ANY (u.level_caps) THEN 'a.status'
                               ELSE 'NULL::text' END,
                          CASE WHEN u.kind <> 'external' OR 'view_stage' = ANY (u.level_caps) THEN 'a.stage'
                               ELSE 'NULL::text' END,
                          p1, bench.cand_pred(p_uid, p1::text, creator, NULL),
                          CASE WHEN u.kind = 'external' THEN ' AND ' || bench.shared_pred(p_uid, 'a') ELSE '' END);
        END IF;
    WHEN 'search_email' THEN
        RETURN format('SELECT c.id, c.full_name, %s FROM ats_data.candidates c WHERE c.email = %L AND %s%s',
                      bench.cand_col(p_uid, 'c', 'email', 'view_contact_details'), p3,
                      bench.cand_pred(p_uid, 'c.id', 'c.created_by', NULL),
                      CASE WHEN bench.cand_col(p_uid, 'c', 'email', 'view_contact_details') = 'c.email' THEN ''
                           ELSE ' AND ' || bench.cand_pred(p_uid, 'c.id', 'c.created_by', 'view_contact_details') END);
    WHEN 'search_prefix' THEN
        RETURN format('SELECT c.id, c.full_name FROM ats_data.candidates c WHERE c.full_name LIKE %L AND %s '
                      'ORDER BY c.full_name, c.id LIMIT 20', p3, bench.cand_pred(p_uid, 'c.id', 'c.created_by', NULL));
    WHEN 'agency_list' THEN
        RETURN format('SELECT a.id, a.job_id, %s, c.full_name, %s FROM ats_data.applications a '
                      'JOIN ats_data.candidates c ON c.id = a.candidate_id WHERE %s '
                      'ORDER BY a.created_at DESC LIMIT 50',
                      bench.stage_col(p_uid, 'a', 'stage'), bench.cand_col(p_uid, 'c', 'email', 'view_contact_details'),
                      bench.app_vis(p_uid, 'a'));
    WHEN 'point' THEN
        RETURN format('SELECT a.id, a.candidate_id, a.job_id, a.source_id, %s, %s FROM ats_data.applications a '
                      'WHERE a.id = %s AND %s', bench.stage_col(p_uid, 'a', 'stage'),
                      bench.stage_col(p_uid, 'a', 'status'), p1, bench.app_vis(p_uid, 'a'));
    WHEN 'insert_note' THEN
        IF u.kind = 'external' THEN
            vis := CASE WHEN bench.level_has(p_uid, 'add_notes') THEN
                        format('EXISTS (SELECT 1 FROM ats_data.applications a WHERE a.candidate_id = %s AND a.job_id = %s AND %s)',
                               p1, p2, bench.shared_pred(p_uid, 'a', p2)) ELSE 'false' END;
        ELSE
            vis := CASE WHEN u.kind = 'admin' OR p2 = ANY (bench.jobs(p_uid, '{view_applications,add_notes}'))
                        THEN format('EXISTS (SELECT 1 FROM ats_data.applications a WHERE a.candidate_id = %s AND a.job_id = %s)',
                                    p1, p2) ELSE 'false' END;
        END IF;
        RETURN format('INSERT INTO ats_data.notes (candidate_id, job_id, author_id, body) '
                      'SELECT %s, %s, %s, ''bench note'' WHERE %s', p1, p2, p_uid, vis);
    WHEN 'advance_stage' THEN
        RETURN format('UPDATE ats_data.applications SET stage = ''interview'' WHERE id = %s%s', p1,
                      CASE WHEN u.kind = 'admin' THEN '' ELSE format(' AND job_id = ANY (%s)',
                           bench.lit(bench.jobs(p_uid, '{view_applications,advance_reject_applications}'))) END);
    END CASE;
END
$$;

/* ---- The queries, as an application writes them against ats.* ---- */
CREATE TABLE bench.qdef (query text, part int, tmpl text, is_write boolean, ord int, PRIMARY KEY (query, part));
INSERT INTO bench.qdef VALUES
 ('pipeline', 1, 'SELECT id, candidate_id, stage, status, created_at FROM {apps} WHERE job_id = $1 ORDER BY created_at DESC LIMIT 50', false, 1),
 ('pipeline_offset', 1, 'SELECT id, candidate_id, stage, status, created_at FROM {apps} WHERE job_id = $1 ORDER BY created_at DESC LIMIT 50 OFFSET 1000', false, 2),
 ('dashboard', 1, 'SELECT count(*) FROM {apps}', false, 3),
 ('card', 1, 'SELECT id, full_name, email, phone, salary_expectation, start_date FROM {cands} WHERE id = $1', false, 4),
 ('card', 2, 'SELECT id, job_id, author_id, kind, created_at FROM {notes} WHERE candidate_id = $1 ORDER BY created_at DESC, id', false, 4),
 ('card', 3, 'SELECT application_id, job_id, job_title, job_recruiter, job_published, application_status, stage FROM {capps} WHERE candidate_id = $1 ORDER BY application_id', false, 4),
 ('search_email', 1, 'SELECT id, full_name, email FROM {cands} WHERE email = $3', false, 5),
 ('search_prefix', 1, 'SELECT id, full_name FROM {cands} WHERE full_name LIKE $3 ORDER BY full_name, id LIMIT 20', false, 6),
 ('agency_list', 1, 'SELECT a.id, a.job_id, a.stage, c.full_name, c.email FROM {apps} a JOIN {cands} c ON c.id = a.candidate_id ORDER BY a.created_at DESC LIMIT 50', false, 7),
 ('point', 1, 'SELECT id, candidate_id, job_id, source_id, stage, status FROM {apps} WHERE id = $1', false, 8),
 ('insert_note', 1, 'INSERT INTO {notes_w} (candidate_id, job_id, body) VALUES ($1, $2, ''bench note'')', true, 9),
 ('advance_stage', 1, 'UPDATE {apps_w} SET stage = ''interview'' WHERE id = $1', true, 10);

CREATE FUNCTION bench.arm_sql(arm text, tmpl text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(replace(replace(replace(replace(tmpl,
           '{apps}', CASE arm WHEN 'ats_acl' THEN 'ats.applications' ELSE 'b_' || arm || '.applications_v' END),
           '{cands}', CASE arm WHEN 'ats_acl' THEN 'ats.candidates' ELSE 'b_' || arm || '.candidates_v' END),
           '{notes}', CASE arm WHEN 'ats_acl' THEN 'ats.notes' ELSE 'b_' || arm || '.notes' END),
           '{capps}', CASE arm WHEN 'ats_acl' THEN 'ats.candidate_applications' ELSE 'b_' || arm || '.candidate_applications' END),
           '{notes_w}', CASE arm WHEN 'ats_acl' THEN 'ats.notes' ELSE 'b_' || arm || '.notes' END),
           '{apps_w}', CASE arm WHEN 'ats_acl' THEN 'ats.applications' ELSE 'b_' || arm || '.applications' END)
$$;
CREATE FUNCTION bench.bind(q text, p1 bigint, p2 bigint, p3 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(q,
           '\$1(?![0-9])', coalesce(p1::text, 'NULL'), 'g'),
           '\$2(?![0-9])', coalesce(p2::text, 'NULL'), 'g'),
           '\$3(?![0-9])', replace(coalesce(quote_literal(p3), 'NULL'), '\', '\\'), 'g')
$$;

/* ---- Personas: the users measured one by one; 50 users for pgbench ---- */
\echo [setup] personas and their parameters
CREATE TABLE bench.personas (
    persona  text PRIMARY KEY,
    user_id  bigint NOT NULL,
    role     name NOT NULL,
    sql_arms boolean NOT NULL,   -- tuned SQL arm: its rules are implemented (internal profile full, external)
    naive    boolean NOT NULL,   -- naive SQL arm too (recruiters, admins, agencies: it is slow)
    ord      int NOT NULL
);
INSERT INTO bench.personas
SELECT v.persona, u.user_id, u.role_name, v.persona <> 'line_manager',
       v.persona IN ('admin', 'recruiter_max', 'recruiter_few', 'dept_rule', 'agency_sources', 'agency_tags'), v.ord
  FROM (VALUES ('admin', 'b_admin_001', 1), ('regular', 'b_regular_004', 2), ('recruiter_max', 'b_rec_100', 3),
               ('recruiter_few', 'b_rec_020', 4), ('dept_rule', 'b_rule_003', 5), ('hiring_manager', 'b_hm_004', 6),
               ('sourcer', 'b_sourcer_010', 7), ('line_manager', 'b_linemgr_002', 8),
               ('agency_sources', 'b_agency_003', 9), ('agency_tags', 'b_agency_004', 10),
               ('caller', 'b_caller_002', 11), ('controller', 'b_controller_002', 12),
               ('own_candidates', 'b_ownrec_001', 13)) AS v(persona, role, ord)
  JOIN bench.users u ON u.role_name = v.role;
CREATE TABLE bench.pgb_users AS
SELECT user_id, role_name FROM bench.users WHERE user_id IN (SELECT user_id FROM bench.personas)
UNION ALL
(SELECT user_id, role_name FROM bench.users WHERE user_id NOT IN (SELECT user_id FROM bench.personas)
  ORDER BY md5(role_name) LIMIT 37);

CREATE TABLE bench.params (user_id bigint, query text, k int, p1 bigint, p2 bigint, p3 text,
                           PRIMARY KEY (user_id, query, k));
CREATE FUNCTION bench.pick_params(p_uid bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    u bench.uset := (SELECT s FROM bench.uset s WHERE user_id = p_uid);
    n_apps bigint := (SELECT max(id) FROM ats_data.applications);
    va bigint[];
    apps bigint[];
    jobs_sql text;   -- (job_id, n: its applications, seen: those the user sees)
    page_job bigint;
    deep_job bigint;
BEGIN
    -- The pipeline: the user's job nearest 1,000 applications among those
    -- that fill its page of 50, the same query at every scale factor (the
    -- biggest job grows with it, and a user's biggest job is another job at
    -- each scale: the optimum itself moved from -38 % to +864 % between SF
    -- 0.1 and SF 1).  The OFFSET 1000 page: the user's biggest job.
    IF u.kind = 'admin' THEN
        va := ARRAY(SELECT job_id FROM bench.job_counts);
        apps := ARRAY(SELECT 1 + (k * 7919 * 1009) % n_apps FROM generate_series(1, 5) k);
    ELSIF u.kind = 'external' THEN
        EXECUTE format('SELECT ARRAY(SELECT a.id FROM ats_data.applications a WHERE %s ORDER BY md5(a.id::text) LIMIT 5)',
                       bench.shared_pred(p_uid, 'a')) INTO apps;
    ELSE
        va := bench.jobs(p_uid, '{view_applications}');
        apps := ARRAY(SELECT (SELECT a.id FROM ats_data.applications a WHERE a.job_id = j
                               ORDER BY a.created_at DESC LIMIT 1 OFFSET 2)
                        FROM unnest(va) j ORDER BY md5(j || '/' || p_uid) LIMIT 5);
        apps := array_remove(apps, NULL);
    END IF;
    jobs_sql := CASE WHEN u.kind = 'external' THEN
                 format('SELECT a.job_id, c.n, count(*) AS seen FROM ats_data.applications a '
                        'JOIN bench.job_counts c USING (job_id) WHERE %s GROUP BY 1, 2', bench.shared_pred(p_uid, 'a'))
            ELSE format('SELECT job_id, n, n AS seen FROM bench.job_counts WHERE job_id = ANY (%L)', va) END;
    EXECUTE format('SELECT (SELECT job_id FROM (%s) j ORDER BY least(seen, 50) DESC, abs(n - 1000), job_id LIMIT 1), '
                   '(SELECT job_id FROM (%1$s) j ORDER BY seen DESC, job_id LIMIT 1)', jobs_sql) INTO page_job, deep_job;
    IF page_job IS NOT NULL THEN
        INSERT INTO bench.params VALUES (p_uid, 'pipeline', 1, page_job, NULL, NULL),
                                        (p_uid, 'pipeline_offset', 1, deep_job, NULL, NULL);
    END IF;
    INSERT INTO bench.params VALUES (p_uid, 'dashboard', 1, NULL, NULL, NULL);
    IF u.kind = 'external' THEN
        INSERT INTO bench.params VALUES (p_uid, 'agency_list', 1, NULL, NULL, NULL);
    END IF;
    INSERT INTO bench.params
    SELECT p_uid, q.query, row_number() OVER (PARTITION BY q.query ORDER BY x.ord),
           CASE q.query WHEN 'point' THEN a.id WHEN 'advance_stage' THEN a.id ELSE a.candidate_id END,
           CASE q.query WHEN 'insert_note' THEN a.job_id END,
           CASE q.query WHEN 'search_email' THEN c.email WHEN 'search_prefix' THEN left(c.full_name, 5) || '%' END
      FROM unnest(apps) WITH ORDINALITY AS x(app, ord)
      JOIN ats_data.applications a ON a.id = x.app
      JOIN ats_data.candidates c ON c.id = a.candidate_id
     CROSS JOIN (VALUES ('card'), ('search_email'), ('search_prefix'), ('point'), ('insert_note'), ('advance_stage')) q(query)
     WHERE (q.query <> 'insert_note' OR u.kind = 'admin'
            OR (u.kind = 'internal' AND a.job_id = ANY (bench.jobs(p_uid, '{view_applications,add_notes}')))
            OR (u.kind = 'external' AND 'add_notes' = ANY (u.level_caps)))
       AND (q.query <> 'advance_stage' OR u.kind = 'admin'
            OR (u.kind = 'internal' AND a.job_id = ANY (bench.jobs(p_uid, '{view_applications,advance_reject_applications}'))));
END
$$;
SELECT count(bench.pick_params(user_id)) FROM bench.pgb_users;

/* The job each persona's pipeline reads, and its size (the scale comparison prints it). */
CREATE VIEW bench.pipeline_jobs AS
SELECT p.persona, p.ord, c.n AS job_rows
  FROM bench.personas p
  JOIN bench.params pa ON pa.user_id = p.user_id AND pa.query = 'pipeline'
  JOIN bench.job_counts c ON c.job_id = pa.p1;

/* ---- Every statement of every arm ---- */
CREATE TABLE bench.cells (
    persona text, query text, part int, arm text, k int, role name, sql text, is_write boolean,
    PRIMARY KEY (persona, query, part, arm, k)
);
CREATE FUNCTION bench.cell_rows(p_uid bigint, p_persona text, p_sql_arms boolean, p_naive boolean, p_role name)
RETURNS SETOF bench.cells LANGUAGE sql STABLE AS $$
    SELECT p_persona, d.query, d.part, arm.arm, p.k,
           CASE arm.arm WHEN 'optimum' THEN 'bench_opt'::name ELSE p_role END,
           CASE arm.arm WHEN 'optimum' THEN bench.opt_sql(p_uid, d.query, d.part, p.p1, p.p2, p.p3)
                ELSE bench.bind(bench.arm_sql(arm.arm, d.tmpl), p.p1, p.p2, p.p3) END,
           d.is_write
      FROM bench.qdef d
      JOIN bench.params p ON p.user_id = p_uid AND p.query = d.query
     CROSS JOIN (VALUES ('optimum'), ('ats_acl'), ('tuned'), ('naive')) arm(arm)
     WHERE arm.arm IN ('optimum', 'ats_acl') OR (arm.arm = 'tuned' AND p_sql_arms) OR (arm.arm = 'naive' AND p_naive)
$$;
INSERT INTO bench.cells
SELECT r.* FROM bench.personas p, bench.cell_rows(p.user_id, p.persona, p.sql_arms, p.naive, p.role) r;
SELECT persona, count(*) AS statements FROM bench.cells GROUP BY 1 ORDER BY 1;
