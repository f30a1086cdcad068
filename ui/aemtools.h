// SPDX-License-Identifier: Apache-2.0
#pragma once

// AEM's common APIs without memorising them: a window beside the request tester with the
// QueryBuilder form, GraphQL (endpoints, queries with variables, persisted queries) and a
// browser of Assets folders and content listings. Every call goes through the tester itself
// (its credential and target, token, host and production checks, history, the answer shown in
// its response view too), one at a time, never blocking the window (ToolRequests).

#include <QPointer>
#include <QWidget>

#include <functional>

class QTabWidget;

namespace aem::ui {

class ContentBrowser;
class GraphqlPanel;
class QueryBuilderPanel;
class RequestTester;

// One request at a time through the tester; `done` is called once, later, with the status (0
// when nothing came back) and the body, or with `error` naming what went wrong.
class ToolRequests : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(int status, const QByteArray& body, const QString& error)>;
    explicit ToolRequests(RequestTester& tester, QObject* parent = nullptr);

    // Called once with the error at once when the tester is busy or refuses the request.
    void run(const QByteArray& method, const QString& path, const QByteArray& body, QObject* context, Done done);
    bool isBusy() const { return m_active; }

    // Answers are read whole up to this (the tester shows only their first 64 KiB); the panels
    // parse them on the GUI thread, so not without bound.
    static constexpr qint64 kMaxAnswer = 8 * 1024 * 1024;

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void deliver();
    void finish(int status, const QByteArray& body, const QString& error);

    RequestTester& m_tester;
    Done m_done;
    QPointer<QObject> m_context;
    bool m_active = false;
    bool m_finished = false;
    bool m_preview = false;
    int m_status = 0;
};

class AemToolsWindow : public QWidget
{
    Q_OBJECT
public:
    explicit AemToolsWindow(RequestTester& tester, QWidget* parent = nullptr);

    QueryBuilderPanel& queryBuilder() const { return *m_queryBuilder; }
    GraphqlPanel& graphql() const { return *m_graphql; }
    ContentBrowser& browser() const { return *m_browser; }
    QTabWidget* tabs() const { return m_tabs; }
    ToolRequests& requests() const { return *m_requests; }

private:
    ToolRequests* m_requests;
    QTabWidget* m_tabs;
    QueryBuilderPanel* m_queryBuilder;
    GraphqlPanel* m_graphql;
    ContentBrowser* m_browser;
};

} // namespace aem::ui
