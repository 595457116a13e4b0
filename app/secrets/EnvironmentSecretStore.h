#pragma once
// The CLI's secrets: read-only, from GRIDDECK_SECRET_<NAME> (GRIDDECK_SECRET_SMTP_PASSWORD, ...).
// A server has no keychain to ask and no one to type a password, so the environment (set by a
// service manager or a secrets tool) is the one place; an empty variable counts as unset.

#include "secrets/SecretStore.h"

namespace griddeck {

class EnvironmentSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit EnvironmentSecretStore(QObject *parent = nullptr);

    void read(SecretName name, ReadCallback callback) override;
    // Refused: the message names the variable to set instead.
    void write(SecretName name, const QString &value, DoneCallback callback) override;
    void remove(SecretName name, DoneCallback callback) override;
    void probe(DoneCallback callback) override;

    QString backendName() const override { return QStringLiteral("environment"); }
    bool isPersistent() const override { return true; }

    // Reading the environment never waits, so code on any thread may ask directly.
    static std::optional<QString> value(SecretName name);
};

} // namespace griddeck
