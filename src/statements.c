/*-------------------------------------------------------------------------
 *
 * statements.c
 *	  The statements the extension's triggers run, prepared once per backend.
 *
 * A write through a masked view, its activity entry and the checks on the
 * way run a handful of fixed statements per row.  SPI_execute_with_args
 * parsed, analyzed and planned each of them every time, several times the
 * cost of running them; here each is prepared the first time a backend runs
 * it and kept.  PostgreSQL's plan cache re-plans a kept statement after DDL
 * on what it reads, when the search_path differs, and, for statements under
 * row-level security, for another role; the statements are fully
 * qualified and most run as the tables' owner under a fixed search_path.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "nodes/pg_list.h"
#include "utils/memutils.h"

#include "ats_acl.h"

/* One kept statement, found by its text and parameter types. */
typedef struct AtsKeptStatement
{
	char	   *sql;
	int			nargs;
	Oid		   *types;
	SPIPlanPtr	plan;
} AtsKeptStatement;

/*
 * Bound on kept statements (an UPDATE through a view depends on its SET
 * list); past it, statements are planned each time.  Nothing is evicted: an
 * outer trigger may be running the plan.
 */
#define ATS_MAX_KEPT_STATEMENTS 64

static List *kept_statements = NIL; /* in TopMemoryContext */

/* The kept plan of a statement, prepared now if new; NULL when the bound is reached. */
static SPIPlanPtr
ats_kept_plan(const char *sql, int nargs, Oid *types)
{
	ListCell   *lc;
	AtsKeptStatement *entry;
	SPIPlanPtr	plan;
	MemoryContext oldcxt;

	foreach(lc, kept_statements)
	{
		entry = lfirst(lc);
		if (entry->nargs == nargs && strcmp(entry->sql, sql) == 0 &&
			memcmp(entry->types, types, sizeof(Oid) * nargs) == 0)
			return entry->plan;
	}
	if (list_length(kept_statements) >= ATS_MAX_KEPT_STATEMENTS)
		return NULL;
	plan = SPI_prepare(sql, nargs, types);
	if (plan == NULL)
		elog(ERROR, "ats_acl: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "ats_acl: SPI_keepplan failed");
	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	entry = palloc(sizeof(AtsKeptStatement));
	entry->sql = pstrdup(sql);
	entry->nargs = nargs;
	entry->types = palloc(sizeof(Oid) * Max(nargs, 1));
	memcpy(entry->types, types, sizeof(Oid) * nargs);
	entry->plan = plan;
	kept_statements = lappend(kept_statements, entry);
	MemoryContextSwitchTo(oldcxt);
	return plan;
}

/*
 * SPI_execute_with_args through the statement's kept plan; caller is
 * connected to SPI.  nulls may be NULL (no parameter is null).
 */
int
ats_execute_kept(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls,
				 bool read_only, long count)
{
	SPIPlanPtr	plan = ats_kept_plan(sql, nargs, types);

	if (plan == NULL)
		return SPI_execute_with_args(sql, nargs, types, values, nulls, read_only, count);
	return SPI_execute_plan(plan, values, nulls, read_only, count);
}
