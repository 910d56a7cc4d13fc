/*-------------------------------------------------------------------------
 *
 * explain.c
 *	  explain_access and who_can_see (SPEC 6, issue 6).
 *
 * Whether a user sees a row is not recomputed here: the row is read through
 * its ats view as that user's role, so the answer is the one the policies
 * give, and cannot drift from them.  The reasons are then gathered from the
 * same C predicates, also evaluated as that role, and from the catalog rows
 * behind them (which grant, rule, group or sharing rule).  Columns that read
 * as NULL for the user but not for the DBA are reported as masked.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_explain_access);
PG_FUNCTION_INFO_V1(ats_acl_who_can_see);

/* The capability a masked column needs (for messages). */
static const char *const masked_columns[][2] = {
	{"email", "view_contact_details"},
	{"phone", "view_contact_details"},
	{"salary_expectation", "view_compensation"},
	{"start_date", "view_compensation"},
	{"stage", "view_stage"},
	{"status", "view_stage"},
	{"application_status", "view_stage"},
	{"value", "view_private_custom_fields"},
	{"private_notes", "view_private_answers_and_notes"},
	{"job_recruiter", "an internal user"},
	{NULL, NULL}
};

/* Run a one-row, one-column text query as a role; NULL when no row. */
static char *
ats_query_as(Oid roleid, const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	Oid			save_userid;
	int			save_sec_context;
	char	   *result = NULL;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(roleid, save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_execute_with_args(sql, nargs, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: explain query failed");
	if (SPI_processed == 1)
		result = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	return result;
}

/* The ats relation a regclass names, or an error (22023). */
static char *
ats_explained_relation(Oid relid)
{
	char	   *nsp = get_namespace_name(get_rel_namespace(relid));
	char	   *rel = get_rel_name(relid);

	if (nsp == NULL || rel == NULL || strcmp(nsp, "ats") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a relation of schema ats", rel ? rel : "relation"),
				 errhint("Pass an ats relation, e.g. 'ats.candidates'::regclass.")));
	if (get_attnum(relid, "id") == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ats.%s has no id column", rel),
				 errhint("explain_access and who_can_see explain rows of relations keyed by id.")));
	return rel;
}

/* Append one line to a list of reasons. */
static List *
ats_reason(List *reasons, const char *fmt,...) pg_attribute_printf(2, 3);

