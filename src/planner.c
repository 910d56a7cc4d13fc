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
 * A barrier protects the rows a view's own WHERE clause hides.  With the
 * user's values in (specialize.c), that clause often folds to true: a user
 * whose module access reads every row the tables' policies let through.
 * Such a view of one hidden table hides nothing itself, so we drop its
 * barrier and PostgreSQL pulls it up into the query: the plan is the
 * hand-written query's, one scan with the table's policies as its security
 * quals.  Those keep their guarantee (PostgreSQL runs a table's security
 * quals before any leaky qual of the query, view or not), and the masks stay
 * in the view's columns, which the query's quals read.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_operator_d.h"
#include "catalog/pg_opfamily_d.h"
#include "catalog/pg_type_d.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parse_clause.h"
#include "parser/parsetree.h"
#include "rewrite/rowsecurity.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

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

/* "col op value" over a text column, with the column's collation. */
static Node *
text_comparison(const char *opname, Var *col, const char *value)
{
	Oid			opno = OpernameGetOprid(list_make2(makeString("pg_catalog"), makeString(pstrdup(opname))),
										TEXTOID, TEXTOID);
	Expr	   *cmp;

	if (!OidIsValid(opno))
		elog(ERROR, "ats_acl: operator %s(text, text) is missing", opname);
	cmp = make_opclause(opno, BOOLOID, false, (Expr *) copyObject(col),
						(Expr *) makeConst(TEXTOID, -1, col->varcollid, -1,
										   CStringGetTextDatum(value), false, false),
						InvalidOid, col->varcollid);
	set_opfuncid((OpExpr *) cmp);
	return (Node *) cmp;
}

/*
 * For "col LIKE 'abc…'" with a constant pattern that starts with a fixed
 * prefix, the range "t.col ~>=~ 'abc' AND t.col ~<~ 'abd'" over another
 * column (a text_pattern_ops index serves it; both operators are leakproof);
 * NULL when the qual is not that.  LIKE compares characters, not collation
 * order, so every match lies in that byte range.
 */
static Node *
like_prefix_range(Node *qual, Var *inner)
{
	OpExpr	   *op = (OpExpr *) qual;
	Const	   *pattern;
	char	   *patt;
	StringInfoData prefix;
	Node	   *range;

	if (!IsA(qual, OpExpr) || op->opno != OID_TEXT_LIKE_OP || list_length(op->args) != 2 ||
		!IsA(lsecond(op->args), Const) || ((Const *) lsecond(op->args))->constisnull ||
		exprType((Node *) inner) != TEXTOID)
		return NULL;
	pattern = lsecond_node(Const, op->args);
	patt = TextDatumGetCString(pattern->constvalue);
	initStringInfo(&prefix);
	/* Server encodings are ASCII-safe: a byte '%', '_' or '\' is that character. */
	for (char *c = patt; *c != '\0' && *c != '%' && *c != '_'; c++)
	{
		if (*c == '\\' && *++c == '\0')
			break;
		appendStringInfoChar(&prefix, *c);
	}
	if (prefix.len == 0)
		return NULL;

	range = text_comparison("~>=~", inner, prefix.data);
	/* Upper bound: the prefix up to its last ASCII character below DEL, incremented. */
	for (int len = prefix.len; len > 0; len--)
	{
		unsigned char last = (unsigned char) prefix.data[len - 1];

		if (last < 0x7F)
		{
			prefix.data[len - 1] = (char) (last + 1);
			prefix.data[len] = '\0';
			range = make_and_qual(range, text_comparison("~<~", inner, prefix.data));
			break;
		}
	}
	return range;
}

/* The security-barrier view's output column an outer Var reads, or NULL. */
static TargetEntry *
view_column(Query *parse, Var *outer, RangeTblEntry **rte)
{
	TargetEntry *tle;

	if (outer->varlevelsup != 0 || outer->varattno <= 0 ||
		outer->varno > list_length(parse->rtable))
		return NULL;
	*rte = rt_fetch(outer->varno, parse->rtable);
	if ((*rte)->rtekind != RTE_SUBQUERY || !(*rte)->security_barrier ||
		!subquery_takes_quals((*rte)->subquery))
		return NULL;
	tle = get_tle_by_resno((*rte)->subquery->targetList, outer->varattno);
	if (tle == NULL || tle->resjunk)
		return NULL;
	return tle;
}

