/*-------------------------------------------------------------------------
 *
 * catalog.c
 *	  Oids of the catalog objects the extension names: its schemas, its
 *	  owner role, the tables and functions the planner hook writes into
 *	  queries.  The planner hook needs them on every statement; they are
 *	  looked up once per backend and again after any change to the catalogs
 *	  they come from, announced through syscache invalidation.
 *
 *-------------------------------------------------------------------------
 */
#include "ats_acl.h"

#include "catalog/namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type_d.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

static AtsCatalogOids catalog;

/* Bumped by every invalidation of a catalog the oids come from. */
static uint64 catalog_inval_count = 1;

/* The count the oids were looked up at; they are valid while it is current. */
static uint64 catalog_loaded_count = 0;

/* Syscache callback: a schema, relation, function or role changed. */
static void
catalog_inval_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	catalog_inval_count++;
}

/* Register the invalidation callbacks; called once from _PG_init. */
void
ats_catalog_init(void)
{
	CacheRegisterSyscacheCallback(NAMESPACENAME, catalog_inval_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(RELNAMENSP, catalog_inval_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, catalog_inval_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHNAME, catalog_inval_callback, (Datum) 0);
}

/*
 * Oid of a function of the ats_acl schema taking nargs bigints; InvalidOid
 * when missing.  By the syscache, not LookupFuncName: the lookup runs for
 * whichever role plans, and needs no privilege on the schema.
 */
static Oid
acl_function(const char *name, int nargs)
{
	Oid			types[5] = {INT8OID, INT8OID, INT8OID, INT8OID, INT8OID};

	Assert(nargs <= (int) lengthof(types));
	return GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid, CStringGetDatum(name),
						   PointerGetDatum(buildoidvector(types, nargs)),
						   ObjectIdGetDatum(catalog.acl_nsp));
}

/* Look every oid up; InvalidOid for what does not exist (yet). */
static void
catalog_load(void)
{
	catalog.acl_nsp = get_namespace_oid("ats_acl", true);
	catalog.data_nsp = get_namespace_oid("ats_data", true);
	catalog.owner_role = get_role_oid("ats_acl_owner", true);
	catalog.users = get_relname_relid("users", catalog.acl_nsp);
	catalog.jobs = get_relname_relid("jobs", catalog.data_nsp);
	catalog.applications = get_relname_relid("applications", catalog.data_nsp);
	catalog.candidates = get_relname_relid("candidates", catalog.data_nsp);
	catalog.application_tags = get_relname_relid("application_tags", catalog.data_nsp);
	catalog.shared_fn = OidIsValid(catalog.acl_nsp) ? acl_function("application_shared", 5) : InvalidOid;
	catalog.own_fn = OidIsValid(catalog.acl_nsp) ? acl_function("own_candidate_ids", 0) : InvalidOid;
}

/*
 * The extension's catalog oids, current as of the last invalidation this
 * backend accepted.  Members are InvalidOid for objects that do not exist.
 */
const AtsCatalogOids *
ats_catalog(void)
{
	while (catalog_loaded_count != catalog_inval_count)
	{
		uint64		seen = catalog_inval_count;

		catalog_load();
		/* An invalidation that arrived while looking up makes it look again. */
		catalog_loaded_count = seen;
	}
	return &catalog;
}

/* Oid of a relation of the extension; can't-happen error when it is missing. */
Oid
ats_catalog_relid(Oid relid, const char *name)
{
	if (!OidIsValid(relid))
		elog(ERROR, "ats_acl: relation %s is missing", name);
	return relid;
}
