-- 95_adversarial.sql: adversarial suite (issue 7, item 1): attacks a user can send, each asserting
-- the secure outcome (hidden rows stay hidden, masked values read NULL, denied writes fail and
-- change nothing).  Values the attacker must never learn are named 'SECRET-...'.
--   0. fixture: admin, regular, recruiter (z_rec: recruiter on job 1, z_peek on job 2), external caller
--   1. leaky functions and operators in WHERE, JOIN, ORDER BY, over every ats relation; masked
--      values (also in the activity timeline)
--   2. error-based oracles: 1/(x-...) and casts
--   3. planner statistics: custom operator with scalarltsel, pg_stats, pg_stats_ext, pg_statistic
--   4. EXPLAIN (ANALYZE, VERBOSE) as the user
--   5. PREPARE as one role, EXECUTE as another (plain, CTE, subquery, EXISTS, inlined SQL function,
--      security_invoker view), generic plans
--   6. cursors: scroll, masked values, WHERE CURRENT OF
--   7. COPY: COPY view TO STDOUT, COPY (query) TO STDOUT / PROGRAM / file
--   8. row_security = off
--   9. INSERT ... RETURNING, ON CONFLICT DO NOTHING / DO UPDATE against hidden rows, writable CTEs, MERGE
--  10. TABLESAMPLE, ctid, FOR UPDATE / FOR SHARE, whole-row references as an external user, DDL
--      on ats objects, LEAKPROOF
--  11. error messages: unique, foreign-key, CHECK, capability errors never print hidden values
--  12. views, materialized views and functions a user creates over ats
--  13. the predicate functions called directly with forged arguments
--  14. SECURITY DEFINER admin functions: planted pg_temp / public objects, callers without the right
--  15. role switches with warm caches (SET ROLE, SET LOCAL ROLE, SAVEPOINT, SET SESSION
--      AUTHORIZATION, function SET role clauses)
--  16. parallel query (force_parallel_mode / debug_parallel_query) gives the serial results
--  17. NULLs, huge arrays, extreme ids, odd text and invalid UTF-8 to every function
-- Channels RLS cannot close and that are only documented here (see docs/limits.md):
--   EXPLAIN ANALYZE prints "Rows Removed by Filter: N" (the number of hidden rows scanned),
--   pg_class.reltuples and pg_stat_*_tables count hidden rows, unique and foreign-key checks tell
--   that a supplied key exists, timing; LOCK TABLE ats.<view> (UPDATE privilege) locks the hidden
--   table for everyone.
BEGIN;
CREATE EXTENSION ats_acl;
SELECT plan(119);

-- pgTAP keeps state in temp tables; let the roles we SET ROLE to use them.
DO $$ BEGIN
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO PUBLIC', pg_my_temp_schema()::regnamespace);
END $$;
SET client_min_messages = warning;   -- the leaky functions RAISE NOTICE

/* ---------------------------------------------------------------- 0. fixture */
CREATE ROLE z_admin; CREATE ROLE z_reg; CREATE ROLE z_rec; CREATE ROLE z_other;
CREATE ROLE z_ext; CREATE ROLE z_ctl; CREATE ROLE z_ext2; CREATE ROLE z_tl; CREATE ROLE z_nobody;
SELECT ats_acl.add_user('z_admin', 'Admin', access_level => 'admin') AS admin_id \gset
SELECT ats_acl.add_user('z_reg', 'Regular', access_level => 'regular') AS reg_id \gset
SELECT ats_acl.add_user('z_rec', 'Recruiter') AS rec_id \gset
SELECT ats_acl.add_user('z_other', 'Other') AS other_id \gset
SELECT ats_acl.add_user('z_ext', 'Caller', kind => 'external', external_role => 'caller') AS ext_id \gset
SELECT ats_acl.add_user('z_ctl', 'Controller', kind => 'external', external_role => 'controller') AS ctl_id \gset
SELECT ats_acl.add_user('z_tl', 'Timeline reader') AS tl_id \gset
SELECT ats_acl.add_user('z_ext2', 'Agency, no rule', kind => 'external', external_role => 'agency') AS ext2_id \gset
-- z_peek: sees, edits and moves applications, but not their stage, the candidates' contact
-- details, compensation, notes, tags...
SELECT ats_acl.set_level_capabilities('z_peek',
    ARRAY['view_applications', 'add_edit_applications', 'advance_reject_applications']) \g /dev/null

INSERT INTO ats.departments (id, name) VALUES (1, 'visible-dept-1');
INSERT INTO ats.locations (id, name) VALUES (1, 'visible-loc-1');
INSERT INTO ats.sources (id, name) VALUES (1, 'visible-src-1'), (2, 'visible-src-2');
-- Jobs 1 and 2 are z_rec's; 3 (confidential) and 4 are hidden from it.
INSERT INTO ats.jobs (id, title, department_id, location_id, confidential, status, description) VALUES
    (1, 'visible-job-1', 1, 1, false, 'open', 'visible-desc-1'),
    (2, 'visible-job-2', 1, 1, false, 'open', 'visible-desc-2'),
    (3, 'SECRET-job-3', 1, 1, true, 'open', 'SECRET-desc-3'),
    (4, 'SECRET-job-4', 1, 1, false, 'open', 'SECRET-desc-4');
SELECT ats_acl.grant_job(1, :rec_id, 'recruiter') \g /dev/null
SELECT ats_acl.grant_job(2, :rec_id, 'z_peek') \g /dev/null
-- z_tl reads job 4's timeline only (a custom level without view_applications or view_stage).
SELECT ats_acl.set_level_capabilities('z_timeline', ARRAY['view_application_activity']) \g /dev/null
SELECT ats_acl.grant_job(4, :tl_id, 'z_timeline') \g /dev/null
INSERT INTO ats.hiring_team (job_id, user_id, role) VALUES (1, :rec_id, 'recruiter'), (3, :admin_id, 'hiring_manager');
-- Candidate 11 on job 1 (all visible), 12 on job 2 (contact and compensation masked for z_rec),
-- 13 on job 3 and 14 on job 4 (hidden).
INSERT INTO ats.candidates (id, full_name, email, phone, salary_expectation, start_date) VALUES
    (11, 'visible-cand-11', 'visible-email-11', 'visible-phone-11', 1111, '2030-01-11'),
    (12, 'visible-cand-12', 'SECRET-email-12', 'SECRET-phone-12', 987654, '2039-01-12'),
    (13, 'SECRET-cand-13', 'SECRET-email-13', 'SECRET-phone-13', 131313, '2039-01-13'),
    (14, 'SECRET-cand-14', 'SECRET-email-14', 'SECRET-phone-14', 141414, '2039-01-14');
-- Application 22's stage is masked in ats.applications (no view_stage) but shown by the
-- candidate_applications summary (SPEC 4.5), hence not SECRET.
INSERT INTO ats.applications (id, candidate_id, job_id, source_id, stage) VALUES
    (21, 11, 1, 1, 'visible-stage-21'),
    (22, 12, 2, 2, 'masked-stage-22'),
    (23, 13, 3, 1, 'SECRET-stage-23'),
    (24, 14, 4, 2, 'SECRET-stage-24');
INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES
    (31, 11, 1, 'visible-note-31'), (33, 13, 3, 'SECRET-note-33'), (34, 12, 2, 'SECRET-note-34');
INSERT INTO ats.scorecards (id, application_id, author_id, rating, notes, private_notes) VALUES
    (41, 21, :admin_id, 4, 'visible-sc-41', 'SECRET-private-41'),
    (43, 23, :admin_id, 2, 'SECRET-sc-43', 'SECRET-private-43');
INSERT INTO ats.offers (id, application_id, salary) VALUES (51, 21, 515151);
INSERT INTO ats.custom_fields (id, name, private) VALUES
    (61, 'visible-field-private', true), (62, 'visible-field-public', false);
INSERT INTO ats.custom_field_values (candidate_id, field_id, value) VALUES
    (11, 61, 'SECRET-cfv-11'), (11, 62, 'visible-cfv-11'), (13, 62, 'SECRET-cfv-13');
INSERT INTO ats.tag_categories (id, name) VALUES (71, 'visible-cat-71');
INSERT INTO ats.tags (id, category_id, name) VALUES (72, 71, 'visible-tag-72');
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (11, 72), (13, 72);
INSERT INTO ats.application_tags (application_id, tag_id) VALUES (21, 72), (23, 72);
INSERT INTO ats.groups (id, name) VALUES (81, 'SECRET-group-81');
SELECT ats_acl.add_to_group(81, :admin_id) \g /dev/null
INSERT INTO ats.candidate_groups (candidate_id, group_id) VALUES (13, 81);
INSERT INTO ats.questions (id, job_id, text, private) VALUES
    (91, 1, 'visible-question-91', false), (93, 3, 'SECRET-question-93', true),
    (94, 4, 'SECRET-question-94', false);
INSERT INTO ats.answers (id, application_id, question_id, value) VALUES
    (95, 21, 91, 'visible-answer-95'), (96, 23, 93, 'SECRET-answer-96');
INSERT INTO ats.interviews (id, application_id, interviewer_id) VALUES (101, 21, :admin_id), (103, 23, :admin_id);
INSERT INTO ats.ratings (id, application_id, user_id, stars) VALUES (111, 21, :admin_id, 4), (113, 23, :admin_id, 1);
INSERT INTO ats."references" (id, application_id, referee_name) VALUES
    (121, 21, 'visible-referee-121'), (123, 23, 'SECRET-referee-123');
INSERT INTO ats.referrals (id, application_id, referrer_id, notes) VALUES
    (131, 21, :admin_id, 'visible-referral-131'), (133, 23, :admin_id, 'SECRET-referral-133');
INSERT INTO ats.messages (id, candidate_id, job_id, body) VALUES
    (141, 11, 1, 'visible-msg-141'), (143, 13, 3, 'SECRET-msg-143');
INSERT INTO ats.todos (id, candidate_id, job_id, body) VALUES
    (151, 11, 1, 'visible-todo-151'), (153, 13, 3, 'SECRET-todo-153');
INSERT INTO ats.documents (id, candidate_id, job_id, file_name) VALUES
    (161, 11, 1, 'visible-doc-161'), (163, 13, 3, 'SECRET-doc-163');
