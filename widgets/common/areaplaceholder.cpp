#include "widgets/common/areaplaceholder.h"

#include <QLabel>
#include <QVBoxLayout>

namespace keel {

AreaPlaceholder::AreaPlaceholder(const QString &title, const QString &summary, const QStringList &planned,
                                 QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 40, 48, 40);
    layout->setSpacing(14);

    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("areaTitle"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.8);
    headingFont.setWeight(QFont::DemiBold);
    heading->setFont(headingFont);

    auto *badge = new QLabel(tr("Not built yet"), this);
    badge->setObjectName(QStringLiteral("notBuiltBadge"));
    badge->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #8a4b00; border: 1px solid #f0c27b;"
                                        " border-radius: 4px; padding: 3px 10px; font-weight: 600; }"));
    badge->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);

    auto *text = new QLabel(summary, this);
    text->setWordWrap(true);
    text->setMaximumWidth(720);

    QString list = QStringLiteral("<p>%1</p><ul style='margin-left:-20px'>").arg(tr("This area will offer:").toHtmlEscaped());
    for (const QString &item : planned)
        list += QStringLiteral("<li style='margin-bottom:4px'>%1</li>").arg(item.toHtmlEscaped());
    list += QStringLiteral("</ul><p style='color:palette(mid)'>%1</p>")
                .arg(tr("Nothing is shown here until it works on real data.").toHtmlEscaped());
    auto *plan = new QLabel(list, this);
    plan->setWordWrap(true);
    plan->setTextFormat(Qt::RichText);
    plan->setMaximumWidth(720);

    layout->addWidget(heading);
    layout->addWidget(badge);
    layout->addWidget(text);
    layout->addWidget(plan);
    layout->addStretch(1);
}

} // namespace keel
