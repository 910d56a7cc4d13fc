/*-------------------------------------------------------------------------
 *
 * identity.c
 *	  Which ATS user a role is, and the SQL functions that tell.
 *
 * The current ATS user is the registered user whose role is current_user
 * (GetUserId()), so SET ROLE, SET LOCAL ROLE, SET SESSION AUTHORIZATION and
 * SECURITY DEFINER functions all change it, exactly as they change which
 * PostgreSQL privileges apply.  The administration functions are SECURITY
 * DEFINER; for them the caller is the role outside every SECURITY DEFINER
 * function (GetOuterUserId()), i.e. the role the session or SET ROLE chose.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"

#include "ats_acl.h"

PG_FUNCTION_INFO_V1(ats_acl_current_user_id);
PG_FUNCTION_INFO_V1(ats_acl_caller_user_id);
PG_FUNCTION_INFO_V1(ats_acl_is_dba);
PG_FUNCTION_INFO_V1(ats_acl_is_active_user);

/* Permissions of current_user. */
AtsUserAcl *
ats_current_acl(void)
{
	return ats_acl_for_role(GetUserId());
}

/* Permissions of the role that called the administration function. */
AtsUserAcl *
ats_caller_acl(void)
{
	return ats_acl_for_role(GetOuterUserId());
}

/* DBA or active ATS admin: sees every job, holds every capability. */
bool
ats_sees_all_jobs(const AtsUserAcl *acl)
{
	return acl->dba || acl->access == ATS_ACCESS_ADMIN;
}

/* Sees every non-confidential job: regular module access or more. */
bool
ats_sees_public_jobs(const AtsUserAcl *acl)
{
	return ats_sees_all_jobs(acl) || acl->access == ATS_ACCESS_REGULAR;
}

/* ats_acl.current_user_id(): id of current_user's ATS user, or NULL. */
Datum
ats_acl_current_user_id(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	if (!acl->registered)
		PG_RETURN_NULL();
	PG_RETURN_INT64(acl->user_id);
}

/* ats_acl.caller_user_id(): id of the calling role's ATS user, or NULL. */
Datum
ats_acl_caller_user_id(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_caller_acl();

	if (!acl->registered)
		PG_RETURN_NULL();
	PG_RETURN_INT64(acl->user_id);
}

/* ats_acl.is_dba(): current_user bypasses row-level security. */
Datum
ats_acl_is_dba(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ats_current_acl()->dba);
}

/* ats_acl.is_active_user(): the DBA or an active registered user. */
Datum
ats_acl_is_active_user(PG_FUNCTION_ARGS)
{
	AtsUserAcl *acl = ats_current_acl();

	PG_RETURN_BOOL(acl->dba || (acl->registered && acl->active));
}