INSERT INTO ats.note_mentions (note_id, user_id) VALUES (31, :admin_id), (33, :admin_id);
-- z_ext (caller) gets application 21 by source 1; z_ctl (controller) applications of job 1 tagged 72.
SELECT ats_acl.share_job(1, ARRAY[:ext_id]::bigint[], by_sources => ARRAY[1]::bigint[]) AS ext_rule \gset
SELECT ats_acl.share_job(1, ARRAY[:ctl_id]::bigint[], by_tags => ARRAY[72]::bigint[]) \g /dev/null
SELECT set_config('z.rec_id', :'rec_id', false), set_config('z.ext_id', :'ext2_id', false),
       set_config('z.rule_id', :'ext_rule', false) \g /dev/null

/* Test helpers (the DBA's, not the attacker's). */
CREATE SCHEMA z_tools;
GRANT USAGE ON SCHEMA z_tools TO PUBLIC;
-- Run a statement; 'ok' or 'SQLSTATE: message DETAIL: ... HINT: ...' (its effects are kept).
CREATE FUNCTION z_tools.catch(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hnt text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    -- No "=" here (nor nullif): the planted-operator tests call this with a hostile search_path.
    RETURN st || ': ' || msg
        || CASE WHEN pg_catalog.length(det) OPERATOR(pg_catalog.>) 0 THEN ' DETAIL: ' || det ELSE '' END
        || CASE WHEN pg_catalog.length(hnt) OPERATOR(pg_catalog.>) 0 THEN ' HINT: ' || hnt ELSE '' END;
END $$;
-- Run an attack, then a probe (a query of one text value, in the attack's aftermath), then
-- roll both back: 'ok | probe' or 'SQLSTATE | probe'.
CREATE FUNCTION z_tools.attempt(attack text, probe text DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE outcome text; result text;
BEGIN
    BEGIN
        BEGIN
            EXECUTE attack;
            outcome := 'ok';
        EXCEPTION WHEN OTHERS THEN
            outcome := SQLSTATE;
        END;
        IF probe IS NOT NULL THEN
            EXECUTE probe INTO result;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'ZZ999';
    EXCEPTION WHEN SQLSTATE 'ZZ999' THEN
        NULL;
    END;
    RETURN outcome || ' | ' || coalesce(result, '<null>');
END $$;
-- The ground truth, read by the DBA.
CREATE FUNCTION z_tools.as_dba(sql text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog AS $$
DECLARE result text;
BEGIN
    EXECUTE sql INTO result;
    RETURN result;
END $$;
-- Rows of a query as one text, in a stable order.
CREATE FUNCTION z_tools.rows(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE format('SELECT string_agg(t::text, '' ; '' ORDER BY t::text) FROM (%s) t', sql) INTO result;
    RETURN coalesce(result, '');
END $$;
-- The EXPLAIN (ANALYZE, VERBOSE) text of a query.
CREATE FUNCTION z_tools.explain(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r record; result text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || sql LOOP
        result := result || r."QUERY PLAN" || E'\n';
    END LOOP;
    RETURN result;
END $$;
-- The plain EXPLAIN text of a query (planning only).
CREATE FUNCTION z_tools.plan(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r record; result text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP
        result := result || r."QUERY PLAN" || E'\n';
    END LOOP;
    RETURN result;
END $$;
-- Walk an open SCROLL cursor of one text column: forward, backward, ABSOLUTE 3, LAST.
CREATE FUNCTION z_tools.walk(name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE c refcursor := name; v text; fwd text[] := '{}'; back text[] := '{}'; a3 text; last text;
BEGIN
    LOOP FETCH c INTO v; EXIT WHEN NOT FOUND; fwd := fwd || v; END LOOP;
    LOOP FETCH PRIOR FROM c INTO v; EXIT WHEN NOT FOUND; back := back || v; END LOOP;
    FETCH ABSOLUTE 3 FROM c INTO v; a3 := CASE WHEN FOUND THEN v ELSE 'none' END;
    FETCH LAST FROM c INTO v; last := CASE WHEN FOUND THEN v ELSE 'none' END;
    RETURN format('fwd:%s back:%s abs3:%s last:%s', array_to_string(fwd, ','),
                  array_to_string(back, ','), a3, last);
END $$;
-- What the attacker's leaky functions saw (they log into a custom setting).
CREATE FUNCTION z_tools.seen() RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(DISTINCT v, '|' ORDER BY v), '')
      FROM unnest(string_to_array(nullif(current_setting('z.seen', true), ''), '|')) v WHERE v <> ''
$$;
CREATE FUNCTION z_tools.reset_seen() RETURNS void LANGUAGE sql AS $$ SELECT set_config('z.seen', '', false); $$;
-- The access catalog, for "nothing changed".
CREATE FUNCTION z_tools.catalog_digest() RETURNS text LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog AS $$
    SELECT md5(concat_ws('#',
        (SELECT string_agg(t::text, ';' ORDER BY t.id) FROM ats_acl.users t),
        (SELECT string_agg(t::text, ';' ORDER BY t.job_id, t.user_id) FROM ats_acl.job_grants t),
        (SELECT string_agg(t::text, ';' ORDER BY t.id) FROM ats_acl.access_rules t),
        (SELECT string_agg(t::text, ';' ORDER BY t.name) FROM ats_acl.custom_levels t),
        (SELECT string_agg(t::text, ';' ORDER BY t.profile, t.module) FROM ats_acl.custom_profile_levels t),
        (SELECT string_agg(t::text, ';' ORDER BY t.id) FROM ats_acl.sharing_rules t),
        (SELECT string_agg(t::text, ';' ORDER BY t.rule_id, t.user_id) FROM ats_acl.sharing_rule_users t),
        (SELECT string_agg(t::text, ';' ORDER BY t.user_id, t.category_id) FROM ats_acl.allowed_tag_categories t),
        (SELECT string_agg(t::text, ';' ORDER BY t.group_id, t.user_id) FROM ats_data.group_members t),
        (SELECT string_agg(t::text, ';' ORDER BY t.job_id, t.user_id) FROM ats_data.hiring_team t)))
$$;

/* The attacker's toolbox: z_rec creates it in a schema it may create in.  The functions are
 * cheap and not leakproof, so the planner would run them first wherever it were allowed to. */
CREATE SCHEMA z_evil;
GRANT USAGE, CREATE ON SCHEMA z_evil TO PUBLIC;
SET ROLE z_rec;
CREATE FUNCTION z_evil.leak(text) RETURNS boolean LANGUAGE plpgsql STABLE COST 0.0000001 AS $$
BEGIN
    RAISE NOTICE 'leak: %', $1;
    PERFORM set_config('z.seen', coalesce(current_setting('z.seen', true), '') || '|' || coalesce($1, '<null>'), false);
    RETURN true;
END $$;
CREATE FUNCTION z_evil.boom(text) RETURNS boolean LANGUAGE plpgsql STABLE COST 0.0000001 AS $$
BEGIN
    IF $1 LIKE '%SECRET%' THEN
        RAISE EXCEPTION 'boom: %', $1;
    END IF;
    RETURN true;
END $$;
CREATE FUNCTION z_evil.boom_op(text, text) RETURNS boolean LANGUAGE sql STABLE COST 0.0000001
    AS $$ SELECT z_evil.boom($1) $$;
CREATE OPERATOR z_evil.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = z_evil.boom_op);
-- For the statistics attack: logs every value the planner compares it with.
CREATE FUNCTION z_evil.lt(text, text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM set_config('z.seen', coalesce(current_setting('z.seen', true), '') || '|' || coalesce($1, '<null>'), false);
    RETURN $1 < $2;
END $$;
CREATE OPERATOR z_evil.<<< (LEFTARG = text, RIGHTARG = text, FUNCTION = z_evil.lt, RESTRICT = scalarltsel);
RESET ROLE;

/* ------------------------------------- 1. leaky functions and operators */
SET ROLE z_rec;
-- WHERE: the leaky function sees exactly the visible titles.
SELECT z_tools.reset_seen() \g /dev/null
SELECT is(z_tools.catch('SELECT count(*) FROM ats.jobs WHERE z_evil.leak(title) AND z_evil.boom(title)'), 'ok',
    'WHERE: a leaky function over ats.jobs is never called with a hidden title');
SELECT is(z_tools.seen(), 'visible-job-1|visible-job-2',
    'WHERE: the leaky function saw exactly the two visible titles (the attack ran)');
-- Every relation of schema ats, the whole row (every column, masked ones included) passed
-- to a function that raises an exception with its argument as soon as it sees a SECRET.
SELECT is(
    (SELECT array_agg(r || ' => ' || res ORDER BY r) FILTER (WHERE res <> 'ok')
       FROM (SELECT c.relname::text AS r,
                    z_tools.catch(format('SELECT count(*) FROM ats.%I t WHERE z_evil.boom(t::text)', c.relname)) AS res
               FROM pg_class c WHERE c.relnamespace = 'ats'::regnamespace) s),
    NULL::text[],
    'WHERE on every ats relation: a raising leaky function never receives a hidden row or masked value');
-- JOIN conditions across relations.
SELECT is(z_tools.catch($$
    SELECT count(*) FROM ats.jobs j
      JOIN ats.applications a ON z_evil.boom(j.title || '/' || coalesce(a.stage, '')) AND a.job_id = j.id
      JOIN ats.candidates c ON z_evil.boom(c::text) AND c.id = a.candidate_id
      LEFT JOIN ats.notes n ON z_evil.boom(n.body) AND n.candidate_id = c.id
      LEFT JOIN ats.scorecards s ON z_evil.boom(s::text) AND s.application_id = a.id$$), 'ok',
    'JOIN: leaky join conditions over jobs, applications, candidates, notes, scorecards see no hidden value');
-- ORDER BY (and GROUP BY / DISTINCT ON) expressions.
SELECT is(z_tools.catch($$
    SELECT id FROM ats.candidates c
     ORDER BY z_evil.boom(full_name || coalesce(email, '') || coalesce(salary_expectation::text, '')), id$$)
    || ' / ' || z_tools.catch($$SELECT DISTINCT ON (z_evil.boom(body)) id FROM ats.notes ORDER BY z_evil.boom(body), id$$)
    || ' / ' || z_tools.catch($$SELECT z_evil.boom(value), count(*) FROM ats.custom_field_values GROUP BY 1$$),
    'ok / ok / ok',
    'ORDER BY, DISTINCT ON, GROUP BY: leaky expressions see no hidden or masked value');
-- A user-defined operator whose function leaks.
SELECT is(z_tools.catch($$
    SELECT count(*) FROM (
        SELECT body AS v FROM ats.notes UNION ALL SELECT private_notes FROM ats.scorecards
        UNION ALL SELECT job_title FROM ats.candidate_applications
        UNION ALL SELECT stage FROM ats.candidate_applications
        UNION ALL SELECT referee_name FROM ats."references" UNION ALL SELECT text FROM ats.questions) s
     WHERE v OPERATOR(z_evil.===) 'x'$$), 'ok',
    'leaky operator: notes, private notes, candidate_applications, references, questions hide their secrets');
-- Masked values are NULL whichever way the row is read.
SELECT results_eq($$
    SELECT c.email, c.phone, c.salary_expectation::text, c.start_date::text,
           (row_to_json(c)::text LIKE '%SECRET%' OR c::text LIKE '%987654%')
      FROM ats.candidates c WHERE c.id = 12$$,
    $$VALUES (NULL::text, NULL::text, NULL::text, NULL::text, false)$$,
    'masked candidate columns read NULL, also through whole-row and row_to_json');
SELECT results_eq($$
    SELECT (SELECT value FROM ats.custom_field_values WHERE candidate_id = 11 AND field_id = 61),
           (SELECT private_notes FROM ats.scorecards WHERE id = 41),
           (SELECT stage FROM ats.applications WHERE id = 22)$$,
    $$VALUES (NULL::text, NULL::text, NULL::text)$$,
    'masked private custom field value, scorecard private notes and application stage read NULL');

RESET ROLE;
-- The timeline (SPEC 4.10) of an application whose stage the reader may not see: the admin
-- moves hidden application 24; z_tl reads job 4's timeline but holds no view_stage there.
SET ROLE z_admin;
UPDATE ats.applications SET stage = 'SECRET-stage-24-moved' WHERE id = 24;
RESET ROLE;
SET ROLE z_tl;
SELECT is((SELECT count(*) FROM ats.activity WHERE table_name = 'applications' AND row_id = 24)
          || ' entry, ' || (SELECT count(*) FROM ats.applications) || ' applications, '
          || (SELECT count(*) FROM ats.activity WHERE detail::text LIKE '%SECRET%') || ' secrets',
    '1 entry, 0 applications, 0 secrets',
    'activity: a reader without view_stage sees the timeline entry but not the stage values in its detail');
RESET ROLE;
SET ROLE z_rec;

/* ------------------------------------------------ 2. error-based oracles */
-- 1/(x - guess) raises division_by_zero only if the row with the guessed value is evaluated.
SELECT is(z_tools.catch($$
    SELECT count(*) FROM ats.candidates
     WHERE 1 / (salary_expectation - 131313) + 1 / (salary_expectation - 987654) IS NOT NULL
        OR 1 / (length(full_name) - length('SECRET-cand-13')) = 0$$), 'ok',
    'division oracle: no hidden salary, masked salary or hidden name ever reaches the division');
SELECT is(z_tools.catch($$
    SELECT count(*) FROM ats.jobs j JOIN ats.applications a ON a.job_id = j.id
     WHERE 1 / (CASE WHEN j.title = 'SECRET-job-3' OR a.stage = 'SECRET-stage-23' THEN 0 ELSE 1 END) = 1$$), 'ok',
    'division oracle on a join: the hidden job and stage are never compared');
SELECT matches(z_tools.catch('SELECT count(*) FROM ats.candidates WHERE 1 / (salary_expectation - 1111) IS NOT NULL'),
    '^22012: division by zero',
    'control: the same oracle fires on a value the user sees (so the tests above can fail)');
-- Casts whose error message quotes the value.
SELECT matches(z_tools.catch('SELECT count(*) FROM ats.jobs WHERE title::int > 0'),
    '^22P02: invalid input syntax for type integer: "visible-job-[12]"$',
    'cast oracle: the cast error quotes a visible title, never a hidden one');
SELECT doesnt_match(z_tools.catch($$SELECT count(*) FROM ats.candidates WHERE (coalesce(email, '') || coalesce(phone, ''))::int > 0$$)
       || ' / ' || z_tools.catch($$SELECT count(*) FROM ats.notes WHERE body::int > 0$$)
       || ' / ' || z_tools.catch($$SELECT count(*) FROM ats.scorecards WHERE coalesce(private_notes, notes)::int > 0$$)
       || ' / ' || z_tools.catch($$SELECT sum(salary_expectation::text::int) FROM ats.candidates$$),
    'SECRET|987654|131313',
    'cast oracle: cast errors quote visible values only, never masked contact details, hidden notes or private notes');

/* ------------------------------------------------- 3. planner statistics */
RESET ROLE;
CREATE STATISTICS z_evil_stats ON full_name, email FROM ats_data.candidates;
ANALYZE ats_data.candidates, ats_data.jobs, ats_data.applications, ats_data.notes;
SET ROLE z_rec;
-- scalarltsel calls the operator's function on histogram entries, if it may use the statistics.
SELECT z_tools.reset_seen() \g /dev/null
SELECT z_tools.plan(q) FROM (VALUES
    ($$SELECT * FROM ats.candidates WHERE full_name OPERATOR(z_evil.<<<) 'm'$$),
    ($$SELECT * FROM ats.candidates WHERE email OPERATOR(z_evil.<<<) 'm'$$),
    ($$SELECT * FROM ats.jobs WHERE title OPERATOR(z_evil.<<<) 'm'$$),
    ($$SELECT * FROM ats.applications WHERE stage OPERATOR(z_evil.<<<) 'm'$$),
    ($$SELECT * FROM ats.notes WHERE body OPERATOR(z_evil.<<<) 'm'$$),
    ($$SELECT * FROM ats.candidate_applications WHERE job_title OPERATOR(z_evil.<<<) 'm' OR stage OPERATOR(z_evil.<<<) 'm'$$)
) AS q(q) \g /dev/null
SELECT is(z_tools.seen(), '',
    'statistics: planning with a non-leakproof scalarltsel operator never feeds it a histogram value');
RESET ROLE;
SELECT z_tools.reset_seen() \g /dev/null
SELECT z_tools.plan($$SELECT * FROM ats_data.candidates WHERE email OPERATOR(z_evil.<<<) 'm'$$) \g /dev/null
SELECT matches(z_tools.seen(), 'SECRET-email-13',
    'control: on the table itself (as the DBA) the same operator reads the histogram (so the test above can fail)');
SET ROLE z_rec;
SELECT is(
    (SELECT count(*) FROM pg_stats WHERE schemaname IN ('ats', 'ats_data'))
  + (SELECT count(*) FROM pg_stats_ext WHERE schemaname IN ('ats', 'ats_data'))
  + (SELECT count(*) FROM pg_stats_ext_exprs WHERE schemaname IN ('ats', 'ats_data')),
    0::bigint,
    'pg_stats, pg_stats_ext, pg_stats_ext_exprs show a user nothing of ats_data');
SELECT is(z_tools.as_dba($$SELECT (SELECT count(*) > 0 FROM pg_stats WHERE schemaname = 'ats_data')
                              AND (SELECT count(*) = 1 FROM pg_stats_ext WHERE schemaname = 'ats_data')$$), 'true',
    'control: the DBA sees those statistics');
SELECT is(z_tools.catch('SELECT count(*) FROM pg_statistic') || ' / ' || z_tools.catch('SELECT count(*) FROM pg_statistic_ext_data'),
    '42501: permission denied for table pg_statistic / 42501: permission denied for table pg_statistic_ext_data',
    'pg_statistic and pg_statistic_ext_data are not readable');

/* --------------------------------------------------------------- 4. EXPLAIN */
-- EXPLAIN ANALYZE shows plan shapes, the policies' and views' expressions and actual row
-- counts, including "Rows Removed by Filter" (how many hidden rows were scanned): a count
-- channel, documented in docs/limits.md.  It never shows a hidden value.
SELECT unalike(
    z_tools.explain($$SELECT * FROM ats.candidates WHERE full_name LIKE '%'$$)
    || z_tools.explain($$SELECT * FROM ats.jobs j JOIN ats.applications a ON a.job_id = j.id ORDER BY j.title$$)
    || z_tools.explain($$SELECT * FROM ats.notes WHERE body <> 'x'$$)
    || z_tools.explain($$SELECT * FROM ats.scorecards WHERE private_notes IS NULL$$)
    || z_tools.explain($$SELECT * FROM ats.candidate_applications$$)
    || z_tools.explain($$SELECT * FROM ats.custom_field_values$$),
    '%SECRET%',
    'EXPLAIN (ANALYZE, VERBOSE) as the user prints no hidden or masked value');
SELECT unalike(z_tools.explain($$SELECT * FROM ats.candidates WHERE salary_expectation IS NULL$$), '%987654%',
    'EXPLAIN of the masked column prints no masked number');
RESET ROLE;

/* ------------------------------------- 5. PREPARE as one role, EXECUTE as another */
-- z_rec's own objects over ats: an inlinable SQL function and a security_invoker view.
SET ROLE z_rec;
CREATE FUNCTION z_evil.jobs_fn() RETURNS SETOF ats.jobs LANGUAGE sql STABLE AS 'SELECT * FROM ats.jobs';
CREATE VIEW z_evil.jobs_inv WITH (security_invoker = true) AS SELECT * FROM ats.jobs;
GRANT SELECT ON z_evil.jobs_inv TO PUBLIC;
RESET ROLE;
SET plan_cache_mode = force_generic_plan;
SET ROLE z_admin;
PREPARE z_p_plain AS SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM ats.jobs;
PREPARE z_p_cte AS WITH j AS MATERIALIZED (SELECT id FROM ats.jobs) SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM j;
PREPARE z_p_sub AS SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM (SELECT id FROM ats.jobs OFFSET 0) s;
PREPARE z_p_exists AS SELECT coalesce(string_agg(g::text, ',' ORDER BY g), '') FROM generate_series(1, 4) g
    WHERE EXISTS (SELECT 1 FROM ats.jobs j WHERE j.id = g);
PREPARE z_p_fn AS SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM z_evil.jobs_fn();
PREPARE z_p_inv AS SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM z_evil.jobs_inv;
PREPARE z_p_mask AS SELECT string_agg(id || ':' || coalesce(email, '-') || ':' || coalesce(salary_expectation::text, '-'), ',' ORDER BY id) FROM ats.candidates;
-- Warm the plans and the cache as the admin.
SELECT results_eq('z_p_plain', $$VALUES ('1,2,3,4')$$, 'PREPARE/EXECUTE: the admin who prepared the statements sees all four jobs');
EXECUTE z_p_cte \g /dev/null
EXECUTE z_p_sub \g /dev/null
EXECUTE z_p_exists \g /dev/null
EXECUTE z_p_fn \g /dev/null
EXECUTE z_p_inv \g /dev/null
EXECUTE z_p_mask \g /dev/null
SET ROLE z_rec;
SELECT results_eq('z_p_plain', $$VALUES ('1,2')$$, 'EXECUTE as z_rec of the admin''s generic plan: its own jobs only');
SELECT results_eq('z_p_cte', $$VALUES ('1,2')$$, 'EXECUTE as z_rec: the relation in a materialized CTE');
SELECT results_eq('z_p_sub', $$VALUES ('1,2')$$, 'EXECUTE as z_rec: the relation in a subquery');
SELECT results_eq('z_p_exists', $$VALUES ('1,2')$$, 'EXECUTE as z_rec: the relation in EXISTS');
SELECT results_eq('z_p_fn', $$VALUES ('1,2')$$, 'EXECUTE as z_rec: the relation in an inlined SQL function');
SELECT results_eq('z_p_inv', $$VALUES ('1,2')$$, 'EXECUTE as z_rec: the relation behind a security_invoker view');
SELECT results_eq('z_p_mask', $$VALUES ('11:visible-email-11:1111,12:-:-')$$,
    'EXECUTE as z_rec: masked columns are masked for the executing role');
SET ROLE z_other;
SELECT results_eq('z_p_plain', $$VALUES ('')$$, 'EXECUTE as z_other (no grants): no job');
SET ROLE z_nobody;
SELECT throws_ok('z_p_plain', '42501', NULL, 'EXECUTE as a role without ats_user: permission denied');
RESET ROLE;
RESET plan_cache_mode;
DEALLOCATE ALL;

/* -------------------------------------------------------------- 6. cursors */
SET ROLE z_rec;
DECLARE z_c SCROLL CURSOR FOR SELECT id::text FROM ats.jobs ORDER BY id;
SELECT is(z_tools.walk('z_c'), 'fwd:1,2 back:2,1 abs3:none last:2',
    'scroll cursor over ats.jobs: forward, backward, ABSOLUTE and LAST reach visible rows only');
DECLARE z_cm SCROLL CURSOR FOR SELECT id || ':' || coalesce(email, '-') FROM ats.candidates ORDER BY id;
SELECT is(z_tools.walk('z_cm'), 'fwd:11:visible-email-11,12:- back:12:-,11:visible-email-11 abs3:none last:12:-',
    'scroll cursor over ats.candidates: masked values stay NULL in every direction');
DECLARE z_cu CURSOR FOR SELECT id FROM ats.jobs FOR UPDATE;
MOVE 1 IN z_cu;
SELECT throws_ok($$UPDATE ats.jobs SET description = 'x' WHERE CURRENT OF z_cu$$, '0A000',
    'WHERE CURRENT OF on a view is not implemented',
    'WHERE CURRENT OF on the auto-updatable view ats.jobs is refused');
DECLARE z_cc CURSOR FOR SELECT id FROM ats.candidates FOR UPDATE;
MOVE 1 IN z_cc;
SELECT throws_ok($$UPDATE ats.candidates SET full_name = 'x' WHERE CURRENT OF z_cc$$, '0A000',
    'WHERE CURRENT OF on a view is not implemented',
    'WHERE CURRENT OF on the masked view ats.candidates is refused');
CLOSE z_c; CLOSE z_cm; CLOSE z_cu; CLOSE z_cc;
RESET ROLE;

/* ----------------------------------------------------------------- 7. COPY */
-- COPY ... TO STDOUT cannot run inside a function, so psql does it and writes the data to a
-- file, read back with a backquoted command.  The refused COPY prints its (expected) ERROR
-- line on stderr.
\getenv z_port PGPORT
\set z_copyfile '/tmp/ats95_copy_' :z_port '.txt'
SET ROLE z_rec;
\set ON_ERROR_STOP 0
\set ON_ERROR_ROLLBACK on
\set VERBOSITY terse
COPY ats.jobs TO STDOUT \g /dev/null
\set ON_ERROR_ROLLBACK off
\set ON_ERROR_STOP 1
\set VERBOSITY default
SELECT is(:'LAST_ERROR_SQLSTATE' || ': ' || :'LAST_ERROR_MESSAGE', '42809: cannot copy from view "jobs"',
    'COPY ats.jobs TO STDOUT is refused with a clear error (a view)');
COPY (SELECT id, title FROM ats.jobs ORDER BY id) TO STDOUT \g :z_copyfile
\set z_copied `cat :z_copyfile`
SELECT is(:'z_copied'::text, E'1\tvisible-job-1\n2\tvisible-job-2',
    'COPY (SELECT ... FROM ats.jobs) TO STDOUT as the user: the visible rows only');
COPY (SELECT id, email, phone, salary_expectation FROM ats.candidates ORDER BY id) TO STDOUT \g :z_copyfile
\set z_copied `cat :z_copyfile; rm -f :z_copyfile`
SELECT is(:'z_copied'::text, E'11\tvisible-email-11\tvisible-phone-11\t1111\n12\t\\N\t\\N\t\\N',
    'COPY (SELECT ... FROM ats.candidates) TO STDOUT: masked values are NULL');
SELECT throws_ok($$COPY (SELECT * FROM ats.jobs) TO PROGRAM 'cat'$$, '42501', NULL,
    'COPY (query) TO PROGRAM is refused for a user');
SELECT throws_ok($$COPY (SELECT * FROM ats.candidates) TO '/tmp/ats95_never_written'$$, '42501', NULL,
    'COPY (query) TO a server file is refused for a user');
RESET ROLE;

/* ---------------------------------------------------- 8. row_security = off */
SET ROLE z_rec;
SET row_security = off;
SELECT throws_ok('SELECT count(*) FROM ats.jobs', '42501',
    'query would be affected by row-level security policy for table "jobs"',
    'row_security = off as a user: reading ats.jobs is an error, not every row');
SELECT throws_ok('SELECT count(*) FROM ats.candidates', '42501',
    'query would be affected by row-level security policy for table "candidates"',
    'row_security = off as a user: reading the masked view ats.candidates is an error');
SELECT results_eq('SELECT application_id FROM ats.candidate_applications ORDER BY 1', ARRAY[21, 22]::bigint[],
    'row_security = off: candidate_applications (filtered by its own WHERE) still shows only the visible candidates'' applications');
RESET row_security;
RESET ROLE;

/* ------------------ 9. INSERT ... RETURNING, ON CONFLICT, writable CTEs, MERGE */
-- A regular user (who may create jobs) names the id of a hidden confidential job.  Nothing of
-- the hidden job may change and the user must not gain any right on it.
SET ROLE z_reg;
-- ats.jobs is written through an INSTEAD OF trigger, which knows no ON CONFLICT: the insert
-- reaches the table and fails on its key; the creator grant is written only after a real insert.
SELECT is(z_tools.attempt($$INSERT INTO ats.jobs (id, title) VALUES (3, 'z-reg-job') ON CONFLICT DO NOTHING$$,
        $$SELECT (SELECT count(*) FROM ats.jobs WHERE id = 3) || ' ' || ats_acl.capabilities(3)::text$$),
    '23505 | 0 {}',
    'INSERT ... ON CONFLICT DO NOTHING on a hidden job''s id gives no access to that job');
SELECT is(z_tools.attempt($$INSERT INTO ats.jobs (id, title) VALUES (3, 'z-reg-job') ON CONFLICT (id) DO UPDATE SET title = 'pwned'$$,
        $$SELECT z_tools.as_dba('SELECT title FROM ats_data.jobs WHERE id = 3')$$),
    '42P10 | SECRET-job-3',
    'INSERT ... ON CONFLICT DO UPDATE on a hidden job: refused (no ON CONFLICT on ats.jobs), the job keeps its title');
RESET ROLE;
SET ROLE z_rec;
SELECT is(z_tools.catch($$INSERT INTO ats.notes AS n (id, candidate_id, job_id, body) VALUES (33, 11, 1, 'x')
                          ON CONFLICT (id) DO UPDATE SET body = 'pwned' WHERE z_evil.boom(n.body) RETURNING *$$),
    '42501: new row violates row-level security policy (USING expression) for table "notes"',
    'ON CONFLICT DO UPDATE on a hidden note: 42501 before the leaky ON CONFLICT WHERE sees the note');
SELECT is(z_tools.attempt($$INSERT INTO ats.notes (id, candidate_id, job_id, body) VALUES (33, 11, 1, 'x') ON CONFLICT DO NOTHING$$,
        $$SELECT z_tools.as_dba('SELECT body FROM ats_data.notes WHERE id = 33') || ' ' || (SELECT count(*) FROM ats.notes WHERE id = 33)$$),
    'ok | SECRET-note-33 0',
    'ON CONFLICT DO NOTHING on a hidden note: nothing written, nothing revealed');
SELECT is(z_tools.catch($$INSERT INTO ats.candidates (id, full_name) VALUES (13, 'x') ON CONFLICT (id) DO UPDATE SET full_name = 'y'$$),
    '42P10: there is no unique or exclusion constraint matching the ON CONFLICT specification',
    'ON CONFLICT on a masked view is not supported: an error, not a leak');
-- INSERT ... RETURNING of a candidate z_rec creates: as the view shows it (its own: unmasked).
SELECT is(z_tools.rows($$SELECT full_name, email FROM ats.candidates WHERE id = 15$$), '',
    'candidate 15 does not exist yet');
SELECT is(z_tools.attempt($$INSERT INTO ats.candidates (id, full_name, email) VALUES (15, 'z-rec-cand', 'z-rec-email') RETURNING *$$,
        $$SELECT z_tools.rows('SELECT full_name, email, created_by FROM ats.candidates WHERE id = 15')$$),
    'ok | (z-rec-cand,z-rec-email,' || :rec_id || ')',
    'INSERT ... RETURNING: the creator sees its candidate, created_by forced to itself');
-- UPDATE ... RETURNING of a row with masked columns hands them back masked and keeps them.
SELECT is(z_tools.attempt($$CREATE TEMP TABLE z_ret AS
        WITH u AS (UPDATE ats.candidates SET full_name = 'renamed-12' WHERE id = 12
                   RETURNING full_name, email, phone, salary_expectation, start_date)
        SELECT * FROM u$$,
        $$SELECT z_tools.rows('SELECT * FROM z_ret') || ' ' || z_tools.as_dba(
            'SELECT concat_ws('','', full_name, email, phone, salary_expectation, start_date) FROM ats_data.candidates WHERE id = 12')$$),
    'ok | (renamed-12,,,,) renamed-12,SECRET-email-12,SECRET-phone-12,987654,2039-01-12',
    'UPDATE ... RETURNING of a candidate with masked columns: returned as NULL, kept in the table');
SELECT is(z_tools.attempt($$UPDATE ats.applications SET stage = 'moved-22' WHERE id = 22$$,
        $$SELECT z_tools.rows('SELECT stage, status FROM ats.applications WHERE id = 22')
          || ' ' || z_tools.as_dba('SELECT stage FROM ats_data.applications WHERE id = 22')$$),
    'ok | (,) moved-22',
    'UPDATE of a masked stage (advance_reject_applications without view_stage): written, still read as NULL');
SELECT is(z_tools.attempt($$UPDATE ats.jobs SET title = title WHERE id IN (3, 4)$$,
        $$SELECT z_tools.as_dba('SELECT string_agg(title, '','' ORDER BY id) FROM ats_data.jobs')$$),
    'ok | visible-job-1,visible-job-2,SECRET-job-3,SECRET-job-4',
    'UPDATE of hidden jobs: 0 rows, nothing changed');
-- Writable CTEs touching hidden rows return nothing and change nothing.
SELECT is(z_tools.attempt($$
    CREATE TEMP TABLE z_cte_result AS
    WITH d AS (DELETE FROM ats.notes WHERE id IN (33, 34) RETURNING id),
         u AS (UPDATE ats.candidates SET full_name = 'x' WHERE id IN (13, 14) RETURNING id, email),
         j AS (UPDATE ats.jobs SET description = 'x' WHERE id IN (3, 4) RETURNING id, title),
         s AS (UPDATE ats.scorecards SET notes = 'x' WHERE id = 43 RETURNING private_notes),
         a AS (DELETE FROM ats.applications WHERE id IN (23, 24) RETURNING stage)
    SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM u) + (SELECT count(*) FROM j)
         + (SELECT count(*) FROM s) + (SELECT count(*) FROM a) AS n$$,
        $$SELECT (SELECT n FROM z_cte_result)
          || ' ' || z_tools.as_dba('SELECT count(*) FROM ats_data.notes WHERE id IN (33, 34)')
          || ' ' || z_tools.as_dba('SELECT string_agg(full_name, '','' ORDER BY id) FROM ats_data.candidates WHERE id IN (13, 14)')
          || ' ' || z_tools.as_dba('SELECT string_agg(coalesce(description, ''-''), '','' ORDER BY id) FROM ats_data.jobs WHERE id IN (3, 4)')$$),
    'ok | 0 2 SECRET-cand-13,SECRET-cand-14 SECRET-desc-3,SECRET-desc-4',
    'writable CTEs over hidden notes, candidates, jobs, scorecards, applications: 0 rows, nothing changed');
-- Two UPDATEs of the masked view ats.candidates in one statement (a writable CTE): each writes
-- its own columns.  Candidate 15 is z_rec's own (all rights).
INSERT INTO ats.candidates (id, full_name, phone) VALUES (15, 'z-rec-cand', 'old-phone-15');
SELECT is(z_tools.attempt($$
    WITH a AS (UPDATE ats.candidates SET full_name = 'renamed-11' WHERE id = 11 RETURNING id)
    UPDATE ats.candidates SET phone = 'new-phone-15' WHERE id = 15$$,
        $$SELECT z_tools.as_dba('SELECT string_agg(full_name || ''/'' || phone, '','' ORDER BY id) FROM ats_data.candidates WHERE id IN (11, 15)')$$),
    'ok | renamed-11/visible-phone-11,z-rec-cand/new-phone-15',
    'writable CTE: two UPDATEs of a masked view in one statement both write their own columns (no lost update)');
SELECT is(split_part(z_tools.attempt($$
    WITH a AS (UPDATE ats.candidates SET salary_expectation = 5 WHERE id = 11 RETURNING id)
    UPDATE ats.candidates SET full_name = full_name WHERE id = 12$$,
        $$SELECT z_tools.as_dba('SELECT salary_expectation::text FROM ats_data.candidates WHERE id = 12')$$), ' | ', 2),
    '987654',
    'writable CTE: a second UPDATE of the masked view never writes a masked value (salary stays)');
SELECT is(z_tools.catch($$MERGE INTO ats.jobs j USING (VALUES (3)) s(id) ON j.id = s.id
                          WHEN MATCHED THEN UPDATE SET title = 'pwned'$$),
    '0A000: cannot execute MERGE on relation "jobs" DETAIL: This operation is not supported for views.',
    'MERGE into an ats view is refused');
CREATE TEMP TABLE z_merge_target (id bigint PRIMARY KEY, title text);
SELECT z_tools.catch($$MERGE INTO z_merge_target t USING ats.jobs j ON t.id = j.id
                       WHEN NOT MATCHED THEN INSERT VALUES (j.id, j.title)$$) AS z_merge \gset
SELECT is(:'z_merge' || ' ' || (SELECT string_agg(id || '=' || title, ',' ORDER BY id) FROM z_merge_target),
    'ok 1=visible-job-1,2=visible-job-2',
    'MERGE from an ats view into the user''s own table copies the visible rows only');
DROP TABLE z_merge_target;
RESET ROLE;

/* ----------- 10. TABLESAMPLE, ctid, whole-row references, FOR UPDATE, DDL on ats objects */
SET ROLE z_rec;
SELECT throws_ok('SELECT * FROM ats.jobs TABLESAMPLE SYSTEM (100)', '0A000',
    'TABLESAMPLE clause can only be applied to tables and materialized views',
    'TABLESAMPLE on an ats view is refused (no sampling of the hidden table)');
SELECT throws_ok('SELECT ctid, id FROM ats.candidates', '42703', NULL,
    'ctid of an ats view does not exist (no addressing of hidden tuples)');
SELECT results_eq($$SELECT id FROM ats.jobs FOR UPDATE$$, ARRAY[1, 2]::bigint[],
    'SELECT ... FOR UPDATE on ats.jobs locks and returns the visible rows only');
SELECT results_eq($$SELECT id FROM ats.candidates WHERE id IN (12, 13, 14) FOR SHARE$$, ARRAY[12]::bigint[],
    'SELECT ... FOR SHARE on the masked view ats.candidates: visible rows only');
SELECT throws_ok('SELECT application_id FROM ats.candidate_applications FOR UPDATE', '42501',
    'permission denied for view candidate_applications',
    'FOR UPDATE on the read-only summary candidate_applications is refused');
RESET ROLE;
-- The external caller: whole-row references of every relation never carry a SECRET.
SET ROLE z_ext;
SELECT is(
    (SELECT array_agg(r || ' => ' || res ORDER BY r) FILTER (WHERE res <> 'ok')
       FROM (SELECT c.relname::text AS r,
                    z_tools.catch(format('SELECT count(*) FROM ats.%I t WHERE z_evil.boom(t::text)', c.relname)) AS res
               FROM pg_class c WHERE c.relnamespace = 'ats'::regnamespace) s),
    NULL::text[],
    'external caller: whole-row references of every ats relation carry no hidden value');
SELECT results_eq($$SELECT a.id, a.stage, a.status, c.salary_expectation::text
                      FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id$$,
    $$VALUES (21::bigint, NULL::text, NULL::text, NULL::text)$$,
    'external caller: its one shared application, stage, status and compensation masked');
RESET ROLE;
-- DDL on the ats objects and the hidden tables: refused.
SET ROLE z_rec;
SELECT is(
    (SELECT array_agg(sql || ' => ' || res) FILTER (WHERE res !~ '^42(501|809)')
       FROM (SELECT sql, z_tools.catch(sql) AS res FROM unnest(ARRAY[
           'TRUNCATE ats.jobs',
           'CREATE TRIGGER z_t INSTEAD OF UPDATE ON ats.jobs FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_view_write(''jobs'', ''id'')',
           'CREATE RULE z_r AS ON UPDATE TO ats.jobs DO INSTEAD NOTHING',
           'ALTER VIEW ats.jobs RESET (security_barrier)',
           'CREATE OR REPLACE VIEW ats.jobs AS SELECT * FROM ats_data.jobs',
           'ALTER TABLE ats_data.jobs DISABLE ROW LEVEL SECURITY',
           'DROP POLICY select_visible ON ats_data.jobs',
           'CREATE POLICY z_all ON ats_data.jobs USING (true)',
           'ALTER FUNCTION ats_acl.sees_all_jobs() LEAKPROOF',
           'CREATE OR REPLACE FUNCTION ats_acl.sees_all_jobs() RETURNS boolean LANGUAGE sql AS ''SELECT true''',
           'GRANT SELECT ON ats_data.jobs TO z_rec',
           'COMMENT ON VIEW ats.jobs IS ''x''',
           'SELECT * FROM ats_data.jobs',
           'INSERT INTO ats_acl.job_grants (job_id, user_id, level) VALUES (3, 3, ''job_admin'')']) AS sql) s),
    NULL::text[],
    'DDL and direct access to ats views, hidden tables, policies and catalog: all refused (42501/42809)');
SELECT throws_ok($$CREATE FUNCTION z_evil.lp(text) RETURNS boolean LANGUAGE sql LEAKPROOF AS 'SELECT true'$$, '42501',
    'only superuser can define a leakproof function',
    'a user cannot declare its leaky function LEAKPROOF (to get it pushed below the barrier)');
RESET ROLE;

/* ---------------- 11. error messages never print hidden values (unique, FK, CHECK, capability) */
SET ROLE z_rec;
SELECT is(z_tools.catch($$INSERT INTO ats.tags (category_id, name) VALUES (71, 'visible-tag-72')$$),
    '42501: permission denied to change tags DETAIL: Only ATS admins may change tags.',
    'unique (category_id, name) on tags: a non-admin gets 42501 before any uniqueness check');
SELECT is(z_tools.catch($$INSERT INTO ats.candidates (id, full_name) VALUES (13, 'x')$$),
    '23505: duplicate key value violates unique constraint "candidates_pkey"',
    'a hidden candidate''s id: 23505 without DETAIL (no key, no row printed; existence only)');
SELECT is(z_tools.catch($$INSERT INTO ats.answers (application_id, question_id, value) VALUES (21, 999, 'x')$$),
    '22023: question 999 is not a question of the job of application 21',
    'an unknown question: refused before the foreign key, naming only the supplied ids');
-- Applications to a hidden job and to a missing job get the same answer, naming only the supplied id.
SELECT is(replace(z_tools.catch($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (11, 3)$$), ' 3', ' N'),
          replace(z_tools.catch($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (11, 999)$$), ' 999', ' N'),
    'an application to a hidden job fails exactly like one to a missing job (only the supplied id)');
SELECT is(replace(z_tools.catch($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (13, 1)$$), ' 13 ', ' N '),
          replace(z_tools.catch($$INSERT INTO ats.applications (candidate_id, job_id) VALUES (999, 1)$$), ' 999 ', ' N '),
    'an application of a hidden candidate fails exactly like one of a missing candidate');
-- Records hanging off a hidden application: the error must not tell the application's job.
SELECT is(replace(z_tools.catch($$INSERT INTO ats.scorecards (application_id, rating) VALUES (23, 1)$$), ' 23', ' N'),
          replace(z_tools.catch($$INSERT INTO ats.scorecards (application_id, rating) VALUES (999, 1)$$), ' 999', ' N'),
    'a scorecard on a hidden application fails exactly like one on a missing application (the job is not named)');
SELECT is(replace(z_tools.catch($$INSERT INTO ats.interviews (application_id) VALUES (23)$$), ' 23', ' N'),
          replace(z_tools.catch($$INSERT INTO ats.interviews (application_id) VALUES (999)$$), ' 999', ' N'),
    'an interview on a hidden application fails exactly like one on a missing application');
-- Answers on z_rec's application to questions of hidden jobs: the outcome must not depend on
-- whether the hidden question is private.
SELECT is(split_part(z_tools.attempt($$INSERT INTO ats.answers (application_id, question_id, value) VALUES (21, 93, 'x')$$), ' | ', 1),
          split_part(z_tools.attempt($$INSERT INTO ats.answers (application_id, question_id, value) VALUES (21, 94, 'x')$$), ' | ', 1),
    'answers to a hidden private and a hidden public question get the same outcome (no privacy oracle)');
-- CHECK violations through a masked view print no row (the stage of 22 is masked).
SELECT unalike(z_tools.catch($$UPDATE ats.applications SET status = 'bogus' WHERE id = 22$$), '%masked-stage-22%',
    'CHECK violation on an application with a masked stage: no "Failing row" with the stage');
SELECT is(left(z_tools.catch($$UPDATE ats.applications SET status = 'bogus' WHERE id = 22$$), 5), '23514',
    'the CHECK violation itself is reported (the test above can see it)');
RESET ROLE;
-- A capability error names the old status of an application whose status is masked.
SET ROLE z_ext;
SELECT unalike(z_tools.catch($$UPDATE ats.applications SET status = 'rejected' WHERE id = 21$$), '%"active"%',
    'external caller (no view_stage): a refused status change does not tell the masked old status');
RESET ROLE;
SET ROLE z_admin;
SELECT is(z_tools.catch($$INSERT INTO ats.departments (id, name) VALUES (2, 'visible-dept-1')$$),
    '23505: duplicate key value violates unique constraint "departments_name_key"',
    'an admin''s duplicate department: 23505 without DETAIL (row-level security applies to admins too)');
RESET ROLE;

/* ------------------- 12. views, materialized views and functions a user creates over ats */
SET ROLE z_rec;
CREATE VIEW z_evil.all_jobs AS SELECT * FROM ats.jobs WHERE z_evil.leak(title);
CREATE MATERIALIZED VIEW z_evil.jobs_copy AS SELECT id, title FROM ats.jobs;
CREATE FUNCTION z_evil.definer_jobs() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
    AS $$ SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM ats.jobs $$;
GRANT SELECT ON z_evil.all_jobs, z_evil.jobs_copy TO PUBLIC;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM z_evil.all_jobs), '1,2',
    'a view z_rec creates over ats.jobs shows it its own rows');
RESET ROLE;
SET ROLE z_other;
SELECT is((SELECT count(*) FROM z_evil.all_jobs), 0::bigint,
    'z_rec''s view read by z_other (no grants): no row; a view runs the policies for the reader');
RESET ROLE;
SET ROLE z_admin;
CREATE VIEW z_evil.admin_jobs AS SELECT * FROM ats.jobs;
GRANT SELECT ON z_evil.admin_jobs TO PUBLIC;
RESET ROLE;
SET ROLE z_rec;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM z_evil.admin_jobs), '1,2',
    'an admin''s view over ats.jobs read by z_rec: z_rec''s rows, not the admin''s');
RESET ROLE;
REFRESH MATERIALIZED VIEW z_evil.jobs_copy;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM z_evil.jobs_copy), '1,2',
    'z_rec''s materialized view refreshed by the DBA still holds z_rec''s rows only');
