#include "models/FilterProxies.h"

#include "models/ModelSupport.h"

#include <QRegularExpression>

namespace griddeck {

namespace {

QSet<QString> foldedSet(const QStringList &values)
{
    QSet<QString> out;
    for (const QString &v : values)
        out.insert(v.toCaseFolded());
    return out;
}

} // namespace

SearchFilterProxy::SearchFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(model_roles::RawValue);
    setDynamicSortFilter(true);
}

void SearchFilterProxy::setSearchText(const QString &text)
{
    if (text == m_search)
        return;
    m_search = text;
    m_terms = text.toCaseFolded().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    refilter();
}

bool SearchFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex source = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_terms.isEmpty()) {
        const QString text = source.data(model_roles::SearchText).toString();
        for (const QString &term : m_terms) {
            if (!text.contains(term))
                return false;
        }
    }
    return acceptsRow(source);
}

void SearchFilterProxy::refilter()
{
    // One layout change instead of a removal or insertion per scattered run of rows.
    invalidate();
}

bool SearchFilterProxy::acceptsRow(const QModelIndex &) const
{
    return true;
}

void LedgerFilterProxy::setUserFilter(const QList<qint64> &userIds)
{
    m_users = QSet<qint64>(userIds.begin(), userIds.end());
    refilter();
}

void LedgerFilterProxy::setJobFilter(const QList<qint64> &jobIds)
{
    m_jobs = QSet<qint64>(jobIds.begin(), jobIds.end());
    refilter();
}

void LedgerFilterProxy::setKindFilter(const QStringList &kinds)
{
    m_kinds = foldedSet(kinds);
    refilter();
}

bool LedgerFilterProxy::acceptsRow(const QModelIndex &source) const
{
    if (!m_users.isEmpty() && !m_users.contains(source.data(LedgerModel::UserIdRole).toLongLong()))
        return false;
    if (!m_jobs.isEmpty() && !m_jobs.contains(source.data(LedgerModel::JobIdRole).toLongLong()))
        return false;
    if (!m_kinds.isEmpty() && !m_kinds.contains(source.data(LedgerModel::KindRole).toString().toCaseFolded()))
        return false;
    return true;
}

void NodeFilterProxy::setMinFreeCpu(quint64 cores)
{
    m_minCpu = cores;
    refilter();
}

void NodeFilterProxy::setMinFreeMemory(quint64 bytes)
{
    m_minMemory = bytes;
    refilter();
}

void NodeFilterProxy::setMinFreeStorage(quint64 bytes)
{
    m_minStorage = bytes;
    refilter();
}

void NodeFilterProxy::setCountryFilter(const QStringList &countries)
{
    m_countries = foldedSet(countries);
    refilter();
}

void NodeFilterProxy::setStatusFilter(const QStringList &statuses)
{
    m_statuses = foldedSet(statuses);
    refilter();
}

void NodeFilterProxy::setCertificationFilter(const QStringList &certifications)
{
    m_certifications = foldedSet(certifications);
    refilter();
}

void NodeFilterProxy::setHealthyOnly(bool healthyOnly)
{
    m_healthyOnly = healthyOnly;
    refilter();
}

bool NodeFilterProxy::acceptsRow(const QModelIndex &source) const
{
    // CPU is shared on the grid (used cru is often above total): filter on cores, as node search does.
    if (source.data(NodeModel::TotalCruRole).toULongLong() < m_minCpu
        || source.data(NodeModel::FreeMruRole).toULongLong() < m_minMemory
        || source.data(NodeModel::FreeSruRole).toULongLong() < m_minStorage)
        return false;
    if (!m_countries.isEmpty() && !m_countries.contains(source.data(NodeModel::CountryRole).toString().toCaseFolded()))
        return false;
    if (!m_statuses.isEmpty() && !m_statuses.contains(source.data(NodeModel::StatusRole).toString().toCaseFolded()))
        return false;
    if (!m_certifications.isEmpty()
        && !m_certifications.contains(source.data(NodeModel::CertificationRole).toString().toCaseFolded()))
        return false;
    if (m_healthyOnly && !source.data(NodeModel::HealthyRole).toBool())
        return false;
    return true;
}

void EventFilterProxy::setKindFilter(const QStringList &kinds)
{
    m_kinds = foldedSet(kinds);
    refilter();
}

void EventFilterProxy::setStageFilter(const QList<Stage> &stages)
{
    m_stages.clear();
    for (Stage s : stages)
        m_stages.insert(stageName(s));
    refilter();
}

bool EventFilterProxy::acceptsRow(const QModelIndex &source) const
{
    if (!m_kinds.isEmpty() && !m_kinds.contains(source.data(EventModel::KindRole).toString().toCaseFolded()))
        return false;
    if (!m_stages.isEmpty() && !m_stages.contains(source.data(EventModel::StageRole).toString()))
        return false;
    return true;
}

} // namespace griddeck
