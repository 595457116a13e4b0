#pragma once
// Search, filters and sorting over a JobListModel (QueueModel or DeploymentModel).
//
// Search: whitespace-separated terms, each must occur (case-insensitively) in the job's id,
// user, summary, service type, IPs, node, country or last error. Filters: each is a set; an
// empty set means "any". Sorting is done by the job model itself (sort() is forwarded there; it
// keeps 100,000 rows ordered as they change far more cheaply than a sorting proxy can), in
// RawValueRole order: numbers as numbers, so 9 TFC < 10 TFC, never display strings. Over any
// other source model the proxy sorts by RawValueRole itself.

#include "domain/Stage.h"
#include "models/JobListModel.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <QStringMatcher>

#include <vector>

namespace griddeck {

class JobFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit JobFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    // Forwarded to the JobListModel (the proxy keeps its order).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The order rows are shown in: the job model's sort column and order.
    int jobSortColumn() const;
    Qt::SortOrder jobSortOrder() const;

    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }
    void setStageFilter(const QList<Stage> &stages);
    void setPriorityFilter(const QList<Priority> &priorities);
    void setUserFilter(const QList<qint64> &userIds);
    void setServiceTypeFilter(const QStringList &serviceTypes); // "vm", "container", …
    void setCountryFilter(const QStringList &countries);        // as the grid spells them
    void clearFilters();

    // Whether a row passes the current search and filters (also used by filterAcceptsRow).
    bool accepts(const JobRow &row) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    JobListModel *m_jobs = nullptr;
    QString m_search;
    QStringList m_terms;           // case-folded
    std::vector<QStringMatcher> m_matchers; // one per term: skip tables built once, not per row
    quint32 m_stages = 0;          // bit per Stage; 0 = any
    quint32 m_priorities = 0;      // bit per Priority; 0 = any
    QSet<qint64> m_users;
    QSet<QString> m_serviceTypes;
    QSet<QString> m_countries;     // case-folded
};

} // namespace griddeck
