/*-------------------------------------------------------------------------
 *
 * profile.c
 *	  Module permission profiles (SPEC 4.9, JobsinMalta).
 *
 * A profile gives each module a level: none (the module's rows are hidden),
 * read (seen, never written), write, or own (only rows the user authored are
 * seen and written).  The level is ANDed with every other rule: reads in the
 * WHERE clause of each ats view (ats_acl--*.sql), writes here, called by the
 * tables' triggers, so that a refusal names the module.  Documents of
 * kind cv belong to module cv, the others to module documents.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_module_level);
PG_FUNCTION_INFO_V1(ats_acl_module_reads);
PG_FUNCTION_INFO_V1(ats_acl_module_own);
PG_FUNCTION_INFO_V1(ats_acl_module_row_visible);

/* A user's level on a module: the DBA writes everything, unknown users nothing. */
char
ats_module_level(const AtsUserAcl *acl, int module)
{
	if (acl->dba)
		return ATS_MODULE_WRITE;
	if (module < 0 || module >= ATS_MAX_MODULES || ats_active_user_id(acl) == 0)
		return ATS_MODULE_NONE;
	return acl->module_levels[module];
}

/* The level of a module named by a text argument; an error for unknown names. */
static char
ats_module_level_arg(FunctionCallInfo fcinfo, int argno)
{
	AtsUserAcl *acl = ats_current_acl();
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	int			module = ats_module_index(name);

	if (module < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("module \"%s\" does not exist", name),
				 errhint("The modules are listed in ats_acl.modules.")));
	return ats_module_level(acl, module);
}

/* The module a row belongs to: the table's, but cv for documents of kind cv. */
static int
ats_row_module(Relation rel, HeapTuple tuple, const char **owner_column)
{
	const char *table = RelationGetRelationName(rel);
	int			module = ats_table_module(table, owner_column);

	if (strcmp(table, "documents") == 0)
	{
		bool		isnull;
		Datum		kind = heap_getattr(tuple, SPI_fnumber(RelationGetDescr(rel), "kind"),
										RelationGetDescr(rel), &isnull);

		if (!isnull && strcmp(TextDatumGetCString(kind), "cv") == 0)
			module = ats_module_index("cv");
	}
	return module;
}

/* Whether a row's author column names the user. */
static bool
ats_row_is_own(const AtsUserAcl *acl, Relation rel, HeapTuple tuple, const char *owner_column)
{
	int			attnum;
	bool		isnull;
	Datum		owner;

	if (owner_column[0] == '\0')
		return false;
	attnum = SPI_fnumber(RelationGetDescr(rel), owner_column);
	if (attnum <= 0)
		return false;
	owner = heap_getattr(tuple, attnum, RelationGetDescr(rel), &isnull);
	return !isnull && DatumGetInt64(owner) == ats_active_user_id(acl);
}

/* Raise 42501 unless the profile lets the user write this row (old and new versions). */
void
ats_require_module_write(const AtsUserAcl *acl, Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	HeapTuple	versions[2] = {oldtup, newtup};

	/* The DBA writes everything; unknown and inactive users are refused elsewhere. */
	if (acl->dba || ats_active_user_id(acl) == 0)
		return;
	for (int i = 0; i < 2; i++)
	{
		const char *owner_column;
		int			module;
		char		level;

		if (versions[i] == NULL)
			continue;
		module = ats_row_module(rel, versions[i], &owner_column);
		if (module < 0)
			continue;
		level = ats_module_level(acl, module);
		if (level == ATS_MODULE_WRITE)
			continue;
		/* own: the row must be the writer's (inserts: after attribution). */
		if (level == ATS_MODULE_OWN && ats_row_is_own(acl, rel, versions[i], owner_column))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to change %s: the permission profile gives module \"%s\" the level \"%s\"",
						RelationGetRelationName(rel), ats_module_name(module),
						level == ATS_MODULE_READ ? "read" : level == ATS_MODULE_OWN ? "own" : "none"),
				 level == ATS_MODULE_OWN ?
				 errdetail("With level \"own\" only rows the user authored can be changed.") : 0));
	}
}

/* ats_acl.module_level(module): none, read, write or own. */
Datum
ats_acl_module_level(PG_FUNCTION_ARGS)
{
	char		level = ats_module_level_arg(fcinfo, 0);

	PG_RETURN_TEXT_P(cstring_to_text(level == ATS_MODULE_WRITE ? "write" :
									 level == ATS_MODULE_READ ? "read" :
									 level == ATS_MODULE_OWN ? "own" : "none"));
}

/* ats_acl.module_reads(module): every row of the module is readable. */
Datum
ats_acl_module_reads(PG_FUNCTION_ARGS)
{
	char		level = ats_module_level_arg(fcinfo, 0);

	PG_RETURN_BOOL(level == ATS_MODULE_READ || level == ATS_MODULE_WRITE);
}

/* ats_acl.module_own(module): only the user's own rows of the module. */
Datum
ats_acl_module_own(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_module_level_arg(fcinfo, 0) == ATS_MODULE_OWN);
}

/* ats_acl.module_row_visible(module, owner): a row of the module with that author. */
Datum
ats_acl_module_row_visible(PG_FUNCTION_ARGS)
{
	char		level;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	level = ats_module_level_arg(fcinfo, 0);
	if (level == ATS_MODULE_READ || level == ATS_MODULE_WRITE)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(level == ATS_MODULE_OWN && !PG_ARGISNULL(1) &&
				   PG_GETARG_INT64(1) == ats_active_user_id(ats_current_acl()));
}