SET ROLE z_other;
SELECT is(z_evil.definer_jobs(), '1,2',
    'z_rec''s SECURITY DEFINER function gives its caller exactly z_rec''s rows, no more');
RESET ROLE;

/* ----------------------- 13. the predicate functions called directly with forged arguments */
-- application_shared(id, job_id, source_id, created_by, candidate_id) is a policy predicate
-- any user may call.  With the job of its own sharing rule and a hidden application's id, the
-- controller z_ctl (rule of job 1 by tag 72) must not learn the tags of a hidden application
-- (23, on confidential job 3, carries tag 72; 24 does not).
SET ROLE z_ctl;
SELECT is(ats_acl.application_shared(23, 1, NULL, NULL, 13) || '/' || ats_acl.application_shared(24, 1, NULL, NULL, 14),
    'false/false',
    'application_shared() with forged arguments tells nothing about a hidden application''s tags');
RESET ROLE;
SET ROLE z_rec;
SELECT is(ats_acl.candidate_visible(13) || '/' || ats_acl.candidate_can(13, 'view_contact_details')
          || '/' || ats_acl.application_can(23, 'view_applications') || '/' || ats_acl.record_visible(13, 3, NULL)
          || '/' || ats_acl.job_visible(3) || '/' || cardinality(ats_acl.capabilities(3)),
    'false/false/false/false/false/0',
    'candidate_visible, candidate_can, application_can, record_visible, job_visible, capabilities on hidden rows: no');