/*
 * For "view.masked_col op value", add "t.col op value" inside the
 * security-barrier view; for "view.col LIKE 'prefix…'" on a plain or masked
 * column, the prefix's range over t.col.  A view about to be opened (see
 * open_views) keeps its barrier when it gets a range: pulled up, LIKE (not
 * leakproof) could not serve an index scan ahead of the table's policies,
 * and the range beside it would count twice in the estimate (a tenfold
 * underestimate that made the policy's subplan probe per row, not hash).
 */
static void
derive_from_conjunct(Query *parse, Node *qual, List **opened)
{
	int			varpos = column_side(qual);
	Var		   *outer;
	RangeTblEntry *rte;
	TargetEntry *tle;
	Var		   *inner;
	Node	   *derived;

	if (varpos < 0)
		return;
	outer = (Var *) list_nth(((OpExpr *) qual)->args, varpos);
	tle = view_column(parse, outer, &rte);
	if (tle == NULL)
		return;
	inner = IsA(tle->expr, Var) ? (Var *) tle->expr : masked_column((Node *) tle->expr);
	if (inner == NULL || exprType((Node *) inner) != outer->vartype)
		return;
	derived = like_prefix_range(qual, inner);
	if (derived != NULL)
		*opened = list_delete_ptr(*opened, rte);
	if (derived == NULL && inner != (Var *) tle->expr)
		derived = (Node *) over_column((OpExpr *) qual, varpos, inner, true);
	if (derived != NULL)
		rte->subquery->jointree->quals =
			make_and_qual(rte->subquery->jointree->quals, derived);
}

/* Derive index-usable quals for the security-barrier views of a query and of its subqueries. */
static void
derive_masked_quals(Query *parse, List **opened)
{
	ListCell   *lc;

	if (parse->jointree != NULL && parse->jointree->quals != NULL)
	{
		Node	   *quals = parse->jointree->quals;

		if (is_andclause(quals))
		{
			foreach(lc, ((BoolExpr *) quals)->args)
				derive_from_conjunct(parse, lfirst(lc), opened);
		}
		else
			derive_from_conjunct(parse, quals, opened);
	}
	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY)
			derive_masked_quals(rte->subquery, opened);
	}
	foreach(lc, parse->cteList)
		derive_masked_quals(castNode(Query, lfirst_node(CommonTableExpr, lc)->ctequery), opened);
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
int64
ats_limit_value(Node *n)
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

/* The conjuncts of the query's WHERE clause. */
static List *
where_conjuncts(Query *parse)
{
	Node	   *quals = parse->jointree->quals;

	if (quals == NULL)
		return NIL;
	return is_andclause(quals) ? ((BoolExpr *) quals)->args : list_make1(quals);
}

/* Whether "var = ANY (array)" holds where "var eq value" holds: eq applied to each element and value. */
static bool
array_holds(OpExpr *eq, Const *array, Const *value)
{
	ArrayType  *arr = DatumGetArrayTypeP(array->constvalue);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i] &&
			DatumGetBool(OidFunctionCall2Coll(get_opcode(eq->opno), eq->inputcollid,
											  elems[i], value->constvalue)))
			return true;
	return false;
}

/*
 * "col = ANY (constant set)", or "col = constant" (a rule of one job,
 * sharing_quals.c), where the query's own filter fixes "col = value" (a
 * compatible equality): its value there; else NULL.  (An empty set is false
 * already: specialize.c.)
 */
