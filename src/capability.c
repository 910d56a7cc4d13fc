/*-------------------------------------------------------------------------
 *
 * capability.c
 *	  Capability evaluation, and the SQL functions the policies call.
 *
 * The policies of the hidden tables compare a row's job id against
 * ats_acl.job_ids(capability): the planner hook puts the set in the plan as
 * a constant (specialize.c), an index condition; unhooked, the call is
 * answered from a memo of the set.  The triggers, can() and capabilities() ask the same
 * cached AtsUserAcl, so reads and writes can never disagree.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_sees_all_jobs);
PG_FUNCTION_INFO_V1(ats_acl_sees_public_jobs);
PG_FUNCTION_INFO_V1(ats_acl_can_create_jobs);
PG_FUNCTION_INFO_V1(ats_acl_job_ids);
PG_FUNCTION_INFO_V1(ats_acl_job_visible);
PG_FUNCTION_INFO_V1(ats_acl_capabilities);
PG_FUNCTION_INFO_V1(ats_acl_can);
PG_FUNCTION_INFO_V1(ats_acl_can_on_all_visible);

/* Capabilities of a user on a job: all for admins, else its level's. */
AtsCapSet
ats_job_caps(const AtsUserAcl *acl, int64 job_id)
{
	AtsJobCaps *jc;

	if (ats_sees_all_jobs(acl))
		return ats_all_capabilities();
	if (acl->jobs == NULL)
		return 0;
	jc = hash_search(acl->jobs, &job_id, HASH_FIND, NULL);
	return jc ? jc->caps : 0;
}

/*
 * The capabilities a user holds on every application and candidate it sees,
 * memoized in the cache: all for admins; for another internal user, those of
 * every job it may view the applications of (those are the applications it
 * sees, and a candidate it sees through its creator or a group gets all but
 * view_private_custom_fields); for an external user its level's: every
 * application it sees is on a job one of its rules shares, and every
 * candidate it sees has such an application or was created by it (the level,
 * plus editing).  An external member of a group also sees the group's
 * candidates, with none of its level's capabilities: none then.  A view's
 * mask that asks for one of them is then true on every row the table's
 * policy lets through.
 */
AtsCapSet
ats_visible_rows_caps(const AtsUserAcl *acl)
{
	AtsUserAcl *memo = (AtsUserAcl *) acl;
	int			view_bit;
	int			private_bit;
	AtsCapSet	caps;
	HASH_SEQ_STATUS seq;
	AtsJobCaps *jc;

	if (acl->visible_caps_known)
		return acl->visible_caps;
	view_bit = ats_capability_bit("view_applications");
	private_bit = ats_capability_bit("view_private_custom_fields");
	if (ats_sees_all_jobs(acl))
		caps = ats_all_capabilities();
	else if (ats_active_user_id(acl) == 0 || view_bit < 0)
		caps = 0;
	else if (acl->external)
		caps = ats_int8_array_empty(acl->group_ids) ? acl->level_caps : 0;
	else
	{
		caps = ats_all_capabilities() & ~(private_bit >= 0 ? ATS_CAP_BIT(private_bit) : 0);
		if (acl->jobs != NULL)
		{
			hash_seq_init(&seq, acl->jobs);
			while ((jc = hash_seq_search(&seq)) != NULL)
				if ((jc->caps & ATS_CAP_BIT(view_bit)) != 0)
					caps &= jc->caps;
		}
	}
	memo->visible_caps = caps;
	memo->visible_caps_known = true;
	return caps;
}

/* Whether a user sees a job (SPEC 4.1). */
bool
ats_job_visible_to(const AtsUserAcl *acl, int64 job_id)
{
	bool		confidential = true;

	if (ats_sees_all_jobs(acl))
		return true;
	if (acl->jobs != NULL && hash_search(acl->jobs, &job_id, HASH_FIND, NULL) != NULL)
		return true;
	return ats_sees_public_jobs(acl) && ats_job_exists(job_id, &confidential) && !confidential;
}

/* Bit of a capability name; an error naming it when unknown. */
int
ats_capability_bit_or_error(const char *name)
{
	int			bit = ats_capability_bit(name);

	if (bit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("capability \"%s\" does not exist", name),
				 errhint("The capabilities are listed in ats_acl.capabilities.")));
	return bit;
}

/* A capability argument's bit, remembered per call site while the cache stays the same. */
typedef struct AtsCapArgMemo
{
	uint64		generation;
	int			bit;
	int			len;
	char		name[NAMEDATALEN];
} AtsCapArgMemo;

/*
 * The bit of the capability named by text argument argno (not NULL) of a SQL
 * function; the caller has read the current user's permissions already.
 * Masks call can('view_stage', job_id) on every row: the name is looked up
 * once per call site, not compared with every capability on every row.
 */
int
ats_capability_arg_bit(FunctionCallInfo fcinfo, int argno)
{
	text	   *arg = PG_GETARG_TEXT_PP(argno);
	int			len = VARSIZE_ANY_EXHDR(arg);
	AtsCapArgMemo *memo = (AtsCapArgMemo *) fcinfo->flinfo->fn_extra;
	uint64		generation = ats_cache_generation();
	int			bit;

	if (memo != NULL && memo->generation == generation && memo->len == len &&
		memcmp(memo->name, VARDATA_ANY(arg), len) == 0)
		return memo->bit;
	bit = ats_capability_bit_or_error(text_to_cstring(arg));
	if (len < NAMEDATALEN)
	{
		if (memo == NULL)
			fcinfo->flinfo->fn_extra = memo =
				MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AtsCapArgMemo));
		memo->generation = generation;
		memo->bit = bit;
		memo->len = len;
		memcpy(memo->name, VARDATA_ANY(arg), len);
	}
	return bit;
}

