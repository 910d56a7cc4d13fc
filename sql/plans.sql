-- Policies stay index-friendly: listing one job's applications as a
-- recruiter uses the index on applications(job_id), with the permitted
-- job set computed once (an initPlan), not per row.
BEGIN;
INSERT INTO ats.candidates (full_name)
SELECT 'Candidate ' || g FROM generate_series(1, 2000) AS g;
INSERT INTO ats.applications (candidate_id, job_id)
SELECT c.id, 1 + c.id % 4 FROM ats.candidates c;
ANALYZE ats_data.applications, ats_data.candidates, ats_data.jobs;
SET LOCAL ROLE r_rec;
EXPLAIN (COSTS OFF)
SELECT * FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 50;
-- A candidate's applications: the index on candidate_id, same policy.
EXPLAIN (COSTS OFF)
SELECT * FROM ats.applications WHERE candidate_id = 5;
SELECT count(*) FROM ats.applications;
ROLLBACK;
-- The lines of a query's plan that match a pattern, trimmed.
CREATE FUNCTION pg_temp.plan_lines(q text, pattern text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF line ~ pattern THEN
            RETURN NEXT pg_catalog.btrim(line);
        END IF;
    END LOOP;
END $$;
-- Search by exact email, a masked column: the planner is given the implied
-- "email = value" inside the view, so the email index serves it (not a scan
-- of every candidate with the policy per row), and the mask still decides.
BEGIN;
INSERT INTO ats.candidates (full_name, email)
SELECT 'Searched ' || g, 'searched' || g || '@example.com' FROM generate_series(1, 2000) AS g;
INSERT INTO ats.applications (candidate_id, job_id)
SELECT c.id, 1 FROM ats_data.candidates c WHERE c.email = 'searched7@example.com';
ANALYZE ats_data.candidates, ats_data.applications;
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_level_capabilities('no_contact', ARRAY['view_applications']);
SELECT ats_acl.grant_job(1, 3, 'no_contact');
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT id, full_name FROM ats.candidates WHERE email = 'searched7@example.com'$$, 'on candidates c$|Index Cond: \(email');
SELECT full_name, email FROM ats.candidates WHERE email = 'searched7@example.com';
-- The same as a prepared statement with a generic plan: the parameter too.
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE by_email(text) AS SELECT full_name FROM ats.candidates WHERE email = $1;
SELECT pg_temp.plan_lines($$EXECUTE by_email('searched7@example.com')$$, 'on candidates c$|Index Cond: \(email');
EXECUTE by_email('searched7@example.com');
-- A non-leakproof operator gets no derived qual: a scan, as before.
SELECT pg_temp.plan_lines($$SELECT id FROM ats.candidates WHERE email ~ '^searched7@'$$, 'on candidates c$|Index Cond: \(email');
-- A user who sees the candidate but not its contact details finds nothing by
-- email, though the row is visible and the stored email matches.
SET LOCAL ROLE r_limited;
SELECT full_name, email FROM ats.candidates WHERE full_name = 'Searched 7';
SELECT count(*) FROM ats.candidates WHERE email = 'searched7@example.com';
EXECUTE by_email('searched7@example.com');
DEALLOCATE by_email;
ROLLBACK;
-- A pipeline (ORDER BY created_at DESC LIMIT n over one job) reads the job's
-- rows in index order and stops after n visible ones.  The recruiter's view
-- hides no row itself (its module access reads all): it is pulled up, and the
-- plan is the hand-written query's.  A view that keeps its barrier (below)
-- gets the filter, order and limit copied inside, under its own quals.
BEGIN;
INSERT INTO ats.candidates (full_name)
SELECT 'Piped ' || g FROM generate_series(1, 3000) AS g;
INSERT INTO ats_data.applications (candidate_id, job_id, created_by, created_at)
SELECT c.id, 1, CASE WHEN c.id % 3 = 0 THEN 6 ELSE 1 END,
       timestamptz '2026-01-01' + c.id * interval '1 minute'
  FROM ats_data.candidates c WHERE c.full_name LIKE 'Piped %';
ANALYZE ats_data.applications, ats_data.candidates;
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT id, stage FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5$$, '^ *(->  )?(Limit|Sort|[A-Za-z ]*Scan)');
SELECT pg_temp.plan_lines($$SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5 OFFSET 100$$, '^ *(->  )?(Limit|Sort|[A-Za-z ]*Scan)');
-- The same rows as without the push-down (ordered by a masked column: not pushed).
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5 OFFSET 100) s)
     = (SELECT array_agg(id) FROM (SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC, stage LIMIT 105) s
         WHERE id NOT IN (SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 100)) AS same_rows;
