// init, users add/list, credits add, balance.
#include "cli/Commands.h"
#include "pipeline/PipelineSettings.h"
#include "pipeline/RefundService.h"

#include "notify/Contacts.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

namespace griddeck::cli {

QString formatTime(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("—");
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString padRight(const QString &text, int width)
{
    return text.leftJustified(width, u' ');
}

QString padLeft(const QString &text, int width)
{
    return text.rightJustified(width, u' ');
}

namespace {

QJsonObject balanceJson(const UserBalance &user)
{
    return QJsonObject{{QStringLiteral("id"), user.userId},
                       {QStringLiteral("name"), user.name},
                       {QStringLiteral("available"), user.available.toString()},
                       {QStringLiteral("held"), user.held.toString()}};
}

Result<Tfc> parseAmountArgument(const QString &what, const QString &text)
{
    QString why;
    auto amount = Tfc::parse(text, &why);
    if (!amount)
        return Error::invalid(QStringLiteral("%1: %2").arg(what, why));
    if (!amount->isPositive())
        return Error::invalid(QStringLiteral("%1 must be greater than zero (got \"%2\")").arg(what, text));
    return *amount;
}

int runInit(Context &context, const ParsedCommand &)
{
    if (auto opened = context.openStore(true); !opened.ok())
        return context.fail(opened.error());
    const int version = context.store()->schemaVersion();
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("database"), context.store()->path()},
                                      {QStringLiteral("schema_version"), version},
                                      {QStringLiteral("config"), context.configSource()}});
    } else {
        context.out() << "Database ready: " << context.store()->path() << " (schema version " << version << ")\n"
                      << "Configuration: " << context.configSource() << "\n";
    }
    return ExitOk;
}

// --email E / --webhook URL as given (an empty value clears), checked before anything is written.
Result<std::pair<std::optional<QString>, std::optional<QString>>> contactOptions(const ParsedCommand &command)
{
    std::optional<QString> email, webhook;
    if (command.has(QStringLiteral("email"))) {
        email = command.value(QStringLiteral("email"));
        if (!email->trimmed().isEmpty()) {
            auto checked = checkEmailAddress(*email);
            if (!checked.ok())
                return Error::invalid(QStringLiteral("--email: %1").arg(checked.error().message));
        }
    }
    if (command.has(QStringLiteral("webhook"))) {
        webhook = command.value(QStringLiteral("webhook"));
        if (!webhook->trimmed().isEmpty()) {
            auto checked = checkWebhookUrl(*webhook);
            if (!checked.ok())
                return Error::invalid(QStringLiteral("--webhook: %1").arg(checked.error().message));
        }
    }
    return std::make_pair(email, webhook);
}

QJsonObject contactJson(const UserBalance &user, const UserContact &contact)
{
    QJsonObject o = balanceJson(user);
    o.insert(QStringLiteral("email"), contact.email);
    o.insert(QStringLiteral("webhook_url"), contact.webhookUrl);
    return o;
}

int runUsersSet(Context &context, const ParsedCommand &command)
{
    auto contact = contactOptions(command);
    if (!contact.ok())
        return context.fail(contact.error());
    if (!contact->first && !contact->second)
        return context.usage(QStringLiteral("users set needs --email E and/or --webhook URL (an empty value clears it)"));
    auto user = context.ledger().user(command.positional.at(0));
    if (!user.ok())
        return context.fail(user.error());
    auto saved = setUserContact(*context.store(), user->userId, contact->first, contact->second);
    if (!saved.ok())
        return context.fail(saved.error());
    if (context.json())
        context.printJson(contactJson(user.value(), saved.value()));
    else
        context.out() << user->name << ": email " << (saved->email.isEmpty() ? QStringLiteral("(none)") : saved->email)
                      << ", webhook " << (saved->webhookUrl.isEmpty() ? QStringLiteral("(none)") : saved->webhookUrl) << "\n";
    return ExitOk;
}

int runUsersAdd(Context &context, const ParsedCommand &command)
{
    auto contact = contactOptions(command);
    if (!contact.ok())
        return context.fail(contact.error());
    std::optional<Tfc> credits;
    if (command.has(QStringLiteral("credits"))) {
        auto amount = parseAmountArgument(QStringLiteral("--credits"), command.value(QStringLiteral("credits")));
        if (!amount.ok())
            return context.fail(amount.error());
        credits = amount.value();
    }
    auto id = context.ledger().addUser(command.positional.at(0), credits, QStringLiteral("griddeckctl"));
    if (!id.ok())
        return context.fail(id.error());
    auto user = context.ledger().user(id.value());
    if (!user.ok())
        return context.fail(user.error());
    UserContact saved;
    if (contact->first || contact->second) {
        auto set = setUserContact(*context.store(), user->userId, contact->first, contact->second);
        if (!set.ok())
            return context.fail(set.error());
        saved = set.value();
    }
    if (context.json())
        context.printJson(contactJson(user.value(), saved));
    else
        context.out() << "Added user " << user->name << " (id " << user->userId << ") with "
                      << user->available.toDisplayString(2) << " TFC"
                      << (saved.email.isEmpty() ? QString() : QStringLiteral(", email ") + saved.email) << "\n";
    return ExitOk;
}