static Node *
membership_value(Node *node, List *fixed)
{
	List	   *args;
	Oid			opno;
	Var		   *var;
	Const	   *set;
	ListCell   *lc;

	if (IsA(node, ScalarArrayOpExpr) && ((ScalarArrayOpExpr *) node)->useOr)
		args = ((ScalarArrayOpExpr *) node)->args, opno = ((ScalarArrayOpExpr *) node)->opno;
	else if (IsA(node, OpExpr))
		args = ((OpExpr *) node)->args, opno = ((OpExpr *) node)->opno;
	else
		return NULL;
	if (list_length(args) != 2 || !IsA(linitial(args), Var) || !IsA(lsecond(args), Const) ||
		((Const *) lsecond(args))->constisnull)
		return NULL;
	var = linitial_node(Var, args);
	set = lsecond_node(Const, args);
	if ((IsA(node, OpExpr) ? set->consttype : get_element_type(set->consttype)) != var->vartype)
		return NULL;			/* compared below by the fixed column's own operator */
	foreach(lc, fixed)
	{
		OpExpr	   *eq = lfirst_node(OpExpr, lc);
		Var		   *col = linitial_node(Var, eq->args);
		Const	   *value = lsecond_node(Const, eq->args);

		if (col->varno == var->varno && col->varattno == var->varattno &&
			col->varlevelsup == var->varlevelsup && col->vartype == var->vartype &&
			op_hashjoinable(opno, var->vartype) && op_hashjoinable(eq->opno, var->vartype) &&
			equality_ops_are_compatible(eq->opno, opno))
			return makeBoolConst(IsA(node, OpExpr) ?
								 DatumGetBool(OidFunctionCall2Coll(get_opcode(eq->opno),
																   eq->inputcollid,
																   set->constvalue,
																   value->constvalue)) :
								 array_holds(eq, set, value), false);
	}
	return NULL;
}

/* What decide_mutator needs: the fixed columns, and whether it decided something. */
typedef struct DecideContext
{
	List	   *fixed;
	bool		decided;
} DecideContext;

/* Replace decided memberships anywhere in a policy expression (not in its sublinks' queries). */
static Node *
decide_mutator(Node *node, DecideContext *ctx)
{
	Node	   *value;

	if (node == NULL || IsA(node, Query))
		return node;
	if ((value = membership_value(node, ctx->fixed)) != NULL)
	{
		ctx->decided = true;
		return value;
	}
	return expression_tree_mutator(node, decide_mutator, ctx);
}

/*
 * In a view whose rows all pass "col = constant" (one of the conjuncts), a
 * policy's "col = ANY (constant set)" (the user's job set, see specialize.c)
 * is decided already: replace it by its value, wherever it stands in the
 * policy (only rows with col = constant are kept, for which the replacement
 * is exact), and fold what it decides.  Counted as an independent filter it
 * made the planner underestimate a pipeline tenfold and sort instead of
 * reading the index.
 */
static void
decide_memberships(Query *sub, List *conjuncts)
{
	DecideContext ctx = {NIL, false};
	ListCell   *lc;

	foreach(lc, conjuncts)
	{
		OpExpr	   *op = (OpExpr *) lfirst(lc);

		if (IsA(op, OpExpr) && list_length(op->args) == 2 && IsA(linitial(op->args), Var) &&
			IsA(lsecond(op->args), Const) && !((Const *) lsecond(op->args))->constisnull)
			ctx.fixed = lappend(ctx.fixed, op);
	}
	if (ctx.fixed == NIL)
		return;
	foreach(lc, sub->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		ListCell   *qc;

		if (rte->rtekind != RTE_RELATION)
			continue;
		foreach(qc, rte->securityQuals)
		{
			Node	   *qual;

			ctx.decided = false;
			qual = decide_mutator(lfirst(qc), &ctx);
			lfirst(qc) = ctx.decided ? eval_const_expressions(NULL, qual) : qual;
		}
	}
}

/* Whether the query is a plain "SELECT … ORDER BY … LIMIT n": no grouping, no locking, no set operation. */
static bool
is_plain_top_n(Query *parse)
{
	return parse->limitCount != NULL && parse->sortClause != NIL &&
		parse->limitOption == LIMIT_OPTION_COUNT && !parse->hasAggs &&
		!parse->hasWindowFuncs && !parse->hasTargetSRFs && parse->groupClause == NIL &&
		parse->groupingSets == NIL && parse->havingQual == NULL &&
		parse->distinctClause == NIL && parse->setOperations == NULL &&
		parse->rowMarks == NIL;
}

/* The security-barrier view a range table reference reads, if quals and an order may be added to it; else NULL. */
static Query *
barrier_view(Query *parse, Node *item, int *rtindex)
{
	RangeTblEntry *rte;

	if (!IsA(item, RangeTblRef))
		return NULL;
	*rtindex = ((RangeTblRef *) item)->rtindex;
	rte = rt_fetch(*rtindex, parse->rtable);
	if (rte->rtekind != RTE_SUBQUERY || !rte->security_barrier ||
		!subquery_takes_quals(rte->subquery))
		return NULL;
	return rte->subquery;
}

