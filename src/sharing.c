/*-------------------------------------------------------------------------
 *
 * sharing.c
 *	  External users and sharing rules (SPEC 4.7, 4.8; Recruitis, PyjamaHR).
 *
 * An external user sees a job when a sharing rule of the job lists it, and
 * an application of that job when the rule shares it: its source is one of
 * the rule's sources, it carries one of the rule's tags as an application
 * tag, or the rule shares own candidates and the user created the
 * application or its candidate.  It sees a candidate through a shared
 * application, or because it created the candidate.  What it sees and does
 * there is the capability set of its external role's level (caller, agency,
 * controller), which admins can change like any level.
 *
 * The rules themselves are in the per-role cache (cache.c); whether one
 * application matches depends on its tags, probed per row with the
 * statement's snapshot, so tagging an application shares it from the next
 * statement.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_is_external);
PG_FUNCTION_INFO_V1(ats_acl_shared_job_ids);
PG_FUNCTION_INFO_V1(ats_acl_application_shared);
PG_FUNCTION_INFO_V1(ats_acl_own_candidate_ids);
PG_FUNCTION_INFO_V1(ats_acl_mentioned_in);
PG_FUNCTION_INFO_V1(ats_acl_tag_allowed);
PG_FUNCTION_INFO_V1(ats_acl_category_allowed);

/*
 * What tag and own-candidate sharing need of the data.  Whether an
 * application carries one of its rule's tags is answered by index probes per
 * row (its tags, then, where one matches, its job), so a pipeline pays for the rows
 * it reads even when shared rows are sparse in a big job: reading a job's
 * tagged applications whole took 35-50 ms for the biggest jobs at SF 1,
 * against a few ms of probes for a pipeline and no less for a dashboard.
 * The candidates an external user created are few: they are read once per
 * statement through the index on candidates(created_by), then looked up.
 */
typedef struct AtsSharingMemo
{
	uint64		generation;
	Oid			roleid;
	HTAB	   *own;			/* int64 candidate ids */
} AtsSharingMemo;

/* An application, as sharing rules see it. */
typedef struct AtsSharedApp
{
	bool		found;
	int64		id;
	int64		job_id;
	bool		source_isnull;
	int64		source_id;
	int64		created_by;
	int64		candidate_id;
} AtsSharedApp;

/* Ids gathered by a lookup. */
typedef struct AtsIdList
{
	int64	   *ids;
	int			n;
	int			size;
} AtsIdList;

static AtsSharingMemo sharing_memo;

/* Lookup callback: gather a row's id. */
static bool
ats_id_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsIdList  *list = arg;
	bool		isnull;
	int64		id = ats_row_int8(tuple, desc, "id", &isnull);

	if (list->n == list->size)
	{
		list->size *= 2;
		list->ids = repalloc(list->ids, sizeof(int64) * list->size);
	}
	list->ids[list->n++] = id;
	return true;
}

/*
 * The statement's sharing memo of an external user, read again when the
 * statement, the user or the cache changed.
 */
static AtsSharingMemo *
ats_sharing_memo(const AtsUserAcl *acl)
{
	uint64		generation;
	MemoryContext cxt;
	HASHCTL		ctl;
	AtsIdList	own;

	(void) ats_statement_memo(&generation);
	if (sharing_memo.generation == generation && sharing_memo.roleid == acl->roleid &&
		sharing_memo.own != NULL)
		return &sharing_memo;

	own.size = 16;
	own.n = 0;
	own.ids = palloc(sizeof(int64) * own.size);
	ats_index_lookup("candidates", "created_by", acl->user_id, ats_id_row, &own);

	/* The lookup may have accepted invalidations, which empty the statement's memory. */
	cxt = ats_statement_memo(&generation);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(int64);
	ctl.hcxt = cxt;
	sharing_memo.own = hash_create("ats_acl own candidates", Max(own.n, 16), &ctl,
								   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (int i = 0; i < own.n; i++)
		(void) hash_search(sharing_memo.own, &own.ids[i], HASH_ENTER, NULL);
	pfree(own.ids);
	sharing_memo.generation = generation;
	sharing_memo.roleid = acl->roleid;
	return &sharing_memo;
}

/* Lookup callback: an application's sharing-relevant columns. */
static bool
ats_shared_app_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsSharedApp *app = arg;
	bool		isnull;

	app->found = true;
	app->id = ats_row_int8(tuple, desc, "id", &isnull);
	app->job_id = ats_row_int8(tuple, desc, "job_id", &isnull);
	app->source_id = ats_row_int8(tuple, desc, "source_id", &app->source_isnull);
	app->created_by = ats_row_int8(tuple, desc, "created_by", &isnull);
	app->candidate_id = ats_row_int8(tuple, desc, "candidate_id", &isnull);
	return false;
}

