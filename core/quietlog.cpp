// SPDX-License-Identifier: Apache-2.0
#include "quietlog.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <atomic>
#include <cstdio>

namespace aem {

namespace {

std::atomic<bool> g_verbose {false};

void quietHandler(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (!g_verbose.load() && type != QtFatalMsg)
        return;
    const QByteArray line = "aemtoken: debug: " + message.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

} // namespace

void installQuietMessageHandler()
{
    g_verbose =
        !qEnvironmentVariableIsEmpty("AEMTOKEN_DEBUG") && qEnvironmentVariable("AEMTOKEN_DEBUG") != QLatin1String("0");
    qInstallMessageHandler(quietHandler);
}

void setVerboseMessages(bool verbose)
{
    g_verbose = verbose;
}

} // namespace aem
