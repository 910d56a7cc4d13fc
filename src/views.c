/*-------------------------------------------------------------------------
 *
 * views.c
 *	  Writes through the ats views that mask columns.
 *
 * A view that shows a column as NULL to users who may not see it is not
 * auto-updatable, so ats_acl.tg_view_write(base_table, key columns...) is its
 * INSTEAD OF trigger.  It writes the hidden table exactly as an
 * auto-updatable view would: as the views' owner ats_acl_owner, so that the
 * table's policies apply, with the caller as the acting ATS user, so that
 * the policies and the table's own triggers decide for the caller.  Only the
 * columns the statement targets are written (hooks.c records its SET list):
 * a masked column reads as NULL, and leaving it alone must not erase it,
 * while setting it, even to NULL, is a change the table's trigger checks
 * like any other.  An inserted row handed back (RETURNING) is read again
 * through the view, defaults filled in and masks applied (or, when the
 * writer does not get to see it, is the row as written, with its new key);
 * an INSERT without RETURNING skips that read (hooks.c tells which).  The
 * statements are kept prepared (statements.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_tg_view_write);

/* Append "k1 OPERATOR(pg_catalog.=) $n AND ..." for the key columns. */
static void
ats_append_key_match(StringInfo sql, char **keys, int nkeys, int first_param)
{
	for (int i = 0; i < nkeys; i++)
		appendStringInfo(sql, "%s%s OPERATOR(pg_catalog.=) $%d", i > 0 ? " AND " : "",
						 quote_identifier(keys[i]), first_param + i);
}

/* Value and type of a column of a view row. */
static Datum
ats_view_value(TupleDesc desc, HeapTuple tuple, const char *column, Oid *type, bool *isnull)
{
	int			attnum = SPI_fnumber(desc, column);

	if (attnum <= 0)
		elog(ERROR, "ats_acl: view has no column %s", column);
	*type = TupleDescAttr(desc, attnum - 1)->atttypid;
	return heap_getattr(tuple, attnum, desc, isnull);
}

/* Re-read a row through the view as the caller, masks applied; NULL if unseen. */
static HeapTuple
ats_reread(Relation view, char **keys, int nkeys, TupleDesc desc, HeapTuple keysrc)
{
	StringInfoData sql;
	Oid		   *types = palloc(sizeof(Oid) * nkeys);
	Datum	   *values = palloc(sizeof(Datum) * nkeys);
	char	   *nulls = palloc(nkeys + 1);
	HeapTuple	result = NULL;

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT * FROM %s WHERE ",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(view)),
												RelationGetRelationName(view)));
	ats_append_key_match(&sql, keys, nkeys, 1);
	for (int i = 0; i < nkeys; i++)
	{
		bool		isnull;

		values[i] = ats_view_value(desc, keysrc, keys[i], &types[i], &isnull);
		nulls[i] = isnull ? 'n' : ' ';
	}
	nulls[nkeys] = '\0';
	/* Not read-only: a new command, so that it sees the write just made. */
	if (ats_execute_kept(sql.data, nkeys, types, values, nulls, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: re-reading %s failed", RelationGetRelationName(view));
	if (SPI_processed == 1)
		result = SPI_copytuple(SPI_tuptable->vals[0]);
	return result;
}

/*
 * Run a write on a hidden table as the views' owner, on behalf of the caller
 * (see ats_current_acl), with a safe search_path.  Caller is connected to SPI.
 */
static int
ats_write_for_caller(const char *sql, int nparams, Oid *types, Datum *values, const char *nulls)
{
	Oid			owner = get_role_oid("ats_acl_owner", false);
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	Oid			save_acting;
	volatile int rc = 0;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	save_acting = ats_set_acting_role(save_userid);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	PG_TRY();
	{
		rc = ats_execute_kept(sql, nparams, types, values, nulls, false, 0);
	}
	PG_FINALLY();
	{
		ats_set_acting_role(save_acting);
	}
	PG_END_TRY();
	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	return rc;
}

/*
 * The inserted row with the keys the table generated (identity columns left
 * NULL by the statement) filled in from their sequences' currval.
 */
static HeapTuple
ats_fill_generated_keys(Relation view, const char *table, char **keys, int nkeys, HeapTuple row)
{
	TupleDesc	desc = RelationGetDescr(view);
	int		   *cols = palloc(sizeof(int) * nkeys);
	Datum	   *values = palloc(sizeof(Datum) * nkeys);
	bool	   *nulls = palloc0(sizeof(bool) * nkeys);
	int			n = 0;

	for (int i = 0; i < nkeys; i++)
	{
		int			attnum = SPI_fnumber(desc, keys[i]);
		AtsOwnerSpi spi;
		char	   *sql;
		bool		isnull;

		if (attnum <= 0 || !heap_attisnull(row, attnum, NULL))
			continue;
		sql = psprintf("SELECT pg_catalog.currval(pg_catalog.pg_get_serial_sequence(%s, %s))",
					   quote_literal_cstr(psprintf("ats_data.%s", quote_identifier(table))),
					   quote_literal_cstr(keys[i]));
		ats_owner_spi_begin(&spi);
		if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "ats_acl: reading the generated %s of %s failed", keys[i], table);
		values[n] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		ats_owner_spi_end(&spi);
		cols[n++] = attnum;
	}
	if (n == 0)
		return row;
	return heap_modify_tuple_by_cols(row, desc, n, cols, values, nulls);
}

