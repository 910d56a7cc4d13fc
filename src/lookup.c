/*-------------------------------------------------------------------------
 *
 * lookup.c
 *	  Index lookups of the hidden tables, without SPI.
 *
 * Masks and sharing rules ask, per row, about one candidate or application:
 * who created it, which jobs it applies to, which tags it carries.  Through
 * SPI each such question parsed and planned a statement and switched role
 * and search_path (~0.1 ms, more than the query it served); here it is a
 * btree probe of the table's index on that column, read with the statement's
 * snapshot, as the extension (no policy applies to these reads, as none
 * applied to the owner's SPI reads they replace).
 *
 * Opening and closing the table, its index and a scan cost a third of each
 * probe, and sharing rules probe every row of a page: so a probe's scan is
 * kept open and rescanned until the end of the executor run (and always
 * closed before commit).  It belongs to the transaction's resource owner
 * and memory, not to the statement's, which end at other times; a probe
 * that finds its scan busy (a probe inside another's callback) opens its own.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_index.h"
#include "executor/tuptable.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/resowner.h"
#include "utils/snapmgr.h"

#include "ats_acl.h"

/* Attribute number of a column of a tuple descriptor; can't-happen error when missing. */
static AttrNumber
column_attno(TupleDesc desc, const char *column)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), column) == 0)
			return att->attnum;
	}
	elog(ERROR, "ats_acl: column \"%s\" is missing", column);
	return InvalidAttrNumber;	/* keep compiler quiet */
}

/* A valid btree index whose first column is attno, or InvalidOid. */
static Oid
index_on_column(Relation rel, AttrNumber attno)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	Oid			found = InvalidOid;

	foreach(lc, indexes)
	{
		Relation	irel = index_open(lfirst_oid(lc), AccessShareLock);

		if (irel->rd_rel->relam == BTREE_AM_OID && irel->rd_index->indisvalid &&
			irel->rd_index->indnkeyatts >= 1 && irel->rd_index->indkey.values[0] == attno)
			found = RelationGetRelid(irel);
		index_close(irel, AccessShareLock);
		if (OidIsValid(found))
			break;
	}
	list_free(indexes);
	return found;
}

/*
 * Where a (relation, column) is looked up: the relation, the column and its
 * index, resolved once and kept until a relcache invalidation of the relation
 * (an index created or dropped, the table replaced) or a full reset.
 */
typedef struct AtsLookupTarget
{
	char		relname[NAMEDATALEN];
	char		column[NAMEDATALEN];
	Oid			relid;
	AttrNumber	attno;
	Oid			indexoid;
} AtsLookupTarget;

#define ATS_LOOKUP_TARGETS 16
static AtsLookupTarget lookup_targets[ATS_LOOKUP_TARGETS];
static int	n_lookup_targets = 0;

/* Relcache callback: forget the targets of an invalidated relation (all, for InvalidOid). */
static void
lookup_relcache_callback(Datum arg, Oid relid)
{
	int			kept = 0;

	for (int i = 0; i < n_lookup_targets; i++)
		if (OidIsValid(relid) && lookup_targets[i].relid != relid)
			lookup_targets[kept++] = lookup_targets[i];
	n_lookup_targets = kept;
}

/* An index scan kept open for the probes of one target (see the file's comment). */
typedef struct AtsOpenScan
{
	Oid			indexoid;		/* InvalidOid: a free entry */
	Relation	rel;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	int			busy_level;		/* nest level of the probe using it; 0: idle */
	bool		close_when_idle;	/* released while busy */
} AtsOpenScan;

#define ATS_OPEN_SCANS 8
static AtsOpenScan open_scans[ATS_OPEN_SCANS];

/* Close a kept scan (close) or forget it, its resources already released (!close). */
static void
end_open_scan(AtsOpenScan *os, bool close)
{
	if (close)
	{
		ResourceOwner save_owner = CurrentResourceOwner;

		CurrentResourceOwner = TopTransactionResourceOwner;
		ExecDropSingleTupleTableSlot(os->slot);
		index_endscan(os->scan);
		index_close(os->irel, AccessShareLock);
		table_close(os->rel, AccessShareLock);
		CurrentResourceOwner = save_owner;
	}
	memset(os, 0, sizeof(*os));
}

/* Close the idle kept scans; a busy one closes when its probe ends.  At the end of every executor run. */
void
ats_lookup_release(void)
{
	for (int i = 0; i < ATS_OPEN_SCANS; i++)
	{
		if (!OidIsValid(open_scans[i].indexoid))
			continue;
		if (open_scans[i].busy_level > 0)
			open_scans[i].close_when_idle = true;
		else
			end_open_scan(&open_scans[i], true);
	}
}

