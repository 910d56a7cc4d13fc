/*-------------------------------------------------------------------------
 *
 * specialize.c
 *	  Plan-time values of the current user's permission sets.
 *
 * The policies and views ask for the current user's sets through calls such
 * as ats_acl.job_ids('view_applications') and ats_acl.sees_all_jobs() (bare:
 * a "(SELECT call)" wrapper costs a subquery to rewrite on every statement).
 * Left alone, a call's value is unknown to the planner, so "job_id = ANY
 * (<call>)" is searched linearly on every row, is estimated blindly, and an
 * OR with "sees_all_jobs()" keeps any index away: a dashboard count read the
 * whole table for a recruiter with three jobs.
 *
 * These functions depend on nothing but the current ATS user and the
 * permission cache, so we evaluate them while planning and put their values
 * in the query as constants.  The planner then folds "true OR ..." away,
 * hashes a constant ANY array and picks the job_id index where the set is
 * small.  Such a plan is only valid for this user and this cache generation;
 * we say so to the plan cache: the plan depends on the role (it is re-planned
 * when current_user differs), and it lists ats_acl.users among the relations it
 * depends on, whose relcache invalidation is what already announces every
 * permission change (cache.c).  A cached plan is thus re-planned at the next
 * statement after a revoke, exactly when the cache itself would be rebuilt.
 *
 * Plans made while ats_acl_owner is current_user (a masked view's write,
 * which acts for another role, see identity.c) are not specialized: the role
 * would not tell whose values they hold.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_proc.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/catcache.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "ats_acl.h"

/* The functions whose value is the current user's, for fixed arguments. */
static const char *const user_state_functions[] = {
	"active_user_id", "can", "can_create_jobs", "can_on_all_visible", "group_ids",
	"is_active_user", "is_dba", "is_external", "job_ids", "module_own", "module_reads",
	"sees_all_jobs", "sees_public_jobs", "shared_job_ids",
};

/* What a walk over the query needs and found. */
typedef struct SpecializeContext
{
	Oid			ats_acl_nsp;	/* namespace of the functions above */
	Oid			ats_data_nsp;	/* namespace of the hidden tables */
	bool		replaced;		/* some call was replaced by its value */
} SpecializeContext;

/*
 * The oids of user_state_functions in the ats_acl schema, looked up once and
 * again after any change to pg_proc (a planner walk meets dozens of calls).
 */
#define ATS_MAX_USER_STATE_OIDS 64
static Oid	user_state_oids[ATS_MAX_USER_STATE_OIDS];
static int	n_user_state_oids = 0;
static Oid	user_state_nsp = InvalidOid;	/* the schema they were looked up in */
static bool user_state_callback_registered = false;

/* Syscache callback: pg_proc changed, look the oids up again. */
static void
user_state_oids_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	user_state_nsp = InvalidOid;
}

/* Look up the oids of user_state_functions in a schema. */
static void
load_user_state_oids(Oid ats_acl_nsp)
{
	if (!user_state_callback_registered)
	{
		CacheRegisterSyscacheCallback(PROCOID, user_state_oids_callback, (Datum) 0);
		user_state_callback_registered = true;
	}
	n_user_state_oids = 0;
	for (size_t i = 0; i < lengthof(user_state_functions); i++)
	{
		CatCList   *list = SearchSysCacheList1(PROCNAMEARGSNSP,
											   CStringGetDatum(user_state_functions[i]));

		for (int m = 0; m < list->n_members; m++)
		{
			Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(&list->members[m]->tuple);

			if (proc->pronamespace == ats_acl_nsp && n_user_state_oids < ATS_MAX_USER_STATE_OIDS)
				user_state_oids[n_user_state_oids++] = proc->oid;
		}
		ReleaseSysCacheList(list);
	}
	user_state_nsp = ats_acl_nsp;
}

/* Whether a function is one of user_state_functions of the ats_acl schema. */
static bool
is_user_state_function(Oid funcid, Oid ats_acl_nsp)
{
	if (user_state_nsp != ats_acl_nsp)
		load_user_state_oids(ats_acl_nsp);
	for (int i = 0; i < n_user_state_oids; i++)
		if (user_state_oids[i] == funcid)
			return true;
	return false;
}

