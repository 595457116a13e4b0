#pragma once
// Search, filters and raw-value sorting for the ledger, node, event and user models (the job
// models have JobFilterProxy). All of them read the roles every GridDeck model shares
// (ModelSupport.h): the search matches SearchTextRole, sorting compares RawValueRole, so
// numbers sort as numbers (9 < 10), never as display strings.

#include "models/EventModel.h"
#include "models/LedgerModel.h"
#include "models/NodeModel.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace griddeck {

// Text search (whitespace-separated terms, each must occur, case-insensitively) over any
// GridDeck model. Enough on its own for UserModel.
class SearchFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SearchFilterProxy(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Filters beyond the search, in subclasses; `source` is column 0 of the row.
    virtual bool acceptsRow(const QModelIndex &source) const;
    // Re-applies search and filters after one of them changed.
    void refilter();

private:
    QString m_search;
    QStringList m_terms;
};

class LedgerFilterProxy : public SearchFilterProxy
{
    Q_OBJECT
public:
    using SearchFilterProxy::SearchFilterProxy;

    // Each empty list means "any".
    void setUserFilter(const QList<qint64> &userIds);
    void setJobFilter(const QList<qint64> &jobIds);
    void setKindFilter(const QStringList &kinds); // top_up, hold, capture, release, refund

protected:
    bool acceptsRow(const QModelIndex &source) const override;

private:
    QSet<qint64> m_users;
    QSet<qint64> m_jobs;
    QSet<QString> m_kinds;
};

class NodeFilterProxy : public SearchFilterProxy
{
    Q_OBJECT
public:
    using SearchFilterProxy::SearchFilterProxy;

    // Free capacity at least this much (0 = no minimum). Storage is SSD (SRU): what VM and
    // container disks are placed on.
    void setMinFreeCpu(quint64 cores);
    void setMinFreeMemory(quint64 bytes);
    void setMinFreeStorage(quint64 bytes);
    // Each empty list means "any"; compared case-insensitively.
    void setCountryFilter(const QStringList &countries);
    void setStatusFilter(const QStringList &statuses);           // "up", "down", "standby"
    void setCertificationFilter(const QStringList &certifications); // "Certified", "Diy"
    void setHealthyOnly(bool healthyOnly);

protected:
    bool acceptsRow(const QModelIndex &source) const override;

private:
    quint64 m_minCpu = 0;
    quint64 m_minMemory = 0;
    quint64 m_minStorage = 0;
    QSet<QString> m_countries;
    QSet<QString> m_statuses;
    QSet<QString> m_certifications;
    bool m_healthyOnly = false;
};

class EventFilterProxy : public SearchFilterProxy
{
    Q_OBJECT
public:
    using SearchFilterProxy::SearchFilterProxy;

    void setKindFilter(const QStringList &kinds);
    void setStageFilter(const QList<Stage> &stages);

protected:
    bool acceptsRow(const QModelIndex &source) const override;

private:
    QSet<QString> m_kinds;
    QSet<QString> m_stages; // stage names
};

} // namespace griddeck
