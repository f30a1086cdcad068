// SPDX-License-Identifier: Apache-2.0
#include "autostart.h"

#include "atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

namespace aem::autostart {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::Autostart)
};

// The Desktop Entry Specification's quoting for an Exec argument.
QString quoted(const QString& arg)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`=%");
    if (std::none_of(arg.cbegin(), arg.cend(), [](QChar c) { return reserved.contains(c); }))
        return arg;
    QString out = QStringLiteral("\"");
    for (QChar c : arg) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            out += u'\\';
        out += c;
    }
    out += u'"';
    // In a desktop file's value, backslashes are escaped once more; % is doubled.
    return out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("%%"));
}
} // namespace

QString entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/autostart/" AEMTOKEN_APP_ID ".desktop");
}

bool isEnabled()
{
    return QFileInfo::exists(entryPath());
}

QByteArray entryText(const QString& program)
{
    QString text = QStringLiteral("[Desktop Entry]\n"
                                  "Type=Application\n"
                                  "Name=AEM Token Manager\n"
                                  "Name[fr]=Gestionnaire de jetons AEM\n"
                                  "Comment=Keeps AEM access tokens renewed, in the tray\n"
                                  "Comment[fr]=Garde les jetons d'accès AEM renouvelés, dans la zone de notification\n"
                                  "Icon=" AEMTOKEN_APP_ID "\n"
                                  "Exec=%1 --hidden\n"
                                  "Terminal=false\n"
                                  "X-GNOME-Autostart-enabled=true\n"
                                  "X-KDE-autostart-after=panel\n");
    // %1 replaced after the literal's own % signs are gone: quoted() doubles the program's.
    text.replace(QStringLiteral("%1"), quoted(program));
    return text.toUtf8();
}

bool setEnabled(bool enabled, const QString& program, QString* error)
{
    const QString path = entryPath();
    if (!enabled) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        if (error)
            *error = Tr::tr("cannot remove %1").arg(path);
        return false;
    }
    if (program.isEmpty() || !QFileInfo(program).isAbsolute()) {
        if (error)
            *error = Tr::tr("the program's path is unknown, so %1 cannot be written").arg(path);
        return false;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = Tr::tr("cannot create the folder %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    return writeFileAtomically(path, entryText(program), false, error); // its error names the file
}

} // namespace aem::autostart
