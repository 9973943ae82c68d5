#pragma once

#include <QStringList>
#include <QWidget>

namespace keel {

// What an area shows until it is built: its name, what it will do, and plainly that it is
// not there yet. No sample data pretends to be real.
class AreaPlaceholder : public QWidget {
    Q_OBJECT
public:
    AreaPlaceholder(const QString &title, const QString &summary, const QStringList &planned,
                    QWidget *parent = nullptr);
};

} // namespace keel
