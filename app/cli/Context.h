#pragma once
// What every griddeckctl command works with: the parsed global options, the configuration,
// the store and the services over it (opened on first use), and the output streams.

#include "cli/Arguments.h"
#include "config/Config.h"
#include "domain/Clock.h"
#include "ledger/Ledger.h"
#include "queue/JobQueue.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QThread>
#include <QTextStream>

#include <memory>

namespace griddeck::cli {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

int exitCodeFor(const Error &error);

class Context
{
public:
    Context(GlobalOptions global, QTextStream &out, QTextStream &err);

    const GlobalOptions &global() const { return m_global; }
    bool json() const { return m_global.json; }
    // The streams belong to the thread that runs the command: a write from another thread (a
    // signal of a pipeline worker connected without a context) would race the main thread's
    // writes and corrupt the heap, so it stops the program with the reason instead.
    QTextStream &out()
    {
        requireOwnThread();
        return m_out;
    }
    QTextStream &err()
    {
        requireOwnThread();
        return m_err;
    }

    // Loads --config FILE, else ~/.config/GridDeck/deployment.toml when it exists, else defaults.
    Result<void> loadConfig();
    const Config &config() const { return m_config; }
    QString configSource() const { return m_configSource; }

    // Opens --db FILE, else [store] path, else the default data-folder database. Only `init`
    // (create = true) makes a new file: a typo in --db must not leave an empty database behind.
    Result<void> openStore(bool create = false);
    QString databasePath() const;
    const std::shared_ptr<Store> &store() const { return m_store; }
    Ledger &ledger() { return *m_ledger; }
    JobQueue &queue() { return *m_queue; }
    const Clock &clock() const { return SystemClock::instance(); }

    // Reports an error (stderr, and a JSON error object on stdout with --json); returns the
    // exit code for it.
    int fail(const Error &error);
    int usage(const QString &message);
    void printJson(const QJsonValue &value);

private:
    void requireOwnThread() const;

    GlobalOptions m_global;
    QTextStream &m_out;
    QTextStream &m_err;
    QThread *m_thread;
    Config m_config;
    QString m_configSource;
    std::shared_ptr<Store> m_store;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<JobQueue> m_queue;
};

} // namespace griddeck::cli
