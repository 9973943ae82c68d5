#pragma once

#include <QColor>

namespace keel {

// A run's colour, the same in the runs table and in every chart: ten colours that stay apart
// from each other (the categorical palette matplotlib calls tab10), by the run's position.
inline QColor runColour(int index)
{
    static const QColor palette[] = {QColor(0x1f77b4), QColor(0xff7f0e), QColor(0x2ca02c), QColor(0xd62728), QColor(0x9467bd),
                                     QColor(0x8c564b), QColor(0xe377c2), QColor(0x7f7f7f), QColor(0xbcbd22), QColor(0x17becf)};
    return palette[(index < 0 ? 0 : index) % 10];
}

} // namespace keel
