#include "secrets/KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QRandomGenerator>
#include <QTimer>

#include <memory>

namespace griddeck {

struct KeychainAnswer
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString; // the backend's words; never contains the secret
    QString text;        // read only
};

namespace {

template<class Job>
Job *newJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new Job(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file instead of a keychain
    job->setKey(key);
    return job;
}

void connectFinished(QKeychain::Job *job, QObject *context, std::function<void(const KeychainAnswer &)> done)
{
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *finished) {
        KeychainAnswer answer;
        answer.error = finished->error();
        answer.errorString = finished->errorString();
        if (auto *reader = qobject_cast<QKeychain::ReadPasswordJob *>(finished); reader && answer.error == QKeychain::NoError)
            answer.text = reader->textData();
        done(answer);
    });
}

// Errors that mean "there is no keychain to talk to" rather than "this entry failed".
bool isMissingBackend(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int probeTimeoutMs, QObject *parent)
    : SecretStore(parent)
    , m_service(std::move(service))
    , m_probeTimeoutMs(probeTimeoutMs)
{
}

void KeychainSecretStore::readKey(const QString &key, std::function<void(const KeychainAnswer &)> done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connectFinished(job, this, std::move(done));
    job->start();
}

void KeychainSecretStore::writeKey(const QString &key, const QString &value,
                                   std::function<void(const KeychainAnswer &)> done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setTextData(value);
    connectFinished(job, this, std::move(done));
    job->start();
}

void KeychainSecretStore::removeKey(const QString &key, std::function<void(const KeychainAnswer &)> done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    connectFinished(job, this, std::move(done));
    job->start();
}

QString KeychainSecretStore::reasonOf(const KeychainAnswer &answer)
{
    if (!answer.errorString.isEmpty())
        return answer.errorString;
    return QStringLiteral("QtKeychain error %1").arg(int(answer.error));
}

Error KeychainSecretStore::failure(const KeychainAnswer &answer, const QString &what)
{
    const QString reason = reasonOf(answer);
    switch (answer.error) {
    case QKeychain::AccessDeniedByUser:
        return Error::refused(QStringLiteral("%1: access to the system keychain was denied (%2)").arg(what, reason));
    case QKeychain::AccessDenied:
        return Error::refused(QStringLiteral("%1: the system keychain refused access (%2)").arg(what, reason));
    default:
        break;
    }
    if (isMissingBackend(answer.error)) {
        setAvailability(false, reason);
        return Error{ErrorKind::Permanent, QStringLiteral("%1: no system keychain answered (%2)").arg(what, reason)};
    }
    return Error{ErrorKind::Internal, QStringLiteral("%1: the system keychain failed (%2)").arg(what, reason)};
}

void KeychainSecretStore::read(SecretName name, ReadCallback callback)
{
    readKey(secretKey(name), [this, name, callback = std::move(callback)](const KeychainAnswer &answer) {
        if (answer.error == QKeychain::EntryNotFound) {
            callback(std::optional<QString>());
        } else if (answer.error != QKeychain::NoError) {
            callback(failure(answer, QStringLiteral("could not read the %1").arg(secretLabel(name))));
        } else {
            callback(std::optional<QString>(answer.text));
        }
    });
}

void KeychainSecretStore::write(SecretName name, const QString &value, DoneCallback callback)
{
    if (value.isEmpty()) {
        later([name, callback = std::move(callback)] {
            callback(Error::invalid(QStringLiteral("the %1 is empty; remove it instead of storing an empty value")
                                        .arg(secretLabel(name))));
        });
        return;
    }
    writeKey(secretKey(name), value, [this, name, callback = std::move(callback)](const KeychainAnswer &answer) {
        if (answer.error != QKeychain::NoError)
            callback(failure(answer, QStringLiteral("could not store the %1").arg(secretLabel(name))));
        else
            callback(Result<void>());
    });
}

void KeychainSecretStore::remove(SecretName name, DoneCallback callback)
{
    removeKey(secretKey(name), [this, name, callback = std::move(callback)](const KeychainAnswer &answer) {
        if (answer.error != QKeychain::NoError && answer.error != QKeychain::EntryNotFound)
            callback(failure(answer, QStringLiteral("could not remove the %1").arg(secretLabel(name))));
        else
            callback(Result<void>());
    });
}

void KeychainSecretStore::probe(DoneCallback callback)
{
    // One answer per probe: whichever comes first of the backend's and the timeout's.
    struct State
    {
        DoneCallback callback;
        bool answered = false;
    };
    auto state = std::make_shared<State>();
    state->callback = std::move(callback);
    auto finish = [this, state](Result<void> result, const QString &reason) {
        if (state->answered)
            return;
        state->answered = true;
        setAvailability(result.ok(), reason);
        state->callback(result);
    };
    auto fail = [this, finish](const KeychainAnswer &answer, const QString &what) {
        finish(failure(answer, what), reasonOf(answer));
    };

    QTimer::singleShot(m_probeTimeoutMs, this, [this, finish] {
        const QString reason = QStringLiteral("the system keychain did not answer within %1 ms").arg(m_probeTimeoutMs);
        finish(Error{ErrorKind::Permanent, reason}, reason);
    });

    // A random marker, not a secret: proves that what was written is what comes back.
    const QString marker = QString::number(QRandomGenerator::system()->generate64(), 16);
    const QString key = probeKey();
    writeKey(key, marker, [this, finish, fail, key, marker](const KeychainAnswer &written) {
        if (written.error != QKeychain::NoError) {
            fail(written, QStringLiteral("the system keychain probe could not write"));
            return;
        }
        readKey(key, [this, finish, fail, key, marker](const KeychainAnswer &readBack) {
            if (readBack.error != QKeychain::NoError) {
                fail(readBack, QStringLiteral("the system keychain probe could not read back"));
                return;
            }
            if (readBack.text != marker) {
                const QString reason = QStringLiteral("the system keychain returned something else than was written");
                finish(Error{ErrorKind::Permanent, reason}, reason);
                return;
            }
            removeKey(key, [finish, fail](const KeychainAnswer &removed) {
                if (removed.error != QKeychain::NoError && removed.error != QKeychain::EntryNotFound)
                    fail(removed, QStringLiteral("the system keychain probe could not delete"));
                else
                    finish(Result<void>(), QString());
            });
        });
    });
}

} // namespace griddeck