-- Hidden rows take no place in the limit: with the applications profile "own",
-- the recruiter's latest own applications, though others are newer.
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_profile_level('own_apps', 'applications', 'own');
SELECT ats_acl.set_user(6, profile => 'own_apps');
RESET ROLE;
CREATE TEMP TABLE latest_own AS
SELECT array_agg(id ORDER BY created_at DESC) AS ids
  FROM (SELECT id, created_at FROM ats_data.applications
         WHERE job_id = 1 AND created_by = 6 ORDER BY created_at DESC LIMIT 3) s;
GRANT SELECT ON latest_own TO PUBLIC;
SET LOCAL ROLE r_rec;
SELECT array_agg(id) = (SELECT ids FROM latest_own) AS latest_own_only
  FROM (SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 3) s;
SELECT pg_temp.plan_lines($$SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 3$$, '^ *(->  )?(Limit|Sort|[A-Za-z ]*Scan)');
-- A leaky function in WHERE keeps the limit out of the view (else it would see rows first).
SELECT pg_temp.plan_lines($$SELECT id FROM ats.applications WHERE job_id = 1 AND id::text <> '' ORDER BY created_at DESC LIMIT 3$$, '^ *(->  )?(Limit|Sort|[A-Za-z ]*Scan)');
ROLLBACK;
-- The user's permission sets are constants in the plan (src/specialize.c): a
-- recruiter's dashboard count reads its one small job through the job_id
-- index, not every application.
BEGIN;
INSERT INTO ats.candidates (full_name) SELECT 'Counted ' || g FROM generate_series(1, 4000) AS g;
INSERT INTO ats_data.applications (candidate_id, job_id)
SELECT c.id, CASE WHEN c.id % 100 = 0 THEN 1 ELSE 2 + c.id % 3 END
  FROM ats_data.candidates c WHERE c.full_name LIKE 'Counted %';