/* The value of a user-state call with constant arguments, as a Const; NULL if the node is not that. */
static Const *
user_state_value(Node *node, SpecializeContext *ctx)
{
	FuncExpr   *f = (FuncExpr *) node;
	HeapTuple	proctup;
	List	   *args;
	FmgrInfo	flinfo;
	ListCell   *lc;
	int			i = 0;
	Datum		value;
	int16		typlen;
	bool		typbyval;

	LOCAL_FCINFO(fcinfo, FUNC_MAX_ARGS);

	if (!IsA(node, FuncExpr) || f->funcretset ||
		!is_user_state_function(f->funcid, ctx->ats_acl_nsp))
		return NULL;
	/* Defaults ("job_ids()") are filled in by the planner, later: fill them in. */
	proctup = SearchSysCache1(PROCOID, ObjectIdGetDatum(f->funcid));
	if (!HeapTupleIsValid(proctup))
		elog(ERROR, "cache lookup failed for function %u", f->funcid);
	args = expand_function_arguments(f->args, false, f->funcresulttype, proctup);
	ReleaseSysCache(proctup);
	foreach(lc, args)
		if (!IsA(lfirst(lc), Const))
			return NULL;

	fmgr_info(f->funcid, &flinfo);
	InitFunctionCallInfoData(*fcinfo, &flinfo, list_length(args), f->inputcollid,
							 NULL, NULL);
	foreach(lc, args)
	{
		Const	   *arg = lfirst_node(Const, lc);

		fcinfo->args[i].value = arg->constvalue;
		fcinfo->args[i].isnull = arg->constisnull;
		i++;
	}
	for (i = 0; flinfo.fn_strict && i < fcinfo->nargs; i++)
		if (fcinfo->args[i].isnull)
			return makeNullConst(f->funcresulttype, -1, InvalidOid);
	value = FunctionCallInvoke(fcinfo);
	get_typlenbyval(f->funcresulttype, &typlen, &typbyval);
	if (!fcinfo->isnull)
		value = datumCopy(value, typbyval, typlen);
	return makeConst(f->funcresulttype, -1, InvalidOid, typlen, value, fcinfo->isnull,
					 typbyval);
}

/* Whether a node is "col op ANY (empty constant array)": false for every col, NULL or not. */
static bool
is_empty_membership(Node *node)
{
	ScalarArrayOpExpr *saop = (ScalarArrayOpExpr *) node;
	Const	   *set;
	ArrayType  *arr;

	if (!IsA(node, ScalarArrayOpExpr) || !saop->useOr || list_length(saop->args) != 2 ||
		!IsA(lsecond(saop->args), Const))
		return false;
	set = lsecond_node(Const, saop->args);
	if (set->constisnull)
		return false;
	arr = DatumGetArrayTypeP(set->constvalue);
	return ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) == 0;
}

/* Whether "EXISTS (subquery)" is false: a plain SELECT whose WHERE has a constant false conjunct. */
static bool
is_empty_exists(SubLink *sublink)
{
	Query	   *sub = (Query *) sublink->subselect;
	Node	   *where;
	ListCell   *lc;

	if (sublink->subLinkType != EXISTS_SUBLINK || !IsA(sub, Query) ||
		sub->commandType != CMD_SELECT || sub->setOperations != NULL || sub->hasAggs ||
		sub->groupClause != NIL || sub->groupingSets != NIL || sub->havingQual != NULL ||
		sub->jointree == NULL || (where = sub->jointree->quals) == NULL)
		return false;
	if (!is_andclause(where))
		return IsA(where, Const) && !((Const *) where)->constisnull &&
			!DatumGetBool(((Const *) where)->constvalue);
	foreach(lc, ((BoolExpr *) where)->args)
	{
		Const	   *c = (Const *) lfirst(lc);

		if (IsA(c, Const) && !c->constisnull && !DatumGetBool(c->constvalue))
			return true;
	}
	return false;
}

static Node *specialize_mutator(Node *node, SpecializeContext *ctx);

/*
 * An AND or OR with its arguments specialized; the constant itself once an
 * argument decides it, the others left unwalked: an admin's "(SELECT
 * sees_all_jobs()) OR <the rest of the policy>" is true, and the rest, with
 * its sublinks and their tables' policies, is neither copied nor planned.
 */
