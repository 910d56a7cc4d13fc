/*-------------------------------------------------------------------------
 *
 * sharing_quals.c
 *	  An external user's sharing rules as SQL the planner can optimize.
 *
 * The policy of ats_data.applications asks, for an external user,
 * ats_acl.application_shared(id, job_id, source_id, created_by,
 * candidate_id) of every application of its shared jobs.  The function
 * probes the application's tags (and, where one matches, its job: a caller
 * may forge the job) per row, and reads the user's own candidates once per
 * statement.  Opaque to the planner, that is two probes per row of a
 * statement that reads every shared application (a dashboard count, a
 * search, a join, a page behind a large OFFSET), where the hand-written
 * query hashes the tagged applications once, and no index for the
 * own-candidate rule.
 *
 * We replace the call, in the security quals of ats_data.applications only
 * (where its arguments are that row's own columns, so no job can be
 * forged), by the rules written out with the user's constants, one term
 * per group of rules that share alike:
 *
 *	 job_id = ANY (<jobs>) AND (source_id = ANY (<sources>)
 *		OR created_by = <me> OR candidate_id = ANY ((SELECT own_candidate_ids()))
 *		OR EXISTS (<a tag of <tags> on this application>))
 *
 * The planner then chooses between a probe per row and a hash of the
 * tagged applications, and uses the candidate_id and created_by indexes
 * for own candidates, as for a hand-written query; a page of one view keeps
 * the call for tags (ATS_PROBE_ROWS).  The subqueries read the hidden
 * tables as the function's probes do: without policies and without a
 * permission check of the caller (their result only filters rows of the
 * policy).  Their data (tags; the user's candidates, from the statement's
 * memo that the call reads too) is read by the executor when the statement
 * runs; only the rules are constants,
 * and a plan holding them depends on the role and on ats_acl.users like
 * every specialized plan (specialize.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_opfamily_d.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "ats_acl.h"

/*
 * A page of one view (LIMIT plus OFFSET of at most this many rows, no join)
 * keeps the per-row probe of tags: building a hash of every application
 * carrying a rule's tag costs more than probing a page of a job's rows
 * (SF 1: 1.3 ms probing a tag-sharing pipeline, 6.6 ms for the hand-written
 * query's hash).  The planner would not choose the probes itself: it costs
 * the subquery for every row of the job, not for the rows the LIMIT reads.
 */
#define ATS_PROBE_ROWS 200

/*
 * Rules that share alike, and their jobs; copied out of the cache, which
 * opening a table may rebuild.
 */
typedef struct RuleGroup
{
	ArrayType  *by_sources;		/* int8[], NULL when empty */
	ArrayType  *by_tags;		/* int8[], NULL when empty */
	bool		own_candidates;
	List	   *jobs;			/* job ids, as int64 pointers */
} RuleGroup;

/* The columns of ats_data.applications the policy passes to application_shared(), in order. */
static const char *const call_columns[] = {"id", "job_id", "source_id", "created_by", "candidate_id"};

/* What the replacement needs to know, resolved once per statement. */
typedef struct SharingContext
{
	int64		user_id;
	Oid			shared_fn;		/* ats_acl.application_shared */
	Oid			own_fn;			/* ats_acl.own_candidate_ids */
	AttrNumber	call_cols[lengthof(call_columns)];	/* their attribute numbers */
	Oid			applications;	/* relation oids in ats_data */
	Oid			application_tags;
	List	   *groups;			/* RuleGroup, ordered by their first job */
	bool		probe_tags;		/* tags by the call's per-row probe, not EXISTS */
	bool		only_own;		/* in a sublink: all but own candidates by the call */
	bool		any_own;		/* some rule shares own candidates */
	bool		replaced;
} SharingContext;

/* Attribute number of a column of an ats_data table; can't-happen error when missing. */
static AttrNumber
attno_of(Oid relid, const char *column)
{
	AttrNumber	attno = get_attnum(relid, column);

	if (attno == InvalidAttrNumber)
		elog(ERROR, "ats_acl: column \"%s\" of relation %u is missing", column, relid);
	return attno;
}

/* A bigint column of a range table entry, seen from levelsup query levels below. */
static Var *
int8_column(Index varno, Oid relid, const char *column, Index levelsup)
{
	return makeVar(varno, attno_of(relid, column), INT8OID, -1, InvalidOid, levelsup);
}