RESET ROLE;

/* ----------- 14. SECURITY DEFINER admin functions: planted objects, callers without the right */
-- z_rec plants objects named like the ones the administration functions use: tables in pg_temp
-- (resolved first for relations when pg_temp leads the search_path) and functions and operators
-- in public (a better match than pg_catalog's when public leads).  Every planted function logs.
GRANT CREATE ON SCHEMA public TO z_rec;
SET ROLE z_rec;
CREATE TEMP TABLE users (id bigint, role_name name, display_name text, email text, kind text,
    access_level text, external_role text, profile text, language text, active boolean, created_at timestamptz);
CREATE TEMP TABLE job_grants (job_id bigint, user_id bigint, level text, granted_at timestamptz);
CREATE TEMP TABLE access_rules (id bigint, user_id bigint, level text, department_id bigint,
    location_id bigint, created_at timestamptz);
CREATE TEMP TABLE levels (name text, kind text, capabilities text[], description text, custom boolean);
INSERT INTO levels VALUES ('recruiter', 'internal', ARRAY['manage_job_permissions'], 'planted', false);
CREATE TEMP TABLE capabilities (name text, bit smallint, description text);
CREATE TEMP TABLE custom_levels (name text, kind text, capabilities text[], description text, changed_at timestamptz);
CREATE FUNCTION public.num_nulls(text, text, text, text, text, text, text, boolean, name) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('z.seen', coalesce(current_setting('z.seen', true), '') || '|planted-num_nulls', false);
    RETURN 0;
END $$;
CREATE FUNCTION public.z_planted_eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('z.seen', coalesce(current_setting('z.seen', true), '') || '|planted-eq', false);
    RETURN true;
END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.z_planted_eq);
CREATE FUNCTION public.z_planted_texteq(text, text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('z.seen', coalesce(current_setting('z.seen', true), '') || '|planted-texteq', false);
    RETURN true;
END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.z_planted_texteq);
SELECT z_tools.reset_seen() \g /dev/null
-- The attacker itself calls them with the planted objects in front.
SET search_path = pg_temp, public, pg_catalog;
SELECT pg_catalog.concat_ws(' / ',
    z_tools.catch('SELECT ats_acl.grant_job(1, ' || :rec_id || ', ''job_admin'')'),
    z_tools.catch('SELECT ats_acl.set_user(' || :rec_id || ', access_level => ''admin'')'),
    z_tools.catch('SELECT ats_acl.add_to_hiring_team(1, ' || :rec_id || ', ''hiring_manager'')'),
    pg_catalog.textin(pg_catalog.boolout(ats_acl.can('manage_job_permissions', 1)))) AS z_planted_rec \gset
