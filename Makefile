# ats_acl: PGXS build.  `make && make install`, then see README.md for tests.

MODULE_big = ats_acl
OBJS = \
	src/ats_acl.o \
	src/activity.o \
	src/admin.o \
	src/cache.o \
	src/candidate.o \
	src/capability.o \
	src/catalog.o \
	src/explain.o \
	src/hooks.o \
	src/identity.o \
	src/lookup.o \
	src/planner.o \
	src/probes.o \
	src/specialize.o \
	src/profile.o \
	src/records.o \
	src/sharing.o \
	src/sharing_quals.o \
	src/statements.o \
	src/triggers.o \
	src/views.o
PGFILEDESC = "ats_acl - applicant tracking system access control"

EXTENSION = ats_acl
DATA = ats_acl--0.1.sql

REGRESS = setup visibility writes admin_functions activity plans leaks reinstall
REGRESS_OPTS = --inputdir=.
ISOLATION = revoke_visibility sharing concurrent_writes
ISOLATION_OPTS = --inputdir=.

# -Wextra, less the two warnings PostgreSQL's own headers and the fmgr calling
# convention (PG_FUNCTION_ARGS) raise in every extension.
PG_CPPFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror=implicit-function-declaration

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Random SQL as several ATS users (sqlsmith), and the regress suites under
# valgrind; minutes each, not part of the tests.
.PHONY: fuzz valgrind
fuzz:
	bash tools/fuzz.sh
valgrind:
	bash tools/valgrind.sh

# Every object depends on the shared header (PGXS does not track headers).
$(OBJS): src/ats_acl.h

# The performance benchmark of issue 5 (throwaway cluster, report in bench/last-report.md):
# `make bench` at scale factor 1, `SF=0.1 make bench` for a quick run.
.PHONY: bench
bench:
	bash bench/run.sh
