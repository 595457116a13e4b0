#include "secrets/EnvironmentSecretStore.h"

#include <QtGlobal>

namespace griddeck {

EnvironmentSecretStore::EnvironmentSecretStore(QObject *parent)
    : SecretStore(parent)
{
}

std::optional<QString> EnvironmentSecretStore::value(SecretName name)
{
    const QString variable = secretEnvironmentVariable(name);
    const QString text = qEnvironmentVariable(qPrintable(variable));
    if (text.isEmpty())
        return std::nullopt;
    return text;
}

void EnvironmentSecretStore::read(SecretName name, ReadCallback callback)
{
    later([callback = std::move(callback), v = value(name)] { callback(Result<std::optional<QString>>(v)); });
}

void EnvironmentSecretStore::write(SecretName name, const QString &, DoneCallback callback)
{
    Error error = Error::refused(QStringLiteral("the command-line tool does not store secrets: set %1 in the "
                                                "environment to provide the %2")
                                     .arg(secretEnvironmentVariable(name), secretLabel(name)));
    later([callback = std::move(callback), error = std::move(error)] { callback(error); });
}

void EnvironmentSecretStore::remove(SecretName name, DoneCallback callback)
{
    Error error = Error::refused(QStringLiteral("the command-line tool does not remove secrets: unset %1 in the "
                                                "environment to drop the %2")
                                     .arg(secretEnvironmentVariable(name), secretLabel(name)));
    later([callback = std::move(callback), error = std::move(error)] { callback(error); });
}

void EnvironmentSecretStore::probe(DoneCallback callback)
{
    setAvailability(true, QString());
    later([callback = std::move(callback)] { callback(Result<void>()); });
}

} // namespace griddeck