RESET search_path;
SELECT is(regexp_replace(:'z_planted_rec', ' (DETAIL|HINT): [^/]*', '', 'g'),
    '42501: permission denied to grant access to job 1: capability "manage_job_permissions" on job 1 is required/ '
    '42501: permission denied to change ATS users/ '
    '42501: permission denied to change the hiring team of job 1: capability "edit_job_details" or "manage_job_permissions" on job 1 is required / f',
    'planted pg_temp tables (a "levels" row granting manage_job_permissions) and public functions do not help a caller');
RESET ROLE;
-- The admin calls them with the same objects planted in front of its search_path.
SET ROLE z_admin;
SET search_path = pg_temp, public, pg_catalog;
SELECT ats_acl.set_user(:rec_id, display_name => 'Recruiter renamed') \g /dev/null
SELECT ats_acl.grant_job(4, :rec_id, 'sourcer') \g /dev/null
SELECT ats_acl.add_access_rule(:other_id, 'sourcer', 1, NULL) AS z_rule \gset
SELECT ats_acl.set_level_capabilities('z_planted', ARRAY['view_applications']) \g /dev/null
SELECT ats_acl.add_to_hiring_team(4, :other_id, 'coordinator') \g /dev/null
RESET search_path;
RESET ROLE;
SELECT is(z_tools.seen(), '', 'the administration functions never call a planted function or operator');
SELECT is(z_tools.as_dba(format($$SELECT concat_ws(' / ',
        (SELECT display_name FROM ats_acl.users WHERE id = %1$s),
        (SELECT level FROM ats_acl.job_grants WHERE job_id = 4 AND user_id = %1$s),
        (SELECT level || ' ' || department_id FROM ats_acl.access_rules WHERE id = %3$s),
        (SELECT array_to_string(capabilities, ',') FROM ats_acl.custom_levels WHERE name = 'z_planted'),
        (SELECT level FROM ats_acl.job_grants WHERE job_id = 4 AND user_id = %2$s),
        (SELECT count(*) FROM pg_temp.users) + (SELECT count(*) FROM pg_temp.job_grants)
          + (SELECT count(*) FROM pg_temp.access_rules) + (SELECT count(*) FROM pg_temp.custom_levels))$$,
        :rec_id, :other_id, :z_rule)),
    'Recruiter renamed / sourcer / sourcer 1 / view_applications / coordinator / 0',
    'with planted objects the admin''s calls change the real catalog, never the planted tables');