int runUsersList(Context &context, const ParsedCommand &)
{
    auto users = context.ledger().users();
    if (!users.ok())
        return context.fail(users.error());
    if (context.json()) {
        QJsonArray array;
        for (const UserBalance &user : users.value())
            array.append(balanceJson(user));
        context.printJson(QJsonObject{{QStringLiteral("users"), array}});
        return ExitOk;
    }
    if (users->isEmpty()) {
        context.out() << "No users yet. Add one with: griddeckctl users add NAME --credits 100\n";
        return ExitOk;
    }
    context.out() << padLeft(QStringLiteral("ID"), 5) << "  " << padRight(QStringLiteral("NAME"), 24)
                  << padLeft(QStringLiteral("AVAILABLE TFC"), 18) << padLeft(QStringLiteral("HELD TFC"), 18) << "\n";
    for (const UserBalance &user : users.value())
        context.out() << padLeft(QString::number(user.userId), 5) << "  " << padRight(user.name, 24)
                      << padLeft(user.available.toDisplayString(2), 18) << padLeft(user.held.toDisplayString(2), 18)
                      << "\n";
    return ExitOk;
}

int runCreditsAdd(Context &context, const ParsedCommand &command)
{
    auto user = context.ledger().user(command.positional.at(0));
    if (!user.ok())
        return context.fail(user.error());
    auto amount = parseAmountArgument(QStringLiteral("AMOUNT"), command.positional.at(1));
    if (!amount.ok())
        return context.fail(amount.error());
    const QString reason = command.value(QStringLiteral("reason"), QStringLiteral("top-up"));
    // Without --key the key comes from what was asked: the same top-up typed twice is one.
    RefundService money(context.store(), notifySettingsFrom(context.config()), context.clock());
    auto done = money.topUp(user->userId, amount.value(), reason, QStringLiteral("griddeckctl"),
        command.value(QStringLiteral("key")));
    if (!done.ok())
        return context.fail(done.error());
    const QString key = done->key;
    const bool already = done->alreadyDone;
    auto after = context.ledger().user(user->userId);
    if (!after.ok())
        return context.fail(after.error());
    if (context.json()) {
        QJsonObject object = balanceJson(after.value());
        object.insert(QStringLiteral("added"), already ? QStringLiteral("0") : amount->toString());
        object.insert(QStringLiteral("already_done"), already);
        object.insert(QStringLiteral("idempotency_key"), key);
        context.printJson(object);
    } else if (already) {
        context.out() << "Already done: " << amount->toDisplayString(2) << " TFC were added to "
                      << after->name << " before (key " << key
                      << "); nothing changed. Another top-up needs another --reason or "
                      << "its own --key.\n";
    } else {
        context.out() << "Added " << amount->toDisplayString(2) << " TFC to " << after->name << ": "
                      << after->available.toDisplayString(2) << " TFC available\n";
    }
    return ExitOk;
}

int runBalance(Context &context, const ParsedCommand &command)
{
    auto user = context.ledger().user(command.positional.at(0));
    if (!user.ok())
        return context.fail(user.error());
    if (context.json())
        context.printJson(balanceJson(user.value()));
    else
        context.out() << user->name << ": " << user->available.toDisplayString(2) << " TFC available, "
                      << user->held.toDisplayString(2) << " TFC held\n";
    return ExitOk;
}

} // namespace

void addUserCommands(QList<Command> &list)
{
    list.append({{QStringLiteral("init")}, QStringLiteral("init"),
                 QStringLiteral("Create (or upgrade) the database and show where it is"), {}, 0, 0, false, runInit});
    list.append({{QStringLiteral("users"), QStringLiteral("add")},
                 QStringLiteral("users add NAME [--credits AMOUNT] [--email E] [--webhook URL]"),
                 QStringLiteral("Add a user, optionally with starting TFC credits and where they hear about their deployments"),
                 {{QStringLiteral("credits")}, {QStringLiteral("email")}, {QStringLiteral("webhook")}}, 1, 1, true, runUsersAdd});
    list.append({{QStringLiteral("users"), QStringLiteral("set")}, QStringLiteral("users set NAME [--email E] [--webhook URL]"),
                 QStringLiteral("Set (or with an empty value clear) a user's email address and webhook URL"),
                 {{QStringLiteral("email")}, {QStringLiteral("webhook")}}, 1, 1, true, runUsersSet});
    list.append({{QStringLiteral("users"), QStringLiteral("list")}, QStringLiteral("users list"),
                 QStringLiteral("List users with available and held credits"), {}, 0, 0, true, runUsersList});
    list.append({{QStringLiteral("credits"), QStringLiteral("add")},
                 QStringLiteral("credits add USER AMOUNT [--reason T] [--key K]"),
                 QStringLiteral("Top up a user's TFC credits (K makes a retried top-up count once)"),
                 {{QStringLiteral("reason")}, {QStringLiteral("key")}}, 2, 2, true, runCreditsAdd});
    list.append({{QStringLiteral("balance")}, QStringLiteral("balance USER"),
                 QStringLiteral("Show a user's available and held credits"), {}, 1, 1, true, runBalance});
}

} // namespace griddeck::cli
