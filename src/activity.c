/*-------------------------------------------------------------------------
 *
 * activity.c
 *	  The activity timeline (SPEC 4.10, PyjamaHR's candidate timeline).
 *
 * ats_acl.tg_activity() is an AFTER ROW trigger on candidates, applications,
 * notes, documents, offers and on the access catalog.  It appends who did
 * what to ats_data.activity, written as the tables' owner: users can read
 * the timeline (view_application_activity on the job, admins all) but never
 * write it.  Each entry names the columns that changed; values are kept only
 * for workflow columns (stage, status, levels...), never for data another
 * capability guards (contact details, salaries, note bodies, documents), so
 * the timeline cannot leak what the reader may not see.
 *
 * The timeline records what ATS users do.  Writes by a DBA role that is not
 * an ATS user — imports, pg_restore, repairs — are recorded only when
 * ats_acl.log_dba_writes is on: a restore replays every row through these
 * triggers before the dumped timeline and its id sequence are restored, and
 * would otherwise duplicate the history and collide with it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_tg_activity);

/* GUC ats_acl.log_dba_writes. */
bool		ats_log_dba_writes = false;

/*
 * The ATS user to credit: the current user, or inside an administration
 * function (SECURITY DEFINER) the role that called it.
 */
static bool
ats_actor(int64 *actor_id)
{
	AtsUserAcl *acl = ats_current_acl();

	if (!acl->registered)
		acl = ats_caller_acl();
	*actor_id = acl->user_id;
	return acl->registered;
}

/* AFTER ... FOR EACH ROW: append the change to the timeline. */
Datum
ats_acl_tg_activity(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_activity", "AFTER", 0);
	Relation	rel;
	TupleDesc	desc;
	Oid			rowtype;
	const char *action;
	Oid			argtypes[5];
	Datum		values[5];
	char		nulls[6] = "     ";
	int64		actor_id;
	AtsOwnerSpi spi;
	char	   *sql;

	rel = tg->tg_relation;
	desc = RelationGetDescr(rel);
	rowtype = rel->rd_rel->reltype;
	action = TRIGGER_FIRED_BY_INSERT(tg->tg_event) ? "insert" :
		TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ? "update" : "delete";

	/* Unregistered DBA writes are imports, restores and repairs (see above). */
	if (!ats_actor(&actor_id) && !ats_log_dba_writes)
		return PointerGetDatum(NULL);
	argtypes[0] = INT8OID;
	values[0] = Int64GetDatum(actor_id);
	argtypes[1] = TEXTOID;
	values[1] = CStringGetTextDatum(action);
	argtypes[2] = TEXTOID;
	values[2] = CStringGetTextDatum(RelationGetRelationName(rel));
	argtypes[3] = rowtype;
	argtypes[4] = rowtype;
	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
		nulls[3] = 'n';
	else
		values[3] = heap_copy_tuple_as_datum(tg->tg_trigtuple, desc);
	if (TRIGGER_FIRED_BY_DELETE(tg->tg_event))
		nulls[4] = 'n';
	else
		values[4] = heap_copy_tuple_as_datum(TRIGGER_FIRED_BY_UPDATE(tg->tg_event) ?
											 tg->tg_newtuple : tg->tg_trigtuple, desc);

	sql = psprintf("INSERT INTO ats_data.activity "
				   "(actor_id, action, table_name, row_id, candidate_id, job_id, detail) "
				   "SELECT $1, $2, $3, e.row_id, e.candidate_id, e.job_id, e.detail "
				   "  FROM ats_acl._activity_entry($3, pg_catalog.to_jsonb($4::%s), "
				   "                               pg_catalog.to_jsonb($5::%s)) AS e",
				   format_type_be_qualified(rowtype), format_type_be_qualified(rowtype));
	ats_owner_spi_begin(&spi);
	if (ats_execute_kept(sql, 5, argtypes, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "ats_acl: writing the activity timeline failed");
	ats_owner_spi_end(&spi);
	return PointerGetDatum(NULL);
}
