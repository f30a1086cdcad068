// SPDX-License-Identifier: Apache-2.0
#include "metadatafile.h"

#include "atomicfile.h"
#include "storefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aem {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::MetadataFile)
};

constexpr qint64 kMaxMetadataSize = 16 * 1024 * 1024;

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

MetadataFile MetadataFile::read(const QString& path, const MetadataFile* previous)
{
    MetadataFile m;
    m.path = path;
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    { };
    if (::stat(name.constData(), &st) != 0) {
        if (errno == ENOENT)
            return m; // Missing: an empty store
        m.status = Unreadable;
        m.error = Tr::tr("cannot read %1: %2").arg(native(path), describeErrno(errno));
        return m;
    }
    if (!S_ISREG(st.st_mode)) {
        m.status = Unreadable;
        m.error = Tr::tr("%1 is not a regular file; not read").arg(native(path));
        return m;
    }
    if (st.st_size > kMaxMetadataSize) {
        m.status = Unreadable;
        m.error = Tr::tr("%1 is larger than 16 MiB; not read").arg(native(path));
        return m;
    }
    // Opened without blocking (a FIFO put there meanwhile is refused, not waited on) and
    // checked again on the descriptor itself.
    const int fd = ::open(name.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat fst
    { };
    if (fd < 0 || ::fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode) || fst.st_size > kMaxMetadataSize) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        m.status = Unreadable;
        m.error = fd < 0 ? Tr::tr("cannot read %1: %2").arg(native(path), describeErrno(err))
                         : Tr::tr("%1 is not a regular file; not read").arg(native(path));
        return m;
    }
    QFile f;
    if (!f.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        m.status = Unreadable;
        m.error = Tr::tr("cannot read %1: %2").arg(native(path), f.errorString());
        return m;
    }
    const QByteArray bytes = f.read(kMaxMetadataSize + 1);
    if (previous && previous->clean() && previous->path == path && previous->bytes == bytes)
        return *previous; // the same bytes parse to the same records
    QJsonParseError pe {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    m.status = Damaged;
    if (pe.error != QJsonParseError::NoError) {
        m.error = Tr::tr("%1 is damaged (%2 at byte %3); it is left as it is")
                      .arg(native(path), pe.errorString())
                      .arg(pe.offset);
        return m;
    }
    if (!doc.isObject()) {
        m.error = Tr::tr("%1 is damaged (not a JSON object); it is left as it is").arg(native(path));
        return m;
    }
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isUndefined()
        && (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1)) {
        m.error =
            Tr::tr("%1 is damaged (its \"version\" is not a format version); it is left as it is").arg(native(path));
        return m;
    }
    if (version.toInt(kFormatVersion) > kFormatVersion) {
        m.status = Newer;
        m.error = Tr::tr("%1 has format version %2, this program reads version %3: a newer AEM Token Manager wrote it; "
                         "nothing is changed in it")
                      .arg(native(path))
                      .arg(version.toInt())
                      .arg(kFormatVersion);
        return m;
    }
    const QJsonValue list = root.value(QLatin1String("credentials"));
    if (!list.isUndefined() && !list.isArray()) {
        m.error = Tr::tr("%1 is damaged (\"credentials\" is not a list); it is left as it is").arg(native(path));
        return m;
    }
    m.status = Ok;
    m.root = root;
    QSet<QString> ids, names;
    const QJsonArray arr = list.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonValue v = arr.at(i);
        const QJsonObject o = v.toObject();
        QString why;
        std::optional<CredentialRecord> r;
        if (!v.isObject())
            why = Tr::tr("it is not a JSON object");
        else
            r = CredentialRecord::fromJson(o, &why);
        if (r && (ids.contains(r->id) || names.contains(r->name))) {
            why = Tr::tr("another record has the same id or name");
            r.reset();
        }
        if (r) {
            ids << r->id;
            names << r->name;
            m.records.append(*r);
            continue;
        }
        Unknown u;
        u.raw = v;
        u.id = o.value(QLatin1String("id")).toString();
        u.name = o.value(QLatin1String("name")).toString();
        u.problem = Tr::tr("record %1%2 in %3 cannot be used: %4; it is kept as it is")
                        .arg(i + 1)
                        .arg(u.name.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(u.name), native(path), why);
        m.unknown.append(u);
    }
    if (m.unknown.isEmpty())
        m.bytes = bytes;
    return m;
}

QStringList MetadataFile::problems() const
{
    QStringList out;
    if (!error.isEmpty())
        out << error;
    for (const Unknown& u : unknown)
        out << u.problem;
    return out;
}

bool MetadataFile::hasId(const QString& id) const
{
    return std::any_of(records.cbegin(), records.cend(), [&](const CredentialRecord& r) { return r.id == id; })
        || std::any_of(unknown.cbegin(), unknown.cend(), [&](const Unknown& u) { return u.id == id; });
}

bool MetadataFile::hasName(const QString& name) const
{
    return std::any_of(records.cbegin(), records.cend(),
                       [&](const CredentialRecord& r) { return sameCredentialName(r.name, name); })
        || std::any_of(unknown.cbegin(), unknown.cend(),
                       [&](const Unknown& u) { return !u.name.isEmpty() && sameCredentialName(u.name, name); });
}

bool MetadataFile::write(QString* err) const
{
    if (!writable()) {
        if (err)
            *err = error;
        return false;
    }
    // The previous good file stays beside the new one.
    if (status == Ok) {
        QFile current(path);
        if (current.open(QIODevice::ReadOnly)) {
            const QByteArray old = current.read(kMaxMetadataSize + 1);
            current.close();
            if (!writeFileAtomically(backupPath(path), old, true, err))
                return false;
        }
    }
    QJsonArray arr;
    for (const CredentialRecord& r : records)
        arr.append(r.toJson());
    for (const Unknown& u : unknown)
        arr.append(u.raw);
    QJsonObject out = root;
    out.insert(QStringLiteral("version"), kFormatVersion);
    out.insert(QStringLiteral("credentials"), arr);
    const QJsonDocument doc(out);
    return writeFileAtomically(path, doc.toJson(QJsonDocument::Indented), true, err);
}

} // namespace aem