/* Whether every ORDER BY key of the query is a plain column of the view. */
static bool
orders_by_view_columns(Query *parse, int rtindex, Query *sub)
{
	ListCell   *lc;

	foreach(lc, parse->sortClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, parse->targetList);

		if (plain_view_column((Node *) tle->expr, rtindex, sub) == NULL)
			return false;
	}
	return true;
}

/* Copy the query's ORDER BY (plain columns of the view, see orders_by_view_columns) into the view. */
static void
copy_order_into_view(Query *parse, Query *sub)
{
	ListCell   *lc;

	foreach(lc, parse->sortClause)
	{
		SortGroupClause *sgc = copyObject(lfirst_node(SortGroupClause, lc));
		TargetEntry *tle = get_sortgroupclause_tle(sgc, parse->targetList);
		TargetEntry *inner = get_tle_by_resno(sub->targetList, ((Var *) tle->expr)->varattno);

		sgc->tleSortGroupRef = assignSortGroupRef(inner, sub->targetList);
		sub->sortClause = lappend(sub->sortClause, sgc);
	}
}

/* A bigint column the view's filter pins ("col = constant" with bigint equality), and its value. */
typedef struct PinnedColumn
{
	Var		   *col;
	Const	   *value;
} PinnedColumn;

/* An integer constant as a bigint constant; NULL if it is not one. */
static Const *
int8_value(Const *c)
{
	int64		v;

	if (c->constisnull)
		return NULL;
	switch (c->consttype)
	{
		case INT8OID:
			v = DatumGetInt64(c->constvalue);
			break;
		case INT4OID:
			v = DatumGetInt32(c->constvalue);
			break;
		case INT2OID:
			v = DatumGetInt16(c->constvalue);
			break;
		default:
			return NULL;
	}
	return makeConst(INT8OID, -1, InvalidOid, sizeof(int64), Int64GetDatum(v), false,
					 FLOAT8PASSBYVAL);
}

/* The bigint columns conjuncts pin to a value ("col = integer", integer equality). */
static List *
pinned_columns(List *conjuncts)
{
	List	   *pinned = NIL;
	ListCell   *lc;

	foreach(lc, conjuncts)
	{
		OpExpr	   *op = (OpExpr *) lfirst(lc);
		PinnedColumn *p;
		Const	   *value;

		if (!IsA(op, OpExpr) || list_length(op->args) != 2 ||
			!IsA(linitial(op->args), Var) || !IsA(lsecond(op->args), Const) ||
			((Var *) linitial(op->args))->vartype != INT8OID ||
			get_op_opfamily_strategy(op->opno, INTEGER_BTREE_FAM_OID) != BTEqualStrategyNumber ||
			(value = int8_value(lsecond_node(Const, op->args))) == NULL)
			continue;
		p = palloc(sizeof(PinnedColumn));
		p->col = linitial_node(Var, op->args);
		p->value = value;
		pinned = lappend(pinned, p);
	}
	return pinned;
}

/* What decide_masks_mutator needs and found. */
typedef struct DecideMasks
{
	List	   *pinned;			/* PinnedColumn */
	bool		decided;		/* a user-state call was evaluated */
} DecideMasks;

/* A user-state call whose arguments are constants or pinned columns: its value; else NULL. */
static Node *
pinned_call_value(FuncExpr *f, List *pinned)
{
	FuncExpr   *call = (FuncExpr *) copyObject(f);
	ListCell   *lc;

	foreach(lc, call->args)
	{
		Var		   *v = (Var *) lfirst(lc);
		ListCell   *pc;

		if (IsA(v, Const))
			continue;
		if (!IsA(v, Var))
			return NULL;
		foreach(pc, pinned)
		{
			PinnedColumn *p = lfirst(pc);

			if (p->col->varno == v->varno && p->col->varattno == v->varattno &&
				p->col->varlevelsup == v->varlevelsup)
				lfirst(lc) = p->value;
		}
		if (!IsA(lfirst(lc), Const))
			return NULL;
	}
	return (Node *) ats_user_state_call_value((Node *) call);
}