ANALYZE ats_data.applications, ats_data.candidates;
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT count(*) FROM ats.applications$$, 'Scan');
SELECT count(*) FROM ats.applications;
-- A count reads no column of the view: the scan computes none (no masks, no placeholders).
-- A view that hides nothing is pulled up: a plain scan of the table, its
-- policies as the scan's filter (a dashboard costs what the count costs).
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM ats.applications;
-- A name-prefix search gets the prefix's range inside the view, a
-- leakproof qual on the table's column, which the text_pattern_ops index
-- serves; LIKE itself (not leakproof) may not run before the policies, so
-- without the range the policies would run on every candidate.  The view
-- keeps its barrier for it even where it hides nothing itself (the
-- recruiter's): pulled up, LIKE and the range would count twice in the
-- estimate.  The same for a recruiter whose candidates profile is "own" (and
-- who created these).  The recruiter is in no group: its policy has no probe
-- of candidate_groups (an empty group set is false while planning).
SET LOCAL ROLE r_admin;
INSERT INTO ats.candidates (full_name) VALUES ('Odd_1'), ('Odd%2'), ('OddX3'), ('Zoé A'), ('Zoéb'), ('Zoe');
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT id FROM ats.candidates WHERE full_name LIKE 'Counted 12%'$$, 'on candidates|full_name');
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_profile_level('own_cands', 'candidates', 'own');
SELECT ats_acl.set_user(6, profile => 'own_cands');
RESET ROLE;
UPDATE ats_data.candidates SET created_by = 6 WHERE full_name ~ '^(Counted|Odd|Zo)';
ANALYZE ats_data.candidates;
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT id FROM ats.candidates WHERE full_name LIKE 'Counted 12%'$$, 'on candidates|full_name');
SELECT count(*) AS counted_12 FROM ats.candidates WHERE full_name LIKE 'Counted 12%';
SELECT array_agg(full_name ORDER BY full_name) AS wildcard FROM ats.candidates WHERE full_name LIKE 'Odd_%';
SELECT array_agg(full_name ORDER BY full_name) AS escaped FROM ats.candidates WHERE full_name LIKE 'Odd\_%';
SELECT array_agg(full_name ORDER BY full_name) AS escaped_percent FROM ats.candidates WHERE full_name LIKE 'Odd\%%';
SELECT array_agg(full_name ORDER BY full_name) AS multibyte FROM ats.candidates WHERE full_name LIKE 'Zoé%';
SELECT pg_temp.plan_lines($$SELECT id FROM ats.candidates WHERE full_name LIKE 'Zoé%'$$, 'Index Cond: \(\(full_name');
ROLLBACK;
-- Two views joined, ordered by the first, limited (an agency's list): the
-- second is looked up per row of the first through its primary key (a
-- lateral, leakproof "id = <candidate_id>"), in the query's order, instead of
-- being read whole; rows whose candidate is hidden take no place in the limit.
BEGIN;
INSERT INTO ats.candidates (full_name) SELECT 'Listed ' || g FROM generate_series(1, 3000) AS g;
INSERT INTO ats_data.applications (candidate_id, job_id, created_by, created_at)
SELECT c.id, 1, 1, timestamptz '2026-01-01' + c.id * interval '1 minute'
  FROM ats_data.candidates c WHERE c.full_name LIKE 'Listed %';
UPDATE ats_data.candidates SET created_by = 6 WHERE full_name LIKE 'Listed %' AND id % 7 = 0;
ANALYZE ats_data.applications, ats_data.candidates;
SET LOCAL ROLE r_rec;
SELECT pg_temp.plan_lines($$SELECT a.id, c.full_name, c.email FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id ORDER BY a.created_at DESC LIMIT 5$$,
                          '^ *(->  )?(Limit|Sort|Nested Loop|Hash Join|[A-Za-z ]*Scan)');
CREATE TEMP TABLE listed AS
SELECT array_agg(id) AS ids
  FROM (SELECT a.id FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
         WHERE c.id::text <> '' ORDER BY a.created_at DESC, a.id LIMIT 5) s;
SELECT array_agg(id) = (SELECT ids FROM listed) AS same_rows
  FROM (SELECT a.id FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
         ORDER BY a.created_at DESC, a.id LIMIT 5) s;
-- The same with the views in the other order, and as a comma join.
SELECT (SELECT array_agg(id) FROM (SELECT a.id FROM ats.candidates c JOIN ats.applications a ON a.candidate_id = c.id
                                    ORDER BY a.created_at DESC, a.id LIMIT 5) s) = (SELECT ids FROM listed) AS reversed_same,
       (SELECT array_agg(id) FROM (SELECT a.id FROM ats.candidates c, ats.applications a WHERE c.id = a.candidate_id
                                    ORDER BY a.created_at DESC, a.id LIMIT 5) s) = (SELECT ids FROM listed) AS comma_same;
SELECT pg_temp.plan_lines($$SELECT a.id FROM ats.candidates c JOIN ats.applications a ON a.candidate_id = c.id ORDER BY a.created_at DESC LIMIT 5$$,
                          '^ *(->  )?(Nested Loop|Hash Join|Subquery Scan)');
-- With the candidates profile "own", only the recruiter's own candidates join.
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_profile_level('own_cands', 'candidates', 'own');
SELECT ats_acl.set_profile_level('own_cands', 'applications', 'read');
SELECT ats_acl.set_user(6, profile => 'own_cands');
SET LOCAL ROLE r_rec;
SELECT count(*) AS rows, bool_and(c.created_by = 6) AS own_only
  FROM (SELECT c.created_by FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
         ORDER BY a.created_at DESC LIMIT 5) c;
SELECT array_agg(id) = (SELECT array_agg(id) FROM (
           SELECT a.id FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
            WHERE c.id::text <> '' ORDER BY a.created_at DESC, a.id LIMIT 5) s) AS same_rows_own
  FROM (SELECT a.id FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id
         ORDER BY a.created_at DESC, a.id LIMIT 5) s;
ROLLBACK;
-- An external user's sharing rules as SQL (src/sharing_quals.c): a statement
-- that reads every shared application (a count) gets the rules written out,
-- tags as EXISTS over application_tags (which the planner may hash), own
-- candidates as an array of the user's candidates (an initPlan), so no
-- application_shared() per row; a page of one view keeps the per-row probe
-- of tags.  The rows are those the rules share either way, and tags or
-- candidates added later count from the next statement, also in a cached plan.
BEGIN;
INSERT INTO ats_data.tag_categories (name) VALUES ('Plans');
INSERT INTO ats_data.tags (category_id, name)
SELECT c.id, t FROM ats_data.tag_categories c, unnest(ARRAY['hot', 'cold']) t WHERE c.name = 'Plans';
INSERT INTO ats_data.candidates (full_name) SELECT 'Shared ' || g FROM generate_series(1, 3000) AS g;
INSERT INTO ats_data.applications (candidate_id, job_id, source_id)
SELECT c.id, 1 + c.id % 2, CASE WHEN c.id % 7 = 0 THEN (SELECT min(id) FROM ats_data.sources) END
  FROM ats_data.candidates c WHERE c.full_name LIKE 'Shared %';
INSERT INTO ats_data.application_tags
SELECT a.id, t.id FROM ats_data.applications a
  JOIN ats_data.candidates c ON c.id = a.candidate_id
  JOIN ats_data.tags t ON t.name = CASE WHEN a.id % 5 = 0 THEN 'hot' ELSE 'cold' END
 WHERE c.full_name LIKE 'Shared %' AND a.id % 3 = 0;
UPDATE ats_data.candidates SET created_by = 9 WHERE full_name IN ('Shared 2', 'Shared 4', 'Shared 5');
-- An application the agency created, of a candidate it did not create: its own too.
UPDATE ats_data.applications SET created_by = 9
 WHERE id = (SELECT a.id FROM ats_data.applications a JOIN ats_data.candidates c ON c.id = a.candidate_id
              WHERE a.job_id = 2 AND c.full_name LIKE 'Shared 1%' AND c.created_by IS NULL
                AND NOT EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = a.id)
              ORDER BY c.full_name LIMIT 1)