/* Whether an application of the rule's job carries one of the rule's tags. */
static bool
ats_tag_shared(const AtsShareRule *rule, int64 application_id)
{
	AtsSharedApp app;

	if (ArrayGetNItems(ARR_NDIM(rule->by_tags), ARR_DIMS(rule->by_tags)) == 0 ||
		!ats_index_any_in("application_tags", "application_id", application_id, "tag_id",
						  rule->by_tags))
		return false;

	/*
	 * Only an application of the rule's job: the caller may have forged the
	 * job.  Checked second, on the few rows that carry a tag, so that an
	 * answer about another job's application is false either way.
	 */
	memset(&app, 0, sizeof(app));
	ats_index_lookup("applications", "id", application_id, ats_shared_app_row, &app);
	return app.found && app.job_id == rule->job_id;
}

/* Whether the external user created the candidate. */
static bool
ats_own_candidate(const AtsUserAcl *acl, int64 candidate_id)
{
	return hash_search(ats_sharing_memo(acl)->own, &candidate_id, HASH_FIND, NULL) != NULL;
}

/* Whether an int8 array (NULL: empty) contains a value. */
bool
ats_int8_array_contains(ArrayType *arr, int64 value)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (arr == NULL)
		return false;
	if (!ARR_HASNULL(arr))
	{
		/* The usual case, on every row of a sharing check: no deconstruction, no palloc. */
		const int64 *v = (const int64 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));

		n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
		for (int i = 0; i < n; i++)
			if (v[i] == value)
				return true;
		return false;
	}
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i] && DatumGetInt64(elems[i]) == value)
			return true;
	return false;
}

/* Whether an int8 array (NULL: empty) has no element. */
bool
ats_int8_array_empty(ArrayType *arr)
{
	return arr == NULL || ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) == 0;
}

/* An active external user's sharing rule on a job, or NULL. */
AtsShareRule *
ats_share_rule(const AtsUserAcl *acl, int64 job_id)
{
	if (!acl->external || acl->rules == NULL || ats_active_user_id(acl) == 0)
		return NULL;
	return hash_search(acl->rules, &job_id, HASH_FIND, NULL);
}

/*
 * Whether an application is shared with an external user (SPEC 4.7): by its
 * source, by an application tag of its job's rule, or as its own candidate.
 * candidate_creator < 0 means unknown.  Callable by users through
 * application_shared(), so nothing here trusts the job or candidate it is
 * given beyond what the statement's memo of the user's own sharing holds.
 */
bool
ats_application_shared(const AtsUserAcl *acl, int64 application_id, int64 job_id,
					   bool source_isnull, int64 source_id, int64 created_by,
					   int64 candidate_id, int64 candidate_creator)
{
	AtsShareRule *rule = ats_share_rule(acl, job_id);

	if (rule == NULL)
		return false;
	if (!source_isnull && ats_int8_array_contains(rule->by_sources, source_id))
		return true;
	if (rule->own_candidates &&
		(created_by == acl->user_id || candidate_creator == acl->user_id))
		return true;
	if (rule->own_candidates && candidate_creator < 0 && ats_own_candidate(acl, candidate_id))
		return true;
	return ats_tag_shared(rule, application_id);
}

/* An external user's search for a shared application of one candidate. */
typedef struct AtsExternalSearch
{
	const AtsUserAcl *acl;
	int64		candidate_id;
	int64		job_id;			/* 0: any job */
	int64		creator;		/* the candidate's creator, 0 when none */
	bool		visible;
} AtsExternalSearch;

/* Lookup callback: one application of the candidate; stops at a shared one. */
static bool
ats_external_app_row(HeapTuple tuple, TupleDesc desc, void *arg)
{
	AtsExternalSearch *search = arg;
	AtsSharedApp app;

	(void) ats_shared_app_row(tuple, desc, &app);
	if (search->job_id == 0 || app.job_id == search->job_id)
		search->visible = ats_application_shared(search->acl, app.id, app.job_id,
												 app.source_isnull, app.source_id,
												 app.created_by, search->candidate_id,
												 search->creator);
	return !search->visible;
}

/*
 * An external user's view of a candidate, or of its application on one job
 * (job_id 0: any job): visible through a shared application, or (candidate
 * level only) because the user created it.  Capabilities: its level's; on
 * candidates it created, also the right to edit them.
 */
AtsCapSet
ats_external_candidate(const AtsUserAcl *acl, int64 candidate_id, int64 job_id, bool *visible)
{
	int64		creator;
	bool		isnull;
	AtsExternalSearch search;

	*visible = false;
	if (ats_active_user_id(acl) == 0 || acl->rules == NULL)
		return 0;

	if (!ats_candidate_creator(candidate_id, &creator, &isnull))
		return 0;
	search.acl = acl;
	search.candidate_id = candidate_id;
	search.job_id = job_id;
	search.creator = creator;
	search.visible = false;
	ats_index_lookup("applications", "candidate_id", candidate_id, ats_external_app_row, &search);
	*visible = search.visible;
	if (job_id == 0 && creator == acl->user_id)
	{
		*visible = true;
		return acl->level_caps |
			ATS_CAP_BIT(ats_capability_bit_or_error("add_edit_applications"));
	}
	return *visible ? acl->level_caps : 0;
}

