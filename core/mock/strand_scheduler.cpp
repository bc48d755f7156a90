#include "mock/strand_scheduler.h"

#include <boost/asio/dispatch.hpp>

namespace quiver::core::mock {

void StrandScheduler::after(Clock::Duration delay, std::function<void()> task) {
    boost::asio::dispatch(m_executor, [this, delay, task = std::move(task)]() mutable {
        const auto at = m_pending.insert(m_pending.end(),
                                         std::make_shared<boost::asio::steady_timer>(m_executor));
        (*at)->expires_after(m_hurried ? Clock::Duration::zero() : delay);
        (*at)->async_wait([this, at, timer = *at, task = std::move(task)](auto) {
            m_pending.erase(at);
            task();
        });
    });
}

void StrandScheduler::hurry() {
    m_hurried = true;
    for (const auto& timer : m_pending)
        timer->cancel();
}

} // namespace quiver::core::mock
