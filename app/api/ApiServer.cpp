#include "api/ApiServer.h"

#include "api/ApiPurchases.h"
#include "api/DeploymentStatus.h"
#include "pipeline/PipelineEngine.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace griddeck {

namespace {

struct Reply
{
    int status = 200;
    QJsonObject body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

QString codeFor(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("bad_request");
    case 401:
        return QStringLiteral("unauthorized");
    case 403:
        return QStringLiteral("forbidden");
    case 404:
        return QStringLiteral("not_found");
    case 405:
        return QStringLiteral("method_not_allowed");
    case 409:
        return QStringLiteral("conflict");
    case 413:
        return QStringLiteral("payload_too_large");
    case 422:
        return QStringLiteral("unprocessable");
    case 502:
        return QStringLiteral("bad_gateway");
    default:
        return QStringLiteral("internal");
    }
}

Reply errorReply(int status, const QString &message)
{
    Reply r;
    r.status = status;
    r.body = QJsonObject { { QStringLiteral("error"),
        QJsonObject { { QStringLiteral("status"), status }, { QStringLiteral("code"), codeFor(status) },
            { QStringLiteral("message"), message } } } };
    if (status == 401)
        r.headers.append(
            { QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"griddeck\"") });
    return r;
}

int statusFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::InvalidInput:
        return 422;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Refused:
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Transient:
    case ErrorKind::Permanent:
        return 502;
    default:
        return 500;
    }
}

Reply errorReply(const Error &error)
{
    return errorReply(statusFor(error), error.message);
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    default:
        return QStringLiteral("OTHER");
    }
}

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &h : request.headers())
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return QByteArray();
}

void send(QHttpServerResponder &responder, const QPointer<QTcpSocket> &socket, const Reply &reply)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
        QJsonDocument(reply.body).toJson(QJsonDocument::Compact),
        QHttpServerResponder::StatusCode(reply.status));
    for (const auto &h : reply.headers)
        response.setHeader(h.first, h.second);
    response.write(std::move(responder));
}

QString actorFor(const ApiToken &token)
{
    if (token.role == ApiRole::User)
        return QStringLiteral("api:%1").arg(token.userName);
    return QStringLiteral("api:%1#%2").arg(apiRoleName(token.role)).arg(token.id);
}

Result<qint64> parsePositive(const QString &what, const QString &text, qint64 max)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || n < 1 || n > max || text.startsWith(u'+'))
        return Error::invalid(QStringLiteral("%1 must be a whole number from 1 to %2 (got \"%3\")")
                                  .arg(what)
                                  .arg(max)
                                  .arg(text));
    return n;
}

} // namespace

ApiServer::ApiServer(PipelineEngine &engine, ApiOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(options)
    , m_tokens(engine.store())
    , m_purchases(std::make_unique<ApiPurchases>(engine.store(), engine.queue(), engine.ledger()))
{
}

ApiServer::~ApiServer() = default;

Result<std::pair<QHostAddress, quint16>> ApiServer::parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return Error::invalid(
            QStringLiteral("listen address \"%1\" must be HOST:PORT (e.g. 127.0.0.1:8088)").arg(text));
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return Error::invalid(QStringLiteral("listen address \"%1\": the port must be 0 to 65535").arg(text));
    QHostAddress address(host.isEmpty() ? QStringLiteral("127.0.0.1") : host);
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    if (address.isNull())
        return Error::invalid(
            QStringLiteral("listen address \"%1\": \"%2\" is not an IP address").arg(text, host));
    return std::make_pair(address, quint16(port));
}

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(address, port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return Error::invalid(
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(why));
    }
    m_http = new QHttpServer(this);
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
    m_http->bind(tcp);
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + address.toString() + u']'
        : address.toString();
    m_url = QUrl(QStringLiteral("http://%1:%2").arg(host).arg(tcp->serverPort()));
    return tcp->serverPort();
}