SET ROLE z_admin;
SELECT ats_acl.revoke_job(4, :rec_id) \g /dev/null
SELECT ats_acl.revoke_job(4, :other_id) \g /dev/null
SELECT ats_acl.drop_access_rule(:z_rule) \g /dev/null
RESET ROLE;
SET ROLE z_rec;
DROP OPERATOR public.= (bigint, bigint);
DROP OPERATOR public.= (text, text);
DROP FUNCTION public.num_nulls(text, text, text, text, text, text, text, boolean, name),
    public.z_planted_eq(bigint, bigint), public.z_planted_texteq(text, text);
DROP TABLE pg_temp.users, pg_temp.job_grants, pg_temp.access_rules, pg_temp.levels,
    pg_temp.capabilities, pg_temp.custom_levels;
RESET ROLE;
REVOKE CREATE ON SCHEMA public FROM z_rec;

-- Every administration function called by a user without the right: 42501, nothing changed.
SELECT z_tools.catalog_digest() AS z_digest_before \gset
SET ROLE z_rec;
SELECT is(
    (SELECT array_agg(sql || ' => ' || res) FILTER (WHERE res !~ '^42501: ')
       FROM (SELECT sql, z_tools.catch(sql) AS res FROM unnest(ARRAY[
           'SELECT ats_acl.add_user(''z_nobody'', ''x'')',
           format('SELECT ats_acl.set_user(%s, access_level => ''admin'')', :rec_id),
           format('SELECT ats_acl.deactivate_user(%s)', :other_id),
           format('SELECT ats_acl.grant_job(3, %s, ''job_admin'')', :rec_id),
           format('SELECT ats_acl.grant_job(1, %s, ''job_admin'')', :rec_id),
           format('SELECT ats_acl.revoke_job(2, %s)', :rec_id),
           format('SELECT ats_acl.add_access_rule(%s, ''job_admin'', NULL, NULL)', :rec_id),
           'SELECT ats_acl.drop_access_rule(1)',
           format('SELECT ats_acl.add_to_hiring_team(3, %s, ''recruiter'')', :rec_id),
           format('SELECT ats_acl.add_to_hiring_team(1, %s, ''hiring_manager'')', :rec_id),
           'SELECT ats_acl.set_level_capabilities(''recruiter'', ARRAY(SELECT name FROM ats.jobs, unnest(ARRAY[''manage_job_permissions'']) name))',
           'SELECT ats_acl.set_level_capabilities(''recruiter'', ARRAY[''manage_job_permissions''])',
           'SELECT ats_acl.set_profile_level(''full'', ''jobs'', ''write'')',
           format('SELECT ats_acl.share_job(1, ARRAY[%s]::bigint[])', :ext_id),
           format('SELECT ats_acl.unshare_job(%s)', :ext_rule),
           format('SELECT ats_acl.allow_tag_categories(%s, ARRAY[71]::bigint[])', :ctl_id),
           format('SELECT ats_acl.add_to_group(81, %s)', :rec_id),
           format('SELECT ats_acl.remove_from_group(81, %s)', :admin_id),
           'SELECT count(*) FROM ats_acl.explain_access(''z_admin'', ''ats.jobs'', 3)',
           'SELECT count(*) FROM ats_acl.who_can_see(''ats.jobs'', 3)',
           'SELECT ats_acl.require_admin(''do anything'')',
           'SELECT ats_acl.require_job_capability(3, ''view_applications'', ''read job 3'')']) AS sql) s),
    NULL::text[],
    'every administration function refuses z_rec (42501), on hidden and on its own jobs');
