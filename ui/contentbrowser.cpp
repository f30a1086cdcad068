// SPDX-License-Identifier: Apache-2.0
#include "contentbrowser.h"

#include "aemtools.h"
#include "contentlisting.h"
#include "elidingheader.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace aem::ui {

ContentBrowser::ContentBrowser(ToolRequests& requests, QWidget* parent) : QWidget(parent), m_requests(requests)
{
    m_api = new QComboBox(this);
    m_api->setObjectName(QStringLiteral("browseApi"));
    m_api->addItems({tr("Assets HTTP API"), tr("Content listing (.1.json)")});
    m_api->setAccessibleName(tr("What to browse"));
    m_root = new QLineEdit(QStringLiteral("/api/assets.json"), this);
    m_root->setObjectName(QStringLiteral("browseRoot"));
    m_root->setAccessibleName(tr("Start at"));
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setObjectName(QStringLiteral("browseLoad"));
    m_status = new QLabel(tr("Double-click a folder to list what it holds."), this);
    m_status->setObjectName(QStringLiteral("browseStatus"));
    m_status->setTextFormat(Qt::PlainText); // holds AEM's own words: never markup
    m_status->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    useElidingHeader(m_tree);
    m_tree->setObjectName(QStringLiteral("browseTree"));
    m_tree->setAccessibleName(tr("Folders and items"));
    m_tree->setHeaderLabels({tr("Name"), tr("Title"), tr("Type")});
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(NameColumn, 260);
    m_tree->setExpandsOnDoubleClick(false); // a double-click lists, then expands

    auto* row = new QHBoxLayout;
    row->addWidget(m_api);
    row->addWidget(m_root, 1);
    row->addWidget(m_load);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);

    connect(m_api, &QComboBox::activated, this, &ContentBrowser::setApi);
    connect(m_load, &QPushButton::clicked, this, &ContentBrowser::loadRoot);
    connect(m_root, &QLineEdit::returnPressed, this, &ContentBrowser::loadRoot);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) { open(item); });
    connect(&m_requests, &ToolRequests::busyChanged, m_load, [this](bool busy) { m_load->setEnabled(!busy); });
}

void ContentBrowser::setApi(int api)
{
    m_api->setCurrentIndex(api);
    m_root->setText(api == 0 ? QStringLiteral("/api/assets.json") : QStringLiteral("/content.1.json"));
}

void ContentBrowser::setRoot(const QString& path)
{
    m_root->setText(path);
}

QString ContentBrowser::statusText() const
{
    return m_status->text();
}

void ContentBrowser::loadRoot()
{
    m_tree->clear();
    list(m_root->text().trimmed(), nullptr);
}

void ContentBrowser::open(QTreeWidgetItem* item)
{
    if (!item)
        return;
    const QString path = item->data(NameColumn, ChildrenPathRole).toString();
    if (path.isEmpty()) {
        m_status->setText(tr("%1 is not a folder.").arg(item->text(NameColumn)));
        return;
    }
    if (item->data(NameColumn, LoadedRole).toBool()) {
        item->setExpanded(!item->isExpanded());
        return;
    }
    list(path, item);
}

void ContentBrowser::list(const QString& path, QTreeWidgetItem* under)
{
    QString error;
    if (!contentApiOf(path)) {
        error = tr("%1 is neither an Assets HTTP API path (/api/assets/….json) nor a listing (/content/….1.json).")
                    .arg(path);
        m_status->setText(error);
        Q_EMIT failed(error);
        return;
    }
    m_status->setText(tr("Listing %1…").arg(path));
    // The item may be gone when the answer comes (the root reloaded): it is found again by path.
    const QString underPath = under ? under->data(NameColumn, ChildrenPathRole).toString() : QString();
    m_requests.run("GET", path, {}, this,
                   [this, path, underPath](int status, const QByteArray& body, const QString& e) {
                       QTreeWidgetItem* parent = nullptr;
                       if (!underPath.isEmpty()) {
                           QTreeWidgetItemIterator it(m_tree);
                           for (; *it && !parent; ++it)
                               if ((*it)->data(NameColumn, ChildrenPathRole).toString() == underPath)
                                   parent = *it;
                           if (!parent)
                               return; // the tree was reloaded meanwhile
                       }
                       QString why = e;
                       std::optional<QList<ContentEntry>> entries;
                       int hidden = 0;
                       if (why.isEmpty() && status >= 400)
                           why = tr("AEM answered %1 to %2.").arg(status).arg(path);
                       if (why.isEmpty())
                           entries = parseContentListing(path, body, &why, &hidden);
                       if (!entries) {
                           m_status->setText(why);
                           Q_EMIT failed(why);
                           return;
                       }
                       for (const ContentEntry& c : *entries) {
                           auto* item = new QTreeWidgetItem({c.name, c.title, c.type});
                           item->setData(NameColumn, ChildrenPathRole, c.childrenPath);
                           item->setChildIndicatorPolicy(c.folder ? QTreeWidgetItem::ShowIndicator
                                                                  : QTreeWidgetItem::DontShowIndicatorWhenChildless);
                           if (parent)
                               parent->addChild(item);
                           else
                               m_tree->addTopLevelItem(item);
                       }
                       if (parent) {
                           parent->setData(NameColumn, LoadedRole, true);
                           parent->setChildIndicatorPolicy(QTreeWidgetItem::DontShowIndicatorWhenChildless);
                           parent->setExpanded(true);
                       }
                       QString text = tr("%1: %n item(s).", nullptr, int(entries->size())).arg(path);
                       if (hidden > 0)
                           text += QLatin1Char(' ') + tr("%n more not shown.", nullptr, hidden);
                       m_status->setText(text);
                       Q_EMIT listed(parent, int(entries->size()));
                   });
}

} // namespace aem::ui