/* The "=" operator of bigints. */
static Oid
int8_eq_operator(void)
{
	return get_opfamily_member(INTEGER_BTREE_FAM_OID, INT8OID, INT8OID, BTEqualStrategyNumber);
}

/* "left = right" on bigints. */
static Expr *
int8_eq(Expr *left, Expr *right)
{
	OpExpr	   *op = (OpExpr *) make_opclause(int8_eq_operator(), BOOLOID, false, left, right,
											  InvalidOid, InvalidOid);

	op->opfuncid = F_INT8EQ;
	return (Expr *) op;
}

/* "left = ANY (array)" on bigints. */
static Expr *
int8_any(Expr *left, Expr *array)
{
	ScalarArrayOpExpr *op = makeNode(ScalarArrayOpExpr);

	op->opno = int8_eq_operator();
	op->opfuncid = F_INT8EQ;
	op->useOr = true;
	op->inputcollid = InvalidOid;
	op->args = list_make2(left, array);
	op->location = -1;
	return (Expr *) op;
}

/* A constant bigint. */
static Expr *
int8_const(int64 value)
{
	return (Expr *) makeConst(INT8OID, -1, InvalidOid, sizeof(int64), Int64GetDatum(value),
							  false, FLOAT8PASSBYVAL);
}

/* A constant bigint[]. */
static Expr *
int8_array_const(ArrayType *array)
{
	return (Expr *) makeConst(INT8ARRAYOID, -1, InvalidOid, -1, PointerGetDatum(array),
							  false, false);
}

/*
 * "left = ANY (<values>)" on bigints, a list of int64 pointers; "left =
 * <value>" for one: the planner estimates and matches an equality for less
 * (a single job's rule: 3-4 us off an agency's point lookup of 50 us).
 */
static Expr *
int8_in(Expr *left, List *values)
{
	Datum	   *elems;
	int			n = 0;
	ListCell   *lc;

	if (list_length(values) == 1)
		return int8_eq(left, int8_const(*(int64 *) linitial(values)));
	elems = palloc(sizeof(Datum) * list_length(values));
	foreach(lc, values)
		elems[n++] = Int64GetDatum(*(int64 *) lfirst(lc));
	return int8_any(left, (Expr *) makeConst(INT8ARRAYOID, -1, InvalidOid, -1,
											 PointerGetDatum(construct_array(elems, n, INT8OID,
																			 sizeof(int64),
																			 FLOAT8PASSBYVAL,
																			 TYPALIGN_DOUBLE)),
											 false, false));
}

/*
 * A hidden table read by a rule's subquery: locked as a query's table is,
 * with no permission to check and no policy (see the file's comment).
 */
static RangeTblEntry *
hidden_table_rte(Oid relid, const char *alias)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);
	Relation	rel = table_open(relid, AccessShareLock);
	List	   *colnames = NIL;

	for (int i = 0; i < RelationGetNumberOfAttributes(rel); i++)
	{
		Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), i);

		colnames = lappend(colnames, makeString(pstrdup(att->attisdropped ? "" :
														NameStr(att->attname))));
	}
	rte->rtekind = RTE_RELATION;
	rte->relid = relid;
	rte->relkind = rel->rd_rel->relkind;
	rte->rellockmode = AccessShareLock;
	rte->alias = makeAlias(alias, NIL);
	rte->eref = makeAlias(alias, colnames);
	rte->inh = false;
	rte->inFromCl = true;
	rte->requiredPerms = 0;
	table_close(rel, NoLock);
	return rte;
}

/* "SELECT <target> FROM ats_data.<relid> <alias> WHERE <quals>", over one hidden table. */
static Query *
hidden_table_query(Oid relid, const char *alias, Expr *target, Expr *quals)
{
	Query	   *q = makeNode(Query);
	RangeTblRef *rtr = makeNode(RangeTblRef);

	rtr->rtindex = 1;
	q->commandType = CMD_SELECT;
	q->querySource = QSRC_ORIGINAL;
	q->canSetTag = true;
	q->rtable = list_make1(hidden_table_rte(relid, alias));
	q->jointree = makeFromExpr(list_make1(rtr), (Node *) quals);
	q->targetList = list_make1(makeTargetEntry(target, 1, pstrdup(alias), false));
	return q;
}

/* A sublink of a subquery. */
static Expr *
make_sublink(SubLinkType type, Query *subselect)
{
	SubLink    *sublink = makeNode(SubLink);

	sublink->subLinkType = type;
	sublink->subselect = (Node *) subselect;
	sublink->location = -1;
	return (Expr *) sublink;
}

