// griddeckctl, run in-process: exit codes, JSON output, and that every refused or invalid
// command leaves the store exactly as it was.
#include "TestSupport.h"
#include "cli/Cli.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace griddeck;

namespace {

struct Outcome
{
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_config;

    Outcome ctl(QStringList args, const QString &config = {})
    {
        args.prepend(m_db);
        args.prepend(QStringLiteral("--db"));
        const QString configFile = config.isEmpty() ? m_config : config;
        args.prepend(configFile);
        args.prepend(QStringLiteral("--config"));
        Outcome outcome;
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        outcome.code = cli::run(args, out, err);
        out.flush();
        err.flush();
        return outcome;
    }

    // Everything a refused command must not change.
    QString snapshot()
    {
        const Outcome check = ctl({QStringLiteral("--json"), QStringLiteral("ledger"), QStringLiteral("check")});
        const Outcome jobs = ctl({QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("--limit"), QStringLiteral("10000")});
        const Outcome users = ctl({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("list")});
        return check.out + jobs.out + users.out;
    }

    QString writeConfig(const QString &name, const QString &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(text.toUtf8());
        return path;
    }

    QStringList vmArgs(const QString &user, const QString &tfc)
    {
        return {QStringLiteral("enqueue"), QStringLiteral("--user"), user, QStringLiteral("--type"), QStringLiteral("vm"),
                QStringLiteral("--cpu"), QStringLiteral("2"), QStringLiteral("--memory-gb"), QStringLiteral("4"),
                QStringLiteral("--storage-gb"), QStringLiteral("50"), QStringLiteral("--os"), QStringLiteral("ubuntu"),
                QStringLiteral("--os-version"), QStringLiteral("22.04"), QStringLiteral("--tfc"), tfc};
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("cli-%1-%2.sqlite")
                                 .arg(QLatin1String(QTest::currentTestFunction()), QLatin1String(QTest::currentDataTag()))
                                 .replace(u' ', u'_'));
        m_config = writeConfig(QStringLiteral("deployment.toml"), QStringLiteral("[deployment_queue]\nmax_queue_size = 3\n"));
        QCOMPARE(ctl({QStringLiteral("init")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--credits"), QStringLiteral("100")}).code, 0);
    }

    void enqueuePrintsTheJobIdAndHoldsCredits()
    {
        const Outcome enqueued = ctl(QStringList{QStringLiteral("--json")} + vmArgs(QStringLiteral("alice"), QStringLiteral("25")));
        QCOMPARE(enqueued.code, 0);
        const qint64 id = enqueued.json().value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        const Outcome balance = ctl({QStringLiteral("--json"), QStringLiteral("balance"), QStringLiteral("alice")});
        QCOMPARE(balance.json().value(QStringLiteral("available")).toString(), QStringLiteral("75.0000000"));
        QCOMPARE(balance.json().value(QStringLiteral("held")).toString(), QStringLiteral("25.0000000"));
        const Outcome job = ctl({QStringLiteral("--json"), QStringLiteral("job"), QString::number(id)});
        QCOMPARE(job.code, 0);
        QCOMPARE(job.json().value(QStringLiteral("stage")).toString(), QStringLiteral("queued"));
        QCOMPARE(job.json().value(QStringLiteral("commission_amount")).toString(), QStringLiteral("2.5000000"));
        QCOMPARE(job.json().value(QStringLiteral("grid_payment_amount")).toString(), QStringLiteral("22.5000000"));
        QCOMPARE(job.json().value(QStringLiteral("hold")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QVERIFY(!job.json().value(QStringLiteral("events")).toArray().isEmpty());
    }

    void badEnqueuesChangeNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("too few credits") << vmArgs(QStringLiteral("alice"), QStringLiteral("250")) << 1 << QStringLiteral("250.0000000 TFC is needed");
        QTest::newRow("exponent") << vmArgs(QStringLiteral("alice"), QStringLiteral("1e3")) << 2 << QStringLiteral("\"1e3\"");
        QTest::newRow("too many decimals") << vmArgs(QStringLiteral("alice"), QStringLiteral("12.345678901")) << 2 << QStringLiteral("more than 7 decimal places");
        QTest::newRow("negative") << vmArgs(QStringLiteral("alice"), QStringLiteral("-5")) << 2 << QStringLiteral("negative");
        QTest::newRow("zero") << vmArgs(QStringLiteral("alice"), QStringLiteral("0")) << 2 << QStringLiteral("greater than zero");
        QStringList cpu0 = vmArgs(QStringLiteral("alice"), QStringLiteral("5"));
        cpu0[cpu0.indexOf(QStringLiteral("--cpu")) + 1] = QStringLiteral("0");
        QTest::newRow("cpu 0") << cpu0 << 2 << QStringLiteral("cpu_cores must be between 1 and 64 (got 0)");
        QStringList hugeMemory = vmArgs(QStringLiteral("alice"), QStringLiteral("5"));
        hugeMemory[hugeMemory.indexOf(QStringLiteral("--memory-gb")) + 1] = QStringLiteral("1000000000");
        QTest::newRow("memory 10^9 GB") << hugeMemory << 2 << QStringLiteral("memory_gb");
        QTest::newRow("image with spaces")
            << QStringList{QStringLiteral("enqueue"), QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("--type"),
                           QStringLiteral("container"), QStringLiteral("--cpu"), QStringLiteral("1"), QStringLiteral("--memory-gb"),
                           QStringLiteral("1"), QStringLiteral("--storage-gb"), QStringLiteral("5"), QStringLiteral("--image"),
                           QStringLiteral("ng inx"), QStringLiteral("--tfc"), QStringLiteral("5")}
            << 2 << QStringLiteral("\"ng inx\"");
        const QStringList container { QStringLiteral("enqueue"), QStringLiteral("--user"),
            QStringLiteral("alice"), QStringLiteral("--type"), QStringLiteral("container"),
            QStringLiteral("--cpu"), QStringLiteral("1"), QStringLiteral("--memory-gb"), QStringLiteral("1"),
            QStringLiteral("--storage-gb"), QStringLiteral("5"), QStringLiteral("--image"),
            QStringLiteral("nginx:1.25"), QStringLiteral("--tfc"), QStringLiteral("5") };
        // The grid runs a container from an flist: without one the purchase is refused up front.
        QTest::newRow("image with no flist")
            << container << 2 << QStringLiteral("image \"nginx:1.25\" has no flist");
        const QString noKind = QDir::temp().filePath(QStringLiteral("griddeck-tst-cli-no-kind.yaml"));
        {
            QFile file(noKind);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("metadata:\n  name: shop\n");
        }
        QTest::newRow("manifest without kind") << QStringList { QStringLiteral("enqueue"),
            QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("--type"),
            QStringLiteral("kubernetes"), QStringLiteral("--nodes"), QStringLiteral("1"),
            QStringLiteral("--cpu"), QStringLiteral("1"), QStringLiteral("--memory-gb"), QStringLiteral("1"),
            QStringLiteral("--storage-gb"), QStringLiteral("5"), QStringLiteral("--manifest"), noKind,
            QStringLiteral("--tfc"), QStringLiteral("5") }
                                               << 2 << QStringLiteral("kubernetes_manifest names no kind");
        QTest::newRow("unknown user") << vmArgs(QStringLiteral("mallory"), QStringLiteral("5")) << 2 << QStringLiteral("mallory");
        QTest::newRow("unknown option") << (vmArgs(QStringLiteral("alice"), QStringLiteral("5")) << QStringLiteral("--colour")) << 2 << QStringLiteral("--colour");
    }

    void badEnqueuesChangeNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        QCOMPARE(ctl(vmArgs(QStringLiteral("alice"), QStringLiteral("10"))).code, 0);
        const QString before = snapshot();
        const Outcome outcome = ctl(args);
        QCOMPARE(outcome.code, code);
        QVERIFY2(outcome.err.contains(message), qPrintable(outcome.err));
        QCOMPARE(snapshot(), before);
    }

    void fullQueueIsRefusedAndChangesNothing()
    {
        for (int i = 0; i < 3; ++i)
            QCOMPARE(ctl(vmArgs(QStringLiteral("alice"), QStringLiteral("5"))).code, 0);
        const QString before = snapshot();
        const Outcome outcome = ctl(vmArgs(QStringLiteral("alice"), QStringLiteral("5")));
        QCOMPARE(outcome.code, 1);
        QVERIFY2(outcome.err.contains(QStringLiteral("full")), qPrintable(outcome.err));
        QCOMPARE(snapshot(), before);
    }

    void cancelRefundsAQueuedJob()
    {
        const Outcome enqueued = ctl(QStringList{QStringLiteral("--json")} + vmArgs(QStringLiteral("alice"), QStringLiteral("40")));
        const QString id = QString::number(enqueued.json().value(QStringLiteral("id")).toInteger());
        QCOMPARE(ctl({QStringLiteral("cancel"), id}).code, 0);
        const Outcome balance = ctl({QStringLiteral("--json"), QStringLiteral("balance"), QStringLiteral("alice")});
        QCOMPARE(balance.json().value(QStringLiteral("available")).toString(), QStringLiteral("100.0000000"));
        const Outcome again = ctl({QStringLiteral("cancel"), id});
        QCOMPARE(again.code, 1);
        QCOMPARE(ctl({QStringLiteral("ledger"), QStringLiteral("check")}).code, 0);
    }

    void refundNeedsACapturedJobAndAReason()
    {
        const Outcome enqueued = ctl(QStringList{QStringLiteral("--json")} + vmArgs(QStringLiteral("alice"), QStringLiteral("40")));
        const QString id = QString::number(enqueued.json().value(QStringLiteral("id")).toInteger());
        const QString before = snapshot();
        const Outcome noReason = ctl({QStringLiteral("refund"), id, QStringLiteral("--amount"), QStringLiteral("5")});
        QCOMPARE(noReason.code, 2);
        QVERIFY(noReason.err.contains(QStringLiteral("--reason")));
        const Outcome notCaptured = ctl({QStringLiteral("refund"), id, QStringLiteral("--amount"), QStringLiteral("5"),
                                         QStringLiteral("--reason"), QStringLiteral("goodwill")});
        QCOMPARE(notCaptured.code, 1);
        QCOMPARE(snapshot(), before);
    }

    void pauseAndResumeAreReported()
    {
        const Outcome paused = ctl({QStringLiteral("--json"), QStringLiteral("pause")});
        QCOMPARE(paused.code, 0);
        QCOMPARE(paused.json().value(QStringLiteral("paused")).toBool(), true);
        const Outcome resumed = ctl({QStringLiteral("--json"), QStringLiteral("resume")});
        QCOMPARE(resumed.json().value(QStringLiteral("paused")).toBool(), false);
    }

    void usageErrorsExitTwo()
    {
        QCOMPARE(ctl({QStringLiteral("frobnicate")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("balance")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("jobs"), QStringLiteral("--stage"), QStringLiteral("sleeping")}).code, 2);
        const Outcome json = ctl({QStringLiteral("--json"), QStringLiteral("job"), QStringLiteral("abc")});
        QCOMPARE(json.code, 2);
        QCOMPARE(json.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("invalid_input"));
    }

    void aMissingDatabaseIsNotCreated()
    {
        const QString typo = m_dir.filePath(QStringLiteral("no-such-folder/typo.sqlite"));
        QStringList args{QStringLiteral("--db"), typo, QStringLiteral("ledger"), QStringLiteral("check")};
        QString out, err;
        QTextStream outStream(&out), errStream(&err);
        const int code = cli::run(args, outStream, errStream);
        errStream.flush();
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("griddeckctl init")), qPrintable(err));
        QVERIFY(!QFileInfo::exists(typo));
        QVERIFY(!QFileInfo::exists(QFileInfo(typo).absolutePath()));
    }

