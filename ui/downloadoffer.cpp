// SPDX-License-Identifier: Apache-2.0
#include "downloadoffer.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace aem::ui {

DownloadOffer::DownloadOffer(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("downloadOffer"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Credential file in Downloads"));
    auto* layout = new QHBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setTextFormat(Qt::PlainText); // holds a file name
    m_text->setObjectName(QStringLiteral("downloadOfferText"));
    m_text->setWordWrap(true);
    m_import = new QPushButton(tr("&Import…"), this);
    m_import->setObjectName(QStringLiteral("downloadImport"));
    m_later = new QPushButton(tr("Not now"), this);
    m_later->setObjectName(QStringLiteral("downloadLater"));
    // Offered, not pressed on: Enter in the list must not import a file.
    m_import->setAutoDefault(false);
    m_later->setAutoDefault(false);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_import);
    layout->addWidget(m_later);
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path = current();
        withdraw(path);
        if (!path.isEmpty())
            Q_EMIT importRequested(path);
    });
    connect(m_later, &QPushButton::clicked, this, [this] { withdraw(current()); });
    hide();
}

void DownloadOffer::offer(const QString& path, bool deleteAfter)
{
    m_deleteAfter = deleteAfter;
    if (!m_paths.contains(path))
        m_paths << path;
    showFirst();
}

void DownloadOffer::withdraw(const QString& path)
{
    m_paths.removeAll(path);
    showFirst();
}

void DownloadOffer::showFirst()
{
    while (!m_paths.isEmpty() && !QFileInfo::exists(m_paths.first()))
        m_paths.removeFirst();
    if (m_paths.isEmpty()) {
        hide();
        return;
    }
    const QString name = QFileInfo(m_paths.first()).fileName();
    m_text->setText(m_deleteAfter ? tr("\"%1\" in Downloads is a Developer Console credential file. Import it into the "
                                       "keychain? The file is then deleted, so no key is left lying in Downloads.")
                                        .arg(name)
                                  : tr("\"%1\" in Downloads is a Developer Console credential file. Import it into the "
                                       "keychain?")
                                        .arg(name));
    m_import->setText(m_deleteAfter ? tr("&Import and delete…") : tr("&Import…"));
    show();
}

} // namespace aem::ui
