/*-------------------------------------------------------------------------
 *
 * records.c
 *	  Write checks on candidates and on the records about them.
 *
 * One BEFORE ROW trigger, ats_acl.tg_record(kind, attribution, capability,
 * modify), serves every record table; its arguments say how the table hangs
 * off the rest (SPEC 4.4-4.6):
 *
 *	  kind         'context'      candidate_id + job_id NULL (candidate data)
 *	                              or set (job data)
 *	               'application'  application_id: job data of its job
 *	               'candidate'    candidate_id: candidate data
 *	               'job'          job_id
 *	               'note'         note_id: mentions, written by the note's author
 *	  attribution  the column set to the writer on insert ('' for none)
 *	  capability   what writing takes, on the job or the candidate's data
 *	  modify       'author': only the author (and admins) change and delete;
 *	               'writer': whoever holds the capability
 *
 * Keys, attribution and created_at never change.  ats_acl.tg_candidates()
 * guards the candidates themselves.
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
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_tg_record);
PG_FUNCTION_INFO_V1(ats_acl_tg_candidates);

/* Columns of a record table that never change once written. */
static const char *const record_keys[] = {
	"id", "candidate_id", "job_id", "application_id", "note_id", "field_id", "tag_id",
	"group_id", "question_id", "created_at", NULL
};

/* The table as "notes 12" or just "notes" for tables without an id. */
static char *
ats_row_label(Relation rel, HeapTuple tuple)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), "id");
	bool		isnull = true;
	Datum		id = 0;

	if (attnum > 0)
		id = heap_getattr(tuple, attnum, RelationGetDescr(rel), &isnull);
	if (isnull)
		return pstrdup(RelationGetRelationName(rel));
	return psprintf("%s %lld", RelationGetRelationName(rel), (long long) DatumGetInt64(id));
}

/* An int8 column by name; *isnull when NULL or absent. */
static int64
ats_col_int8(Relation rel, HeapTuple tuple, const char *column, bool *isnull)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), column);
	Datum		d;

	if (attnum <= 0)
	{
		*isnull = true;
		return 0;
	}
	d = heap_getattr(tuple, attnum, RelationGetDescr(rel), isnull);
	return *isnull ? 0 : DatumGetInt64(d);
}

/* Raise 42501 for a record change the user may not make. */
static void
ats_deny(const char *action, const char *capability, const char *scope)
{
	if (capability != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s: capability \"%s\" on %s is required",
						action, capability, scope)));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", action),
			 errdetail("%s", scope)));
}

/* Raise 42501 unless caps hold the named capability. */
static void
ats_need(AtsCapSet caps, const char *capability, const char *action, const char *scope)
{
	if ((caps & ATS_CAP_BIT(ats_capability_bit_or_error(capability))) == 0)
		ats_deny(action, capability, scope);
}

/* Raise 42501 when an UPDATE changes a key or attribution column. */
static void
ats_check_keys(Relation rel, HeapTuple oldtup, HeapTuple newtup, const char *attribution)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int attnum = 1; attnum <= desc->natts; attnum++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
		const char *column = NameStr(att->attname);
		bool		key = strcmp(column, attribution) == 0;

		for (const char *const *k = record_keys; !key && *k != NULL; k++)
			key = strcmp(*k, column) == 0;
		if (!key || att->attisdropped)
			continue;
		if (ats_column_changed(desc, oldtup, newtup, attnum))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to change \"%s\" of %s: the column cannot be changed",
							column, ats_row_label(rel, oldtup)),
					 errhint("Delete the record and write a new one.")));
	}
}

/* Set the attribution column to the writer and created_at to now (not for the DBA). */
static HeapTuple
ats_attribute_record(Relation rel, HeapTuple tuple, const AtsUserAcl *acl,
					 const char *attribution, bool may_attribute_others)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			n = 0;
	int			attnum;
	bool		isnull;

	if (attribution[0] != '\0')
	{
		(void) ats_col_int8(rel, tuple, attribution, &isnull);
		if (isnull || !(acl->dba || may_attribute_others))
		{
			cols[n] = SPI_fnumber(desc, attribution);
			values[n] = Int64GetDatum(acl->user_id);
			nulls[n] = !acl->registered;
			n++;
		}
	}
	attnum = SPI_fnumber(desc, "created_at");
	if (attnum > 0 && !acl->dba)
	{
		cols[n] = attnum;
		values[n] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		n++;
	}
	if (n == 0)
		return tuple;
	return heap_modify_tuple_by_cols(tuple, desc, n, cols, values, nulls);
}

