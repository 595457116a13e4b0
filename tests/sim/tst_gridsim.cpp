// griddeck-gridsim, the standalone simulator: arguments, exit codes, the config it writes
// and the server it runs.

#include "SimHttp.h"
#include "TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>

using namespace griddeck;
using namespace griddeck::simtest;

class TestGridSim : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commandLine()
    {
        const QString exe = QStringLiteral(GRIDDECK_BIN_DIR "/griddeck-gridsim");
        // tests/CMakeLists.txt makes this test depend on the binary, so it is always built.
        QVERIFY2(QFile::exists(exe),
            qPrintable(QStringLiteral("%1 is missing: build the griddeck-gridsim target").arg(exe)));
        QProcess bad;
        bad.start(exe, {QStringLiteral("--port"), QStringLiteral("http")});
        QVERIFY(bad.waitForFinished(10000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--port"));

        QProcess both;
        both.start(exe, {QStringLiteral("--nodes"), QStringLiteral("3"), QStringLiteral("--nodes-file"), QStringLiteral("x.json")});
        QVERIFY(both.waitForFinished(10000));
        QCOMPARE(both.exitCode(), 2);

        QProcess badFile;
        badFile.start(exe, {QStringLiteral("--nodes-file"), test::dataFile(QStringLiteral("gridproxy_node_partial.json"))});
        QVERIFY(badFile.waitForFinished(10000));
        QCOMPARE(badFile.exitCode(), 2);
        QVERIFY(badFile.readAllStandardError().contains("gridproxy_node_partial.json"));

        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("g.toml"));
        QProcess server;
        server.start(exe, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--nodes"), QStringLiteral("20"),
                           QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--write-config"), config});
        QVERIFY(server.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine() || server.waitForReadyRead(50), 10000);
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("GridDeck grid simulator listening on http://127.0.0.1:")), qPrintable(line));
        QVERIFY(line.endsWith(QStringLiteral("(20 nodes, seed 5)")));
        const QString url = line.section(u' ', 5, 5);
        QFile toml(config);
        QVERIFY(toml.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(toml.readAll());
        for (const char *key : {"[threefold_grid]", "grid_proxy_url", "deployer_url", "[tft_conversion]", "horizon_url",
                                "coingecko_url", "wallet_url"})
            QVERIFY2(text.contains(QLatin1String(key)), key);
        QCOMPARE(text.count(QStringLiteral("\"%1\"").arg(url)), 5);
        Http http{QUrl(url)};
        QCOMPARE(http.get(QStringLiteral("/nodes?ret_count=true")).headers.value("count"), QByteArray("20"));
        server.kill();
        server.waitForFinished(5000);
    }
};

QTEST_GUILESS_MAIN(TestGridSim)
#include "tst_gridsim.moc"
