-- demo/external_show.sql: what one external user of demo/external.sql sees.
--   psql -X -q -d ats_demo -v who=demo_abc -f demo/external_show.sql
-- The header (role, sharing rules, allowed tag categories) is read as the DBA:
-- users cannot read the catalog.  Everything after SET ROLE goes through the
-- extension: rows not shared are absent, columns the role may not see read as
-- (hidden).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\pset footer off
\pset format unaligned
\pset tuples_only on

-- Who it is and what is shared with it: read as the DBA.
SELECT format('--- %s (%s), external role %s: sees %s; may %s', u.display_name, u.role_name,
              u.external_role,
              (SELECT string_agg(substr(c, 6), ', ') FROM unnest(l.capabilities) c WHERE c LIKE 'view\_%'),
              (SELECT string_agg(c, ', ') FROM unnest(l.capabilities) c WHERE c NOT LIKE 'view\_%'))
  FROM ats_acl.users u JOIN ats_acl.levels l ON l.name = u.external_role
 WHERE u.role_name = :'who';
-- Its sharing rules, grouped by what they share by.
SELECT '    shared ' || string_agg(format('by %s: %s', x.by, x.jobs), '; ' ORDER BY x.first_job)
  FROM (SELECT r.by, string_agg(r.title, ', ' ORDER BY r.job_id) AS jobs, min(r.job_id) AS first_job
          FROM (SELECT r.job_id, j.title,
                       concat_ws(' or ',
                                 (SELECT 'source ' || string_agg(format('"%s"', s.name), ', ')
                                    FROM ats.sources s WHERE s.id = ANY (r.by_sources)),
                                 (SELECT 'tag ' || string_agg(format('"%s"', t.name), ', ')
                                    FROM ats.tags t WHERE t.id = ANY (r.by_tags)),
                                 CASE WHEN r.own_candidates THEN 'own candidates' END) AS by
                  FROM ats_acl.sharing_rules r
                  JOIN ats_acl.sharing_rule_users ru ON ru.rule_id = r.id
                  JOIN ats_acl.users u ON u.id = ru.user_id
                  JOIN ats.jobs j ON j.id = r.job_id
                 WHERE u.role_name = :'who') r
         GROUP BY r.by) x;
SELECT '    allowed tag categories: ' || string_agg(c.name, ', ' ORDER BY c.id)
  FROM ats_acl.allowed_tag_categories a
  JOIN ats_acl.users u ON u.id = a.user_id
  JOIN ats.tag_categories c ON c.id = a.category_id
 WHERE u.role_name = :'who' HAVING count(*) > 0;

-- From here on, everything is what the user sees.
SET ROLE :"who";
\pset format aligned
\pset tuples_only off
\pset null '(hidden)'
SELECT c.full_name AS candidate, c.email, c.phone, c.salary_expectation AS salary
  FROM ats.candidates c ORDER BY c.id;
SELECT a.id AS app, c.full_name AS candidate, j.title AS job, s.name AS source, a.stage, a.status
  FROM ats.applications a
  JOIN ats.candidates c ON c.id = a.candidate_id
  JOIN ats.jobs j ON j.id = a.job_id
  LEFT JOIN ats.sources s ON s.id = a.source_id
 ORDER BY a.id;
\pset format unaligned
\pset tuples_only on
SELECT '    candidate_applications: '
       || coalesce(string_agg(format('%s: %s (%s/%s)', c.full_name, ca.job_title,
                                     coalesce(ca.stage, '(hidden)'),
                                     coalesce(ca.application_status, '(hidden)')),
                              ', ' ORDER BY ca.application_id),
                   '(none)')
  FROM ats.candidate_applications ca JOIN ats.candidates c ON c.id = ca.candidate_id;
SELECT format('    note (%s, %s): %s', n.kind, coalesce(j.title, 'candidate data'), n.body)
  FROM ats.notes n LEFT JOIN ats.jobs j ON j.id = n.job_id
 ORDER BY n.id;
SELECT count(*) = 0 AS demo_no_notes FROM ats.notes \gset
\if :demo_no_notes
\echo '    notes: (none)'
\endif
SELECT '    tags: ' || coalesce(string_agg(x.line, ', ' ORDER BY x.ord), '(none)')
  FROM (SELECT 1 AS ord, format('%s on %s (%s, candidate tag)', t.name, c.full_name, tc.name) AS line
          FROM ats.candidate_tags ct
          JOIN ats.tags t ON t.id = ct.tag_id
          LEFT JOIN ats.tag_categories tc ON tc.id = t.category_id
          JOIN ats.candidates c ON c.id = ct.candidate_id
        UNION ALL
        SELECT 2, format('%s on app %s (%s, this answer only)', t.name, at.application_id, tc.name)
          FROM ats.application_tags at
          JOIN ats.tags t ON t.id = at.tag_id
          LEFT JOIN ats.tag_categories tc ON tc.id = t.category_id) x;
RESET ROLE;
