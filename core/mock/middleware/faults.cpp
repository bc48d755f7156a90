#include "mock/middleware/faults.h"

namespace quiver::core::mock {

void Faults::handle(Exchange& ex, const Next& next, Done done) const {
    // In [0, 1): p = 0 never faults and p = 1 always does.
    const double draw = static_cast<double>(ex.random().next() >> 11) * 0x1.0p-53;
    if (draw >= m_probability) {
        next(ex, std::move(done));
        return;
    }
    ex.reply.fault = m_fault;
    ex.reply.answered = true;
    ex.reply.closeConnection = true; // every fault ends the connection
    done();
}

Result<MiddlewarePtr> makeFaults(const model::MiddlewareSpec& spec) {
    if (spec.kind != model::MiddlewareSpec::Kind::faults)
        return makeError(ErrorKind::protocol, "makeFaults: not a faults layer");
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const nlohmann::json settings = model::effectiveSettings(spec);
    const std::string kind = settings["kind"].get<std::string>();
    const MockReply::Fault fault = kind == "empty"            ? MockReply::Fault::empty
                                   : kind == "malformedChunk" ? MockReply::Fault::malformedChunk
                                   : kind == "garbage"        ? MockReply::Fault::garbage
                                                              : MockReply::Fault::reset;
    return MiddlewarePtr(
        std::make_shared<const Faults>(settings["probability"].get<double>(), fault));
}

} // namespace quiver::core::mock