static Node *
specialize_bool(Node *node, SpecializeContext *ctx)
{
	BoolExpr   *b = (BoolExpr *) node;
	bool		decider = b->boolop == OR_EXPR;
	BoolExpr   *result = makeNode(BoolExpr);
	ListCell   *lc;

	*result = *b;
	result->args = NIL;
	foreach(lc, b->args)
	{
		Node	   *arg = specialize_mutator(lfirst(lc), ctx);

		if (IsA(arg, Const) && !((Const *) arg)->constisnull &&
			DatumGetBool(((Const *) arg)->constvalue) == decider)
			return (Node *) makeBoolConst(decider, false);
		result->args = lappend(result->args, arg);
	}
	return (Node *) result;
}

/*
 * Replace user-state calls by their values (inside a "(SELECT call)" too); a
 * membership in an empty set, and an EXISTS that requires one, by false (a
 * user in no group no longer plans the policy's probe of candidate_groups).
 */
static Node *
specialize_mutator(Node *node, SpecializeContext *ctx)
{
	Const	   *value = NULL;

	if (node == NULL)
		return NULL;
	if (IsA(node, Query))
		return (Node *) query_tree_mutator((Query *) node, specialize_mutator, ctx, 0);
	if (is_andclause(node) || is_orclause(node))
		return specialize_bool(node, ctx);
	if (IsA(node, FuncExpr))
		value = user_state_value(node, ctx);
	if (value != NULL)
	{
		ctx->replaced = true;
		return (Node *) value;
	}
	node = expression_tree_mutator(node, specialize_mutator, ctx);
	if (ctx->replaced &&
		(is_empty_membership(node) || (IsA(node, SubLink) && is_empty_exists((SubLink *) node))))
		return makeBoolConst(false, false);
	return node;
}

/* Whether a hidden table of ats_data is in the query's range table or its subqueries' (views'). */
static bool
rtable_reads_hidden(Query *parse, SpecializeContext *ctx)
{
	ListCell   *lc;

	foreach(lc, parse->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if ((rte->rtekind == RTE_RELATION && get_rel_namespace(rte->relid) == ctx->ats_data_nsp) ||
			(rte->rtekind == RTE_SUBQUERY && rtable_reads_hidden(rte->subquery, ctx)))
			return true;
	}
	return false;
}

/* Whether the query reads a hidden table of ats_data anywhere. */
static bool
reads_hidden_tables(Node *node, SpecializeContext *ctx)
{
	if (node == NULL)
		return false;
	if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;

		return rte->rtekind == RTE_RELATION &&
			get_rel_namespace(rte->relid) == ctx->ats_data_nsp;
	}
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, reads_hidden_tables, ctx,
								 QTW_EXAMINE_RTES_BEFORE);
	return expression_tree_walker(node, reads_hidden_tables, ctx);
}

/* Whether two quals are the same "col op ANY (constant set)". */
static bool
same_set_qual(Node *a, Node *b)
{
	ScalarArrayOpExpr *x = (ScalarArrayOpExpr *) a;
	ScalarArrayOpExpr *y = (ScalarArrayOpExpr *) b;
	Var		   *vx;
	Var		   *vy;

	if (!IsA(a, ScalarArrayOpExpr) || !IsA(b, ScalarArrayOpExpr) || x->opno != y->opno ||
		x->useOr != y->useOr || list_length(x->args) != 2 || list_length(y->args) != 2 ||
		!IsA(linitial(x->args), Var) || !IsA(linitial(y->args), Var) ||
		!IsA(lsecond(x->args), Const) || !IsA(lsecond(y->args), Const))
		return false;
	vx = linitial_node(Var, x->args);
	vy = linitial_node(Var, y->args);
	return vx->varno == vy->varno && vx->varattno == vy->varattno &&
		vx->varlevelsup == vy->varlevelsup && equal(lsecond(x->args), lsecond(y->args));
}

/*
 * In a policy's subquery (EXISTS (SELECT 1 FROM ats_data.applications a
 * WHERE ... AND a.job_id = ANY (<set>))), the table's own policy adds the same
 * "job_id = ANY (<set>)" again.  Counted twice, the planner underestimated
 * the rows and hashed the whole table where a probe per candidate was right.
 * Drop a policy conjunct that repeats a conjunct of the subquery's WHERE:
 * both are the extension's own predicates, ANDed at the same level.
 */
