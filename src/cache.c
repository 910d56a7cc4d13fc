/*-------------------------------------------------------------------------
 *
 * cache.c
 *	  Per-backend cache of the permissions of each role.
 *
 * What a role may do is read from the catalog once and kept until the
 * catalog changes.  Every change to the catalog (and to the job columns that
 * access rules match on) fires ats_acl.tg_invalidate(), which queues a
 * relcache invalidation of ats_acl.users.  PostgreSQL delivers it to this
 * backend at its next command and to every other backend when they next
 * accept invalidation messages, i.e. at their next statement after commit;
 * a rolled-back change delivers it locally again at abort.  The callback only
 * bumps a counter; the next lookup starts a new generation and hands the old
 * one to the transaction, which frees it at its end, never under a caller's
 * feet.
 *
 * The cache is read with a fresh catalog snapshot, not the transaction's:
 * an invalidation always arrives after the change it announces became
 * visible, so a rebuild triggered by it can never miss that change, even in
 * a REPEATABLE READ transaction or when the message arrives between taking a
 * statement snapshot and locking the tables.
 *
 * Everything is keyed on role oids, never names, and the AUTHOID syscache
 * callback drops the cache whenever any role changes (rename, SUPERUSER,
 * BYPASSRLS).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "ats_acl.h"

/* A job as access rules see it. */
typedef struct AtsJobInfo
{
	int64		job_id;			/* hash key */
	int64		department_id;	/* 0 when NULL */
	int64		location_id;	/* 0 when NULL */
	bool		confidential;
} AtsJobInfo;

/* A level's capabilities. */
typedef struct AtsLevelInfo
{
	char		name[NAMEDATALEN];	/* hash key */
	AtsCapSet	caps;
} AtsLevelInfo;

/* An access rule of the user being built. */
typedef struct AtsRule
{
	AtsCapSet	caps;
	int64		department_id;	/* 0 matches any */
	int64		location_id;	/* 0 matches any */
} AtsRule;

static MemoryContext AtsCacheContext = NULL;

/* Bumped by the invalidation callbacks; the cache is valid while equal. */
static uint64 inval_counter = 1;
static uint64 built_counter = 0;

/* ats_acl.users, whose relcache invalidation announces catalog changes. */
static Oid	sentinel_relid = InvalidOid;

/* Global part of the cache, loaded on first use after a reset. */
static bool globals_loaded = false;
static Oid	owner_roleid = InvalidOid;
static char *cap_names[ATS_MAX_CAPS];
static AtsCapSet all_caps = 0;
static HTAB *levels_hash = NULL;
static HTAB *jobs_hash = NULL;
static HTAB *tags_hash = NULL;
static HTAB *roles_hash = NULL;
static char *module_names[ATS_MAX_MODULES];
static HTAB *module_tables_hash = NULL;

/* Which module an ATS relation belongs to (ats_acl.module_tables). */
typedef struct AtsModuleTable
{
	char		table_name[NAMEDATALEN];	/* hash key */
	int			module;
	char		owner_column[NAMEDATALEN];	/* "" when none */
} AtsModuleTable;

/* A tag's category, for external users' allowed categories. */
typedef struct AtsTagInfo
{
	int64		tag_id;			/* hash key */
	int64		category_id;	/* 0 when NULL */
} AtsTagInfo;

/* Snapshot the current build reads with. */
static Snapshot build_snapshot = NULL;

static void ats_relcache_callback(Datum arg, Oid relid);
static void ats_syscache_callback(Datum arg, int cacheid, uint32 hashvalue);
static void ats_cache_ensure_fresh(void);
static void ats_load_globals(void);
static void ats_build_user(AtsUserAcl *acl);
static void ats_build_external(AtsUserAcl *acl, const char *external_role);
static int	ats_spi_query(const char *sql, int nargs, Oid *argtypes, Datum *values);
static AtsCapSet ats_caps_from_array(Datum array);
static int64 ats_spi_int8(HeapTuple tuple, int col, bool *isnull);
static AtsCapSet ats_level_caps(const char *level);

