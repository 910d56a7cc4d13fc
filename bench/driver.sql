-- bench/driver.sql: the measuring functions.
--   bench.check(persona, query)    every arm once per parameter set: row count and a digest
--                                  of the sorted rows (writes: rows written, rolled back)
--   bench.measure(persona, query)  the arms interleaved, N rounds, each statement timed with
--                                  clock_timestamp() around its EXECUTE, as that arm's role
--                                  (SET LOCAL ROLE); writes rolled back (subtransaction).  An
--                                  arm stops after its time budget once it has 3 runs (naive:
--                                  1 run), or at twice the budget.
--   bench.measure_prepared(persona, query)  the optimum and ats_acl again, each statement
--                                  PREPAREd once as the arm's role and EXECUTEd (a client's
--                                  prepared statement): the cost of running a plan, not of
--                                  making it; reads with the 1.10 target only
--   bench.explain(persona, query)  EXPLAIN of every arm: planning time, scans (and the
--                                  EXPLAIN ANALYZE text of ats_acl and the optimum)
-- Before every statement a write to bench.tick advances the command counter, so that
-- ats_acl's per-statement memo starts afresh as it does for a client's new statement.
\set ON_ERROR_STOP 1

CREATE TABLE bench.checks (persona text, query text, part int, arm text, k int,
                           nrows bigint, digest text, err text, ms float8, skipped boolean NOT NULL DEFAULT false);
CREATE TABLE bench.samples (persona text, query text, arm text, run int, k int, ms float8);
CREATE TABLE bench.samples_prepared (persona text, query text, arm text, run int, k int, ms float8);
CREATE TABLE bench.plans (persona text, query text, arm text, part int, planning_ms float8, exec_ms float8,
                          scans text, seq_big boolean, plan_text text);
CREATE TABLE bench.pgbench_results (arm text, round int, tps float8, latency_ms float8, transactions bigint);
CREATE TABLE bench.memory (what text, bytes bigint);