/* EXISTS (SELECT 1 FROM ats_data.application_tags t WHERE t.application_id = <app>.id AND t.tag_id = ANY (<tags>)) */
static Expr *
tagged_with(SharingContext *ctx, Index app_varno, ArrayType *tags)
{
	Oid			relid = ctx->application_tags;
	Expr	   *quals;

	quals = make_andclause(list_make2(int8_eq((Expr *) int8_column(1, relid, "application_id", 0),
											  (Expr *) int8_column(app_varno, ctx->applications,
																   "id", 1)),
									  int8_any((Expr *) int8_column(1, relid, "tag_id", 0),
											   int8_array_const(tags))));
	return make_sublink(EXISTS_SUBLINK,
						hidden_table_query(relid, "t",
										   (Expr *) makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
															  Int32GetDatum(1), false, true),
										   quals));
}

/*
 * candidate_id = ANY ((SELECT ats_acl.own_candidate_ids())): an initPlan,
 * read once per statement from the statement's memo; cheaper to plan than a
 * query of candidates, and not a constant a cached plan would keep.
 */
static Expr *
own_candidate(SharingContext *ctx, Index app_varno)
{
	Query	   *q = makeNode(Query);
	FuncExpr   *call = makeFuncExpr(ctx->own_fn, INT8ARRAYOID, NIL, InvalidOid, InvalidOid,
									COERCE_EXPLICIT_CALL);

	q->commandType = CMD_SELECT;
	q->querySource = QSRC_ORIGINAL;
	q->canSetTag = true;
	q->jointree = makeFromExpr(NIL, NULL);
	q->targetList = list_make1(makeTargetEntry((Expr *) call, 1, pstrdup("own_candidate_ids"),
											   false));
	return int8_any((Expr *) int8_column(app_varno, ctx->applications, "candidate_id", 0),
					make_sublink(EXPR_SUBLINK, q));
}

/* A copy of a cached int8 array, or NULL when it is empty. */
static ArrayType *
array_copy(ArrayType *array)
{
	return ats_int8_array_empty(array) ? NULL : DatumGetArrayTypePCopy(PointerGetDatum(array));
}

