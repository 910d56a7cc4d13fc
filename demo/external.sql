-- demo/external.sql: the three worked examples of the Recruitis article
-- "Sharing with External Users" (seeds/000_18bbcb555c9e4ac5.txt, SPEC 4.7,
-- 4.8) on top of demo/scenario.sql: an agency, a caller and a controller.
--
-- Load it as the DBA right after demo/scenario.sql (tools/demo.sh does this):
--   psql -X -q -d ats_demo -f demo/external.sql >/dev/null
-- and print what one external user sees with demo/external_show.sql.
-- Example 3's tag ("Share with ABC" on Jan's second response) is NOT added
-- here: tools/demo.sh adds it between two prints of the agency's view.
--
-- Sections: 1 external users, 2 source, jobs, candidates and responses,
-- 3 tags, 4 sharing rules, 5 notes.
\set ON_ERROR_STOP on
BEGIN;

-------------------------------------------------------------------------------
-- 1. External users (Recruitis: Settings | External Users): a role each,
--    plus the allowed tag categories of the controller (section 3).
-------------------------------------------------------------------------------
CREATE ROLE demo_abc LOGIN;
CREATE ROLE demo_carl LOGIN;
CREATE ROLE demo_cleo LOGIN;
SELECT ats_acl.add_user('demo_abc', 'Agency ABC', kind => 'external', external_role => 'agency',
                        email => 'jobs@agency-abc.example') AS abc \gset
SELECT ats_acl.add_user('demo_carl', 'Carl Caller', kind => 'external', external_role => 'caller',
                        email => 'carl@example.com') AS carl \gset
SELECT ats_acl.add_user('demo_cleo', 'Cleo Controller', kind => 'external', external_role => 'controller',
                        email => 'cleo@example.com') AS cleo \gset

-------------------------------------------------------------------------------
-- 2. The agency's source, the three positions and the two candidates of the
--    article.  scenario.sql's sources 1-3 are Careers page, LinkedIn and
--    Agency Alpha, so Agency ABC is a new source 4.
-------------------------------------------------------------------------------
INSERT INTO ats.sources (id, name) VALUES (4, 'Agency ABC');
SELECT 1 AS careers, 2 AS linkedin, 4 AS agency_abc \gset

INSERT INTO ats.jobs (title, department_id, location_id, status, published)
VALUES ('Marketing specialist', 2, 1, 'open', true) RETURNING id AS marketing \gset
INSERT INTO ats.jobs (title, department_id, location_id, status, published)
VALUES ('Project manager', 2, 1, 'open', true) RETURNING id AS pm \gset
INSERT INTO ats.jobs (title, department_id, location_id, status, published)
VALUES ('Team leader', 2, 1, 'open', true) RETURNING id AS tl \gset

INSERT INTO ats.candidates (full_name, email, phone, salary_expectation, start_date)
VALUES ('Jan Novák', 'jan.novak@example.cz', '+420 777 100 200', 60000, '2025-05-01')
RETURNING id AS jan \gset
INSERT INTO ats.candidates (full_name, email, phone, salary_expectation, start_date)
VALUES ('Petra Svobodová', 'petra.svobodova@example.cz', '+420 777 300 400', 75000, '2025-07-01')
RETURNING id AS petra \gset

-- Example 1: Jan applied to Marketing specialist through agency ABC and,
-- separately, to Project manager through the careers page.
INSERT INTO ats.applications (candidate_id, job_id, source_id, stage)
VALUES (:jan, :marketing, :agency_abc, 'phone_screen') RETURNING id AS jan_marketing \gset
INSERT INTO ats.applications (candidate_id, job_id, source_id, stage)
VALUES (:jan, :pm, :careers, 'applied') RETURNING id AS jan_pm \gset
-- Example 2: Petra has three responses.
INSERT INTO ats.applications (candidate_id, job_id, source_id, stage)
VALUES (:petra, :tl, :careers, 'onsite') RETURNING id AS petra_tl \gset
INSERT INTO ats.applications (candidate_id, job_id, source_id, stage)
VALUES (:petra, :marketing, :linkedin, 'applied') RETURNING id AS petra_marketing \gset
INSERT INTO ats.applications (candidate_id, job_id, source_id, stage, status)
VALUES (:petra, :pm, :careers, 'phone_screen', 'rejected') RETURNING id AS petra_pm \gset

