-- The activity timeline (SPEC 4.10): who changed what, readable with
-- view_application_activity on the job (offers also need view_offers),
-- admins all; append-only for everyone.
BEGIN;
SELECT max(id) AS before FROM ats.activity \gset
SET LOCAL ROLE r_rec;
UPDATE ats.applications SET stage = 'phone screen' WHERE id = 1;
INSERT INTO ats.notes (candidate_id, job_id, body) VALUES (1, 1, 'Strong Go skills');
RESET ROLE;
SET LOCAL ROLE r_hm;
INSERT INTO ats.offers (application_id, salary) VALUES (1, 90000);
UPDATE ats.applications SET status = 'hired' WHERE id = 1;
RESET ROLE;
SET LOCAL ROLE r_admin;
UPDATE ats.candidates SET phone = '+420 123' WHERE id = 1;
SELECT ats_acl.revoke_job(1, 5);
RESET ROLE;
-- An unregistered DBA's writes are imports and restores: not recorded.
UPDATE ats.applications SET stage = 'onsite' WHERE id = 2;

SELECT u.role_name AS actor, a.action, a.table_name, a.candidate_id, a.job_id, a.detail
  FROM ats.activity a LEFT JOIN ats_acl.users u ON u.id = a.actor_id
 WHERE a.id > :before ORDER BY a.id;

-- Who reads which of these entries.
SELECT r AS role,
       as_role(r, format('SELECT table_name || '':'' || action FROM ats.activity WHERE id > %s', :before)) AS entries
  FROM unnest(ARRAY['r_admin', 'r_hm', 'r_coord', 'r_rec', 'r_sourcer', 'r_ruled',
                    'r_regular', 'r_limited']::name[]) AS r;

-- Nobody rewrites history.
SELECT r AS role, stmt, try_as(r, stmt) AS outcome
  FROM (VALUES
    ('r_admin', 'UPDATE ats.activity SET action = ''delete'''),
    ('r_admin', 'DELETE FROM ats.activity'),
    ('r_admin', 'INSERT INTO ats.activity (action, table_name) VALUES (''insert'', ''jobs'')'),
    ('r_admin', 'TRUNCATE ats_data.activity')
  ) AS t(r, stmt);
ROLLBACK;
