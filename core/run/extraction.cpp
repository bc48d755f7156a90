#include "run/extraction.h"

#include "run/json_path.h"

#include <re2/re2.h>

namespace quiver::core::run {

namespace {

ExtractionResult failed(std::string message) {
    return {false, {}, std::move(message)};
}

ExtractionResult fromJson(const model::Extraction& e, const ResponseView& response) {
    auto path = JsonPath::parse(e.expression);
    if (!path)
        return failed(path.error().message);
    const nlohmann::json* document = response.json();
    if (!document)
        return failed("the body is not JSON: " + response.jsonError());
    const auto matches = path->evaluate(*document);
    if (matches.empty())
        return failed(e.expression + " matched nothing");
    nlohmann::json value;
    if (path->definite()) {
        value = *matches.front();
    } else {
        value = nlohmann::json::array();
        for (const auto* match : matches)
            value.push_back(*match);
    }
    return {true, value.is_string() ? value.get<std::string>() : value.dump(), {}};
}

ExtractionResult fromHeader(const model::Extraction& e, const ResponseView& response) {
    ExtractionResult result;
    for (const auto& header : response.response().headers) {
        if (!header.enabled || !model::iequals(header.name, e.expression))
            continue;
        result.value += (result.ok ? ", " : "") + header.value;
        result.ok = true;
    }
    if (!result.ok)
        result.message = "header '" + e.expression + "' is missing";
    return result;
}

ExtractionResult fromRegex(const model::Extraction& e, const ResponseView& response) {
    RE2 re(e.expression, RE2::Quiet);
    if (!re.ok())
        return failed("invalid regular expression /" + e.expression + "/: " + re.error());
    const std::string_view body = response.body();
    // Group 0 is the whole match; group 1, when there is one, is what the user asked for.
    re2::StringPiece groups[2];
    const int wanted = re.NumberOfCapturingGroups() >= 1 ? 2 : 1;
    if (!re.Match(re2::StringPiece(body.data(), body.size()), 0, body.size(), RE2::UNANCHORED,
                  groups, wanted))
        return failed("/" + e.expression + "/ did not match the body");
    const auto& group = groups[wanted - 1];
    return {true, std::string(group.data(), group.size()), {}};
}

} // namespace

ExtractionResult extract(const model::Extraction& extraction, const ResponseView& response) {
    switch (extraction.source) {
    case model::Extraction::Source::json:
        return fromJson(extraction, response);
    case model::Extraction::Source::header:
        return fromHeader(extraction, response);
    case model::Extraction::Source::regex:
        return fromRegex(extraction, response);
    }
    return failed("unknown extraction source");
}

} // namespace quiver::core::run
