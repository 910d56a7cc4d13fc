/*-------------------------------------------------------------------------
 *
 * admin.c
 *	  Permission checks of the administration functions.
 *
 * The administration functions (ats_acl--*.sql) are SECURITY DEFINER, so
 * inside them current_user is the extension's owner.  These checks are made
 * against the calling role instead (see identity.c), from the same cache the
 * policies use.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_require_admin);
PG_FUNCTION_INFO_V1(ats_acl_require_job_capability);
PG_FUNCTION_INFO_V1(ats_acl_caller_can);

/* The action text of a check, or a generic one when NULL. */
static char *
ats_action_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		return pstrdup("use this function");
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/* ats_acl.require_admin(action): 42501 unless the caller is the DBA or an admin. */
Datum
ats_acl_require_admin(PG_FUNCTION_ARGS)
{
	char	   *action = ats_action_arg(fcinfo, 0);

	if (!ats_sees_all_jobs(ats_caller_acl()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s", action),
				 errdetail("Only ATS admins and the DBA may %s.", action)));
	PG_RETURN_VOID();
}

/* ats_acl.require_job_capability(job, capability, action): 42501 unless held. */
Datum
ats_acl_require_job_capability(PG_FUNCTION_ARGS)
{
	char	   *action = ats_action_arg(fcinfo, 2);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("job id and capability must not be NULL")));
	ats_require_capability(ats_caller_acl(), PG_GETARG_INT64(0),
						   text_to_cstring(PG_GETARG_TEXT_PP(1)), action);
	PG_RETURN_VOID();
}

/* ats_acl.caller_can(capability, job): whether the caller holds it. */
Datum
ats_acl_caller_can(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	AtsUserAcl *acl = ats_caller_acl();
	int			bit = ats_capability_bit_or_error(name);

	PG_RETURN_BOOL((ats_job_caps(acl, PG_GETARG_INT64(1)) & ATS_CAP_BIT(bit)) != 0);
}