RESET ROLE;
SELECT is(z_tools.catalog_digest(), :'z_digest_before', 'the refused calls changed nothing in the access catalog');
-- An admin's SECURITY DEFINER wrapper does not lend the admin's rights: the caller is checked.
SET ROLE z_admin;
CREATE FUNCTION z_evil.admin_grant(job bigint, who bigint) RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog AS $$ SELECT ats_acl.grant_job(job, who, 'job_admin') $$;
RESET ROLE;
SET ROLE z_rec;
SELECT throws_ok(format('SELECT z_evil.admin_grant(3, %s)', :rec_id), '42501', NULL,
    'an admin''s SECURITY DEFINER wrapper called by z_rec: the administration check sees z_rec (42501)');
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'ats_acl'::regnamespace
             AND p.proname ~ '^(_|tg_)' AND has_function_privilege('z_rec', p.oid, 'EXECUTE')),
    0::bigint,
    'internal helpers and trigger functions are not executable by users');

/* ------------------------------------------------- 15. role switches with warm caches */
SET ROLE z_admin;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs), '1,2,3,4', 'warm cache: the admin sees four jobs');
SET ROLE z_rec;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs), '1,2', 'SET ROLE z_rec after the admin: two jobs');
-- SET LOCAL ROLE in a savepoint, rolled back.  (No test is recorded between SAVEPOINT and
-- ROLLBACK TO: pgTAP's bookkeeping would be rolled back with it.)
SAVEPOINT z_sp;
SET LOCAL ROLE z_admin;
SELECT string_agg(id::text, ',' ORDER BY id) AS z_local_jobs FROM ats.jobs \gset
ROLLBACK TO SAVEPOINT z_sp;
SELECT current_user AS z_after_user, (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) AS z_after_jobs \gset
SELECT is(:'z_local_jobs' || ' then ' || :'z_after_user' || ' ' || :'z_after_jobs', '1,2,3,4 then z_rec 1,2',
    'SET LOCAL ROLE z_admin in a savepoint sees four jobs; after ROLLBACK TO, z_rec sees its two again');
SAVEPOINT z_sp2;
SET ROLE z_other;
SELECT coalesce(string_agg(id::text, ',' ORDER BY id), 'none') AS z_other_jobs FROM ats.jobs \gset
ROLLBACK TO SAVEPOINT z_sp2;
SELECT current_user AS z_after_user, (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) AS z_after_jobs \gset
SELECT is(:'z_other_jobs' || ' then ' || :'z_after_user' || ' ' || :'z_after_jobs', 'none then z_rec 1,2',
    'SET ROLE z_other rolled back to the savepoint: back to z_rec and its cache entry');
SAVEPOINT z_sp3;
SET SESSION AUTHORIZATION z_other;
SELECT session_user AS z_sa_user, coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs), 'none') AS z_sa_jobs \gset
ROLLBACK TO SAVEPOINT z_sp3;
SELECT session_user || '/' || current_user AS z_after_user, (SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) AS z_after_jobs \gset
SELECT is(:'z_sa_user' || ' ' || :'z_sa_jobs' || ' then ' || :'z_after_user' || ' ' || :'z_after_jobs',
    'z_other none then postgres/z_rec 1,2',
    'SET SESSION AUTHORIZATION z_other rolled back to the savepoint: the DBA session with role z_rec again');
RESET ROLE;
SET SESSION AUTHORIZATION z_rec;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) || ' ' || ats_acl.current_user_id(),
    '1,2 ' || :rec_id, 'SET SESSION AUTHORIZATION z_rec: z_rec''s jobs and identity');
SELECT throws_ok('SET ROLE z_admin', '42501', 'permission denied to set role "z_admin"',
    'after SET SESSION AUTHORIZATION z_rec the session cannot SET ROLE z_admin');
SELECT is(z_tools.catch('SELECT ats_acl.grant_job(1, ' || :rec_id || ', ''job_admin'')') ~ '^42501', true,
    'after SET SESSION AUTHORIZATION z_rec the administration functions see z_rec');
SET ROLE ats_user;
SELECT is((SELECT count(*) FROM ats.jobs) || ' ' || coalesce(ats_acl.current_user_id()::text, 'none'), '0 none',
    'SET ROLE ats_user (a role z_rec is a member of): an unregistered identity that sees nothing');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) || ' ' || current_user, '1,2,3,4 postgres',
    'RESET SESSION AUTHORIZATION: the DBA again');
-- Function SET role clauses and SET ROLE inside SECURITY DEFINER functions are refused.
CREATE FUNCTION z_evil.definer_set_role() RETURNS text LANGUAGE sql SECURITY DEFINER SET role = z_admin
    AS $$ SELECT coalesce(string_agg(id::text, ','), '') FROM ats.jobs $$;
ALTER FUNCTION z_evil.definer_set_role() OWNER TO z_rec;
CREATE FUNCTION z_evil.definer_set_local_role() RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    SET LOCAL ROLE z_admin;
    RETURN (SELECT coalesce(string_agg(id::text, ','), '') FROM ats.jobs);
END $$;
ALTER FUNCTION z_evil.definer_set_local_role() OWNER TO z_rec;
SET ROLE z_rec;
SELECT throws_ok('SELECT z_evil.definer_set_role()', '42501', 'cannot set parameter "role" within security-definer function',
    'a SECURITY DEFINER function with SET role = z_admin is refused');
SELECT throws_ok('SELECT z_evil.definer_set_local_role()', '42501', 'cannot set parameter "role" within security-definer function',
    'SET LOCAL ROLE inside a SECURITY DEFINER function is refused');
CREATE FUNCTION z_evil.invoker_set_role() RETURNS text LANGUAGE sql SET role = z_admin
    AS $$ SELECT coalesce(string_agg(id::text, ','), '') FROM ats.jobs $$;
RESET ROLE;
-- SET ROLE is checked against the session user (here the DBA), so log in as z_rec.
SET SESSION AUTHORIZATION z_rec;
SELECT throws_ok('SELECT z_evil.invoker_set_role()', '42501', 'permission denied to set role "z_admin"',
    'z_rec''s own function with SET role = z_admin cannot be run in z_rec''s session');
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) || ' ' || ats_acl.current_user_id(),
    '1,2 ' || :rec_id, 'after the refused switches z_rec is still z_rec');
RESET SESSION AUTHORIZATION;

