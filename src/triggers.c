/*-------------------------------------------------------------------------
 *
 * triggers.c
 *	  Write checks and attribution on the hidden tables.
 *
 * Row-level security decides which rows a statement reaches; these BEFORE
 * ROW triggers decide what it may do to them, column by column, and raise
 * 42501 naming the missing capability, so a visible row is never silently
 * skipped.  They fire for every write, through the ats views or directly,
 * with current_user being the writer; the DBA (superuser or BYPASSRLS) and
 * the tables' owner (cascades, the extension itself) pass unchecked.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_tg_invalidate);
PG_FUNCTION_INFO_V1(ats_acl_tg_jobs);
PG_FUNCTION_INFO_V1(ats_acl_tg_job_created);
PG_FUNCTION_INFO_V1(ats_acl_tg_applications);
PG_FUNCTION_INFO_V1(ats_acl_tg_hiring_team);
PG_FUNCTION_INFO_V1(ats_acl_tg_admin_writes);

/*
 * What changing a column takes.  capability NULL: the column can never be
 * changed; "": the table's trigger checks it itself.
 */
typedef struct AtsColumnRule
{
	const char *column;
	const char *capability;
} AtsColumnRule;

static const AtsColumnRule job_columns[] = {
	{"id", NULL},
	{"created_by", NULL},
	{"created_at", NULL},
	{"status", ""},
	{"job_post", "edit_job_post"},
	{"published", "publish_job_post"},
	{"interview_plan", "edit_interview_plan"},
	{"confidential", "manage_job_permissions"},
	{NULL, NULL}
};

static const AtsColumnRule application_columns[] = {
	{"id", NULL},
	{"candidate_id", NULL},
	{"created_by", NULL},
	{"created_at", NULL},
	{"status", ""},
	{"job_id", ""},
	{"stage", "advance_reject_applications"},
	{NULL, NULL}
};

/*
 * The trigger data of a row trigger fired at the given timing ("BEFORE",
 * "AFTER" or "INSTEAD OF") with at least min_nargs arguments; 39P01 when the
 * function is called any other way (e.g. directly).
 */
TriggerData *
ats_row_trigger(FunctionCallInfo fcinfo, const char *fname, const char *timing, int min_nargs)
{
	TriggerData *tg = (TriggerData *) fcinfo->context;
	bool		ok = CALLED_AS_TRIGGER(fcinfo);

	if (ok)
		ok = TRIGGER_FIRED_FOR_ROW(tg->tg_event) && tg->tg_trigger->tgnargs >= min_nargs &&
			(strcmp(timing, "BEFORE") == 0 ? TRIGGER_FIRED_BEFORE(tg->tg_event) :
			 strcmp(timing, "AFTER") == 0 ? TRIGGER_FIRED_AFTER(tg->tg_event) :
			 TRIGGER_FIRED_INSTEAD(tg->tg_event));
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s ... FOR EACH ROW", fname, timing),
				 min_nargs > 0 ? errdetail("It takes at least %d trigger arguments.", min_nargs) : 0));
	return tg;
}

/*
 * The profile check of an UPDATE or DELETE (old and new row).  Inserts are
 * checked on their final row, attribution set: ats_checked_insert.
 */
void
ats_require_module_write_tg(const AtsUserAcl *acl, TriggerData *tg)
{
	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
		return;
	ats_require_module_write(acl, tg->tg_relation, tg->tg_trigtuple,
							 TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? tg->tg_newtuple : NULL);
}

/* The profile check of the row an INSERT will write; returns the row. */
HeapTuple
ats_checked_insert(const AtsUserAcl *acl, Relation rel, HeapTuple tuple)
{
	ats_require_module_write(acl, rel, NULL, tuple);
	return tuple;
}

/* Attribute number of a column; can't-happen error when missing. */
static int
ats_attnum(Relation rel, const char *column)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), column);

	if (attnum <= 0)
		elog(ERROR, "ats_acl: column %s of %s is missing", column, RelationGetRelationName(rel));
	return attnum;
}

/* An int8 column of a row; 0 and *isnull when NULL. */
static int64
ats_get_int8(Relation rel, HeapTuple tuple, const char *column, bool *isnull)
{
	bool		null;
	Datum		d = heap_getattr(tuple, ats_attnum(rel, column), RelationGetDescr(rel), &null);

	if (isnull)
		*isnull = null;
	return null ? 0 : DatumGetInt64(d);
}

/* A text column of a row as a C string, or NULL. */
static char *
ats_get_text(Relation rel, HeapTuple tuple, const char *column)
{
	bool		null;
	Datum		d = heap_getattr(tuple, ats_attnum(rel, column), RelationGetDescr(rel), &null);

	return null ? NULL : TextDatumGetCString(d);
}

