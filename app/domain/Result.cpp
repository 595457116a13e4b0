#include "domain/Result.h"

namespace griddeck {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidInput:
        return QStringLiteral("invalid_input");
    case ErrorKind::NotFound:
        return QStringLiteral("not_found");
    case ErrorKind::Refused:
        return QStringLiteral("refused");
    case ErrorKind::Conflict:
        return QStringLiteral("conflict");
    case ErrorKind::Storage:
        return QStringLiteral("storage");
    case ErrorKind::Transient:
        return QStringLiteral("transient");
    case ErrorKind::Permanent:
        return QStringLiteral("permanent");
    case ErrorKind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace griddeck
