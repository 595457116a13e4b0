// The pipeline engine against the simulator, one behaviour at a time: the happy path for every
// service type, another node after a deploy error, readiness timeout, slippage, and the
// operator operations (restart, stop, retry, cancel).
#include "PipelineFixture.h"
#include "pipeline/Outbox.h"
#include "pipeline/PipelineStore.h"

#include <QDir>
#include <QSignalSpy>

using namespace griddeck;
using namespace griddeck::test;

template<class R>
QByteArray why(const R &r)
{
    return r.ok() ? QByteArray("ok") : r.error().message.toLocal8Bit();
}

class TestPipeline : public QObject
{
    Q_OBJECT

private:
    static QString eventsText(JobQueue &queue, qint64 jobId)
    {
        QStringList lines;
        const QList<JobEvent> events = queue.events(jobId).value();
        for (const JobEvent &e : events)
            lines << QStringLiteral("[%1] %2: %3").arg(stageName(e.stage), e.kind, e.message);
        return lines.join(u'\n');
    }

    static Result<void> waitFor(const std::function<void(PipelineEngine::DoneCallback)> &start)
    {
        std::optional<Result<void>> answer;
        start([&](Result<void> r) { answer = r; });
        if (!QTest::qWaitFor([&] { return answer.has_value(); }, 15000))
            return Error{ErrorKind::Internal, QStringLiteral("no answer")};
        return *answer;
    }

private Q_SLOTS:
    // On the postgresql backend (GRIDDECK_TEST_BACKEND), the test cluster must be able to run.
    void initTestCase() { GRIDDECK_REQUIRE_TEST_BACKEND(); }

    void retryDelays()
    {
        QCOMPARE(retry::delayMs(0, 0, 600), 0);
        for (int i = 0; i < 50; ++i) {
            const qint64 first = retry::delayMs(0, 30, 600);
            QVERIFY2(first >= 24000 && first <= 36000, qPrintable(QString::number(first)));
            const qint64 third = retry::delayMs(2, 30, 600);
            QVERIFY(third >= 96000 && third <= 144000);
            const qint64 capped = retry::delayMs(10, 30, 600);
            QVERIFY(capped >= 480000 && capped <= 720000);
        }
        // Readiness: up to the expected time (capped), then a fixed interval with jitter, never
        // a doubling with the time waited.
        QCOMPARE(retry::readinessPollMs(0, 9500, 1000, 15000), 9500);
        QCOMPARE(retry::readinessPollMs(4000, 9500, 1000, 15000), 5500);
        QCOMPARE(retry::readinessPollMs(0, 60000, 1000, 15000), 15000);
        for (qint64 waited : {0, 4000, 9500, 60000, 290000}) {
            const qint64 next = retry::readinessPollMs(waited, waited > 9500 ? 9500 : 0, 1000, 15000);
            QVERIFY2(next >= 800 && next <= 1200, qPrintable(QString::number(next)));
        }
        ReadinessEstimate estimate;
        QCOMPARE(estimate.expectedMs(), 0);
        for (int i = 0; i < 10; ++i)
            estimate.record(10000 + i * 100);
        estimate.record(120000); // one slow deployment does not delay everyone's first poll
        QCOMPARE(estimate.expectedMs(), 10200); // the 25th percentile of the 11
        QCOMPARE(ReadinessEstimate::probeStepMs(1000), 250);
        QCOMPARE(StageRunner::sshCommand(QStringLiteral("185.69.1.2"), QStringLiteral("2a02::1"), QString()),
                 QStringLiteral("ssh root@185.69.1.2"));
        QCOMPARE(StageRunner::sshCommand(QString(), QString(), QStringLiteral("4a2:1::1")), QStringLiteral("ssh root@4a2:1::1"));
    }

