#pragma once

// The "assertions" and "extractions" arrays of a request file (model/assertion.h documents
// them). Internal to core/model: request_json.cpp calls these so the request file keeps one
// reader and one error wording.

#include "model/assertion.h"
#include "model/json_reader.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace quiver::core::model {

std::string_view toString(Assertion::Kind kind);
std::string_view toString(Assertion::Op op);
std::string_view toString(Extraction::Source source);

namespace detail {

nlohmann::json assertionsToJson(const Assertions& assertions);
nlohmann::json extractionsToJson(const Extractions& extractions);

// Absent arrays leave out empty; a wrong type, an unknown kind, op or source, or a missing
// kind/op/source/variable is an error naming its JSON Pointer ("/assertions/2/op").
void readAssertions(Reader& reader, const nlohmann::json& root, Assertions& out);
void readExtractions(Reader& reader, const nlohmann::json& root, Extractions& out);

} // namespace detail
} // namespace quiver::core::model