/* Register the invalidation callbacks; called once from _PG_init. */
void
ats_cache_init(void)
{
	CacheRegisterRelcacheCallback(ats_relcache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, ats_syscache_callback, (Datum) 0);
}

/* Relcache callback: a catalog change was announced (or everything reset). */
static void
ats_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == sentinel_relid)
		inval_counter++;
}

/* Syscache callback: some role changed. */
static void
ats_syscache_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	inval_counter++;
}

/* Queue the invalidation that makes every backend rebuild its cache. */
void
ats_cache_register_invalidation(void)
{
	CacheInvalidateRelcacheByRelid(ats_cache_sentinel_relid());
}

/* ats_acl.users, whose relcache invalidation announces every permission change. */
Oid
ats_cache_sentinel_relid(void)
{
	return ats_catalog_relid(ats_catalog()->users, "ats_acl.users");
}

/* Drop everything cached if an invalidation arrived since it was built. */
static void
ats_cache_ensure_fresh(void)
{
	if (built_counter == inval_counter && AtsCacheContext != NULL)
		return;

	/*
	 * The old generation is handed to the transaction, which frees it at its
	 * end: a caller up the stack may still hold an entry of it.
	 */
	if (AtsCacheContext != NULL)
		MemoryContextSetParent(AtsCacheContext, TopTransactionContext);
	AtsCacheContext = AllocSetContextCreate(CacheMemoryContext,
											"ats_acl permission cache",
											ALLOCSET_DEFAULT_SIZES);

	globals_loaded = false;
	levels_hash = NULL;
	jobs_hash = NULL;
	tags_hash = NULL;
	roles_hash = NULL;
	module_tables_hash = NULL;
	memset(module_names, 0, sizeof(module_names));
	memset(cap_names, 0, sizeof(cap_names));
	all_caps = 0;
	owner_roleid = InvalidOid;
	built_counter = inval_counter;
}

/* The role that owns the hidden tables; the cache is read as that role. */
Oid
ats_data_owner(void)
{
	HeapTuple	tuple;
	Oid			relid;
	Oid			owner;

	if (OidIsValid(owner_roleid))
		return owner_roleid;

	relid = ats_catalog_relid(ats_catalog()->jobs, "ats_data.jobs");
	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);

	/* Only cache it while the cache context holds the matching globals. */
	if (AtsCacheContext != NULL && built_counter == inval_counter)
		owner_roleid = owner;
	return owner;
}

/*
 * Switch to the tables' owner with a safe search_path, for reading or
 * writing the catalog on behalf of the extension.  An error unwinds both
 * through (sub)transaction abort, as for SECURITY DEFINER functions.
 */