/* INSTEAD OF ... FOR EACH ROW on a masked ats view: see the file header. */
Datum
ats_acl_tg_view_write(PG_FUNCTION_ARGS)
{
	TriggerData *tg = ats_row_trigger(fcinfo, "tg_view_write", "INSTEAD OF", 2);
	Relation	view;
	TupleDesc	desc;
	char	  **args;
	int			nkeys;
	char	  **keys;
	StringInfoData sql;
	Oid		   *types;
	Datum	   *values;
	char	   *nulls;
	int			nparams = 0;
	HeapTuple	result = NULL;
	int			rc;

	view = tg->tg_relation;
	desc = RelationGetDescr(view);
	args = tg->tg_trigger->tgargs;
	nkeys = tg->tg_trigger->tgnargs - 1;
	keys = args + 1;
	types = palloc(sizeof(Oid) * desc->natts + sizeof(Oid) * nkeys);
	values = palloc(sizeof(Datum) * (desc->natts + nkeys));
	nulls = palloc(desc->natts + nkeys + 1);
	initStringInfo(&sql);

	if (TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		StringInfoData cols;
		StringInfoData params;

		initStringInfo(&cols);
		initStringInfo(&params);
		/* Omitted (NULL) columns take the table's defaults. */
		for (int attnum = 1; attnum <= desc->natts; attnum++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
			bool		isnull;
			Datum		v = heap_getattr(tg->tg_trigtuple, attnum, desc, &isnull);

			if (att->attisdropped || isnull)
				continue;
			appendStringInfo(&cols, "%s%s", nparams > 0 ? ", " : "", quote_identifier(NameStr(att->attname)));
			appendStringInfo(&params, "%s$%d", nparams > 0 ? ", " : "", nparams + 1);
			types[nparams] = att->atttypid;
			values[nparams] = v;
			nulls[nparams] = ' ';
			nparams++;
		}
		/*
		 * No RETURNING: it would subject the new row to the read policies,
		 * and a user may write rows it does not get to see (an external user
		 * adding a candidate its rule does not share back).
		 */
		if (nparams == 0)
			appendStringInfo(&sql, "INSERT INTO ats_data.%s DEFAULT VALUES",
							 quote_identifier(args[0]));
		else
			appendStringInfo(&sql, "INSERT INTO ats_data.%s (%s) VALUES (%s)",
							 quote_identifier(args[0]), cols.data, params.data);
	}
	else if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
	{
		Bitmapset  *targeted = NULL;
		bool		known = ats_targeted_columns(RelationGetRelid(view), &targeted);

		appendStringInfo(&sql, "UPDATE ats_data.%s SET ", quote_identifier(args[0]));
		for (int attnum = 1; attnum <= desc->natts; attnum++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
			bool		newnull;
			Datum		newval = heap_getattr(tg->tg_newtuple, attnum, desc, &newnull);

			/*
			 * Write the columns the statement targets (hooks.c), even when
			 * old and new both read NULL: "SET email = NULL" on a masked
			 * email is a change to check, not a no-op.
			 */
			if (att->attisdropped)
				continue;
			if (known ? !bms_is_member(attnum - FirstLowInvalidHeapAttributeNumber, targeted) :
				!ats_column_changed(desc, tg->tg_trigtuple, tg->tg_newtuple, attnum))
				continue;
			appendStringInfo(&sql, "%s%s = $%d", nparams > 0 ? ", " : "",
							 quote_identifier(NameStr(att->attname)), nparams + 1);
			types[nparams] = att->atttypid;
			values[nparams] = newval;
			nulls[nparams] = newnull ? 'n' : ' ';
			nparams++;
		}
	}
	else
		appendStringInfo(&sql, "DELETE FROM ats_data.%s", quote_identifier(args[0]));

	/* Nothing changed: like an UPDATE that sets columns to their values. */
	if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event) && nparams == 0)
		appendStringInfo(&sql, "%s = %s", quote_identifier(keys[0]), quote_identifier(keys[0]));

	if (!TRIGGER_FIRED_BY_INSERT(tg->tg_event))
	{
		appendStringInfoString(&sql, " WHERE ");
		ats_append_key_match(&sql, keys, nkeys, nparams + 1);
		for (int i = 0; i < nkeys; i++)
		{
			bool		isnull;

			values[nparams + i] = ats_view_value(desc, tg->tg_trigtuple, keys[i],
												 &types[nparams + i], &isnull);
			nulls[nparams + i] = isnull ? 'n' : ' ';
		}
		nparams += nkeys;
	}
	nulls[nparams] = '\0';

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "ats_acl: SPI_connect failed");

	rc = ats_write_for_caller(sql.data, nparams, types, values, nulls);

	if (rc < 0)
		elog(ERROR, "ats_acl: writing %s failed: %s", args[0], SPI_result_code_string(rc));

	if (SPI_processed > 0)
	{
		/*
		 * DELETE hands back the old row, UPDATE the new one as the view
		 * shows it (the tables' triggers check columns, they change none);
		 * INSERT reads the row again for the defaults and attribution, if
		 * the statement hands it back.
		 */
		if (TRIGGER_FIRED_BY_DELETE(tg->tg_event))
			result = tg->tg_trigtuple;
		else if (TRIGGER_FIRED_BY_UPDATE(tg->tg_event))
			result = tg->tg_newtuple;
		else if (!ats_insert_returns_rows(RelationGetRelid(view)))
			result = tg->tg_trigtuple;
		else
		{
			HeapTuple	inserted = ats_fill_generated_keys(view, args[0], keys, nkeys,
														   tg->tg_trigtuple);

			result = ats_reread(view, keys, nkeys, desc, inserted);
			if (result == NULL)
				result = SPI_copytuple(inserted);
		}
	}
	SPI_finish();
	return PointerGetDatum(result);
}