    void ledgerEntriesTakesUserOrJob()
    {
        const Outcome both = ctl({QStringLiteral("ledger"), QStringLiteral("entries"), QStringLiteral("--user"),
                                  QStringLiteral("alice"), QStringLiteral("--job"), QStringLiteral("1")});
        QCOMPARE(both.code, 2);
        const Outcome user = ctl({QStringLiteral("--json"), QStringLiteral("ledger"), QStringLiteral("entries"),
                                  QStringLiteral("--user"), QStringLiteral("alice")});
        QCOMPARE(user.code, 0);
        const QJsonArray entries = user.json().value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("top_up"));
        QCOMPARE(entries.first().toObject().value(QStringLiteral("available_delta")).toString(), QStringLiteral("100.0000000"));
    }

    void refundOfAnUnknownJobNamesIt()
    {
        const Outcome outcome = ctl({QStringLiteral("refund"), QStringLiteral("99"), QStringLiteral("--amount"),
                                     QStringLiteral("1"), QStringLiteral("--reason"), QStringLiteral("x")});
        QCOMPARE(outcome.code, 2);
        QVERIFY2(outcome.err.contains(QStringLiteral("job 99 does not exist")), qPrintable(outcome.err));
    }

    void badConfigNamesTheLine()
    {
        const QString bad = writeConfig(QStringLiteral("bad.toml"), QStringLiteral("[deployment_queue]\n\nworker_count = 0\n"));
        const Outcome outcome = ctl({QStringLiteral("users"), QStringLiteral("list")}, bad);
        QCOMPARE(outcome.code, 2);
        QVERIFY2(outcome.err.contains(QStringLiteral("bad.toml:3")), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(QStringLiteral("worker_count")), qPrintable(outcome.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
