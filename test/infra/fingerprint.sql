-- test/infra/fingerprint.sql: what each ATS user sees, as one md5 per user.
-- Read-only (usable on a hot standby): SET LOCAL ROLE inside a function.
CREATE SCHEMA ats_infra;
GRANT USAGE ON SCHEMA ats_infra TO PUBLIC;

-- md5 of every row of every ats relation, as the current user.
CREATE FUNCTION ats_infra.fingerprint() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r record;
    part text;
    acc text := '';
BEGIN
    FOR r IN SELECT c.relname FROM pg_class c
              WHERE c.relnamespace = 'ats'::regnamespace ORDER BY c.relname LOOP
        EXECUTE format('SELECT coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), ''-'') FROM ats.%I t',
                       r.relname) INTO part;
        acc := acc || r.relname || ':' || part || ';';
    END LOOP;
    RETURN md5(acc);
END
$$;

-- The fingerprint of every registered user (as the DBA, switching role per user).
CREATE FUNCTION ats_infra.fingerprints() RETURNS TABLE (role_name text, fp text)
LANGUAGE plpgsql AS $$
DECLARE
    u record;
BEGIN
    FOR u IN SELECT x.role_name FROM ats_acl.users x ORDER BY x.id LOOP
        EXECUTE format('SET LOCAL ROLE %I', u.role_name);
        role_name := u.role_name;
        fp := ats_infra.fingerprint();
        RESET ROLE;
        RETURN NEXT;
    END LOOP;
END
$$;
