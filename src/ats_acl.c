/*-------------------------------------------------------------------------
 *
 * ats_acl.c
 *	  Module entry point of the ats_acl extension.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "ats_acl.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Register the cache invalidation callbacks when the library is loaded. */
void
_PG_init(void)
{
	ats_cache_init();
}
