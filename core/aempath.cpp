// SPDX-License-Identifier: Apache-2.0
#include "aempath.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace aem {

namespace {
bool hasControl(const QString& t)
{
    return std::any_of(t.cbegin(), t.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}
} // namespace

bool isPathOnThisAem(const QString& url)
{
    if (!url.startsWith(QLatin1Char('/')) || url.startsWith(QLatin1String("//")) || url.contains(QLatin1Char('\\'))
        || hasControl(url))
        return false;
    const QString decoded = QUrl::fromPercentEncoding(url.section(QLatin1Char('?'), 0, 0).toUtf8());
    if (hasControl(decoded) || decoded.contains(QLatin1Char('\\')) || decoded.startsWith(QLatin1String("//")))
        return false;
    const QStringList segments = decoded.split(QLatin1Char('/'));
    return std::none_of(segments.cbegin(), segments.cend(),
                        [](const QString& s) { return s == QLatin1String(".") || s == QLatin1String(".."); });
}

} // namespace aem
