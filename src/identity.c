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

/*
 * The caller on whose behalf a masked view's INSTEAD OF trigger writes as
 * ats_acl_owner (views.c); InvalidOid outside such a write.
 */
static Oid	acting_role = InvalidOid;

/* Set the acting role; returns the previous one, for restoring. */
Oid
ats_set_acting_role(Oid roleid)
{
	Oid			previous = acting_role;

	acting_role = roleid;
	return previous;
}

/*
 * Permissions of current_user.  ats_acl_owner logs in nowhere and has no
 * members: it is current_user only inside a masked view's write, which acts
 * for the role that wrote to the view.
 */
AtsUserAcl *
ats_current_acl(void)
{
	Oid			roleid = GetUserId();

	if (OidIsValid(acting_role) && roleid == ats_catalog()->owner_role)
		roleid = acting_role;
	return ats_acl_for_role(roleid);
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