CREATE FUNCTION bench.arm_order(arm text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT array_position(ARRAY['optimum', 'ats_acl', 'tuned', 'naive'], arm)
$$;

CREATE FUNCTION bench.check(p_persona text, p_query text, p_slow_ms float8 DEFAULT 500)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c record;
    n bigint;
    d text;
    e text;
    t0 timestamptz;
    ms float8;
    slow text[] := '{}';   -- arms too slow to check every parameter set: the first one only
BEGIN
    FOR c IN SELECT * FROM bench.cells WHERE persona = p_persona AND query = p_query
              ORDER BY k, part, bench.arm_order(arm) LOOP
        IF c.arm = ANY (slow) AND c.k > 1 THEN
            INSERT INTO bench.checks VALUES (c.persona, c.query, c.part, c.arm, c.k, NULL, NULL, NULL, NULL, true);
            CONTINUE;
        END IF;
        n := NULL; d := NULL; e := NULL;
        UPDATE bench.tick SET ticks = ticks + 1;
        EXECUTE format('SET LOCAL ROLE %I', c.role);
        t0 := clock_timestamp();
        BEGIN
            IF c.is_write THEN
                EXECUTE c.sql;
                GET DIAGNOSTICS n = ROW_COUNT;
                d := '';
                RAISE SQLSTATE 'BR001';
            ELSE
                EXECUTE format('SELECT count(*), coalesce(md5(string_agg(q::text, ''|'' ORDER BY q::text)), '''') '
                               'FROM (%s) q', c.sql) INTO n, d;
            END IF;
        EXCEPTION
            WHEN SQLSTATE 'BR001' THEN NULL;
            WHEN OTHERS THEN e := SQLSTATE || ': ' || SQLERRM;
        END;
        ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
        EXECUTE 'RESET ROLE';
        IF ms > p_slow_ms THEN
            slow := slow || c.arm;
        END IF;
        INSERT INTO bench.checks VALUES (c.persona, c.query, c.part, c.arm, c.k, n, d, e, ms, false);
    END LOOP;
END
$$;

CREATE FUNCTION bench.measure(p_persona text, p_query text, p_iters int, p_budget_ms float8,
                              p_min_runs int DEFAULT 3) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    arms text[];
    roles name[];
    stmts text[];
    nk int;
    nparts int;
    narms int;
    wr boolean;
    runs int[];
    total float8[];
    done boolean[];
    it int := 0;
    a int;
    idx int;
    t0 timestamptz;
    t1 timestamptz;
    elapsed float8;
    warm constant int := 1;
    s_arm text[] := '{}';
    s_k int[] := '{}';
    s_ms float8[] := '{}';
    s_run int[] := '{}';
BEGIN
    -- arms that returned an error in the check are not timed
    SELECT array_agg(arm ORDER BY bench.arm_order(arm)) INTO arms
      FROM (SELECT DISTINCT arm FROM bench.cells c WHERE c.persona = p_persona AND c.query = p_query
               AND NOT EXISTS (SELECT 1 FROM bench.checks x WHERE x.persona = c.persona AND x.query = c.query
                                  AND x.arm = c.arm AND x.err IS NOT NULL)) s;
    IF arms IS NULL THEN RETURN; END IF;
    narms := cardinality(arms);
    SELECT max(k), max(part), bool_or(is_write) INTO nk, nparts, wr
      FROM bench.cells WHERE persona = p_persona AND query = p_query;
    SELECT array_agg(c.sql ORDER BY bench.arm_order(c.arm), c.k, c.part) INTO stmts
      FROM bench.cells c WHERE c.persona = p_persona AND c.query = p_query AND c.arm = ANY (arms);
    SELECT array_agg(r ORDER BY bench.arm_order(arm)) INTO roles
      FROM (SELECT arm, min(role) AS r FROM bench.cells WHERE persona = p_persona AND query = p_query
               AND arm = ANY (arms) GROUP BY arm) s;
    runs := array_fill(0, ARRAY[narms]);
    total := array_fill(0::float8, ARRAY[narms]);
    done := array_fill(false, ARRAY[narms]);
    WHILE it < warm + p_iters AND NOT (true = ALL (done)) LOOP
        it := it + 1;
        FOR ai IN 0 .. narms - 1 LOOP
            a := 1 + (ai + it) % narms;           -- a different arm goes first every round
            CONTINUE WHEN done[a];
            elapsed := 0;
            FOR part IN 1 .. nparts LOOP
                idx := (((a - 1) * nk) + ((it - 1) % nk)) * nparts + part;
                UPDATE bench.tick SET ticks = ticks + 1;
                EXECUTE format('SET LOCAL ROLE %I', roles[a]);
                IF wr THEN
                    BEGIN
                        t0 := clock_timestamp();
                        EXECUTE stmts[idx];
                        t1 := clock_timestamp();
                        RAISE SQLSTATE 'BR001';
                    EXCEPTION WHEN SQLSTATE 'BR001' THEN NULL;
                    END;
                ELSE
                    t0 := clock_timestamp();
                    EXECUTE stmts[idx];
                    t1 := clock_timestamp();
                END IF;
                EXECUTE 'RESET ROLE';
                elapsed := elapsed + 1000 * extract(epoch FROM t1 - t0);
            END LOOP;
            IF it > warm OR elapsed > 1000 THEN   -- a slow statement's warm-up run counts
                runs[a] := runs[a] + 1;
                total[a] := total[a] + elapsed;
                s_arm := s_arm || arms[a];
                s_k := s_k || (1 + (it - 1) % nk);
                s_ms := s_ms || elapsed;
                s_run := s_run || runs[a];
                IF (total[a] >= p_budget_ms AND (runs[a] >= p_min_runs OR arms[a] = 'naive'))
                   OR total[a] >= 2 * p_budget_ms THEN
                    done[a] := true;
                END IF;
            END IF;
        END LOOP;
    END LOOP;
    INSERT INTO bench.samples
    SELECT p_persona, p_query, x.arm, x.run, x.k, x.ms
      FROM unnest(s_arm, s_run, s_k, s_ms) AS x(arm, run, k, ms);
END
$$;

CREATE FUNCTION bench.measure_prepared(p_persona text, p_query text, p_iters int, p_budget_ms float8)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    arms constant text[] := ARRAY['optimum', 'ats_acl'];
    roles name[];
    nk int;
    nparts int;
    c record;
    runs int[] := ARRAY[0, 0];
    total float8[] := ARRAY[0, 0];
    it int := 0;
    a int;
    t0 timestamptz;
    elapsed float8;
BEGIN
    IF p_query NOT IN ('pipeline', 'pipeline_offset', 'card', 'search_email', 'search_prefix', 'point')
       OR (SELECT count(DISTINCT cl.arm) FROM bench.cells cl
            WHERE cl.persona = p_persona AND cl.query = p_query AND cl.arm = ANY (arms)
              AND NOT EXISTS (SELECT 1 FROM bench.checks x WHERE x.persona = cl.persona AND x.query = cl.query
                                 AND x.arm = cl.arm AND x.err IS NOT NULL)) < 2 THEN
        RETURN;
    END IF;
    SELECT max(k), max(part) INTO nk, nparts FROM bench.cells WHERE persona = p_persona AND query = p_query;
    SELECT array_agg((SELECT min(cl.role) FROM bench.cells cl WHERE cl.persona = p_persona AND cl.query = p_query
                                                                AND cl.arm = x.arm) ORDER BY x.o)
      INTO roles FROM unnest(arms) WITH ORDINALITY AS x(arm, o);
    FOR c IN SELECT * FROM bench.cells WHERE persona = p_persona AND query = p_query AND arm = ANY (arms) LOOP
        EXECUTE format('SET LOCAL ROLE %I', c.role);
        EXECUTE format('PREPARE %I AS %s', format('bp_%s_%s_%s', c.arm, c.k, c.part), c.sql);
        EXECUTE 'RESET ROLE';
    END LOOP;
    -- The first round of every parameter set makes the plans; the rounds after it are timed.
    WHILE it < nk + p_iters AND NOT (runs[1] >= 3 AND runs[2] >= 3 AND total[1] >= p_budget_ms
                                    AND total[2] >= p_budget_ms) LOOP
        it := it + 1;
        FOR ai IN 0 .. 1 LOOP
            a := 1 + (ai + it) % 2;
            elapsed := 0;
            FOR part IN 1 .. nparts LOOP
                UPDATE bench.tick SET ticks = ticks + 1;
                EXECUTE format('SET LOCAL ROLE %I', roles[a]);
                t0 := clock_timestamp();
                EXECUTE format('EXECUTE %I', format('bp_%s_%s_%s', arms[a], 1 + (it - 1) % nk, part));
                elapsed := elapsed + 1000 * extract(epoch FROM clock_timestamp() - t0);
                EXECUTE 'RESET ROLE';
            END LOOP;
            IF it > nk THEN
                runs[a] := runs[a] + 1;
                total[a] := total[a] + elapsed;
                INSERT INTO bench.samples_prepared VALUES (p_persona, p_query, arms[a], runs[a], 1 + (it - 1) % nk, elapsed);
            END IF;
        END LOOP;
    END LOOP;
    FOR c IN SELECT * FROM bench.cells WHERE persona = p_persona AND query = p_query AND arm = ANY (arms) LOOP
        EXECUTE format('DEALLOCATE %I', format('bp_%s_%s_%s', c.arm, c.k, c.part));
    END LOOP;
END
$$;

CREATE FUNCTION bench.explain(p_persona text, p_query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c record;
    j jsonb;
    t text;
    line text;
BEGIN
    FOR c IN SELECT * FROM bench.cells WHERE persona = p_persona AND query = p_query AND k = 1
                AND NOT EXISTS (SELECT 1 FROM bench.checks x WHERE x.persona = cells.persona AND x.query = cells.query
                                   AND x.arm = cells.arm AND x.err IS NOT NULL)
              ORDER BY part, bench.arm_order(arm) LOOP
        j := NULL; t := '';
        UPDATE bench.tick SET ticks = ticks + 1;
        EXECUTE format('SET LOCAL ROLE %I', c.role);
        BEGIN
            EXECUTE 'EXPLAIN (SUMMARY, FORMAT JSON) ' || c.sql INTO j;
            IF c.arm IN ('ats_acl', 'optimum') THEN    -- their plans, run, for the report
                UPDATE bench.tick SET ticks = ticks + 1;
                FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF) ' || c.sql LOOP
                    t := t || line || E'\n';
                END LOOP;
            END IF;
            RAISE SQLSTATE 'BR001';
        EXCEPTION WHEN SQLSTATE 'BR001' THEN NULL;
        END;
        EXECUTE 'RESET ROLE';
        INSERT INTO bench.plans
        SELECT c.persona, c.query, c.arm, c.part, (j -> 0 ->> 'Planning Time')::float8,
               (j -> 0 ->> 'Execution Time')::float8,
               (SELECT string_agg(DISTINCT (n ->> 'Relation Name') || ':' ||
                                  replace(n ->> 'Node Type', ' ', ''), ', ')
                  FROM jsonb_path_query(j, 'strict $.**') n
                 WHERE jsonb_typeof(n) = 'object' AND n ? 'Relation Name'),
               EXISTS (SELECT 1 FROM jsonb_path_query(j, 'strict $.**') n
                        WHERE jsonb_typeof(n) = 'object' AND n ->> 'Node Type' = 'Seq Scan'
                          AND n ->> 'Relation Name' IN ('applications', 'candidates', 'notes', 'application_tags')),
               nullif(t, '');
    END LOOP;
END
$$;

/* pgbench: one row per transaction kind and user, repeated by the weight of the query in
 * the mix; the same rows (parameters) for both arms. */
CREATE TABLE bench.pgb (arm_no int, k int, role name, n int, s1 text, s2 text, s3 text, PRIMARY KEY (arm_no, k));
CREATE FUNCTION bench.prepare_pgbench() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE pgb_cells ON COMMIT DROP AS
    SELECT u.user_id, r.* FROM bench.pgb_users u
      JOIN bench.uset s ON s.user_id = u.user_id
     CROSS JOIN LATERAL bench.cell_rows(u.user_id, u.role_name, false, false, u.role_name) r;
    INSERT INTO bench.pgb
    SELECT bench.arm_order(c.arm), row_number() OVER (PARTITION BY c.arm ORDER BY c.user_id, c.query, w.w),
           min(c.role), count(*), min(c.sql) FILTER (WHERE c.part = 1),
           min(c.sql) FILTER (WHERE c.part = 2), min(c.sql) FILTER (WHERE c.part = 3)
      FROM (VALUES ('pipeline', 25), ('pipeline_offset', 5), ('dashboard', 5), ('card', 20),
                   ('search_email', 10), ('search_prefix', 10), ('point', 15), ('insert_note', 5),
                   ('advance_stage', 5), ('agency_list', 10)) AS q(query, weight)
     CROSS JOIN LATERAL generate_series(1, q.weight) w(w)
      JOIN pgb_cells c ON c.query = q.query
                      AND c.k = 1 + (w.w - 1) % (SELECT max(k) FROM pgb_cells x
                                                  WHERE x.user_id = c.user_id AND x.query = c.query)
     GROUP BY c.arm, c.user_id, c.query, w.w;
    RETURN (SELECT count(*) FROM bench.pgb WHERE arm_no = bench.arm_order('ats_acl'));
END
$$;
