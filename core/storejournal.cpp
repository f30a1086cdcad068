// SPDX-License-Identifier: Apache-2.0
#include "storejournal.h"

#include "atomicfile.h"
#include "credentialrecord.h"
#include "metadatafile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace aem {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::StoreJournal)
};
} // namespace

bool JournalEntry::committed(const MetadataFile& metadata) const
{
    return metadata.hasId(marker) == committedWhenPresent;
}

QStringList JournalEntry::idsToDelete(const MetadataFile& metadata) const
{
    QStringList ids = committed(metadata) ? obsolete : created;
    // Never delete what the committed metadata still lists.
    ids.removeIf([&](const QString& id) { return metadata.hasId(id); });
    return ids;
}

StoreJournal::StoreJournal(QString dir) : m_dir(std::move(dir))
{
}

QString StoreJournal::fileFor(const QString& tx) const
{
    return m_dir + QLatin1Char('/') + tx + QStringLiteral(".json");
}

bool StoreJournal::add(const JournalEntry& e, QString* error)
{
    const QJsonObject o {{QStringLiteral("tx"), e.tx},
                         {QStringLiteral("op"), e.op},
                         {QStringLiteral("name"), e.name},
                         {QStringLiteral("created"), QJsonArray::fromStringList(e.created)},
                         {QStringLiteral("obsolete"), QJsonArray::fromStringList(e.obsolete)},
                         {QStringLiteral("marker"), e.marker},
                         {QStringLiteral("committedWhen"),
                          e.committedWhenPresent ? QStringLiteral("present") : QStringLiteral("absent")},
                         {QStringLiteral("startedAt"), isoUtc(e.startedAt)}};
    return writeFileAtomically(fileFor(e.tx), QJsonDocument(o).toJson(QJsonDocument::Compact), true, error);
}

bool StoreJournal::remove(const JournalEntry& e, QString* error)
{
    QFile f(fileFor(e.tx));
    if (!f.exists() || f.remove())
        return true;
    if (error)
        *error = Tr::tr("cannot delete %1: %2").arg(QDir::toNativeSeparators(f.fileName()), f.errorString());
    return false;
}

QList<JournalEntry> StoreJournal::entries(QStringList* problems) const
{
    QList<JournalEntry> out;
    const QDir dir(m_dir);
    for (const QFileInfo& fi :
         dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time | QDir::Reversed)) {
        QFile f(fi.filePath());
        QJsonObject o;
        if (fi.size() <= 64 * 1024 && f.open(QIODevice::ReadOnly))
            o = QJsonDocument::fromJson(f.read(64 * 1024)).object();
        JournalEntry e;
        e.tx = o.value(QLatin1String("tx")).toString();
        e.op = o.value(QLatin1String("op")).toString();
        e.name = o.value(QLatin1String("name")).toString();
        for (const QJsonValue& v : o.value(QLatin1String("created")).toArray())
            e.created << v.toString();
        for (const QJsonValue& v : o.value(QLatin1String("obsolete")).toArray())
            e.obsolete << v.toString();
        e.marker = o.value(QLatin1String("marker")).toString();
        e.committedWhenPresent = o.value(QLatin1String("committedWhen")).toString() != QLatin1String("absent");
        e.startedAt = QDateTime::fromString(o.value(QLatin1String("startedAt")).toString(), Qt::ISODateWithMs);
        if (e.tx.isEmpty() || e.marker.isEmpty() || fileFor(e.tx) != fi.filePath()) {
            if (problems)
                *problems << Tr::tr("the journal file %1 cannot be read; it is kept as it is")
                                 .arg(QDir::toNativeSeparators(fi.filePath()));
            continue;
        }
        out.append(e);
    }
    return out;
}

QStringList StoreJournal::pendingIds() const
{
    QStringList ids;
    for (const JournalEntry& e : entries())
        ids << e.created << e.obsolete;
    return ids;
}

} // namespace aem
