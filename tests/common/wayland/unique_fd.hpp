// The tests use the product's UniqueFd (common/src/unique_fd.hpp) under their own namespace.
#pragma once

#include "../../../common/src/unique_fd.hpp"

namespace wrd::test {
using wrd::UniqueFd;
}  // namespace wrd::test
