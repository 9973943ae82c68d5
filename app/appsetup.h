#pragma once

#include <QString>

class QCoreApplication;

namespace keel {

// Application name, organisation and version, for QSettings and --version.
void setApplicationIdentity();

// Installs Keel's translation for `language` ("de", "de_DE"), or for the system locale when
// empty, plus Qt's own strings for the same language. Returns the language loaded, or
// an empty string when Keel's strings stay in English.
QString installTranslations(QCoreApplication &app, const QString &language);

// The compute thread setting: --threads, else QSettings "compute/threads", else 0 (= cores).
int threadSetting(int commandLineValue);
void saveThreadSetting(int threads);

} // namespace keel
