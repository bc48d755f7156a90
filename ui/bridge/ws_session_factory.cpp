#include "bridge/ws_host.h"
#include "engine/engine.h"

namespace quiver::ui {

WsHost::SessionFactory engineSessionFactory(core::Engine& engine) {
    return [&engine](core::ws::SessionOptions options,
                     std::shared_ptr<core::ws::SessionObserver> observer) {
        return core::ws::Session::create(engine, std::move(options), std::move(observer));
    };
}

} // namespace quiver::ui