/* Replace the user-state calls the pinned columns decide (not in sublinks' queries). */
static Node *
decide_masks_mutator(Node *node, DecideMasks *ctx)
{
	Node	   *value;

	if (node == NULL || IsA(node, Query))
		return node;
	if (IsA(node, FuncExpr) && (value = pinned_call_value((FuncExpr *) node, ctx->pinned)) != NULL)
	{
		ctx->decided = true;
		return value;
	}
	return expression_tree_mutator(node, decide_masks_mutator, ctx);
}

/*
 * In a view whose rows all pass "job_id = constant" (one of the conjuncts),
 * a mask's "can('view_stage', job_id)" has one value for every row it
 * returns: compute it once, while planning, instead of per row (a pipeline
 * with OFFSET 1000 called it 2,100 times).  Whether one was computed: the
 * plan then holds the user's values (see specialize.c).
 */
static bool
decide_masks(Query *sub, List *conjuncts)
{
	DecideMasks ctx;
	ListCell   *lc;

	ctx.pinned = pinned_columns(conjuncts);
	ctx.decided = false;
	if (ctx.pinned == NIL)
		return false;
	foreach(lc, sub->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);

		tle->expr = (Expr *) decide_masks_mutator((Node *) tle->expr, &ctx);
	}
	return ctx.decided;
}

/*
 * For "SELECT … FROM view WHERE …", the query's filter over the view's plain
 * columns, as conjuncts inside the view; false if some conjunct is not that.
 */
static bool
filter_inside_view(Query *parse, int rtindex, Query *sub, List **moved)
{
	ListCell   *lc;

	*moved = NIL;
	foreach(lc, where_conjuncts(parse))
	{
		Node	   *m = movable_qual(lfirst(lc), rtindex, sub);

		if (m == NULL)
			return false;
		*moved = lappend(*moved, m);
	}
	return true;
}

/*
 * For "SELECT … FROM view WHERE … ORDER BY … LIMIT n", copy the filter, order
 * and limit into the view; whether user-state values were put in the query.
 * A view about to be opened (see open_views) is pulled up and needs none of
 * it, only the decisions its filter allows, whatever the query's shape.
 */
static bool
push_limit_into_view(Query *parse, List *opened)
{
	int			rtindex;
	Query	   *sub;
	List	   *moved;
	int64		count;
	int64		offset;
	ListCell   *lc;

	if (list_length(parse->jointree->fromlist) != 1 ||
		(sub = barrier_view(parse, linitial(parse->jointree->fromlist), &rtindex)) == NULL ||
		!filter_inside_view(parse, rtindex, sub, &moved))
		return false;
	if (list_member_ptr(opened, rt_fetch(rtindex, parse->rtable)))
	{
		decide_memberships(sub, moved);
		return decide_masks(sub, moved);
	}
	if (!is_plain_top_n(parse) || !orders_by_view_columns(parse, rtindex, sub))
		return false;
	count = ats_limit_value(parse->limitCount);
	offset = parse->limitOffset ? ats_limit_value(parse->limitOffset) : 0;
	if (count < 0 || offset < 0 || count > PG_INT64_MAX - offset)
		return false;

	/* Every part can move: copy them into the view's query. */
	copy_order_into_view(parse, sub);
	foreach(lc, moved)
		sub->jointree->quals = make_and_qual(sub->jointree->quals, lfirst(lc));
	sub->limitCount = (Node *) makeConst(INT8OID, -1, InvalidOid, sizeof(int64),
										 Int64GetDatum(count + offset), false,
										 FLOAT8PASSBYVAL);
	sub->limitOption = LIMIT_OPTION_COUNT;
	decide_memberships(sub, where_conjuncts(sub));
	return decide_masks(sub, where_conjuncts(sub));
}

/*
 * For "view.col op other.col" with a leakproof op and col a plain column of
 * the view, "t.col op <outer other.col>" for inside the view (the other side
 * one query level up); NULL when the qual is not that.
 */
