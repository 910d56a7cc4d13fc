/* ats_acl--0.1.sql: the access-control catalog, the ATS data model, its policies */

\echo Use "CREATE EXTENSION ats_acl" to load this file. \quit

/*
 * Roles.  ats_user holds the client privileges on schema ats and is granted to
 * every registered user's role.  ats_acl_owner owns the ats views: it is neither
 * superuser nor BYPASSRLS nor the owner of the hidden tables, so row-level
 * security applies to every access made through a view, whoever the caller is.
 */
DO $roles$
DECLARE
    r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'ats_user') THEN
        CREATE ROLE ats_user NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'ats_acl_owner') THEN
        CREATE ROLE ats_acl_owner NOLOGIN NOINHERIT;
    END IF;
    SELECT rolsuper, rolbypassrls INTO r
      FROM pg_catalog.pg_roles WHERE rolname = 'ats_acl_owner';
    IF r.rolsuper OR r.rolbypassrls THEN
        RAISE EXCEPTION 'role "ats_acl_owner" must not be a superuser or have BYPASSRLS'
              USING ERRCODE = 'invalid_grant_operation',
                    HINT = 'ALTER ROLE ats_acl_owner NOSUPERUSER NOBYPASSRLS, then retry.';
    END IF;
END
$roles$;

CREATE SCHEMA ats;
CREATE SCHEMA ats_data;
REVOKE ALL ON SCHEMA ats_acl, ats, ats_data FROM PUBLIC;
GRANT USAGE ON SCHEMA ats_acl, ats TO ats_user;
GRANT USAGE ON SCHEMA ats_data TO ats_acl_owner;

COMMENT ON SCHEMA ats_acl IS 'ats_acl: access-control catalog and functions';
COMMENT ON SCHEMA ats IS 'ats_acl: the ATS data as each user may see it';
COMMENT ON SCHEMA ats_data IS 'ats_acl: hidden base tables behind the ats views (DBA only)';

/* ------------------------------------------------------------------------
 * Static reference data: shipped with the extension, changed only by
 * upgrade scripts, therefore not dumped.
 * ------------------------------------------------------------------------ */

CREATE TABLE ats_acl.capabilities (
    name        text PRIMARY KEY,
    bit         smallint NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 63),
    description text NOT NULL
);
COMMENT ON TABLE ats_acl.capabilities IS 'every job capability a level can hold; bit is its position in the C bitmask';

INSERT INTO ats_acl.capabilities (name, bit, description) VALUES
    ('edit_job_details',             0, 'edit a job''s title, department, location, description and status'),
    ('edit_job_post',                1, 'edit the job post'),
    ('publish_job_post',             2, 'publish or unpublish the job post'),
    ('approve_job',                  3, 'approve a draft job (move it out of draft)'),
    ('create_offers',                4, 'create and edit offers'),
    ('hire_candidates',              5, 'set an application to hired'),
    ('edit_interview_plan',          6, 'edit the job''s interview plan'),
    ('submit_feedback_on_behalf',    7, 'submit scorecards on behalf of another user'),
    ('view_hired_scorecards',        8, 'view scorecards of hired applications'),
    ('view_offers',                  9, 'view offers'),
    ('advance_reject_applications', 10, 'change an application''s stage, reject or un-reject it'),
    ('contact_candidates',          11, 'send messages to candidates'),
    ('view_scorecards',             12, 'view scorecards'),
    ('view_applications',           13, 'view the job''s applications'),
    ('add_edit_applications',       14, 'add applications to the job and edit them'),
    ('view_application_activity',   15, 'view the activity timeline of the job''s applications'),
    ('view_private_custom_fields',  16, 'view private custom field values'),
    ('view_private_answers_and_notes', 17, 'view answers to private questions and scorecard private notes'),
    ('manage_job_permissions',      18, 'grant and revoke access to the job'),
    ('view_contact_details',        19, 'view candidate email and phone'),
    ('view_compensation',           20, 'view salary expectation and start date'),
    ('view_stage',                  21, 'view application stage and status'),
    ('view_attachments',            22, 'view documents'),
    ('view_interview_notes',        23, 'view interview notes'),
    ('view_all_notes',              24, 'view notes written by others'),
    ('rate_candidates',             25, 'rate applications'),
    ('add_notes',                   26, 'add notes'),
    ('view_tags',                   27, 'view tags'),
    ('edit_tags',                   28, 'add and remove tags');

CREATE TABLE ats_acl.builtin_levels (
    name         text PRIMARY KEY,
    kind         text NOT NULL DEFAULT 'internal' CHECK (kind IN ('internal', 'external')),
    capabilities text[] NOT NULL,
    description  text NOT NULL
);
COMMENT ON TABLE ats_acl.builtin_levels IS 'the default job access levels; ats_acl.custom_levels overrides them by name';

INSERT INTO ats_acl.builtin_levels (name, capabilities, description)
SELECT l.name,
       ARRAY(SELECT c.name FROM ats_acl.capabilities c
              WHERE c.name = ANY (l.caps || ARRAY['view_contact_details', 'view_compensation',
                    'view_stage', 'view_attachments', 'view_interview_notes', 'view_all_notes',
                    'rate_candidates', 'add_notes', 'view_tags', 'edit_tags'])
              ORDER BY c.bit),
       l.description
FROM (VALUES
    ('job_admin', ARRAY['edit_job_details', 'edit_job_post', 'publish_job_post', 'approve_job',
        'create_offers', 'hire_candidates', 'edit_interview_plan', 'submit_feedback_on_behalf',
        'view_hired_scorecards', 'view_offers', 'advance_reject_applications',
        'contact_candidates', 'view_scorecards', 'view_applications', 'add_edit_applications',
        'view_application_activity', 'view_private_custom_fields',
        'view_private_answers_and_notes', 'manage_job_permissions'],
        'every job capability; granted to a job''s creator'),
    ('hiring_manager', ARRAY['edit_job_details', 'edit_job_post', 'publish_job_post',
        'approve_job', 'create_offers', 'hire_candidates', 'edit_interview_plan',
        'submit_feedback_on_behalf', 'view_hired_scorecards', 'view_offers',
        'advance_reject_applications', 'contact_candidates', 'view_scorecards',
        'view_applications', 'add_edit_applications', 'view_application_activity'],
        'runs the job''s hiring'),
    ('coordinator', ARRAY['edit_interview_plan', 'submit_feedback_on_behalf',
        'view_hired_scorecards', 'view_offers', 'advance_reject_applications',
        'contact_candidates', 'view_scorecards', 'view_applications', 'add_edit_applications',
        'view_application_activity'],
        'schedules interviews and moves applications'),
    ('recruiter', ARRAY['advance_reject_applications', 'contact_candidates', 'view_scorecards',
        'view_applications', 'add_edit_applications', 'view_application_activity'],
        'reviews and advances applications'),
    ('sourcer', ARRAY['view_applications', 'add_edit_applications', 'view_application_activity'],
        'adds candidates to the job')
) AS l(name, caps, description);

/* The external roles' levels (SPEC 4.8, Recruitis): what a caller, an agency
 * and a controller see and do on the applications shared with them. */
INSERT INTO ats_acl.builtin_levels (name, kind, capabilities, description) VALUES
    ('caller', 'external', ARRAY['view_contact_details', 'add_notes'],
     'name and contact details; adds notes, sees the ones it wrote or is mentioned in'),
    ('agency', 'external', ARRAY['view_contact_details', 'view_compensation', 'view_stage',
        'view_attachments', 'view_interview_notes', 'rate_candidates', 'add_notes'],
     'a caller''s view, plus interview notes, ratings, compensation, stage and attachments'),
    ('controller', 'external', ARRAY['view_contact_details', 'view_compensation', 'view_stage',
        'view_attachments', 'view_interview_notes', 'rate_candidates', 'add_notes',
        'view_tags', 'edit_tags'],
     'an agency''s view, plus tags of its allowed categories');

/* ------------------------------------------------------------------------
 * The access-control catalog (dumped with pg_dump).
 * ------------------------------------------------------------------------ */

