#pragma once
// Secrets (wallet secret, SMTP password, webhook signing secret, Slack URL) live behind this
// interface: the system keychain in the GUI, the environment in the CLI, memory in tests and
// as the GUI's session-only fallback. Never in the config, the database or a log.
//
// Threading: a store lives on one thread (normally the GUI thread) and is called there. The API
// is asynchronous because keychain backends answer over D-Bus; callbacks run later on the
// store's thread, never inside the call. Worker threads use readSecretBlocking().

#include "domain/Result.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace griddeck {

// StorePassword: the PostgreSQL store's password (GRIDDECK_SECRET_STORE_PASSWORD). It is not
// in allSecretNames() yet: the console reads it from the environment only, so the settings
// dialog does not offer to keep it.
enum class SecretName { WalletSecret, SmtpPassword, WebhookSecret, SlackUrl, TwinMnemonic, StellarSecret,
                        StorePassword };

// The stable key under which a secret is stored: "wallet_secret", "smtp_password",
// "webhook_secret", "slack_url". Never change these: they name entries in users' keychains.
QString secretKey(SecretName name);
std::optional<SecretName> secretFromKey(const QString &key);
// For people: "wallet secret", "SMTP password", "webhook signing secret", "Slack webhook URL".
QString secretLabel(SecretName name);
// GRIDDECK_SECRET_WALLET_SECRET, GRIDDECK_SECRET_SMTP_PASSWORD, ...
QString secretEnvironmentVariable(SecretName name);
QList<SecretName> allSecretNames();

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using ReadCallback = std::function<void(Result<std::optional<QString>>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    explicit SecretStore(QObject *parent = nullptr);

    // An absent secret is a value of std::nullopt, not an error.
    virtual void read(SecretName name, ReadCallback callback) = 0;
    // An empty value is refused (use remove()).
    virtual void write(SecretName name, const QString &value, DoneCallback callback) = 0;
    // Removing an absent secret succeeds.
    virtual void remove(SecretName name, DoneCallback callback) = 0;

    // Finds out whether this store answers at all; afterwards isAvailable() and
    // unavailableReason() say so. The callback gets the same answer.
    virtual void probe(DoneCallback callback) = 0;

    bool isProbed() const { return m_probed; }
    // False until a probe succeeded.
    bool isAvailable() const { return m_available; }
    // The backend's own words when it does not answer ("" while available or not probed).
    const QString &unavailableReason() const { return m_unavailableReason; }

    // "system keychain", "session memory", "environment": named in messages to people.
    virtual QString backendName() const = 0;
    // False for stores that forget everything when the process exits.
    virtual bool isPersistent() const = 0;

Q_SIGNALS:
    void availabilityChanged(bool available, const QString &reason);

protected:
    void setAvailability(bool available, const QString &reason);
    // Runs `f` on this object's thread from the event loop (never inside the caller's call).
    void later(std::function<void()> f);

private:
    bool m_probed = false;
    bool m_available = false;
    QString m_unavailableReason;
};

// For worker threads only: asks `store` on its own thread and waits up to `timeoutMs` for the
// answer. Refused on the main thread and on the store's thread (it would wait on itself); the
// store's thread must be running its event loop.
Result<std::optional<QString>> readSecretBlocking(SecretStore &store, SecretName name, int timeoutMs = 15000);

} // namespace griddeck
