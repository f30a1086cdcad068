// SPDX-License-Identifier: Apache-2.0
#include "requeststatusarea.h"

#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace aem::ui {

namespace {
constexpr int kNoticeMs = 8000;
} // namespace

RequestStatusArea::RequestStatusArea(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("testerStatusArea"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("testerStatus"));
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    // A long status ("Not sent: … production …" in French) wraps rather than widening the
    // tester beyond a 1024 px screen.
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("testerProgress"));
    m_progress->setMaximumWidth(m_progress->fontMetrics().averageCharWidth() * 24);
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_progress->setSizePolicy(keep);
    m_progress->hide();
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("testerNotice"));
    m_notice->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long notice never widens the window
    m_notice->setWordWrap(true); // and is never cut either
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(kNoticeMs);
    connect(m_noticeTimer, &QTimer::timeout, m_notice, &QLabel::clear);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("testerExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_explanation->setMinimumHeight(m_explanation->fontMetrics().lineSpacing() * 2);
    m_explanation->setStyleSheet(QStringLiteral("color: %1").arg(Theme::error(palette()).name()));

    auto* row = new QHBoxLayout;
    row->addWidget(m_status, 3); // the status first: it wraps in the room it gets
    row->addWidget(m_progress, 1);
    row->addWidget(m_notice, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_explanation);
}

QString RequestStatusArea::status() const
{
    return m_status->text();
}

QString RequestStatusArea::notice() const
{
    return m_notice->text();
}

QString RequestStatusArea::explanation() const
{
    return m_explanation->text();
}

void RequestStatusArea::setStatus(const QString& text)
{
    m_status->setText(text);
}

void RequestStatusArea::setNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setToolTip(text);
    m_noticeTimer->start();
}

void RequestStatusArea::setExplanation(const QString& text)
{
    m_explanation->setText(text);
}

void RequestStatusArea::showProgress(bool sizeKnown)
{
    m_progress->setRange(0, sizeKnown ? 1000 : 0);
    m_progress->setValue(0);
    m_progress->show();
}

void RequestStatusArea::setProgress(int permille)
{
    m_progress->setValue(permille);
}

void RequestStatusArea::hideProgress()
{
    m_progress->hide();
}

} // namespace aem::ui
