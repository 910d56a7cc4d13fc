/*-------------------------------------------------------------------------
 *
 * candidate.c
 *	  What a user may see of a candidate and of the records about it.
 *
 * A user sees a candidate (SPEC 4.4) as an admin, as its creator, through a
 * group it shares with the candidate, or through view_applications on a job
 * the candidate applied to.  Its capabilities on the candidate's data
 * ("candidate data", SPEC 4.5) are the union of its capabilities on those
 * jobs; admins hold all, creators and group members all but
 * view_private_custom_fields, which only a job of the candidate can give.
 *
 * That depends on the candidate's applications and groups, which change all
 * the time, so it is not part of the per-role cache: it is looked up with the
 * statement's own snapshot and remembered for the rest of the statement, so a
 * candidate card costs one index lookup however many columns and records
 * consult it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_active_user_id);
PG_FUNCTION_INFO_V1(ats_acl_group_ids);
PG_FUNCTION_INFO_V1(ats_acl_candidate_visible);
PG_FUNCTION_INFO_V1(ats_acl_candidate_can);
PG_FUNCTION_INFO_V1(ats_acl_record_visible);
PG_FUNCTION_INFO_V1(ats_acl_application_can);

/* Memo key: a role's view of one candidate. */
typedef struct AtsCandidateKey
{
	Oid			roleid;
	int64		candidate_id;
	int64		job_id;			/* external users' view of one job's application; else 0 */
} AtsCandidateKey;

typedef struct AtsCandidateMemo
{
	AtsCandidateKey key;
	bool		visible;
	AtsCapSet	caps;
} AtsCandidateMemo;

/* The statement the memo belongs to. */
typedef struct AtsMemoStamp
{
	LocalTransactionId lxid;
	TimestampTz stmt_start;
	CommandId	cid;
	uint64		cache_generation;
} AtsMemoStamp;

static MemoryContext memo_context = NULL;
static uint64 memo_generation = 0;	/* bumped whenever the memos are dropped */
static HTAB *candidate_memo = NULL;
static HTAB *application_memo = NULL;
static AtsMemoStamp memo_stamp;

/* An application's job and status, remembered for the statement. */
typedef struct AtsApplicationMemo
{
	int64		application_id;
	bool		found;
	int64		job_id;
	char		status[16];
} AtsApplicationMemo;

/* Drop the memos when the statement, the snapshot's command or the cache changed. */
static AtsCapSet ats_memo_external(const AtsUserAcl *acl, AtsCandidateKey *key, bool *visible);

