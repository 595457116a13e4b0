#pragma once
// Secrets held in this process's memory only: the store for tests, and the GUI's session-only
// fallback when no system keychain answers (the GUI says so; everything is forgotten at exit).
// Never written to disk.

#include "secrets/SecretStore.h"

#include <map>

namespace griddeck {

class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(SecretName name, ReadCallback callback) override;
    void write(SecretName name, const QString &value, DoneCallback callback) override;
    void remove(SecretName name, DoneCallback callback) override;
    // Always available, unless a failure is being simulated.
    void probe(DoneCallback callback) override;

    QString backendName() const override { return QStringLiteral("session memory"); }
    bool isPersistent() const override { return false; }

    // Test hook: while set, every operation fails with this message (a keychain gone away).
    void simulateFailure(const std::optional<QString> &message) { m_failure = message; }
    // How many operations reached the store (tests check that nothing asked twice).
    int operationCount() const { return m_operations; }

private:
    std::map<SecretName, QString> m_values;
    std::optional<QString> m_failure;
    int m_operations = 0;
};

// The name the GUI uses for its fallback: same store, named for what it means there.
using SessionSecretStore = MemorySecretStore;

} // namespace griddeck
