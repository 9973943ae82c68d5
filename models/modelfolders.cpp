#include "models/modelfolders.h"

#include <QSettings>
#include <QStringList>

namespace keel {

std::vector<std::filesystem::path> addedModelFolders()
{
    std::vector<std::filesystem::path> out;
    for (const QString &f : QSettings().value(QStringLiteral("models/folders")).toStringList())
        out.push_back(f.toStdString());
    return out;
}

} // namespace keel
