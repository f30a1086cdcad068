// SPDX-License-Identifier: Apache-2.0
#include "appicon.h"

#include <QPainter>
#include <QPixmap>

namespace aem::ui {

namespace {

QIcon paintedIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal s = size / 64.0;
        p.setBrush(QColor(0xeb, 0x10, 0x00)); // Adobe-ish red tile
        p.setPen(Qt::NoPen);
        p.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s);
        p.setBrush(Qt::white);
        p.drawEllipse(QPointF(22 * s, 32 * s), 11 * s, 11 * s); // key bow
        p.drawRect(QRectF(30 * s, 29 * s, 26 * s, 6 * s)); // shaft
        p.drawRect(QRectF(46 * s, 35 * s, 5 * s, 8 * s)); // bit
        p.setBrush(QColor(0xeb, 0x10, 0x00));
        p.drawEllipse(QPointF(22 * s, 32 * s), 4.5 * s, 4.5 * s);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

} // namespace

QIcon appIcon()
{
    // The painting only when the theme has no icon installed (a build tree, a portable copy).
    const QIcon themed = QIcon::fromTheme(QStringLiteral(AEMTOKEN_APP_ID));
    if (!themed.isNull() && !themed.availableSizes().isEmpty())
        return themed;
    static const QIcon painted = paintedIcon(); // GUI thread only
    return painted;
}

} // namespace aem::ui
