#pragma once

// The name tables of the mock server enums, shared by mock_server.cpp and the JSON reader
// and writer so that a name is spelled in one place. Internal to core/model.

#include "model/json_reader.h"
#include "model/mock_server.h"

#include <span>

namespace quiver::core::model::detail {

std::span<const EnumName<MiddlewareSpec::Kind>> middlewareKindNames();
std::span<const EnumName<MockRoute::Kind>> routeKindNames();
std::span<const EnumName<MockRoute::SelectionMode>> selectionNames();
std::span<const EnumName<MockResponse::BodyKind>> bodyKindNames();
std::span<const EnumName<ResponseRule::Source>> ruleSourceNames();
std::span<const EnumName<ResponseRule::Operator>> ruleOpNames();
std::span<const EnumName<MockServer::Tls::Mode>> tlsModeNames();

} // namespace quiver::core::model::detail
