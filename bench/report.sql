-- bench/report.sql: the report as markdown (psql -At -v report=... ).  Medians and p95
-- per query, persona and arm; ratios; planning time and index use; correctness; pgbench;
-- memory; every missed target.  Writes the plans of the misses with -v what=plans.
\set ON_ERROR_STOP 1

CREATE OR REPLACE FUNCTION bench.fmt(x float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x IS NULL THEN '–'
                WHEN x >= 100 THEN round(x::numeric)::text
                WHEN x >= 10 THEN round(x::numeric, 1)::text
                WHEN x >= 1 THEN round(x::numeric, 2)::text
                ELSE round(x::numeric, 3)::text END
$$;
CREATE OR REPLACE FUNCTION bench.fmt_ratio(x float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x IS NULL THEN '–' WHEN x >= 10 THEN round(x::numeric, 1)::text
                ELSE round(x::numeric, 2)::text END
$$;

CREATE OR REPLACE VIEW bench.stats AS
SELECT persona, query, arm, count(*) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
  FROM bench.samples GROUP BY 1, 2, 3;

CREATE OR REPLACE VIEW bench.stats_prepared AS
SELECT persona, query, arm, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50
  FROM bench.samples_prepared GROUP BY 1, 2, 3;

CREATE OR REPLACE VIEW bench.plan_summary AS
SELECT persona, query, arm, sum(planning_ms) AS planning_ms, bool_or(seq_big) AS seq_big,
       string_agg(scans, ' | ' ORDER BY part) AS scans
  FROM bench.plans GROUP BY 1, 2, 3;

-- One row per measured (query, persona), with the targets of issue 5.
CREATE OR REPLACE VIEW bench.results AS
WITH q AS (SELECT query, min(ord) AS ord FROM bench.qdef GROUP BY query),
     cells AS (SELECT DISTINCT persona, query FROM bench.samples),
     r AS (
SELECT q.ord AS qord, p.ord AS pord, c.query, c.persona,
       o.p50 AS opt50, o.p95 AS opt95, a.p50 AS acl50, a.p95 AS acl95,
       t.p50 AS tun50, t.p95 AS tun95, n.p50 AS nai50, n.p95 AS nai95,
       o.n AS opt_n, a.n AS acl_n, t.n AS tun_n, n.n AS nai_n,
       a.p50 / nullif(o.p50, 0) AS r_opt, a.p50 / nullif(t.p50, 0) AS r_tuned, a.p50 / nullif(n.p50, 0) AS r_naive,
       CASE WHEN c.query IN ('dashboard', 'agency_list') THEN 1.25
            WHEN c.query IN ('insert_note', 'advance_stage') THEN NULL ELSE 1.10 END AS opt_target,
       po.planning_ms AS opt_plan, pa.planning_ms AS acl_plan, pt.planning_ms AS tun_plan, pn.planning_ms AS nai_plan,
       po.seq_big AS opt_seq, pa.seq_big AS acl_seq, pt.seq_big AS tun_seq, pn.seq_big AS nai_seq, pa.scans AS acl_scans
  FROM cells c
  JOIN q ON q.query = c.query
  JOIN bench.personas p ON p.persona = c.persona
  LEFT JOIN bench.stats o ON (o.persona, o.query, o.arm) = (c.persona, c.query, 'optimum')
  LEFT JOIN bench.stats a ON (a.persona, a.query, a.arm) = (c.persona, c.query, 'ats_acl')
  LEFT JOIN bench.stats t ON (t.persona, t.query, t.arm) = (c.persona, c.query, 'tuned')
  LEFT JOIN bench.stats n ON (n.persona, n.query, n.arm) = (c.persona, c.query, 'naive')
  LEFT JOIN bench.plan_summary po ON (po.persona, po.query, po.arm) = (c.persona, c.query, 'optimum')
  LEFT JOIN bench.plan_summary pa ON (pa.persona, pa.query, pa.arm) = (c.persona, c.query, 'ats_acl')
  LEFT JOIN bench.plan_summary pt ON (pt.persona, pt.query, pt.arm) = (c.persona, c.query, 'tuned')
  LEFT JOIN bench.plan_summary pn ON (pn.persona, pn.query, pn.arm) = (c.persona, c.query, 'naive'))
SELECT r.*,
       array_remove(ARRAY[
           CASE WHEN r.opt_target IS NOT NULL AND r.r_opt > r.opt_target
                THEN format('opt %s>%s', bench.fmt_ratio(r.r_opt), r.opt_target) END,
           CASE WHEN r.r_tuned > 1.05 THEN format('tuned %s>1', bench.fmt_ratio(r.r_tuned)) END,
           CASE WHEN r.nai50 > 10 AND r.nai50 / nullif(r.acl50, 0) < 10
                THEN format('naive only %sx', bench.fmt_ratio(r.nai50 / nullif(r.acl50, 0))) END], NULL) AS misses
  FROM r;

\if :{?what}
\else
\set what report
\endif
SELECT :'what' = 'plans' AS plans_mode \gset

\if :plans_mode
SELECT E'# ats_acl benchmark: plans of the missed targets (SF ' || (SELECT value FROM bench.config WHERE key = 'sf')
       || E')\n\nEXPLAIN (ANALYZE, TIMING OFF) of the first parameter set, ats_acl then optimum, each part of the query.\n\n'
       || coalesce(string_agg(x.block, E'\n' ORDER BY x.qord, x.pord), 'No target missed.')
  FROM (
    SELECT r.qord, r.pord,
           format(E'## %s — %s (%s)\n\nats_acl median %s ms, optimum %s ms, tuned %s ms, naive %s ms.\n\n',
                  r.query, r.persona, array_to_string(r.misses, '; '), bench.fmt(r.acl50), bench.fmt(r.opt50),
                  bench.fmt(r.tun50), bench.fmt(r.nai50))
           || (SELECT string_agg(format(E'### %s, part %s\n\n```sql\n%s\n```\n\n```\n%s```\n', pl.arm, pl.part,
                                        (SELECT c.sql FROM bench.cells c WHERE (c.persona, c.query, c.part, c.arm, c.k)
                                                = (pl.persona, pl.query, pl.part, pl.arm, 1)),
                                        coalesce(pl.plan_text, E'(no plan)\n')), E'\n'
                                 ORDER BY pl.part, bench.arm_order(pl.arm))
                 FROM bench.plans pl WHERE pl.persona = r.persona AND pl.query = r.query
                  AND pl.arm IN ('ats_acl', 'optimum')) AS block
      FROM bench.results r WHERE cardinality(r.misses) > 0) x;
\else
WITH cfg AS (SELECT (SELECT value FROM bench.config WHERE key = 'sf') AS sf,
                    (SELECT value FROM bench.config WHERE key = 'n_jobs') AS jobs,
                    (SELECT count(*) FROM ats_data.candidates) AS cands,
                    (SELECT count(*) FROM ats_data.applications) AS apps,
                    (SELECT count(*) FROM ats_data.notes) AS notes,
                    (SELECT count(*) FROM ats_data.application_tags) AS tags,
                    (SELECT count(*) FROM ats_acl.users) AS users,
                    (SELECT count(*) FROM ats_acl.job_grants) AS grants,
                    (SELECT count(*) FROM ats_acl.access_rules) AS rules,
                    (SELECT count(*) FROM ats_acl.sharing_rules) AS sharing),
     chk AS (SELECT count(*) FILTER (WHERE c.arm <> 'ats_acl' AND NOT c.skipped AND NOT r.skipped
                                        AND c.err IS NULL AND r.err IS NULL) AS compared,
                    count(*) FILTER (WHERE c.arm <> 'ats_acl' AND NOT c.skipped AND NOT r.skipped
                                        AND c.err IS NULL AND r.err IS NULL
                                        AND (c.nrows, c.digest) IS DISTINCT FROM (r.nrows, r.digest)) AS mismatches,
                    count(*) FILTER (WHERE c.err IS NOT NULL) AS errors,
                    count(*) FILTER (WHERE c.arm <> 'ats_acl' AND (c.skipped OR r.skipped)) AS skipped
               FROM bench.checks c
               JOIN bench.checks r ON (r.persona, r.query, r.part, r.k, r.arm) = (c.persona, c.query, c.part, c.k, 'ats_acl')),
     pgb AS (SELECT arm, sum(transactions) / nullif(sum(transactions / nullif(tps, 0)), 0) AS tps,
                    sum(latency_ms * transactions) / nullif(sum(transactions), 0) AS lat
               FROM bench.pgbench_results GROUP BY arm),
     pairs AS (SELECT min(a.tps / nullif(o.tps, 0)) AS lo, max(a.tps / nullif(o.tps, 0)) AS hi
                 FROM bench.pgbench_results a
                 JOIN bench.pgbench_results o ON o.round = a.round AND o.arm = 'optimum'
                WHERE a.arm = 'ats_acl')
SELECT format(E'# ats_acl performance benchmark — SF %s\n\n', cfg.sf)
    || format(E'Data: %s jobs, %s candidates, %s applications, %s notes, %s application tags; '
              '%s users (%s job grants, %s access rules, %s sharing rules).  ', cfg.jobs, cfg.cands, cfg.apps,
              cfg.notes, cfg.tags, cfg.users, cfg.grants, cfg.rules, cfg.sharing)
    || format(E'PostgreSQL %s, %s CPUs.  Reproduce: `SF=%s make bench`.\n\n',
              current_setting('server_version'), (SELECT value FROM bench.config WHERE key = 'cpus'), cfg.sf)
    || E'Arms, on the same data, interleaved round by round: **optimum** = a BYPASSRLS role running the '
    || E'hand-written query with the user''s authorized set written into the WHERE clause and columns masked by hand; '
    || E'**ats_acl** = the user through `ats.*`; **tuned** = plain SQL policies written by the book (initPlan-wrapped '
    || E'STABLE SECURITY DEFINER helpers, `= ANY ((SELECT …)::bigint[])`, precomputed effective capabilities, indexes '
    || E'on every policy column); **naive** = plain SQL policies with correlated EXISTS subqueries and a per-row '
    || E'`me()` helper.  Latencies in ms of the statement(s) inside the server (clock_timestamp around EXECUTE, '
    || E'fresh plan each time), p50 / p95 over the runs; card = its three statements; writes rolled back.  '
    || E'plan = planning time (ms); idx = no sequential scan of applications, candidates, notes or application_tags '
    || E'in the plan (seq otherwise).  Targets: ats_acl/optimum ≤ 1.10 (≤ 1.25 dashboard and agency list), '
    || E'ats_acl ≤ tuned (misses flagged above 1.05, timer noise), ≥ 10× faster than naive where naive > 10 ms.  '
    || E'The tuned arm covers internal users of profile full and external users (line_manager: –); the naive arm, '
    || E'much slower, runs for admin, recruiters, the department rule and the agencies only.\n\n'
    || E'| query | persona | optimum p50 / p95 | ats_acl p50 / p95 | tuned p50 / p95 | naive p50 / p95 '
    || E'| acl/opt | acl/tuned | acl/naive | plan o/a/t/n | index o/a/t/n | targets |\n'
    || E'|---|---|---|---|---|---|---|---|---|---|---|---|\n'
    || (SELECT string_agg(format(E'| %s | %s | %s / %s | %s / %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | %s |',
                                 r.query, r.persona, bench.fmt(r.opt50), bench.fmt(r.opt95), bench.fmt(r.acl50),
                                 bench.fmt(r.acl95), bench.fmt(r.tun50), bench.fmt(r.tun95), bench.fmt(r.nai50),
                                 bench.fmt(r.nai95), bench.fmt_ratio(r.r_opt), bench.fmt_ratio(r.r_tuned),
                                 bench.fmt_ratio(r.r_naive),
                                 concat_ws('/', bench.fmt(r.opt_plan), bench.fmt(r.acl_plan), bench.fmt(r.tun_plan),
                                           bench.fmt(r.nai_plan)),
                                 concat_ws('/', CASE WHEN r.opt_seq THEN 'seq' WHEN r.opt_seq IS NOT NULL THEN 'idx' ELSE '–' END,
                                           CASE WHEN r.acl_seq THEN 'seq' WHEN r.acl_seq IS NOT NULL THEN 'idx' ELSE '–' END,
                                           CASE WHEN r.tun_seq THEN 'seq' WHEN r.tun_seq IS NOT NULL THEN 'idx' ELSE '–' END,
                                           CASE WHEN r.nai_seq THEN 'seq' WHEN r.nai_seq IS NOT NULL THEN 'idx' ELSE '–' END),
                                 CASE WHEN cardinality(r.misses) = 0 THEN 'ok'
                                      ELSE '**' || array_to_string(r.misses, '; ') || '**' END),
                          E'\n' ORDER BY r.qord, r.pord) FROM bench.results r)
    || coalesce((SELECT E'\n\n## The pipeline across scale factors\n\nMedian of the pipeline query here and at SF '
                        || min(ref.sf) || E' (target: ats_acl within ±25 %), on the user''s job nearest 1,000 '
                        || E'applications among those that fill a page of 50.\n\n| persona | arm | SF ' || min(ref.sf)
                        || ' | SF ' || cfg.sf || E' | change | applications of the job read |\n|---|---|---|---|---|---|\n'
                        || string_agg(format('| %s | %s | %s | %s | %s%% %s | %s → %s |', s.persona, s.arm, bench.fmt(ref.p50),
                                             bench.fmt(s.p50), round((100 * (s.p50 / ref.p50 - 1))::numeric),
                                             CASE WHEN s.arm = 'ats_acl' AND abs(s.p50 / ref.p50 - 1) > 0.25
                                                  THEN '**missed**' ELSE '' END, ref.job_rows, j.job_rows),
                                      E'\n' ORDER BY j.ord, bench.arm_order(s.arm))
                   FROM bench.stats s
                   JOIN bench.pipeline_ref ref ON (ref.persona, ref.arm) = (s.persona, s.arm)
                   JOIN bench.pipeline_jobs j ON j.persona = s.persona
                  WHERE s.query = 'pipeline' AND s.arm IN ('optimum', 'ats_acl')), '')
    || coalesce((SELECT E'\n\n## Prepared statements\n\nThe reads with the 1.10 target again, optimum and '
                        || E'ats_acl only, each statement PREPAREd once as the arm''s role and EXECUTEd (what a '
                        || E'client''s prepared statement or a PL/pgSQL function runs): the plan is made once, so '
                        || E'this is the cost of running it.  Not a target; it separates the cost of a plan '
                        || E'from the cost of making one.  '
                        || format(E'ats_acl/optimum: median %s over %s cells, %s of them ≤ 1.10.\n\n',
                                  bench.fmt_ratio(percentile_cont(0.5) WITHIN GROUP (ORDER BY x.ratio)),
                                  count(*), count(*) FILTER (WHERE x.ratio <= 1.10))
                        || E'| query | persona | optimum p50 | ats_acl p50 | acl/opt | fresh plan acl/opt |\n'
                        || E'|---|---|---|---|---|---|\n'
                        || string_agg(format('| %s | %s | %s | %s | %s | %s |', x.query, x.persona,
                                             bench.fmt(x.opt50), bench.fmt(x.acl50), bench.fmt_ratio(x.ratio),
                                             bench.fmt_ratio(x.r_opt)),
                                      E'\n' ORDER BY x.qord, x.pord)
                   FROM (SELECT r.query, r.persona, r.qord, r.pord, r.r_opt,
                                o.p50 AS opt50, a.p50 AS acl50, a.p50 / nullif(o.p50, 0) AS ratio
                           FROM bench.results r
                           JOIN bench.stats_prepared o ON (o.persona, o.query, o.arm) = (r.persona, r.query, 'optimum')
                           JOIN bench.stats_prepared a ON (a.persona, a.query, a.arm) = (r.persona, r.query, 'ats_acl')) x
                  HAVING count(*) > 0), '')
    || E'\n\n## pgbench\n\n'
    || format(E'8 clients, 2 threads, %s s per arm in pairs of %s s rounds, the two arms of a pair drawing the '
              'same transactions (same random seed) and the pairs alternating which arm runs first; TPS = all '
              'transactions over all the time.  ats_acl''s connections preload the library '
              '(`session_preload_libraries`, as docs/integration.md asks), the optimum''s do not load it.  Each '
              'transaction: BEGIN, SET LOCAL ROLE to one of %s users (the %s personas and %s more of every '
              'kind), one query of the mix (pipeline 25 %%, offset 5, dashboard 5, card 20, email 10, prefix 10, '
              'point 15, insert note 5, advance stage 5, agency list 10 for external users; weights renormalized '
              'per user), ROLLBACK.  The optimum runs its hand-written statements with SET LOCAL ROLE bench_opt '
              '(BYPASSRLS).\n\n',
              (SELECT value FROM bench.config WHERE key = 'pgbench_seconds'),
              (SELECT value FROM bench.config WHERE key = 'pgbench_round'), (SELECT count(*) FROM bench.pgb_users),
              (SELECT count(*) FROM bench.personas), (SELECT count(*) FROM bench.pgb_users) - (SELECT count(*) FROM bench.personas))
    || E'| arm | TPS | mean latency ms |\n|---|---|---|\n'
    || coalesce((SELECT string_agg(format('| %s | %s | %s |', pgb.arm, round(pgb.tps::numeric), bench.fmt(pgb.lat)),
                                   E'\n' ORDER BY bench.arm_order(pgb.arm)) FROM pgb), '| – | – | – |')
    || format(E'\n\nats_acl / optimum TPS: **%s** (target ≥ 0.85: %s; single pairs %s to %s).\n',
              bench.fmt_ratio((SELECT tps FROM pgb WHERE arm = 'ats_acl') / nullif((SELECT tps FROM pgb WHERE arm = 'optimum'), 0)),
              CASE WHEN (SELECT tps FROM pgb WHERE arm = 'ats_acl') >= 0.85 * (SELECT tps FROM pgb WHERE arm = 'optimum')
                   THEN 'ok' ELSE '**missed**' END,
              (SELECT bench.fmt_ratio(lo) FROM pairs), (SELECT bench.fmt_ratio(hi) FROM pairs))
    || E'\n## Memory of the permission cache\n\n| backend state | bytes |\n|---|---|\n'
    || coalesce((SELECT string_agg(format('| %s | %s |', what, bytes), E'\n' ORDER BY what) FROM bench.memory), '')
    || E'\n\n## Correctness\n\n'
    || format(E'Every statement of every arm was run once per parameter set as that arm''s role and compared with '
              'ats_acl''s (row count and md5 of the sorted rows; writes: rows written).  %s comparisons, '
              '**%s mismatches**, %s errors, %s not compared (an arm slower than 0.5 s is checked on its first '
              'parameter set only).\n',
              chk.compared, chk.mismatches, chk.errors, chk.skipped)
    || coalesce(E'\n' || (SELECT string_agg(format('- %s %s part %s k %s %s: %s', c.persona, c.query, c.part, c.k, c.arm,
                                                   coalesce(c.err, format('%s rows vs ats_acl %s', c.nrows, r.nrows))),
                                            E'\n' ORDER BY c.persona, c.query, c.k)
                          FROM bench.checks c
                          JOIN bench.checks r ON (r.persona, r.query, r.part, r.k, r.arm) = (c.persona, c.query, c.part, c.k, 'ats_acl')
                         WHERE c.arm <> 'ats_acl' AND NOT c.skipped AND NOT r.skipped
                           AND (c.err IS NOT NULL OR (c.nrows, c.digest) IS DISTINCT FROM (r.nrows, r.digest))) || E'\n', '')
    || E'\n## Missed targets\n\n'
    || coalesce((SELECT string_agg(format('- %s / %s: %s', r.query, r.persona, array_to_string(r.misses, '; ')),
                                   E'\n' ORDER BY r.qord, r.pord)
                   FROM bench.results r WHERE cardinality(r.misses) > 0), 'None.')
    || E'\n\nThe EXPLAIN ANALYZE of ats_acl and the optimum for each miss: `bench/last-plans.md`.\n'
    || format(E'\nSettings: %s.\n', (SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
                                      FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit',
                                           'random_page_cost', 'effective_cache_size', 'max_parallel_workers_per_gather')))
  FROM cfg, chk;
\endif
