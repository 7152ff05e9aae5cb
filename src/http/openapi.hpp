// The OpenAPI 3 document, generated from the route table so it cannot drift from what the server serves.
// docs/api/openapi.json is a committed snapshot; a test fails when it differs from the generated one
// (regenerate with `wangge openapi > docs/api/openapi.json`).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "http/router.hpp"

namespace wangge::http {

nlohmann::json OpenApiDocument(const std::vector<Route>& routes);

}  // namespace wangge::http
