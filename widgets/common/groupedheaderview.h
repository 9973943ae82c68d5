#pragma once

#include <QHeaderView>

namespace keel {

// A horizontal header of two rows, as MLflow's runs table has: the columns' names below, and
// above them the group each belongs to ("Metrics", "Parameters"), one label spanning the
// neighbouring columns of a group. The group is the model's headerData(section, Horizontal,
// groupRole); columns without one have an empty band.
class GroupedHeaderView : public QHeaderView {
    Q_OBJECT
public:
    GroupedHeaderView(int groupRole, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    // The group of a logical section ("" for none).
    QString group(int logicalIndex) const;

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;

private:
    int m_groupRole;
};

} // namespace keel
