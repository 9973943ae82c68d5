#include "models/costsettings.h"

#include "core/log.h"

#include <QSettings>

namespace keel {
namespace {
const QString kKey = QStringLiteral("costs/prices");
}

compute::Prices savedPrices()
{
    const QString text = QSettings().value(kKey).toString();
    if (text.isEmpty())
        return compute::Prices::defaults();
    try {
        return compute::Prices::fromJson(text.toStdString());
    } catch (const std::exception &e) {
        log::warning(std::string("the saved prices are unreadable, using the defaults: ") + e.what());
        return compute::Prices::defaults();
    }
}

void savePrices(const compute::Prices &prices)
{
    QSettings().setValue(kKey, QString::fromStdString(prices.toJson()));
}

} // namespace keel