static Node *
join_qual_into_view(Node *qual, int rtindex, Query *sub, int other_rtindex)
{
	OpExpr	   *op = (OpExpr *) qual;
	int			varpos;
	Var		   *other;
	Var		   *inner;
	OpExpr	   *copy;

	if (!IsA(qual, OpExpr) || list_length(op->args) != 2 ||
		!IsA(linitial(op->args), Var) || !IsA(lsecond(op->args), Var))
		return NULL;
	varpos = ((Var *) linitial(op->args))->varno == rtindex ? 0 : 1;
	other = (Var *) list_nth(op->args, 1 - varpos);
	inner = plain_view_column(list_nth(op->args, varpos), rtindex, sub);
	if (inner == NULL || other->varno != other_rtindex || other->varlevelsup != 0)
		return NULL;
	copy = over_column(op, varpos, inner, false);
	if (copy == NULL)
		return NULL;
	other = (Var *) list_nth(copy->args, 1 - varpos);
	other->varlevelsup = 1;
	return (Node *) copy;
}

/* The one table a view reads (its range table index in *rtindex), or NULL. */
static RangeTblEntry *
view_table(Query *sub, int *rtindex)
{
	Node	   *item;
	RangeTblEntry *rte;

	if (list_length(sub->jointree->fromlist) != 1 ||
		!IsA((item = linitial(sub->jointree->fromlist)), RangeTblRef))
		return NULL;
	*rtindex = ((RangeTblRef *) item)->rtindex;
	rte = rt_fetch(*rtindex, sub->rtable);
	return rte->rtekind == RTE_RELATION ? rte : NULL;
}

/*
 * Whether the SELECT policies of a table are the extension's: its permissive
 * policy `name` is there, and no restrictive one when restrictive_ok is
 * false, no other permissive one when others_ok is false.
 */
static bool
extension_policies(Oid relid, const char *name, bool restrictive_ok, bool others_ok)
{
	Relation	rel = table_open(relid, NoLock);
	bool		found = false;
	bool		ok = true;
	ListCell   *lc;

	foreach(lc, rel->rd_rsdesc ? rel->rd_rsdesc->policies : NIL)
	{
		RowSecurityPolicy *p = lfirst(lc);

		if (p->polcmd != '*' && p->polcmd != ACL_SELECT_CHR)
			continue;
		if (!p->permissive)
			ok &= restrictive_ok;
		else if (strcmp(p->policy_name, name) == 0)
			found = true;
		else
			ok &= others_ok;
	}
	table_close(rel, NoLock);
	return found && ok;
}

/*
 * For order_join_by_view's "view_c.id = view_a.candidate_id" between
 * ats.candidates and ats.applications: the range table entry of
 * ats_data.candidates in view_c when its policy (its security quals) admits
 * every candidate the join meets, else NULL.  The applications' policy
 * admitted view_a's row for sees_all_jobs, for its job in
 * job_ids('view_applications') or, for an external user, for being shared;
 * the candidates' policy admits a candidate for each of these, the last two
 * through an EXISTS over its applications that this very application
 * satisfies (SPEC 4.4).  That holds for the extension's policies: a
 * restrictive policy on candidates, or another permissive one on
 * applications, keeps the quals.
 */
static RangeTblEntry *
implied_candidate_policy(Node *qual, int c_rtindex, Query *c_sub, int a_rtindex, Query *a_sub)
{
	const AtsCatalogOids *cat = ats_catalog();
	OpExpr	   *op = (OpExpr *) qual;
	int			cpos;
	Var		   *cvar;
	Var		   *avar;
	int			c_table;
	int			a_table;
	RangeTblEntry *crel;
	RangeTblEntry *arel;

	/* join_qual_into_view took it: an operator on two Vars, one of each view. */
	if (get_opcode(op->opno) != F_INT8EQ)
		return NULL;
	cpos = ((Var *) linitial(op->args))->varno == c_rtindex ? 0 : 1;
	cvar = plain_view_column(list_nth(op->args, cpos), c_rtindex, c_sub);
	avar = plain_view_column(list_nth(op->args, 1 - cpos), a_rtindex, a_sub);
	if (cvar == NULL || avar == NULL ||
		(crel = view_table(c_sub, &c_table)) == NULL || (arel = view_table(a_sub, &a_table)) == NULL)
		return NULL;
	if (crel->relid != cat->candidates || arel->relid != cat->applications ||
		cvar->varno != c_table || avar->varno != a_table ||
		cvar->varattno != get_attnum(cat->candidates, "id") ||
		avar->varattno != get_attnum(cat->applications, "candidate_id") ||
		crel->securityQuals == NIL || arel->securityQuals == NIL)
		return NULL;
	if (!extension_policies(cat->candidates, "visible", false, true) ||
		!extension_policies(cat->applications, "select_visible", true, false))
		return NULL;
	return crel;
}