/* Whether a candidate has an application on a job (job data needs one). */
static bool
ats_candidate_applied(int64 candidate_id, int64 job_id)
{
	Oid			argtypes[2] = {INT8OID, INT8OID};
	Datum		values[2] = {Int64GetDatum(candidate_id), Int64GetDatum(job_id)};

	return ats_owner_exists("SELECT 1 FROM ats_data.applications "
							"WHERE candidate_id OPERATOR(pg_catalog.=) $1 "
							"AND job_id OPERATOR(pg_catalog.=) $2",
							2, argtypes, values);
}

/* A boolean looked up by one int8 key, as the tables' owner; false when absent. */
static bool
ats_lookup_bool(const char *sql, int64 key)
{
	AtsOwnerSpi spi;
	Oid			argtypes[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(key)};
	bool		result = false;

	ats_owner_spi_begin(&spi);
	if (ats_execute_kept(sql, 1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: lookup failed");
	if (SPI_processed > 0)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		result = !isnull && DatumGetBool(d);
	}
	ats_owner_spi_end(&spi);
	return result;
}

/*
 * The capabilities that govern a record, and a text naming where they hold,
 * for messages.  Unknown parents give no capability.
 */
static AtsCapSet
ats_record_scope(const AtsUserAcl *acl, Relation rel, HeapTuple tuple, const char *kind,
				 int64 *job_id, char **scope)
{
	bool		isnull;

	if (strcmp(kind, "application") == 0)
	{
		int64		application_id = ats_col_int8(rel, tuple, "application_id", &isnull);

		bool		exists = ats_application_job(application_id, job_id, NULL);

		/*
		 * Name the job only to users who see the application: to others a
		 * hidden application and a missing one must look the same.
		 */
		if (!exists || (!acl->external && !ats_sees_all_jobs(acl) &&
						!ats_record_visible(acl, 0, false, *job_id, -1)))
		{
			*scope = psprintf("application %lld", (long long) application_id);
			*job_id = 0;
			return 0;
		}
		*scope = psprintf("job %lld", (long long) *job_id);
		return ats_job_caps(acl, *job_id);
	}
	if (strcmp(kind, "job") == 0 || strcmp(kind, "context") == 0)
	{
		*job_id = ats_col_int8(rel, tuple, "job_id", &isnull);
		if (!isnull)
		{
			*scope = psprintf("job %lld", (long long) *job_id);
			return ats_job_caps(acl, *job_id);
		}
	}
	{
		int64		candidate_id = ats_col_int8(rel, tuple, "candidate_id", &isnull);
		bool		visible;
		AtsCapSet	caps = ats_candidate_caps(acl, candidate_id, &visible);

		*job_id = 0;
		*scope = psprintf("candidate %lld", (long long) candidate_id);
		return visible ? caps : 0;
	}
}

/*
 * Extra rules of single tables: private questions and scorecard private
 * notes (view_private_answers_and_notes), private custom fields
 * (view_private_custom_fields), job data only for a candidate's own jobs.
 */
static void
ats_record_extra_checks(const AtsUserAcl *acl, Relation rel, HeapTuple tuple, AtsCapSet caps,
						const char *scope, const char *action)
{
	const char *table = RelationGetRelationName(rel);
	bool		isnull;

	if (strcmp(table, "answers") == 0)
	{
		int64		question_id = ats_col_int8(rel, tuple, "question_id", &isnull);
		int64		application_id = ats_col_int8(rel, tuple, "application_id", &isnull);

		/* An answer answers a question of its application's job (and only then
		 * may it say whether the question is private). */
		if (!ats_lookup_bool(psprintf("SELECT EXISTS (SELECT 1 FROM ats_data.questions q, ats_data.applications a "
									  " WHERE q.id OPERATOR(pg_catalog.=) $1 AND a.id OPERATOR(pg_catalog.=) %lld "
									  "   AND q.job_id OPERATOR(pg_catalog.=) a.job_id)",
									  (long long) application_id), question_id))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("question %lld is not a question of the job of application %lld",
							(long long) question_id, (long long) application_id)));
		if (ats_lookup_bool("SELECT private FROM ats_data.questions WHERE id OPERATOR(pg_catalog.=) $1",
							question_id))
			ats_need(caps, "view_private_answers_and_notes", action, scope);
	}
	if ((strcmp(table, "candidate_tags") == 0 || strcmp(table, "application_tags") == 0) &&
		!ats_tag_allowed(acl, ats_col_int8(rel, tuple, "tag_id", &isnull)))
		ats_deny(action, NULL, "The tag is not in a tag category this user is allowed.");
	if (strcmp(table, "candidate_groups") == 0 && !ats_sees_all_jobs(acl) &&
		!ats_int8_array_contains(acl->group_ids, ats_col_int8(rel, tuple, "group_id", &isnull)))
		ats_deny(action, NULL, "Only members of the group and ATS admins put candidates in a group.");
	if (strcmp(table, "custom_field_values") == 0 &&
		ats_lookup_bool("SELECT private FROM ats_data.custom_fields WHERE id OPERATOR(pg_catalog.=) $1",
						ats_col_int8(rel, tuple, "field_id", &isnull)))
		ats_need(caps, "view_private_custom_fields", action, scope);
	if (SPI_fnumber(RelationGetDescr(rel), "job_id") > 0 &&
		SPI_fnumber(RelationGetDescr(rel), "candidate_id") > 0)
	{
		int64		job_id = ats_col_int8(rel, tuple, "job_id", &isnull);

		if (!isnull && !ats_candidate_applied(ats_col_int8(rel, tuple, "candidate_id", &isnull), job_id))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("candidate has no application on job %lld", (long long) job_id),
					 errdetail("Job data belongs to an application of the candidate; write candidate data with job_id NULL.")));
	}
}

