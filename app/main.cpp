// griddeck: the desktop console. A thin main over the ui library.
//
//   griddeck [--config FILE] [--db FILE] [--demo] [--language LANG]
//
// Exit codes: 0 normal, 1 the store could not be opened, 2 bad arguments or configuration.

#include "config/Config.h"
#include "ui/AppController.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"
#include "ui/widgets/Icons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>

namespace {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

// Said on stderr and in a dialog: a person launching from a desktop sees no terminal.
int fail(int code, const QString &title, const QString &message)
{
    QTextStream(stderr) << "griddeck: " << message << "\n";
    if (qEnvironmentVariableIsEmpty("GRIDDECK_NO_ERROR_DIALOG")) {
        QMessageBox box(QMessageBox::Critical, title, message, QMessageBox::Ok);
        box.setWindowIcon(griddeck::ui::appIcon());
        box.exec();
    }
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GridDeck"));
    QApplication::setApplicationName(QStringLiteral("GridDeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("GridDeck"));
    QApplication::setApplicationVersion(QStringLiteral(GRIDDECK_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("griddeck"));
    QApplication::setWindowIcon(griddeck::ui::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "GridDeck: turns paid TFC credits into running services on the ThreeFold Grid."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QApplication::translate("main", "Read the configuration from FILE (deployment.toml)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QApplication::translate("main", "Use the database FILE."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Start on a fresh temporary store (unless --db is given) with demo users and purchases."));
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QApplication::translate("main", "Show the console in LANG (en, fr, nl)."),
                                            QStringLiteral("LANG"));
    parser.addOptions({configOption, dbOption, demoOption, languageOption});

    if (!parser.parse(QApplication::arguments()))
        return fail(ExitUsage, QApplication::translate("main", "GridDeck cannot start"),
                    parser.errorText() + u'\n' + parser.helpText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk); // exits
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion(); // exits
    if (!parser.positionalArguments().isEmpty())
        return fail(ExitUsage, QApplication::translate("main", "GridDeck cannot start"),
                    QApplication::translate("main", "Unexpected argument \"%1\": griddeck takes only options (see --help).")
                        .arg(parser.positionalArguments().first()));

    QString language = parser.value(languageOption);
    if (parser.isSet(languageOption) && !griddeck::Config::knownLanguages().contains(language))
        return fail(ExitUsage, QApplication::translate("main", "GridDeck cannot start"),
                    QApplication::translate("main", "--language \"%1\" is not one of %2.")
                        .arg(language, griddeck::Config::knownLanguages().join(QStringLiteral(", "))));

    griddeck::ui::AppController::Options options;
    options.configFile = parser.value(configOption);
    options.dbFile = parser.value(dbOption);
    options.demo = parser.isSet(demoOption);

    // The demo's store lives in a temporary folder removed at exit.
    std::unique_ptr<QTemporaryDir> demoDir;
    if (options.demo && options.dbFile.isEmpty()) {
        demoDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/griddeck-demo-XXXXXX"));
        if (!demoDir->isValid())
            return fail(ExitFailed, QApplication::translate("main", "GridDeck cannot start"),
                        QApplication::translate("main", "Could not create a temporary folder for the demo: %1")
                            .arg(demoDir->errorString()));
        options.dbFile = demoDir->filePath(QStringLiteral("demo.sqlite"));
    }

    griddeck::ui::AppController controller;
    if (auto opened = controller.open(options); !opened.ok()) {
        const bool usage = opened.error().kind == griddeck::ErrorKind::InvalidInput
                           || opened.error().kind == griddeck::ErrorKind::NotFound;
        return fail(usage ? ExitUsage : ExitFailed, QApplication::translate("main", "GridDeck cannot start"),
                    opened.error().message);
    }
    if (language.isEmpty())
        language = controller.config().app.language;
    griddeck::ui::installTranslations(app, language);

    int code = ExitOk;
    {
        griddeck::ui::MainWindow window(controller);
        window.show();
        code = QApplication::exec();
    }
    controller.shutdown();
    return code;
}