static void
drop_repeated_sets(Query *sub)
{
	Node	   *where = sub->jointree ? sub->jointree->quals : NULL;
	List	   *conjuncts = where == NULL ? NIL :
		is_andclause(where) ? ((BoolExpr *) where)->args : list_make1(where);
	ListCell   *lc;

	foreach(lc, sub->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		ListCell   *qc;

		foreach(qc, rte->securityQuals)
		{
			Node	   *qual = eval_const_expressions(NULL, lfirst(qc));
			List	   *parts = is_andclause(qual) ? ((BoolExpr *) qual)->args : list_make1(qual);
			List	   *kept = NIL;
			ListCell   *pc;

			foreach(pc, parts)
			{
				bool		repeated = false;
				ListCell   *wc;

				foreach(wc, conjuncts)
					repeated = repeated || same_set_qual(lfirst(pc), lfirst(wc));
				if (!repeated)
					kept = lappend(kept, lfirst(pc));
			}
			lfirst(qc) = kept == NIL ? (Node *) makeBoolConst(true, false) :
				(Node *) make_ands_explicit(kept);
		}
	}
}

/*
 * Find the subqueries of policies (sublinks in security quals: *in_policy)
 * and drop their repeated sets; a user's own sublinks are left alone.
 */
static bool
drop_repeated_sets_walker(Node *node, void *in_policy)
{
	bool		policy = true;

	if (node == NULL)
		return false;
	if (IsA(node, SubLink) && *(bool *) in_policy && IsA(((SubLink *) node)->subselect, Query))
		drop_repeated_sets((Query *) ((SubLink *) node)->subselect);
	if (IsA(node, RangeTblEntry))
		return expression_tree_walker((Node *) ((RangeTblEntry *) node)->securityQuals,
									  drop_repeated_sets_walker, &policy);
	if (IsA(node, Query) && !((Query *) node)->hasSubLinks)
	{
		/* No sublink in its expressions or security quals: only its views and CTEs may have one. */
		ListCell   *lc;

		foreach(lc, ((Query *) node)->rtable)
			if (lfirst_node(RangeTblEntry, lc)->rtekind == RTE_SUBQUERY)
				(void) drop_repeated_sets_walker((Node *) lfirst_node(RangeTblEntry, lc)->subquery,
												 in_policy);
		foreach(lc, ((Query *) node)->cteList)
			(void) drop_repeated_sets_walker(lfirst_node(CommonTableExpr, lc)->ctequery, in_policy);
		return false;
	}
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, drop_repeated_sets_walker, in_policy,
								 QTW_EXAMINE_RTES_BEFORE);
	return expression_tree_walker(node, drop_repeated_sets_walker, in_policy);
}

/*
 * The query with the current user's permission sets as constants, or the
 * query itself when nothing applies; *specialized tells which.
 */
Query *
ats_specialize_query(Query *parse, bool *specialized)
{
	const AtsCatalogOids *cat = ats_catalog();
	SpecializeContext ctx;
	Query	   *result;

	*specialized = false;
	ctx.ats_acl_nsp = cat->acl_nsp;
	ctx.ats_data_nsp = cat->data_nsp;
	ctx.replaced = false;
	if (!OidIsValid(ctx.ats_acl_nsp) || !OidIsValid(ctx.ats_data_nsp) ||
		GetUserId() == cat->owner_role ||
		!(rtable_reads_hidden(parse, &ctx) || reads_hidden_tables((Node *) parse, &ctx)))
		return parse;

	result = (Query *) specialize_mutator((Node *) parse, &ctx);
	*specialized = ctx.replaced;
	if (ctx.replaced)
	{
		bool		in_policy = false;

		/* The user's values were computed: its sharing rules are at hand too. */
		(void) ats_inline_sharing(result, ats_current_acl());
		(void) drop_repeated_sets_walker((Node *) result, &in_policy);
	}
	return result;
}

/*
 * The value of a user-state call whose arguments are constants, for a query
 * being specialized (see ats_specialize_query); NULL if it is not one.
 */
Const *
ats_user_state_call_value(Node *call)
{
	const AtsCatalogOids *cat = ats_catalog();
	SpecializeContext ctx;

	ctx.ats_acl_nsp = cat->acl_nsp;
	ctx.ats_data_nsp = InvalidOid;
	ctx.replaced = false;
	if (!OidIsValid(ctx.ats_acl_nsp) || GetUserId() == cat->owner_role)
		return NULL;
	return user_state_value(call, &ctx);
}

/* Make a specialized plan re-planned for another role and after any permission change. */
void
ats_specialized_plan_dependencies(PlannedStmt *stmt)
{
	stmt->dependsOnRole = true;
	stmt->relationOids = lappend_oid(stmt->relationOids, ats_cache_sentinel_relid());
}