RETURNING candidate_id AS own_app_candidate \gset
ANALYZE ats_data.applications, ats_data.candidates, ats_data.application_tags;
SELECT ats_acl.share_job(1, ARRAY[9]::bigint[], by_tags => ARRAY[(SELECT id FROM ats_data.tags WHERE name = 'hot')],
                         by_sources => ARRAY[(SELECT min(id) FROM ats_data.sources)]) AS rule_1,
       ats_acl.share_job(2, ARRAY[9]::bigint[], by_tags => ARRAY[(SELECT id FROM ats_data.tags WHERE name = 'hot')],
                         own_candidates => true) AS rule_2 \gset
-- What the rules share, computed by hand as the DBA.
CREATE TEMP VIEW shared_by_hand AS
SELECT a.id FROM ats_data.applications a JOIN ats_data.candidates c ON c.id = a.candidate_id
 WHERE (a.job_id = 1 AND (a.source_id = (SELECT min(id) FROM ats_data.sources)
                          OR EXISTS (SELECT 1 FROM ats_data.application_tags t JOIN ats_data.tags g ON g.id = t.tag_id
                                      WHERE t.application_id = a.id AND g.name = 'hot')))
    OR (a.job_id = 2 AND (a.created_by = 9 OR c.created_by = 9
                          OR EXISTS (SELECT 1 FROM ats_data.application_tags t JOIN ats_data.tags g ON g.id = t.tag_id
                                      WHERE t.application_id = a.id AND g.name = 'hot')));
SELECT count(*) AS shared, md5(string_agg(id::text, ',' ORDER BY id)) AS expected FROM shared_by_hand \gset
SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id DESC) AS page
  FROM (SELECT a.id, a.created_at FROM ats_data.applications a JOIN shared_by_hand USING (id)
         WHERE a.job_id = 1 ORDER BY a.created_at DESC, a.id DESC LIMIT 10) p \gset
SELECT string_agg(c.id::text, ',' ORDER BY c.full_name, c.id) AS searched
  FROM (SELECT c.id, c.full_name FROM ats_data.candidates c
         WHERE c.full_name LIKE 'Shared 1%'
           AND (c.created_by = 9 OR EXISTS (SELECT 1 FROM ats_data.applications a JOIN shared_by_hand USING (id)
                                             WHERE a.candidate_id = c.id))
         ORDER BY c.full_name, c.id LIMIT 20) c \gset
