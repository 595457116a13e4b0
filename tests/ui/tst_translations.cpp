// The French and Dutch catalogues: every message of translations/*.ts is translated (none
// left unfinished or empty), keeps its placeholders, keyboard accelerator and shortcuts; the
// compiled catalogue translates the console's text; and installTranslations picks the
// language (override, then system), installs it with Qt's own strings, and replaces it.
//
// The .qm files are compiled here from the .ts sources with lrelease (the build's copies
// live inside the griddeck executable, which this test does not link), falling back to the
// ones the build generates next to bin/.

#include "TestSupport.h"

#include "ui/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace griddeck;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList translations; // one per numerus form, or the single translation
};

struct TsFile
{
    QString language;
    QList<TsMessage> messages;
    QString error;
};

QString translationsDir()
{
    return QDir::cleanPath(QStringLiteral(GRIDDECK_TEST_DATA "/../../translations"));
}

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("TS")) {
                ts.language = xml.attributes().value(QLatin1String("language")).toString();
            } else if (name == QLatin1String("context")) {
                context.clear();
            } else if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                message = TsMessage{};
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                message.unfinished = type == QLatin1String("unfinished");
                if (!message.numerus)
                    message.translations << xml.readElementText();
            } else if (name == QLatin1String("numerusform")) {
                message.translations << xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ts.messages << message;
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1 line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

QString describe(const TsMessage &m)
{
    return QStringLiteral("[%1] \"%2\"").arg(m.context, m.source);
}

// %1..%9 (and %L1), as QString::arg() sees them.
QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?([1-9])"));
    QSet<QString> found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.insert(QStringLiteral("%") + it.next().captured(1));
    return found;
}

// The number of keyboard accelerators ("&File"); "&&" is a literal ampersand.
int accelerators(QString text)
{
    text.remove(QStringLiteral("&&"));
    return int(text.count(u'&'));
}