/*
 * For "SELECT … FROM view_a JOIN view_c ON c.x = a.y ORDER BY a.… LIMIT n"
 * (the agency list): PostgreSQL plans each security-barrier view whole, so
 * view_c was read entirely (every candidate, masks and policy per row) to be
 * hash-joined.  We make view_c a LATERAL subquery with "c.x = <a.y>" inside
 * (a leakproof qual: an index lookup per row of a), and order view_a's rows
 * inside it, so that the nested loop meets the rows in the query's order and
 * stops at the limit.  No limit goes into view_a: a row of it may find no
 * visible row of view_c.  Whether it did.
 */
static bool
order_join_by_view(Query *parse)
{
	List	   *from = parse->jointree->fromlist;
	List	   *conjuncts = where_conjuncts(parse);
	Node	   *items[2];
	int			rtindex[2];
	Query	   *sub[2];
	int			a;
	int			c;
	Node	   *lateral_qual = NULL;
	Node	   *join_qual = NULL;
	List	   *moved = NIL;
	RangeTblEntry *candidates;
	ListCell   *lc;

	if (!is_plain_top_n(parse))
		return false;
	if (list_length(from) == 1 && IsA(linitial(from), JoinExpr) &&
		((JoinExpr *) linitial(from))->jointype == JOIN_INNER &&
		((JoinExpr *) linitial(from))->alias == NULL)
	{
		JoinExpr   *j = linitial_node(JoinExpr, from);

		items[0] = j->larg;
		items[1] = j->rarg;
		conjuncts = list_concat_copy(conjuncts, j->quals == NULL ? NIL :
									 is_andclause(j->quals) ? ((BoolExpr *) j->quals)->args :
									 list_make1(j->quals));
	}
	else if (list_length(from) == 2)
	{
		items[0] = linitial(from);
		items[1] = lsecond(from);
	}
	else
		return false;
	for (int i = 0; i < 2; i++)
		if ((sub[i] = barrier_view(parse, items[i], &rtindex[i])) == NULL)
			return false;
	a = orders_by_view_columns(parse, rtindex[0], sub[0]) ? 0 : 1;
	c = 1 - a;
	if (!orders_by_view_columns(parse, rtindex[a], sub[a]))
		return false;

	/* One join qual goes into view_c; every other conjunct must be a filter movable into view_a. */
	foreach(lc, conjuncts)
	{
		Node	   *q = NULL;

		if (lateral_qual == NULL &&
			(q = join_qual_into_view(lfirst(lc), rtindex[c], sub[c], rtindex[a])) != NULL)
		{
			lateral_qual = q;
			join_qual = lfirst(lc);
		}
		else if ((q = movable_qual(lfirst(lc), rtindex[a], sub[a])) != NULL)
			moved = lappend(moved, q);
		else
			return false;
	}
	if (lateral_qual == NULL)
		return false;

	copy_order_into_view(parse, sub[a]);
	foreach(lc, moved)
		sub[a]->jointree->quals = make_and_qual(sub[a]->jointree->quals, lfirst(lc));
	sub[c]->jointree->quals = make_and_qual(sub[c]->jointree->quals, lateral_qual);
	rt_fetch(rtindex[c], parse->rtable)->lateral = true;
	/* Each row of an agency's list probed the candidate's applications again for its own. */
	candidates = implied_candidate_policy(join_qual, rtindex[c], sub[c], rtindex[a], sub[a]);
	if (candidates != NULL)
		candidates->securityQuals = NIL;
	return true;
}

/* What references_rte looks for. */
typedef struct RteReference
{
	int			rtindex;
	Index		sublevels_up;
} RteReference;

/* Whether a Var of the range table entry (any column, or the whole row) appears. */
static bool
references_rte(Node *node, RteReference *ref)
{
	bool		found;

	if (node == NULL)
		return false;
	if (IsA(node, Var))
		return ((Var *) node)->varno == ref->rtindex &&
			((Var *) node)->varlevelsup == ref->sublevels_up;
	if (IsA(node, Query))
	{
		ref->sublevels_up++;
		found = query_tree_walker((Query *) node, references_rte, ref, 0);
		ref->sublevels_up--;
		return found;
	}
	return expression_tree_walker(node, references_rte, ref);
}