/* Raise 42501 naming the capability unless the user holds it on the job. */
void
ats_require_capability(const AtsUserAcl *acl, int64 job_id,
					   const char *capability, const char *action)
{
	int			bit = ats_capability_bit_or_error(capability);

	if ((ats_job_caps(acl, job_id) & ATS_CAP_BIT(bit)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s: capability \"%s\" on job %lld is required",
						action, capability, (long long) job_id),
				 errhint("A user with \"manage_job_permissions\" on the job can grant a level that includes it.")));
}

/* Sorted array of the jobs in acl->jobs whose caps intersect mask (0: all). */
static ArrayType *
ats_build_job_ids(const AtsUserAcl *acl, AtsCapSet mask)
{
	int			n = 0;
	HASH_SEQ_STATUS seq;
	AtsJobCaps *jc;
	int64	   *raw;

	if (acl->jobs == NULL)
		return construct_empty_array(INT8OID);

	raw = palloc(sizeof(int64) * (hash_get_num_entries(acl->jobs) + 1));
	hash_seq_init(&seq, acl->jobs);
	while ((jc = hash_seq_search(&seq)) != NULL)
		if (mask == 0 || (jc->caps & mask) != 0)
			raw[n++] = jc->job_id;
	return ats_sorted_int8_array(raw, n);
}

/*
 * A bigint[] of n ids, sorted (in place) so that EXPLAIN output and index
 * probes are stable.
 */
ArrayType *
ats_sorted_int8_array(int64 *raw, int n)
{
	Datum	   *ids;

	for (int i = 1; i < n; i++)
	{
		int64		v = raw[i];
		int			j = i - 1;

		while (j >= 0 && raw[j] > v)
		{
			raw[j + 1] = raw[j];
			j--;
		}
		raw[j + 1] = v;
	}
	ids = palloc(sizeof(Datum) * (n + 1));
	for (int i = 0; i < n; i++)
		ids[i] = Int64GetDatum(raw[i]);
	return construct_array(ids, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* ats_acl.sees_all_jobs(): DBA or active ATS admin. */
Datum
ats_acl_sees_all_jobs(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_sees_all_jobs(ats_current_acl()));
}

/* ats_acl.sees_public_jobs(): every non-confidential job is visible. */
Datum
ats_acl_sees_public_jobs(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_sees_public_jobs(ats_current_acl()));
}

/* ats_acl.can_create_jobs(): regular and admin module access, and the DBA. */
Datum
ats_acl_can_create_jobs(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_sees_public_jobs(ats_current_acl()));
}

/*
 * The jobs a user holds a level on whose capabilities include the bit (< 0:
 * any level), as a fresh int8[]; memoized in the cache.
 */
ArrayType *
ats_job_ids_array(const AtsUserAcl *acl, int bit)
{
	int			slot = bit < 0 ? ATS_MAX_CAPS : bit;
	ArrayType **memo = (ArrayType **) &acl->job_ids[slot];

	if (*memo == NULL)
	{
		MemoryContext oldcxt = MemoryContextSwitchTo(ats_cache_context());

		*memo = ats_build_job_ids(acl, bit < 0 ? 0 : ATS_CAP_BIT(bit));
		MemoryContextSwitchTo(oldcxt);
	}
	return DatumGetArrayTypePCopy(PointerGetDatum(*memo));
}

/*
 * ats_acl.job_ids(capability): jobs an internal user holds the capability on
 * (NULL: any level); empty for external users, whose jobs are shared_job_ids().
 */
Datum
ats_acl_job_ids(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();
	int			bit = -1;

	if (!PG_ARGISNULL(0))
		bit = ats_capability_arg_bit(fcinfo, 0);
	if (acl->external)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	PG_RETURN_ARRAYTYPE_P(ats_job_ids_array(acl, bit));
}

/* ats_acl.job_visible(job_id): whether the current user sees the job. */
Datum
ats_acl_job_visible(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_job_visible_to(ats_current_acl(), PG_GETARG_INT64(0)));
}

/* ats_acl.capabilities(job_id): the current user's capabilities, in catalog order. */
Datum
ats_acl_capabilities(PG_FUNCTION_ARGS)
{
	int64		job_id = PG_GETARG_INT64(0);
	AtsUserAcl *acl = ats_current_acl();
	AtsCapSet	caps = 0;
	Datum		names[ATS_MAX_CAPS];
	int			n = 0;

	if (!ats_sees_all_jobs(acl) || ats_job_exists(job_id, NULL))
		caps = ats_job_caps(acl, job_id);
	for (int bit = 0; bit < ATS_MAX_CAPS; bit++)
		if ((caps & ATS_CAP_BIT(bit)) != 0 && ats_capability_name(bit) != NULL)
			names[n++] = CStringGetTextDatum(ats_capability_name(bit));
	PG_RETURN_ARRAYTYPE_P(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* ats_acl.can_on_all_visible(capability): held on every application and candidate the current user sees. */
Datum
ats_acl_can_on_all_visible(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();	/* first: it loads the capability names */
	int			bit = ats_capability_arg_bit(fcinfo, 0);

	PG_RETURN_BOOL((ats_visible_rows_caps(acl) & ATS_CAP_BIT(bit)) != 0);
}

/* ats_acl.can(capability, job_id): whether the current user holds it. */
Datum
ats_acl_can(PG_FUNCTION_ARGS)
{
	int64		job_id = PG_GETARG_INT64(1);
	AtsUserAcl *acl = ats_current_acl();
	int			bit = ats_capability_arg_bit(fcinfo, 0);

	PG_RETURN_BOOL((!ats_sees_all_jobs(acl) || ats_job_exists(job_id, NULL)) &&
				   (ats_job_caps(acl, job_id) & ATS_CAP_BIT(bit)) != 0);
}
