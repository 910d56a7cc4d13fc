/*-------------------------------------------------------------------------
 *
 * ats_acl.h
 *	  Shared declarations of the ats_acl extension.
 *
 * The extension is split by concern:
 *	  cache.c       per-backend permission cache, built from the catalog and
 *	                dropped through PostgreSQL's invalidation machinery
 *	  catalog.c     oids of the schemas, role, tables and functions it names
 *	  probes.c      index choice of a candidate's applications probe
 *	  identity.c    which ATS user a role is; SQL identity functions
 *	  capability.c  capability evaluation and the policy predicate functions
 *	  admin.c       permission checks of the administration functions
 *	  triggers.c    write checks and attribution on the hidden tables
 *
 *-------------------------------------------------------------------------
 */
#ifndef ATS_ACL_H
#define ATS_ACL_H

#include "postgres.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"
#include "nodes/bitmapset.h"
#include "utils/array.h"
#include "utils/relcache.h"
#include "utils/hsearch.h"

/* Before PostgreSQL 14, string keys were dynahash's default. */
#ifndef HASH_STRINGS
#define HASH_STRINGS 0
#endif

/* A set of capabilities: bit n is the capability whose catalog bit is n. */
typedef uint64 AtsCapSet;

#define ATS_MAX_CAPS 64
#define ATS_CAP_BIT(bit) (((AtsCapSet) 1) << (bit))

/* Modules of the permission profiles (SPEC 4.9). */
#define ATS_MAX_MODULES 32

/* A module's level in a profile. */
#define ATS_MODULE_NONE		'n'
#define ATS_MODULE_READ		'r'
#define ATS_MODULE_WRITE	'w'
#define ATS_MODULE_OWN		'o'

/* ATS module access of an internal user (SPEC 4.1). */
typedef enum AtsAccessLevel
{
	ATS_ACCESS_NONE,			/* not registered, inactive or external */
	ATS_ACCESS_LIMITED,
	ATS_ACCESS_REGULAR,
	ATS_ACCESS_ADMIN
} AtsAccessLevel;

/* One job a user holds a level on, by direct grant or access rule. */
typedef struct AtsJobCaps
{
	int64		job_id;			/* hash key */
	AtsCapSet	caps;
} AtsJobCaps;

/* An external user's sharing rule on one job (SPEC 4.7). */
typedef struct AtsShareRule
{
	int64		job_id;			/* hash key */
	ArrayType  *by_tags;		/* int8[] */
	ArrayType  *by_sources;		/* int8[] */
	bool		own_candidates;
	bool		can_add_candidates;
} AtsShareRule;

/* Everything ats_acl knows about one role; lives in the cache context. */
typedef struct AtsUserAcl
{
	Oid			roleid;			/* hash key */
	bool		dba;			/* superuser, BYPASSRLS, or the tables' owner */
	bool		registered;		/* a row of ats_acl.users names this role */
	bool		active;
	bool		external;
	int64		user_id;		/* valid when registered */
	AtsAccessLevel access;		/* ATS_ACCESS_NONE unless active and internal */
	HTAB	   *jobs;			/* AtsJobCaps by job id; NULL when none */
	ArrayType  *group_ids;		/* sorted int8[] of the user's groups */
	char		module_levels[ATS_MAX_MODULES];	/* by module index; profile's */
	/* External users (SPEC 4.7, 4.8): */
	AtsCapSet	level_caps;		/* capabilities of its external role's level */
	HTAB	   *rules;			/* AtsShareRule by job id; NULL when none */
	ArrayType  *allowed_categories; /* int8[] of tag categories it may see */
	ArrayType  *job_ids[ATS_MAX_CAPS + 1];	/* memoized job_ids(); [ATS_MAX_CAPS]
											 * is "any level" */
	bool		visible_caps_known;	/* visible_caps computed (lazily) */
	AtsCapSet	visible_caps;	/* held on every row it sees, see
								 * ats_visible_rows_caps() */
} AtsUserAcl;

/* A connection to SPI as the tables' owner, with a safe search_path. */
typedef struct AtsOwnerSpi
{
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
} AtsOwnerSpi;

/* cache.c */
extern void ats_cache_init(void);
extern AtsUserAcl *ats_acl_for_role(Oid roleid);
extern MemoryContext ats_cache_context(void);
extern int	ats_capability_bit(const char *name);
extern uint64 ats_cache_generation(void);
extern const char *ats_capability_name(int bit);
extern AtsCapSet ats_all_capabilities(void);
extern bool ats_job_exists(int64 job_id, bool *confidential);
extern int64 ats_tag_category(int64 tag_id);
extern int	ats_module_index(const char *module);
extern const char *ats_module_name(int index);
extern int	ats_table_module(const char *table, const char **owner_column);
extern void ats_cache_register_invalidation(void);
extern Oid	ats_cache_sentinel_relid(void);
extern Oid	ats_data_owner(void);
extern void ats_run_as_owner_begin(Oid *save_userid, int *save_sec_context, int *save_nestlevel);
extern void ats_run_as_owner_end(Oid save_userid, int save_sec_context, int save_nestlevel);
extern void ats_owner_spi_begin(AtsOwnerSpi *state);
extern void ats_owner_spi_end(AtsOwnerSpi *state);
extern bool ats_owner_exists(const char *sql, int nargs, Oid *argtypes, Datum *values);

