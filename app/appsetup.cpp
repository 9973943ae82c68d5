#include "app/appsetup.h"

#include "keel/version.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace keel {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Keel"));
    QCoreApplication::setApplicationName(QStringLiteral("Keel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEEL_VERSION));
}

QString installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *keel = new QTranslator(&app);
    if (!keel->load(locale, QStringLiteral("keel"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // No catalogue for this language: the English texts, with English plural forms
        // ("1 run", "2 runs") from the plural-only catalogue.
        if (keel->load(QStringLiteral("keel_en"), QStringLiteral(":/i18n")))
            QCoreApplication::installTranslator(keel);
        else
            delete keel;
        return {};
    }
    QCoreApplication::installTranslator(keel);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return keel->language();
}

int threadSetting(int commandLineValue)
{
    if (commandLineValue > 0)
        return commandLineValue;
    return QSettings().value(QStringLiteral("compute/threads"), 0).toInt();
}

void saveThreadSetting(int threads)
{
    QSettings().setValue(QStringLiteral("compute/threads"), threads);
}

} // namespace keel