SELECT ARRAY(SELECT id FROM ats_data.candidates WHERE created_by = 9 ORDER BY id) AS own \gset
SET LOCAL ROLE r_rec;
SELECT ats_acl.own_candidate_ids() AS internal_user_own_candidate_ids;
SET LOCAL ROLE r_agency;
-- Own candidates by the indexes of applications and the user's candidates read
-- once per statement ((SELECT own_candidate_ids()), no scan of candidates).
SELECT pg_temp.plan_lines($$SELECT count(*) FROM ats.applications$$, 'application_tags|on candidates|application_shared|candidate_id = ANY');
-- The policy's set of shared jobs ('{1,2}') is implied by the rules' terms and dropped.
SELECT count(*) AS shared_set_lines
  FROM pg_temp.plan_lines($$SELECT count(*) FROM ats.applications$$, '''\{1,2\}''');
SELECT count(*) = :shared AS same_count FROM ats.applications;
SELECT md5(string_agg(id::text, ',' ORDER BY id)) = :'expected' AS same_rows FROM ats.applications;
-- A page of one job: its "job_id = 1" decides the rules' job terms (job 1's
-- rule alone is left), the tags by the per-row probe, the same rows as by hand.
SELECT pg_temp.plan_lines($$SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC, id DESC LIMIT 10$$,
                          'application_tags|application_shared');
SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id DESC) = :'page' AS same_page
  FROM (SELECT id, created_at FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC, id DESC LIMIT 10) p;
-- The probes' index scans (lookup.c) stay open only while a statement runs:
-- after an error in a savepoint the next probes are exact, a cursor probes
-- across statements, and the DBA may truncate a probed table (below).
SAVEPOINT probed;
SELECT count(*) FROM ats.applications WHERE job_id = 1 AND 1 / (id - id) = 0;
ROLLBACK TO probed;
SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id DESC) = :'page' AS same_page_after_error
  FROM (SELECT id, created_at FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC, id DESC LIMIT 10) p;
DECLARE probing CURSOR FOR SELECT id FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC, id DESC;
MOVE 5 IN probing;
SELECT count(*) > 0 AS probed_between FROM (SELECT id FROM ats.applications WHERE job_id = 1 LIMIT 5) p;
MOVE 5 IN probing;
CLOSE probing;
-- A name search: the candidates policy's EXISTS over applications writes the
-- own-candidate rule out (its indexes, and the user's candidates once per
-- statement); sources and tags stay the per-row call there.
SELECT pg_temp.plan_lines($$SELECT id FROM ats.candidates WHERE full_name LIKE 'Shared 1%' ORDER BY full_name, id LIMIT 20$$,
                          'own_candidate_ids|application_shared|application_tags');
SELECT ats_acl.own_candidate_ids() = :'own' AS own_candidate_ids;
SELECT :own_app_candidate = ANY (string_to_array(:'searched', ',')::bigint[]) AS searched_has_own_application;
SELECT string_agg(id::text, ',' ORDER BY full_name, id) = :'searched' AS same_search
  FROM (SELECT id, full_name FROM ats.candidates WHERE full_name LIKE 'Shared 1%' ORDER BY full_name, id LIMIT 20) c;
-- A cached generic plan sees a tag and an own candidate added after it was made.
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE shared_count AS SELECT count(*) FROM ats.applications;
EXECUTE shared_count;
RESET ROLE;
INSERT INTO ats_data.application_tags
SELECT a.id, (SELECT id FROM ats_data.tags WHERE name = 'hot') FROM ats_data.applications a
 WHERE a.job_id = 1 AND a.id NOT IN (SELECT id FROM shared_by_hand)
   AND NOT EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = a.id)
 ORDER BY a.id LIMIT 1;
UPDATE ats_data.candidates SET created_by = 9
 WHERE id = (SELECT min(a.candidate_id) FROM ats_data.applications a
              WHERE a.job_id = 2 AND a.id NOT IN (SELECT id FROM shared_by_hand));
SELECT count(*) - :shared AS added_by_hand FROM shared_by_hand;
SET LOCAL ROLE r_agency;
EXECUTE shared_count;
-- Unsharing job 2 re-plans it: only job 1's shared applications remain.
RESET ROLE;
SELECT ats_acl.unshare_job(:rule_2);
SELECT count(*) AS job_1_shared FROM shared_by_hand JOIN ats_data.applications a USING (id) WHERE a.job_id = 1 \gset
SET LOCAL ROLE r_agency;
SELECT count = :job_1_shared AS only_job_1 FROM (SELECT count(*) FROM ats.applications) c;
EXECUTE shared_count;
DEALLOCATE shared_count;
SELECT count(*) > 0 AS probed FROM (SELECT id FROM ats.applications WHERE job_id = 1 LIMIT 5) p;
RESET ROLE;
TRUNCATE ats_data.application_tags;
ROLLBACK;
-- In a pipeline (one job, by "job_id = constant"), the masks' can('view_stage',
-- job_id) has one value for all its rows: computed while planning, so the scan
-- outputs the column itself, or NULL, and calls nothing per row.  A cached plan
-- is re-planned when the capability changes.
BEGIN;
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_level_capabilities('stage_blind', ARRAY['view_applications']);
SELECT ats_acl.grant_job(1, 3, 'stage_blind');
SET LOCAL ROLE r_rec;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, stage, status FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5;
SELECT count(*) AS rows, count(stage) AS with_stage
  FROM (SELECT stage FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5) p;
