#pragma once
// Secrets in the system keychain (Secret Service / KWallet on Linux, Keychain on macOS,
// Credential Manager on Windows) through QtKeychain. No insecure fallback: when no keychain
// answers, operations fail with the backend's own message and the GUI switches to a
// session-only MemorySecretStore, saying so.

#include "secrets/SecretStore.h"

#include <QString>

namespace griddeck {

struct KeychainAnswer;

class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static QString defaultService() { return QStringLiteral("GridDeck"); }
    // The key of the entry probe() writes, reads back and deletes.
    static QString probeKey() { return QStringLiteral("griddeck_probe"); }

    // `service` groups the entries in the keychain; tests pass their own so they never touch
    // a user's real entries. `probeTimeoutMs` bounds a backend that never answers.
    explicit KeychainSecretStore(QString service = defaultService(), int probeTimeoutMs = 10000,
                                 QObject *parent = nullptr);

    const QString &service() const { return m_service; }

    void read(SecretName name, ReadCallback callback) override;
    void write(SecretName name, const QString &value, DoneCallback callback) override;
    void remove(SecretName name, DoneCallback callback) override;
    // Writes, reads back and deletes probeKey(). A missing backend (NoBackendAvailable, or
    // OtherError such as "Cannot autolaunch D-Bus without X11 $DISPLAY") makes the store
    // unavailable with the backend's message.
    void probe(DoneCallback callback) override;

    QString backendName() const override { return QStringLiteral("system keychain"); }
    bool isPersistent() const override { return true; }

private:
    void readKey(const QString &key, std::function<void(const KeychainAnswer &)> done);
    void writeKey(const QString &key, const QString &value, std::function<void(const KeychainAnswer &)> done);
    void removeKey(const QString &key, std::function<void(const KeychainAnswer &)> done);
    // Turns a failed answer into an Error and notes a missing backend.
    Error failure(const KeychainAnswer &answer, const QString &what);
    static QString reasonOf(const KeychainAnswer &answer);

    QString m_service;
    int m_probeTimeoutMs;
};

} // namespace griddeck