void
ats_run_as_owner_begin(Oid *save_userid, int *save_sec_context, int *save_nestlevel)
{
	Oid			owner = ats_data_owner();

	GetUserIdAndSecContext(save_userid, save_sec_context);
	/*
	 * Not a security-restricted operation: the creator grant queues a
	 * deferred foreign-key check, which such operations forbid.  Only the
	 * extension's own fixed statements run here.
	 */
	SetUserIdAndSecContext(owner, *save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	*save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

/* Undo ats_run_as_owner_begin. */
void
ats_run_as_owner_end(Oid save_userid, int save_sec_context, int save_nestlevel)
{
	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/* Connect to SPI as the tables' owner (see ats_run_as_owner_begin). */
void
ats_owner_spi_begin(AtsOwnerSpi *state)
{
	ats_run_as_owner_begin(&state->save_userid, &state->save_sec_context,
						   &state->save_nestlevel);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "ats_acl: SPI_connect failed");
}

/* Disconnect from SPI and return to the caller's identity. */
void
ats_owner_spi_end(AtsOwnerSpi *state)
{
	SPI_finish();
	ats_run_as_owner_end(state->save_userid, state->save_sec_context, state->save_nestlevel);
}

/* Whether a read-only query finds a row, run as the tables' owner. */
bool
ats_owner_exists(const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	AtsOwnerSpi spi;
	bool		found;

	ats_owner_spi_begin(&spi);
	if (ats_execute_kept(sql, nargs, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: lookup failed: %s", sql);
	found = SPI_processed > 0;
	ats_owner_spi_end(&spi);
	return found;
}

/* Run a read-only query of the cache build; returns SPI_processed. */
static int
ats_spi_query(const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, argtypes);
	int			rc;

	if (plan == NULL)
		elog(ERROR, "ats_acl: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	rc = SPI_execute_snapshot(plan, values, NULL, build_snapshot, InvalidSnapshot,
							  true, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "ats_acl: SPI_execute_snapshot failed: %s", SPI_result_code_string(rc));
	SPI_freeplan(plan);
	return (int) SPI_processed;
}

/* An int8 column of the current SPI result; 0 when NULL. */
static int64
ats_spi_int8(HeapTuple tuple, int col, bool *isnull)
{
	bool		null;
	Datum		d = SPI_getbinval(tuple, SPI_tuptable->tupdesc, col, &null);

	if (isnull)
		*isnull = null;
	return null ? 0 : DatumGetInt64(d);
}

/* Bitmask of a text[] of capability names; unknown names are ignored. */
static AtsCapSet
ats_caps_from_array(Datum array)
{
	ArrayType  *arr = DatumGetArrayTypeP(array);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	AtsCapSet	caps = 0;

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *name;
		int			bit;

		if (nulls[i])
			continue;
		name = TextDatumGetCString(elems[i]);
		bit = ats_capability_bit(name);
		if (bit >= 0)
			caps |= ATS_CAP_BIT(bit);
		pfree(name);
	}
	return caps;
}

/* Capabilities of a level by name; none for an unknown level. */
static AtsCapSet
ats_level_caps(const char *level)
{
	char		key[NAMEDATALEN] = {0};
	AtsLevelInfo *info;

	strlcpy(key, level, NAMEDATALEN);
	info = hash_search(levels_hash, key, HASH_FIND, NULL);
	return info ? info->caps : 0;
}

/*
 * Load capabilities, levels and jobs: what every role's entry is computed
 * from.  Caller is connected to SPI as the owner, with build_snapshot set.
 */
static void
ats_load_globals(void)
{
	MemoryContext oldcxt;
	HASHCTL		ctl;
	int			n;

	n = ats_spi_query("SELECT name, bit FROM ats_acl.capabilities", 0, NULL, NULL);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		bool		isnull;
		int			bit = DatumGetInt16(SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &isnull));
		char	   *name = SPI_getvalue(tup, SPI_tuptable->tupdesc, 1);

		if (isnull || bit < 0 || bit >= ATS_MAX_CAPS)
			continue;
		cap_names[bit] = MemoryContextStrdup(AtsCacheContext, name);
		all_caps |= ATS_CAP_BIT(bit);
	}

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = NAMEDATALEN;
	ctl.entrysize = sizeof(AtsLevelInfo);
	ctl.hcxt = AtsCacheContext;
	levels_hash = hash_create("ats_acl levels", 32, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);

	n = ats_spi_query("SELECT name, capabilities FROM ats_acl.levels", 0, NULL, NULL);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		char	   *name = SPI_getvalue(tup, SPI_tuptable->tupdesc, 1);
		bool		isnull;
		Datum		caps = SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &isnull);
		char		key[NAMEDATALEN] = {0};
		AtsLevelInfo *info;

		strlcpy(key, name, NAMEDATALEN);
		info = hash_search(levels_hash, key, HASH_ENTER, NULL);
		info->caps = isnull ? 0 : ats_caps_from_array(caps);
	}

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsJobInfo);
	ctl.hcxt = AtsCacheContext;
	n = ats_spi_query("SELECT id, department_id, location_id, confidential FROM ats_data.jobs",
					  0, NULL, NULL);
	jobs_hash = hash_create("ats_acl jobs", Max(n, 64), &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		int64		id = ats_spi_int8(tup, 1, NULL);
		AtsJobInfo *info = hash_search(jobs_hash, &id, HASH_ENTER, NULL);
		bool		isnull;

		info->department_id = ats_spi_int8(tup, 2, NULL);
		info->location_id = ats_spi_int8(tup, 3, NULL);
		info->confidential = DatumGetBool(SPI_getbinval(tup, SPI_tuptable->tupdesc, 4, &isnull));
	}

	n = ats_spi_query("SELECT name FROM ats_acl.modules ORDER BY name", 0, NULL, NULL);
	for (int i = 0; i < n && i < ATS_MAX_MODULES; i++)
		module_names[i] = MemoryContextStrdup(AtsCacheContext,
											  SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = NAMEDATALEN;
	ctl.entrysize = sizeof(AtsModuleTable);
	ctl.hcxt = AtsCacheContext;
	module_tables_hash = hash_create("ats_acl module tables", 32, &ctl,
									 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	n = ats_spi_query("SELECT table_name, module, owner_column FROM ats_acl.module_tables",
					  0, NULL, NULL);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		char		key[NAMEDATALEN] = {0};
		char	   *owner = SPI_getvalue(tup, SPI_tuptable->tupdesc, 3);
		AtsModuleTable *mt;

		strlcpy(key, SPI_getvalue(tup, SPI_tuptable->tupdesc, 1), NAMEDATALEN);
		mt = hash_search(module_tables_hash, key, HASH_ENTER, NULL);
		mt->module = ats_module_index(SPI_getvalue(tup, SPI_tuptable->tupdesc, 2));
		strlcpy(mt->owner_column, owner ? owner : "", NAMEDATALEN);
	}

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsTagInfo);
	ctl.hcxt = AtsCacheContext;
	n = ats_spi_query("SELECT id, category_id FROM ats_data.tags", 0, NULL, NULL);
	tags_hash = hash_create("ats_acl tags", Max(n, 64), &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		int64		id = ats_spi_int8(tup, 1, NULL);
		AtsTagInfo *info = hash_search(tags_hash, &id, HASH_ENTER, NULL);

		info->category_id = ats_spi_int8(tup, 2, NULL);
	}

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(AtsUserAcl);
	ctl.hcxt = AtsCacheContext;
	oldcxt = MemoryContextSwitchTo(AtsCacheContext);
	roles_hash = hash_create("ats_acl roles", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	MemoryContextSwitchTo(oldcxt);

	globals_loaded = true;
}

