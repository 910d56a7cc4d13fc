-- The fixture every regress suite uses: the extension, users at every
-- module access level and job level, two departments and locations, four
-- jobs (one confidential), five applications, and helpers that run a
-- query as a given role.
CREATE EXTENSION ats_acl;
SELECT extversion FROM pg_extension WHERE extname = 'ats_acl';

CREATE ROLE r_admin LOGIN;
CREATE ROLE r_regular LOGIN;
CREATE ROLE r_limited LOGIN;
CREATE ROLE r_hm LOGIN;
CREATE ROLE r_coord LOGIN;
CREATE ROLE r_rec LOGIN;
CREATE ROLE r_sourcer LOGIN;
CREATE ROLE r_ruled LOGIN;
CREATE ROLE r_agency LOGIN;
CREATE ROLE r_outsider LOGIN IN ROLE ats_user;

SELECT ats_acl.add_user('r_admin', 'Ada Admin', access_level => 'admin');
SELECT ats_acl.add_user('r_regular', 'Rita Regular', access_level => 'regular');
SELECT ats_acl.add_user('r_limited', 'Lee Limited');
SELECT ats_acl.add_user('r_hm', 'Hank Hiring-Manager');
SELECT ats_acl.add_user('r_coord', 'Cora Coordinator');
SELECT ats_acl.add_user('r_rec', 'Rex Recruiter');
SELECT ats_acl.add_user('r_sourcer', 'Sam Sourcer');
SELECT ats_acl.add_user('r_ruled', 'Dora Department-Rule');
SELECT ats_acl.add_user('r_agency', 'Alpha Agency', kind => 'external', external_role => 'agency');

INSERT INTO ats.departments (name) VALUES ('Engineering'), ('Sales');
INSERT INTO ats.locations (name) VALUES ('Prague'), ('Valletta');
INSERT INTO ats.sources (name) VALUES ('Careers page'), ('LinkedIn');

SET ROLE r_admin;
INSERT INTO ats.jobs (title, department_id, location_id, confidential, status) VALUES
    ('Backend Engineer', 1, 1, false, 'open'),
    ('Account Executive', 2, 2, false, 'open'),
    ('VP of Engineering', 1, 1, true, 'open'),
    ('Frontend Engineer', 1, 2, false, 'draft');
RESET ROLE;

INSERT INTO ats.candidates (full_name, email) VALUES
    ('Ann Archer', 'ann@example.com'), ('Bob Baker', 'bob@example.com'),
    ('Cid Cooper', 'cid@example.com'), ('Dee Dalton', 'dee@example.com');
INSERT INTO ats.applications (candidate_id, job_id, source_id) VALUES
    (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 2), (1, 4, 1);

SET ROLE r_admin;
SELECT ats_acl.grant_job(1, ats_acl_id, level)
  FROM (VALUES (4, 'hiring_manager'), (5, 'coordinator'), (6, 'recruiter'), (7, 'sourcer'))
       AS g(ats_acl_id, level);
SELECT ats_acl.add_access_rule(8, 'recruiter', 1, NULL);
RESET ROLE;

-- Run a query as a role and return its rows as one sorted text value.
CREATE FUNCTION as_role(r name, query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE format('SELECT coalesce(string_agg(x::text, '','' ORDER BY x::text), '''') FROM (%s) AS q(x)', query)
       INTO result;
    RESET ROLE;
    RETURN result;
END
$$;

-- Run a statement as a role; return 'ok' or the SQLSTATE and message.
CREATE FUNCTION try_as(r name, stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE stmt;
    RESET ROLE;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