/* Whether a column differs between two versions of a row. */
bool
ats_column_changed(TupleDesc desc, HeapTuple oldtup, HeapTuple newtup, int attnum)
{
	Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
	bool		oldnull;
	bool		newnull;
	Datum		oldval = heap_getattr(oldtup, attnum, desc, &oldnull);
	Datum		newval = heap_getattr(newtup, attnum, desc, &newnull);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !datum_image_eq(oldval, newval, att->attbyval, att->attlen);
}

/* Raise 42501 for a change to a column that never changes. */
static void
ats_deny_immutable(const char *column, const char *what, int64 row_id)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to change \"%s\" of %s %lld: the column cannot be changed",
					column, what, (long long) row_id),
			 errhint("Only the DBA can correct it.")));
}

/*
 * Check every changed column of an UPDATE against its rule, the others
 * against default_cap, all on job_id.
 */
static void
ats_check_changed_columns(TriggerData *tg, const AtsColumnRule *rules,
						  const char *default_cap, const AtsUserAcl *acl,
						  int64 job_id, const char *what, int64 row_id)
{
	Relation	rel = tg->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);

	for (int attnum = 1; attnum <= desc->natts; attnum++)
	{
		const char *column = NameStr(TupleDescAttr(desc, attnum - 1)->attname);
		const char *capability = default_cap;

		if (TupleDescAttr(desc, attnum - 1)->attisdropped ||
			!ats_column_changed(desc, tg->tg_trigtuple, tg->tg_newtuple, attnum))
			continue;
		for (const AtsColumnRule *r = rules; r->column != NULL; r++)
			if (strcmp(r->column, column) == 0)
			{
				if (r->capability == NULL)
					ats_deny_immutable(column, what, row_id);
				capability = r->capability;
				break;
			}
		if (capability[0] != '\0')
			ats_require_capability(acl, job_id, capability,
								   psprintf("change \"%s\" of %s %lld", column, what,
											(long long) row_id));
	}
}

/*
 * Set created_by (or the like) to the writer and created_at to now, unless
 * the writer is the DBA, who may set them explicitly (imports).
 */
static HeapTuple
ats_attribute(Relation rel, HeapTuple tuple, const AtsUserAcl *acl,
			  const char *by_column, bool has_created_at)
{
	int			cols[2];
	Datum		values[2];
	bool		nulls[2];
	int			n = 0;
	bool		isnull;

	(void) ats_get_int8(rel, tuple, by_column, &isnull);
	if (!acl->dba || isnull)
	{
		cols[n] = ats_attnum(rel, by_column);
		values[n] = Int64GetDatum(acl->user_id);
		nulls[n] = !acl->registered;
		n++;
	}
	if (!acl->dba && has_created_at)
	{
		cols[n] = ats_attnum(rel, "created_at");
		values[n] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		nulls[n] = false;
		n++;
	}
	if (n == 0)
		return tuple;
	return heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), n, cols, values, nulls);
}

/*
 * AFTER INSERT on jobs: grant job_admin on the new job to its creator (SPEC
 * 4.2).  After the row exists, never before: an insert that ON CONFLICT
 * skips must grant nothing.  The DBA's inserts are imports and restores,
 * which bring their own grants.
 */
Datum
ats_acl_tg_job_created(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_job_created", "AFTER", 0);
	Relation	rel = tg->tg_relation;
	AtsUserAcl *acl = ats_current_acl();
	bool		isnull;
	int64		creator = ats_get_int8(rel, tg->tg_trigtuple, "created_by", &isnull);
	Oid			argtypes[2] = {INT8OID, INT8OID};
	Datum		values[2];
	AtsOwnerSpi spi;
	int			rc;

	if (acl->dba || isnull)
		return PointerGetDatum(NULL);
	values[0] = Int64GetDatum(ats_get_int8(rel, tg->tg_trigtuple, "id", NULL));
	values[1] = Int64GetDatum(creator);
	ats_owner_spi_begin(&spi);
	rc = ats_execute_kept("INSERT INTO ats_acl.job_grants (job_id, user_id, level) "
						  "SELECT $1, u.id, 'job_admin' FROM ats_acl.users u "
						  "WHERE u.id OPERATOR(pg_catalog.=) $2 AND u.kind OPERATOR(pg_catalog.=) 'internal' "
						  "ON CONFLICT (job_id, user_id) DO NOTHING",
						  2, argtypes, values, NULL, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "ats_acl: writing the creator grant failed: %s", SPI_result_code_string(rc));
	ats_owner_spi_end(&spi);
	return PointerGetDatum(NULL);
}