/* ------------------------------------ 16. parallel query gives the serial results */
SET ROLE z_rec;
SELECT coalesce(string_agg(id || ':' || title, ',' ORDER BY id), '') AS z_s1 FROM ats.jobs \gset
SELECT coalesce(string_agg(id || ':' || coalesce(stage, '-'), ',' ORDER BY id), '') AS z_s2 FROM ats.applications \gset
SELECT coalesce(string_agg(id || ':' || coalesce(email, '-'), ',' ORDER BY id), '') AS z_s3 FROM ats.candidates \gset
SELECT coalesce(string_agg(id || ':' || body, ',' ORDER BY id), '') AS z_s4 FROM ats.notes \gset
SELECT coalesce(string_agg(application_id || ':' || stage, ',' ORDER BY application_id), '') AS z_s5 FROM ats.candidate_applications \gset
SELECT count(*) AS z_s6 FROM ats.jobs j JOIN ats.applications a ON a.job_id = j.id \gset
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'on', false) \g /dev/null
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT coalesce(string_agg(id || ':' || title, ',' ORDER BY id), '') AS z_p1 FROM ats.jobs \gset
SELECT coalesce(string_agg(id || ':' || coalesce(stage, '-'), ',' ORDER BY id), '') AS z_p2 FROM ats.applications \gset
SELECT coalesce(string_agg(id || ':' || coalesce(email, '-'), ',' ORDER BY id), '') AS z_p3 FROM ats.candidates \gset
SELECT coalesce(string_agg(id || ':' || body, ',' ORDER BY id), '') AS z_p4 FROM ats.notes \gset
SELECT coalesce(string_agg(application_id || ':' || stage, ',' ORDER BY application_id), '') AS z_p5 FROM ats.candidate_applications \gset
SELECT count(*) AS z_p6 FROM ats.jobs j JOIN ats.applications a ON a.job_id = j.id \gset
SELECT matches(z_tools.plan('SELECT count(*) FROM ats.jobs'), 'Gather',
    'parallel mode: the plan of a query over ats.jobs has a Gather (the comparison below is not vacuous)');
SELECT is(ARRAY[:'z_p1', :'z_p2', :'z_p3', :'z_p4', :'z_p5', :'z_p6'],
          ARRAY[:'z_s1', :'z_s2', :'z_s3', :'z_s4', :'z_s5', :'z_s6'],
    'parallel mode returns exactly the serial results (jobs, applications, candidates, notes, summary, join)');
SELECT is(:'z_s1' || ' ' || :'z_s3', '1:visible-job-1,2:visible-job-2 11:visible-email-11,12:-,15:-',
    'and those results are the visible ones');
RESET ROLE;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'off', false) \g /dev/null

/* ------------- 17. NULLs, huge arrays, extreme ids, odd text, invalid UTF-8 to every function */
-- Every function of ats_acl a user may execute is called once with sane arguments and then,
-- argument by argument, with each hostile value of that argument's type; every call is rolled
-- back.  Allowed outcomes: success, or one of the documented errors (22004 NULL, 22023 bad
-- value, 42704 unknown object, 42501 denied, 23505 duplicate, 55000 prerequisite,
-- 22003/54000 out of range / too large).  Anything else (an internal error XX000, a syntax
-- error from a built-up query, a crash) is listed.
CREATE FUNCTION z_tools.sane_value(t regtype, n text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE t
        WHEN 'bigint'::regtype THEN CASE n
            WHEN 'user_id' THEN current_setting('z.rec_id') WHEN 'owner' THEN current_setting('z.rec_id')
            WHEN 'created_by' THEN current_setting('z.rec_id') WHEN 'candidate_id' THEN '11'
            WHEN 'application_id' THEN '21' WHEN 'row_id' THEN '21' WHEN 'rule_id' THEN current_setting('z.rule_id')
            WHEN 'group_id' THEN '81' WHEN 'note_id' THEN '31' WHEN 'tag_id' THEN '72'
            WHEN 'category_id' THEN '71' ELSE '1' END || '::bigint'
        WHEN 'text'::regtype THEN CASE n
            WHEN 'capability' THEN '''view_applications''' WHEN 'level' THEN '''recruiter'''
            WHEN 'module' THEN '''jobs''' WHEN 'role' THEN '''recruiter''' WHEN 'kind' THEN '''internal'''
            WHEN 'access_level' THEN '''limited''' WHEN 'profile' THEN '''full'''
            WHEN 'external_role' THEN 'NULL' WHEN 'email' THEN 'NULL' WHEN 'language' THEN 'NULL'
            ELSE '''fuzz''' END || '::text'
        WHEN 'name'::regtype THEN '''z_nobody''::name'
        WHEN 'bigint[]'::regtype THEN CASE n
            WHEN 'user_ids' THEN 'ARRAY[' || current_setting('z.ext_id') || ']' WHEN 'category_ids' THEN 'ARRAY[71]'
            ELSE '''{}''' END || '::bigint[]'
        WHEN 'text[]'::regtype THEN 'ARRAY[''view_applications'']::text[]'
        WHEN 'boolean'::regtype THEN 'false'
        WHEN 'regclass'::regtype THEN '''ats.jobs''::regclass'
        ELSE 'NULL::' || t::text END
$$;
CREATE FUNCTION z_tools.bad_values(t regtype) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE t
        WHEN 'bigint'::regtype THEN ARRAY['NULL::bigint', '0::bigint', '(-1)::bigint',
            '(-9223372036854775808)::bigint', '9223372036854775807::bigint']
        WHEN 'text'::regtype THEN ARRAY['NULL::text', '''''::text', 'repeat(''x'', 100000)',
            $v$'VIEW_APPLICATIONS'$v$, $v$'recruiter '$v$, $v$'é€😀 ü'$v$,
            $v$'x''); DROP TABLE ats_data.jobs; --'$v$, $v$'%s%n%x\'$v$, 'chr(1) || chr(127)']
        WHEN 'name'::regtype THEN ARRAY['NULL::name', '''''::name', 'repeat(''n'', 200)::name',
            '''postgres''::name', '''ats_acl_owner''::name', '''pg_signal_backend''::name', '''z_admin''::name',
            $v$'x"; DROP ROLE z_admin; --'::name$v$]
        WHEN 'bigint[]'::regtype THEN ARRAY['NULL::bigint[]', '''{}''::bigint[]', '''{NULL}''::bigint[]',
            '''{{1,2},{3,4}}''::bigint[]', '''[5:6]={1,2}''::bigint[]',
            'ARRAY(SELECT generate_series(1, 100000)::bigint)',
            '''{-9223372036854775808,9223372036854775807}''::bigint[]']
        WHEN 'text[]'::regtype THEN ARRAY['NULL::text[]', '''{}''::text[]', '''{NULL}''::text[]',
            '''{{view_applications,add_notes},{a,b}}''::text[]', '''[3:3]={view_applications}''::text[]',
            'ARRAY(SELECT ''view_applications'' FROM generate_series(1, 100000))',
            'ARRAY(SELECT md5(g::text) FROM generate_series(1, 1000) g)']
        WHEN 'boolean'::regtype THEN ARRAY['NULL::boolean']
        WHEN 'regclass'::regtype THEN ARRAY['NULL::regclass', '''pg_catalog.pg_authid''::regclass',
            '''ats_data.jobs''::regclass', '''ats.candidate_applications''::regclass',
            '''z_evil.all_jobs''::regclass', '0::oid::regclass', '4294967295::oid::regclass']
        ELSE ARRAY['NULL::' || t::text] END
$$;
CREATE FUNCTION z_tools.fuzz() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    f record; i int; v text; args text[]; call text; st text; msg text; bad text[] := '{}'; n int := 0;
BEGIN
    FOR f IN SELECT p.oid, p.proname, p.pronargs,
                    ARRAY(SELECT x::regtype FROM unnest(p.proargtypes::oid[]) x) AS types,
                    coalesce(p.proargnames, '{}') AS names
               FROM pg_proc p
              WHERE p.pronamespace = 'ats_acl'::regnamespace
                AND p.prorettype <> 'trigger'::regtype
                AND has_function_privilege('ats_user', p.oid, 'EXECUTE')
              ORDER BY p.proname LOOP
        FOR i IN 0 .. f.pronargs LOOP
            FOREACH v IN ARRAY CASE WHEN i = 0 THEN ARRAY['sane'] ELSE z_tools.bad_values(f.types[i]) END LOOP
                args := ARRAY(SELECT CASE WHEN k = i THEN v ELSE z_tools.sane_value(f.types[k], f.names[k]) END
                                FROM generate_series(1, f.pronargs) k ORDER BY k);
                call := format('SELECT count(*) FROM ats_acl.%I(%s) AS r', f.proname, array_to_string(args, ', '));
                n := n + 1;
                BEGIN
                    EXECUTE call;
                    RAISE EXCEPTION USING ERRCODE = 'ZZ999';
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                    IF st NOT IN ('ZZ999', '22004', '22023', '42704', '42501', '23505', '55000', '22003', '54000') THEN
                        bad := bad || format('%s(%s) => %s %s', f.proname, left(array_to_string(args, ', '), 120), st, left(msg, 160));
                    END IF;
                END;
            END LOOP;
        END LOOP;
    END LOOP;
    PERFORM set_config('z.fuzz_calls', n::text, false);
    RETURN bad;
END $$;
SET ROLE z_rec;
SELECT is(z_tools.fuzz(), '{}'::text[], 'fuzz as a limited user: every function answers hostile input with a documented error');
SELECT cmp_ok(current_setting('z.fuzz_calls')::int, '>', 500, 'the fuzz made hundreds of calls');
RESET ROLE;
SET ROLE z_ext;
SELECT is(z_tools.fuzz(), '{}'::text[], 'fuzz as an external user: documented errors only');
RESET ROLE;
SET ROLE z_admin;
SELECT is(z_tools.fuzz(), '{}'::text[], 'fuzz as an ATS admin (the calls get past the permission checks): documented errors only');
RESET ROLE;
SELECT is(z_tools.catalog_digest(), :'z_digest_before', 'after the fuzz the access catalog is as before');
SET ROLE z_rec;
SELECT is((SELECT string_agg(id::text, ',' ORDER BY id) FROM ats.jobs) || ' ' || ats_acl.current_user_id()
          || ' ' || array_to_string(ats_acl.job_ids(), ','),
    '1,2 ' || :rec_id || ' 1,2', 'after the fuzz z_rec''s view and cache are intact');
-- Invalid UTF-8 never reaches the extension: the server rejects it while reading the literal
-- or converting it, before any function is called.
SELECT throws_ok($q$SELECT ats_acl.can(E'view\xff\xfe', 1)$q$, '22021', NULL,
    'invalid UTF-8 in a literal is rejected before ats_acl.can() is called');
SELECT throws_ok($q$SELECT ats_acl.module_level(convert_from('\xc328'::bytea, 'UTF8'))$q$, '22021', NULL,
    'invalid UTF-8 from convert_from is rejected before ats_acl.module_level() is called');
SELECT throws_ok($q$SELECT ats_acl.capabilities(1) || ARRAY[chr(0)]$q$, '54000', NULL,
    'a NUL character cannot be built at all');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
