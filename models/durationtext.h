#pragma once

#include <QCoreApplication>
#include <QString>

namespace keel {

// How long something took, in the one format every view uses: "0.3 s", "42.0 s",
// "1 min 15 s", "1 h 02 min 05 s". Empty for a negative duration (not started).
struct DurationText {
    Q_DECLARE_TR_FUNCTIONS(DurationText)

public:
    static QString of(qint64 ms)
    {
        if (ms < 0)
            return {};
        if (ms < 60'000)
            return tr("%1 s").arg(ms / 1000.0, 0, 'f', 1);
        const qint64 s = ms / 1000;
        if (s < 3600)
            return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
        return tr("%1 h %2 min %3 s").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    }
};

} // namespace keel