/*
 * An active external user's part (SPEC 4.7, 4.8): its role's level, its
 * sharing rules (which give it their jobs, with the level's capabilities)
 * and its allowed tag categories.
 */
static void
ats_build_external(AtsUserAcl *acl, const char *external_role)
{
	HASHCTL		ctl;
	Oid			argtypes[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(acl->user_id)};
	int			n;

	acl->level_caps = ats_level_caps(external_role);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsShareRule);
	ctl.hcxt = AtsCacheContext;
	acl->rules = hash_create("ats_acl sharing rules", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsJobCaps);
	ctl.hcxt = AtsCacheContext;
	acl->jobs = hash_create("ats_acl user jobs", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	n = ats_spi_query("SELECT r.job_id, r.by_tags, r.by_sources, r.own_candidates, "
					  "       r.can_add_candidates "
					  "  FROM ats_acl.sharing_rules r "
					  "  JOIN ats_acl.sharing_rule_users u ON u.rule_id OPERATOR(pg_catalog.=) r.id "
					  " WHERE u.user_id OPERATOR(pg_catalog.=) $1", 1, argtypes, values);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		int64		job_id = ats_spi_int8(tup, 1, NULL);
		AtsShareRule *rule = hash_search(acl->rules, &job_id, HASH_ENTER, NULL);
		AtsJobCaps *jc = hash_search(acl->jobs, &job_id, HASH_ENTER, NULL);
		bool		isnull;
		MemoryContext oldcxt = MemoryContextSwitchTo(AtsCacheContext);

		rule->by_tags = DatumGetArrayTypePCopy(SPI_getbinval(tup, desc, 2, &isnull));
		rule->by_sources = DatumGetArrayTypePCopy(SPI_getbinval(tup, desc, 3, &isnull));
		MemoryContextSwitchTo(oldcxt);
		rule->own_candidates = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		rule->can_add_candidates = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		jc->caps = acl->level_caps;
	}

	n = ats_spi_query("SELECT COALESCE(pg_catalog.array_agg(category_id), '{}') "
					  "  FROM ats_acl.allowed_tag_categories "
					  " WHERE user_id OPERATOR(pg_catalog.=) $1", 1, argtypes, values);
	if (n == 1)
	{
		bool		isnull;
		Datum		cats = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		MemoryContext oldcxt = MemoryContextSwitchTo(AtsCacheContext);

		acl->allowed_categories = DatumGetArrayTypePCopy(cats);
		MemoryContextSwitchTo(oldcxt);
	}
}

