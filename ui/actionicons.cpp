// SPDX-License-Identifier: Apache-2.0
#include "actionicons.h"

#include <QApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QStyle>
#include <QWidget>

namespace aem::ui {

namespace {

// An icon drawn at each usual size: `paint(painter, s)` draws in a 16-unit square scaled by s.
template<class Paint> QIcon drawnIcon(Paint paint)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        paint(p, size / 16.0);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

// Two overlapping sheets: the usual picture for Copy, which QStyle has none of.
QIcon drawnCopy(const QColor& ink)
{
    return drawnIcon([&ink](QPainter& p, qreal s) {
        p.setPen(QPen(ink, qMax(1.0, 1.2 * s)));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(2.5 * s, 1.5 * s, 8 * s, 9.5 * s), 1.2 * s, 1.2 * s);
        p.setBrush(QApplication::palette().color(QPalette::Base));
        p.drawRoundedRect(QRectF(5.5 * s, 5 * s, 8 * s, 9.5 * s), 1.2 * s, 1.2 * s);
    });
}

// A prompt sign ">_", for the curl command.
QIcon drawnPrompt(const QColor& ink)
{
    return drawnIcon([&ink](QPainter& p, qreal s) {
        p.setPen(QPen(ink, qMax(1.0, 1.4 * s), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QPainterPath chevron;
        chevron.moveTo(2.5 * s, 4 * s);
        chevron.lineTo(6.5 * s, 8 * s);
        chevron.lineTo(2.5 * s, 12 * s);
        p.drawPath(chevron);
        p.drawLine(QPointF(8 * s, 12.5 * s), QPointF(13.5 * s, 12.5 * s));
    });
}

} // namespace

QIcon actionIcon(ActionIcon which, const QWidget* widget)
{
    // The theme's icon when it has one; the fallback is made only when it has none (drawing one
    // at five sizes for every copy button was a tenth of the window's start).
    auto themed = [](const char* name, auto fallback) {
        QIcon icon = QIcon::fromTheme(QLatin1String(name)); // cached by Qt, per name
        return icon.isNull() || icon.availableSizes().isEmpty() ? fallback() : icon;
    };
    auto standard = [widget](QStyle::StandardPixmap sp) {
        return [widget, sp] { return (widget ? widget->style() : QApplication::style())->standardIcon(sp); };
    };
    // Drawn icons are drawn once per colour pair: the details hold a dozen copy buttons.
    auto drawn = [widget, which](QIcon (*draw)(const QColor&)) {
        return [widget, which, draw] {
            const QPalette palette = widget ? widget->palette() : QApplication::palette();
            const QColor ink = palette.color(QPalette::WindowText);
            static QHash<QString, QIcon> cache; // GUI thread only
            const QString key = QStringLiteral("%1 %2 %3")
                                    .arg(int(which))
                                    .arg(ink.rgba())
                                    .arg(QApplication::palette().color(QPalette::Base).rgba());
            auto it = cache.constFind(key);
            if (it == cache.constEnd())
                it = cache.insert(key, draw(ink));
            return *it;
        };
    };
    switch (which) {
    case ActionIcon::Import: return themed("document-open", standard(QStyle::SP_DialogOpenButton));
    case ActionIcon::GetToken: return themed("dialog-password", standard(QStyle::SP_DialogApplyButton));
    case ActionIcon::Renew: return themed("view-refresh", standard(QStyle::SP_BrowserReload));
    case ActionIcon::Copy: return themed("edit-copy", drawn(drawnCopy));
    case ActionIcon::Curl: return themed("utilities-terminal", drawn(drawnPrompt));
    case ActionIcon::Tester: return themed("network-transmit-receive", standard(QStyle::SP_DriveNetIcon));
    case ActionIcon::Validate: return themed("security-high", standard(QStyle::SP_DialogYesButton));
    case ActionIcon::Revoke: return themed("process-stop", standard(QStyle::SP_BrowserStop));
    case ActionIcon::Rename: return themed("edit-rename", [] { return QIcon(); });
    case ActionIcon::Remove: return themed("edit-delete", standard(QStyle::SP_TrashIcon));
    }
    return {};
}

} // namespace aem::ui
