// SPDX-License-Identifier: Apache-2.0
#include "sandboxprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

namespace aem::ui {

SandboxProcess::SandboxProcess(QObject* parent)
    : QObject(parent), m_dir(QDir::tempPath() + QStringLiteral("/aem-token-manager-sandbox-XXXXXX"))
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &SandboxProcess::readFirstLine);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            fail(tr("%1 could not be started: %2").arg(m_process.program(), m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, &SandboxProcess::onFinished);
}

SandboxProcess::~SandboxProcess()
{
    m_process.disconnect(this);
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SandboxProcess::findProgram()
{
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/aemtoken");
    const QFileInfo info(beside);
    if (info.isFile() && info.isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("aemtoken"));
}

QString SandboxProcess::caFile() const
{
    return m_dir.filePath(QStringLiteral("ca.pem"));
}

QStringList SandboxProcess::demoFiles() const
{
    return {m_dir.filePath(QStringLiteral("service-credentials.json")),
            m_dir.filePath(QStringLiteral("oauth-credentials.json")),
            m_dir.filePath(QStringLiteral("local-dev-token.json"))};
}

QString SandboxProcess::localAuthorUrl() const
{
    if (!isReady())
        return {};
    QFile f(m_dir.filePath(QStringLiteral("local-author.txt")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString url = QString::fromUtf8(f.read(256)).trimmed();
    return url.startsWith(QLatin1String("http://127.0.0.1:")) ? url : QString();
}

void SandboxProcess::start()
{
    if (!m_dir.isValid()) // QTemporaryDir makes it 0700
        return fail(tr("cannot create a temporary directory: %1").arg(m_dir.errorString()));
    const QString program = findProgram();
    if (program.isEmpty())
        return fail(tr("aemtoken was found neither beside this program nor on PATH"));
    m_process.setProgram(program);
    // Only paths on the command line: the child writes the demo credentials into the directory.
    m_process.setArguments({QStringLiteral("sandbox"), QStringLiteral("--dir"), m_dir.path()});
    m_process.setStandardInputFile(QProcess::nullDevice());
    const pid_t parent = ::getpid();
    m_process.setChildProcessModifier([parent] {
        // The child dies with this process, however it ends (even SIGKILL); if it already
        // ended before this line, the child was reparented and leaves at once.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(1);
    });
    m_process.start();
}

void SandboxProcess::readFirstLine()
{
    if (m_done) {
        m_process.readAllStandardOutput(); // the rest of its banner
        return;
    }
    m_stdout += m_process.readAllStandardOutput();
    const qsizetype nl = m_stdout.indexOf('\n');
    if (nl < 0)
        return;
    // "… listening on https://127.0.0.1:<port>" in any language: the line ends with the URL.
    const QString line = QString::fromUtf8(m_stdout.left(nl)).trimmed();
    const QString url = line.section(QLatin1Char(' '), -1);
    m_stdout.clear();
    if (!url.startsWith(QLatin1String("https://")))
        return fail(tr("the emulator answered something unexpected: %1").arg(line));
    m_baseUrl = url;
    m_done = true;
    Q_EMIT ready();
}

void SandboxProcess::onFinished(int code, QProcess::ExitStatus status)
{
    const QString stderrText = QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed();
    if (!m_done) {
        fail(stderrText.isEmpty() ? tr("the emulator stopped (exit code %1)").arg(code) : stderrText);
        return;
    }
    if (m_stopped)
        return;
    // The last line it wrote on stderr: its own explanation, when it gave one.
    const QString why = stderrText.section(QLatin1Char('\n'), -1);
    m_stopped = true;
    QString how;
    if (status == QProcess::CrashExit) {
        // On Unix, QProcess gives the terminating signal as the exit code of a crash.
        const char* abbrev = ::sigabbrev_np(code);
        how = abbrev ? tr("it was ended by signal %1 (SIG%2)").arg(code).arg(QLatin1String(abbrev))
                     : tr("it was ended by signal %1").arg(code);
    } else {
        how = tr("it exited with exit code %1").arg(code);
    }
    Q_EMIT stopped(why.isEmpty() ? how : tr("%1: %2").arg(how, why));
}

void SandboxProcess::fail(const QString& error)
{
    if (m_done)
        return;
    m_done = true;
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning)
        m_process.kill();
    Q_EMIT failed(error);
}

} // namespace aem::ui