/* Transaction callback: close the kept scans before commit; an abort has released them. */
static void
lookup_xact_callback(XactEvent event, void *arg)
{
	bool		close = event == XACT_EVENT_PRE_COMMIT ||
		event == XACT_EVENT_PARALLEL_PRE_COMMIT || event == XACT_EVENT_PRE_PREPARE;

	if (!close && event != XACT_EVENT_ABORT && event != XACT_EVENT_PARALLEL_ABORT)
		return;
	for (int i = 0; i < ATS_OPEN_SCANS; i++)
		if (OidIsValid(open_scans[i].indexoid))
			end_open_scan(&open_scans[i], close);
}

/*
 * Subtransaction callback: a probe of the aborted subtransaction ended by
 * error, its scan in an unknown state: close it (the transaction owns it).
 */
static void
lookup_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (event != SUBXACT_EVENT_ABORT_SUB)
		return;
	for (int i = 0; i < ATS_OPEN_SCANS; i++)
		if (OidIsValid(open_scans[i].indexoid) &&
			open_scans[i].busy_level >= GetCurrentTransactionNestLevel())
			end_open_scan(&open_scans[i], true);
}

/* Register the relcache and transaction callbacks; called once from _PG_init. */
void
ats_lookup_init(void)
{
	CacheRegisterRelcacheCallback(lookup_relcache_callback, (Datum) 0);
	RegisterXactCallback(lookup_xact_callback, NULL);
	RegisterSubXactCallback(lookup_subxact_callback, NULL);
}

/* The resolved target of ats_data.<relname>(<column>); errors when the index is missing. */
static AtsLookupTarget
lookup_target(const char *relname, const char *column)
{
	AtsLookupTarget target;
	Relation	rel;

	for (int i = 0; i < n_lookup_targets; i++)
		if (strcmp(lookup_targets[i].relname, relname) == 0 &&
			strcmp(lookup_targets[i].column, column) == 0)
			return lookup_targets[i];

	memset(&target, 0, sizeof(target));
	strlcpy(target.relname, relname, NAMEDATALEN);
	strlcpy(target.column, column, NAMEDATALEN);
	target.relid = get_relname_relid(relname, ats_catalog()->data_nsp);
	if (!OidIsValid(target.relid))
		elog(ERROR, "ats_acl: relation ats_data.%s is missing", relname);
	rel = table_open(target.relid, AccessShareLock);
	target.attno = column_attno(RelationGetDescr(rel), column);
	target.indexoid = index_on_column(rel, target.attno);
	table_close(rel, AccessShareLock);
	if (!OidIsValid(target.indexoid))
		elog(ERROR, "ats_acl: ats_data.%s has no btree index on %s", relname, column);
	/* Opening the relation may have run the callback: append only now. */
	if (n_lookup_targets < ATS_LOOKUP_TARGETS)
		lookup_targets[n_lookup_targets++] = target;
	return target;
}

/* The snapshot a probe reads with: the statement's. */
static Snapshot
probe_snapshot(void)
{
	return ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot();
}

/* The kept scan of a target, opened if need be; NULL when it is busy or none is free. */
static AtsOpenScan *
open_scan(const AtsLookupTarget *target)
{
	bool		any_free = false;
	ResourceOwner save_owner;
	MemoryContext oldcxt;
	Relation	rel;
	Relation	irel;
	IndexScanDesc scan;
	TupleTableSlot *slot;

	for (int i = 0; i < ATS_OPEN_SCANS; i++)
	{
		if (open_scans[i].indexoid == target->indexoid)
			return open_scans[i].busy_level > 0 ? NULL : &open_scans[i];
		any_free = any_free || !OidIsValid(open_scans[i].indexoid);
	}
	if (!any_free || TopTransactionResourceOwner == NULL)
		return NULL;

	save_owner = CurrentResourceOwner;
	CurrentResourceOwner = TopTransactionResourceOwner;
	oldcxt = MemoryContextSwitchTo(TopTransactionContext);
	rel = table_open(target->relid, AccessShareLock);
	irel = index_open(target->indexoid, AccessShareLock);
	scan = index_beginscan(rel, irel, probe_snapshot(), 1, 0);
	slot = table_slot_create(rel, NULL);
	MemoryContextSwitchTo(oldcxt);
	CurrentResourceOwner = save_owner;

	/* Opening may have run the callbacks: find a free entry again. */
	for (int i = 0; i < ATS_OPEN_SCANS; i++)
		if (!OidIsValid(open_scans[i].indexoid))
		{
			AtsOpenScan *os = &open_scans[i];

			os->indexoid = target->indexoid;
			os->rel = rel;
			os->irel = irel;
			os->scan = scan;
			os->slot = slot;
			return os;
		}
	elog(ERROR, "ats_acl: no free lookup scan");
	return NULL;				/* keep compiler quiet */
}

