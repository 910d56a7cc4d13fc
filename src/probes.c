/*-------------------------------------------------------------------------
 *
 * probes.c
 *	  One candidate's applications are read by the candidate's index alone.
 *
 * The candidates policy asks, per candidate, whether it has an application
 * on a job the user may see: "EXISTS (SELECT 1 FROM ats_data.applications a
 * WHERE a.candidate_id = candidates.id AND a.job_id = ANY (jobs))".  Under
 * the policy's OR that is a correlated subplan, and PostgreSQL costs a filter
 * on every row the index returns: with application_shared() as the
 * applications policy of an external user (COST 1000), ANDing the bitmap of
 * the candidate's index (a handful of rows) with the bitmap of every
 * application of the user's jobs (thousands of entries) looks cheaper than
 * calling the filter on the handful, and it is run once per candidate
 * (SF 1: a caller's shared list 3.3 x the hand-written query).  Where the
 * applications table is compared by candidate_id with a value of the outer
 * query, the job index is left out of the plan: the candidate's index finds
 * its few rows, and the job filter is checked on those.  The uncorrelated
 * form of the same EXISTS (a semi-join, a hashed subplan) keeps the job
 * index.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "nodes/nodeFuncs.h"
#include "optimizer/plancat.h"
#include "utils/lsyscache.h"

#include "ats_acl.h"

static get_relation_info_hook_type prev_get_relation_info = NULL;

/* Whether a qual is "column = outer value": the Var of the relation against a Param of an outer query. */
static bool
compares_with_outer(Node *qual, int relid, AttrNumber attno)
{
	OpExpr	   *op;
	Node	   *left;
	Node	   *right;

	if (!IsA(qual, OpExpr) || list_length(((OpExpr *) qual)->args) != 2)
		return false;
	op = (OpExpr *) qual;
	if (!op_mergejoinable(op->opno, exprType(linitial(op->args))))
		return false;
	left = strip_implicit_coercions(linitial(op->args));
	right = strip_implicit_coercions(lsecond(op->args));
	if (IsA(right, Var))
	{
		Node	   *swap = left;

		left = right;
		right = swap;
	}
	return IsA(left, Var) && ((Var *) left)->varno == relid &&
		((Var *) left)->varattno == attno && ((Var *) left)->varlevelsup == 0 &&
		IsA(right, Param) && ((Param *) right)->paramkind == PARAM_EXEC;
}

/* Whether the query's WHERE compares the relation's column with an outer value, at its top AND level. */
static bool
probed_by_outer(Query *parse, int relid, AttrNumber attno)
{
	Node	   *quals;
	List	   *conjuncts;
	ListCell   *lc;

	if (parse->jointree == NULL || (quals = parse->jointree->quals) == NULL)
		return false;
	/* Preprocessed quals are an implicit-AND list. */
	if (IsA(quals, List))
		conjuncts = (List *) quals;
	else if (is_andclause(quals))
		conjuncts = ((BoolExpr *) quals)->args;
	else
		conjuncts = list_make1(quals);
	foreach(lc, conjuncts)
		if (compares_with_outer(lfirst(lc), relid, attno))
			return true;
	return false;
}

/* Whether some index of the relation leads with the column. */
static bool
has_index_on(RelOptInfo *rel, AttrNumber attno)
{
	ListCell   *lc;

	foreach(lc, rel->indexlist)
		if (((IndexOptInfo *) lfirst(lc))->indexkeys[0] == attno)
			return true;
	return false;
}

/* get_relation_info hook: leave the job index out of one candidate's applications probe. */
static void
ats_get_relation_info(PlannerInfo *root, Oid relationObjectId, bool inhparent, RelOptInfo *rel)
{
	if (prev_get_relation_info)
		prev_get_relation_info(root, relationObjectId, inhparent, rel);
	if (root->query_level > 1 && relationObjectId == ats_catalog()->applications &&
		rel->indexlist != NIL)
	{
		AttrNumber	candidate_col = get_attnum(relationObjectId, "candidate_id");
		AttrNumber	job_col = get_attnum(relationObjectId, "job_id");
		ListCell   *lc;

		if (candidate_col == InvalidAttrNumber || job_col == InvalidAttrNumber ||
			!has_index_on(rel, candidate_col) ||
			!probed_by_outer(root->parse, (int) rel->relid, candidate_col))
			return;
		foreach(lc, rel->indexlist)
		{
			IndexOptInfo *index = lfirst(lc);

			if (index->indexkeys[0] == job_col)
				rel->indexlist = foreach_delete_current(rel->indexlist, lc);
		}
	}
}

/* Install the hook, chained to the previous one; called from _PG_init. */
void
ats_probes_init(void)
{
	prev_get_relation_info = get_relation_info_hook;
	get_relation_info_hook = ats_get_relation_info;
}