/* Whether two copied int8 arrays (NULL: empty) hold the same elements in the same order. */
static bool
same_array(ArrayType *a, ArrayType *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/* Order of rules by job id. */
static int
rule_cmp(const void *a, const void *b)
{
	int64		x = (*(AtsShareRule *const *) a)->job_id;
	int64		y = (*(AtsShareRule *const *) b)->job_id;

	return (x > y) - (x < y);
}

/* The user's rules that share something, grouped by what they share, ordered by job. */
static List *
rule_groups(const AtsUserAcl *acl)
{
	long		n = hash_get_num_entries(acl->rules);
	AtsShareRule **rules = palloc(sizeof(AtsShareRule *) * Max(n, 1));
	HASH_SEQ_STATUS seq;
	AtsShareRule *rule;
	List	   *groups = NIL;
	int			i = 0;

	hash_seq_init(&seq, acl->rules);
	while ((rule = hash_seq_search(&seq)) != NULL)
		rules[i++] = rule;
	qsort(rules, n, sizeof(AtsShareRule *), rule_cmp);
	for (i = 0; i < n; i++)
	{
		RuleGroup	this;
		RuleGroup  *group = NULL;
		int64	   *job = palloc(sizeof(int64));
		ListCell   *lc;

		this.by_sources = array_copy(rules[i]->by_sources);
		this.by_tags = array_copy(rules[i]->by_tags);
		this.own_candidates = rules[i]->own_candidates;
		this.jobs = NIL;
		if (this.by_sources == NULL && this.by_tags == NULL && !this.own_candidates)
			continue;
		foreach(lc, groups)
		{
			RuleGroup  *g = lfirst(lc);

			if (g->own_candidates == this.own_candidates &&
				same_array(g->by_sources, this.by_sources) && same_array(g->by_tags, this.by_tags))
				group = g;
		}
		if (group == NULL)
		{
			group = palloc(sizeof(RuleGroup));
			*group = this;
			groups = lappend(groups, group);
		}
		*job = rules[i]->job_id;
		group->jobs = lappend(group->jobs, job);
	}
	pfree(rules);
	return groups;
}

/*
 * The rules as SQL on the application of range table entry app_varno (see
 * the file's comment); call is the replaced call, kept for tags where
 * ctx->probe_tags, and for sources and tags where ctx->only_own.
 */
static Expr *
shared_sql(SharingContext *ctx, Index app_varno, Expr *call)
{
	List	   *terms = NIL;
	ListCell   *lc;

	foreach(lc, ctx->groups)
	{
		RuleGroup  *g = lfirst(lc);
		List	   *ways = NIL;

		if (g->by_sources != NULL && !ctx->only_own)
			ways = lappend(ways, int8_any((Expr *) int8_column(app_varno, ctx->applications,
															   "source_id", 0),
										  int8_array_const(g->by_sources)));
		if (g->own_candidates)
		{
			ways = lappend(ways, int8_eq((Expr *) int8_column(app_varno, ctx->applications,
															  "created_by", 0),
										 int8_const(ctx->user_id)));
			ways = lappend(ways, own_candidate(ctx, app_varno));
		}
		if ((g->by_sources != NULL && ctx->only_own) ||
			(g->by_tags != NULL && (ctx->probe_tags || ctx->only_own)))
			ways = lappend(ways, copyObject(call));
		else if (g->by_tags != NULL)
			ways = lappend(ways, tagged_with(ctx, app_varno, g->by_tags));
		terms = lappend(terms,
						make_andclause(list_make2(int8_in((Expr *) int8_column(app_varno,
																			   ctx->applications,
																			   "job_id", 0),
														  g->jobs),
												  list_length(ways) == 1 ? linitial(ways) :
												  make_orclause(ways))));
	}
	if (terms == NIL)
		return (Expr *) makeBoolConst(false, false);
	return list_length(terms) == 1 ? linitial(terms) : make_orclause(terms);
}

/* Whether a call is application_shared() of the row of range table entry varno, by its own columns. */
static bool
is_own_row_sharing_call(SharingContext *ctx, Node *node, Index varno)
{
	FuncExpr   *f = (FuncExpr *) node;
	int			i = 0;
	ListCell   *lc;

	if (!IsA(node, FuncExpr) || f->funcid != ctx->shared_fn)
		return false;
	foreach(lc, f->args)
	{
		Var		   *v = (Var *) lfirst(lc);

		if (!IsA(v, Var) || v->varno != (int) varno || v->varlevelsup != 0 ||
			v->varattno != ctx->call_cols[i++])
			return false;
	}
	return true;
}

/*
 * Whether a qual is "job_id = ANY (<set>)" on the application of range table
 * entry varno, the set holding every job of the rules: implied by the rules'
 * terms, which all start with "job_id = ANY (<some of them>)" (or "=" one).
 */
static bool
implied_job_set(SharingContext *ctx, Node *node, Index varno)
{
	ScalarArrayOpExpr *saop = (ScalarArrayOpExpr *) node;
	Var		   *v;
	Const	   *set;
	ListCell   *lc;

	if (!IsA(node, ScalarArrayOpExpr) || !saop->useOr || saop->opno != int8_eq_operator() ||
		list_length(saop->args) != 2)
		return false;
	v = (Var *) linitial(saop->args);
	set = (Const *) lsecond(saop->args);
	if (!IsA(v, Var) || !IsA(set, Const) || set->constisnull || v->varno != (int) varno ||
		v->varlevelsup != 0 || v->varattno != ctx->call_cols[1])
		return false;
	foreach(lc, ctx->groups)
	{
		ListCell   *jc;

		foreach(jc, ((RuleGroup *) lfirst(lc))->jobs)
			if (!ats_int8_array_contains(DatumGetArrayTypeP(set->constvalue), *(int64 *) lfirst(jc)))
				return false;
	}
	return true;
}

/*
 * Replace the sharing calls of a security qual of the application of range
 * table entry varno; only through AND and OR, where a NULL (a NULL source)
 * rejects the row as false does.  Beside a replaced call, the policy's
 * "job_id = ANY (<shared jobs>)" repeats what the rules' terms say: counted
 * twice, the planner underestimated an own-candidate dashboard 250-fold and
 * read its jobs whole; it is dropped.
 */
static Node *
replace_in_qual(SharingContext *ctx, Node *node, Index varno)
{
	ListCell   *lc;
	bool		beside_call = false;

	if (is_own_row_sharing_call(ctx, node, varno))
	{
		ctx->replaced = true;
		return (Node *) shared_sql(ctx, varno, (Expr *) node);
	}
	if (!is_andclause(node) && !is_orclause(node))
		return node;
	foreach(lc, ((BoolExpr *) node)->args)
	{
		beside_call = beside_call || is_own_row_sharing_call(ctx, lfirst(lc), varno);
		lfirst(lc) = replace_in_qual(ctx, lfirst(lc), varno);
	}
	if (beside_call && is_andclause(node))
		foreach(lc, ((BoolExpr *) node)->args)
			if (implied_job_set(ctx, lfirst(lc), varno))
				((BoolExpr *) node)->args = foreach_delete_current(((BoolExpr *) node)->args, lc);
	return node;
}

/*
 * Walk the statement's query levels, views and sublinks; replace in the
 * security quals of ats_data.applications.  In sublinks (a policy's EXISTS
 * over applications, per candidate) only the own-candidate rule is written
 * out, for its indexes: an own-candidate name search probed every
 * application of the user's jobs through the call (SF 1: 3.2 x the
 * hand-written query).  Sources and tags stay the call's per-row probe there,
 * which the planner would otherwise trade for a hash of every shared
 * application to find one candidate's, and whose longer quals cost more to
 * plan than they save on one candidate's applications.
 */
static bool
sharing_walker(Node *node, SharingContext *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, SubLink))
	{
		bool		outer = ctx->only_own;
		bool		result;

		if (!ctx->any_own)
			return false;
		ctx->only_own = true;
		result = expression_tree_walker(node, sharing_walker, ctx);
		ctx->only_own = outer;
		return result;
	}
	if (IsA(node, Query))
	{
		Query	   *q = (Query *) node;
		bool		before = ctx->replaced;
		Index		varno = 0;
		ListCell   *lc;

		ctx->replaced = false;
		foreach(lc, q->rtable)
		{
			RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
			ListCell   *qc;

			varno++;
			if (rte->rtekind != RTE_RELATION || rte->relid != ctx->applications)
				continue;
			foreach(qc, rte->securityQuals)
				lfirst(qc) = replace_in_qual(ctx, lfirst(qc), varno);
		}
		if (ctx->replaced)
			q->hasSubLinks = true;
		ctx->replaced = ctx->replaced || before;
		return query_tree_walker(q, sharing_walker, ctx, 0);
	}
	return expression_tree_walker(node, sharing_walker, ctx);
}