/*
 * Whether a note's application (its candidate's application on the note's
 * job; any application for candidate data) is shared with an external user.
 */
static bool
ats_note_shared_with(int64 note_id, int64 user_id)
{
	AtsOwnerSpi spi;
	Oid			argtypes[2] = {INT8OID, INT8OID};
	Datum		values[2] = {Int64GetDatum(note_id), Int64GetDatum(user_id)};
	char	   *role = NULL;
	int64		candidate_id = 0;
	int64		job_id = 0;
	bool		isnull;
	bool		visible = false;

	ats_owner_spi_begin(&spi);
	if (ats_execute_kept("SELECT u.role_name::text, n.candidate_id, n.job_id "
						 "  FROM ats_data.notes n, ats_acl.users u "
						 " WHERE n.id OPERATOR(pg_catalog.=) $1 "
						 "   AND u.id OPERATOR(pg_catalog.=) $2 AND u.active",
						 2, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: note lookup failed");
	if (SPI_processed == 1)
	{
		role = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		candidate_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
		job_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
		if (isnull)
			job_id = 0;
	}
	ats_owner_spi_end(&spi);
	if (role != NULL)
	{
		Oid			roleid = get_role_oid(role, true);

		if (OidIsValid(roleid))
			(void) ats_external_candidate(ats_acl_for_role(roleid), candidate_id, job_id, &visible);
	}
	return visible;
}

/*
 * note_mentions: the note's author (or an admin) mentions internal users,
 * and external users the note's application is shared with (SPEC 4.8).
 */
static HeapTuple
ats_check_mention(TriggerData *tg, const AtsUserAcl *acl)
{
	Relation	rel = tg->tg_relation;
	HeapTuple	tuple = TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? tg->tg_newtuple : tg->tg_trigtuple;
	bool		isnull;
	int64		note_id = ats_col_int8(rel, tg->tg_trigtuple, "note_id", &isnull);
	int64		user_id = ats_col_int8(rel, tuple, "user_id", &isnull);
	AtsOwnerSpi spi;
	Oid			argtypes[2] = {INT8OID, INT8OID};
	Datum		values[2] = {Int64GetDatum(note_id), Int64GetDatum(user_id)};
	int64		author = 0;
	bool		internal = false;

	ats_owner_spi_begin(&spi);
	if (ats_execute_kept("SELECT (SELECT n.author_id FROM ats_data.notes n "
						 "         WHERE n.id OPERATOR(pg_catalog.=) $1), "
						 "       EXISTS (SELECT 1 FROM ats_acl.users u "
						 "                WHERE u.id OPERATOR(pg_catalog.=) $2 "
						 "                  AND u.kind OPERATOR(pg_catalog.=) 'internal')",
						 2, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: note lookup failed");
	author = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		author = 0;
	internal = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	ats_owner_spi_end(&spi);

	if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
		ats_check_keys(rel, tg->tg_trigtuple, tg->tg_newtuple, "");
	if (!ats_sees_all_jobs(acl) && (author == 0 || author != ats_active_user_id(acl)))
		ats_deny(psprintf("change the mentions of note %lld", (long long) note_id), NULL,
				 "Only the note's author and ATS admins may.");
	if (!TRIGGER_FIRED_BY_DELETE(tg->tg_event) && !internal &&
		!ats_note_shared_with(note_id, user_id))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to mention user %lld in note %lld",
						(long long) user_id, (long long) note_id),
				 errdetail("An external user can be mentioned only where the note's application is shared with it.")));
	return tuple;
}

/*
 * An external user writes only on what is shared with it (SPEC 4.7, 4.8):
 * job data of a shared application, records of a shared application, tags
 * of its allowed categories.
 */
static void
ats_check_external_record(const AtsUserAcl *acl, Relation rel, HeapTuple tuple,
						  const char *kind, int64 job_id, const char *action)
{
	bool		isnull;
	bool		shared = false;
	const char *table = RelationGetRelationName(rel);

	/* SPEC 4.8: notes, ratings and (controllers) tags; nothing else. */
	if (strcmp(table, "notes") != 0 && strcmp(table, "ratings") != 0 &&
		strcmp(table, "application_tags") != 0 && strcmp(table, "candidate_tags") != 0)
		ats_deny(action, NULL, "External users write notes, ratings and tags only.");
	if (strcmp(kind, "context") == 0)
	{
		if (job_id == 0)
			ats_deny(action, NULL, "External users write on a shared application's job, not candidate data.");
		shared = ats_record_visible(acl, ats_col_int8(rel, tuple, "candidate_id", &isnull),
									false, job_id, -1);
	}
	else if (strcmp(kind, "application") == 0)
		shared = ats_application_shared_by_id(acl, ats_col_int8(rel, tuple, "application_id", &isnull));
	else if (strcmp(kind, "candidate") == 0)
		(void) ats_candidate_caps(acl, ats_col_int8(rel, tuple, "candidate_id", &isnull), &shared);
	if (!shared)
		ats_deny(action, NULL, "The application is not shared with this user.");
}

/* BEFORE ROW on every record table: see the file header for the arguments. */
Datum
ats_acl_tg_record(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_record", "BEFORE", 4);
	Relation	rel;
	char	  **args;
	const char *kind;
	const char *attribution;
	const char *capability;
	bool		author_only;
	AtsUserAcl *acl;
	HeapTuple	tuple;
	AtsCapSet	caps;
	int64		job_id = 0;
	char	   *scope;
	char	   *label;
	bool		isnull;

	rel = tg->tg_relation;
	args = tg->tg_trigger->tgargs;
	kind = args[0];
	attribution = args[1];
	capability = args[2];
	author_only = strcmp(args[3], "author") == 0;
	acl = ats_current_acl();
	tuple = TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? tg->tg_newtuple : tg->tg_trigtuple;

	if (acl->dba)
	{
		if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
			tuple = ats_attribute_record(rel, tuple, acl, attribution, true);
		return PointerGetDatum(tuple);
	}
	ats_require_module_write_tg(acl, tg);
	if (strcmp(kind, "note") == 0)
		return PointerGetDatum(TRIGGER_FIRED_BY_INSERT(tg->tg_event) ?
							   ats_checked_insert(acl, rel, ats_check_mention(tg, acl)) :
							   ats_check_mention(tg, acl));

	label = ats_row_label(rel, tg->tg_trigtuple);
	caps = ats_record_scope(acl, rel, tg->tg_trigtuple, kind, &job_id, &scope);

	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		char	   *action = psprintf("add %s", RelationGetRelationName(rel));
		bool		on_behalf = false;

		if (ats_active_user_id(acl) == 0)
			ats_deny(action, NULL, "Only active ATS users write records.");
		if (acl->external)
			ats_check_external_record(acl, rel, tuple, kind, job_id, action);
		else if (strcmp(kind, "application") == 0 && job_id == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("permission denied to %s: %s is not visible to this user", action, scope)));
		else if (job_id != 0)
			ats_need(caps, "view_applications", action, scope);
		ats_need(caps, capability, action, scope);
		ats_record_extra_checks(acl, rel, tuple, caps, scope, action);

		/*
		 * Feedback on behalf of another user (Gem): only with
		 * submit_feedback_on_behalf, and without writing private notes the
		 * writer could not read; otherwise the writer is the author.
		 */
		if (strcmp(attribution, "author_id") == 0 && strcmp(kind, "application") == 0)
		{
			int64		author = ats_col_int8(rel, tuple, "author_id", &isnull);
			int			bit = ats_capability_bit_or_error("submit_feedback_on_behalf");

			if (!isnull && author != acl->user_id && (caps & ATS_CAP_BIT(bit)) != 0)
			{
				on_behalf = true;
				(void) ats_col_int8(rel, tuple, "private_notes", &isnull);
				if (SPI_fnumber(RelationGetDescr(rel), "private_notes") > 0 &&
					!heap_attisnull(tuple, SPI_fnumber(RelationGetDescr(rel), "private_notes"), NULL))
					ats_need(caps, "view_private_answers_and_notes",
							 psprintf("write private notes on behalf of user %lld", (long long) author),
							 scope);
			}
		}
		return PointerGetDatum(ats_checked_insert(acl, rel,
												  ats_attribute_record(rel, tuple, acl, attribution, on_behalf)));
	}

	/* UPDATE and DELETE: the author, an admin, or a holder of the capability. */
	if (author_only && !ats_sees_all_jobs(acl))
	{
		int64		author = ats_col_int8(rel, tg->tg_trigtuple, attribution, &isnull);

		if (isnull || author != acl->user_id)
			ats_deny(psprintf("%s %s", TRIGGER_FIRED_BY_DELETE(tg->tg_event) ? "delete" : "change", label),
					 NULL, "Only its author and ATS admins may change or delete it.");
	}
	else if (!author_only)
		ats_need(caps, capability,
				 psprintf("%s %s", TRIGGER_FIRED_BY_DELETE(tg->tg_event) ? "delete" : "change", label),
				 scope);

	if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
	{
		ats_check_keys(rel, tg->tg_trigtuple, tg->tg_newtuple, attribution);
		ats_record_extra_checks(acl, rel, tuple, caps, scope, psprintf("change %s", label));
	}
	else if (acl->external && SPI_fnumber(RelationGetDescr(rel), "tag_id") > 0 &&
			 !ats_tag_allowed(acl, ats_col_int8(rel, tuple, "tag_id", &isnull)))
		ats_deny(psprintf("delete %s", label), NULL,
				 "The tag is not in a tag category this user is allowed.");
	return PointerGetDatum(tuple);
}