QStringList shortcuts(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("\\b(?:Ctrl|Alt|Shift|Meta)\\+[^\\s)]+"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    return found;
}

QString failures(const QStringList &offenders)
{
    const qsizetype shown = qMin<qsizetype>(offenders.size(), 25);
    QString text = QStringLiteral("%1 message(s):\n  ").arg(offenders.size()) + offenders.mid(0, shown).join(QStringLiteral("\n  "));
    if (shown < offenders.size())
        text += QStringLiteral("\n  …");
    return text;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_qmDir;
    QTemporaryDir m_emptyDir;
    QString m_catalogueDir; // where griddeck_<lang>.qm were found or compiled
    QLocale m_defaultLocale;

    void addLanguageRows()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("fr") << QStringLiteral("fr");
        QTest::newRow("nl") << QStringLiteral("nl");
    }

    static QString tsPath(const QString &language)
    {
        return translationsDir() + QStringLiteral("/griddeck_") + language + QStringLiteral(".ts");
    }

    static QString lreleasePath()
    {
        for (const auto location : {QLibraryInfo::BinariesPath, QLibraryInfo::LibraryExecutablesPath}) {
            const QString candidate = QLibraryInfo::path(location) + QStringLiteral("/lrelease");
            if (QFileInfo(candidate).isExecutable())
                return candidate;
        }
        return QString();
    }

    static QString translate(const char *context, const char *source)
    {
        return QCoreApplication::translate(context, source);
    }

    QList<QTranslator *> translatorsOfApp() const
    {
        return QCoreApplication::instance()->findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_defaultLocale = QLocale();
        QVERIFY(m_qmDir.isValid());
        QVERIFY(m_emptyDir.isValid());
        const QString lrelease = lreleasePath();
        if (!lrelease.isEmpty()) {
            for (const QString &language : {QStringLiteral("fr"), QStringLiteral("nl")}) {
                QProcess process;
                process.setProcessChannelMode(QProcess::MergedChannels);
                process.start(lrelease, {QStringLiteral("-silent"), tsPath(language), QStringLiteral("-qm"),
                                         m_qmDir.filePath(QStringLiteral("griddeck_") + language + QStringLiteral(".qm"))});
                QVERIFY2(process.waitForFinished(30000), qPrintable(lrelease + QStringLiteral(" did not finish")));
                QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                         qPrintable(QString::fromLocal8Bit(process.readAll())));
            }
            m_catalogueDir = m_qmDir.path();
        } else {
            // No lrelease on this machine: the build's own output (qt_add_translations
            // writes the .qm files into the build folder, the parent of bin/).
            m_catalogueDir = QDir::cleanPath(QStringLiteral(GRIDDECK_BIN_DIR "/.."));
        }
        for (const QString &language : {QStringLiteral("fr"), QStringLiteral("nl")}) {
            const QString qm = m_catalogueDir + QStringLiteral("/griddeck_") + language + QStringLiteral(".qm");
            QVERIFY2(QFileInfo::exists(qm), qPrintable(qm + QStringLiteral(" is missing: build the griddeck_lrelease target")));
        }
    }

    void cleanupTestCase()
    {
        griddeck::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("en"), m_catalogueDir);
        QLocale::setDefault(m_defaultLocale);
    }

    void everyMessageIsTranslated_data() { addLanguageRows(); }
    void everyMessageIsTranslated()
    {
        QFETCH(QString, language);
        const TsFile ts = readTs(tsPath(language));
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QCOMPARE(ts.language, language);
        // The console has hundreds of strings; a nearly empty file means lupdate never ran.
        QVERIFY2(ts.messages.size() > 100, qPrintable(QStringLiteral("only %1 messages").arg(ts.messages.size())));

        QStringList offenders;
        for (const TsMessage &m : ts.messages) {
            bool empty = m.translations.isEmpty();
            for (const QString &t : m.translations)
                empty = empty || (t.trimmed().isEmpty() && !m.source.trimmed().isEmpty());
            if (m.unfinished || empty)
                offenders << describe(m) + (m.unfinished ? QStringLiteral(" unfinished") : QStringLiteral(" empty"));
            // French and Dutch both have two plural forms (one / other).
            if (m.numerus && m.translations.size() != 2)
                offenders << describe(m) + QStringLiteral(" has %1 plural forms, not 2").arg(m.translations.size());
        }
        QVERIFY2(offenders.isEmpty(), qPrintable(failures(offenders)));
    }

    void placeholdersAreKept_data() { addLanguageRows(); }
    void placeholdersAreKept()
    {
        QFETCH(QString, language);
        const TsFile ts = readTs(tsPath(language));
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QStringList offenders;
        for (const TsMessage &m : ts.messages) {
            const QSet<QString> wanted = placeholders(m.source);
            for (const QString &t : m.translations) {
                // Each %N of the source is filled by arg(): a missing one drops a value, an
                // extra one shows up literally.
                if (placeholders(t) != wanted)
                    offenders << describe(m) + QStringLiteral(" → \"%1\"").arg(t);
            }
            // %n is the count in a plural; the singular form may spell it ("une tâche").
            if (m.numerus && m.source.contains(QStringLiteral("%n")) && !m.translations.isEmpty()
                && !m.translations.constLast().contains(QStringLiteral("%n")))
                offenders << describe(m) + QStringLiteral(" plural form lacks %n");
        }
        QVERIFY2(offenders.isEmpty(), qPrintable(failures(offenders)));
    }

    void acceleratorsAndShortcutsAreKept_data() { addLanguageRows(); }
    void acceleratorsAndShortcutsAreKept()
    {
        QFETCH(QString, language);
        const TsFile ts = readTs(tsPath(language));
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QStringList offenders;
        for (const TsMessage &m : ts.messages) {
            for (const QString &t : m.translations) {
                if (accelerators(t) != accelerators(m.source))
                    offenders << describe(m) + QStringLiteral(" → \"%1\": accelerator").arg(t);
                if (shortcuts(t) != shortcuts(m.source))
                    offenders << describe(m) + QStringLiteral(" → \"%1\": shortcut").arg(t);
            }
        }
        QVERIFY2(offenders.isEmpty(), qPrintable(failures(offenders)));
    }

    void compiledCatalogueTranslates_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fr action") << QStringLiteral("fr") << QStringLiteral("griddeck::ui::MainWindow")
                                   << QStringLiteral("New deployment\u2026") << QStringLiteral("Nouveau d\u00e9ploiement\u2026");
        QTest::newRow("nl action") << QStringLiteral("nl") << QStringLiteral("griddeck::ui::MainWindow")
                                   << QStringLiteral("New deployment\u2026") << QStringLiteral("Nieuwe deployment\u2026");
        QTest::newRow("fr menu") << QStringLiteral("fr") << QStringLiteral("griddeck::ui::MainWindow")
                                 << QStringLiteral("&File") << QStringLiteral("&Fichier");
        QTest::newRow("nl queue") << QStringLiteral("nl") << QStringLiteral("griddeck::ui::MainWindow")
                                  << QStringLiteral("Pause queue") << QStringLiteral("Wachtrij pauzeren");
    }
    void compiledCatalogueTranslates()
    {
        QFETCH(QString, language);
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(QString, expected);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral("griddeck_") + language, m_catalogueDir));
        QCOMPARE(translator.language(), language);
        QCOMPARE(translator.translate(context.toUtf8().constData(), source.toUtf8().constData()), expected);
        // An unknown string is not translated: the caller keeps the English source.
        QVERIFY(translator.translate(context.toUtf8().constData(), "No such text in GridDeck").isEmpty());
    }

    void languageCodes()
    {
        QCOMPARE(ui::languageCode(QStringLiteral("fr-BE")), QStringLiteral("fr"));
        QCOMPARE(ui::languageCode(QStringLiteral("nl_NL.UTF-8")), QStringLiteral("nl"));
        QCOMPARE(ui::languageCode(QStringLiteral(" FR ")), QStringLiteral("fr"));
        QCOMPARE(ui::languageCode(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(ui::languageCode(QString()), QString());
    }

    void pickLanguage_data()
    {
        QTest::addColumn<QString>("override");
        QTest::addColumn<QStringList>("system");
        QTest::addColumn<QString>("expected");
        QTest::newRow("override fr") << QStringLiteral("fr") << QStringList{QStringLiteral("nl-NL")} << QStringLiteral("fr");
        QTest::newRow("override nl") << QStringLiteral("nl") << QStringList{QStringLiteral("fr-FR")} << QStringLiteral("nl");
        QTest::newRow("override en beats a French system")
            << QStringLiteral("en") << QStringList{QStringLiteral("fr-FR")} << QStringLiteral("en");
        QTest::newRow("override with region") << QStringLiteral("fr_BE") << QStringList{} << QStringLiteral("fr");
        QTest::newRow("system Belgian Dutch") << QString() << QStringList{QStringLiteral("nl-BE"), QStringLiteral("en-US")}
                                              << QStringLiteral("nl");
        QTest::newRow("system skips what GridDeck lacks")
            << QString() << QStringList{QStringLiteral("de-DE"), QStringLiteral("fr-CH")} << QStringLiteral("fr");
        QTest::newRow("system prefers English") << QString() << QStringList{QStringLiteral("en-GB"), QStringLiteral("fr-FR")}
                                                << QStringLiteral("en");
        QTest::newRow("system unknown") << QString() << QStringList{QStringLiteral("de-DE"), QStringLiteral("ja")}
                                        << QStringLiteral("en");
        QTest::newRow("nothing at all") << QString() << QStringList{} << QStringLiteral("en");
    }
    void pickLanguage()
    {
        QFETCH(QString, override);
        QFETCH(QStringList, system);
        QFETCH(QString, expected);
        QCOMPARE(ui::pickLanguage(override, system), expected);
    }

    void unknownOverrideFollowsTheSystem()
    {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no translation for the language \"de\"")));
        QCOMPARE(ui::pickLanguage(QStringLiteral("de"), {QStringLiteral("nl-NL")}), QStringLiteral("nl"));
    }

    void installTranslationsSwitchesLanguage()
    {
        QCoreApplication &app = *QCoreApplication::instance();
        const char *context = "griddeck::ui::MainWindow";
        const QString qtTranslations = QLibraryInfo::path(QLibraryInfo::TranslationsPath);

        // Qt's own strings (standard buttons) come from qt6-translations-l10n; CI must have them.
        for (const char *language : { "fr", "nl" }) {
            const QString qm = qtTranslations + QStringLiteral("/qtbase_%1.qm").arg(QLatin1String(language));
            if (test::underCi())
                QVERIFY2(QFileInfo::exists(qm),
                    qPrintable(
                        qm + QStringLiteral(" is missing: install qt6-translations-l10n (make deps does)")));
        }
        QCOMPARE(ui::installTranslations(app, QStringLiteral("fr"), m_catalogueDir), QStringLiteral("fr"));
        QCOMPARE(translate(context, "New deployment\u2026"), QStringLiteral("Nouveau d\u00e9ploiement\u2026"));
        QCOMPARE(QLocale().language(), QLocale::French);
        if (QFileInfo::exists(qtTranslations + QStringLiteral("/qtbase_fr.qm")))
            QCOMPARE(translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuler"));

        // A second call replaces the first language rather than stacking on it.
        QCOMPARE(ui::installTranslations(app, QStringLiteral("nl"), m_catalogueDir), QStringLiteral("nl"));
        QCOMPARE(translate(context, "New deployment\u2026"), QStringLiteral("Nieuwe deployment\u2026"));
        if (QFileInfo::exists(qtTranslations + QStringLiteral("/qtbase_nl.qm"))) {
            QCOMPARE(translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuleren"));
            QCOMPARE(translatorsOfApp().size(), 2);
        } else {
            QCOMPARE(translatorsOfApp().size(), 1);
        }

        // English is the source language: nothing is installed.
        QCOMPARE(ui::installTranslations(app, QStringLiteral("en"), m_catalogueDir), QStringLiteral("en"));
        QCOMPARE(translate(context, "New deployment\u2026"), QStringLiteral("New deployment\u2026"));
        QCOMPARE(translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
        QVERIFY(translatorsOfApp().isEmpty());
        QCOMPARE(QLocale().language(), QLocale::English);
    }

    void missingCatalogueKeepsEnglish()
    {
        QCoreApplication &app = *QCoreApplication::instance();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("fr catalogue is missing")));
        QCOMPARE(ui::installTranslations(app, QStringLiteral("fr"), m_emptyDir.path()), QStringLiteral("en"));
        QCOMPARE(translate("griddeck::ui::MainWindow", "New deployment\u2026"), QStringLiteral("New deployment\u2026"));
        QVERIFY(translatorsOfApp().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
