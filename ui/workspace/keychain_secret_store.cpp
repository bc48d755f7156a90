#include "workspace/keychain_secret_store.h"

#include "io/atomic_file.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace quiver::ui {
namespace {

struct JobResult {
    QKeychain::Error error = QKeychain::OtherError;
    QString message;
    QByteArray data;
};

// QtKeychain jobs are asynchronous; SecretStore is not. A local loop waits for the answer,
// bounded so that a keychain that never answers cannot hang the caller.
JobResult runJob(QKeychain::Job* job, int timeoutMs) {
    JobResult result;
    result.message = QObject::tr("the keychain did not answer");
    QEventLoop loop;
    bool done = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job* finished) {
        done = true;
        result.error = finished->error();
        result.message = finished->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(finished))
            result.data = read->binaryData();
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (done)
        delete job;
    else
        job->deleteLater(); // it may still answer; its answer is dropped
    return result;
}

core::Error keychainError(const QString& what, const JobResult& result) {
    return core::makeError(
        core::ErrorKind::io,
        QObject::tr("system keychain: %1: %2").arg(what, result.message).toStdString());
}

} // namespace

bool keychainChosen() {
    return QSettings().value("secrets/useKeychain", false).toBool();
}

void setKeychainChosen(bool chosen) {
    QSettings().setValue("secrets/useKeychain", chosen);
}

std::unique_ptr<KeychainSecretStore>
KeychainSecretStore::open(const std::filesystem::path& root,
                          std::unique_ptr<core::io::SecretStore>& file, QString* status,
                          int timeoutMs) {
    const QString service = QStringLiteral("Quiver %1").arg(QString::fromStdString(root.string()));
    // A read of an entry that does not exist tells whether a keychain answers at all.
    auto* probe = new QKeychain::ReadPasswordJob(service);
    probe->setKey(QStringLiteral("quiver-probe"));
    const JobResult answer = runJob(probe, timeoutMs);
    if (answer.error != QKeychain::NoError && answer.error != QKeychain::EntryNotFound) {
        if (status)
            *status = QObject::tr("The system keychain is not reachable (%1); secrets are kept "
                                  "in .quiver/secrets.json instead.")
                          .arg(answer.message.isEmpty() ? QObject::tr("no secret service")
                                                        : answer.message);
        return nullptr;
    }
    std::unique_ptr<KeychainSecretStore> store(new KeychainSecretStore);
    store->m_service = service;
    store->m_indexFile = root / ".quiver" / "keychain-keys.json";
    store->m_file = std::move(file);
    store->m_timeoutMs = timeoutMs;
    QFile index(QString::fromStdString(store->m_indexFile.string()));
    if (index.open(QIODevice::ReadOnly))
        for (const auto& key : QJsonDocument::fromJson(index.readAll()).object()["keys"].toArray())
            store->m_keys.insert(key.toString().toStdString());
    if (status)
        *status = QObject::tr("Secrets are kept in the system keychain.");
    return store;
}

std::optional<std::string> KeychainSecretStore::get(std::string_view key) const {
    if (m_keys.count(std::string(key))) {
        auto* job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(QString::fromUtf8(key.data(), qsizetype(key.size())));
        const JobResult answer = runJob(job, m_timeoutMs);
        if (answer.error == QKeychain::NoError)
            return answer.data.toStdString();
    }
    return m_file ? m_file->get(key) : std::nullopt;
}

core::Error KeychainSecretStore::set(const std::string& key, const std::string& value) {
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(QString::fromStdString(key));
    job->setBinaryData(QByteArray::fromStdString(value));
    const JobResult answer = runJob(job, m_timeoutMs);
    if (answer.error != QKeychain::NoError)
        return keychainError(QString::fromStdString(key), answer);
    m_keys.insert(key);
    if (m_file && m_file->get(key)) // the file's older copy would outlive the keychain's
        m_file->remove(key);
    return saveIndex();
}

core::Error KeychainSecretStore::remove(const std::string& key) {
    if (m_keys.count(key)) {
        auto* job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(QString::fromStdString(key));
        const JobResult answer = runJob(job, m_timeoutMs);
        if (answer.error != QKeychain::NoError && answer.error != QKeychain::EntryNotFound)
            return keychainError(QString::fromStdString(key), answer);
        m_keys.erase(key);
    }
    if (m_file && m_file->get(key))
        if (auto failed = m_file->remove(key))
            return failed;
    return saveIndex();
}

std::vector<std::string> KeychainSecretStore::keys() const {
    std::set<std::string> all = m_keys;
    if (m_file)
        for (const auto& key : m_file->keys())
            all.insert(key);
    return {all.begin(), all.end()};
}

core::Error KeychainSecretStore::saveIndex() const {
    QJsonArray keys;
    for (const auto& key : m_keys)
        keys.append(QString::fromStdString(key));
    QJsonObject index;
    index.insert("keys", keys);
    return core::io::writeFileAtomically(m_indexFile, QJsonDocument(index).toJson().toStdString(),
                                         0600);
}

} // namespace quiver::ui
