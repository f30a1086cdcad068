// SPDX-License-Identifier: Apache-2.0
#pragma once

// The QueryBuilder form: path, type, property = value rows, full text, limit, ordering and
// "guess the total" make the /bin/querybuilder.json request shown under the form; its hits fill
// a table, "Hits 21–40 of 134" above it, and Previous/Next send the same query again with the
// p.offset of the page before or after (off at either end).

#include "querybuilder.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace aem::ui {

class ToolRequests;

class QueryBuilderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit QueryBuilderPanel(ToolRequests& requests, QWidget* parent = nullptr);

    QueryBuilderForm form() const;
    void setForm(const QueryBuilderForm& form);
    QString queryText() const;
    QString statusText() const;
    QTableWidget* hitsTable() const { return m_hits; }
    QPushButton* previousButton() const { return m_previous; }
    QPushButton* nextButton() const { return m_next; }

public Q_SLOTS:
    // Runs the form from its first hit.
    void run();
    void previousPage();
    void nextPage();

Q_SIGNALS:
    void hitsShown(int count);
    // A hit was double-clicked: its repository path, for the tester to load (not send).
    void hitActivated(const QString& path);
    void failed(const QString& error);

private:
    void updateQuery();
    void send(const QueryBuilderForm& form);
    void showAnswer(const QueryBuilderForm& form, int status, const QByteArray& body, const QString& error);
    void updatePaging();

    ToolRequests& m_requests;
    QLineEdit* m_path;
    QComboBox* m_type;
    QTableWidget* m_properties;
    QLineEdit* m_fulltext;
    QSpinBox* m_limit;
    QComboBox* m_orderBy;
    QCheckBox* m_descending;
    QCheckBox* m_guessTotal;
    QLabel* m_query;
    QPushButton* m_run;
    QLabel* m_status;
    QTableWidget* m_hits;
    QPushButton* m_previous;
    QPushButton* m_next;
    QueryBuilderForm m_shownForm; // the query of the page shown, for Previous/Next
    QueryBuilderPage m_page;
};

} // namespace aem::ui