/* The extension's catalog objects; InvalidOid for one that does not exist. */
typedef struct AtsCatalogOids
{
	Oid			acl_nsp;		/* schema ats_acl */
	Oid			data_nsp;		/* schema ats_data, the hidden tables */
	Oid			owner_role;		/* ats_acl_owner, the masked views' writer */
	Oid			users;			/* ats_acl.users, the cache's sentinel */
	Oid			jobs;			/* ats_data.jobs */
	Oid			applications;	/* ats_data.applications */
	Oid			candidates;		/* ats_data.candidates */
	Oid			application_tags;	/* ats_data.application_tags */
	Oid			shared_fn;		/* ats_acl.application_shared(5 × bigint) */
	Oid			own_fn;			/* ats_acl.own_candidate_ids() */
} AtsCatalogOids;

/* catalog.c */
extern void ats_catalog_init(void);
extern const AtsCatalogOids *ats_catalog(void);
extern Oid	ats_catalog_relid(Oid relid, const char *name);

/* statements.c */
extern int	ats_execute_kept(const char *sql, int nargs, Oid *types, Datum *values,
							 const char *nulls, bool read_only, long count);

/* triggers.c */
struct TriggerData;
extern struct TriggerData *ats_row_trigger(FunctionCallInfo fcinfo, const char *fname,
										   const char *timing, int min_nargs);
extern bool ats_column_changed(TupleDesc desc, HeapTuple oldtup, HeapTuple newtup, int attnum);
extern void ats_require_module_write_tg(const AtsUserAcl *acl, struct TriggerData *tg);
extern HeapTuple ats_checked_insert(const AtsUserAcl *acl, Relation rel, HeapTuple tuple);

/* candidate.c */
extern AtsCapSet ats_candidate_caps(const AtsUserAcl *acl, int64 candidate_id, bool *visible);
extern AtsCapSet ats_candidate_caps_ext(const AtsUserAcl *acl, int64 candidate_id,
										bool must_exist, bool *visible);
extern bool ats_record_visible(const AtsUserAcl *acl, int64 candidate_id, bool job_isnull,
							   int64 job_id, int cap_bit);
extern bool ats_application_job(int64 application_id, int64 *job_id, char **status);
extern int64 ats_active_user_id(const AtsUserAcl *acl);
extern MemoryContext ats_statement_memo(uint64 *generation);

/* activity.c */
extern bool ats_log_dba_writes;

/* hooks.c */
extern void ats_hooks_init(void);
extern bool ats_targeted_columns(Oid relid, Bitmapset **cols);
extern bool ats_insert_returns_rows(Oid relid);

/* lookup.c */
typedef bool (*AtsRowCallback) (HeapTuple tuple, TupleDesc desc, void *arg);
extern void ats_lookup_init(void);
extern void ats_lookup_release(void);
extern void ats_index_lookup(const char *relname, const char *column, int64 value,
							 AtsRowCallback fn, void *arg);
extern int64 ats_row_int8(HeapTuple tuple, TupleDesc desc, const char *column, bool *isnull);
extern char *ats_row_text(HeapTuple tuple, TupleDesc desc, const char *column);
extern bool ats_index_any_in(const char *relname, const char *key, int64 value,
							 const char *column, ArrayType *set);
extern bool ats_candidate_creator(int64 candidate_id, int64 *created_by, bool *isnull);

/* planner.c */
extern void ats_planner_init(void);
extern int64 ats_limit_value(Node *n);

/* probes.c */
extern void ats_probes_init(void);

/* specialize.c */
struct Query;
struct PlannedStmt;
extern struct Query *ats_specialize_query(struct Query *parse, bool *specialized);
extern void ats_specialized_plan_dependencies(struct PlannedStmt *stmt);
extern struct Const *ats_user_state_call_value(Node *call);

/* sharing_quals.c */
extern bool ats_inline_sharing(struct Query *parse, const AtsUserAcl *acl);

/* identity.c */
extern AtsUserAcl *ats_current_acl(void);
extern Oid	ats_set_acting_role(Oid roleid);
extern AtsUserAcl *ats_caller_acl(void);
extern bool ats_sees_all_jobs(const AtsUserAcl *acl);
extern bool ats_sees_public_jobs(const AtsUserAcl *acl);

/* profile.c */
extern char ats_module_level(const AtsUserAcl *acl, int module);
extern void ats_require_module_write(const AtsUserAcl *acl, Relation rel, HeapTuple oldtup,
									 HeapTuple newtup);

/* sharing.c */
extern bool ats_int8_array_contains(ArrayType *arr, int64 value);
extern bool ats_int8_array_empty(ArrayType *arr);
extern AtsShareRule *ats_share_rule(const AtsUserAcl *acl, int64 job_id);
extern bool ats_application_shared(const AtsUserAcl *acl, int64 application_id, int64 job_id,
								   bool source_isnull, int64 source_id, int64 created_by,
								   int64 candidate_id, int64 candidate_creator);
extern AtsCapSet ats_external_candidate(const AtsUserAcl *acl, int64 candidate_id,
										int64 job_id, bool *visible);
extern bool ats_tag_allowed(const AtsUserAcl *acl, int64 tag_id);
extern bool ats_external_can_add(const AtsUserAcl *acl);
extern bool ats_application_shared_by_id(const AtsUserAcl *acl, int64 application_id);

/* capability.c */
extern ArrayType *ats_job_ids_array(const AtsUserAcl *acl, int bit);
extern ArrayType *ats_sorted_int8_array(int64 *raw, int n);
extern AtsCapSet ats_job_caps(const AtsUserAcl *acl, int64 job_id);
extern AtsCapSet ats_visible_rows_caps(const AtsUserAcl *acl);
extern bool ats_job_visible_to(const AtsUserAcl *acl, int64 job_id);
extern int	ats_capability_bit_or_error(const char *name);
extern int	ats_capability_arg_bit(FunctionCallInfo fcinfo, int argno);
extern void ats_require_capability(const AtsUserAcl *acl, int64 job_id,
								   const char *capability, const char *action);

#endif							/* ATS_ACL_H */
