// SPDX-License-Identifier: Apache-2.0
#pragma once

// The credential table's column widths: the name keeps its text before the status columns
// shrink. While there is room every column gets what its contents want and the name takes the
// rest. When there is not, the name keeps its whole width (up to ~48 characters: longer ones,
// raw client ids, are elided in the middle) and the other columns give way, the widest first
// (cut to a common width, their text elided at the end), down to a few characters each; only
// below that does the name shrink (to ~14 characters) and the table scroll sideways. Rather
// than cut every status column to a few characters, the least needed ones leave first (the kind,
// then the certificate, then the environment: the details beside the list say them all), so
// the ones that stay, the type and the token's life, can still be read. Recomputed when the
// table is resized, its font changes or its rows do.

#include <QList>
#include <QObject>
#include <QTimer>

class QHeaderView;
class QTableView;
class QWidget;

namespace aem::ui {

class CredentialColumns : public QObject
{
    Q_OBJECT
public:
    // Sizes `table`'s columns from now on (a child of the table); `nameColumn` is the one kept.
    CredentialColumns(QTableView* table, int nameColumn, QList<int> dropOrder = {});

    // The rule itself: the widths for `available` pixels, from what each column wants and the
    // least each may get (the name's own least is `minimum[nameColumn]`, its most `nameMost`).
    static QList<int> distribute(int available, int nameColumn, const QList<int>& wanted, const QList<int>& minimum,
                                 int nameMost);

    // distribute(), but while a column other than the name would be cut below `readable` (or
    // its whole width when less), the next of `dropOrder` leaves (width 0) and the rest share
    // its room.
    static QList<int> fitColumns(int available, int nameColumn, QList<int> wanted, QList<int> minimum, int nameMost,
                                 int readable, const QList<int>& dropOrder);

    // Sizes the columns now (otherwise done once the event loop runs after a change).
    void fit();
    // A change came that fit() has not followed yet.
    bool pending() const { return m_pending.isActive(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void schedule() { m_pending.start(); }

    QTableView* m_table;
    QObject* m_viewport; // compared, never called (see eventFilter)
    int m_nameColumn;
    QList<int> m_dropOrder;
    QList<int> m_wanted; // per column, as last measured while shown
    QTimer m_pending;
};

} // namespace aem::ui