/*
 * Whether tags of a category are visible: to internal users all; to an
 * external user those of its allowed categories, if its level has view_tags.
 */
static bool
ats_category_allowed(const AtsUserAcl *acl, int64 category_id)
{
	int			view_tags = ats_capability_bit("view_tags");

	if (!acl->external)
		return acl->dba || (acl->registered && acl->active);
	return ats_active_user_id(acl) != 0 && view_tags >= 0 &&
		(acl->level_caps & ATS_CAP_BIT(view_tags)) != 0 && category_id != 0 &&
		ats_int8_array_contains(acl->allowed_categories, category_id);
}

/* Whether a tag is visible (SPEC 4.8): see ats_category_allowed. */
bool
ats_tag_allowed(const AtsUserAcl *acl, int64 tag_id)
{
	if (!acl->external)
		return ats_category_allowed(acl, 0);
	return ats_category_allowed(acl, ats_tag_category(tag_id));
}

/* ats_acl.is_external(): the current user is an active external user. */
Datum
ats_acl_is_external(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	PG_RETURN_BOOL(acl->external && ats_active_user_id(acl) != 0);
}

/* ats_acl.shared_job_ids(): jobs a sharing rule shares with the current user. */
Datum
ats_acl_shared_job_ids(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	if (!acl->external || ats_active_user_id(acl) == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	PG_RETURN_ARRAYTYPE_P(ats_job_ids_array(acl, -1));
}

/* ats_acl.application_shared(id, job_id, source_id, created_by, candidate_id). */
Datum
ats_acl_application_shared(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(4))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(ats_application_shared(acl, PG_GETARG_INT64(0), PG_GETARG_INT64(1),
										  PG_ARGISNULL(2), PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2),
										  PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3),
										  PG_GETARG_INT64(4), -1));
}

/* ats_acl.own_candidate_ids(): the candidates the current external user created, ascending. */
Datum
ats_acl_own_candidate_ids(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();
	HTAB	   *own;
	HASH_SEQ_STATUS seq;
	int64	   *id;
	int64	   *ids;
	int			n = 0;

	if (!acl->external || ats_active_user_id(acl) == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	own = ats_sharing_memo(acl)->own;
	ids = palloc(sizeof(int64) * Max(hash_get_num_entries(own), 1));
	hash_seq_init(&seq, own);
	while ((id = hash_seq_search(&seq)) != NULL)
		ids[n++] = *id;
	PG_RETURN_ARRAYTYPE_P(ats_sorted_int8_array(ids, n));
}

/* ats_acl.mentioned_in(note_id): the current user is @mentioned in the note. */
Datum
ats_acl_mentioned_in(PG_FUNCTION_ARGS)
{
	int64		me = ats_active_user_id(ats_current_acl());
	Oid			argtypes[2] = {INT8OID, INT8OID};
	Datum		values[2];

	if (me == 0)
		PG_RETURN_BOOL(false);
	values[0] = PG_GETARG_DATUM(0);
	values[1] = Int64GetDatum(me);
	PG_RETURN_BOOL(ats_owner_exists("SELECT 1 FROM ats_data.note_mentions "
									"WHERE note_id OPERATOR(pg_catalog.=) $1 "
									"AND user_id OPERATOR(pg_catalog.=) $2",
									2, argtypes, values));
}

/* ats_acl.tag_allowed(tag_id): whether the current user may see the tag. */
Datum
ats_acl_tag_allowed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_tag_allowed(ats_current_acl(), PG_GETARG_INT64(0)));
}

/* ats_acl.category_allowed(category_id): whether the current user sees its tags. */
Datum
ats_acl_category_allowed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_category_allowed(ats_current_acl(), PG_GETARG_INT64(0)));
}

/* Whether an external user has a sharing rule that lets it add candidates. */
bool
ats_external_can_add(const AtsUserAcl *acl)
{
	HASH_SEQ_STATUS seq;
	AtsShareRule *rule;
	bool		can = false;

	if (!acl->external || acl->rules == NULL || ats_active_user_id(acl) == 0)
		return false;
	hash_seq_init(&seq, acl->rules);
	while ((rule = hash_seq_search(&seq)) != NULL)
		if (rule->can_add_candidates)
			can = true;
	return can;
}

/* Whether an application, looked up by id, is shared with an external user. */
bool
ats_application_shared_by_id(const AtsUserAcl *acl, int64 application_id)
{
	AtsSharedApp app;

	memset(&app, 0, sizeof(app));
	ats_index_lookup("applications", "id", application_id, ats_shared_app_row, &app);
	return app.found && ats_application_shared(acl, application_id, app.job_id, app.source_isnull,
											   app.source_id, app.created_by, app.candidate_id, -1);
}
