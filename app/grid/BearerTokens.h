#pragma once
// Bearer tokens per origin (scheme, host, port): every HttpClient request to that origin carries
// "Authorization: Bearer <token>". The supervised grid gateway's token is new at each start, so
// it is set here rather than in each client. From any thread; kept in memory only.

#include <QByteArray>
#include <QUrl>

namespace griddeck {

// An empty token removes the origin's.
void setBearerToken(const QUrl &origin, const QByteArray &token);
QByteArray bearerTokenFor(const QUrl &url);

} // namespace griddeck