-------------------------------------------------------------------------------
-- 3. Tags.  "Save for this answer only" = an application tag; a tag on the
--    candidate (all answers) shares nothing.  The controller may see and edit
--    the categories Skills and Pipeline, not Internal ("you don't want them
--    ... to see that you have flagged a candidate with a tag such as
--    Blacklist").
-------------------------------------------------------------------------------
INSERT INTO ats.tag_categories (name) VALUES ('Skills') RETURNING id AS cat_skills \gset
INSERT INTO ats.tag_categories (name) VALUES ('Pipeline') RETURNING id AS cat_pipeline \gset
INSERT INTO ats.tag_categories (name) VALUES ('Internal') RETURNING id AS cat_internal \gset
INSERT INTO ats.tags (category_id, name) VALUES (:cat_skills, 'Leadership') RETURNING id AS t_leadership \gset
INSERT INTO ats.tags (category_id, name) VALUES (:cat_pipeline, 'For interview') RETURNING id AS t_interview \gset
INSERT INTO ats.tags (category_id, name) VALUES (:cat_pipeline, 'Share with ABC') RETURNING id AS t_share_abc \gset
INSERT INTO ats.tags (category_id, name) VALUES (:cat_internal, 'Blacklist') RETURNING id AS t_blacklist \gset
SELECT ats_acl.allow_tag_categories(:cleo, ARRAY[:cat_skills, :cat_pipeline]::bigint[]);

-- Example 2: "For interview" saved for Petra's Team leader answer only.
INSERT INTO ats.application_tags (application_id, tag_id) VALUES (:petra_tl, :t_interview);
-- Tags on Petra herself (candidate tags): one the controller may see, one not.
INSERT INTO ats.candidate_tags (candidate_id, tag_id) VALUES (:petra, :t_leadership), (:petra, :t_blacklist);

-------------------------------------------------------------------------------
-- 4. Sharing rules (Recruitis: position menu | External sharing), set up by
--    Ada, who holds manage_job_permissions on every job as an admin.
-------------------------------------------------------------------------------
SET ROLE demo_ada;
-- Example 1: ABC by its source on Marketing specialist.
SELECT ats_acl.share_job(:marketing, ARRAY[:abc]::bigint[], by_sources => ARRAY[:agency_abc]::bigint[]);
-- Example 3: ABC by the tag "Share with ABC" on Project manager.
SELECT ats_acl.share_job(:pm, ARRAY[:abc]::bigint[], by_tags => ARRAY[:t_share_abc]::bigint[]);
-- Example 2: caller and controller by the tag "For interview", one rule per
-- position for both users ("even if they had sharing configured based on the
-- same tag" for Petra's other two responses).
SELECT ats_acl.share_job(:tl, ARRAY[:carl, :cleo]::bigint[], by_tags => ARRAY[:t_interview]::bigint[]);
SELECT ats_acl.share_job(:marketing, ARRAY[:carl, :cleo]::bigint[], by_tags => ARRAY[:t_interview]::bigint[]);
SELECT ats_acl.share_job(:pm, ARRAY[:carl, :cleo]::bigint[], by_tags => ARRAY[:t_interview]::bigint[]);

-------------------------------------------------------------------------------
-- 5. Notes by Ada on the shared responses.  External users see interview
--    notes (agency, controller), notes that @mention them, and notes they
--    wrote; never "everything you write about the candidate".
-------------------------------------------------------------------------------
INSERT INTO ats.notes (candidate_id, job_id, kind, body)
VALUES (:jan, :marketing, 'interview', 'Phone screen: strong campaign portfolio, can start in May.');
INSERT INTO ats.notes (candidate_id, job_id, body)
VALUES (:jan, :marketing, '@Agency ABC: please send Jan''s references.') RETURNING id AS note_abc \gset
-- The mention is allowed: Jan's Marketing specialist response is shared with ABC.
INSERT INTO ats.note_mentions (note_id, user_id) VALUES (:note_abc, :abc);
INSERT INTO ats.notes (candidate_id, job_id, body)
VALUES (:jan, :marketing, 'Internal: agency fee 15 %, negotiate it down.');
INSERT INTO ats.notes (candidate_id, job_id, kind, body)
VALUES (:petra, :tl, 'interview', 'Onsite: led a team of eight, calm under pressure.');
INSERT INTO ats.notes (candidate_id, job_id, body)
VALUES (:petra, :tl, '@Carl: please call Petra to book the second round.') RETURNING id AS note_carl \gset
INSERT INTO ats.note_mentions (note_id, user_id) VALUES (:note_carl, :carl);
RESET ROLE;

COMMIT;