static List *
ats_reason(List *reasons, const char *fmt,...)
{
	StringInfoData buf;
	va_list		args;

	initStringInfo(&buf);
	for (;;)
	{
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	return lappend(reasons, buf.data);
}

/* Text of a DBA-side catalog query with one int8 and one text parameter. */
static char *
ats_catalog_text(const char *sql, int64 a, const char *b)
{
	Oid			argtypes[2] = {INT8OID, TEXTOID};
	Datum		values[2] = {Int64GetDatum(a), CStringGetTextDatum(b ? b : "")};

	if (SPI_execute_with_args(sql, 2, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: explain catalog query failed");
	return SPI_processed == 1 ? SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1) : NULL;
}

/*
 * Every reason a role sees (or does not see) row row_id of ats.<rel>; the
 * first line is the verdict.  Caller is connected to SPI as the DBA.
 */
static List *
ats_explain(Oid roleid, const char *role, const char *rel, int64 row_id, bool *visible)
{
	List	   *reasons = NIL;
	char	   *sql;
	char	   *as_role;
	char	   *as_dba;
	char	   *line;
	Oid			argtypes[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(row_id)};
	bool		client;

	*visible = false;
	sql = psprintf("SELECT pg_catalog.to_jsonb(t)::text FROM ats.%s t WHERE t.id OPERATOR(pg_catalog.=) $1",
				   quote_identifier(rel));
	as_dba = ats_query_as(GetUserId(), sql, 1, argtypes, values);
	if (as_dba == NULL)
		return ats_reason(reasons, "not visible: row %lld of ats.%s does not exist", (long long) row_id, rel);

	/* Identity: who the role is for ats_acl. */
	line = ats_catalog_text("SELECT CASE WHEN r.rolsuper OR r.rolbypassrls THEN 'the DBA (superuser or BYPASSRLS): sees and changes everything' "
							"WHEN u.id IS NULL THEN 'not a registered ATS user: sees nothing' "
							"WHEN NOT u.active THEN pg_catalog.format('ATS user %s, deactivated: sees nothing', u.id) "
							"WHEN u.kind OPERATOR(pg_catalog.=) 'external' THEN pg_catalog.format('ATS user %s: external %s, profile %s', u.id, u.external_role, u.profile) "
							"ELSE pg_catalog.format('ATS user %s: internal, %s module access, profile %s', u.id, u.access_level, u.profile) END "
							"FROM pg_catalog.pg_roles r LEFT JOIN ats_acl.users u ON u.role_name OPERATOR(pg_catalog.=) r.rolname "
							"WHERE r.rolname OPERATOR(pg_catalog.=) $2::name AND $1 OPERATOR(pg_catalog.=) $1",
							0, role);
	client = has_privs_of_role(roleid, get_role_oid("ats_user", false)) || superuser_arg(roleid);
	if (!client)
	{
		*visible = false;
		reasons = ats_reason(reasons, "not visible: role %s is not an ATS client (no ats_user membership)", role);
		return ats_reason(reasons, "%s", line ? line : "unknown role");
	}

	as_role = ats_query_as(roleid, sql, 1, argtypes, values);
	*visible = as_role != NULL;
	reasons = ats_reason(reasons, "%s: row %lld of ats.%s, as %s", *visible ? "visible" : "not visible",
						 (long long) row_id, rel, role);
	reasons = ats_reason(reasons, "%s", line);

	/* The profile's level on the relation's module. */
	line = ats_catalog_text("SELECT m.module FROM ats_acl.module_tables m "
							"WHERE m.table_name OPERATOR(pg_catalog.=) $2 AND $1 IS NOT NULL", 0, rel);
	if (line)
	{
		char	   *module = pstrdup(line);

		line = ats_query_as(roleid, "SELECT ats_acl.module_level($1)",
							1, (Oid[]) {TEXTOID}, (Datum[]) {CStringGetTextDatum(module)});
		reasons = ats_reason(reasons, "profile: module %s is %s", module, line);
	}

	/* Relation-specific reasons, from the same predicates as the policies. */
	if (strcmp(rel, "jobs") == 0 || strcmp(rel, "applications") == 0)
	{
		char	   *job = ats_catalog_text(strcmp(rel, "jobs") == 0 ?
										   "SELECT $1::text WHERE $2 IS NOT NULL" :
										   "SELECT job_id::text FROM ats_data.applications WHERE id OPERATOR(pg_catalog.=) $1 AND $2 IS NOT NULL",
										   row_id, "");
		int64		job_id = job ? strtoi64(job, NULL, 10) : 0;

		line = ats_query_as(roleid,
							"SELECT pg_catalog.concat_ws('; ', "
							" CASE WHEN ats_acl.sees_all_jobs() THEN 'sees every job (admin or DBA)' END, "
							" CASE WHEN ats_acl.sees_public_jobs() THEN 'sees every non-confidential job (regular)' END, "
							" CASE WHEN $1 OPERATOR(pg_catalog.=) ANY (ats_acl.job_ids()) THEN 'holds a level on the job' END, "
							" CASE WHEN $1 OPERATOR(pg_catalog.=) ANY (ats_acl.shared_job_ids()) THEN 'a sharing rule of the job lists it' END, "
							" 'capabilities on job ' || $1 || ': ' || pg_catalog.array_to_string(ats_acl.capabilities($1), ', '))",
							1, argtypes, (Datum[]) {Int64GetDatum(job_id)});
		reasons = ats_reason(reasons, "%s", line);
		line = ats_catalog_text("SELECT pg_catalog.string_agg(x, '; ') FROM ("
								" SELECT pg_catalog.format('direct grant: level %s on job %s', g.level, g.job_id) AS x "
								"   FROM ats_acl.job_grants g JOIN ats_acl.users u ON u.id OPERATOR(pg_catalog.=) g.user_id "
								"  WHERE g.job_id OPERATOR(pg_catalog.=) $1 AND u.role_name OPERATOR(pg_catalog.=) $2::name "
								" UNION ALL "
								" SELECT pg_catalog.format('access rule %s: level %s on department %s / location %s%s', r.id, r.level, "
								"        COALESCE(r.department_id::text, 'any'), COALESCE(r.location_id::text, 'any'), "
								"        CASE WHEN j.confidential THEN ' (not applied: the job is confidential)' "
								"             WHEN EXISTS (SELECT 1 FROM ats_acl.job_grants g WHERE g.job_id OPERATOR(pg_catalog.=) j.id AND g.user_id OPERATOR(pg_catalog.=) u.id) "
								"             THEN ' (replaced by the direct grant)' ELSE '' END) "
								"   FROM ats_acl.access_rules r JOIN ats_acl.users u ON u.id OPERATOR(pg_catalog.=) r.user_id "
								"   JOIN ats_data.jobs j ON j.id OPERATOR(pg_catalog.=) $1 "
								"  WHERE u.role_name OPERATOR(pg_catalog.=) $2::name "
								"    AND (r.department_id IS NULL OR r.department_id OPERATOR(pg_catalog.=) j.department_id) "
								"    AND (r.location_id IS NULL OR r.location_id OPERATOR(pg_catalog.=) j.location_id) "
								" UNION ALL "
								" SELECT pg_catalog.format('sharing rule %s: by sources %s, by application tags %s%s%s', s.id, s.by_sources, s.by_tags, "
								"        CASE WHEN s.own_candidates THEN ', own candidates' ELSE '' END, "
								"        CASE WHEN s.can_add_candidates THEN ', may add candidates' ELSE '' END) "
								"   FROM ats_acl.sharing_rules s JOIN ats_acl.sharing_rule_users su ON su.rule_id OPERATOR(pg_catalog.=) s.id "
								"   JOIN ats_acl.users u ON u.id OPERATOR(pg_catalog.=) su.user_id "
								"  WHERE s.job_id OPERATOR(pg_catalog.=) $1 AND u.role_name OPERATOR(pg_catalog.=) $2::name) q",
								job_id, role);
		if (line)
			reasons = ats_reason(reasons, "%s", line);
		if (strcmp(rel, "applications") == 0)
		{
			line = ats_catalog_text("SELECT pg_catalog.format('%s,%s,%s,%s', job_id, COALESCE(source_id::text, ''), COALESCE(created_by::text, ''), candidate_id) "
									"FROM ats_data.applications WHERE id OPERATOR(pg_catalog.=) $1 AND $2 IS NOT NULL", row_id, "");
			if (line)
			{
				char	   *q = psprintf("SELECT CASE WHEN ats_acl.is_external() THEN "
										 " CASE WHEN ats_acl.application_shared(%lld, a[1]::bigint, NULLIF(a[2], '')::bigint, NULLIF(a[3], '')::bigint, a[4]::bigint) "
										 "      THEN 'the sharing rule shares this application (by source, application tag or own candidate)' "
										 "      ELSE 'no sharing rule shares this application' END "
										 " ELSE CASE WHEN ats_acl.can('view_applications', a[1]::bigint) "
										 "      THEN 'view_applications on the job' ELSE 'no view_applications on the job' END END "
										 "FROM (SELECT pg_catalog.string_to_array($1::text, ',') AS a) s",
										 (long long) row_id);

				line = ats_query_as(roleid, q, 1, (Oid[]) {TEXTOID}, (Datum[]) {CStringGetTextDatum(line)});
				reasons = ats_reason(reasons, "%s", line);
			}
		}
	}
	else if (strcmp(rel, "candidates") == 0)
	{
		char	   *caps = ats_catalog_text("SELECT pg_catalog.array_agg(name ORDER BY bit)::text "
											"FROM ats_acl.capabilities WHERE $1 IS NOT NULL AND $2 IS NOT NULL", 0, "");

		line = ats_query_as(roleid,
							"SELECT pg_catalog.concat_ws('; ', "
							" CASE WHEN ats_acl.sees_all_jobs() THEN 'sees every candidate (admin or DBA)' END, "
							" CASE WHEN ats_acl.candidate_visible($1) THEN 'candidate visible' ELSE 'candidate not visible' END, "
							" 'capabilities on its data: ' || COALESCE((SELECT pg_catalog.string_agg(c, ', ') "
							"    FROM pg_catalog.unnest($2::text[]) AS c WHERE ats_acl.candidate_can($1, c)), ''))",
							2, (Oid[]) {INT8OID, TEXTOID}, (Datum[]) {Int64GetDatum(row_id), CStringGetTextDatum(caps)});
		reasons = ats_reason(reasons, "%s", line);
		line = ats_catalog_text("SELECT pg_catalog.string_agg(x, '; ') FROM ("
								" SELECT 'created it' AS x FROM ats_data.candidates c JOIN ats_acl.users u ON u.id OPERATOR(pg_catalog.=) c.created_by "
								"  WHERE c.id OPERATOR(pg_catalog.=) $1 AND u.role_name OPERATOR(pg_catalog.=) $2::name "
								" UNION ALL "
								" SELECT pg_catalog.format('shares group %s (%s)', g.id, g.name) FROM ats_data.candidate_groups cg "
								"   JOIN ats_data.groups g ON g.id OPERATOR(pg_catalog.=) cg.group_id "
								"   JOIN ats_data.group_members m ON m.group_id OPERATOR(pg_catalog.=) g.id "
								"   JOIN ats_acl.users u ON u.id OPERATOR(pg_catalog.=) m.user_id "
								"  WHERE cg.candidate_id OPERATOR(pg_catalog.=) $1 AND u.role_name OPERATOR(pg_catalog.=) $2::name "
								" UNION ALL "
								" SELECT pg_catalog.format('applied to job %s (application %s)', a.job_id, a.id) FROM ats_data.applications a "
								"  WHERE a.candidate_id OPERATOR(pg_catalog.=) $1) q",
								row_id, role);
		if (line)
			reasons = ats_reason(reasons, "%s", line);
	}
	else
	{
		line = ats_catalog_text(psprintf("SELECT pg_catalog.concat_ws(', ', "
										 " 'candidate ' || (j OPERATOR(pg_catalog.->>) 'candidate_id'), "
										 " CASE WHEN j ? 'job_id' THEN COALESCE('job ' || (j OPERATOR(pg_catalog.->>) 'job_id'), 'no job: candidate data') END, "
										 " 'application ' || (j OPERATOR(pg_catalog.->>) 'application_id'), "
										 " 'author ' || COALESCE(j OPERATOR(pg_catalog.->>) 'author_id', j OPERATOR(pg_catalog.->>) 'created_by', j OPERATOR(pg_catalog.->>) 'user_id')) "
										 "FROM (SELECT $2::jsonb AS j WHERE $1 IS NOT NULL) s"),
								row_id, as_dba);
		if (line && line[0] != '\0')
			reasons = ats_reason(reasons, "the row: %s", line);
		reasons = ats_reason(reasons, "decided by the policies of ats_data.%s (see docs/data-access.md)", rel);
	}

	/* Masked columns: NULL for the role, not for the DBA. */
	if (*visible)
	{
		char	   *masked;

		masked = ats_catalog_text("SELECT pg_catalog.string_agg(d.key, ',' ORDER BY d.key) "
								  "  FROM pg_catalog.jsonb_each(($2::jsonb) OPERATOR(pg_catalog.->) 'dba') d "
								  " WHERE d.value OPERATOR(pg_catalog.<>) 'null'::jsonb "
								  "   AND (($2::jsonb) OPERATOR(pg_catalog.->) 'role' OPERATOR(pg_catalog.->) d.key) "
								  "       OPERATOR(pg_catalog.=) 'null'::jsonb AND $1 IS NOT NULL",
								  0, psprintf("{\"dba\": %s, \"role\": %s}", as_dba, as_role));
		if (masked != NULL)
		{
			char	   *col = strtok(masked, ",");

			while (col != NULL)
			{
				const char *cap = "a capability";

				for (int i = 0; masked_columns[i][0] != NULL; i++)
					if (strcmp(masked_columns[i][0], col) == 0)
						cap = masked_columns[i][1];
				reasons = ats_reason(reasons, "column %s is masked (reads NULL): needs %s", col, cap);
				col = strtok(NULL, ",");
			}
		}
	}
	return reasons;
}

/* The role of a role_name argument, or 42704. */
static Oid
ats_role_arg(const char *role)
{
	Oid			roleid = get_role_oid(role, true);

	if (!OidIsValid(roleid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", role)));
	return roleid;
}

/* Raise 22004 for a NULL argument. */
static void
ats_explain_args(FunctionCallInfo fcinfo, int nargs, const char *const *names)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be NULL", names[i])));
}

/* ats_acl.explain_access(role_name, relation, row_id): why a user sees a row or not. */
Datum
ats_acl_explain_access(PG_FUNCTION_ARGS)
{
	static const char *const names[] = {"role_name", "relation", "row_id"};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *role;
	char	   *rel;
	Oid			roleid;
	List	   *reasons;
	ListCell   *lc;
	bool		visible;
	MemoryContext oldcxt;

	ats_explain_args(fcinfo, 3, names);
	if (!ats_sees_all_jobs(ats_caller_acl()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to explain access"),
				 errdetail("Only ATS admins and the DBA may explain access.")));
	role = NameStr(*PG_GETARG_NAME(0));
	roleid = ats_role_arg(role);
	rel = ats_explained_relation(PG_GETARG_OID(1));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "ats_acl: SPI_connect failed");
	reasons = ats_explain(roleid, role, rel, PG_GETARG_INT64(2), &visible);
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	foreach(lc, reasons)
	{
		Datum		value = CStringGetTextDatum((char *) lfirst(lc));
		bool		isnull = false;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	MemoryContextSwitchTo(oldcxt);
	SPI_finish();
	return (Datum) 0;
}

/* ats_acl.who_can_see(relation, row_id): every ATS user who sees the row, and why. */
Datum
ats_acl_who_can_see(PG_FUNCTION_ARGS)
{
	static const char *const names[] = {"relation", "row_id"};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *rel;
	int64		row_id;
	int			n;
	int64	   *ids;
	char	  **roles;

	ats_explain_args(fcinfo, 2, names);
	if (!ats_sees_all_jobs(ats_caller_acl()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to list who can see a row"),
				 errdetail("Only ATS admins and the DBA may list who can see a row.")));
	rel = ats_explained_relation(PG_GETARG_OID(0));
	row_id = PG_GETARG_INT64(1);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "ats_acl: SPI_connect failed");
	if (SPI_execute("SELECT u.id, u.role_name::text FROM ats_acl.users u "
					" JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) u.role_name "
					"WHERE u.active ORDER BY u.id", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: listing users failed");
	n = (int) SPI_processed;
	ids = palloc(sizeof(int64) * (n + 1));
	roles = palloc(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		bool		isnull;

		ids[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		roles[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
	}
	for (int i = 0; i < n; i++)
	{
		bool		visible;
		List	   *reasons = ats_explain(ats_role_arg(roles[i]), roles[i], rel, row_id, &visible);
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		Datum	   *elems;
		int			k = 0;
		ListCell   *lc;
		MemoryContext oldcxt;

		if (!visible)
			continue;
		elems = palloc(sizeof(Datum) * list_length(reasons));
		foreach(lc, reasons)
		{
			if (foreach_current_index(lc) == 0)
				continue;		/* the verdict: visible */
			elems[k++] = CStringGetTextDatum((char *) lfirst(lc));
		}
		oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
		values[0] = Int64GetDatum(ids[i]);
		values[1] = DirectFunctionCall1(namein, CStringGetDatum(roles[i]));
		values[2] = PointerGetDatum(construct_array(elems, k, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(oldcxt);
	}
	SPI_finish();
	return (Datum) 0;
}