/*
 * A view whose columns the query never reads ("SELECT count(*) FROM
 * ats.applications") still computed its masked columns' NULL placeholders
 * on every row (1.4x the optimum on dashboards): give it no columns.
 */
static void
trim_unread_views(Query *parse)
{
	ListCell   *lc;
	int			rtindex = 0;

	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		RteReference ref;

		rtindex++;
		if (rte->rtekind != RTE_SUBQUERY || !rte->security_barrier ||
			!subquery_takes_quals(rte->subquery))
			continue;
		ref.rtindex = rtindex;
		ref.sublevels_up = 0;
		if (!query_tree_walker(parse, references_rte, &ref, 0))
			rte->subquery->targetList = NIL;
	}
}

/*
 * Whether a security-barrier view hides no row itself: it reads one table of
 * ats_data, and its WHERE clause, the user's values in, folds to true.
 */
static bool
view_hides_nothing(Query *sub, Oid ats_data_nsp)
{
	int			rtindex;
	RangeTblEntry *table;
	Node	   *quals;

	if (!subquery_takes_quals(sub) || sub->cteList != NIL ||
		(table = view_table(sub, &rtindex)) == NULL ||
		get_rel_namespace(table->relid) != ats_data_nsp)
		return false;
	if (sub->jointree->quals == NULL)
		return true;
	quals = eval_const_expressions(NULL, sub->jointree->quals);
	return IsA(quals, Const) && !((Const *) quals)->constisnull &&
		DatumGetBool(((Const *) quals)->constvalue);
}

/* The range table entries of the security-barrier views that hide nothing, in a query and its subqueries. */
static List *
open_views(Query *parse, Oid ats_data_nsp)
{
	List	   *opened = NIL;
	ListCell   *lc;

	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind != RTE_SUBQUERY)
			continue;
		if (rte->security_barrier && view_hides_nothing(rte->subquery, ats_data_nsp))
			opened = lappend(opened, rte);
		opened = list_concat(opened, open_views(rte->subquery, ats_data_nsp));
	}
	foreach(lc, parse->cteList)
		opened = list_concat(opened,
							 open_views(castNode(Query, lfirst_node(CommonTableExpr, lc)->ctequery),
										ats_data_nsp));
	return opened;
}

/* Planner hook: put in the user's permission sets, derive the quals, then plan as usual. */
static PlannedStmt *
ats_planner(Query *parse, const char *query_string, int cursorOptions,
			ParamListInfo boundParams)
{
	bool		specialized;
	PlannedStmt *result;

	parse = ats_specialize_query(parse, &specialized);
	if (parse->commandType == CMD_SELECT)
	{
		/* Which views hide nothing, before derived quals join their WHERE. */
		List	   *opened = specialized ?
			open_views(parse, ats_catalog()->data_nsp) : NIL;
		ListCell   *lc;

		derive_masked_quals(parse, &opened);
		if (push_limit_into_view(parse, opened))
			specialized = true;
		/*
		 * A page of view_a probing view_c per row gains nothing from workers:
		 * one starts slower than the page runs, and PostgreSQL 15 counts a
		 * Gather Merge's rows as the workers' share alone, without the
		 * leader's, which made the probes above one look cheaper (SF 1: an
		 * agency's list 1.4 ms serial, 32 ms with a worker).
		 */
		if (order_join_by_view(parse))
			cursorOptions &= ~CURSOR_OPT_PARALLEL_OK;
		foreach(lc, opened)
		{
			RangeTblEntry *rte = lfirst(lc);

			/* A view order_join_by_view ordered or correlated serves a top-n join better as it is. */
			if (subquery_takes_quals(rte->subquery) && !rte->lateral)
				rte->security_barrier = false;
		}
		trim_unread_views(parse);
	}
	if (prev_planner)
		result = prev_planner(parse, query_string, cursorOptions, boundParams);
	else
		result = standard_planner(parse, query_string, cursorOptions, boundParams);
	if (specialized)
		ats_specialized_plan_dependencies(result);
	return result;
}

/* Install the planner hook, chained to the previous one; called from _PG_init. */
void
ats_planner_init(void)
{
	prev_planner = planner_hook;
	planner_hook = ats_planner;
}