void ApiServer::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QString method = methodName(request.method());
    const QString path = request.url().path();
    const QPointer<QTcpSocket> socket = responder.socket();
    auto answer = [&](const Reply &reply) {
        send(responder, socket, reply);
        Q_EMIT requestHandled(method, path, reply.status);
    };
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.isEmpty() || parts.first() != QLatin1String("api"))
        return answer(
            errorReply(404, QStringLiteral("no such resource: %1 (the API lives under /api/)").arg(path)));
    if (request.body().size() > m_options.maxBodyBytes)
        return answer(errorReply(413,
            QStringLiteral("the request body has %1 bytes; at most %2 are accepted")
                .arg(request.body().size())
                .arg(m_options.maxBodyBytes)));

    const QByteArray authorization = headerValue(request, QByteArrayLiteral("Authorization"));
    if (authorization.isEmpty())
        return answer(errorReply(401, QStringLiteral("missing \"Authorization: Bearer <token>\" header")));
    if (!authorization.startsWith("Bearer "))
        return answer(errorReply(401, QStringLiteral("the Authorization header must be \"Bearer <token>\"")));
    auto token = m_tokens.authenticate(QString::fromUtf8(authorization.mid(7).trimmed()));
    if (!token.ok()) {
        if (token.error().kind != ErrorKind::NotFound)
            return answer(errorReply(token.error()));
        return answer(errorReply(401, QStringLiteral("unknown or revoked token")));
    }
    const ApiToken &who = token.value();

    auto notAllowed = [&](const QString &allow) {
        Reply r = errorReply(
            405, QStringLiteral("%1 is not allowed on %2 (allowed: %3)").arg(method, path, allow));
        r.headers.append({ QByteArrayLiteral("Allow"), allow.toLatin1() });
        return r;
    };
    auto forbidden = [&](const QString &what) {
        return errorReply(403, QStringLiteral("a %1 token may not %2").arg(apiRoleName(who.role), what));
    };
    // The job, if this token may see it: a user token gets 404 for another user's job.
    auto visibleJob = [&](const QString &idText) -> Result<Job> {
        bool ok = false;
        const qint64 id = idText.toLongLong(&ok);
        const Error missing = Error::notFound(QStringLiteral("no deployment %1").arg(idText));
        if (!ok || id < 1)
            return missing;
        auto job = m_engine.queue().job(id);
        if (!job.ok())
            return job.error().kind == ErrorKind::NotFound ? missing : job.error();
        if (who.role == ApiRole::User && job->userId != who.userId.value_or(-1))
            return missing;
        return job;
    };

    // /api/purchases
    if (parts.size() == 2 && parts.at(1) == QLatin1String("purchases")) {
        if (method != QLatin1String("POST"))
            return answer(notAllowed(QStringLiteral("POST")));
        if (who.role != ApiRole::Shop && who.role != ApiRole::Operator)
            return answer(forbidden(QStringLiteral("post purchases (shop and operator tokens may)")));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return answer(errorReply(400,
                QStringLiteral("the body is not JSON: %1 at byte %2")
                    .arg(parseError.errorString())
                    .arg(parseError.offset)));
        if (!doc.isObject())
            return answer(errorReply(400, QStringLiteral("the body must be a JSON object")));
        auto outcome = m_purchases->purchase(doc.object(), who.id, actorFor(who));
        if (!outcome.ok())
            return answer(errorReply(outcome.error()));
        m_engine.wake();
        auto job = m_engine.queue().job(outcome->jobId);
        if (!job.ok())
            return answer(errorReply(job.error()));
        Reply r;
        r.status = outcome->replayed ? 200 : 201;
        r.body = deploymentSummaryJson(job.value(), doc.object().value(QStringLiteral("user")).toString());
        r.body.insert(QStringLiteral("payment_id"), doc.object().value(QStringLiteral("payment_id")));
        r.body.insert(QStringLiteral("replayed"), outcome->replayed);
        const QString location = QStringLiteral("/api/deployments/%1/status").arg(outcome->jobId);
        r.body.insert(QStringLiteral("status_url"), location);
        r.headers.append({ QByteArrayLiteral("Location"), location.toLatin1() });
        return answer(r);
    }

    // /api/deployments
    if (parts.size() == 2 && parts.at(1) == QLatin1String("deployments")) {
        if (method != QLatin1String("GET"))
            return answer(notAllowed(QStringLiteral("GET")));
        const QUrlQuery query = request.query();
        for (const auto &item : query.queryItems())
            if (item.first != QLatin1String("user") && item.first != QLatin1String("page")
                && item.first != QLatin1String("size"))
                return answer(errorReply(400,
                    QStringLiteral("unknown query parameter \"%1\" (known: user, page, size)")
                        .arg(item.first)));
        qint64 page = 1, size = m_options.defaultPageSize;
        if (query.hasQueryItem(QStringLiteral("page"))) {
            auto p = parsePositive(
                QStringLiteral("page"), query.queryItemValue(QStringLiteral("page")), 1000000);
            if (!p.ok())
                return answer(errorReply(400, p.error().message));
            page = p.value();
        }
        if (query.hasQueryItem(QStringLiteral("size"))) {
            auto s = parsePositive(
                QStringLiteral("size"), query.queryItemValue(QStringLiteral("size")), m_options.maxPageSize);
            if (!s.ok())
                return answer(errorReply(400, s.error().message));
            size = s.value();
        }
        std::optional<qint64> userId = who.userId;
        const QString userParam = query.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
        if (!userParam.isEmpty()) {
            auto user = m_engine.ledger().user(userParam);
            if (who.role == ApiRole::User && (!user.ok() || user->userId != who.userId.value_or(-1)))
                return answer(forbidden(QStringLiteral("list another user's deployments")));
            if (!user.ok())
                return answer(
                    errorReply(user.error().kind == ErrorKind::NotFound ? 404 : 500, user.error().message));
            userId = user->userId;
        }
        auto counted = exec(m_engine.store()->db(),
            QStringLiteral("SELECT COUNT(*) FROM jobs WHERE ? IS NULL OR user_id = ?"),
            { userId ? QVariant(*userId) : QVariant(), userId ? QVariant(*userId) : QVariant() });
        if (!counted.ok() || !counted.value().next())
            return answer(
                errorReply(counted.ok() ? Error::storage(QStringLiteral("no count")) : counted.error()));
        const qint64 total = counted.value().value(0).toLongLong();
        JobFilter filter;
        filter.userId = userId;
        filter.limit = int(size);
        filter.offset = int(std::min<qint64>((page - 1) * size, INT32_MAX));
        auto jobs = m_engine.queue().jobs(filter);
        if (!jobs.ok())
            return answer(errorReply(jobs.error()));
        QHash<qint64, QString> names;
        QJsonArray items;
        for (const Job &job : jobs.value()) {
            if (!names.contains(job.userId)) {
                auto user = m_engine.ledger().user(job.userId);
                names.insert(job.userId, user.ok() ? user->name : QString::number(job.userId));
            }
            items.append(deploymentSummaryJson(job, names.value(job.userId)));
        }
        const qint64 pages = (total + size - 1) / size;
        Reply r;
        r.body = QJsonObject { { QStringLiteral("items"), items }, { QStringLiteral("page"), page },
            { QStringLiteral("size"), size }, { QStringLiteral("total"), total },
            { QStringLiteral("pages"), pages } };
        r.headers.append({ QByteArrayLiteral("count"), QByteArray::number(total) });
        r.headers.append({ QByteArrayLiteral("pages"), QByteArray::number(pages) });
        return answer(r);
    }

    // /api/deployments/{id}/status|restart|stop
    if (parts.size() == 4 && parts.at(1) == QLatin1String("deployments")) {
        const QString action = parts.at(3);
        if (action == QLatin1String("status")) {
            if (method != QLatin1String("GET"))
                return answer(notAllowed(QStringLiteral("GET")));
            auto job = visibleJob(parts.at(2));
            if (!job.ok())
                return answer(errorReply(job.error()));
            auto status = deploymentStatusJson(m_engine.store()->db(), job.value());
            if (!status.ok())
                return answer(errorReply(status.error()));
            Reply r;
            r.body = status.value();
            return answer(r);
        }
        if (action == QLatin1String("restart") || action == QLatin1String("stop")) {
            if (method != QLatin1String("POST"))
                return answer(notAllowed(QStringLiteral("POST")));
            if (who.role != ApiRole::Operator && who.role != ApiRole::User)
                return answer(
                    forbidden(QStringLiteral("%1 deployments (operator and user tokens may)").arg(action)));
            auto job = visibleJob(parts.at(2));
            if (!job.ok())
                return answer(errorReply(job.error()));
            if (job->stage != Stage::Active)
                return answer(errorReply(409,
                    QStringLiteral("deployment %1 is %2; only an active deployment can be %3")
                        .arg(job->id)
                        .arg(stageName(job->stage),
                            action == QLatin1String("stop") ? QStringLiteral("stopped")
                                                            : QStringLiteral("restarted"))));
            // The grid answers later: keep the responder until the engine calls back.
            auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
            const qint64 id = job->id;
            QPointer<ApiServer> self(this);
            auto done = [self, held, socket, method, path, id, action](Result<void> r) {
                Reply reply;
                if (r.ok() && action == QLatin1String("restart")) {
                    // Restarted on the grid; readiness and health are checked next, in the
                    // pipeline: the status's "restart" says how that ends.
                    reply.status = 202;
                    reply.body = QJsonObject {
                        { QStringLiteral("id"), id }, { QStringLiteral("action"), action },
                        { QStringLiteral("result"), QStringLiteral("checking") },
                        { QStringLiteral("status_url"), QStringLiteral("/api/deployments/%1/status").arg(id) }
                    };
                } else if (r.ok()) {
                    reply.body
                        = QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("action"), action },
                              { QStringLiteral("result"), QStringLiteral("ok") } };
                } else {
                    reply = errorReply(r.error());
                }
                send(*held, socket, reply);
                if (self)
                    Q_EMIT self->requestHandled(method, path, reply.status);
            };
            if (action == QLatin1String("stop"))
                m_engine.stopDeployment(id, actorFor(who), done);
            else
                m_engine.restartDeployment(id, actorFor(who), done);
            return;
        }
    }
    answer(errorReply(404, QStringLiteral("no such resource: %1 %2").arg(method, path)));
}

} // namespace griddeck
