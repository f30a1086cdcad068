// SPDX-License-Identifier: Apache-2.0
#pragma once

// The credential list as the window shows it: filtered as the user types, sorted by the column
// clicked, optionally grouped by program and environment. Over a CredentialListModel; the view
// maps every row it hands out back through mapToSource (or reads NameRole through it).
//
// Filter: the text split at spaces, every word found (case-insensitively) in one of the row's
// name, "p<program>" / "e<environment>", environment type (id, badge, label), kind (as shown and
// its id) or hosts. Sort: name case-insensitively and naturally ("dev2" before "dev10"); token
// and certificate by the time left (no token first, no certificate last); ties by name, then by
// the list's own order (stable). Grouped: by program, then environment (unknown ones last),
// whatever the column and direction; the column orders within a group, and the
// environment column shows the program only on a group's first row.

#include <QCollator>
#include <QSortFilterProxyModel>

namespace aem {

struct CredentialRecord;

class CredentialListProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum Role {
        // The row starts a new program group (grouped only), as bool.
        GroupStartRole = Qt::UserRole + 40,
    };

    explicit CredentialListProxy(QObject* parent = nullptr);

    QString filterText() const { return m_filterText; }
    void setFilterText(const QString& text);
    bool groupByProgram() const { return m_group; }
    void setGroupByProgram(bool on);
    // Held, no row is shown: a sandbox window holds back the previous run's list until the demo
    // credentials of this run replace it.
    bool heldBack() const { return m_held; }
    void setHeldBack(bool held);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // The text a filter word is looked for in (lower case), one field per line: the record's
    // fields and `shown`, what the list shows of it (kind, type badge).
    static QString searchText(const CredentialRecord& r, const QStringList& shown);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const CredentialRecord* recordOf(const QModelIndex& sourceIndex) const;
    // Compares by the column alone: <0, 0, >0.
    int compareColumn(const QModelIndex& left, const QModelIndex& right) const;
    int compareNames(const QModelIndex& left, const QModelIndex& right) const;
    bool startsGroup(int proxyRow) const;

    QString m_filterText;
    QStringList m_words;
    bool m_group = false;
    bool m_held = false;
    QCollator m_collator;
};

// Natural order: runs of digits compared as numbers ("dev2" before "dev10"), the text between
// them by `collator`. <0, 0, >0.
int naturalCompare(const QCollator& collator, QStringView a, QStringView b);

// Grouping key of a record: {program, environment} ({INT_MAX, INT_MAX} when unknown).
std::pair<int, int> groupKeyOf(const CredentialRecord& r);

} // namespace aem
