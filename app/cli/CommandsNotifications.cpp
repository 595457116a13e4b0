// notifications [--state S], notifications resend ID | --all-failed: the outbox in view.
#include "cli/Commands.h"
#include "pipeline/Outbox.h"
#include "pipeline/PipelineSettings.h"

#include <QJsonArray>

namespace griddeck::cli {

namespace {

QString actorOf(const ParsedCommand &command)
{
    return command.value(QStringLiteral("actor"), qEnvironmentVariable("USER", QStringLiteral("operator")));
}

QJsonObject entryJson(const OutboxEntry &e)
{
    return QJsonObject { { QStringLiteral("id"), e.id },
        { QStringLiteral("job_id"), e.jobId ? QJsonValue(*e.jobId) : QJsonValue() },
        { QStringLiteral("event"), e.event }, { QStringLiteral("channel"), channelName(e.channel) },
        { QStringLiteral("recipient"), e.recipient.isEmpty() ? QStringLiteral("operator") : e.recipient },
        { QStringLiteral("state"), e.viewState() }, { QStringLiteral("attempts"), e.attempts },
        { QStringLiteral("last_error"), e.lastError.isEmpty() ? QJsonValue() : QJsonValue(e.lastError) },
        { QStringLiteral("created_at"), formatTime(e.createdAt) },
        { QStringLiteral("next_attempt_at"),
            e.state == QLatin1String("pending") ? QJsonValue(formatTime(e.nextAttemptAt)) : QJsonValue() },
        { QStringLiteral("delivered_at"),
            e.deliveredAt ? QJsonValue(formatTime(*e.deliveredAt)) : QJsonValue() } };
}

int runNotifications(Context &context, const ParsedCommand &command)
{
    Outbox outbox(context.store(), notifySettingsFrom(context.config()));
    OutboxQuery query;
    if (command.has(QStringLiteral("state")))
        query.viewState = command.value(QStringLiteral("state"));
    if (command.has(QStringLiteral("limit"))) {
        auto n = parseIntegerOption(
            QStringLiteral("--limit"), command.value(QStringLiteral("limit")), 1, 100000);
        if (!n.ok())
            return context.fail(n.error());
        query.limit = int(n.value());
    }
    auto entries = outbox.find(query);
    if (!entries.ok())
        return context.fail(entries.error());
    auto counts = outbox.stateCounts();
    if (!counts.ok())
        return context.fail(counts.error());
    if (context.json()) {
        QJsonArray array;
        for (const OutboxEntry &e : entries.value())
            array.append(entryJson(e));
        QJsonObject totals;
        for (auto it = counts->begin(); it != counts->end(); ++it)
            totals.insert(it.key(), it.value());
        context.printJson(
            QJsonObject { { QStringLiteral("notifications"), array }, { QStringLiteral("counts"), totals } });
        return ExitOk;
    }
    context.out() << "pending " << counts->value(QStringLiteral("pending")) << " · sent "
                  << counts->value(QStringLiteral("sent")) << " · failed "
                  << counts->value(QStringLiteral("failed")) << " · undeliverable "
                  << counts->value(QStringLiteral("undeliverable")) << "\n";
    if (entries->isEmpty())
        return ExitOk;
    context.out() << padLeft(QStringLiteral("ID"), 5) << "  " << padLeft(QStringLiteral("JOB"), 5) << "  "
                  << padRight(QStringLiteral("EVENT"), 20) << padRight(QStringLiteral("CHANNEL"), 9)
                  << padRight(QStringLiteral("TO"), 26) << padRight(QStringLiteral("STATE"), 14)
                  << padLeft(QStringLiteral("TRIES"), 5) << "  LAST ERROR\n";
    for (const OutboxEntry &e : entries.value())
        context.out() << padLeft(QString::number(e.id), 5) << "  "
                      << padLeft(e.jobId ? QString::number(*e.jobId) : QStringLiteral("-"), 5) << "  "
                      << padRight(e.event, 20) << padRight(channelName(e.channel), 9)
                      << padRight(
                             e.recipient.isEmpty() ? QStringLiteral("operator") : e.recipient.left(25), 26)
                      << padRight(e.viewState(), 14) << padLeft(QString::number(e.attempts), 5) << "  "
                      << e.lastError << "\n";
    return ExitOk;
}

int runNotificationsResend(Context &context, const ParsedCommand &command)
{
    Outbox outbox(context.store(), notifySettingsFrom(context.config()));
    const bool all = command.has(QStringLiteral("all-failed"));
    if (all == !command.positional.isEmpty())
        return context.usage(QStringLiteral("usage: griddeckctl notifications resend ID | --all-failed"));
    if (all) {
        auto n = outbox.resendAllFailed(actorOf(command));
        if (!n.ok())
            return context.fail(n.error());
        if (context.json())
            context.printJson(QJsonObject { { QStringLiteral("resent"), n.value() } });
        else
            context.out() << n.value() << " notifications will be sent again by the running pipeline\n";
        return ExitOk;
    }
    auto id = parseIntegerOption(QStringLiteral("notification ID"), command.positional.at(0), 1, INT64_MAX);
    if (!id.ok())
        return context.fail(id.error());
    if (auto r = outbox.resend(id.value(), actorOf(command)); !r.ok())
        return context.fail(r.error());
    if (context.json())
        context.printJson(
            QJsonObject { { QStringLiteral("id"), id.value() }, { QStringLiteral("resent"), true } });
    else
        context.out() << "Notification " << id.value() << " will be sent again by the running pipeline\n";
    return ExitOk;
}

} // namespace

void addNotificationCommands(QList<Command> &list)
{
    list.append({ { QStringLiteral("notifications") },
        QStringLiteral("notifications [--state pending|sent|failed|undeliverable] [--limit N]"),
        QStringLiteral("The notification outbox, newest first: state, attempts and the last error"),
        { { QStringLiteral("state") }, { QStringLiteral("limit") } }, 0, 0, true, runNotifications });
    list.append({ { QStringLiteral("notifications"), QStringLiteral("resend") },
        QStringLiteral("notifications resend ID | --all-failed [--actor NAME]"),
        QStringLiteral("Send a failed or undeliverable notification again (or all of them)"),
        { { QStringLiteral("all-failed"), false }, { QStringLiteral("actor") } }, 0, 1, true,
        runNotificationsResend });
}

} // namespace griddeck::cli
