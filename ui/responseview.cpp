// SPDX-License-Identifier: Apache-2.0
#include "responseview.h"

#include "async.h"
#include "jsonhighlighter.h"
#include "jsontreeview.h"
#include "requesttestercontroller.h"
#include "theme.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace aem::ui {

namespace {
enum Tab { PrettyTab, RawTab, HeadersTab, ImageTab, TreeTab };

// Non-overlapping, case-insensitive occurrences of `needle` in text[0, end).
int occurrences(const QString& text, const QString& needle, qsizetype end = -1)
{
    if (needle.isEmpty())
        return 0;
    if (end < 0)
        end = text.size();
    int n = 0;
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0 && at < end;
         at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
        ++n;
    return n;
}
} // namespace

ResponseView::ResponseView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("responseView"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("responseSearch"));
    m_search->setPlaceholderText(tr("Find in the response (Ctrl+F)"));
    m_search->setAccessibleName(tr("Find in the response"));
    m_search->setClearButtonEnabled(true);
    m_previous = new QToolButton(this);
    m_previous->setObjectName(QStringLiteral("responseFindPrevious"));
    m_previous->setText(tr("Previous"));
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_previous->setArrowType(Qt::UpArrow);
    m_next = new QToolButton(this);
    m_next->setObjectName(QStringLiteral("responseFindNext"));
    m_next->setText(tr("Next"));
    m_next->setToolTip(tr("Next match (F3)"));
    m_next->setArrowType(Qt::DownArrow);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("responseMatches"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("0000 / 0000 ")));
    m_wrap = new QCheckBox(tr("&Wrap lines"), this);
    m_wrap->setObjectName(QStringLiteral("responseWrap"));
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_previous);
    searchRow->addWidget(m_next);
    searchRow->addWidget(m_count);
    searchRow->addWidget(m_wrap);

    m_tabs = new QTabWidget(this);
    m_pretty = makeView(QStringLiteral("responsePretty"));
    new JsonHighlighter(m_pretty->document());
    m_raw = makeView(QStringLiteral("responseRaw"));
    m_headers = makeView(QStringLiteral("responseHeaders"));
    m_image = new QLabel(this);
    m_image->setObjectName(QStringLiteral("responseImage"));
    m_image->setAlignment(Qt::AlignCenter);
    auto* imageScroll = new QScrollArea(this);
    imageScroll->setWidget(m_image);
    imageScroll->setWidgetResizable(true);
    m_tabs->addTab(m_pretty, tr("Pretty"));
    m_tabs->addTab(m_raw, tr("Raw"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(imageScroll, tr("Image"));
    m_tree = new JsonTreeView(this);
    m_tabs->addTab(m_tree, tr("Tree"));
    // Named for a screen reader as what they show, not only by their tab.
    m_pretty->setAccessibleName(tr("Response body, formatted"));
    m_raw->setAccessibleName(tr("Response body, as received"));
    m_headers->setAccessibleName(tr("Response headers"));
    m_image->setAccessibleName(tr("Response image"));
    m_tree->setAccessibleName(tr("Response as a tree"));

    // The row below is always there (its buttons are), so the notice of a cut preview fills it
    // without moving anything.
    m_truncated = new QLabel(this);
    m_truncated->setObjectName(QStringLiteral("responseTruncated"));
    m_truncated->setWordWrap(true);
    m_truncated->hide();
    m_save = new QPushButton(tr("Save body…"), this);
    m_save->setObjectName(QStringLiteral("responseSave"));
    m_save->setEnabled(false);
    m_openFull = new QPushButton(tr("Open in full"), this);
    m_openFull->setObjectName(QStringLiteral("responseOpenFull"));
    m_openFull->setEnabled(false);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_truncated, 1);
    bottom->addStretch(0);
    bottom->addWidget(m_save);
    bottom->addWidget(m_openFull);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(searchRow);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        fillRawIfPending();
        if (m_tabs->currentIndex() == TreeTab && m_treePending) {
            m_treePending = false;
            m_tree->setJson(m_preview.raw);
        }
        recount();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this] { recount(); });
    connect(m_search, &QLineEdit::returnPressed, this, &ResponseView::findNext);
    connect(m_next, &QToolButton::clicked, this, &ResponseView::findNext);
    connect(m_previous, &QToolButton::clicked, this, &ResponseView::findPrevious);
    connect(new QShortcut(QKeySequence::FindNext, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut),
            &QShortcut::activated, this, &ResponseView::findNext);
    connect(new QShortcut(QKeySequence::FindPrevious, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut),
            &QShortcut::activated, this, &ResponseView::findPrevious);
    connect(m_wrap, &QCheckBox::toggled, this, &ResponseView::setWrap);
    connect(m_save, &QPushButton::clicked, this, &ResponseView::saveRequested);
    connect(m_openFull, &QPushButton::clicked, this, [this] {
        if (!m_preview.bodyFile.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(m_preview.bodyFile));
    });
    recount();
}

QPlainTextEdit* ResponseView::makeView(const QString& name)
{
    auto* v = new QPlainTextEdit(this);
    v->setObjectName(name);
    v->setReadOnly(true);
    v->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    v->setLineWrapMode(QPlainTextEdit::NoWrap);
    return v;
}

