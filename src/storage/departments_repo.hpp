// Functional departments (职能部门: 公安, 城管, 市场监管 …), each at the place whose government it belongs
// to; orders are dispatched to them and they are called in (吹哨). Their users are in users_repo.hpp.
// Backends: sqlite/departments_repo.cpp; contract: in users_repo_test.cpp (UsersAndDepartments).
#pragma once

#include <cstdint>
#include <string>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

class DepartmentRepo {
 public:
  virtual ~DepartmentRepo() = default;
  // RecordNotFound when absent.
  virtual Result<Department> Get(int64_t id) = 0;
  // Departments whose place lies in the scope, by id.
  virtual Result<Page<Department>> List(const std::string& scope, const PageRequest& page) = 0;
  // kConflict when the code is taken.
  virtual Result<int64_t> Insert(const Department& d) = 0;
  // Writes name, place and retired; RecordNotFound when absent.
  virtual Status Update(const Department& d) = 0;
};

}  // namespace wangge::storage