/* Fill in a role's entry: its user record, grants and access rules. */
static void
ats_build_user(AtsUserAcl *acl)
{
	char	   *rolname = GetUserNameFromId(acl->roleid, true);
	Oid			argtypes[1];
	Datum		values[1];
	int			n;
	int64		nrules = 0;
	AtsRule    *rules = NULL;
	HASHCTL		ctl;
	HASH_SEQ_STATUS seq;
	AtsJobInfo *job;
	char	   *external_role = NULL;

	acl->dba = superuser_arg(acl->roleid) || has_bypassrls_privilege(acl->roleid) ||
		acl->roleid == owner_roleid;
	if (rolname == NULL)
		return;

	argtypes[0] = NAMEOID;
	values[0] = DirectFunctionCall1(namein, CStringGetDatum(rolname));
	n = ats_spi_query("SELECT id, kind, access_level, active, external_role FROM ats_acl.users "
					  "WHERE role_name = $1", 1, argtypes, values);
	if (n == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		char	   *kind = SPI_getvalue(tup, SPI_tuptable->tupdesc, 2);
		char	   *access = SPI_getvalue(tup, SPI_tuptable->tupdesc, 3);
		bool		isnull;

		acl->registered = true;
		acl->user_id = ats_spi_int8(tup, 1, NULL);
		acl->external = strcmp(kind, "external") == 0;
		acl->active = DatumGetBool(SPI_getbinval(tup, SPI_tuptable->tupdesc, 4, &isnull));
		if (acl->active && acl->external)
			external_role = SPI_getvalue(tup, SPI_tuptable->tupdesc, 5);
		if (acl->active && !acl->external && access != NULL)
		{
			if (strcmp(access, "admin") == 0)
				acl->access = ATS_ACCESS_ADMIN;
			else if (strcmp(access, "regular") == 0)
				acl->access = ATS_ACCESS_REGULAR;
			else
				acl->access = ATS_ACCESS_LIMITED;
		}
	}

	n = ats_spi_query("SELECT COALESCE(pg_catalog.array_agg(group_id ORDER BY group_id), '{}') "
					  "FROM ats_data.group_members WHERE user_id OPERATOR(pg_catalog.=) $1",
					  1, (Oid[]) {INT8OID}, (Datum[]) {Int64GetDatum(acl->user_id)});
	if (n == 1)
	{
		bool		isnull;
		Datum		groups = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		MemoryContext oldcxt = MemoryContextSwitchTo(AtsCacheContext);

		/* SPI calls leave its own context current: copy explicitly. */
		acl->group_ids = DatumGetArrayTypePCopy(groups);
		MemoryContextSwitchTo(oldcxt);
	}

	/* The profile's module levels (SPEC 4.9); a module it does not name is none. */
	memset(acl->module_levels, ATS_MODULE_NONE, sizeof(acl->module_levels));
	n = ats_spi_query("SELECT p.module, p.level FROM ats_acl.profile_levels p, ats_acl.users u "
					  " WHERE u.id OPERATOR(pg_catalog.=) $1 "
					  "   AND p.profile OPERATOR(pg_catalog.=) u.profile",
					  1, (Oid[]) {INT8OID}, (Datum[]) {Int64GetDatum(acl->user_id)});
	for (int i = 0; i < n; i++)
	{
		int			module = ats_module_index(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
		char	   *level = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);

		if (module >= 0)
			acl->module_levels[module] = strcmp(level, "write") == 0 ? ATS_MODULE_WRITE :
				strcmp(level, "read") == 0 ? ATS_MODULE_READ :
				strcmp(level, "own") == 0 ? ATS_MODULE_OWN : ATS_MODULE_NONE;
	}

	if (external_role != NULL)
	{
		ats_build_external(acl, external_role);
		return;
	}

	/* Admins hold everything everywhere; the others need their grants. */
	if (acl->access != ATS_ACCESS_LIMITED && acl->access != ATS_ACCESS_REGULAR)
		return;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsJobCaps);
	ctl.hcxt = AtsCacheContext;
	acl->jobs = hash_create("ats_acl user jobs", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	argtypes[0] = INT8OID;
	values[0] = Int64GetDatum(acl->user_id);
	n = ats_spi_query("SELECT job_id, level FROM ats_acl.job_grants WHERE user_id = $1",
					  1, argtypes, values);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		int64		job_id = ats_spi_int8(tup, 1, NULL);
		AtsJobCaps *jc = hash_search(acl->jobs, &job_id, HASH_ENTER, NULL);

		jc->caps = ats_level_caps(SPI_getvalue(tup, SPI_tuptable->tupdesc, 2));
	}

	n = ats_spi_query("SELECT level, department_id, location_id FROM ats_acl.access_rules "
					  "WHERE user_id = $1", 1, argtypes, values);
	if (n > 0)
		rules = palloc(sizeof(AtsRule) * n);
	for (int i = 0; i < n; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];

		rules[nrules].caps = ats_level_caps(SPI_getvalue(tup, SPI_tuptable->tupdesc, 1));
		rules[nrules].department_id = ats_spi_int8(tup, 2, NULL);
		rules[nrules].location_id = ats_spi_int8(tup, 3, NULL);
		nrules++;
	}
	if (nrules == 0)
		return;

	/*
	 * Access rules: the union of every matching rule, on non-confidential
	 * jobs without a direct grant (the grant takes precedence).
	 */
	hash_seq_init(&seq, jobs_hash);
	while ((job = hash_seq_search(&seq)) != NULL)
	{
		AtsCapSet	caps = 0;
		bool		matched = false;
		bool		found;
		AtsJobCaps *jc;

		if (job->confidential)
			continue;
		for (int i = 0; i < nrules; i++)
		{
			if ((rules[i].department_id == 0 || rules[i].department_id == job->department_id) &&
				(rules[i].location_id == 0 || rules[i].location_id == job->location_id))
			{
				matched = true;
				caps |= rules[i].caps;
			}
		}
		if (!matched)
			continue;
		jc = hash_search(acl->jobs, &job->job_id, HASH_ENTER, &found);
		if (!found)
			jc->caps = caps;
	}
}