    void everyServiceTypeBecomesActive()
    {
        PipelineFixture f;
        const qint64 user = f.addUser(QStringLiteral("alice"), 1000);
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids << f.enqueue(user, specOfType(i));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(3));
        QSignalSpy active(&engine, &PipelineEngine::jobBecameActive);
        QSignalSpy changed(&engine, &PipelineEngine::jobChanged);
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        engine.stop();
        for (qint64 id : ids) {
            const Job job = f.queue->job(id).value();
            QVERIFY2(job.stage == Stage::Active, qPrintable(eventsText(*f.queue, id)));
            auto row = pipelinestore::latestDeployment(f.temp.store()->db(), id).value();
            QVERIFY(row.has_value());
            QCOMPARE(row->state, deploystate::Ok);
            QVERIFY(row->sshCommand.startsWith(QStringLiteral("ssh root@")));
            QVERIFY(!row->deploymentId.isEmpty());
            // The installation id is in every key, so two installations never share one.
            QCOMPARE(row->idempotencyKey, QStringLiteral("gd-%1-job-%2-deploy-1").arg(f.temp.store()->installationId()).arg(id));
            auto conversion = pipelinestore::conversion(f.temp.store()->db(), id).value();
            QVERIFY(conversion.has_value());
            QVERIFY(conversion->result.tftReceived.isPositive());
            QCOMPARE(f.ledger.hold(id)->state, HoldState::Captured);
        }
        const DeploymentRow k8s = pipelinestore::latestDeployment(f.temp.store()->db(), ids[2]).value().value_or(DeploymentRow());
        QCOMPARE(k8s.nodeIds.size(), 2);
        QVERIFY(k8s.nodeIds.value(0) != k8s.nodeIds.value(1));
        QCOMPARE(active.size(), 5);
        QVERIFY(changed.size() >= 25); // five transitions each
        QVERIFY(f.scalar(QStringLiteral("SELECT COUNT(*) FROM job_quotes")) == 5);
        QVERIFY(f.scalar(QStringLiteral("SELECT COUNT(*) FROM price_history")) >= 15);
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void deployErrorsMoveToAnotherNodeThenRefund()
    {
        PipelineFixture f;
        SimFaults faults = f.grid.faults();
        faults.deployErrorRate = 1.0;
        f.grid.setFaults(faults);
        const qint64 user = f.addUser(QStringLiteral("bob"), 100);
        const qint64 id = f.enqueue(user, specOfType(0));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
        QSignalSpy failed(&engine, &PipelineEngine::jobFailed);
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        engine.stop();
        const Job job = f.queue->job(id).value();
        QCOMPARE(job.stage, Stage::Failed);
        QVERIFY2(job.lastError.contains(QStringLiteral("reported:")), qPrintable(job.lastError));
        auto rows = pipelinestore::deployments(f.temp.store()->db(), id).value();
        QCOMPARE(rows.size(), job.maxRetries + 1);
        QSet<qint64> nodes;
        for (const DeploymentRow &r : rows) {
            QCOMPARE(r.state, deploystate::Error);
            QVERIFY2(r.message.contains(QStringLiteral("node %1 reported:").arg(r.nodeId)), qPrintable(r.message));
            nodes.insert(r.nodeId);
        }
        QCOMPARE(nodes.size(), rows.size()); // a node that failed the job is never asked again
        QCOMPARE(f.ledger.hold(id)->state, HoldState::Released);
        QCOMPARE(f.ledger.user(user)->available, Tfc::fromWhole(100));
        QCOMPARE(failed.size(), 1);
        QVERIFY(eventsText(*f.queue, id).contains(QStringLiteral("trying another node")));
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void readinessTimeoutRollsBack()
    {
        PipelineFixture f(60000);
        f.config.deploymentQueue.readinessTimeoutSeconds = 1;
        const qint64 user = f.addUser(QStringLiteral("carol"), 100);
        const qint64 id = f.enqueue(user, specOfType(1));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 20000);
        engine.stop();
        const Job job = f.queue->job(id).value();
        QCOMPARE(job.stage, Stage::Failed);
        QVERIFY2(job.lastError.contains(QStringLiteral("not ready after 1 s")), qPrintable(job.lastError));
        QCOMPARE(f.grid.liveContractCount(), 0);
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void walletRefusingThePriceRequotesThenRollsBack()
    {
        PipelineFixture f;
        SimFaults faults = f.grid.faults();
        faults.walletSlippagePercent = Percent::fromWhole(12); // beyond max_slippage_percent 5
        f.grid.setFaults(faults);
        const qint64 user = f.addUser(QStringLiteral("dave"), 100);
        const qint64 id = f.enqueue(user, specOfType(3));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(1));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 20000);
        engine.stop();
        const Job job = f.queue->job(id).value();
        QCOMPARE(job.stage, Stage::Failed);
        QVERIFY2(job.lastError.contains(QStringLiteral("slippage")), qPrintable(job.lastError));
        QVERIFY(f.grid.state().value(QStringLiteral("conversions")).toArray().isEmpty());
        QCOMPARE(f.ledger.hold(id)->state, HoldState::Released);
    }

    void operatorOperations()
    {
        PipelineFixture f;
        const qint64 user = f.addUser(QStringLiteral("erin"), 1000);
        const qint64 a = f.enqueue(user, specOfType(0));
        const qint64 b = f.enqueue(user, specOfType(4));
        PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
        QVERIFY(engine.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QCOMPARE(f.queue->job(a)->stage, Stage::Active);

        QSignalSpy operations(&engine, &PipelineEngine::operationFinished);
        auto restarted = waitFor([&](auto done) { engine.restartDeployment(a, QStringLiteral("ops@erin"), done); });
        QVERIFY2(restarted.ok(), why(restarted).constData());
        QVERIFY(eventsText(*f.queue, a).contains(QStringLiteral("restarted by ops@erin")));

        auto stopped = waitFor([&](auto done) { engine.stopDeployment(b, QStringLiteral("ops@erin"), done); });
        QVERIFY2(stopped.ok(), why(stopped).constData());
        QCOMPARE(f.queue->job(b)->stage, Stage::Stopped);
        QCOMPARE(f.ledger.hold(b)->state, HoldState::Captured); // no refund on stop
        QCOMPARE(pipelinestore::latestDeployment(f.temp.store()->db(), b).value()->state, deploystate::Stopped);
        const QList<JobEvent> events = f.queue->events(b).value();
        QCOMPARE(events.last().actor, QStringLiteral("ops@erin"));

        auto refused = waitFor([&](auto done) { engine.stopDeployment(b, QStringLiteral("ops@erin"), done); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Refused);

        std::optional<Result<qint64>> retried;
        engine.retryJob(b, QStringLiteral("ops@erin"), [&](Result<qint64> r) { retried = r; });
        QTRY_VERIFY(retried.has_value());
        QVERIFY2(retried->ok(), why(*retried).constData());
        const Job again = f.queue->job(retried->value()).value();
        QCOMPARE(again.retryOf, std::optional<qint64>(b));
        QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
        QCOMPARE(f.queue->job(again.id)->stage, Stage::Active);
        engine.stop();

        // Cancel: only while queued; refunded in full.
        const qint64 c = f.enqueue(user, specOfType(3));
        auto cancelled = waitFor([&](auto done) { engine.cancelJob(c, QStringLiteral("ops@erin"), done); });
        QVERIFY2(cancelled.ok(), why(cancelled).constData());
        QCOMPARE(f.queue->job(c)->stage, Stage::Cancelled);
        QCOMPARE(f.ledger.hold(c)->state, HoldState::Released);
        QVERIFY(operations.size() >= 4);
        const QStringList problems = f.violations();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void outboxRowsPerConfiguredChannelOnce()
    {
        PipelineFixture f;
        const qint64 user = f.addUser(QStringLiteral("frank"), 100);
        const qint64 id = f.enqueue(user, specOfType(2));
        NotifySettings settings;
        settings.webhookEnabled = true;
        settings.webhookUrl = QStringLiteral("http://127.0.0.1:9/hook");
        settings.emailEnabled = true; // no smtp_host: not configured, no row
        settings.slackEnabled = true;
        QCOMPARE(Outbox::configuredChannels(settings), (QList<Channel>{Channel::Webhook, Channel::Slack}));
        Outbox outbox(f.temp.store(), settings);
        QVERIFY(outbox.addRefundIssued(id, Tfc::fromWhole(5), QStringLiteral("goodwill"), QStringLiteral("refund:1")).ok());
        QVERIFY(outbox.addRefundIssued(id, Tfc::fromWhole(5), QStringLiteral("goodwill"), QStringLiteral("refund:1")).ok());
        QVERIFY(outbox.addRefundIssued(id, Tfc::fromWhole(2), QStringLiteral("again"), QStringLiteral("refund:2")).ok());
        const QList<OutboxEntry> rows = outbox.entries(id).value();
        QCOMPARE(rows.size(), 4); // two refunds × two channels; the repeated key added nothing
        QCOMPARE(rows.first().event, QStringLiteral("refund.issued"));
        QCOMPARE(rows.first().dedupeKey, QStringLiteral("job-%1:refund.issued:refund:1:webhook").arg(id));
        QCOMPARE(rows.first().state, QStringLiteral("pending"));
        QVERIFY(!outbox.addRefundIssued(9999, Tfc::fromWhole(1), QStringLiteral("x"), QStringLiteral("k")).ok());
    }

    void embeddedGridStartsOnItsOwnThread()
    {
        TempStore temp;
        Config config; // every URL "embedded"
        config.notifications.webhookEnabled = false;
        config.notifications.emailEnabled = false;
        PipelineEngine engine(config, temp.store(), nullptr, fastOptions(1));
        QVERIFY(engine.start().ok());
        QVERIFY(engine.embeddedGrid() && engine.embeddedGrid()->isRunning());
        QCOMPARE(engine.endpoints().gridProxy, engine.embeddedGrid()->url());
        QCOMPARE(engine.endpoints().wallet, engine.embeddedGrid()->url());
        QVERIFY(engine.isRunning());
        engine.stop();
        QVERIFY(!engine.isRunning());

        Config bad;
        bad.threefoldGrid.gridProxyUrl = QStringLiteral("ftp://nodes");
        auto resolved = Endpoints::resolve(bad, QUrl(QStringLiteral("http://127.0.0.1:1")));
        QVERIFY(!resolved.ok());
        QVERIFY(resolved.error().message.contains(QStringLiteral("grid_proxy_url")));
    }

    // The engine's worker and operation threads close their connections before it is gone. Left
    // to each thread's own end, the close ran after the pool had let go of the thread, racing
    // with the end of the process: a crash in QtSql's destroyed globals at exit.
    void theEngineLeavesNoConnectionBehind()
    {
        PipelineFixture f;
        const qint64 user = f.addUser(QStringLiteral("erin"), 1000);
        f.enqueue(user, specOfType(0));
        f.enqueue(user, specOfType(1));
        const int threads = threadCount();
        const int closedLate = Store::connectionsClosedAtThreadExit();
        {
            PipelineEngine engine(f.config, f.temp.store(), nullptr, fastOptions(2));
            QSignalSpy reconciled(&engine, &PipelineEngine::reconciled);
            QVERIFY(engine.start().ok());
            QTRY_VERIFY_WITH_TIMEOUT(f.liveJobs() == 0, 30000);
            QTRY_VERIFY(!reconciled.isEmpty()); // the operations pool used the store too
            QVERIFY(threadCount() > threads);
        }
        // Every thread of the engine has ended, its thread-local teardown too.
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), threads, 10000);
        QCOMPARE(Store::connectionsClosedAtThreadExit(), closedLate);
    }

private:
    // This process's threads (Linux).
    static int threadCount()
    {
        return int(
            QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