/* Whether the statement reads a page of one view: no join, LIMIT plus OFFSET of at most ATS_PROBE_ROWS. */
static bool
reads_one_page(Query *parse)
{
	int64		count = parse->limitCount ? ats_limit_value(parse->limitCount) : -1;
	int64		skipped = parse->limitOffset ? ats_limit_value(parse->limitOffset) : 0;

	return count >= 0 && skipped >= 0 && skipped <= ATS_PROBE_ROWS &&
		count <= ATS_PROBE_ROWS - skipped && parse->jointree != NULL &&
		list_length(parse->jointree->fromlist) == 1 &&
		IsA(linitial(parse->jointree->fromlist), RangeTblRef);
}

/*
 * For an active external user, replace application_shared() in the security
 * quals of ats_data.applications by its rules as SQL; whether anything was
 * replaced.
 */
bool
ats_inline_sharing(Query *parse, const AtsUserAcl *acl)
{
	const AtsCatalogOids *cat;
	SharingContext ctx;
	ListCell   *lc;

	if (!acl->external || acl->rules == NULL || ats_active_user_id(acl) == 0)
		return false;
	ctx.groups = rule_groups(acl);	/* before a catalog read may rebuild the cache */
	ctx.user_id = acl->user_id;
	cat = ats_catalog();
	ctx.shared_fn = cat->shared_fn;
	ctx.own_fn = cat->own_fn;
	ctx.applications = cat->applications;
	ctx.application_tags = cat->application_tags;
	if (!OidIsValid(ctx.shared_fn) || !OidIsValid(ctx.own_fn) ||
		!OidIsValid(ctx.applications) || !OidIsValid(ctx.application_tags))
		return false;
	for (int i = 0; i < (int) lengthof(call_columns); i++)
		ctx.call_cols[i] = attno_of(ctx.applications, call_columns[i]);
	ctx.probe_tags = reads_one_page(parse);
	ctx.only_own = false;
	ctx.any_own = false;
	foreach(lc, ctx.groups)
		ctx.any_own = ctx.any_own || ((RuleGroup *) lfirst(lc))->own_candidates;
	ctx.replaced = false;
	(void) sharing_walker((Node *) parse, &ctx);
	return ctx.replaced;
}
