// SPDX-License-Identifier: Apache-2.0
#include "httpsyntax.h"

namespace aem {

namespace {

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

bool isHttpToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s)
        if (!isAlnum(c) && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    return true;
}

bool isHttpHeaderValue(QByteArrayView s)
{
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isToken68(QByteArrayView s)
{
    qsizetype i = 0;
    for (; i < s.size(); ++i)
        if (!isAlnum(s[i]) && !QByteArrayView("-._~+/").contains(s[i]))
            break;
    if (i == 0)
        return false;
    for (; i < s.size(); ++i)
        if (s[i] != '=')
            return false;
    return true;
}

bool isTransportHeader(QByteArrayView name)
{
    for (const char* h : {"host", "content-length", "transfer-encoding", "connection"})
        if (name.compare(QByteArrayView(h), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace aem
