// SPDX-License-Identifier: Apache-2.0
#pragma once

// GraphQL: list the author's endpoints, run a query with its variables (refused unless they
// are a JSON object), list the persisted queries AEM has (/graphql/list.json) and run one —
// chosen from that list or typed as configuration/query — with parameters; the answer as a tree
// and its errors, if any, in one line.

#include "graphqlrequest.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace aem::ui {

class JsonTreeView;
class ToolRequests;

class GraphqlPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GraphqlPanel(ToolRequests& requests, QWidget* parent = nullptr);

    QComboBox* endpoints() const { return m_endpoint; }
    QComboBox* persistedQueries() const { return m_persistedList; }
    QString persistedName() const;
    void setQuery(const QString& query, const QString& variables = {});
    void setPersisted(const QString& name, const QList<QPair<QString, QString>>& parameters = {});
    QString statusText() const;
    JsonTreeView& result() const { return *m_result; }

public Q_SLOTS:
    void listEndpoints();
    void runQuery();
    void runPersisted();
    void listPersisted();
    // The persisted query at `index` of the list: its name and a row per variable it declares
    // (values typed before for the same names kept); run at once unless a variable is required.
    void choosePersisted(int index);

Q_SIGNALS:
    // After each call: the answer shown (`ok`) or the error in the status line.
    void answered(bool ok);

private:
    void show(int status, const QByteArray& body, const QString& error);
    void fail(const QString& error);

    ToolRequests& m_requests;
    QComboBox* m_endpoint;
    QPushButton* m_list;
    QPlainTextEdit* m_query;
    QPlainTextEdit* m_variables;
    QPushButton* m_run;
    QLineEdit* m_persisted;
    QTableWidget* m_parameters;
    QPushButton* m_runPersisted;
    QComboBox* m_persistedList;
    QPushButton* m_listPersisted;
    QList<PersistedQuery> m_persistedQueries;
    QHash<QString, QString> m_typedValues; // parameter values typed, by name, kept across choices
    QLabel* m_status;
    JsonTreeView* m_result;
};

} // namespace aem::ui
