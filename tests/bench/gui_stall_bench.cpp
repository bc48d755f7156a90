// Receives and renders one large response in the real request panel while a timer on the UI
// thread measures the longest gap between its ticks: the longest stall a user would feel.
// Usage: quiver-gui-stall-bench URL
#include "bridge/engine_bridge.h"
#include "request/request_panel.h"
#include "response/response_view.h"
#include "widgets/body_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s URL\n", argv[0]);
        return 2;
    }
    quiver::ui::EngineBridge bridge;
    quiver::ui::RequestPanel panel(bridge);
    panel.resize(1200, 800);
    panel.show();

    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 longest = 0;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        longest = std::max(longest, now - last);
        last = now;
    });

    quiver::core::model::Request request;
    request.url = argv[1];
    panel.setRequest(request);
    auto* body = panel.responseView()->bodyView();
    QObject::connect(body, &quiver::ui::BodyView::indexed, [&] {
        // Scroll through the body as a user would, then stop.
        for (int step = 0; step < 50; ++step)
            QTimer::singleShot(step * 10,
                               [body, step] { body->scrollToLine(step * body->lineCount() / 50); });
        QTimer::singleShot(700, [&] {
            std::printf("lines %d longest-ui-stall-ms %.1f total-ms %lld\n", body->lineCount(),
                        longest / 1e6, static_cast<long long>(clock.elapsed()));
            app.quit();
        });
    });
    QObject::connect(&panel, &quiver::ui::RequestPanel::finished, [&](bool ok) {
        if (!ok) {
            std::printf("request failed\n");
            app.exit(1);
        }
    });
    last = clock.nsecsElapsed();
    probe.start();
    panel.send();
    return app.exec();
}