/* Call fn on the rows the kept scan finds for value, until fn returns false. */
static void
probe_open_scan(AtsOpenScan *os, int64 value, AtsRowCallback fn, void *arg)
{
	ResourceOwner save_owner = CurrentResourceOwner;
	MemoryContext cxt = CurrentMemoryContext;
	ScanKeyData key;

	os->busy_level = GetCurrentTransactionNestLevel();
	CurrentResourceOwner = TopTransactionResourceOwner;
	MemoryContextSwitchTo(TopTransactionContext);
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(value));
	os->scan->xs_snapshot = probe_snapshot();
	index_rescan(os->scan, &key, 1, NULL, 0);
	while (index_getnext_slot(os->scan, ForwardScanDirection, os->slot))
	{
		bool		should_free;
		HeapTuple	tuple = ExecFetchSlotHeapTuple(os->slot, false, &should_free);
		bool		more;

		/* fn runs as the caller, in its memory. */
		CurrentResourceOwner = save_owner;
		MemoryContextSwitchTo(cxt);
		more = fn(tuple, RelationGetDescr(os->rel), arg);
		CurrentResourceOwner = TopTransactionResourceOwner;
		MemoryContextSwitchTo(TopTransactionContext);
		if (!more)
			break;
	}
	ExecClearTuple(os->slot);
	CurrentResourceOwner = save_owner;
	MemoryContextSwitchTo(cxt);
	os->busy_level = 0;
	if (os->close_when_idle)
		end_open_scan(os, true);
}

/*
 * Call fn on every row of ats_data.<relname> whose bigint column equals
 * value, found through the index on that column, until fn returns false.
 */
void
ats_index_lookup(const char *relname, const char *column, int64 value,
				 AtsRowCallback fn, void *arg)
{
	AtsLookupTarget target = lookup_target(relname, column);
	AtsOpenScan *os = open_scan(&target);
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;

	if (os != NULL)
	{
		probe_open_scan(os, value, fn, arg);
		return;
	}
	rel = table_open(target.relid, AccessShareLock);
	ScanKeyInit(&key, target.attno, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(value));
	scan = systable_beginscan(rel, target.indexoid, true, probe_snapshot(), 1, &key);
	while ((tuple = systable_getnext(scan)) != NULL)
		if (!fn(tuple, RelationGetDescr(rel), arg))
			break;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/* A bigint column of a looked-up row; 0 and *isnull when NULL. */
int64
ats_row_int8(HeapTuple tuple, TupleDesc desc, const char *column, bool *isnull)
{
	Datum		d = heap_getattr(tuple, column_attno(desc, column), desc, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

/* A text column of a looked-up row, palloc'd; NULL when NULL. */
char *
ats_row_text(HeapTuple tuple, TupleDesc desc, const char *column)
{
	bool		isnull;
	Datum		d = heap_getattr(tuple, column_attno(desc, column), desc, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* What ats_index_any_in looks for, and finds. */
typedef struct AtsAnyIn
{
	const char *column;
	ArrayType  *set;
	bool		found;
} AtsAnyIn;

/* Lookup callback: stops at a row whose column is in the set. */
static bool
any_in_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsAnyIn   *any = arg;
	bool		isnull;
	int64		v = ats_row_int8(tuple, desc, any->column, &isnull);

	any->found = !isnull && ats_int8_array_contains(any->set, v);
	return !any->found;
}

/* Whether some row of ats_data.<relname> with key = value has a bigint column in an int8 set. */
bool
ats_index_any_in(const char *relname, const char *key, int64 value, const char *column,
				 ArrayType *set)
{
	AtsAnyIn	any = {column, set, false};

	ats_index_lookup(relname, key, value, any_in_row, &any);
	return any.found;
}

/* A candidate's creator (0 and *isnull when NULL). */
typedef struct AtsCreator
{
	bool		found;
	bool		isnull;
	int64		created_by;
} AtsCreator;

/* Lookup callback: a candidate's creator. */
static bool
creator_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsCreator *creator = arg;

	creator->found = true;
	creator->created_by = ats_row_int8(tuple, desc, "created_by", &creator->isnull);
	return false;
}

/* Whether a candidate exists; its creator in *created_by (0 and *isnull when none). */
bool
ats_candidate_creator(int64 candidate_id, int64 *created_by, bool *isnull)
{
	AtsCreator	creator = {false, true, 0};

	ats_index_lookup("candidates", "id", candidate_id, creator_row, &creator);
	*created_by = creator.created_by;
	*isnull = creator.isnull;
	return creator.found;
}
