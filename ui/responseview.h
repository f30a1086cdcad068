// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester's answer: pretty, raw, headers and image tabs; search in the shown text
// (Ctrl+F in the tester, next and previous, the match count) and a line-wrap toggle; the notice
// for a preview cut short, with Save body and Open in full.

#include "responsesink.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace aem::ui {

class JsonTreeView;

class ResponseView : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseView(QWidget* parent = nullptr);

    void showPreview(const ResponsePreview& p);
    // Empties every tab: a new request is under way, the last answer is no longer the one shown.
    void clear();
    void setHeadersText(const QString& text);
    const ResponsePreview& preview() const { return m_preview; }
    // The Tree tab: a JSON answer shown whole (not cut short) as a tree, built when first looked at.
    JsonTreeView& tree() const { return *m_tree; }
    void showTree();

    QString prettyText() const;
    QString rawText() const;
    QString headersText() const;

    // Search in the tab shown (case-insensitive). The count and the current match (1-based, 0
    // when none) follow the text, the tab and each step.
    void openSearch();
    void setSearchText(const QString& text);
    void findNext();
    void findPrevious();
    int matchCount() const { return m_matches; }
    int currentMatch() const { return m_current; }
    QString searchStatus() const;

    void setWrap(bool wrap);
    bool wraps() const;

Q_SIGNALS:
    void saveRequested();
    void shown();

private:
    QPlainTextEdit* makeView(const QString& name);
    QPlainTextEdit* searchedView() const;
    void fillRawIfPending();
    void recount();
    void highlightMatches();
    void find(bool backwards);
    void updateCurrent();

    ResponsePreview m_preview;
    bool m_rawPending = false;
    int m_matches = 0;
    int m_current = 0;

    QLineEdit* m_search;
    QToolButton* m_previous;
    QToolButton* m_next;
    QLabel* m_count;
    QCheckBox* m_wrap;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_pretty;
    QPlainTextEdit* m_raw;
    QPlainTextEdit* m_headers;
    QLabel* m_image;
    JsonTreeView* m_tree;
    bool m_treePending = false;
    QLabel* m_truncated;
    QPushButton* m_save;
    QPushButton* m_openFull;
};

} // namespace aem::ui
