// SPDX-License-Identifier: Apache-2.0
#include "graphqlpanel.h"

#include "aempath.h"
#include "aemtools.h"
#include "graphqlrequest.h"
#include "jsontreeview.h"
#include "keyvaluetable.h"
#include "plaintooltip.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace aem::ui {

GraphqlPanel::GraphqlPanel(ToolRequests& requests, QWidget* parent) : QWidget(parent), m_requests(requests)
{
    m_endpoint = new QComboBox(this);
    m_endpoint->setObjectName(QStringLiteral("gqlEndpoint"));
    m_endpoint->setEditable(true);
    m_endpoint->setAccessibleName(tr("GraphQL endpoint"));
    m_endpoint->addItem(graphqlEndpointPath(QStringLiteral("global")));
    m_list = new QPushButton(tr("&List endpoints"), this);
    m_list->setObjectName(QStringLiteral("gqlList"));
    m_query = new QPlainTextEdit(this);
    m_query->setObjectName(QStringLiteral("gqlQuery"));
    m_query->setAccessibleName(tr("GraphQL query"));
    m_query->setPlainText(QStringLiteral("query {\n  adventureList {\n    items {\n      title\n    }\n  }\n}\n"));
    m_variables = new QPlainTextEdit(this);
    m_variables->setObjectName(QStringLiteral("gqlVariables"));
    m_variables->setAccessibleName(tr("Variables (a JSON object)"));
    m_variables->setPlaceholderText(tr("Variables, a JSON object: {\"slug\": \"bali\"}"));
    m_run = new QPushButton(tr("&Run query"), this);
    m_run->setObjectName(QStringLiteral("gqlRun"));
    m_persisted = new QLineEdit(QStringLiteral("global/adventures"), this);
    m_persisted->setObjectName(QStringLiteral("gqlPersisted"));
    m_persisted->setAccessibleName(tr("Persisted query"));
    m_persisted->setPlaceholderText(tr("configuration/query"));
    m_parameters = KeyValueTable::create(this, QStringLiteral("gqlPersistedParams"), tr("Parameter"), tr("Value"));
    m_parameters->setAccessibleName(tr("Persisted query parameters"));
    m_parameters->setMaximumHeight(100);
    m_runPersisted = new QPushButton(tr("Run &persisted query"), this);
    m_runPersisted->setObjectName(QStringLiteral("gqlRunPersisted"));
    m_persistedList = new QComboBox(this);
    m_persistedList->setObjectName(QStringLiteral("gqlPersistedList"));
    m_persistedList->setAccessibleName(tr("Persisted queries AEM has"));
    m_persistedList->setPlaceholderText(tr("List them first"));
    m_persistedList->setEnabled(false);
    m_listPersisted = new QPushButton(tr("List persisted &queries"), this);
    m_listPersisted->setObjectName(QStringLiteral("gqlListPersisted"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("gqlStatus"));
    m_status->setTextFormat(Qt::PlainText); // holds AEM's own words: never markup
    m_status->setWordWrap(true);
    m_result = new JsonTreeView(this);
    m_result->setObjectName(QStringLiteral("gqlResult"));

    auto* endpointRow = new QHBoxLayout;
    endpointRow->addWidget(m_endpoint, 1);
    endpointRow->addWidget(m_list);
    auto* editors = new QSplitter(Qt::Horizontal, this);
    editors->addWidget(m_query);
    editors->addWidget(m_variables);
    editors->setSizes({500, 250});
    auto* queryBox = new QGroupBox(tr("Query"), this);
    auto* ql = new QVBoxLayout(queryBox);
    ql->addLayout(endpointRow);
    ql->addWidget(editors, 1);
    ql->addWidget(m_run, 0, Qt::AlignRight);
    auto* persistedBox = new QGroupBox(tr("Persisted query (/graphql/execute.json/…)"), this);
    auto* pl = new QFormLayout(persistedBox);
    auto* listRow = new QHBoxLayout;
    listRow->addWidget(m_persistedList, 1);
    listRow->addWidget(m_listPersisted);
    pl->addRow(tr("Stored"), listRow);
    pl->addRow(tr("Name"), m_persisted);
    pl->addRow(tr("Parameters"), m_parameters);
    pl->addRow(QString(), m_runPersisted);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(queryBox, 2);
    layout->addWidget(persistedBox);
    layout->addWidget(m_status);
    layout->addWidget(m_result, 3);

    connect(m_list, &QPushButton::clicked, this, &GraphqlPanel::listEndpoints);
    connect(m_run, &QPushButton::clicked, this, &GraphqlPanel::runQuery);
    connect(m_runPersisted, &QPushButton::clicked, this, &GraphqlPanel::runPersisted);
    connect(m_persisted, &QLineEdit::returnPressed, this, &GraphqlPanel::runPersisted);
    connect(m_listPersisted, &QPushButton::clicked, this, &GraphqlPanel::listPersisted);
    connect(m_persistedList, &QComboBox::activated, this, &GraphqlPanel::choosePersisted);
    connect(&m_requests, &ToolRequests::busyChanged, this, [this](bool busy) {
        for (QPushButton* b : {m_list, m_run, m_runPersisted, m_listPersisted})
            b->setEnabled(!busy);
    });
}

void GraphqlPanel::setQuery(const QString& query, const QString& variables)
{
    m_query->setPlainText(query);
    m_variables->setPlainText(variables);
}

void GraphqlPanel::setPersisted(const QString& name, const QList<QPair<QString, QString>>& parameters)
{
    m_persisted->setText(name);
    KeyValueTable::setRows(m_parameters, parameters);
}

QString GraphqlPanel::persistedName() const
{
    return m_persisted->text();
}

QString GraphqlPanel::statusText() const
{
    return m_status->text();
}

void GraphqlPanel::fail(const QString& error)
{
    m_status->setText(error);
    Q_EMIT answered(false);
}

void GraphqlPanel::listEndpoints()
{
    m_status->setText(tr("Listing the endpoints…"));
    m_requests.run(
        "GET", QString::fromLatin1(kGraphqlEndpointsListPath), {}, this,
        [this](int status, const QByteArray& body, const QString& error) {
            if (!error.isEmpty())
                return fail(error);
            QString why;
            QStringList skipped;
            const auto eps = status < 400 ? parseGraphqlEndpoints(body, &why, &skipped) : std::nullopt;
            if (!eps)
                return fail(
                    status >= 400
                        ? tr("AEM answered %1 to %2.").arg(status).arg(QString::fromLatin1(kGraphqlEndpointsListPath))
                        : why);
            if (eps->isEmpty() && !skipped.isEmpty()) // only endpoints that were not paths on this AEM
                return fail(tr("%n left out: %1", nullptr, int(skipped.size()))
                                .arg(skipped.mid(0, 3).join(QStringLiteral("; "))));
            if (eps->isEmpty())
                return fail(tr("AEM has no GraphQL endpoint under /content/cq:graphql: create one in "
                               "Tools › General › GraphQL."));
            const QString current = m_endpoint->currentText();
            m_endpoint->clear();
            for (const GraphqlEndpoint& e : *eps)
                m_endpoint->addItem(e.url, e.configuration);
            if (const int i = m_endpoint->findText(current); i >= 0)
                m_endpoint->setCurrentIndex(i);
            m_result->setJson(body);
            QString text = tr("%n endpoint(s).", nullptr, int(eps->size()));
            if (!skipped.isEmpty())
                text += QLatin1Char(' ')
                    + tr("%n left out: %1", nullptr, int(skipped.size()))
                          .arg(skipped.mid(0, 3).join(QStringLiteral("; ")));
            m_status->setText(text);
            Q_EMIT answered(true);
        });
}

void GraphqlPanel::runQuery()
{
    QString error;
    const auto body = graphqlBody(m_query->toPlainText(), m_variables->toPlainText(), &error);
    if (!body)
        return fail(error);
    const QString endpoint = m_endpoint->currentText().trimmed();
    if (!isPathOnThisAem(endpoint))
        return fail(tr("Choose an endpoint path, such as %1.").arg(graphqlEndpointPath(QStringLiteral("global"))));
    m_status->setText(tr("Running the query…"));
    m_requests.run("POST", endpoint, *body, this,
                   [this](int status, const QByteArray& answer, const QString& e) { show(status, answer, e); });
}

void GraphqlPanel::runPersisted()
{
    QString error;
    QList<QPair<QString, QString>> parameters = KeyValueTable::rows(m_parameters);
    // A variable left blank is not sent: the query's default (or null) applies, not "".
    parameters.removeIf([](const QPair<QString, QString>& p) { return p.second.isEmpty(); });
    const auto path = persistedQueryPath(m_persisted->text(), parameters, &error);
    if (!path)
        return fail(error);
    m_status->setText(tr("Running %1…").arg(*path));
    m_requests.run("GET", *path, {}, this,
                   [this](int status, const QByteArray& answer, const QString& e) { show(status, answer, e); });
}

void GraphqlPanel::listPersisted()
{
    m_status->setText(tr("Listing the persisted queries…"));
    const QString path = QString::fromLatin1(kPersistedQueriesListPath);
    m_requests.run("GET", path, {}, this, [this, path](int status, const QByteArray& body, const QString& error) {
        if (!error.isEmpty())
            return fail(error);
        if (status >= 400)
            return fail(tr("AEM answered %1 to %2.").arg(status).arg(path));
        QString why;
        const auto list = parsePersistedQueries(body, &why);
        if (!list)
            return fail(why);
        m_result->setJson(body);
        m_persistedQueries = list->queries;
        m_persistedList->clear();
        for (const PersistedQuery& q : m_persistedQueries) {
            m_persistedList->addItem(q.shortPath());
            m_persistedList->setItemData(m_persistedList->count() - 1, plainToolTip(q.query), Qt::ToolTipRole);
        }
        m_persistedList->setEnabled(!m_persistedQueries.isEmpty());
        if (const int i = m_persistedList->findText(m_persisted->text().trimmed()); i >= 0)
            m_persistedList->setCurrentIndex(i);
        QString text = tr("%n persisted query(ies).", nullptr, int(m_persistedQueries.size()));
        if (!list->skipped.isEmpty())
            text += QLatin1Char(' ')
                + tr("%n left out: %1", nullptr, int(list->skipped.size()))
                      .arg(list->skipped.mid(0, 3).join(QStringLiteral("; ")));
        m_status->setText(text);
        Q_EMIT answered(true);
    });
}

void GraphqlPanel::choosePersisted(int index)
{
    if (index < 0 || index >= m_persistedQueries.size())
        return;
    const PersistedQuery& q = m_persistedQueries.at(index);
    for (const auto& [k, value] : KeyValueTable::rows(m_parameters))
        if (!value.isEmpty())
            m_typedValues.insert(k, value);
    QList<QPair<QString, QString>> rows;
    QStringList missing;
    for (const GraphqlVariable& v : graphqlVariables(q.query)) {
        const QString value = m_typedValues.value(v.name);
        rows.append({v.name, value});
        if (v.required && value.isEmpty())
            missing.append(v.name);
    }
    m_persisted->setText(q.shortPath());
    KeyValueTable::setRows(m_parameters, rows);
    if (!missing.isEmpty()) {
        m_status->setText(
            tr("%1 needs %2: fill in the value, then run it.").arg(q.shortPath(), missing.join(QStringLiteral(", "))));
        return;
    }
    runPersisted();
}

void GraphqlPanel::show(int status, const QByteArray& body, const QString& error)
{
    if (!error.isEmpty())
        return fail(error);
    const QString notJson = m_result->setJson(body);
    const QStringList errors = graphqlErrors(body);
    if (!errors.isEmpty())
        return fail(tr("GraphQL errors: %1").arg(errors.join(QStringLiteral("; "))));
    if (status >= 400)
        return fail(tr("AEM answered %1.").arg(status));
    if (!notJson.isEmpty())
        return fail(notJson);
    m_status->setText(tr("Answered %1.").arg(status));
    Q_EMIT answered(true);
}

} // namespace aem::ui