/* Which capability a candidate column's value is masked by, or NULL. */
static const char *
ats_candidate_mask(const char *column)
{
	if (strcmp(column, "email") == 0 || strcmp(column, "phone") == 0)
		return "view_contact_details";
	if (strcmp(column, "salary_expectation") == 0 || strcmp(column, "start_date") == 0)
		return "view_compensation";
	return NULL;
}

/* BEFORE ROW on candidates: creation, edits, ownership, deletion (SPEC 4.4). */
Datum
ats_acl_tg_candidates(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_candidates", "BEFORE", 0);
	Relation	rel;
	AtsUserAcl *acl;
	int64		id;
	bool		isnull;

	rel = tg->tg_relation;
	acl = ats_current_acl();
	id = ats_col_int8(rel, tg->tg_trigtuple, "id", &isnull);
	ats_require_module_write_tg(acl, tg);

	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		if (!acl->dba && (ats_active_user_id(acl) == 0 ||
						  (acl->external && !ats_external_can_add(acl))))
			ats_deny("add candidates", NULL,
					 "Active internal users add candidates; external users need a sharing rule with can_add_candidates.");
		return PointerGetDatum(ats_checked_insert(acl, rel,
												  ats_attribute_record(rel, tg->tg_trigtuple, acl, "created_by", false)));
	}

	if (TRIGGER_FIRED_BY_DELETE(tg->tg_event))
	{
		if (!ats_sees_all_jobs(acl))
			ats_deny(psprintf("delete candidate %lld", (long long) id), NULL,
					 "Only ATS admins may delete candidates.");
		return PointerGetDatum(tg->tg_trigtuple);
	}

	if (!acl->dba)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		visible;
		AtsCapSet	caps = ats_candidate_caps(acl, id, &visible);
		char	   *scope = psprintf("candidate %lld", (long long) id);

		ats_check_keys(rel, tg->tg_trigtuple, tg->tg_newtuple, "created_by");
		for (int attnum = 1; attnum <= desc->natts; attnum++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
			const char *column = NameStr(att->attname);
			const char *mask = ats_candidate_mask(column);
			char	   *action;

			if (att->attisdropped || !ats_column_changed(desc, tg->tg_trigtuple, tg->tg_newtuple, attnum))
				continue;
			action = psprintf("change \"%s\" of candidate %lld", column, (long long) id);
			ats_need(visible ? caps : 0, "add_edit_applications", action, scope);
			if (mask != NULL)
				ats_need(caps, mask, action, scope);
		}
	}
	return PointerGetDatum(tg->tg_newtuple);
}
