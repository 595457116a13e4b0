#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

#include <chrono>
#include <future>
#include <memory>

namespace griddeck {

QString secretKey(SecretName name)
{
    switch (name) {
    case SecretName::WalletSecret:
        return QStringLiteral("wallet_secret");
    case SecretName::SmtpPassword:
        return QStringLiteral("smtp_password");
    case SecretName::WebhookSecret:
        return QStringLiteral("webhook_secret");
    case SecretName::SlackUrl:
        return QStringLiteral("slack_url");
    case SecretName::TwinMnemonic:
        return QStringLiteral("twin_mnemonic");
    case SecretName::StellarSecret:
        return QStringLiteral("stellar_secret");
    case SecretName::StorePassword:
        return QStringLiteral("store_password");
    }
    return QString();
}

std::optional<SecretName> secretFromKey(const QString &key)
{
    for (SecretName name : allSecretNames()) {
        if (secretKey(name) == key)
            return name;
    }
    return std::nullopt;
}

QString secretLabel(SecretName name)
{
    switch (name) {
    case SecretName::WalletSecret:
        return QStringLiteral("wallet secret");
    case SecretName::SmtpPassword:
        return QStringLiteral("SMTP password");
    case SecretName::WebhookSecret:
        return QStringLiteral("webhook signing secret");
    case SecretName::SlackUrl:
        return QStringLiteral("Slack webhook URL");
    case SecretName::TwinMnemonic:
        return QStringLiteral("TFChain twin mnemonic");
    case SecretName::StellarSecret:
        return QStringLiteral("Stellar secret key");
    case SecretName::StorePassword:
        return QStringLiteral("store database password");
    }
    return QString();
}

QString secretEnvironmentVariable(SecretName name)
{
    return QStringLiteral("GRIDDECK_SECRET_") + secretKey(name).toUpper();
}

QList<SecretName> allSecretNames()
{
    return {SecretName::WalletSecret, SecretName::SmtpPassword, SecretName::WebhookSecret, SecretName::SlackUrl,
            SecretName::TwinMnemonic, SecretName::StellarSecret};
}

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

void SecretStore::setAvailability(bool available, const QString &reason)
{
    const bool changed = !m_probed || m_available != available || m_unavailableReason != reason;
    m_probed = true;
    m_available = available;
    m_unavailableReason = available ? QString() : reason;
    if (changed)
        Q_EMIT availabilityChanged(m_available, m_unavailableReason);
}

void SecretStore::later(std::function<void()> f)
{
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

Result<std::optional<QString>> readSecretBlocking(SecretStore &store, SecretName name, int timeoutMs)
{
    QThread *current = QThread::currentThread();
    if (QCoreApplication::instance() && current == QCoreApplication::instance()->thread()) {
        return Error{ErrorKind::Internal,
                     QStringLiteral("reading the %1 blocking is refused on the main thread; use the asynchronous read")
                         .arg(secretLabel(name))};
    }
    if (current == store.thread()) {
        return Error{ErrorKind::Internal,
                     QStringLiteral("reading the %1 blocking is refused on the secret store's own thread")
                         .arg(secretLabel(name))};
    }

    using Answer = Result<std::optional<QString>>;
    auto promise = std::make_shared<std::promise<Answer>>();
    std::future<Answer> answer = promise->get_future();
    // If the store is gone before this runs, the queued call is dropped and we time out.
    QMetaObject::invokeMethod(
        &store,
        [&store, name, promise] {
            store.read(name, [promise](Answer result) { promise->set_value(std::move(result)); });
        },
        Qt::QueuedConnection);

    if (answer.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready) {
        return Error{ErrorKind::Transient, QStringLiteral("the %1 store (%2) did not answer within %3 ms")
                                               .arg(secretLabel(name), store.backendName())
                                               .arg(timeoutMs)};
    }
    return answer.get();
}

} // namespace griddeck
