#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace keel::registry {

class ModelRegistry;

struct RegistryImportReport {
    int models = 0;
    int versions = 0;
    int aliases = 0;
    std::vector<std::string> warnings;
};

// Imports the model registry of an MLflow SQLite store (registered_models, model_versions,
// their tags, registered_model_aliases): each version's artifact (the folder its source points
// at, found as tracking import finds run artifacts) is stored content-addressed, with the
// version's run and its latest metrics as lineage; stages and aliases follow, each recorded in
// the audit history with `actor`. Versions keep MLflow's numbers: a model's import stops at
// the first version whose artifact is not on this machine, with a warning. Importing again
// adds the versions that are new and brings stages and aliases up to date.
RegistryImportReport importMlflowRegistry(const std::filesystem::path &mlflowDb, ModelRegistry &registry,
                                          const std::string &actor = "mlflow import");

// The same from an MLflow tracking server over its REST API (registered-models/search,
// model-versions/search, runs/get). Versions whose artifacts are not reachable as files on
// this machine (s3://, mlflow-artifacts:/) are reported and not imported.
RegistryImportReport importMlflowRegistryServer(const std::string &baseUrl, ModelRegistry &registry,
                                                const std::string &actor = "mlflow import", int timeoutSeconds = 30);

} // namespace keel::registry