/*
 * The permissions of a role, computed on first use after any invalidation.
 * The result stays valid until the next call of this function.
 */
AtsUserAcl *
ats_acl_for_role(Oid roleid)
{
	AtsUserAcl *acl;
	AtsUserAcl	built;
	AtsOwnerSpi spi;
	MemoryContext oldcxt;

	ats_cache_ensure_fresh();
	if (globals_loaded)
	{
		acl = hash_search(roles_hash, &roleid, HASH_FIND, NULL);
		if (acl != NULL)
			return acl;
	}

	owner_roleid = ats_data_owner();
	sentinel_relid = ats_cache_sentinel_relid();
	/* For a non-catalog relation this is always a brand-new snapshot. */
	build_snapshot = RegisterSnapshot(GetCatalogSnapshot(sentinel_relid));
	ats_owner_spi_begin(&spi);

	oldcxt = MemoryContextSwitchTo(AtsCacheContext);
	if (!globals_loaded)
		ats_load_globals();

	/* Built aside and entered only when complete, so an error leaves no trace. */
	memset(&built, 0, sizeof(built));
	built.roleid = roleid;
	ats_build_user(&built);
	acl = hash_search(roles_hash, &roleid, HASH_ENTER, NULL);
	*acl = built;
	MemoryContextSwitchTo(oldcxt);

	ats_owner_spi_end(&spi);
	UnregisterSnapshot(build_snapshot);
	build_snapshot = NULL;
	return acl;
}

