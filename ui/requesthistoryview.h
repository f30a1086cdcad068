// SPDX-License-Identifier: Apache-2.0
#pragma once

// The request tester's history: a searchable table of time, host, method, status (coloured by
// class, with a sign and words so colour is never the only cue) and path. Enter or a double click
// sends the request again to the host it went to; Load puts it in the editor without sending.

#include <QWidget>

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace aem {
class Clock;
class RequestHistory;
} // namespace aem

namespace aem::ui {

class RequestHistoryView : public QWidget
{
    Q_OBJECT
public:
    // Times are shown relative to `clock`'s day.
    RequestHistoryView(RequestHistory& history, const Clock& clock, QWidget* parent = nullptr);

    // The view and what it shows, for tests.
    QTreeView* view() const { return m_view; }
    // The history row (newest first) of a row of the view, or -1.
    int historyRow(int viewRow) const;

Q_SIGNALS:
    void rerunRequested(int historyRow);
    void loadRequested(int historyRow);

private:
    int currentHistoryRow() const;

    QLineEdit* m_search;
    QTreeView* m_view;
    QSortFilterProxyModel* m_filter;
    QPushButton* m_rerun;
    QPushButton* m_load;
};

} // namespace aem::ui