static void
ats_memo_ensure_current(void)
{
	AtsMemoStamp now;
	HASHCTL		ctl;

	memset(&now, 0, sizeof(now));
	now.lxid = MyProc->lxid;
	now.stmt_start = GetCurrentStatementStartTimestamp();
	now.cid = GetCurrentCommandId(false);
	now.cache_generation = ats_cache_generation();
	if (candidate_memo != NULL && memcmp(&now, &memo_stamp, sizeof(now)) == 0)
		return;

	if (memo_context == NULL)
		memo_context = AllocSetContextCreate(TopMemoryContext, "ats_acl statement memo",
											 ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(memo_context);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(AtsCandidateKey);
	ctl.entrysize = sizeof(AtsCandidateMemo);
	ctl.hcxt = memo_context;
	candidate_memo = hash_create("ats_acl candidate memo", 64, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AtsApplicationMemo);
	ctl.hcxt = memo_context;
	application_memo = hash_create("ats_acl application memo", 64, &ctl,
								   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	memo_stamp = now;
	memo_generation++;
}

/*
 * The statement's memory for memos of other files, and its generation: a
 * memo made under another generation belongs to an earlier statement.
 */
MemoryContext
ats_statement_memo(uint64 *generation)
{
	ats_memo_ensure_current();
	*generation = memo_generation;
	return memo_context;
}

/* The ATS user id of an active user, or 0. */
int64
ats_active_user_id(const AtsUserAcl *acl)
{
	return (acl->registered && acl->active) ? acl->user_id : 0;
}

/*
 * The user's capabilities on a candidate's data, and whether it sees the
 * candidate at all.
 */
AtsCapSet
ats_candidate_caps(const AtsUserAcl *acl, int64 candidate_id, bool *visible)
{
	return ats_candidate_caps_ext(acl, candidate_id, false, visible);
}

/* What an internal user's view of a candidate is computed from, gathered by index lookups. */
typedef struct AtsCandidateFacts
{
	const AtsUserAcl *acl;
	int			view_bit;		/* view_applications */
	bool		creator_isnull;
	int64		created_by;
	bool		seen;			/* through a job it holds view_applications on */
	AtsCapSet	caps;			/* the union of its levels on such jobs */
	bool		in_group;		/* in a group of the user */
} AtsCandidateFacts;

/* Lookup callback: one application of the candidate, and the user's level on its job. */
static bool
ats_candidate_job_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsCandidateFacts *facts = arg;
	bool		isnull;
	int64		job_id = ats_row_int8(tuple, desc, "job_id", &isnull);
	AtsCapSet	job_caps = isnull ? 0 : ats_job_caps(facts->acl, job_id);

	if (facts->view_bit >= 0 && (job_caps & ATS_CAP_BIT(facts->view_bit)) != 0)
	{
		facts->seen = true;
		facts->caps |= job_caps;
	}
	return true;
}

/*
 * ats_candidate_caps; with must_exist, an admin's answer also checks that the
 * candidate exists (masks skip that: their rows come from the table).
 */
AtsCapSet
ats_candidate_caps_ext(const AtsUserAcl *acl, int64 candidate_id, bool must_exist, bool *visible)
{
	AtsCandidateKey key;
	AtsCandidateMemo *memo;
	bool		found;
	AtsCandidateFacts facts;
	AtsCapSet	caps = 0;
	bool		seen = false;

	if (ats_sees_all_jobs(acl) && !must_exist)
	{
		*visible = true;
		return ats_all_capabilities();
	}
	if (!ats_sees_all_jobs(acl) && ats_active_user_id(acl) == 0)
	{
		*visible = false;
		return 0;
	}

	ats_memo_ensure_current();
	memset(&key, 0, sizeof(key));
	key.roleid = acl->roleid;
	key.candidate_id = candidate_id;
	memo = hash_search(candidate_memo, &key, HASH_FIND, NULL);
	if (memo != NULL)
	{
		*visible = memo->visible;
		return memo->caps;
	}
	if (acl->external)
		return ats_memo_external(acl, &key, visible);

	memset(&facts, 0, sizeof(facts));
	facts.acl = acl;
	facts.view_bit = ats_capability_bit("view_applications");
	if (ats_candidate_creator(candidate_id, &facts.created_by, &facts.creator_isnull))
	{
		/* The union of its levels on the jobs it sees the candidate through... */
		ats_index_lookup("applications", "candidate_id", candidate_id, ats_candidate_job_row, &facts);
		facts.in_group = acl->group_ids != NULL &&
			ats_index_any_in("candidate_groups", "candidate_id", candidate_id, "group_id",
							 acl->group_ids);
		caps = facts.caps;
		seen = facts.seen;

		/*
		 * ...and, for admins, creators and group members, all of the
		 * candidate's data, but for private custom fields, which take
		 * view_private_custom_fields on a job of the candidate (SPEC 4.5).
		 */
		if (ats_sees_all_jobs(acl))
		{
			seen = true;
			caps = ats_all_capabilities();
		}
		else if ((!facts.creator_isnull && facts.created_by == acl->user_id) || facts.in_group)
		{
			int			private_bit = ats_capability_bit("view_private_custom_fields");

			seen = true;
			caps |= ats_all_capabilities() & ~(private_bit >= 0 ? ATS_CAP_BIT(private_bit) : 0);
		}
	}

	/* The lookup may have accepted invalidations: re-check the memo's stamp. */
	ats_memo_ensure_current();
	memo = hash_search(candidate_memo, &key, HASH_ENTER, &found);
	memo->visible = seen;
	memo->caps = caps;
	*visible = seen;
	return caps;
}

/* An external user's view of a candidate (or of its application on a job), memoized. */
static AtsCapSet
ats_memo_external(const AtsUserAcl *acl, AtsCandidateKey *key, bool *visible)
{
	AtsCandidateMemo *memo;
	AtsCapSet	caps = ats_external_candidate(acl, key->candidate_id, key->job_id, visible);

	ats_memo_ensure_current();
	memo = hash_search(candidate_memo, key, HASH_ENTER, NULL);
	memo->visible = *visible;
	memo->caps = caps;
	return caps;
}

/* Lookup callback: an application's job and status. */
static bool
ats_application_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsApplicationMemo *row = arg;
	bool		isnull;
	char	   *status = ats_row_text(tuple, desc, "status");

	row->found = true;
	row->job_id = ats_row_int8(tuple, desc, "job_id", &isnull);
	strlcpy(row->status, status ? status : "", sizeof(row->status));
	return false;
}

/*
 * An application's job and status (SPEC 4.6: job-only data follows its
 * application's job); false when there is no such application.
 */
