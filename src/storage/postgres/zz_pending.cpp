// TEMPORARY while the repositories are ported (branch pg): the factories of domains not yet written for
// PostgreSQL. Each porter deletes its domain's line when postgres/<domain>_repo.cpp defines the factory.
// This file must be gone before the branch is merged.
#include <stdexcept>

#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {

#define PENDING(Interface)                                          \
  RepoPtr<Interface> NewPg##Interface(PgTx*) {                      \
    throw std::logic_error(#Interface " not ported to PostgreSQL"); \
  }
#undef PENDING

}  // namespace wangge::storage::postgres
