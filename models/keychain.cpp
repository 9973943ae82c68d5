#include "models/keychain.h"

#include "core/error.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace keel::models {

namespace {
constexpr auto kService = "Keel";

template<typename JobType>
bool runJob(JobType &job)
{
    if (!QCoreApplication::instance())
        return false;
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit); // a keychain that never answers
    job.start();
    loop.exec();
    return job.error() == QKeychain::NoError;
}
} // namespace

std::string readSecret(const std::string &name)
{
    QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
    job.setAutoDelete(false);
    job.setKey(QString::fromStdString(name));
    if (!runJob(job))
        return {};
    return job.textData().toStdString();
}

void writeSecret(const std::string &name, const std::string &secret)
{
    QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
    job.setAutoDelete(false);
    job.setKey(QString::fromStdString(name));
    job.setTextData(QString::fromStdString(secret));
    if (!runJob(job))
        throwError(ErrorKind::Io, "the keychain did not store " + name + ": " +
                                      (job.errorString().isEmpty() ? std::string("no answer") : job.errorString().toStdString()));
}

} // namespace keel::models
