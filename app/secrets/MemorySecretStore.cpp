#include "secrets/MemorySecretStore.h"

namespace griddeck {

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{
}

void MemorySecretStore::read(SecretName name, ReadCallback callback)
{
    ++m_operations;
    Result<std::optional<QString>> result = std::optional<QString>();
    if (m_failure) {
        result = Error{ErrorKind::Transient, QStringLiteral("could not read the %1 from %2: %3")
                                                 .arg(secretLabel(name), backendName(), *m_failure)};
    } else if (auto it = m_values.find(name); it != m_values.end()) {
        result = std::optional<QString>(it->second);
    }
    later([callback = std::move(callback), result = std::move(result)] { callback(result); });
}

void MemorySecretStore::write(SecretName name, const QString &value, DoneCallback callback)
{
    ++m_operations;
    Result<void> result;
    if (m_failure) {
        result = Error{ErrorKind::Transient, QStringLiteral("could not store the %1 in %2: %3")
                                                 .arg(secretLabel(name), backendName(), *m_failure)};
    } else if (value.isEmpty()) {
        result = Error::invalid(QStringLiteral("the %1 is empty; remove it instead of storing an empty value")
                                    .arg(secretLabel(name)));
    } else {
        m_values[name] = value;
    }
    later([callback = std::move(callback), result = std::move(result)] { callback(result); });
}

void MemorySecretStore::remove(SecretName name, DoneCallback callback)
{
    ++m_operations;
    Result<void> result;
    if (m_failure) {
        result = Error{ErrorKind::Transient, QStringLiteral("could not remove the %1 from %2: %3")
                                                 .arg(secretLabel(name), backendName(), *m_failure)};
    } else {
        m_values.erase(name);
    }
    later([callback = std::move(callback), result = std::move(result)] { callback(result); });
}

void MemorySecretStore::probe(DoneCallback callback)
{
    Result<void> result;
    if (m_failure)
        result = Error{ErrorKind::Permanent, QStringLiteral("%1 does not answer: %2").arg(backendName(), *m_failure)};
    setAvailability(result.ok(), result.ok() ? QString() : *m_failure);
    later([callback = std::move(callback), result = std::move(result)] { callback(result); });
}

} // namespace griddeck
