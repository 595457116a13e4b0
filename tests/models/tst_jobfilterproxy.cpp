// JobFilterProxy: search over id, user, summary, IP, node and error (case-insensitive, every
// term must match); stage, priority, user, service type and country filters; sorting by raw
// values (numbers as numbers); rows re-filtered as they change.

#include "ModelTestSupport.h"
#include "models/DeploymentModel.h"
#include "models/JobFilterProxy.h"
#include "models/QueueModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestJobFilterProxy : public QObject
{
    Q_OBJECT

    DeploymentModel *m_model = nullptr;
    JobFilterProxy *m_proxy = nullptr;

    QList<qint64> shownIds() const
    {
        QList<qint64> ids;
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            ids << m_proxy->index(r, 0).data(JobListModel::JobIdRole).toLongLong();
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    static JobRow row(qint64 id, Stage stage, qint64 user, const QString &userName, Priority priority,
                      const QString &country = QString(), const QString &ip = QString(), qint64 node = 0)
    {
        JobRow r = jobRow(id, stage, 10, user, userName);
        r.job.priority = priority;
        if (!country.isEmpty()) {
            r.deployment.id = id;
            r.deployment.country = country;
            r.deployment.ip = ip;
            r.deployment.nodeId = node;
        }
        return refresh(r);
    }

private Q_SLOTS:
    void init()
    {
        m_model = new DeploymentModel(this);
        m_proxy = new JobFilterProxy(this);
        m_proxy->setSourceModel(m_model);
        new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        JobRow container = row(4, Stage::Failed, 2, QStringLiteral("Bob"), Priority::Low, QStringLiteral("Egypt"),
                               QStringLiteral("10.20.30.40"), 512);
        container.job.spec = ServiceSpec::make(ContainerService{QStringLiteral("nginx:1.25"), {80}}, 1, 2, 10);
        container.job.serviceType = QStringLiteral("container");
        container.job.lastError = QStringLiteral("Deployment ERROR: no capacity");
        m_model->applyJobs({
            row(1, Stage::Active, 1, QStringLiteral("alice"), Priority::Normal, QStringLiteral("Belgium"),
                QStringLiteral("185.69.166.12"), 4211),
            row(2, Stage::Queued, 1, QStringLiteral("alice"), Priority::Critical),
            row(3, Stage::Deploying, 2, QStringLiteral("Bob"), Priority::High, QStringLiteral("Belgium"),
                QStringLiteral("185.69.166.99"), 77),
            refresh(container),
            row(42, Stage::Active, 3, QStringLiteral("carol"), Priority::Normal, QStringLiteral("Germany"),
                QStringLiteral("2a02::42"), 9000),
        });
    }

    void cleanup()
    {
        delete m_proxy;
        delete m_model;
    }

    void searchMatchesEveryFieldCaseInsensitively()
    {
        QCOMPARE(shownIds(), (QList<qint64>{1, 2, 3, 4, 42}));
        m_proxy->setSearchText(QStringLiteral("BOB"));            // user
        QCOMPARE(shownIds(), (QList<qint64>{3, 4}));
        m_proxy->setSearchText(QStringLiteral("185.69.166"));     // IP
        QCOMPARE(shownIds(), (QList<qint64>{1, 3}));
        m_proxy->setSearchText(QStringLiteral("4211"));           // node
        QCOMPARE(shownIds(), (QList<qint64>{1}));
        m_proxy->setSearchText(QStringLiteral("42"));             // id 42, and node 4211
        QCOMPARE(shownIds(), (QList<qint64>{1, 42}));
        m_proxy->setSearchText(QStringLiteral("no CAPACITY"));    // error, two terms
        QCOMPARE(shownIds(), (QList<qint64>{4}));
        m_proxy->setSearchText(QStringLiteral("nginx"));          // summary
        QCOMPARE(shownIds(), (QList<qint64>{4}));
        m_proxy->setSearchText(QStringLiteral("ubuntu bob"));     // every term must match
        QCOMPARE(shownIds(), (QList<qint64>{3}));
        m_proxy->setSearchText(QStringLiteral("  "));
        QCOMPARE(shownIds(), (QList<qint64>{1, 2, 3, 4, 42}));
        QCOMPARE(m_proxy->searchText(), QStringLiteral("  "));
    }

    void filtersNarrowAndCombine()
    {
        m_proxy->setStageFilter({Stage::Active, Stage::Failed});
        QCOMPARE(shownIds(), (QList<qint64>{1, 4, 42}));
        m_proxy->setUserFilter({2});
        QCOMPARE(shownIds(), (QList<qint64>{4}));
        m_proxy->setUserFilter({});
        m_proxy->setCountryFilter({QStringLiteral("belgium"), QStringLiteral("Germany")});
        QCOMPARE(shownIds(), (QList<qint64>{1, 42}));
        m_proxy->clearFilters();
        m_proxy->setPriorityFilter({Priority::Critical, Priority::High});
        QCOMPARE(shownIds(), (QList<qint64>{2, 3}));
        m_proxy->setPriorityFilter({});
        m_proxy->setServiceTypeFilter({QStringLiteral("container")});
        QCOMPARE(shownIds(), (QList<qint64>{4}));
        m_proxy->setSearchText(QStringLiteral("alice"));
        QCOMPARE(shownIds(), QList<qint64>{});
        m_proxy->clearFilters();
        QCOMPARE(shownIds(), (QList<qint64>{1, 2, 3, 4, 42}));
    }

    void rowsAreRefilteredAsTheyChange()
    {
        m_proxy->setStageFilter({Stage::Queued});
        QCOMPARE(shownIds(), QList<qint64>{2});
        JobRow moved = *m_model->job(2);
        moved.job.stage = Stage::Converting;
        m_model->applyJobs({refresh(moved)});
        QCOMPARE(shownIds(), QList<qint64>{});
        JobRow back = *m_model->job(3);
        back.job.stage = Stage::Queued;
        m_model->applyJobs({refresh(back), made(50, Stage::Queued)});
        QCOMPARE(shownIds(), (QList<qint64>{3, 50}));
    }

    void sortsByRawValueNotDisplayText()
    {
        // 9, 10 and 100 TFC: as text "10.00" < "100.00" < "9.00"; as numbers 9 < 10 < 100.
        DeploymentModel model;
        JobFilterProxy proxy;
        proxy.setSourceModel(&model);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal, this);
        model.applyJobs({made(1, Stage::Active, 100), made(2, Stage::Active, 9), made(3, Stage::Active, 10),
                         made(4, Stage::Active, 10)});
        proxy.sort(DeploymentModel::TfcColumn, Qt::AscendingOrder);
        // The job model does the sorting; the proxy only filters.
        QCOMPARE(proxy.jobSortColumn(), int(DeploymentModel::TfcColumn));
        QCOMPARE(model.sortColumn(), int(DeploymentModel::TfcColumn));
        QStringList shown;
        for (int r = 0; r < proxy.rowCount(); ++r)
            shown << proxy.index(r, DeploymentModel::TfcColumn).data().toString();
        QCOMPARE(shown, (QStringList{QStringLiteral("9.00"), QStringLiteral("10.00"), QStringLiteral("10.00"),
                                     QStringLiteral("100.00")}));
        // Equal amounts fall back to the job id, so the order is stable.
        QCOMPARE(proxy.index(1, 0).data(JobListModel::JobIdRole).toLongLong(), 3);
        QCOMPARE(proxy.index(2, 0).data(JobListModel::JobIdRole).toLongLong(), 4);
        QCOMPARE(proxy.sortRole(), int(JobListModel::RawValueRole));

        proxy.sort(DeploymentModel::TfcColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, DeploymentModel::TfcColumn).data().toString(), QStringLiteral("100.00"));

        // A changed amount moves the row (dynamic sort).
        JobRow cheaper = *model.job(1);
        cheaper.job.tfcAmount = Tfc::fromWhole(1);
        cheaper.fingerprint += 1;
        model.applyJobs({cheaper});
        QCOMPARE(proxy.index(3, 0).data(JobListModel::JobIdRole).toLongLong(), 1);

        // The queue sorts by priority, then id.
        QueueModel queue;
        JobFilterProxy queueProxy;
        queueProxy.setSourceModel(&queue);
        JobRow low = made(7, Stage::Queued);
        low.job.priority = Priority::Low;
        JobRow critical = made(8, Stage::Queued);
        critical.job.priority = Priority::Critical;
        queue.applyJobs({refresh(low), made(5, Stage::Queued), refresh(critical), made(6, Stage::Queued)});
        queueProxy.sort(QueueModel::PriorityColumn, Qt::DescendingOrder);
        QList<qint64> order;
        for (int r = 0; r < queueProxy.rowCount(); ++r)
            order << queueProxy.index(r, 0).data(JobListModel::JobIdRole).toLongLong();
        QCOMPARE(order, (QList<qint64>{8, 6, 5, 7}));
    }
};

QTEST_MAIN(TestJobFilterProxy)
#include "tst_jobfilterproxy.moc"