/* Raise 22023 when a user is external or unknown: only internal users join jobs. */
static void
ats_require_internal_user(int64 user_id)
{
	Oid			argtypes[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(user_id)};

	if (!ats_owner_exists("SELECT 1 FROM ats_acl.users "
						  "WHERE id OPERATOR(pg_catalog.=) $1 AND kind OPERATOR(pg_catalog.=) 'internal'",
						  1, argtypes, values))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("user %lld is not an internal ATS user", (long long) user_id),
				 errhint("External users reach jobs only through ats_acl.share_job().")));
}

/* Raise 42501 unless the writer is the DBA or an ATS admin. */
static void
ats_require_admin_to(const AtsUserAcl *acl, const char *action)
{
	if (!ats_sees_all_jobs(acl))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", action),
				 errdetail("Only ATS admins may %s.", action)));
}

/* AFTER ... FOR EACH STATEMENT on the catalog: drop every permission cache. */
Datum
ats_acl_tg_invalidate(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"ats_acl_tg_invalidate\" must be fired as a trigger")));
	ats_cache_register_invalidation();
	return PointerGetDatum(NULL);
}

/* BEFORE ROW on jobs: who may create, change and delete jobs. */
Datum
ats_acl_tg_jobs(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_jobs", "BEFORE", 0);
	Relation	rel = tg->tg_relation;
	AtsUserAcl *acl = ats_current_acl();

	ats_require_module_write_tg(acl, tg);

	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		HeapTuple	tuple;

		if (!ats_sees_public_jobs(acl))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to create jobs"),
					 errdetail("Creating jobs requires \"regular\" or \"admin\" ATS module access.")));
		tuple = ats_attribute(rel, tg->tg_trigtuple, acl, "created_by", true);
		return PointerGetDatum(ats_checked_insert(acl, rel, tuple));
	}

	if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
	{
		int64		job_id = ats_get_int8(rel, tg->tg_trigtuple, "id", NULL);
		int			status_att = ats_attnum(rel, "status");

		if (acl->dba)
			return PointerGetDatum(tg->tg_newtuple);
		ats_check_changed_columns(tg, job_columns, "edit_job_details", acl, job_id, "job", job_id);
		if (ats_column_changed(RelationGetDescr(rel), tg->tg_trigtuple, tg->tg_newtuple, status_att))
		{
			char	   *old_status = ats_get_text(rel, tg->tg_trigtuple, "status");

			ats_require_capability(acl, job_id,
								   strcmp(old_status, "draft") == 0 ? "approve_job" : "edit_job_details",
								   psprintf("change \"status\" of job %lld", (long long) job_id));
		}
		return PointerGetDatum(tg->tg_newtuple);
	}

	ats_require_admin_to(acl, psprintf("delete job %lld",
									   (long long) ats_get_int8(rel, tg->tg_trigtuple, "id", NULL)));
	return PointerGetDatum(tg->tg_trigtuple);
}

/* The capability that moving an application between two statuses takes. */
static const char *
ats_status_capability(const char *from, const char *to)
{
	if (strcmp(from, "hired") == 0 || strcmp(to, "hired") == 0)
		return "hire_candidates";
	return "advance_reject_applications";
}

