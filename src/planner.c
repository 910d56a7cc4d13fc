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
 * A security-barrier view is never pulled up into the query, so a caller's
 * "ORDER BY col LIMIT n" over it used to sort every visible row of, say, a
 * job's pipeline after masking each one.  When the query reads nothing but
 * the view, orders by its plain (unmasked) columns and filters only with
 * leakproof comparisons of plain columns to fixed values, we copy the filter,
 * the order and a LIMIT of n + offset into the view: the view's own quals and
 * the tables' policies still run first, so hidden rows take no place in the
 * limit, and the index serves the order.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parse_clause.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"

#include "ats_acl.h"

static planner_hook_type prev_planner = NULL;

/* Whether quals, an order or a limit may be added to the subquery: a plain SELECT, no grouping, no locking. */
static bool
subquery_takes_quals(Query *sub)
{
	return sub->commandType == CMD_SELECT &&
		sub->setOperations == NULL && sub->groupClause == NIL &&
		sub->groupingSets == NIL && sub->havingQual == NULL &&
		sub->distinctClause == NIL && sub->sortClause == NIL &&
		sub->limitCount == NULL && sub->limitOffset == NULL &&
		!sub->hasAggs && !sub->hasWindowFuncs && !sub->hasTargetSRFs &&
		sub->rowMarks == NIL &&
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

/* In "column op value" (either order), the position of the Var, or -1 if the qual is not that. */
static int
column_side(Node *qual)
{
	OpExpr	   *op = (OpExpr *) qual;

	if (!IsA(qual, OpExpr) || list_length(op->args) != 2)
		return -1;
	if (IsA(linitial(op->args), Var) && is_fixed_value(lsecond(op->args)))
		return 0;
	if (IsA(lsecond(op->args), Var) && is_fixed_value(linitial(op->args)))
		return 1;
	return -1;
}

/* A copy of "column op value" over another column; NULL unless op is leakproof (and strict, if asked). */
static OpExpr *
over_column(OpExpr *op, int varpos, Var *col, bool need_strict)
{
	OpExpr	   *copy;

	set_opfuncid(op);
	if ((need_strict && !op_strict(op->opno)) || !get_func_leakproof(op->opfuncid))
		return NULL;
	copy = copyObject(op);
	list_nth_cell(copy->args, varpos)->ptr_value = copyObject(col);
	return copy;
}

/* For "view.masked_col op value", add "t.col op value" inside the security-barrier view. */
static void
derive_from_conjunct(Query *parse, Node *qual)
{
	int			varpos = column_side(qual);
	Var		   *outer;
	RangeTblEntry *rte;
	TargetEntry *tle;
	Var		   *inner;
	OpExpr	   *derived;

	if (varpos < 0)
		return;
	outer = (Var *) list_nth(((OpExpr *) qual)->args, varpos);
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
	derived = over_column((OpExpr *) qual, varpos, inner, true);
	if (derived != NULL)
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

/* The view's plain column behind an outer Var of the view's range table entry, or NULL. */
static Var *
plain_view_column(Node *expr, int rtindex, Query *sub)
{
	Var		   *outer = (Var *) expr;
	TargetEntry *tle;

	if (!IsA(expr, Var) || outer->varno != rtindex || outer->varlevelsup != 0 ||
		outer->varattno <= 0)
		return NULL;
	tle = get_tle_by_resno(sub->targetList, outer->varattno);
	if (tle == NULL || tle->resjunk || !IsA(tle->expr, Var))
		return NULL;
	return (Var *) tle->expr;
}

/* The value of a LIMIT or OFFSET that folds to a non-negative constant, or -1. */
static int64
limit_value(Node *n)
{
	Const	   *c;

	n = eval_const_expressions(NULL, copyObject(n));
	c = (Const *) n;

	if (!IsA(n, Const) || c->consttype != INT8OID || c->constisnull ||
		DatumGetInt64(c->constvalue) < 0)
		return -1;
	return DatumGetInt64(c->constvalue);
}

/* The conjunct rewritten over the view's plain column, or NULL if it may not be moved into the view. */
static Node *
movable_qual(Node *qual, int rtindex, Query *sub)
{
	int			varpos = column_side(qual);
	Var		   *inner;

	if (varpos < 0)
		return NULL;
	inner = plain_view_column(list_nth(((OpExpr *) qual)->args, varpos), rtindex, sub);
	if (inner == NULL)
		return NULL;
	return (Node *) over_column((OpExpr *) qual, varpos, inner, false);
}

/* For "SELECT … FROM view WHERE … ORDER BY … LIMIT n", copy the filter, order and limit into the view. */
static void
push_limit_into_view(Query *parse)
{
	RangeTblRef *ref;
	RangeTblEntry *rte;
	Query	   *sub;
	Node	   *quals;
	List	   *conjuncts;
	List	   *moved = NIL;
	int64		count;
	int64		offset;
	ListCell   *lc;

	if (parse->limitCount == NULL || parse->sortClause == NIL ||
		parse->limitOption != LIMIT_OPTION_COUNT || parse->hasAggs ||
		parse->hasWindowFuncs || parse->hasTargetSRFs || parse->groupClause != NIL ||
		parse->groupingSets != NIL || parse->havingQual != NULL ||
		parse->distinctClause != NIL || parse->setOperations != NULL ||
		parse->rowMarks != NIL || list_length(parse->jointree->fromlist) != 1 ||
		!IsA(linitial(parse->jointree->fromlist), RangeTblRef))
		return;
	ref = linitial_node(RangeTblRef, parse->jointree->fromlist);
	rte = rt_fetch(ref->rtindex, parse->rtable);
	if (rte->rtekind != RTE_SUBQUERY || !rte->security_barrier ||
		!subquery_takes_quals(rte->subquery))
		return;
	sub = rte->subquery;

	count = limit_value(parse->limitCount);
	offset = parse->limitOffset ? limit_value(parse->limitOffset) : 0;
	if (count < 0 || offset < 0 || count > PG_INT64_MAX - offset)
		return;

	quals = parse->jointree->quals;
	conjuncts = quals == NULL ? NIL :
		is_andclause(quals) ? ((BoolExpr *) quals)->args : list_make1(quals);
	foreach(lc, conjuncts)
	{
		Node	   *m = movable_qual(lfirst(lc), ref->rtindex, sub);

		if (m == NULL)
			return;
		moved = lappend(moved, m);
	}
	foreach(lc, parse->sortClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, parse->targetList);

		if (plain_view_column((Node *) tle->expr, ref->rtindex, sub) == NULL)
			return;
	}

	/* Every part can move: copy them into the view's query. */
	foreach(lc, parse->sortClause)
	{
		SortGroupClause *sgc = copyObject(lfirst_node(SortGroupClause, lc));
		TargetEntry *tle = get_sortgroupclause_tle(sgc, parse->targetList);
		TargetEntry *inner = get_tle_by_resno(sub->targetList, ((Var *) tle->expr)->varattno);

		sgc->tleSortGroupRef = assignSortGroupRef(inner, sub->targetList);
		sub->sortClause = lappend(sub->sortClause, sgc);
	}
	foreach(lc, moved)
		sub->jointree->quals = make_and_qual(sub->jointree->quals, lfirst(lc));
	sub->limitCount = (Node *) makeConst(INT8OID, -1, InvalidOid, sizeof(int64),
										 Int64GetDatum(count + offset), false,
										 FLOAT8PASSBYVAL);
	sub->limitOption = LIMIT_OPTION_COUNT;
}

/* Planner hook: derive the quals, then plan as usual. */
static PlannedStmt *
ats_planner(Query *parse, const char *query_string, int cursorOptions,
			ParamListInfo boundParams)
{
	if (parse->commandType == CMD_SELECT)
	{
		derive_masked_quals(parse);
		push_limit_into_view(parse);
	}
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
