#include "models/JobFilterProxy.h"

#include <QRegularExpression>

namespace griddeck {

namespace {

template<class E>
quint32 bitsOf(const QList<E> &values)
{
    quint32 bits = 0;
    for (E value : values)
        bits |= 1u << static_cast<int>(value);
    return bits;
}

QSet<QString> foldedSet(const QStringList &values)
{
    QSet<QString> out;
    for (const QString &v : values)
        out.insert(v.toCaseFolded());
    return out;
}

} // namespace

JobFilterProxy::JobFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(JobListModel::RawValueRole);
    setDynamicSortFilter(true);
}

void JobFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_jobs = qobject_cast<JobListModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void JobFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (m_jobs)
        m_jobs->sort(column, order); // the proxy follows with one layout change
    else
        QSortFilterProxyModel::sort(column, order);
}

int JobFilterProxy::jobSortColumn() const
{
    return m_jobs ? m_jobs->sortColumn() : sortColumn();
}

Qt::SortOrder JobFilterProxy::jobSortOrder() const
{
    return m_jobs ? m_jobs->sortOrder() : sortOrder();
}

void JobFilterProxy::refilter()
{
    // Not invalidateRowsFilter(): over 100,000 rows a filter change hides or shows thousands of
    // scattered runs, and the proxy would announce each run on its own (every view and header
    // redoing O(rows) work per run: seconds). One layout change re-maps everything in one go:
    // every row filtered once, in the job model's order.
    invalidate();
}

void JobFilterProxy::setSearchText(const QString &text)
{
    if (text == m_search)
        return;
    const QStringList terms = text.toCaseFolded().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    m_search = text;
    if (terms == m_terms)
        return; // only spacing changed
    m_terms = terms;
    m_matchers.clear();
    for (const QString &term : std::as_const(m_terms))
        m_matchers.emplace_back(term, Qt::CaseSensitive);
    refilter();
}

void JobFilterProxy::setStageFilter(const QList<Stage> &stages)
{
    m_stages = bitsOf(stages);
    refilter();
}

void JobFilterProxy::setPriorityFilter(const QList<Priority> &priorities)
{
    m_priorities = bitsOf(priorities);
    refilter();
}

void JobFilterProxy::setUserFilter(const QList<qint64> &userIds)
{
    m_users = QSet<qint64>(userIds.begin(), userIds.end());
    refilter();
}

void JobFilterProxy::setServiceTypeFilter(const QStringList &serviceTypes)
{
    m_serviceTypes = foldedSet(serviceTypes);
    refilter();
}

void JobFilterProxy::setCountryFilter(const QStringList &countries)
{
    m_countries = foldedSet(countries);
    refilter();
}

void JobFilterProxy::clearFilters()
{
    m_search.clear();
    m_terms.clear();
    m_matchers.clear();
    m_stages = m_priorities = 0;
    m_users.clear();
    m_serviceTypes.clear();
    m_countries.clear();
    refilter();
}

bool JobFilterProxy::accepts(const JobRow &row) const
{
    const Job &job = row.job;
    if (m_stages && !(m_stages & (1u << static_cast<int>(job.stage))))
        return false;
    if (m_priorities && !(m_priorities & (1u << static_cast<int>(job.priority))))
        return false;
    if (!m_users.isEmpty() && !m_users.contains(job.userId))
        return false;
    if (!m_serviceTypes.isEmpty() && !m_serviceTypes.contains(job.serviceType.toCaseFolded()))
        return false;
    if (!m_countries.isEmpty() && !m_countries.contains(row.deployment.country.toCaseFolded()))
        return false;
    for (const QStringMatcher &matcher : m_matchers) {
        if (matcher.indexIn(QStringView(row.searchText)) < 0)
            return false;
    }
    return true;
}

bool JobFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    if (m_jobs)
        return accepts(m_jobs->rowAt(sourceRow));
    return true; // not a job model: nothing to filter on
}

bool JobFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_jobs && left.model() == m_jobs && right.model() == m_jobs)
        return m_jobs->lessThan(left.column(), m_jobs->rowAt(left.row()), m_jobs->rowAt(right.row()));
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace griddeck
