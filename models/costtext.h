#pragma once

#include <QString>
#include <QtGlobal>

#include <cmath>

namespace keel {

// Money in the one format every view and the command line use: "$1.24", "$0.038", "$0.00042";
// empty for an unknown cost (< 0). Small amounts keep two significant digits, so that a
// second of GPU time does not read as free.
struct CostText {
    static QString usd(double dollars)
    {
        if (!(dollars >= 0))
            return {};
        if (dollars == 0)
            return QStringLiteral("$0");
        if (dollars >= 1)
            return QStringLiteral("$%1").arg(dollars, 0, 'f', 2);
        if (dollars >= 0.01)
            return QStringLiteral("$%1").arg(dollars, 0, 'f', 3);
        // Two significant digits without an exponent: $0.0042, $0.000012.
        const int decimals = qMin(12, int(std::floor(-std::log10(dollars))) + 2);
        return QStringLiteral("$%1").arg(dollars, 0, 'f', decimals);
    }
};

} // namespace keel
