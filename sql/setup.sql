-- The fixture every regress suite uses: the extension, users at every
-- module access level and job level, two departments, two locations, jobs
-- (one confidential) and applications.
CREATE EXTENSION ats_acl;
SELECT extversion FROM pg_extension WHERE extname = 'ats_acl';
