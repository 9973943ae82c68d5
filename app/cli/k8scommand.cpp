// keel k8s export pipeline|eval|serve: Kubernetes manifests for running the same work on a
// cluster, with GPU requests (whole GPUs or MIG slices), GPU and spot node pools, and
// scale-to-zero serving through KServe.
#include "app/cli/cli.h"

#include "eval/suite.h"
#include "pipeline/clustermanifest.h"
#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"
#include "pipeline/validation.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace keel::cli {
namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

int k8sCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("export pipeline FILE | export eval SUITE | export serve MODEL: Kubernetes manifests for running that work on a cluster "
                "(a Job, or a KServe InferenceService scaled to zero), with its GPU, MIG and spot scheduling."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("image"), Cli::tr("The container image with keel in it (default keel:latest)."), Cli::tr("IMAGE")});
    parser.addOption({QStringLiteral("claim"), Cli::tr("The PersistentVolumeClaim holding the workspace (default keel-workspace)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("container-workspace"), Cli::tr("Where the workspace is mounted in the container (default /workspace)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("container-file"),
                      Cli::tr("The pipeline or suite inside the container (default WORKSPACE/pipelines/NAME.yaml or WORKSPACE/evals/FILE)."), Cli::tr("PATH")});
    parser.addOption({QStringLiteral("name"), Cli::tr("The object's name (default from the pipeline, suite or model)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("namespace"), Cli::tr("The namespace to put it in."), Cli::tr("NS")});
    parser.addOption({QStringLiteral("gpus"), Cli::tr("Whole GPUs to request (nvidia.com/gpu)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("mig"), Cli::tr("A MIG slice to request instead, such as 1g.10gb (nvidia.com/mig-1g.10gb)."), Cli::tr("PROFILE")});
    parser.addOption({QStringLiteral("spot"), Cli::tr("Run on spot or preemptible nodes only (GKE, EKS, Karpenter and AKS labels).")});
    parser.addOption({QStringLiteral("cpu"), Cli::tr("CPU to request (default 2)."), Cli::tr("CPU")});
    parser.addOption({QStringLiteral("memory"), Cli::tr("Memory to request and limit (default 8Gi)."), Cli::tr("QUANTITY")});
    parser.addOption({QStringLiteral("gate"), Cli::tr("eval: fail the Job when the run regresses against this baseline run."), Cli::tr("RUN")});
    parser.addOption({QStringLiteral("max-replicas"), Cli::tr("serve: most predictor pods when busy (default 1; the least is 0)."), Cli::tr("N")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, Cli::tr("Write to this file instead of standard output."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("export"), Cli::tr("export"));
    parser.addPositionalArgument(QStringLiteral("what"), Cli::tr("pipeline, eval or serve"));
    parser.addPositionalArgument(QStringLiteral("file"), Cli::tr("the pipeline file, the eval suite, or the model"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 3 || args[0] != QLatin1String("export") ||
        (args[1] != QLatin1String("pipeline") && args[1] != QLatin1String("eval") && args[1] != QLatin1String("serve")))
        return Cli::usageError(Cli::tr("usage: keel k8s export pipeline FILE | export eval SUITE | export serve MODEL"));

    pipeline::ClusterOptions o;
    if (parser.isSet(QStringLiteral("image")))
        o.base.image = parser.value(QStringLiteral("image")).toStdString();
    if (parser.isSet(QStringLiteral("claim")))
        o.base.claim = parser.value(QStringLiteral("claim")).toStdString();
    if (parser.isSet(QStringLiteral("container-workspace")))
        o.base.workspace = parser.value(QStringLiteral("container-workspace")).toStdString();
    if (parser.isSet(QStringLiteral("container-file")))
        o.base.pipelineFile = parser.value(QStringLiteral("container-file")).toStdString();
    o.name = parser.value(QStringLiteral("name")).toStdString();
    o.ns = parser.value(QStringLiteral("namespace")).toStdString();
    o.spot = parser.isSet(QStringLiteral("spot"));
    o.migProfile = parser.value(QStringLiteral("mig")).toStdString();
    if (parser.isSet(QStringLiteral("cpu")))
        o.cpu = parser.value(QStringLiteral("cpu")).toStdString();
    if (parser.isSet(QStringLiteral("memory")))
        o.memory = parser.value(QStringLiteral("memory")).toStdString();
    bool ok = true;
    if (parser.isSet(QStringLiteral("gpus")))
        o.gpus = parser.value(QStringLiteral("gpus")).toInt(&ok);
    if (!ok || o.gpus < 0)
        return Cli::usageError(Cli::tr("--gpus takes a whole number of GPUs, not '%1'").arg(parser.value(QStringLiteral("gpus"))));
    if (parser.isSet(QStringLiteral("max-replicas")))
        o.maxReplicas = parser.value(QStringLiteral("max-replicas")).toInt(&ok);
    if (!ok || o.maxReplicas < 1)
        return Cli::usageError(Cli::tr("--max-replicas takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("max-replicas"))));

    try {
        std::string text;
        const std::string target = args[2].toStdString();
        if (args[1] == QLatin1String("pipeline")) {
            // The file is checked here, so a broken pipeline never reaches the cluster.
            const pipeline::Graph graph = pipeline::loadPipeline(target);
            const auto problems = pipeline::validate(graph, pipeline::NodeRegistry::builtin());
            if (pipeline::hasErrors(problems)) {
                for (const pipeline::Problem &p : problems)
                    Cli::err() << q(p.text(target)) << '\n';
                Cli::err().flush();
                return BadUsage;
            }
            o.base.source = std::filesystem::path(target).filename().string();
            text = pipeline::clusterPipelineJob(graph, o);
        } else if (args[1] == QLatin1String("eval")) {
            const eval::EvalSuite suite = eval::readSuite(target); // throws with file, line and column
            (void)suite;
            const std::string inside = o.base.pipelineFile.empty()
                                           ? o.base.workspace + "/evals/" + std::filesystem::path(target).filename().string()
                                           : o.base.pipelineFile;
            text = pipeline::clusterEvalJob(inside, parser.value(QStringLiteral("gate")).toStdString(), o);
        } else {
            text = pipeline::clusterInferenceService(target, o);
        }
        if (parser.isSet(QStringLiteral("output")))
            return Cli::writeOutput(parser, text) ? Ok : CheckFailed;
        Cli::out() << q(text);
        Cli::out().flush();
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
