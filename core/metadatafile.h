// SPDX-License-Identifier: Apache-2.0
#pragma once

// credentials.json, read so that nothing in it is ever silently lost: records this program
// cannot understand are kept verbatim and written back unchanged; a damaged file or one of a
// newer format version is refused for writing, with a message that names the file and the
// problem. Every write keeps the previous good file as credentials.json.bak.

#include "credentialrecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace aem {

class MetadataFile
{
public:
    static constexpr int kFormatVersion = 1;

    enum Status { Missing, Ok, Damaged, Newer, Unreadable };

    struct Unknown
    {
        QJsonValue raw; // exactly as read
        QString id; // when the record has one: its keychain items are not orphans
        QString name; // when it has one: no import takes it
        QString problem; // why it cannot be used
    };

    Status status = Missing;
    QString path;
    QList<CredentialRecord> records;
    QList<Unknown> unknown;
    QString error; // for Damaged, Newer and Unreadable: one line naming the file and the problem
    QJsonObject root; // as read: members this version does not know are written back unchanged
    QByteArray bytes; // the file as read, kept when it read clean (Ok, nothing unknown)

    // With `previous` (an earlier read of the same file): when the file holds the same bytes as
    // then and that read was clean, its result again, without parsing (re-reads while nothing
    // changed cost a read and a compare, however long the list).
    static MetadataFile read(const QString& path, const MetadataFile* previous = nullptr);
    bool clean() const { return status == Ok && unknown.isEmpty() && !bytes.isEmpty(); }

    bool writable() const { return status == Missing || status == Ok; }
    // One line for each thing found that is not a usable record (and the error, if any).
    QStringList problems() const;
    // Ids and names that are taken, the unknown records' included; names without regard to case
    // (credentialname.h). Reading keeps older files whose names differ only in case.
    bool hasId(const QString& id) const;
    bool hasName(const QString& name) const;
    // Writes atomically (0600, directory 0700), after keeping the current file as the backup.
    // Refused when !writable().
    bool write(QString* error) const;

    static QString backupPath(const QString& path) { return path + QStringLiteral(".bak"); }
};

} // namespace aem