/* Changes whenever the cache is dropped: lets dependent memos expire with it. */
uint64
ats_cache_generation(void)
{
	return inval_counter;
}

/* The memory context cached answers are kept in until the next reset. */
MemoryContext
ats_cache_context(void)
{
	return AtsCacheContext;
}

/* Bit of a capability name, or -1 when unknown. */
int
ats_capability_bit(const char *name)
{
	for (int i = 0; i < ATS_MAX_CAPS; i++)
		if (cap_names[i] != NULL && strcmp(cap_names[i], name) == 0)
			return i;
	return -1;
}

/* Name of a capability bit, or NULL. */
const char *
ats_capability_name(int bit)
{
	return (bit >= 0 && bit < ATS_MAX_CAPS) ? cap_names[bit] : NULL;
}

/* Every capability the catalog knows. */
AtsCapSet
ats_all_capabilities(void)
{
	return all_caps;
}

/* Whether a job exists (as of the cache), and whether it is confidential. */
bool
ats_job_exists(int64 job_id, bool *confidential)
{
	AtsJobInfo *info;

	if (jobs_hash == NULL)
		return false;
	info = hash_search(jobs_hash, &job_id, HASH_FIND, NULL);
	if (info && confidential)
		*confidential = info->confidential;
	return info != NULL;
}

/* A tag's category (0: none or unknown tag). */
int64
ats_tag_category(int64 tag_id)
{
	AtsTagInfo *info;

	if (tags_hash == NULL)
		return 0;
	info = hash_search(tags_hash, &tag_id, HASH_FIND, NULL);
	return info ? info->category_id : 0;
}

/* Index of a module name, or -1. */
int
ats_module_index(const char *module)
{
	for (int i = 0; i < ATS_MAX_MODULES; i++)
		if (module_names[i] != NULL && strcmp(module_names[i], module) == 0)
			return i;
	return -1;
}

/* Name of a module index, or NULL. */
const char *
ats_module_name(int index)
{
	return (index >= 0 && index < ATS_MAX_MODULES) ? module_names[index] : NULL;
}

/* The module of an ATS relation (-1: none) and its author column ("" if none). */
int
ats_table_module(const char *table, const char **owner_column)
{
	char		key[NAMEDATALEN] = {0};
	AtsModuleTable *mt;

	*owner_column = "";
	if (module_tables_hash == NULL)
		return -1;
	strlcpy(key, table, NAMEDATALEN);
	mt = hash_search(module_tables_hash, key, HASH_FIND, NULL);
	if (mt == NULL)
		return -1;
	*owner_column = mt->owner_column;
	return mt->module;
}
