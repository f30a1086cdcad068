// SPDX-License-Identifier: Apache-2.0
#pragma once

// The QueryBuilder form: path, type, property = value rows, full text, limit and ordering make
// the /bin/querybuilder.json request shown under the form; its hits fill a table.

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

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void hitsShown(int count);
    // A hit was double-clicked: its repository path, for the tester to load (not send).
    void hitActivated(const QString& path);
    void failed(const QString& error);

private:
    void updateQuery();
    void showAnswer(int status, const QByteArray& body, const QString& error);

    ToolRequests& m_requests;
    QLineEdit* m_path;
    QComboBox* m_type;
    QTableWidget* m_properties;
    QLineEdit* m_fulltext;
    QSpinBox* m_limit;
    QComboBox* m_orderBy;
    QCheckBox* m_descending;
    QLabel* m_query;
    QPushButton* m_run;
    QLabel* m_status;
    QTableWidget* m_hits;
};

} // namespace aem::ui
