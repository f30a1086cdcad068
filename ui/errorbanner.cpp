// SPDX-License-Identifier: Apache-2.0
#include "errorbanner.h"

#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocumentFragment>
#include <QToolButton>

namespace aem::ui {

ErrorBanner::ErrorBanner(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("errorBanner"));
    setAutoFillBackground(true);
    QPalette bp = palette();
    bp.setColor(QPalette::Window, Theme::isDark(palette()) ? QColor(0x5c, 0x1a, 0x1a) : QColor(0xfd, 0xec, 0xea));
    setPalette(bp);
    auto* bl = new QHBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("errorText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAccessibleName(tr("Dismiss the error"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    bl->addWidget(m_text, 1);
    bl->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void ErrorBanner::showMessage(const QString& message, const QString& aboutId)
{
    m_text->setText(message);
    m_about = aboutId;
    m_aboutToken = false;
    show();
}

void ErrorBanner::showTokenFailure(const QString& message, const QString& aboutId)
{
    showMessage(message, aboutId);
    m_aboutToken = !aboutId.isEmpty();
}

void ErrorBanner::tokenRecovered(const QString& id)
{
    if (m_aboutToken && m_about == id) {
        m_about.clear();
        m_aboutToken = false;
        hide();
    }
}

void ErrorBanner::follow(const QString& shownId)
{
    if (!m_about.isEmpty() && m_about != shownId) {
        m_about.clear();
        m_aboutToken = false;
        hide();
    }
}

QString ErrorBanner::text() const
{
    if (isHidden())
        return {};
    const QString t = m_text->text();
    return Qt::mightBeRichText(t) ? QTextDocumentFragment::fromHtml(t).toPlainText() : t;
}

} // namespace aem::ui
