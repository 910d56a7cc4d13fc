/*-------------------------------------------------------------------------
 *
 * ats_acl.c
 *	  Module entry point of the ats_acl extension.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"
#include "utils/plancache.h"

#include "ats_acl.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Register the settings, cache invalidation callbacks and hooks when the library is loaded. */
void
_PG_init(void)
{
	DefineCustomBoolVariable("ats_acl.log_dba_writes",
							 "Records writes by DBA roles that are not ATS users in the activity timeline.",
							 "Off by default: such writes are imports, restores and repairs.",
							 &ats_log_dba_writes,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("ats_acl");
	ats_catalog_init();
	ats_cache_init();
	ats_lookup_init();
	ats_hooks_init();
	ats_planner_init();
	ats_probes_init();

	/*
	 * Loaded by a session's statement (no preloading), plans cached before
	 * now, that statement's among them, were made without the planner hook:
	 * their policies would keep their calls for the session's life.
	 * Re-plan them at their next use.
	 */
	ResetPlanCache();
}

PG_FUNCTION_INFO_V1(ats_acl_library_loaded);

/*
 * ats_acl.library_loaded(): true.  IMMUTABLE, so the planner folds it, which
 * loads this library (and installs its hooks) before the executor starts.
 */
Datum
ats_acl_library_loaded(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(true);
}