void ResponseView::showPreview(const ResponsePreview& p)
{
    m_preview = p;
    // Each text view takes milliseconds per 10 KiB to lay out: fill the raw view only when
    // it is looked at, so one event-loop turn never does both.
    m_raw->clear();
    m_rawPending = !p.pretty.isEmpty();
    if (!m_rawPending)
        m_raw->setPlainText(QString::fromUtf8(p.raw));
    m_pretty->setPlainText(p.pretty.isEmpty() ? QString::fromUtf8(p.raw) : QString::fromUtf8(p.pretty));
    m_truncated->setVisible(p.truncated);
    m_tree->clear();
    m_treePending = !p.pretty.isEmpty() && !p.truncated;
    if (p.truncated)
        m_truncated->setText(
            tr("Showing the first %1 of %2. Save the body or open it in full to see everything.")
                .arg(RequestTesterController::humanSize(p.raw.size()), RequestTesterController::humanSize(p.size)));
    m_save->setEnabled(p.size > 0);
    m_openFull->setEnabled(!p.bodyFile.isEmpty());
    m_image->clear();
    if (p.isImage) {
        // Decoding can be heavy: off the GUI thread.
        runThenCallback(
            this, [path = p.bodyFile] { return QImage(path); },
            [this](QImage img) {
                if (!img.isNull()) {
                    m_image->setPixmap(QPixmap::fromImage(img));
                    m_tabs->setCurrentIndex(ImageTab);
                }
            });
    } else {
        m_tabs->setCurrentIndex(p.pretty.isEmpty() ? RawTab : PrettyTab);
    }
    recount();
    Q_EMIT shown();
}

void ResponseView::clear()
{
    m_preview = {};
    m_rawPending = false;
    for (QPlainTextEdit* v : {m_pretty, m_raw, m_headers})
        v->clear();
    m_image->clear();
    m_tree->clear();
    m_treePending = false;
    m_truncated->hide();
    m_save->setEnabled(false);
    m_openFull->setEnabled(false);
    recount();
}

void ResponseView::setHeadersText(const QString& text)
{
    m_headers->setPlainText(text);
    recount();
}

void ResponseView::showTree()
{
    m_tabs->setCurrentIndex(TreeTab);
}

QString ResponseView::prettyText() const
{
    return m_pretty->toPlainText();
}

QString ResponseView::rawText() const
{
    return m_rawPending ? QString::fromUtf8(m_preview.raw) : m_raw->toPlainText();
}

QString ResponseView::headersText() const
{
    return m_headers->toPlainText();
}

void ResponseView::fillRawIfPending()
{
    if (m_tabs->currentIndex() == RawTab && m_rawPending) {
        m_rawPending = false;
        m_raw->setPlainText(QString::fromUtf8(m_preview.raw));
    }
}

QPlainTextEdit* ResponseView::searchedView() const
{
    switch (m_tabs->currentIndex()) {
    case PrettyTab: return m_pretty;
    case RawTab: return m_raw;
    case HeadersTab: return m_headers;
    }
    return nullptr;
}

void ResponseView::openSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ResponseView::setSearchText(const QString& text)
{
    m_search->setText(text);
}

void ResponseView::recount()
{
    QPlainTextEdit* view = searchedView();
    const QString needle = m_search->text();
    m_matches = view ? occurrences(view->toPlainText(), needle) : 0;
    m_current = 0;
    highlightMatches();
    if (view && m_matches > 0) {
        // From the top, to the first match.
        QTextCursor c(view->document());
        view->setTextCursor(c);
        find(false);
        return;
    }
    updateCurrent();
}

void ResponseView::highlightMatches()
{
    // Every match marked (the first kHighlightCap: enough for the eye, cheap for a large answer),
    // the current one by the selection.
    constexpr int kHighlightCap = 500;
    QPlainTextEdit* view = searchedView();
    for (QPlainTextEdit* v : {m_pretty, m_raw, m_headers})
        if (v != view)
            v->setExtraSelections({});
    if (!view)
        return;
    QList<QTextEdit::ExtraSelection> marks;
    const QString needle = m_search->text();
    if (!needle.isEmpty() && m_matches > 0) {
        QTextCharFormat mark;
        mark.setBackground(Theme::warning(palette()));
        mark.setForeground(palette().color(QPalette::Base));
        QTextCursor c(view->document());
        while (marks.size() < kHighlightCap) {
            c = view->document()->find(needle, c);
            if (c.isNull())
                break;
            marks.append({c, mark});
        }
    }
    view->setExtraSelections(marks);
}

void ResponseView::findNext()
{
    find(false);
}

void ResponseView::findPrevious()
{
    find(true);
}

void ResponseView::find(bool backwards)
{
    QPlainTextEdit* view = searchedView();
    const QString needle = m_search->text();
    if (!view || needle.isEmpty() || m_matches == 0) {
        updateCurrent();
        return;
    }
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!view->find(needle, flags)) {
        // Round again from the other end.
        QTextCursor c(view->document());
        c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        view->setTextCursor(c);
        view->find(needle, flags);
    }
    updateCurrent();
}

void ResponseView::updateCurrent()
{
    QPlainTextEdit* view = searchedView();
    m_current = 0;
    if (view && m_matches > 0 && view->textCursor().hasSelection())
        m_current = occurrences(view->toPlainText(), m_search->text(), view->textCursor().selectionStart()) + 1;
    m_count->setText(searchStatus());
    m_previous->setEnabled(m_matches > 0);
    m_next->setEnabled(m_matches > 0);
}

QString ResponseView::searchStatus() const
{
    if (m_search->text().isEmpty())
        return {};
    if (m_matches == 0)
        return tr("No match");
    return tr("%1 of %2").arg(m_current).arg(m_matches);
}

void ResponseView::setWrap(bool wrap)
{
    if (m_wrap->isChecked() != wrap)
        m_wrap->setChecked(wrap); // comes back here through toggled()
    const auto mode = wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap;
    for (QPlainTextEdit* v : {m_pretty, m_raw, m_headers})
        v->setLineWrapMode(mode);
}

bool ResponseView::wraps() const
{
    return m_wrap->isChecked();
}

} // namespace aem::ui
