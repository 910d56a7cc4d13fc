/*-------------------------------------------------------------------------
 *
 * planner.c
 *	  Planner hook: searches on masked view columns keep their index.
 *
 * A masked column of a security-barrier view is CASE WHEN <may see> THEN
 * t.col END.  A caller's "masked_col = value" is a filter on that CASE, which
 * no index serves, so a search by email read every candidate.  When the
 * operator is strict and leakproof, "masked_col = value" implies
 * "t.col = value", and evaluating that on any row reveals nothing (that is
 * what leakproof means), so we add it inside the view, where it becomes an
 * index condition.  The caller's qual stays, so the result is unchanged.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"

#include "ats_acl.h"

static planner_hook_type prev_planner = NULL;

/* Whether the conjunct may be added inside the subquery without changing its result. */
static bool
subquery_takes_quals(Query *sub)
{
	return sub->commandType == CMD_SELECT &&
		sub->setOperations == NULL && sub->groupClause == NIL &&
		sub->groupingSets == NIL && sub->havingQual == NULL &&
		sub->distinctClause == NIL && sub->sortClause == NIL &&
		sub->limitCount == NULL && sub->limitOffset == NULL &&
		!sub->hasAggs && !sub->hasWindowFuncs && !sub->hasTargetSRFs &&
		sub->jointree != NULL;
}

/* The column under "CASE WHEN c THEN col END" (ELSE NULL), or NULL if the expression is not that. */
static Var *
masked_column(Node *expr)
{
	CaseExpr   *c;
	CaseWhen   *w;

	if (expr == NULL || !IsA(expr, CaseExpr))
		return NULL;
	c = (CaseExpr *) expr;
	if (c->arg != NULL || list_length(c->args) != 1)
		return NULL;
	if (c->defresult != NULL &&
		!(IsA(c->defresult, Const) && ((Const *) c->defresult)->constisnull))
		return NULL;
	w = linitial_node(CaseWhen, c->args);
	if (!IsA(w->result, Var) || ((Var *) w->result)->varlevelsup != 0 ||
		((Var *) w->result)->varattno <= 0)
		return NULL;
	return (Var *) w->result;
}

/* Whether a node is a value fixed for the whole scan: a non-null constant or an external parameter. */
static bool
is_fixed_value(Node *n)
{
	if (IsA(n, Const))
		return !((Const *) n)->constisnull;
	return IsA(n, Param) && ((Param *) n)->paramkind == PARAM_EXTERN;
}

/* For "view.masked_col op value", add "t.col op value" inside the security-barrier view. */
static void
derive_from_conjunct(Query *parse, Node *qual)
{
	OpExpr	   *op;
	int			varpos;
	Var		   *outer;
	RangeTblEntry *rte;
	TargetEntry *tle;
	Var		   *inner;
	OpExpr	   *derived;

	if (!IsA(qual, OpExpr) || list_length(((OpExpr *) qual)->args) != 2)
		return;
	op = (OpExpr *) qual;
	if (IsA(linitial(op->args), Var) && is_fixed_value(lsecond(op->args)))
		varpos = 0;
	else if (IsA(lsecond(op->args), Var) && is_fixed_value(linitial(op->args)))
		varpos = 1;
	else
		return;
	outer = (Var *) list_nth(op->args, varpos);
	if (outer->varlevelsup != 0 || outer->varattno <= 0 ||
		outer->varno > list_length(parse->rtable))
		return;
	rte = rt_fetch(outer->varno, parse->rtable);
	if (rte->rtekind != RTE_SUBQUERY || !rte->security_barrier ||
		!subquery_takes_quals(rte->subquery))
		return;
	tle = get_tle_by_resno(rte->subquery->targetList, outer->varattno);
	if (tle == NULL || tle->resjunk)
		return;
	inner = masked_column((Node *) tle->expr);
	if (inner == NULL || exprType((Node *) inner) != outer->vartype)
		return;
	set_opfuncid(op);
	if (!op_strict(op->opno) || !get_func_leakproof(op->opfuncid))
		return;

	derived = copyObject(op);
	list_nth_cell(derived->args, varpos)->ptr_value = copyObject(inner);
	rte->subquery->jointree->quals =
		make_and_qual(rte->subquery->jointree->quals, (Node *) derived);
}

/* Derive index-usable quals for the security-barrier views of a query and of its subqueries. */
static void
derive_masked_quals(Query *parse)
{
	ListCell   *lc;

	if (parse->jointree != NULL && parse->jointree->quals != NULL)
	{
		Node	   *quals = parse->jointree->quals;

		if (is_andclause(quals))
		{
			foreach(lc, ((BoolExpr *) quals)->args)
				derive_from_conjunct(parse, lfirst(lc));
		}
		else
			derive_from_conjunct(parse, quals);
	}
	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY)
			derive_masked_quals(rte->subquery);
	}
	foreach(lc, parse->cteList)
		derive_masked_quals(castNode(Query, lfirst_node(CommonTableExpr, lc)->ctequery));
}

/* Planner hook: derive the quals, then plan as usual. */
static PlannedStmt *
ats_planner(Query *parse, const char *query_string, int cursorOptions,
			ParamListInfo boundParams)
{
	if (parse->commandType == CMD_SELECT)
		derive_masked_quals(parse);
	if (prev_planner)
		return prev_planner(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

/* Install the planner hook, chained to the previous one; called from _PG_init. */
void
ats_planner_init(void)
{
	prev_planner = planner_hook;
	planner_hook = ats_planner;
}
