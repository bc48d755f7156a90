#pragma once

#include "mock/exchange.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <list>
#include <memory>

namespace quiver::core::mock {

// The delays of one connection's requests (latency, a response's delay) as timers on its
// strand: waiting never blocks a thread. A task runs when its delay is over or, sooner, when
// hurry() cuts it short (the server stops), so the request it belongs to finishes.
class StrandScheduler final : public Scheduler {
public:
    explicit StrandScheduler(boost::asio::any_io_executor ex) : m_executor(std::move(ex)) {}
    // From any thread (a proxy's answer arrives on a client thread); the wait starts on the
    // strand, at once when called there.
    void after(Clock::Duration delay, std::function<void()> task) override;
    // On the strand. The tasks run as their waits complete, cancelled; a delay asked for
    // later (the next layer's) does not wait either.
    void hurry();

private:
    boost::asio::any_io_executor m_executor;
    std::list<std::shared_ptr<boost::asio::steady_timer>> m_pending; // waits not yet completed
    bool m_hurried = false;
};

} // namespace quiver::core::mock