SET LOCAL ROLE r_limited;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, stage, status FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5;
SELECT count(*) AS rows, count(stage) AS with_stage
  FROM (SELECT stage FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5) p;
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE pipeline AS SELECT count(*) AS rows, count(stage) AS with_stage
  FROM (SELECT stage FROM ats.applications WHERE job_id = 1 ORDER BY created_at DESC LIMIT 5) p;
EXECUTE pipeline;
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_level_capabilities('stage_blind', ARRAY['view_applications', 'view_stage']);
SET LOCAL ROLE r_limited;
EXECUTE pipeline;
DEALLOCATE pipeline;
ROLLBACK;
-- A mask whose capability the user holds on every row it sees
-- (can_on_all_visible(), a constant while planning) calls nothing per row: a
-- recruiter's lookup by id outputs stage and email themselves.  Once a job
-- whose level lacks the capability is added, the per-row call decides again
-- (that job's rows read NULL), also in a plan cached before the grant.  Never
-- for private custom fields (a creator lacks them).
BEGIN;
SET LOCAL ROLE r_rec;
SELECT ats_acl.can_on_all_visible('view_stage') AS stage,
       ats_acl.can_on_all_visible('view_contact_details') AS contact,
       ats_acl.can_on_all_visible('view_private_custom_fields') AS private;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, stage FROM ats.applications WHERE id = 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, email FROM ats.candidates WHERE id = 1;
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE masks AS
SELECT a.job_id, a.stage IS NOT NULL AS stage, c.email IS NOT NULL AS email
  FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id ORDER BY a.id;
EXECUTE masks;
SET LOCAL ROLE r_admin;
SELECT ats_acl.set_level_capabilities('blind', ARRAY['view_applications']);
SELECT ats_acl.grant_job(2, 6, 'blind');
SET LOCAL ROLE r_rec;
SELECT ats_acl.can_on_all_visible('view_stage') AS stage,
       ats_acl.can_on_all_visible('view_contact_details') AS contact;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, stage FROM ats.applications WHERE id = 1;
EXECUTE masks;
DEALLOCATE masks;
ROLLBACK;
-- An external user holds its level's capabilities on every row it sees (an
-- application its rules share, that application's candidate, a candidate it
-- created): those masks are constants too, the others stay per-row calls.
-- Not once it is a member of a group (only the DBA can make one): it then
-- sees the group's candidates, with none of its level's capabilities.
BEGIN;
SELECT ats_acl.share_job(1, ARRAY[9]::bigint[], by_sources => ARRAY[1]::bigint[]) IS NOT NULL AS shared;
SET LOCAL ROLE r_agency;
SELECT ats_acl.can_on_all_visible('view_stage') AS stage,
       ats_acl.can_on_all_visible('view_contact_details') AS contact,
       ats_acl.can_on_all_visible('edit_tags') AS tags;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id, email FROM ats.candidates WHERE id = 1;
SELECT id, email FROM ats.candidates ORDER BY id;
-- With no per-row call left, its list (two views joined, ordered, limited:
-- a page probed row by row) is still planned without workers (planner.c):
-- one only adds its start, even where PostgreSQL's costs favour it (here,
-- with scans of the tables alone); a count keeps them.
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL min_parallel_index_scan_size = 0;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_indexscan = off;
SELECT count(*) AS gathers
  FROM pg_temp.plan_lines($$SELECT a.id, a.stage, c.email FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id ORDER BY a.created_at DESC LIMIT 5$$,
                          'Gather');
SELECT count(*) > 0 AS gathers_elsewhere
  FROM pg_temp.plan_lines($$SELECT count(*) FROM ats.applications$$, 'Gather');
