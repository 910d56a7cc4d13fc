-- demo/show.sql: the report of tools/demo.sh, run by psql connected as the DBA.
--   psql -X -q -d ats_demo -f demo/show.sql                 the data as the DBA sees it
--   psql -X -q -d ats_demo -v who=demo_rex -f demo/show.sql what demo_rex sees
-- For a user: the facts about them are read as the DBA (users cannot read the
-- catalog), then the session does SET ROLE to the user and everything after
-- that (jobs, capabilities, applications, write attempts) goes through RLS.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\pset footer off
\pset null ''

\if :{?who}
-- Who they are: read as the DBA.
\pset format unaligned
\pset tuples_only on
SELECT format('=== %s (%s): %s ATS module access%s', u.display_name, u.role_name,
              u.access_level, CASE WHEN u.active THEN '' ELSE ', DEACTIVATED' END)
  FROM ats_acl.users u WHERE u.role_name = :'who';
SELECT '    shows:  ' || c.shows FROM demo.cast_list c WHERE c.role_name = :'who';
SELECT '    grants: ' || string_agg(format('job %s %s', g.job_id, g.level), ', ' ORDER BY g.job_id)
  FROM ats_acl.job_grants g JOIN ats_acl.users u ON u.id = g.user_id
 WHERE u.role_name = :'who' HAVING count(*) > 0;
SELECT '    rules:  ' || string_agg(format('%s on %s / %s', r.level,
                                           coalesce(d.name, 'any department'),
                                           coalesce(l.name, 'any location')), ', ' ORDER BY r.id)
  FROM ats_acl.access_rules r JOIN ats_acl.users u ON u.id = r.user_id
  LEFT JOIN ats.departments d ON d.id = r.department_id
  LEFT JOIN ats.locations l ON l.id = r.location_id
 WHERE u.role_name = :'who' HAVING count(*) > 0;
SELECT '    team:   ' || string_agg(format('job %s %s', h.job_id, h.role), ', ' ORDER BY h.job_id)
  FROM ats.hiring_team h JOIN ats_acl.users u ON u.id = h.user_id
 WHERE u.role_name = :'who' HAVING count(*) > 0;

-- From here on, everything is what the user sees.
SET ROLE :"who";
SELECT count(*) > 0 AS demo_sees_jobs FROM ats.jobs \gset
\pset format aligned
\pset tuples_only off
\if :demo_sees_jobs
SELECT j.id AS job, j.title,
       concat_ws(' / ', d.name, l.name) AS "department / location",
       CASE WHEN j.confidential THEN 'yes' ELSE '' END AS conf,
       demo.level_of(c.caps) AS level,
       cardinality(c.caps) AS caps,
       demo.key_caps(c.caps) AS "key caps",
       (SELECT count(*) FROM ats.applications a WHERE a.job_id = j.id) AS apps
  FROM ats.jobs j
  LEFT JOIN ats.departments d ON d.id = j.department_id
  LEFT JOIN ats.locations l ON l.id = j.location_id
 CROSS JOIN LATERAL (SELECT ats_acl.capabilities(j.id) AS caps) c
 ORDER BY j.id;
\pset format unaligned
\pset tuples_only on
SELECT count(*) > 0 AS demo_sees_apps FROM ats.applications \gset
\if :demo_sees_apps
SELECT format('    applications of job %s (%s): ', a.job_id, count(*))
       || array_to_string((array_agg(format('#%s %s%s', a.id, a.stage,
                                            CASE WHEN a.status = 'active' THEN '' ELSE '/' || a.status END)
                                     ORDER BY a.id))[1:3], ', ')
       || CASE WHEN count(*) > 3 THEN ', ...' ELSE '' END
  FROM ats.applications a
 GROUP BY a.job_id ORDER BY a.job_id;
\else
\echo '    (no applications visible)'
\endif
\else
\echo '    (sees no jobs, and so no applications)'
\endif

\pset format unaligned
\pset tuples_only on
SELECT format(E'    try %s\n        -> %s', t.label, demo.try(t.sql))
  FROM demo.attempts t WHERE t.role_name = :'who' ORDER BY t.ord;
RESET ROLE;
\echo

\else
-- The DBA's view: a superuser is not subject to row-level security.
\echo '=== The data as the DBA (postgres, superuser) sees it'
SELECT j.id AS job, j.title, concat_ws(' / ', d.name, l.name) AS "department / location",
       CASE WHEN j.confidential THEN 'yes' ELSE '' END AS conf, j.status,
       coalesce(cu.role_name, '(import)') AS created_by,
       (SELECT count(*) FROM ats.applications a WHERE a.job_id = j.id) AS apps,
       (SELECT string_agg(format('%s %s', tu.role_name, h.role), ', ' ORDER BY tu.role_name)
          FROM ats.hiring_team h JOIN ats_acl.users tu ON tu.id = h.user_id
         WHERE h.job_id = j.id) AS hiring_team
  FROM ats.jobs j
  LEFT JOIN ats.departments d ON d.id = j.department_id
  LEFT JOIN ats.locations l ON l.id = j.location_id
  LEFT JOIN ats_acl.users cu ON cu.id = j.created_by
 ORDER BY j.id;
\echo 'Below, what each demo user sees: jobs, its level there, caps = how many of the 29 capabilities;'
\echo 'key caps: view/add = view/add_edit_applications, move = advance_reject_applications,'
\echo 'hire = hire_candidates, edit = edit_job_details, perms = manage_job_permissions.'
\echo 'Then its applications per job, and writes it tries (successful ones are rolled back).'
\echo
\endif