/* BEFORE ROW on applications: add/edit, stage, reject, hire and delete rights. */
Datum
ats_acl_tg_applications(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_applications", "BEFORE", 0);
	Relation	rel = tg->tg_relation;
	AtsUserAcl *acl = ats_current_acl();

	ats_require_module_write_tg(acl, tg);

	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		HeapTuple	tuple = tg->tg_trigtuple;
		int64		job_id = ats_get_int8(rel, tuple, "job_id", NULL);
		char	   *status = ats_get_text(rel, tuple, "status");

		if (!acl->dba)
		{
			char	   *action = psprintf("add applications to job %lld", (long long) job_id);
			int64		candidate_id = ats_get_int8(rel, tuple, "candidate_id", NULL);
			bool		visible;

			/* External users: a sharing rule of the job with can_add_candidates. */
			if (acl->external)
			{
				AtsShareRule *rule = ats_share_rule(acl, job_id);

				if (rule == NULL || !rule->can_add_candidates)
					ereport(ERROR,
							(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
							 errmsg("permission denied to %s", action),
							 errdetail("No sharing rule of job %lld lets this user add candidates.",
									   (long long) job_id)));
			}
			else
				ats_require_capability(acl, job_id, "add_edit_applications", action);

			/* Applying a candidate one cannot see would reveal it. */
			(void) ats_candidate_caps(acl, candidate_id, &visible);
			if (!visible)
				ereport(ERROR,
						(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						 errmsg("permission denied to %s: candidate %lld is not visible to this user",
								action, (long long) candidate_id)));
			if (status != NULL && strcmp(status, "active") != 0)
				ats_require_capability(acl, job_id, ats_status_capability("active", status),
									   psprintf("add a \"%s\" application to job %lld",
												status, (long long) job_id));
		}
		return PointerGetDatum(ats_checked_insert(acl, rel,
												  ats_attribute(rel, tuple, acl, "created_by", true)));
	}

	if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
	{
		int64		id = ats_get_int8(rel, tg->tg_trigtuple, "id", NULL);
		int64		old_job = ats_get_int8(rel, tg->tg_trigtuple, "job_id", NULL);
		int64		new_job = ats_get_int8(rel, tg->tg_newtuple, "job_id", NULL);
		char	   *old_status = ats_get_text(rel, tg->tg_trigtuple, "status");
		char	   *new_status = ats_get_text(rel, tg->tg_newtuple, "status");

		if (acl->dba)
			return PointerGetDatum(tg->tg_newtuple);
		ats_check_changed_columns(tg, application_columns, "add_edit_applications",
								  acl, old_job, "application", id);
		if (old_job != new_job)
		{
			char	   *action = psprintf("move application %lld from job %lld to job %lld",
										  (long long) id, (long long) old_job, (long long) new_job);

			ats_require_capability(acl, old_job, "add_edit_applications", action);
			ats_require_capability(acl, new_job, "add_edit_applications", action);
		}
		/* Not naming the old status: a user without view_stage does not see it. */
		if (strcmp(old_status, new_status) != 0)
			ats_require_capability(acl, old_job, ats_status_capability(old_status, new_status),
								   psprintf("change \"status\" of application %lld to \"%s\"",
											(long long) id, new_status));
		return PointerGetDatum(tg->tg_newtuple);
	}

	ats_require_admin_to(acl, psprintf("delete application %lld",
									   (long long) ats_get_int8(rel, tg->tg_trigtuple, "id", NULL)));
	return PointerGetDatum(tg->tg_trigtuple);
}

/* Raise 42501 unless the writer may edit the hiring team of a job. */
static void
ats_require_team_editor(const AtsUserAcl *acl, int64 job_id)
{
	AtsCapSet	editors = ATS_CAP_BIT(ats_capability_bit_or_error("edit_job_details")) |
		ATS_CAP_BIT(ats_capability_bit_or_error("manage_job_permissions"));

	if ((ats_job_caps(acl, job_id) & editors) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to change the hiring team of job %lld: capability \"edit_job_details\" or \"manage_job_permissions\" on job %lld is required",
						(long long) job_id, (long long) job_id)));
}

/* BEFORE ROW on hiring_team: editors of the job, internal members only. */
Datum
ats_acl_tg_hiring_team(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_hiring_team", "BEFORE", 0);
	Relation	rel = tg->tg_relation;
	AtsUserAcl *acl = ats_current_acl();
	HeapTuple	result = TRIGGER_FIRED_BY_DELETE(tg->tg_event) ? tg->tg_trigtuple :
		TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? tg->tg_newtuple : tg->tg_trigtuple;

	ats_require_module_write_tg(acl, tg);
	if (!acl->dba)
	{
		if (!TRIGGER_FIRED_BY_INSERT(tg->tg_event))
			ats_require_team_editor(acl, ats_get_int8(rel, tg->tg_trigtuple, "job_id", NULL));
		if (!TRIGGER_FIRED_BY_DELETE(tg->tg_event))
			ats_require_team_editor(acl, ats_get_int8(rel, result, "job_id", NULL));
	}
	if (!TRIGGER_FIRED_BY_DELETE(tg->tg_event))
		ats_require_internal_user(ats_get_int8(rel, result, "user_id", NULL));
	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
		(void) ats_checked_insert(acl, rel, result);
	return PointerGetDatum(result);
}

/*
 * BEFORE ROW on reference lists (departments, locations, sources, tags...):
 * admins only.  With arguments ('dba', way): the DBA only, and the message
 * names the way users have instead.
 */
Datum
ats_acl_tg_admin_writes(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_admin_writes", "BEFORE", 0);
	const char *table = RelationGetRelationName(tg->tg_relation);
	AtsUserAcl *acl = ats_current_acl();

	if (tg->tg_trigger->tgnargs == 2 && strcmp(tg->tg_trigger->tgargs[0], "dba") == 0)
	{
		if (!acl->dba)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to change %s directly", table),
					 errhint("Use %s.", tg->tg_trigger->tgargs[1])));
	}
	else
	{
		ats_require_module_write_tg(acl, tg);
		if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
			(void) ats_checked_insert(acl, tg->tg_relation, tg->tg_trigtuple);
		ats_require_admin_to(acl, psprintf("change %s", table));
	}
	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? tg->tg_newtuple :
						   tg->tg_trigtuple);
}
