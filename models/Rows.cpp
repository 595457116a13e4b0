#include "models/Rows.h"

namespace griddeck {

QString DeploymentSummary::bestIp() const
{
    if (!ip.isEmpty())
        return ip;
    if (!ipv6.isEmpty())
        return ipv6;
    return myceliumIp;
}

void JobRow::finish()
{
    summary = job.specError.isEmpty() ? job.spec.summary() : job.specError;
    QStringList parts;
    parts.reserve(10);
    parts << QString::number(job.id) << userName << summary << job.serviceType << job.lastError;
    if (deployment.exists()) {
        parts << QString::number(deployment.nodeId) << deployment.country << deployment.ip << deployment.ipv6
              << deployment.myceliumIp;
    }
    // '\n' between fields: a search term never matches across two of them.
    searchText = parts.join(u'\n').toCaseFolded();
}

QString LedgerRow::searchText() const
{
    QStringList parts{QString::number(entry.transactionId), entry.kind, userName, entry.actor, entry.reason};
    if (entry.jobId)
        parts << QString::number(*entry.jobId);
    return parts.join(u'\n').toCaseFolded();
}

bool LedgerScope::matches(const LedgerRow &row) const
{
    if (userId != 0 && row.entry.userId != userId)
        return false;
    if (jobId != 0 && row.entry.jobId.value_or(0) != jobId)
        return false;
    return true;
}

} // namespace griddeck