bool
ats_application_job(int64 application_id, int64 *job_id, char **status)
{
	AtsApplicationMemo *memo;
	bool		found;

	ats_memo_ensure_current();
	memo = hash_search(application_memo, &application_id, HASH_FIND, NULL);
	if (memo == NULL)
	{
		AtsApplicationMemo row;

		memset(&row, 0, sizeof(row));
		ats_index_lookup("applications", "id", application_id, ats_application_row, &row);
		ats_memo_ensure_current();
		memo = hash_search(application_memo, &application_id, HASH_ENTER, &found);
		memo->found = row.found;
		memo->job_id = row.job_id;
		strlcpy(memo->status, row.status, sizeof(memo->status));
	}
	if (job_id)
		*job_id = memo->job_id;
	if (status)
		*status = pstrdup(memo->status);
	return memo->found;
}

/*
 * Whether a record about a candidate is visible with a data capability
 * (cap_bit < 0: none needed): candidate data (no job) follows the candidate,
 * job data needs view_applications on its job (SPEC 4.5).
 */
bool
ats_record_visible(const AtsUserAcl *acl, int64 candidate_id, bool job_isnull,
				   int64 job_id, int cap_bit)
{
	AtsCapSet	need = cap_bit >= 0 ? ATS_CAP_BIT(cap_bit) : 0;

	if (ats_sees_all_jobs(acl))
		return true;
	if (job_isnull)
	{
		bool		visible;
		AtsCapSet	caps = ats_candidate_caps(acl, candidate_id, &visible);

		return visible && (caps & need) == need;
	}
	if (acl->external)
	{
		/* Job data of a candidate whose application on that job is shared. */
		AtsCandidateKey key;
		AtsCandidateMemo *memo;
		bool		visible;
		AtsCapSet	caps;

		if (ats_share_rule(acl, job_id) == NULL)
			return false;
		ats_memo_ensure_current();
		memset(&key, 0, sizeof(key));
		key.roleid = acl->roleid;
		key.candidate_id = candidate_id;
		key.job_id = job_id;
		memo = hash_search(candidate_memo, &key, HASH_FIND, NULL);
		if (memo != NULL)
			return memo->visible && (memo->caps & need) == need;
		caps = ats_memo_external(acl, &key, &visible);
		return visible && (caps & need) == need;
	}
	need |= ATS_CAP_BIT(ats_capability_bit_or_error("view_applications"));
	return (ats_job_caps(acl, job_id) & need) == need;
}

/* ats_acl.active_user_id(): the current user's id while it is active, or NULL. */
Datum
ats_acl_active_user_id(PG_FUNCTION_ARGS)
{
	int64		id = ats_active_user_id(ats_current_acl());

	if (id == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(id);
}

/* ats_acl.group_ids(): the groups the current user is a member of. */
Datum
ats_acl_group_ids(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	if (acl->group_ids == NULL || ats_active_user_id(acl) == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	PG_RETURN_ARRAYTYPE_P(DatumGetArrayTypePCopy(PointerGetDatum(acl->group_ids)));
}

/* ats_acl.candidate_visible(candidate_id): whether the current user sees it. */
Datum
ats_acl_candidate_visible(PG_FUNCTION_ARGS)
{
	bool		visible;

	(void) ats_candidate_caps_ext(ats_current_acl(), PG_GETARG_INT64(0), true, &visible);
	PG_RETURN_BOOL(visible);
}

/* ats_acl.candidate_can(candidate_id, capability): on the candidate's data. */
Datum
ats_acl_candidate_can(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();
	int			bit = ats_capability_arg_bit(fcinfo, 1);
	bool		visible;
	AtsCapSet	caps = ats_candidate_caps(acl, PG_GETARG_INT64(0), &visible);

	PG_RETURN_BOOL(visible && (caps & ATS_CAP_BIT(bit)) != 0);
}

/* ats_acl.record_visible(candidate_id, job_id, capability): SPEC 4.5. */
Datum
ats_acl_record_visible(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();
	int			bit = -1;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	if (!PG_ARGISNULL(2))
		bit = ats_capability_arg_bit(fcinfo, 2);
	PG_RETURN_BOOL(ats_record_visible(acl, PG_GETARG_INT64(0), PG_ARGISNULL(1),
									  PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1), bit));
}

/* ats_acl.application_can(application_id, capability): on the application's job. */
Datum
ats_acl_application_can(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();
	int			bit = ats_capability_arg_bit(fcinfo, 1);
	int64		job_id;

	if (ats_sees_all_jobs(acl))
		PG_RETURN_BOOL(true);
	if (!ats_application_job(PG_GETARG_INT64(0), &job_id, NULL))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL((ats_job_caps(acl, job_id) & ATS_CAP_BIT(bit)) != 0);
}