CREATE TABLE ats_acl.custom_levels (
    name         text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    kind         text NOT NULL DEFAULT 'internal' CHECK (kind IN ('internal', 'external')),
    capabilities text[] NOT NULL CHECK (pg_catalog.array_position(capabilities, NULL) IS NULL),
    description  text,
    changed_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE ats_acl.custom_levels IS 'levels created or changed by set_level_capabilities; a row overrides the built-in level of the same name';

CREATE VIEW ats_acl.levels AS
    SELECT c.name, c.kind, c.capabilities, c.description, NOT EXISTS
               (SELECT 1 FROM ats_acl.builtin_levels b WHERE b.name = c.name) AS custom
      FROM ats_acl.custom_levels c
    UNION ALL
    SELECT b.name, b.kind, b.capabilities, b.description, false
      FROM ats_acl.builtin_levels b
     WHERE NOT EXISTS (SELECT 1 FROM ats_acl.custom_levels c WHERE c.name = b.name);
COMMENT ON VIEW ats_acl.levels IS 'every job access level in force and its capabilities';

CREATE TABLE ats_acl.modules (
    name        text PRIMARY KEY,
    description text NOT NULL
);
COMMENT ON TABLE ats_acl.modules IS 'the modules a permission profile gives a level (SPEC 4.9)';

INSERT INTO ats_acl.modules (name, description) VALUES
    ('jobs', 'jobs and their hiring teams'),
    ('candidates', 'candidates and their groups'),
    ('applications', 'applications, questions, answers, references, referrals'),
    ('notes', 'notes and @mentions'),
    ('cv', 'documents of kind cv'),
    ('documents', 'documents other than cv'),
    ('messages', 'messages'),
    ('todos', 'todos'),
    ('interviews', 'interviews'),
    ('scorecards', 'scorecards'),
    ('offers', 'offers'),
    ('ratings', 'ratings'),
    ('tags', 'tags, tag categories, candidate and application tags'),
    ('custom_fields', 'custom fields and their values'),
    ('activity', 'the activity timeline');

CREATE TABLE ats_acl.module_tables (
    table_name   text PRIMARY KEY,
    module       text NOT NULL REFERENCES ats_acl.modules,
    owner_column text
);
COMMENT ON TABLE ats_acl.module_tables IS 'which module each ATS relation belongs to, and the column naming its author (for level own); documents of kind cv belong to module cv';

INSERT INTO ats_acl.module_tables (table_name, module, owner_column) VALUES
    ('jobs', 'jobs', 'created_by'), ('hiring_team', 'jobs', NULL),
    ('candidates', 'candidates', 'created_by'), ('candidate_groups', 'candidates', NULL),
    ('applications', 'applications', 'created_by'), ('questions', 'applications', NULL),
    ('answers', 'applications', NULL), ('references', 'applications', 'created_by'),
    ('referrals', 'applications', NULL),
    ('notes', 'notes', 'author_id'), ('note_mentions', 'notes', NULL),
    ('documents', 'documents', 'created_by'),
    ('messages', 'messages', 'author_id'), ('todos', 'todos', 'author_id'),
    ('interviews', 'interviews', 'interviewer_id'), ('scorecards', 'scorecards', 'author_id'),
    ('offers', 'offers', 'created_by'), ('ratings', 'ratings', 'user_id'),
    ('tags', 'tags', NULL), ('tag_categories', 'tags', NULL),
    ('candidate_tags', 'tags', NULL), ('application_tags', 'tags', NULL),
    ('custom_fields', 'custom_fields', NULL), ('custom_field_values', 'custom_fields', NULL),
    ('activity', 'activity', 'actor_id');

CREATE TABLE ats_acl.builtin_profile_levels (
    profile text NOT NULL,
    module  text NOT NULL REFERENCES ats_acl.modules,
    level   text NOT NULL CHECK (level IN ('none', 'read', 'write', 'own')),
    PRIMARY KEY (profile, module)
);
COMMENT ON TABLE ats_acl.builtin_profile_levels IS 'the default module permission profiles (SPEC 4.9)';

INSERT INTO ats_acl.builtin_profile_levels (profile, module, level)
SELECT p.profile, m.module,
       CASE WHEN p.profile = 'full' THEN 'write'
            ELSE COALESCE((pg_catalog.jsonb_build_object(
                'jobs', 'read', 'candidates', 'read', 'applications', 'write',
                'notes', 'own', 'cv', 'read', 'documents', 'none', 'interviews', 'write',
                'scorecards', 'write', 'tags', 'read', 'custom_fields', 'read'
            ) ->> m.module), 'none') END
  FROM (VALUES ('full'), ('line_manager')) AS p(profile),
       (SELECT name AS module FROM ats_acl.modules) AS m;

CREATE TABLE ats_acl.custom_profile_levels (
    profile text NOT NULL CHECK (profile ~ '^[a-z][a-z0-9_]{0,62}$'),
    module  text NOT NULL REFERENCES ats_acl.modules,
    level   text NOT NULL CHECK (level IN ('none', 'read', 'write', 'own')),
    PRIMARY KEY (profile, module)
);
COMMENT ON TABLE ats_acl.custom_profile_levels IS 'profile levels set by administrators; a row overrides the built-in one';

CREATE VIEW ats_acl.profile_levels AS
    SELECT c.profile, c.module, c.level FROM ats_acl.custom_profile_levels c
    UNION ALL
    SELECT b.profile, b.module, b.level FROM ats_acl.builtin_profile_levels b
     WHERE NOT EXISTS (SELECT 1 FROM ats_acl.custom_profile_levels c
                        WHERE c.profile = b.profile AND c.module = b.module);
COMMENT ON VIEW ats_acl.profile_levels IS 'module permission level of every profile in force';

CREATE TABLE ats_acl.users (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    role_name     name NOT NULL UNIQUE,
    display_name  text NOT NULL,
    email         text,
    kind          text NOT NULL DEFAULT 'internal' CHECK (kind IN ('internal', 'external')),
    access_level  text CHECK (access_level IN ('limited', 'regular', 'admin')),
    external_role text CHECK (external_role IN ('caller', 'agency', 'controller')),
    profile       text NOT NULL DEFAULT 'full',
    language      text,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (CASE kind WHEN 'internal' THEN access_level IS NOT NULL AND external_role IS NULL
                     ELSE access_level IS NULL AND external_role IS NOT NULL END)
);
COMMENT ON TABLE ats_acl.users IS 'ATS users: one PostgreSQL role each';

/* ------------------------------------------------------------------------
 * The ATS data: hidden base tables, reachable by clients only through the
 * ats views below.
 * ------------------------------------------------------------------------ */

CREATE TABLE ats_data.departments (
    id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE ats_data.locations (
    id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE ats_data.jobs (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    title          text NOT NULL,
    department_id  bigint REFERENCES ats_data.departments,
    location_id    bigint REFERENCES ats_data.locations,
    confidential   boolean NOT NULL DEFAULT false,
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    published      boolean NOT NULL DEFAULT false,
    description    text,
    job_post       text,
    interview_plan text,
    created_by     bigint REFERENCES ats_acl.users,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.jobs (department_id);
CREATE INDEX ON ats_data.jobs (location_id);
CREATE INDEX ON ats_data.jobs (created_by);

CREATE TABLE ats_data.hiring_team (
    job_id  bigint NOT NULL REFERENCES ats_data.jobs ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES ats_acl.users,
    role    text NOT NULL CHECK (role IN ('hiring_manager', 'recruiter', 'coordinator', 'sourcer', 'interviewer')),
    PRIMARY KEY (job_id, user_id)
);
CREATE INDEX ON ats_data.hiring_team (user_id);

CREATE TABLE ats_data.sources (
    id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE ats_data.candidates (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    full_name          text NOT NULL,
    email              text,
    phone              text,
    salary_expectation numeric,
    start_date         date,
    created_by         bigint REFERENCES ats_acl.users,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.candidates (email);
CREATE INDEX ON ats_data.candidates (full_name text_pattern_ops);
CREATE INDEX ON ats_data.candidates (created_by);

CREATE TABLE ats_data.applications (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    job_id       bigint NOT NULL REFERENCES ats_data.jobs ON DELETE CASCADE,
    source_id    bigint REFERENCES ats_data.sources,
    stage        text NOT NULL DEFAULT 'applied',
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rejected', 'hired')),
    created_by   bigint REFERENCES ats_acl.users,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.applications (job_id, created_at);
CREATE INDEX ON ats_data.applications (candidate_id);
CREATE INDEX ON ats_data.applications (source_id);
CREATE INDEX ON ats_data.applications (created_by);

CREATE TABLE ats_data.tag_categories (
    id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE ats_data.tags (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    category_id bigint REFERENCES ats_data.tag_categories,
    name        text NOT NULL,
    UNIQUE (category_id, name)
);

CREATE TABLE ats_data.candidate_tags (
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    tag_id       bigint NOT NULL REFERENCES ats_data.tags ON DELETE CASCADE,
    PRIMARY KEY (candidate_id, tag_id)
);
CREATE INDEX ON ats_data.candidate_tags (tag_id);

CREATE TABLE ats_data.application_tags (
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    tag_id         bigint NOT NULL REFERENCES ats_data.tags ON DELETE CASCADE,
    PRIMARY KEY (application_id, tag_id)
);
CREATE INDEX ON ats_data.application_tags (tag_id);

CREATE TABLE ats_data.groups (
    id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE ats_data.group_members (
    group_id bigint NOT NULL REFERENCES ats_data.groups ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES ats_acl.users,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX ON ats_data.group_members (user_id);

CREATE TABLE ats_data.candidate_groups (
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    group_id     bigint NOT NULL REFERENCES ats_data.groups ON DELETE CASCADE,
    PRIMARY KEY (candidate_id, group_id)
);
CREATE INDEX ON ats_data.candidate_groups (group_id);

CREATE TABLE ats_data.notes (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    job_id       bigint REFERENCES ats_data.jobs ON DELETE CASCADE,
    author_id    bigint REFERENCES ats_acl.users,
    kind         text NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'interview')),
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.notes (candidate_id);
CREATE INDEX ON ats_data.notes (job_id);
CREATE INDEX ON ats_data.notes (author_id);

CREATE TABLE ats_data.note_mentions (
    note_id bigint NOT NULL REFERENCES ats_data.notes ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES ats_acl.users,
    PRIMARY KEY (note_id, user_id)
);
CREATE INDEX ON ats_data.note_mentions (user_id);

CREATE TABLE ats_data.messages (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    job_id       bigint REFERENCES ats_data.jobs ON DELETE CASCADE,
    author_id    bigint REFERENCES ats_acl.users,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.messages (candidate_id);
CREATE INDEX ON ats_data.messages (job_id);

CREATE TABLE ats_data.todos (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    job_id       bigint REFERENCES ats_data.jobs ON DELETE CASCADE,
    author_id    bigint REFERENCES ats_acl.users,
    body         text NOT NULL,
    done         boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.todos (candidate_id);
CREATE INDEX ON ats_data.todos (job_id);

CREATE TABLE ats_data.documents (
    id                    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    candidate_id          bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    job_id                bigint REFERENCES ats_data.jobs ON DELETE CASCADE,
    kind                  text NOT NULL DEFAULT 'attachment',
    uploaded_by_candidate boolean NOT NULL DEFAULT false,
    file_name             text NOT NULL,
    content               bytea,
    created_by            bigint REFERENCES ats_acl.users,
    created_at            timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.documents (candidate_id);
CREATE INDEX ON ats_data.documents (job_id);

CREATE TABLE ats_data.interviews (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    scheduled_at   timestamptz,
    interviewer_id bigint REFERENCES ats_acl.users
);
CREATE INDEX ON ats_data.interviews (application_id);

CREATE TABLE ats_data.scorecards (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    author_id      bigint REFERENCES ats_acl.users,
    rating         smallint CHECK (rating BETWEEN 1 AND 5),
    notes          text,
    private_notes  text,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.scorecards (application_id);

CREATE TABLE ats_data.offers (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    salary         numeric,
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'accepted', 'declined')),
    created_by     bigint REFERENCES ats_acl.users,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.offers (application_id);

CREATE TABLE ats_data.ratings (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    user_id        bigint REFERENCES ats_acl.users,
    stars          smallint CHECK (stars BETWEEN 1 AND 5),
    thumbs         text CHECK (thumbs IN ('up', 'down')),
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((stars IS NULL) <> (thumbs IS NULL))
);
CREATE INDEX ON ats_data.ratings (application_id);

CREATE TABLE ats_data.questions (
    id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    job_id  bigint NOT NULL REFERENCES ats_data.jobs ON DELETE CASCADE,
    text    text NOT NULL,
    private boolean NOT NULL DEFAULT false
);
CREATE INDEX ON ats_data.questions (job_id);

CREATE TABLE ats_data.answers (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    question_id    bigint NOT NULL REFERENCES ats_data.questions ON DELETE CASCADE,
    value          text
);
CREATE INDEX ON ats_data.answers (application_id);

CREATE TABLE ats_data."references" (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    referee_name   text NOT NULL,
    referee_contact text,
    notes          text,
    created_by     bigint REFERENCES ats_acl.users,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data."references" (application_id);

CREATE TABLE ats_data.referrals (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES ats_data.applications ON DELETE CASCADE,
    referrer_id    bigint REFERENCES ats_acl.users,
    notes          text,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_data.referrals (application_id);

CREATE TABLE ats_data.custom_fields (
    id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    private boolean NOT NULL DEFAULT false
);

CREATE TABLE ats_data.custom_field_values (
    candidate_id bigint NOT NULL REFERENCES ats_data.candidates ON DELETE CASCADE,
    field_id     bigint NOT NULL REFERENCES ats_data.custom_fields ON DELETE CASCADE,
    value        text,
    PRIMARY KEY (candidate_id, field_id)
);

CREATE TABLE ats_data.activity (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor_id   bigint REFERENCES ats_acl.users,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name text NOT NULL,
    row_id     bigint,
    candidate_id bigint,
    job_id     bigint,
    detail     jsonb
);
CREATE INDEX ON ats_data.activity (job_id);
CREATE INDEX ON ats_data.activity (candidate_id);

/* Grants and rules reference jobs, so they follow the data tables. */

CREATE TABLE ats_acl.job_grants (
    job_id     bigint NOT NULL REFERENCES ats_data.jobs ON DELETE CASCADE
                   DEFERRABLE INITIALLY DEFERRED,
    user_id    bigint NOT NULL REFERENCES ats_acl.users,
    level      text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (job_id, user_id)
);
CREATE INDEX ON ats_acl.job_grants (user_id);
COMMENT ON TABLE ats_acl.job_grants IS 'direct grants: a user''s access level on one job (replaces every access rule there)';
COMMENT ON COLUMN ats_acl.job_grants.job_id IS 'deferred so that a job''s creator grant can be written before the job row itself';

CREATE TABLE ats_acl.access_rules (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES ats_acl.users,
    level         text NOT NULL,
    department_id bigint REFERENCES ats_data.departments ON DELETE CASCADE,
    location_id   bigint REFERENCES ats_data.locations ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_acl.access_rules (user_id);
COMMENT ON TABLE ats_acl.access_rules IS 'a level on every non-confidential job of a department and/or location (NULL matches any)';

CREATE TABLE ats_acl.sharing_rules (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    job_id             bigint NOT NULL REFERENCES ats_data.jobs ON DELETE CASCADE,
    by_tags            bigint[] NOT NULL DEFAULT '{}',
    by_sources         bigint[] NOT NULL DEFAULT '{}',
    own_candidates     boolean NOT NULL DEFAULT false,
    can_add_candidates boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX ON ats_acl.sharing_rules (job_id);
COMMENT ON TABLE ats_acl.sharing_rules IS 'external sharing of one job (SPEC 4.7): applications shared by source, application tag or own candidates';

CREATE TABLE ats_acl.sharing_rule_users (
    rule_id bigint NOT NULL REFERENCES ats_acl.sharing_rules ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES ats_acl.users,
    job_id  bigint NOT NULL,
    PRIMARY KEY (rule_id, user_id),
    CONSTRAINT one_rule_per_user_and_job UNIQUE (job_id, user_id)
);
CREATE INDEX ON ats_acl.sharing_rule_users (user_id);
COMMENT ON TABLE ats_acl.sharing_rule_users IS 'the external users a sharing rule lists; job_id is the rule''s, so that a user is in at most one rule per job';

CREATE TABLE ats_acl.allowed_tag_categories (
    user_id     bigint NOT NULL REFERENCES ats_acl.users,
    category_id bigint NOT NULL REFERENCES ats_data.tag_categories ON DELETE CASCADE,
    PRIMARY KEY (user_id, category_id)
);
COMMENT ON TABLE ats_acl.allowed_tag_categories IS 'tag categories an external user may see and edit (SPEC 4.7, 4.8)';

/* ------------------------------------------------------------------------
 * C functions: identity and capability evaluation.  All of them decide for
 * current_user and are cheap after the first call of a statement: the
 * permissions of a role are cached per backend and invalidated through
 * PostgreSQL's invalidation machinery.
 * ------------------------------------------------------------------------ */

CREATE FUNCTION ats_acl.current_user_id() RETURNS bigint
    AS 'MODULE_PATHNAME', 'ats_acl_current_user_id'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.current_user_id() IS 'id of the ATS user whose role is current_user, or NULL';

CREATE FUNCTION ats_acl.is_dba() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_is_dba'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.is_dba() IS 'true when current_user is a superuser or has BYPASSRLS';

CREATE FUNCTION ats_acl.is_active_user() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_is_active_user'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.is_active_user() IS 'true for the DBA and for an active registered user';

CREATE FUNCTION ats_acl.sees_all_jobs() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_sees_all_jobs'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.sees_all_jobs() IS 'true for the DBA and active ATS admins';

CREATE FUNCTION ats_acl.sees_public_jobs() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_sees_public_jobs'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.sees_public_jobs() IS 'true when every non-confidential job is visible (regular and admin access)';

CREATE FUNCTION ats_acl.can_create_jobs() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_can_create_jobs'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.can_create_jobs() IS 'true for the DBA and active regular and admin users';

CREATE FUNCTION ats_acl.job_ids(capability text DEFAULT NULL) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'ats_acl_job_ids'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.job_ids(text) IS 'jobs the current user holds a level on (by grant or rule), or holds the capability on; admins'' all-jobs access is not listed';

CREATE FUNCTION ats_acl.job_visible(job_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_job_visible'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.job_visible(bigint) IS 'whether the current user sees the job';

CREATE FUNCTION ats_acl.capabilities(job_id bigint) RETURNS text[]
    AS 'MODULE_PATHNAME', 'ats_acl_capabilities'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.capabilities(bigint) IS 'the current user''s capabilities on a job';

CREATE FUNCTION ats_acl.can(capability text, job_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_can'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.can(text, bigint) IS 'whether the current user holds a capability on a job';

CREATE FUNCTION ats_acl.can_on_all_visible(capability text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_can_on_all_visible'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.can_on_all_visible(text) IS 'whether the current user holds a capability on every application and candidate it sees';

CREATE FUNCTION ats_acl.library_loaded() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_library_loaded'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ats_acl.library_loaded() IS 'true; folded by the planner, which loads the library (and its executor hooks) before a statement on a masked view runs';

CREATE FUNCTION ats_acl.module_level(module text) RETURNS text
    AS 'MODULE_PATHNAME', 'ats_acl_module_level'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.module_level(text) IS 'the current user''s profile level on a module: none, read, write or own (SPEC 4.9)';

CREATE FUNCTION ats_acl.module_reads(module text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_module_reads'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.module_reads(text) IS 'true when the current user''s profile lets it read every row of the module (read or write)';

CREATE FUNCTION ats_acl.module_own(module text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_module_own'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.module_own(text) IS 'true when the current user''s profile lets it read and write only the rows it authored in the module';

CREATE FUNCTION ats_acl.module_row_visible(module text, owner bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_module_row_visible'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.module_row_visible(text, bigint) IS 'whether the profile lets the current user see a row of the module with that author';

CREATE FUNCTION ats_acl.is_external() RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_is_external'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.is_external() IS 'true for an active external user';

CREATE FUNCTION ats_acl.shared_job_ids() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'ats_acl_shared_job_ids'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.shared_job_ids() IS 'the jobs a sharing rule shares with the current (external) user';

CREATE FUNCTION ats_acl.application_shared(application_id bigint, job_id bigint, source_id bigint,
                                           created_by bigint, candidate_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_application_shared'
    LANGUAGE C STABLE PARALLEL RESTRICTED
    COST 1000;  -- an index probe of tags per row, ~2 us: costed like the probe it is, so the
                -- planner probes one candidate's applications rather than hash every shared one
COMMENT ON FUNCTION ats_acl.application_shared(bigint, bigint, bigint, bigint, bigint) IS 'whether the application is shared with the current external user: by source, application tag or own candidate (SPEC 4.7)';

CREATE FUNCTION ats_acl.own_candidate_ids() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'ats_acl_own_candidate_ids'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.own_candidate_ids() IS 'the candidates the current external user created, whose applications an own-candidate sharing rule shares';

CREATE FUNCTION ats_acl.mentioned_in(note_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_mentioned_in'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.mentioned_in(bigint) IS 'whether the current user is @mentioned in the note';

CREATE FUNCTION ats_acl.tag_allowed(tag_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_tag_allowed'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.tag_allowed(bigint) IS 'whether the current user may see the tag: internal users all, external users those of their allowed categories with view_tags';

CREATE FUNCTION ats_acl.category_allowed(category_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_category_allowed'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.category_allowed(bigint) IS 'whether the current user may see tags of the category';

CREATE FUNCTION ats_acl.active_user_id() RETURNS bigint
    AS 'MODULE_PATHNAME', 'ats_acl_active_user_id'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.active_user_id() IS 'id of the current ATS user while it is active, or NULL';

CREATE FUNCTION ats_acl.group_ids() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'ats_acl_group_ids'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.group_ids() IS 'the groups the current user is a member of';

CREATE FUNCTION ats_acl.candidate_visible(candidate_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_candidate_visible'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.candidate_visible(bigint) IS 'whether the current user sees the candidate (SPEC 4.4)';

CREATE FUNCTION ats_acl.candidate_can(candidate_id bigint, capability text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_candidate_can'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.candidate_can(bigint, text) IS 'whether the current user holds a capability on the candidate''s data';

CREATE FUNCTION ats_acl.record_visible(candidate_id bigint, job_id bigint, capability text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_record_visible'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.record_visible(bigint, bigint, text) IS 'whether a record about a candidate is visible: candidate data (job_id NULL) with the candidate, job data with view_applications on its job; plus the capability, if given';

CREATE FUNCTION ats_acl.application_can(application_id bigint, capability text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_application_can'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.application_can(bigint, text) IS 'whether the current user holds a capability on the job of an application';

/* Permission checks of the administration functions, against the real caller. */

CREATE FUNCTION ats_acl.require_admin(action text) RETURNS void
    AS 'MODULE_PATHNAME', 'ats_acl_require_admin'
    LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.require_admin(text) IS 'raise 42501 unless the calling role is the DBA or an active ATS admin';

CREATE FUNCTION ats_acl.require_job_capability(job_id bigint, capability text, action text) RETURNS void
    AS 'MODULE_PATHNAME', 'ats_acl_require_job_capability'
    LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.require_job_capability(bigint, text, text) IS 'raise 42501 unless the calling role is the DBA, an ATS admin or holds the capability on the job';

CREATE FUNCTION ats_acl.caller_user_id() RETURNS bigint
    AS 'MODULE_PATHNAME', 'ats_acl_caller_user_id'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.caller_user_id() IS 'ATS user of the calling role (outside SECURITY DEFINER functions), or NULL';

/* Triggers. */

CREATE FUNCTION ats_acl.tg_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_invalidate' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_jobs() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_jobs' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_job_created() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_job_created' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_applications() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_applications' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_hiring_team() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_hiring_team' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_admin_writes() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_admin_writes' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_candidates() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_candidates' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_record() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_record' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_view_write() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_view_write' LANGUAGE C;
CREATE FUNCTION ats_acl.tg_activity() RETURNS trigger
    AS 'MODULE_PATHNAME', 'ats_acl_tg_activity' LANGUAGE C;

/* One timeline entry from the old and new row (activity.c): the columns that
 * changed, and the values of workflow columns only.  No SET clause, so that
 * the planner inlines it into the trigger's kept statement (planned once per
 * backend, not at every row); every name in it is qualified, and the trigger
 * runs it with search_path pg_catalog, pg_temp. */
CREATE FUNCTION ats_acl._activity_entry(table_name text, old jsonb, new jsonb)
RETURNS TABLE (row_id bigint, candidate_id bigint, job_id bigint, detail jsonb)
LANGUAGE sql STABLE AS $$
    WITH r AS (SELECT COALESCE(new, old) AS j),
         app AS (SELECT a.candidate_id, a.job_id
                   FROM ats_data.applications a, r
                  WHERE a.id OPERATOR(pg_catalog.=) (r.j OPERATOR(pg_catalog.->>) 'application_id')::bigint),
         changed AS (SELECT k FROM r, pg_catalog.jsonb_object_keys(r.j) AS k
                      WHERE old IS NULL OR new IS NULL
                         OR (old OPERATOR(pg_catalog.->) k) IS DISTINCT FROM (new OPERATOR(pg_catalog.->) k)),
         workflow AS (SELECT k FROM changed
                       WHERE k OPERATOR(pg_catalog.=) ANY (ARRAY['stage', 'status', 'job_id',
                             'candidate_id', 'application_id', 'source_id', 'kind', 'level',
                             'user_id', 'group_id', 'access_level', 'external_role', 'profile',
                             'active', 'role_name', 'department_id', 'location_id', 'name',
                             'capabilities', 'module']))
    SELECT (r.j OPERATOR(pg_catalog.->>) 'id')::bigint,
           COALESCE((r.j OPERATOR(pg_catalog.->>) 'candidate_id')::bigint,
                    CASE WHEN table_name OPERATOR(pg_catalog.=) 'candidates'
                         THEN (r.j OPERATOR(pg_catalog.->>) 'id')::bigint END,
                    (SELECT app.candidate_id FROM app)),
           COALESCE((r.j OPERATOR(pg_catalog.->>) 'job_id')::bigint, (SELECT app.job_id FROM app)),
           pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'columns', (SELECT pg_catalog.jsonb_agg(k ORDER BY k) FROM changed),
               'old', (SELECT pg_catalog.jsonb_object_agg(k, old OPERATOR(pg_catalog.->) k)
                         FROM workflow WHERE old IS NOT NULL),
               'new', (SELECT pg_catalog.jsonb_object_agg(k, new OPERATOR(pg_catalog.->) k)
                         FROM workflow WHERE new IS NOT NULL)))
      FROM r
$$;

/* Every change to the catalog, and to the job columns rules depend on, drops
 * the permission caches of every backend (at commit) and of this one (at the
 * next command). */
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.users
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.custom_levels
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.custom_profile_levels
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.job_grants
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.access_rules
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_data.group_members
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.sharing_rules
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.sharing_rule_users
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_acl.allowed_tag_categories
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ats_data.tags
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate AFTER INSERT OR DELETE OR TRUNCATE ON ats_data.jobs
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();
CREATE TRIGGER invalidate_update AFTER UPDATE OF department_id, location_id, confidential ON ats_data.jobs
    FOR EACH STATEMENT EXECUTE FUNCTION ats_acl.tg_invalidate();

CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.jobs
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_jobs();
CREATE TRIGGER creator_grant AFTER INSERT ON ats_data.jobs
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_job_created();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.applications
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_applications();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.hiring_team
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_hiring_team();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.departments
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.locations
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.sources
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes();
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.candidates
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_candidates();

/* Reference lists of the candidate side: admins. */
DO $admin_lists$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tag_categories', 'tags', 'groups', 'custom_fields'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.%I '
                                  'FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes()', t);
    END LOOP;
END
$admin_lists$;

/* Group membership is access control: the DBA and ats_acl.add_to_group only;
 * the timeline is written by the extension only. */
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.group_members
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes('dba', 'ats_acl.add_to_group()');
CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.activity
    FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_admin_writes('dba', 'nothing: the timeline is append-only');

/* The activity timeline (SPEC 4.10): data tables and the access catalog. */
DO $timeline$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ats_data.candidates', 'ats_data.applications', 'ats_data.notes',
                             'ats_data.documents', 'ats_data.offers', 'ats_data.group_members',
                             'ats_acl.users', 'ats_acl.job_grants', 'ats_acl.access_rules',
                             'ats_acl.custom_levels', 'ats_acl.custom_profile_levels',
                             'ats_acl.sharing_rules', 'ats_acl.sharing_rule_users',
                             'ats_acl.allowed_tag_categories'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER activity AFTER INSERT OR UPDATE OR DELETE ON %s '
                                  'FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_activity()', t);
    END LOOP;
END
$timeline$;

/* Records about candidates (records.c): how each hangs off a job or a
 * candidate, its attribution column, what writing takes, who may change it. */
DO $records$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('notes',               'context',     'author_id',  'add_notes',             'author'),
        ('messages',            'context',     'author_id',  'contact_candidates',    'author'),
        ('todos',               'context',     'author_id',  'add_notes',             'author'),
        ('documents',           'context',     'created_by', 'add_edit_applications', 'author'),
        ('note_mentions',       'note',        '',           'add_notes',             'author'),
        ('interviews',          'application', '',           'edit_interview_plan',   'writer'),
        ('references',          'application', 'created_by', 'add_edit_applications', 'writer'),
        ('referrals',           'application', '',           'add_edit_applications', 'writer'),
        ('answers',             'application', '',           'add_edit_applications', 'writer'),
        ('scorecards',          'application', 'author_id',  'view_applications',     'author'),
        ('offers',              'application', 'created_by', 'create_offers',         'writer'),
        ('ratings',             'application', 'user_id',    'rate_candidates',       'author'),
        ('application_tags',    'application', '',           'edit_tags',             'writer'),
        ('candidate_tags',      'candidate',   '',           'edit_tags',             'writer'),
        ('custom_field_values', 'candidate',   '',           'add_edit_applications', 'writer'),
        ('candidate_groups',    'candidate',   '',           'view_applications',     'writer'),
        ('questions',           'job',         '',           'edit_job_details',      'writer')
    ) AS v(tab, kind, attribution, capability, modify)
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER enforce BEFORE INSERT OR UPDATE OR DELETE ON ats_data.%I '
            'FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_record(%L, %L, %L, %L)',
            r.tab, r.kind, r.attribution, r.capability, r.modify);
    END LOOP;
END
$records$;

/* ------------------------------------------------------------------------
 * Row-level security.  Every predicate compares the row's key against a
 * call of the current user's set ("job_id = ANY (ats_acl.job_ids(...))"),
 * so an index on the key can serve the policy.  The calls are bare, not
 * "(SELECT call)": the planner hook puts their values in the plan as
 * constants (src/specialize.c), and a policy without subqueries is cheaper
 * to expand on every statement; unhooked, they are STABLE and cached.
 * ------------------------------------------------------------------------ */

DO $rls$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'ats_data'::regnamespace AND c.relkind = 'r'
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE ats_data.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON ats_data.%I TO ats_acl_owner', t);
    END LOOP;
END
$rls$;

/* Reference lists: read by every active user; tg_admin_writes lets only
 * admins change them, with an error rather than 0 rows for the others. */
CREATE POLICY active_users ON ats_data.departments
    USING (ats_acl.is_active_user()) WITH CHECK (ats_acl.is_active_user());
CREATE POLICY active_users ON ats_data.locations
    USING (ats_acl.is_active_user()) WITH CHECK (ats_acl.is_active_user());
CREATE POLICY active_users ON ats_data.sources
    USING (ats_acl.is_active_user()) WITH CHECK (ats_acl.is_active_user());

/* Jobs: admins all; regular users every non-confidential job; everyone the
 * jobs it holds a level on.  Capability checks of writes are in tg_jobs. */
CREATE POLICY select_visible ON ats_data.jobs FOR SELECT
    USING (ats_acl.sees_all_jobs()
           OR (NOT confidential AND ats_acl.sees_public_jobs())
           OR id = ANY (ats_acl.job_ids())
           OR id = ANY (ats_acl.shared_job_ids()));
CREATE POLICY insert_allowed ON ats_data.jobs FOR INSERT
    WITH CHECK (ats_acl.can_create_jobs());
CREATE POLICY update_visible ON ats_data.jobs FOR UPDATE
    USING (ats_acl.sees_all_jobs()
           OR (NOT confidential AND ats_acl.sees_public_jobs())
           OR id = ANY (ats_acl.job_ids())
           OR id = ANY (ats_acl.shared_job_ids()));
CREATE POLICY delete_visible ON ats_data.jobs FOR DELETE
    USING (ats_acl.sees_all_jobs()
           OR (NOT confidential AND ats_acl.sees_public_jobs())
           OR id = ANY (ats_acl.job_ids())
           OR id = ANY (ats_acl.shared_job_ids()));

/* Applications: view_applications on the job; adding takes add_edit_applications. */
/* External users: the applications their sharing rules share (SPEC 4.7). */
CREATE POLICY select_visible ON ats_data.applications FOR SELECT
    USING (ats_acl.sees_all_jobs()
           OR job_id = ANY (ats_acl.job_ids('view_applications'))
           OR (ats_acl.is_external()
               AND job_id = ANY (ats_acl.shared_job_ids())
               AND ats_acl.application_shared(id, job_id, source_id, created_by, candidate_id)));
CREATE POLICY insert_allowed ON ats_data.applications FOR INSERT
    WITH CHECK (ats_acl.sees_all_jobs()
           OR job_id = ANY (ats_acl.job_ids('add_edit_applications'))
           OR job_id = ANY (ats_acl.shared_job_ids()));
CREATE POLICY update_visible ON ats_data.applications FOR UPDATE
    USING (ats_acl.sees_all_jobs()
           OR job_id = ANY (ats_acl.job_ids('view_applications'))
           OR (ats_acl.is_external()
               AND job_id = ANY (ats_acl.shared_job_ids())
               AND ats_acl.application_shared(id, job_id, source_id, created_by, candidate_id)))
    WITH CHECK (ats_acl.sees_all_jobs()
           OR job_id = ANY (ats_acl.job_ids('view_applications'))
           OR job_id = ANY (ats_acl.shared_job_ids()));
CREATE POLICY delete_visible ON ats_data.applications FOR DELETE
    USING (ats_acl.sees_all_jobs()
           OR job_id = ANY (ats_acl.job_ids('view_applications')));

/* Hiring team: whoever sees the job sees its team. */
CREATE POLICY visible ON ats_data.hiring_team
    USING (NOT ats_acl.is_external() AND ats_acl.job_visible(job_id));

/* Candidates (SPEC 4.4): admins; the creator; view_applications on a job the
 * candidate applied to; a group shared with the candidate; for external users
 * an application shared with them (the policy of applications decides). */
CREATE POLICY visible ON ats_data.candidates
    USING (ats_acl.sees_all_jobs()
           OR created_by = ats_acl.active_user_id()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.candidate_id = candidates.id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications')))
           OR EXISTS (SELECT 1 FROM ats_data.candidate_groups g
                       WHERE g.candidate_id = candidates.id
                         AND g.group_id = ANY (ats_acl.group_ids()))
           OR (ats_acl.is_external()
               AND EXISTS (SELECT 1 FROM ats_data.applications a
                            WHERE a.candidate_id = candidates.id
                              AND a.job_id = ANY (ats_acl.shared_job_ids()))))
    WITH CHECK (ats_acl.is_active_user());

/* Groups: their members (and admins) see them, their members and their candidates. */
CREATE POLICY visible ON ats_data.groups
    USING (ats_acl.sees_all_jobs() OR id = ANY (ats_acl.group_ids()))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.group_members
    USING (ats_acl.sees_all_jobs() OR group_id = ANY (ats_acl.group_ids()))
    WITH CHECK (ats_acl.is_dba());
CREATE POLICY visible ON ats_data.candidate_groups
    USING (ats_acl.sees_all_jobs() OR group_id = ANY (ats_acl.group_ids()))
    WITH CHECK (ats_acl.sees_all_jobs() OR group_id = ANY (ats_acl.group_ids()));

/* Context-scoped records (SPEC 4.5): job_id NULL is candidate data, seen with
 * the candidate; a job_id makes it job data, seen with view_applications on
 * that job.  Authors always see their own. */
/* External users see the notes they wrote or are @mentioned in, and interview
 * notes with view_interview_notes (SPEC 4.8); others need view_all_notes. */
CREATE POLICY visible ON ats_data.notes
    USING (ats_acl.sees_all_jobs()
           OR author_id = ats_acl.active_user_id()
           OR (ats_acl.is_external() AND ats_acl.mentioned_in(id))
           OR (kind = 'interview'
               AND ats_acl.record_visible(candidate_id, job_id, 'view_interview_notes')
               AND (ats_acl.is_external()
                    OR ats_acl.record_visible(candidate_id, job_id, 'view_all_notes')))
           OR (kind <> 'interview' AND ats_acl.record_visible(candidate_id, job_id, 'view_all_notes')))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.messages
    USING (ats_acl.sees_all_jobs()
           OR author_id = ats_acl.active_user_id()
           OR (NOT ats_acl.is_external() AND ats_acl.record_visible(candidate_id, job_id, NULL)))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.todos
    USING (ats_acl.sees_all_jobs()
           OR author_id = ats_acl.active_user_id()
           OR (NOT ats_acl.is_external() AND ats_acl.record_visible(candidate_id, job_id, NULL)))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.documents
    USING (ats_acl.sees_all_jobs()
           OR created_by = ats_acl.active_user_id()
           OR ats_acl.record_visible(candidate_id, job_id, 'view_attachments'))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.note_mentions
    USING (ats_acl.sees_all_jobs()
           OR user_id = ats_acl.active_user_id()
           OR EXISTS (SELECT 1 FROM ats_data.notes n WHERE n.id = note_mentions.note_id))
    WITH CHECK (ats_acl.is_active_user());

/* Job-only data (SPEC 4.6): follows its application. */
CREATE POLICY visible ON ats_data.interviews
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = interviews.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data."references"
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = "references".application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.referrals
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = referrals.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.ratings
    USING (ats_acl.sees_all_jobs()
           OR user_id = ats_acl.active_user_id()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = ratings.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.questions
    USING (ats_acl.sees_all_jobs()
           OR (job_id = ANY (ats_acl.job_ids('view_applications'))
               AND (NOT private
                    OR job_id = ANY (ats_acl.job_ids('view_private_answers_and_notes')))))
    WITH CHECK (ats_acl.is_active_user());
/* An answer is seen with its application and its question (private ones hidden). */
CREATE POLICY visible ON ats_data.answers
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a, ats_data.questions q
                       WHERE a.id = answers.application_id AND q.id = answers.question_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_applications'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.scorecards
    USING (ats_acl.sees_all_jobs()
           OR author_id = ats_acl.active_user_id()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = scorecards.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_scorecards'))
                         AND (a.status <> 'hired'
                              OR a.job_id = ANY (ats_acl.job_ids('view_hired_scorecards')))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.offers
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = offers.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_offers'))))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.application_tags
    USING (ats_acl.sees_all_jobs()
           OR EXISTS (SELECT 1 FROM ats_data.applications a
                       WHERE a.id = application_tags.application_id
                         AND a.job_id = ANY (ats_acl.job_ids('view_tags')))
           OR (ats_acl.is_external() AND ats_acl.tag_allowed(tag_id)
               AND EXISTS (SELECT 1 FROM ats_data.applications a
                            WHERE a.id = application_tags.application_id)))
    WITH CHECK (ats_acl.is_active_user());

/* Candidate-level data. */
CREATE POLICY visible ON ats_data.candidate_tags
    USING (ats_acl.sees_all_jobs()
           OR (ats_acl.candidate_can(candidate_id, 'view_tags') AND ats_acl.tag_allowed(tag_id)))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY visible ON ats_data.custom_field_values
    USING (ats_acl.sees_all_jobs()
           OR (NOT ats_acl.is_external() AND ats_acl.candidate_visible(candidate_id)))
    WITH CHECK (ats_acl.is_active_user());

/* Reference lists of the candidate side: every active internal user reads
 * them; external users only tags of their allowed categories (SPEC 4.8). */
CREATE POLICY active_users ON ats_data.tag_categories
    USING (ats_acl.is_active_user() AND ats_acl.category_allowed(id))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY active_users ON ats_data.tags
    USING (ats_acl.is_active_user() AND ats_acl.tag_allowed(id))
    WITH CHECK (ats_acl.is_active_user());
CREATE POLICY active_users ON ats_data.custom_fields
    USING (ats_acl.is_active_user() AND NOT ats_acl.is_external())
    WITH CHECK (ats_acl.is_active_user());

/* The timeline (SPEC 4.10): view_application_activity on the job; admins all.
 * Offers' entries also need view_offers: their existence is the offer's. */
CREATE POLICY visible ON ats_data.activity
    USING (ats_acl.sees_all_jobs()
           OR (job_id = ANY (ats_acl.job_ids('view_application_activity'))
               AND (table_name <> 'offers'
                    OR job_id = ANY (ats_acl.job_ids('view_offers')))))
    WITH CHECK (ats_acl.is_dba());

/* Module permission profiles (SPEC 4.9): the WHERE clause of each ats view
 * ANDs the profile's level for the relation's module with every policy: none
 * hides the rows, own shows only the user's own; read and own writes are
 * refused by the tables' triggers, naming the module.  In the views, not as
 * policies of the tables, so that one module's level never hides another's
 * rows through the policies' subqueries.  Documents of kind cv are module cv. */
CREATE FUNCTION ats_acl._profile_predicate(table_name text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN m.table_name OPERATOR(pg_catalog.=) 'documents' THEN
            'ats_acl.module_row_visible(CASE WHEN kind = ''cv'' THEN ''cv'' ELSE ''documents'' END, created_by)'
        WHEN m.owner_column IS NULL THEN
            pg_catalog.format('ats_acl.module_reads(%L)', m.module)
        ELSE
            pg_catalog.format('(ats_acl.module_reads(%1$L) OR (ats_acl.module_own(%1$L) '
                              'AND %2$I = ats_acl.active_user_id()))', m.module, m.owner_column)
        END
      FROM ats_acl.module_tables m
     WHERE m.table_name OPERATOR(pg_catalog.=) _profile_predicate.table_name
$$;


/* ------------------------------------------------------------------------
 * The client-facing views.  Owned by ats_acl_owner (see above), so that the
 * policies of the hidden tables apply to every caller.
 * ------------------------------------------------------------------------ */

DO $views$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'ats_data'::regnamespace AND c.relkind = 'r'
              ORDER BY c.relname
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(pg_catalog.format('ats_data.%I', t)::regclass, '');
        CONTINUE WHEN t IN ('candidates', 'scorecards', 'custom_field_values', 'applications',
                            'jobs', 'activity');
        EXECUTE pg_catalog.format(
            'CREATE VIEW ats.%1$I WITH (security_barrier) AS SELECT * FROM ats_data.%1$I WHERE %2$s',
            t, COALESCE(ats_acl._profile_predicate(t), 'true'));
        EXECUTE pg_catalog.format('ALTER VIEW ats.%I OWNER TO ats_acl_owner', t);
        IF t = 'activity' THEN
            EXECUTE pg_catalog.format('GRANT SELECT ON ats.%I TO ats_user', t);
        ELSE
            EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON ats.%I TO ats_user', t);
        END IF;
    END LOOP;
END
$views$;

/* Views that mask columns (SPEC 1): a value the user may not see reads as
 * NULL; their WHERE clauses hold the profile predicate of their module.  Writes go through ats_acl.tg_view_write (views.c), which needs the
 * executor hooks of hooks.c: library_loaded() makes the planner load them.
 * A mask asks can_on_all_visible() first: true when the user holds the
 * capability on every row the table's policy lets it see (an admin, a
 * recruiter whose every job grants it), a value the planner puts in as a
 * constant (specialize.c), so that no row pays for the per-row call. */
CREATE VIEW ats.candidates WITH (security_barrier) AS
    SELECT c.id, c.full_name,
           CASE WHEN ats_acl.can_on_all_visible('view_contact_details')
                  OR ats_acl.candidate_can(c.id, 'view_contact_details') THEN c.email END AS email,
           CASE WHEN ats_acl.can_on_all_visible('view_contact_details')
                  OR ats_acl.candidate_can(c.id, 'view_contact_details') THEN c.phone END AS phone,
           CASE WHEN ats_acl.can_on_all_visible('view_compensation')
                  OR ats_acl.candidate_can(c.id, 'view_compensation')
                THEN c.salary_expectation END AS salary_expectation,
           CASE WHEN ats_acl.can_on_all_visible('view_compensation')
                  OR ats_acl.candidate_can(c.id, 'view_compensation') THEN c.start_date END AS start_date,
           c.created_by, c.created_at
      FROM ats_data.candidates c
     WHERE ats_acl.library_loaded()
       AND (ats_acl.module_reads('candidates')
            OR (ats_acl.module_own('candidates') AND c.created_by = ats_acl.active_user_id()));

/* The timeline shows the values of workflow columns (stage, status...) only
 * to readers with view_stage on the job; others see which columns changed. */
CREATE VIEW ats.activity WITH (security_barrier) AS
    SELECT a.id, a.at, a.actor_id, a.action, a.table_name, a.row_id, a.candidate_id, a.job_id,
           CASE WHEN a.job_id IS NULL OR ats_acl.can('view_stage', a.job_id) THEN a.detail
                ELSE pg_catalog.jsonb_build_object('columns', a.detail -> 'columns') END AS detail
      FROM ats_data.activity a
     WHERE ats_acl.module_reads('activity')
        OR (ats_acl.module_own('activity') AND a.actor_id = ats_acl.active_user_id());
ALTER VIEW ats.activity OWNER TO ats_acl_owner;
GRANT SELECT ON ats.activity TO ats_user;

/* Jobs masks nothing, but is written through tg_view_write too: a job's
 * creator grant is written after the insert, and only the re-read of an
 * INSTEAD OF insert (not RETURNING's policy check) can already see it; and
 * without INSERT ... ON CONFLICT on jobs, no skipped insert can pose as one. */
CREATE VIEW ats.jobs WITH (security_barrier) AS
    SELECT j.* FROM ats_data.jobs j
     WHERE ats_acl.library_loaded()
       AND (ats_acl.module_reads('jobs')
            OR (ats_acl.module_own('jobs') AND j.created_by = ats_acl.active_user_id()));

CREATE VIEW ats.applications WITH (security_barrier) AS
    SELECT a.id, a.candidate_id, a.job_id, a.source_id,
           CASE WHEN ats_acl.can_on_all_visible('view_stage')
                  OR ats_acl.can('view_stage', a.job_id) THEN a.stage END AS stage,
           CASE WHEN ats_acl.can_on_all_visible('view_stage')
                  OR ats_acl.can('view_stage', a.job_id) THEN a.status END AS status,
           a.created_by, a.created_at
      FROM ats_data.applications a
     WHERE ats_acl.library_loaded()
       AND (ats_acl.module_reads('applications')
            OR (ats_acl.module_own('applications') AND a.created_by = ats_acl.active_user_id()));

CREATE VIEW ats.scorecards WITH (security_barrier) AS
    SELECT s.id, s.application_id, s.author_id, s.rating, s.notes,
           CASE WHEN s.author_id = ats_acl.active_user_id()
                  OR ats_acl.application_can(s.application_id, 'view_private_answers_and_notes')
                THEN s.private_notes END AS private_notes,
           s.created_at
      FROM ats_data.scorecards s
     WHERE ats_acl.library_loaded()
       AND (ats_acl.module_reads('scorecards')
            OR (ats_acl.module_own('scorecards') AND s.author_id = ats_acl.active_user_id()));

CREATE VIEW ats.custom_field_values WITH (security_barrier) AS
    SELECT v.candidate_id, v.field_id,
           CASE WHEN NOT (SELECT f.private FROM ats_data.custom_fields f WHERE f.id = v.field_id)
                  OR ats_acl.candidate_can(v.candidate_id, 'view_private_custom_fields')
                THEN v.value END AS value
      FROM ats_data.custom_field_values v
     WHERE ats_acl.library_loaded() AND ats_acl.module_reads('custom_fields');

DO $masked$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('candidates', 'id', NULL), ('scorecards', 'id', NULL),
                                   ('applications', 'id', NULL), ('jobs', 'id', NULL),
                                   ('custom_field_values', 'candidate_id', 'field_id')) AS v(t, k1, k2)
    LOOP
        EXECUTE pg_catalog.format('ALTER VIEW ats.%I OWNER TO ats_acl_owner', r.t);
        EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON ats.%I TO ats_user', r.t);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER write INSTEAD OF INSERT OR UPDATE OR DELETE ON ats.%I '
            'FOR EACH ROW EXECUTE FUNCTION ats_acl.tg_view_write(%L, %s)',
            r.t, r.t, pg_catalog.concat_ws(', ', pg_catalog.quote_literal(r.k1),
                                           pg_catalog.quote_literal(r.k2)));
    END LOOP;
END
$masked$;

/* Read-only summary of the applications of every candidate the user sees
 * (SPEC 4.5), also on jobs it cannot open; for an external user only its
 * shared applications, stage and status only with view_stage (SPEC 4.8).
 * Owned by the tables' owner, so it reads every application; the filter is
 * its WHERE clause. */
CREATE VIEW ats.candidate_applications WITH (security_barrier) AS
    SELECT a.candidate_id, a.id AS application_id, a.job_id, j.title AS job_title,
           CASE WHEN NOT ats_acl.is_external()
                THEN (SELECT ht.user_id FROM ats_data.hiring_team ht
                       WHERE ht.job_id = j.id AND ht.role = 'recruiter'
                       ORDER BY ht.user_id LIMIT 1) END AS job_recruiter,
           j.published AS job_published,
           CASE WHEN NOT ats_acl.is_external() OR ats_acl.can('view_stage', a.job_id)
                THEN a.status END AS application_status,
           CASE WHEN NOT ats_acl.is_external() OR ats_acl.can('view_stage', a.job_id)
                THEN a.stage END AS stage
      FROM ats_data.applications a
      JOIN ats_data.jobs j ON j.id = a.job_id
     WHERE ats_acl.candidate_visible(a.candidate_id)
       AND ats_acl.module_reads('applications')
       AND (NOT ats_acl.is_external()
            OR ats_acl.application_shared(a.id, a.job_id, a.source_id, a.created_by, a.candidate_id));
GRANT SELECT ON ats.candidate_applications TO ats_user;

SELECT pg_catalog.pg_extension_config_dump('ats_acl.users', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.custom_levels', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.custom_profile_levels', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.job_grants', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.access_rules', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.sharing_rules', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.sharing_rule_users', '');
SELECT pg_catalog.pg_extension_config_dump('ats_acl.allowed_tag_categories', '');

/* Identity sequences must be marked themselves for pg_dump to keep their state. */
DO $sequences$
DECLARE
    seq regclass;
BEGIN
    FOR seq IN SELECT c.oid FROM pg_catalog.pg_class c
                WHERE c.relkind = 'S'
                  AND c.relnamespace IN ('ats_acl'::regnamespace, 'ats_data'::regnamespace)
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(seq, '');
    END LOOP;
END
$sequences$;

/* The catalog is changed only through the functions below. */
REVOKE ALL ON ALL TABLES IN SCHEMA ats_acl FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA ats_data FROM PUBLIC;

/* ------------------------------------------------------------------------
 * Administration functions (SPEC 5).  SECURITY DEFINER with a fixed
 * search_path; every one checks the calling role first (require_admin,
 * require_job_capability: C, see admin.c), then validates its input and
 * fails with a clear message rather than doing nothing.
 * ------------------------------------------------------------------------ */

CREATE FUNCTION ats_acl.caller_can(capability text, job_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'ats_acl_caller_can'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION ats_acl.caller_can(text, bigint) IS 'whether the calling role holds a capability on a job';

/* Internal validation helpers: raise on NULL or unknown input. */
CREATE FUNCTION ats_acl._not_null(value anyelement, what text) RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF value IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN value;
END
$$;

CREATE FUNCTION ats_acl._user(user_id bigint) RETURNS ats_acl.users
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
BEGIN
    SELECT * INTO u FROM ats_acl.users
     WHERE id OPERATOR(pg_catalog.=) ats_acl._not_null(user_id, 'user_id');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ATS user % does not exist', user_id USING ERRCODE = 'undefined_object';
    END IF;
    RETURN u;
END
$$;

CREATE FUNCTION ats_acl._internal_user(user_id bigint) RETURNS ats_acl.users
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users := ats_acl._user(user_id);
BEGIN
    IF u.kind OPERATOR(pg_catalog.<>) 'internal' THEN
        RAISE EXCEPTION 'user % (%) is an external user', u.id, u.role_name
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'Job levels, access rules and hiring teams are for internal users.',
                    HINT = 'Share jobs with external users through ats_acl.share_job().';
    END IF;
    RETURN u;
END
$$;

CREATE FUNCTION ats_acl._job(job_id bigint) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ats_data.jobs j
                    WHERE j.id OPERATOR(pg_catalog.=) ats_acl._not_null(job_id, 'job_id')) THEN
        RAISE EXCEPTION 'job % does not exist', job_id USING ERRCODE = 'undefined_object';
    END IF;
    RETURN job_id;
END
$$;

CREATE FUNCTION ats_acl._level(level text, kind text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    found_kind text;
BEGIN
    SELECT l.kind INTO found_kind FROM ats_acl.levels l
     WHERE l.name OPERATOR(pg_catalog.=) ats_acl._not_null(level, 'level');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'access level "%" does not exist', level
              USING ERRCODE = 'undefined_object',
                    HINT = 'The levels are listed in ats_acl.levels; ats_acl.set_level_capabilities() creates one.';
    END IF;
    IF found_kind OPERATOR(pg_catalog.<>) kind THEN
        RAISE EXCEPTION 'access level "%" is for % users', level, found_kind
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN level;
END
$$;

CREATE FUNCTION ats_acl._check_user_kind(kind text, access_level text, external_role text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF kind OPERATOR(pg_catalog.=) 'internal' THEN
        IF access_level IS NULL THEN
            RAISE EXCEPTION 'access_level must not be NULL for internal users'
                  USING ERRCODE = 'null_value_not_allowed',
                        HINT = 'Internal users have access_level limited, regular or admin.';
        END IF;
        IF access_level NOT IN ('limited', 'regular', 'admin') THEN
            RAISE EXCEPTION 'invalid ATS module access level "%"', access_level
                  USING ERRCODE = 'invalid_parameter_value',
                        HINT = 'Internal users have access_level limited, regular or admin.';
        END IF;
        IF external_role IS NOT NULL THEN
            RAISE EXCEPTION 'internal users have no external role'
                  USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF kind OPERATOR(pg_catalog.=) 'external' THEN
        IF external_role IS NULL THEN
            RAISE EXCEPTION 'external_role must not be NULL for external users'
                  USING ERRCODE = 'null_value_not_allowed',
                        HINT = 'External users have external_role caller, agency or controller.';
        END IF;
        IF external_role NOT IN ('caller', 'agency', 'controller') THEN
            RAISE EXCEPTION 'invalid external role "%"', external_role
                  USING ERRCODE = 'invalid_parameter_value',
                        HINT = 'External users have external_role caller, agency or controller.';
        END IF;
    ELSE
        RAISE EXCEPTION 'invalid user kind "%"', kind
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'A user is internal or external.';
    END IF;
END
$$;

CREATE FUNCTION ats_acl._check_profile(profile text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ats_acl.profile_levels p
                    WHERE p.profile OPERATOR(pg_catalog.=) ats_acl._not_null(_check_profile.profile, 'profile')) THEN
        RAISE EXCEPTION 'profile "%" does not exist', profile
              USING ERRCODE = 'undefined_object',
                    HINT = 'The profiles are listed in ats_acl.profile_levels.';
    END IF;
    RETURN profile;
END
$$;

CREATE FUNCTION ats_acl._check_role(role_name name) RETURNS name
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname OPERATOR(pg_catalog.=) ats_acl._not_null(role_name, 'role_name')) THEN
        RAISE EXCEPTION 'role "%" does not exist', role_name
              USING ERRCODE = 'undefined_object',
                    HINT = 'Create the role first (CREATE ROLE ... LOGIN), then register it.';
    END IF;
    IF role_name IN ('ats_user', 'ats_acl_owner') OR role_name::text LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'role "%" cannot be an ATS user', role_name
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM ats_acl.users u WHERE u.role_name OPERATOR(pg_catalog.=) _check_role.role_name) THEN
        RAISE EXCEPTION 'role "%" is already registered as an ATS user', role_name
              USING ERRCODE = 'unique_violation';
    END IF;
    RETURN role_name;
END
$$;

CREATE FUNCTION ats_acl.add_user(role_name name, display_name text,
                                 kind text DEFAULT 'internal',
                                 access_level text DEFAULT 'limited',
                                 external_role text DEFAULT NULL,
                                 profile text DEFAULT 'full',
                                 email text DEFAULT NULL,
                                 language text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM ats_acl.require_admin('add ATS users');
    PERFORM ats_acl._check_role(role_name);
    PERFORM ats_acl._not_null(display_name, 'display_name');
    PERFORM ats_acl._not_null(kind, 'kind');
    /* The access_level default means nothing for an external user. */
    IF kind OPERATOR(pg_catalog.=) 'external' AND access_level OPERATOR(pg_catalog.=) 'limited' THEN
        access_level := NULL;
    END IF;
    IF kind OPERATOR(pg_catalog.=) 'external' AND access_level IS NOT NULL THEN
        RAISE EXCEPTION 'external users have no ATS module access level'
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM ats_acl._check_user_kind(kind, access_level, external_role);
    PERFORM ats_acl._check_profile(profile);

    INSERT INTO ats_acl.users (role_name, display_name, email, kind, access_level,
                               external_role, profile, language)
    VALUES (role_name, display_name, email, kind, access_level, external_role, profile, language)
    RETURNING id INTO new_id;
    IF NOT pg_catalog.pg_has_role(role_name, 'ats_user', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT ats_user TO %I', role_name);
    END IF;
    RETURN new_id;
END
$$;

CREATE FUNCTION ats_acl.set_user(user_id bigint,
                                 display_name text DEFAULT NULL,
                                 email text DEFAULT NULL,
                                 kind text DEFAULT NULL,
                                 access_level text DEFAULT NULL,
                                 external_role text DEFAULT NULL,
                                 profile text DEFAULT NULL,
                                 language text DEFAULT NULL,
                                 active boolean DEFAULT NULL,
                                 role_name name DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
    n ats_acl.users;
BEGIN
    PERFORM ats_acl.require_admin('change ATS users');
    u := ats_acl._user(user_id);
    IF num_nulls(display_name, email, kind, access_level, external_role, profile,
                 language, active, role_name) OPERATOR(pg_catalog.=) 9 THEN
        RAISE EXCEPTION 'nothing to change for user %', user_id
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Name the attributes to change, e.g. set_user(7, access_level => ''regular'').';
    END IF;
    n := u;
    n.display_name := COALESCE(display_name, u.display_name);
    n.email := COALESCE(email, u.email);
    n.language := COALESCE(language, u.language);
    n.active := COALESCE(active, u.active);
    n.kind := COALESCE(kind, u.kind);
    IF n.kind OPERATOR(pg_catalog.=) 'internal' THEN
        n.access_level := COALESCE(access_level, u.access_level);
        n.external_role := external_role;
    ELSE
        n.access_level := access_level;
        n.external_role := COALESCE(external_role, u.external_role);
    END IF;
    PERFORM ats_acl._check_user_kind(n.kind, n.access_level, n.external_role);
    IF profile IS NOT NULL THEN
        n.profile := ats_acl._check_profile(profile);
    END IF;
    IF role_name IS NOT NULL AND role_name OPERATOR(pg_catalog.<>) u.role_name THEN
        n.role_name := ats_acl._check_role(role_name);
    END IF;
    IF n.kind OPERATOR(pg_catalog.=) 'external' AND u.kind OPERATOR(pg_catalog.=) 'internal' AND (
           EXISTS (SELECT 1 FROM ats_acl.job_grants g WHERE g.user_id OPERATOR(pg_catalog.=) u.id)
        OR EXISTS (SELECT 1 FROM ats_acl.access_rules r WHERE r.user_id OPERATOR(pg_catalog.=) u.id)
        OR EXISTS (SELECT 1 FROM ats_data.hiring_team h WHERE h.user_id OPERATOR(pg_catalog.=) u.id)) THEN
        RAISE EXCEPTION 'user % still holds job grants, access rules or hiring team places', u.id
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    HINT = 'Revoke them before making the user external.';
    END IF;

    UPDATE ats_acl.users x
       SET role_name = n.role_name, display_name = n.display_name, email = n.email,
           kind = n.kind, access_level = n.access_level, external_role = n.external_role,
           profile = n.profile, language = n.language, active = n.active
     WHERE x.id OPERATOR(pg_catalog.=) u.id;
    IF NOT pg_catalog.pg_has_role(n.role_name, 'ats_user', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT ats_user TO %I', n.role_name);
    END IF;
END
$$;

CREATE FUNCTION ats_acl.deactivate_user(user_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
BEGIN
    PERFORM ats_acl.require_admin('deactivate ATS users');
    u := ats_acl._user(user_id);
    IF NOT u.active THEN
        RAISE NOTICE 'user % (%) is already inactive', u.id, u.role_name;
        RETURN;
    END IF;
    UPDATE ats_acl.users x SET active = false WHERE x.id OPERATOR(pg_catalog.=) u.id;
END
$$;

CREATE FUNCTION ats_acl.grant_job(job_id bigint, user_id bigint, level text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
BEGIN
    PERFORM ats_acl.require_job_capability(ats_acl._not_null(job_id, 'job_id'),
                                           'manage_job_permissions',
                                           pg_catalog.format('grant access to job %s', job_id));
    PERFORM ats_acl._job(job_id);
    u := ats_acl._internal_user(user_id);
    PERFORM ats_acl._level(level, 'internal');
    INSERT INTO ats_acl.job_grants AS g (job_id, user_id, level)
    VALUES (job_id, u.id, level)
    ON CONFLICT ON CONSTRAINT job_grants_pkey
    DO UPDATE SET level = EXCLUDED.level, granted_at = pg_catalog.now();
END
$$;

CREATE FUNCTION ats_acl.revoke_job(job_id bigint, user_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
BEGIN
    PERFORM ats_acl.require_job_capability(ats_acl._not_null(job_id, 'job_id'),
                                           'manage_job_permissions',
                                           pg_catalog.format('revoke access to job %s', job_id));
    PERFORM ats_acl._job(job_id);
    u := ats_acl._user(user_id);
    DELETE FROM ats_acl.job_grants g
     WHERE g.job_id OPERATOR(pg_catalog.=) revoke_job.job_id
       AND g.user_id OPERATOR(pg_catalog.=) u.id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % has no direct grant on job %', u.id, job_id
              USING ERRCODE = 'undefined_object',
                    HINT = 'Access through department or location rules is removed with ats_acl.drop_access_rule().';
    END IF;
END
$$;

CREATE FUNCTION ats_acl.add_access_rule(user_id bigint, level text,
                                        department_id bigint, location_id bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
    new_id bigint;
BEGIN
    PERFORM ats_acl.require_admin('add access rules');
    u := ats_acl._internal_user(user_id);
    PERFORM ats_acl._level(level, 'internal');
    IF department_id IS NOT NULL AND NOT EXISTS
       (SELECT 1 FROM ats_data.departments d WHERE d.id OPERATOR(pg_catalog.=) department_id) THEN
        RAISE EXCEPTION 'department % does not exist', department_id USING ERRCODE = 'undefined_object';
    END IF;
    IF location_id IS NOT NULL AND NOT EXISTS
       (SELECT 1 FROM ats_data.locations l WHERE l.id OPERATOR(pg_catalog.=) location_id) THEN
        RAISE EXCEPTION 'location % does not exist', location_id USING ERRCODE = 'undefined_object';
    END IF;
    INSERT INTO ats_acl.access_rules (user_id, level, department_id, location_id)
    VALUES (u.id, level, department_id, location_id)
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

CREATE FUNCTION ats_acl.drop_access_rule(rule_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM ats_acl.require_admin('drop access rules');
    DELETE FROM ats_acl.access_rules r
     WHERE r.id OPERATOR(pg_catalog.=) ats_acl._not_null(rule_id, 'rule_id');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'access rule % does not exist', rule_id USING ERRCODE = 'undefined_object';
    END IF;
END
$$;

CREATE FUNCTION ats_acl.add_to_hiring_team(job_id bigint, user_id bigint, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
    manager boolean;
BEGIN
    PERFORM ats_acl._not_null(job_id, 'job_id');
    manager := ats_acl.caller_can('manage_job_permissions', job_id);
    IF NOT manager AND NOT ats_acl.caller_can('edit_job_details', job_id) THEN
        RAISE EXCEPTION 'permission denied to change the hiring team of job %: capability "edit_job_details" or "manage_job_permissions" on job % is required',
              job_id, job_id
              USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM ats_acl._job(job_id);
    u := ats_acl._internal_user(user_id);
    IF ats_acl._not_null(role, 'role') NOT IN ('hiring_manager', 'recruiter', 'coordinator',
                                              'sourcer', 'interviewer') THEN
        RAISE EXCEPTION 'invalid hiring team role "%"', role
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Roles are hiring_manager, recruiter, coordinator, sourcer and interviewer.';
    END IF;
    INSERT INTO ats_data.hiring_team AS h (job_id, user_id, role)
    VALUES (job_id, u.id, role)
    ON CONFLICT ON CONSTRAINT hiring_team_pkey DO UPDATE SET role = EXCLUDED.role;

    /* Gem's convenience: a permissions manager's addition also grants the
     * level of the same name, unless the user already has a direct grant. */
    IF manager AND role OPERATOR(pg_catalog.<>) 'interviewer'
       AND EXISTS (SELECT 1 FROM ats_acl.levels l WHERE l.name OPERATOR(pg_catalog.=) role) THEN
        INSERT INTO ats_acl.job_grants (job_id, user_id, level)
        VALUES (job_id, u.id, role)
        ON CONFLICT ON CONSTRAINT job_grants_pkey DO NOTHING;
    END IF;
END
$$;

CREATE FUNCTION ats_acl.set_level_capabilities(level text, capabilities text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    unknown text;
    caps text[];
    level_kind text;
BEGIN
    PERFORM ats_acl.require_admin('change access levels');
    PERFORM ats_acl._not_null(level, 'level');
    PERFORM ats_acl._not_null(capabilities, 'capabilities');
    IF level !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid access level name "%"', level
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Use lower-case letters, digits and underscores, starting with a letter.';
    END IF;
    IF pg_catalog.array_ndims(capabilities) OPERATOR(pg_catalog.>) 1 THEN
        RAISE EXCEPTION 'capabilities must be a one-dimensional array'
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.array_position(capabilities, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'capabilities must not contain NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT c INTO unknown FROM pg_catalog.unnest(capabilities) AS c
     WHERE NOT EXISTS (SELECT 1 FROM ats_acl.capabilities k WHERE k.name OPERATOR(pg_catalog.=) c)
     LIMIT 1;
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'capability "%" does not exist', unknown
              USING ERRCODE = 'undefined_object',
                    HINT = 'The capabilities are listed in ats_acl.capabilities.';
    END IF;
    caps := ARRAY(SELECT k.name FROM ats_acl.capabilities k
                   WHERE k.name OPERATOR(pg_catalog.=) ANY (capabilities) ORDER BY k.bit);
    SELECT l.kind INTO level_kind FROM ats_acl.levels l WHERE l.name OPERATOR(pg_catalog.=) level;
    INSERT INTO ats_acl.custom_levels AS c (name, kind, capabilities)
    VALUES (level, COALESCE(level_kind, 'internal'), caps)
    ON CONFLICT ON CONSTRAINT custom_levels_pkey
    DO UPDATE SET capabilities = EXCLUDED.capabilities, changed_at = pg_catalog.now();
END
$$;

/* Validate an array of ids against a table: NULL elements 22004, unknown 42704. */
CREATE FUNCTION ats_acl._check_ids(ids bigint[], what text, tab regclass) RETURNS bigint[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing bigint;
BEGIN
    IF ids IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF pg_catalog.array_ndims(ids) OPERATOR(pg_catalog.>) 1 THEN
        RAISE EXCEPTION '% must be a one-dimensional array', what
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pg_catalog.array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION '% must not contain NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE pg_catalog.format('SELECT i FROM pg_catalog.unnest($1) AS i '
                              'WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE t.id OPERATOR(pg_catalog.=) i) LIMIT 1', tab)
       INTO missing USING ids;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% contains %, which does not exist', what, missing
              USING ERRCODE = 'undefined_object';
    END IF;
    RETURN ARRAY(SELECT DISTINCT i FROM pg_catalog.unnest(ids) AS i ORDER BY i);
END
$$;

CREATE FUNCTION ats_acl.share_job(job_id bigint, user_ids bigint[],
                                  by_tags bigint[] DEFAULT '{}',
                                  by_sources bigint[] DEFAULT '{}',
                                  own_candidates boolean DEFAULT false,
                                  can_add_candidates boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    users bigint[];
    u ats_acl.users;
    uid bigint;
    taken bigint;
    new_id bigint;
BEGIN
    PERFORM ats_acl.require_job_capability(ats_acl._not_null(job_id, 'job_id'),
                                           'manage_job_permissions',
                                           pg_catalog.format('share job %s', job_id));
    PERFORM ats_acl._job(job_id);
    users := ats_acl._check_ids(user_ids, 'user_ids', 'ats_acl.users');
    IF pg_catalog.cardinality(users) OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'a sharing rule lists at least one user'
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH uid IN ARRAY users LOOP
        u := ats_acl._user(uid);
        IF u.kind OPERATOR(pg_catalog.<>) 'external' THEN
            RAISE EXCEPTION 'user % (%) is an internal user', u.id, u.role_name
                  USING ERRCODE = 'invalid_parameter_value',
                        DETAIL = 'Sharing rules list external users only.',
                        HINT = 'Give internal users a level with ats_acl.grant_job().';
        END IF;
    END LOOP;
    SELECT s.user_id INTO taken FROM ats_acl.sharing_rule_users s
     WHERE s.job_id OPERATOR(pg_catalog.=) share_job.job_id
       AND s.user_id OPERATOR(pg_catalog.=) ANY (users)
     LIMIT 1;
    IF taken IS NOT NULL THEN
        RAISE EXCEPTION 'user % is already in a sharing rule of job %', taken, job_id
              USING ERRCODE = 'unique_violation',
                    DETAIL = 'A user is in at most one sharing rule per job.',
                    HINT = 'Drop that rule with ats_acl.unshare_job() first, or share with the other users only.';
    END IF;
    INSERT INTO ats_acl.sharing_rules (job_id, by_tags, by_sources, own_candidates, can_add_candidates)
    VALUES (job_id, ats_acl._check_ids(by_tags, 'by_tags', 'ats_data.tags'),
            ats_acl._check_ids(by_sources, 'by_sources', 'ats_data.sources'),
            ats_acl._not_null(own_candidates, 'own_candidates'),
            ats_acl._not_null(can_add_candidates, 'can_add_candidates'))
    RETURNING id INTO new_id;
    INSERT INTO ats_acl.sharing_rule_users (rule_id, user_id, job_id)
    SELECT new_id, i, job_id FROM pg_catalog.unnest(users) AS i;
    RETURN new_id;
END
$$;

CREATE FUNCTION ats_acl.unshare_job(rule_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rule_job bigint;
BEGIN
    SELECT r.job_id INTO rule_job FROM ats_acl.sharing_rules r
     WHERE r.id OPERATOR(pg_catalog.=) ats_acl._not_null(rule_id, 'rule_id');
    IF NOT FOUND THEN
        /* Same answer as a denial for non-admins: rules of unseen jobs stay unseen. */
        PERFORM ats_acl.require_admin('drop sharing rules');
        RAISE EXCEPTION 'sharing rule % does not exist', rule_id USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM ats_acl.require_job_capability(rule_job, 'manage_job_permissions',
                                           pg_catalog.format('unshare job %s', rule_job));
    DELETE FROM ats_acl.sharing_rules r WHERE r.id OPERATOR(pg_catalog.=) rule_id;
END
$$;

CREATE FUNCTION ats_acl.allow_tag_categories(user_id bigint, category_ids bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
    cats bigint[];
BEGIN
    PERFORM ats_acl.require_admin('set allowed tag categories');
    u := ats_acl._user(user_id);
    IF u.kind OPERATOR(pg_catalog.<>) 'external' THEN
        RAISE EXCEPTION 'user % (%) is an internal user', u.id, u.role_name
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'Allowed tag categories restrict external users; internal users see every tag.';
    END IF;
    cats := ats_acl._check_ids(category_ids, 'category_ids', 'ats_data.tag_categories');
    DELETE FROM ats_acl.allowed_tag_categories a
     WHERE a.user_id OPERATOR(pg_catalog.=) u.id AND NOT a.category_id OPERATOR(pg_catalog.=) ANY (cats);
    INSERT INTO ats_acl.allowed_tag_categories (user_id, category_id)
    SELECT u.id, c FROM pg_catalog.unnest(cats) AS c
    ON CONFLICT ON CONSTRAINT allowed_tag_categories_pkey DO NOTHING;
END
$$;

CREATE FUNCTION ats_acl.set_profile_level(profile text, module text, level text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM ats_acl.require_admin('change permission profiles');
    PERFORM ats_acl._not_null(profile, 'profile');
    IF profile !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid profile name "%"', profile
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Use lower-case letters, digits and underscores, starting with a letter.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ats_acl.modules m
                    WHERE m.name OPERATOR(pg_catalog.=) ats_acl._not_null(set_profile_level.module, 'module')) THEN
        RAISE EXCEPTION 'module "%" does not exist', module
              USING ERRCODE = 'undefined_object',
                    HINT = 'The modules are listed in ats_acl.modules.';
    END IF;
    IF ats_acl._not_null(level, 'level') NOT IN ('none', 'read', 'write', 'own') THEN
        RAISE EXCEPTION 'invalid module level "%"', level
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'A module''s level is none, read, write or own.';
    END IF;
    INSERT INTO ats_acl.custom_profile_levels AS c (profile, module, level)
    VALUES (profile, module, level)
    ON CONFLICT ON CONSTRAINT custom_profile_levels_pkey DO UPDATE SET level = EXCLUDED.level;
END
$$;

CREATE FUNCTION ats_acl.explain_access(role_name name, relation regclass, row_id bigint)
RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'ats_acl_explain_access'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION ats_acl.explain_access(name, regclass, bigint) IS 'for the DBA and admins: whether that role sees the row (read through its view as that role), and every grant, rule, group, sharing method, profile level and mask behind it';

CREATE FUNCTION ats_acl.who_can_see(relation regclass, row_id bigint)
RETURNS TABLE (user_id bigint, role_name name, reasons text[])
    AS 'MODULE_PATHNAME', 'ats_acl_who_can_see'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION ats_acl.who_can_see(regclass, bigint) IS 'for the DBA and admins: every active ATS user who sees the row, and why (GDPR Art. 15)';

CREATE FUNCTION ats_acl.add_to_group(group_id bigint, user_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u ats_acl.users;
BEGIN
    PERFORM ats_acl.require_admin('change group membership');
    IF NOT EXISTS (SELECT 1 FROM ats_data.groups g
                    WHERE g.id OPERATOR(pg_catalog.=) ats_acl._not_null(group_id, 'group_id')) THEN
        RAISE EXCEPTION 'group % does not exist', group_id USING ERRCODE = 'undefined_object';
    END IF;
    u := ats_acl._internal_user(user_id);
    INSERT INTO ats_data.group_members AS m (group_id, user_id) VALUES (group_id, u.id)
    ON CONFLICT ON CONSTRAINT group_members_pkey DO NOTHING;
    IF NOT FOUND THEN
        RAISE NOTICE 'user % is already a member of group %', u.id, group_id;
    END IF;
END
$$;

CREATE FUNCTION ats_acl.remove_from_group(group_id bigint, user_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM ats_acl.require_admin('change group membership');
    DELETE FROM ats_data.group_members m
     WHERE m.group_id OPERATOR(pg_catalog.=) ats_acl._not_null(remove_from_group.group_id, 'group_id')
       AND m.user_id OPERATOR(pg_catalog.=) ats_acl._not_null(remove_from_group.user_id, 'user_id');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % is not a member of group %', user_id, group_id
              USING ERRCODE = 'undefined_object';
    END IF;
END
$$;

DO $grants$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'ats_acl'::regnamespace
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    /* Clients: the policy predicates (evaluated as the querying role),
     * introspection, and the administration entry points. */
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'ats_acl'::regnamespace
                AND p.proname !~ '^(_|tg_)'
    LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO ats_user, ats_acl_owner', f);
    END LOOP;
END
$grants$;
