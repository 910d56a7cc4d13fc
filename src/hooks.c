/*-------------------------------------------------------------------------
 *
 * hooks.c
 *	  Executor hooks: what a write to a masked view asks of its trigger.
 *
 * An INSTEAD OF trigger sees the old and the new view row, not the SET list
 * (PostgreSQL fills tg_updatedcols only for table triggers).  For a masked
 * column the two cannot tell "left alone" from "set to NULL": both read NULL.
 * So ExecutorStart records, for every UPDATE of a view, the columns the
 * statement targets; views.c writes exactly those.  For every INSERT into a
 * view it records whether the statement hands rows back (RETURNING, or a
 * data-modifying WITH that might): if not, views.c need not read the new
 * row again.  Entries live until ExecutorEnd, or until the (sub)transaction
 * that pushed them aborts.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "executor/executor.h"
#include "nodes/bitmapset.h"
#include "nodes/pg_list.h"
#include "parser/parsetree.h"
#include "utils/memutils.h"

#include "ats_acl.h"

/* One running statement that writes one view. */
typedef struct AtsTargeted
{
	QueryDesc  *query;
	Oid			relid;
	CmdType		operation;		/* of the statement (a WITH may write the view) */
	Bitmapset  *cols;			/* UPDATE: SET columns, offset by
								 * FirstLowInvalidHeapAttributeNumber */
	bool		returns_rows;	/* may hand written rows back */
	int			nest_level;		/* subtransaction that pushed it */
} AtsTargeted;

static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;
static List *targeted = NIL;	/* innermost first, in TopMemoryContext */

/* The updated columns of a range-table entry. */
static Bitmapset *
ats_rte_updated_cols(PlannedStmt *stmt, RangeTblEntry *rte)
{
#if PG_VERSION_NUM >= 160000
	if (rte->perminfoindex == 0)
		return NULL;
	return getRTEPermissionInfo(stmt->permInfos, rte)->updatedCols;
#else
	(void) stmt;
	return rte->updatedCols;
#endif
}

/* Free one entry. */
static void
ats_free_targeted(AtsTargeted *t)
{
	bms_free(t->cols);
	pfree(t);
}

/* ExecutorStart: remember the SET columns and the RETURNING of a write to a view. */
static void
ats_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	PlannedStmt *stmt = queryDesc->plannedstmt;

	if (stmt->resultRelations != NIL)
	{
		ListCell   *lc;

		foreach(lc, stmt->resultRelations)
		{
			RangeTblEntry *rte = rt_fetch(lfirst_int(lc), stmt->rtable);
			MemoryContext oldcxt;
			AtsTargeted *t;

			if (rte->rtekind != RTE_RELATION || rte->relkind != RELKIND_VIEW)
				continue;
			oldcxt = MemoryContextSwitchTo(TopMemoryContext);
			t = palloc(sizeof(AtsTargeted));
			t->query = queryDesc;
			t->relid = rte->relid;
			t->operation = queryDesc->operation;
			t->cols = t->operation == CMD_UPDATE ? bms_copy(ats_rte_updated_cols(stmt, rte)) : NULL;
			t->returns_rows = stmt->hasReturning || stmt->hasModifyingCTE;
			t->nest_level = GetCurrentTransactionNestLevel();
			targeted = lcons(t, targeted);
			MemoryContextSwitchTo(oldcxt);
		}
	}
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

/* ExecutorEnd: forget the query's entries; close the probes' scans (lookup.c). */
static void
ats_ExecutorEnd(QueryDesc *queryDesc)
{
	ListCell   *lc;

	foreach(lc, targeted)
	{
		AtsTargeted *t = lfirst(lc);

		if (t->query == queryDesc)
		{
			targeted = foreach_delete_current(targeted, lc);
			ats_free_targeted(t);
		}
	}
	if (prev_ExecutorEnd)
		prev_ExecutorEnd(queryDesc);
	else
		standard_ExecutorEnd(queryDesc);
	ats_lookup_release();
}

/* Drop the entries of aborted queries (all at transaction end). */
static void
ats_forget_targeted(int from_nest_level)
{
	ListCell   *lc;

	foreach(lc, targeted)
	{
		AtsTargeted *t = lfirst(lc);

		if (t->nest_level >= from_nest_level)
		{
			targeted = foreach_delete_current(targeted, lc);
			ats_free_targeted(t);
		}
	}
}

/* Transaction callback: nothing survives the transaction. */
static void
ats_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PREPARE)
		ats_forget_targeted(0);
}

/* Subtransaction callback: an aborted subtransaction's queries are gone. */
static void
ats_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					 SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		ats_forget_targeted(GetCurrentTransactionNestLevel());
}

/*
 * The columns the running UPDATEs of a view target (attribute numbers offset
 * by FirstLowInvalidHeapAttributeNumber); false if unknown.  A statement may
 * update one view twice (a writable CTE): the trigger cannot tell which
 * update fired it, so it gets the union.  Writing a column the other update
 * targeted writes its unchanged value back, or, for a value masked from the
 * writer, is refused: never a lost update, never an erased value.
 */
bool
ats_targeted_columns(Oid relid, Bitmapset **cols)
{
	ListCell   *lc;
	bool		found = false;

	*cols = NULL;
	foreach(lc, targeted)
	{
		AtsTargeted *t = lfirst(lc);

		if (t->relid == relid && t->operation == CMD_UPDATE)
		{
			*cols = bms_union(*cols, t->cols);
			found = true;
		}
	}
	return found;
}

/*
 * Whether a running INSERT into a view may hand the new rows back: false
 * only when every statement writing the view is a plain INSERT without
 * RETURNING, true when unknown.
 */
bool
ats_insert_returns_rows(Oid relid)
{
	ListCell   *lc;
	bool		found = false;

	foreach(lc, targeted)
	{
		AtsTargeted *t = lfirst(lc);

		if (t->relid != relid)
			continue;
		if (t->returns_rows)
			return true;
		found |= t->operation == CMD_INSERT;
	}
	return !found;
}

/* Install the hooks, chained to the previous ones; called from _PG_init. */
void
ats_hooks_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = ats_ExecutorStart;
	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = ats_ExecutorEnd;
	RegisterXactCallback(ats_xact_callback, NULL);
	RegisterSubXactCallback(ats_subxact_callback, NULL);
}