RESET ROLE;
INSERT INTO ats_data.groups (id, name) VALUES (901, 'Agency group');
INSERT INTO ats_data.group_members (group_id, user_id) VALUES (901, 9);
INSERT INTO ats_data.candidate_groups (candidate_id, group_id) VALUES (3, 901);
SET LOCAL ROLE r_agency;
SELECT ats_acl.can_on_all_visible('view_contact_details') AS contact_in_group;
SELECT id, email FROM ats.candidates ORDER BY id;
ROLLBACK;
-- A list of applications with their candidates (ordered, limited) needs no
-- candidates' policy (planner.c): each application the applications' policy
-- shows has a candidate the candidates' policy shows, so the join drops the
-- latter's probe of each candidate's applications (an agency's, as here, or
-- a recruiter's).  Not once a restrictive policy on candidates or another
-- permissive one on applications (a DBA's) could break that: the probe is
-- back, and a candidate hidden by the one stays out of the list.
BEGIN;
SELECT ats_acl.share_job(1, ARRAY[9]::bigint[], by_sources => ARRAY[1, 2]::bigint[]) IS NOT NULL AS shared;
\set page_list 'SELECT a.id, a.job_id, c.full_name FROM ats.applications a JOIN ats.candidates c ON c.id = a.candidate_id ORDER BY a.created_at DESC, a.id LIMIT 5'
SET LOCAL ROLE r_agency;
SELECT count(*) AS candidate_probes FROM pg_temp.plan_lines(:'page_list', 'SubPlan');
:page_list;
SET LOCAL ROLE r_rec;
SELECT count(*) AS candidate_probes FROM pg_temp.plan_lines(:'page_list', 'SubPlan');
RESET ROLE;
CREATE POLICY hide_one ON ats_data.candidates AS RESTRICTIVE USING (full_name <> 'Bob Baker');
SET LOCAL ROLE r_agency;
SELECT count(*) > 0 AS candidate_probes FROM pg_temp.plan_lines(:'page_list', 'SubPlan');
:page_list;
RESET ROLE;
DROP POLICY hide_one ON ats_data.candidates;
CREATE POLICY also_job_2 ON ats_data.applications FOR SELECT USING (job_id = 2);
SET LOCAL ROLE r_agency;
SELECT count(*) > 0 AS candidate_probes FROM pg_temp.plan_lines(:'page_list', 'SubPlan');
:page_list;
ROLLBACK;
-- The activity trigger's statement (activity.c) inlines its entry function,
-- so the statement kept per backend is planned once, not the function's body
-- at every written row: no function scan.
SELECT count(*) AS entry_function_scans
  FROM pg_temp.plan_lines($$SELECT e.row_id, e.detail
                              FROM ats_acl._activity_entry('applications', NULL, '{"id": 1}'::jsonb) AS e$$,
                          'Function Scan on _activity_entry');
-- One candidate's applications are read by the candidate's index alone
-- (src/probes.c): in the candidates policy's per-candidate EXISTS the planner
-- would AND it with the bitmap of every application of the shared jobs (the
-- applications policy's call, costed on each of the candidate's rows, made
-- that look cheaper) and read that bitmap again for every candidate.
BEGIN;
INSERT INTO ats_data.candidates (full_name) SELECT 'Probe ' || g FROM generate_series(1, 4000) AS g;
INSERT INTO ats_data.applications (candidate_id, job_id, source_id)
SELECT c.id, CASE WHEN k = 1 AND c.full_name LIKE '%0' THEN 1 ELSE 2 + k % 3 END,
       (SELECT min(id) FROM ats_data.sources)
  FROM ats_data.candidates c, generate_series(1, 6) AS k WHERE c.full_name LIKE 'Probe %';
ANALYZE ats_data.applications, ats_data.candidates;
SELECT ats_acl.share_job(1, ARRAY[9]::bigint[], by_sources => ARRAY[(SELECT min(id) FROM ats_data.sources)]) IS NOT NULL AS shared;
SELECT id AS probe_id FROM ats_data.candidates WHERE full_name = 'Probe 10' \gset
SET LOCAL ROLE r_agency;
SELECT pg_temp.plan_lines('SELECT id FROM ats.candidates WHERE id = ' || :probe_id,
                          'BitmapAnd|on applications|Cond: \((candidate_id|job_id)');
SELECT count(*) AS probe_seen FROM ats.candidates WHERE id = :probe_id;
ROLLBACK;
