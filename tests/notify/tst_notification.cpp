#include "NotifyTestSupport.h"
#include "notify/EmailChannel.h"
#include "notify/Notification.h"

#include <QJsonDocument>
#include <QtTest>

using namespace griddeck;
using namespace griddeck::test;

class TestNotification : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesAreStable()
    {
        QCOMPARE(notificationKindName(NotificationKind::DeploymentActive), QStringLiteral("deployment_active"));
        QCOMPARE(notificationKindName(NotificationKind::DeploymentFailed), QStringLiteral("deployment_failed"));
        QCOMPARE(notificationKindName(NotificationKind::RefundIssued), QStringLiteral("refund_issued"));
        QCOMPARE(notificationEventName(NotificationKind::DeploymentActive), QStringLiteral("deployment.active"));
        QCOMPARE(notificationEventName(NotificationKind::DeploymentFailed), QStringLiteral("deployment.failed"));
        QCOMPARE(notificationEventName(NotificationKind::RefundIssued), QStringLiteral("refund.issued"));
        QCOMPARE(notificationKindFromName(QStringLiteral("refund.issued")), std::optional(NotificationKind::RefundIssued));
        QCOMPARE(notificationKindFromName(QStringLiteral("refund_issued")), std::optional(NotificationKind::RefundIssued));
        QVERIFY(!notificationKindFromName(QStringLiteral("deployment.paused")));
        for (Channel c : {Channel::Webhook, Channel::Slack, Channel::Email})
            QCOMPARE(channelFromName(channelName(c)), std::optional(c));
        QVERIFY(!channelFromName(QStringLiteral("sms")));
    }

    void factoriesFillMessageAndDetails()
    {
        const Notification refund = Notification::refundIssued(9, QStringLiteral("bob"), QStringLiteral("vm"),
                                                               Tfc::parse(u"4.255").value(),
                                                               QStringLiteral("goodwill"), sampleTime().addMSecs(789));
        QCOMPARE(refund.message, QStringLiteral("4.26 TFC were refunded to bob for deployment #9."));
        QCOMPARE(refund.details.value(detail::RefundAmount), QStringLiteral("4.2550000"));
        QCOMPARE(refund.details.value(detail::Reason), QStringLiteral("goodwill"));
        QCOMPARE(refund.atText(), QStringLiteral("2026-03-14T15:09:26Z")); // to the second

        const Notification failed = Notification::deploymentFailed(5, QStringLiteral("%1 carol"), QStringLiteral("vm"),
                                                                   QStringLiteral("HTTP 400 from the gateway"),
                                                                   Tfc::parse(u"10").value(), sampleTime());
        // User text is never read as a placeholder.
        QCOMPARE(failed.message, QStringLiteral("Deployment #5 for %1 carol failed; the credits were refunded."));
        QCOMPARE(failed.details.value(detail::Error), QStringLiteral("HTTP 400 from the gateway"));
    }

    void jsonRoundTrip()
    {
        Notification n = sampleActive(77);
        n.details.insert(QStringLiteral("node_id"), QStringLiteral("1234"));
        const QJsonObject json = n.toJson();
        QCOMPARE(json.value(QStringLiteral("event")).toString(), QStringLiteral("deployment.active"));
        auto back = Notification::fromJson(json);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back->kind, n.kind);
        QCOMPARE(back->jobId, n.jobId);
        QCOMPARE(back->user, n.user);
        QCOMPARE(back->service, n.service);
        QCOMPARE(back->message, n.message);
        QCOMPARE(back->details, n.details);
        QCOMPARE(back->at, n.at);
        QCOMPARE(back->toJsonBytes(), n.toJsonBytes());
    }

    void fromJsonNamesTheBadField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        const QByteArray good = sampleActive().toJsonBytes();
        auto with = [&good](const char *key, const QJsonValue &value) {
            QJsonObject o = QJsonDocument::fromJson(good).object();
            if (value.isUndefined())
                o.remove(QLatin1String(key));
            else
                o.insert(QLatin1String(key), value);
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        QTest::newRow("event") << with("event", QStringLiteral("deployment.paused")) << QStringLiteral("\"event\"");
        QTest::newRow("job_id text") << with("job_id", QStringLiteral("42")) << QStringLiteral("\"job_id\"");
        QTest::newRow("job_id fraction") << with("job_id", 4.5) << QStringLiteral("\"job_id\"");
        QTest::newRow("job_id negative") << with("job_id", -1) << QStringLiteral("\"job_id\"");
        QTest::newRow("user missing") << with("user", QJsonValue::Undefined) << QStringLiteral("\"user\"");
        QTest::newRow("details array") << with("details", QJsonArray{}) << QStringLiteral("\"details\"");
        QTest::newRow("detail number") << with("details", QJsonObject{{QStringLiteral("ip"), 1}})
                                       << QStringLiteral("\"details.ip\"");
        QTest::newRow("at") << with("at", QStringLiteral("yesterday")) << QStringLiteral("\"at\"");
    }

    void fromJsonNamesTheBadField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        auto parsed = Notification::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(parsed.error().message.contains(field), qPrintable(parsed.error().message));
    }

    void plainTextListsDetailsInReadingOrder()
    {
        Notification n = sampleActive(42);
        n.details.insert(QStringLiteral("zone"), QStringLiteral("eu"));
        const QString text = n.plainText();
        QCOMPARE(text, QStringLiteral("Deployment #42 for alice is active.\n\n"
                                      "User: alice\n"
                                      "Service: vm \u2014 2 vCPU, 4 GB RAM, 50 GB SSD\n"
                                      "IP address: 185.69.166.12\n"
                                      "SSH: ssh root@185.69.166.12\n"
                                      "Web: https://alice.gent01.grid.tf\n"
                                      "Charged: 12.5000000 TFC\n"
                                      "zone: eu\n"
                                      "Time: 2026-03-14T15:09:26Z"));
    }

    void settingsValidationNamesTheKey()
    {
        NotifySettings s;
        QVERIFY(validateNotifySettings(s).ok()); // nothing enabled, nothing to check
        QVERIFY(enabledChannels(s).isEmpty());

        s.webhookEnabled = true;
        s.webhookUrl = QStringLiteral("https://user:pw@hooks.example.org/in?token=abc");
        QVERIFY(validateNotifySettings(s).ok());
        s.webhookUrl = QStringLiteral("ftp://user:pw@hooks.example.org/in?token=abc");
        auto bad = validateNotifySettings(s);
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(QStringLiteral("webhook_url")));
        // Credentials in a URL are not repeated.
        QVERIFY2(!bad.error().message.contains(QStringLiteral("pw")) && !bad.error().message.contains(QStringLiteral("abc")),
                 qPrintable(bad.error().message));
        s.webhookUrl = QString();
        QVERIFY(validateNotifySettings(s).error().message.contains(QStringLiteral("(empty)")));
        s.webhookEnabled = false;

        s.emailEnabled = true;
        s.smtpHost = QStringLiteral("smtp.example.org");
        s.emailFrom = QStringLiteral("griddeck@example.org");
        s.emailTo = {QStringLiteral("ops@example.org")};
        QVERIFY(validateNotifySettings(s).ok());
        QCOMPARE(enabledChannels(s), QList<Channel>{Channel::Email});
        s.smtpPort = 0;
        QVERIFY(validateNotifySettings(s).error().message.contains(QStringLiteral("smtp_port 0")));
        s.smtpPort = 587;
        s.emailFrom = QStringLiteral("griddeck");
        QVERIFY(validateNotifySettings(s).error().message.contains(QStringLiteral("email_from \"griddeck\"")));
        s.emailFrom = QStringLiteral("griddeck@example.org");
        s.emailTo = {};
        QVERIFY(validateNotifySettings(s).error().message.contains(QStringLiteral("email_to is empty")));
        s.emailTo = {QStringLiteral("a@b@c")};
        QVERIFY(!validateNotifySettings(s).ok());
        s.emailTo = {QStringLiteral("Ops <ops@example.org>")};
        QVERIFY(!validateNotifySettings(s).ok());
    }

    void messageIdIsSafe()
    {
        QCOMPARE(EmailChannel::messageId(QStringLiteral("outbox-5"), 42, QStringLiteral("g@ops.example.org")),
                 QStringLiteral("<griddeck.outbox-5.42@ops.example.org>"));
        QCOMPARE(EmailChannel::messageId(QStringLiteral("a>b\r\nc d"), 1, QStringLiteral("g@x.example")),
                 QStringLiteral("<griddeck.abcd.1@x.example>"));
    }
};

QTEST_GUILESS_MAIN(TestNotification)
#include "tst_notification.moc"
