#include "nn/modelcatalog.h"

#include "core/error.h"
#include "nn/gguf.h"
#include "nn/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

namespace keel::nn {
namespace {

namespace fs = std::filesystem;

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

FoundModel describeGguf(const fs::path &file)
{
    FoundModel m;
    m.path = file;
    m.name = file.stem().string();
    m.format = "gguf";
    std::error_code ec;
    m.bytes = fs::file_size(file, ec);
    try {
        const GgufFile g(file);
        m.architecture = g.find("general.architecture") ? g.getString("general.architecture") : "";
        if (const auto *name = g.find("general.name"); name && name->type == GgufType::String && m.name.empty())
            m.name = name->string;
        // The type most of the weights use.
        std::map<std::string, std::uint64_t> byType;
        for (const auto &t : g.tensors())
            byType[ggmlTypeName(t.ggmlType)] += t.elements;
        m.quantisation = std::max_element(byType.begin(), byType.end(), [](const auto &a, const auto &b) { return a.second < b.second; })->first;
        m.kind = m.architecture == "bert" || m.architecture == "nomic-bert" ? "encoder" : "decoder";
    } catch (const std::exception &e) {
        m.quantisation = std::string("unreadable: ") + e.what();
    }
    return m;
}

FoundModel describeFolder(const fs::path &folder)
{
    FoundModel m;
    m.path = folder;
    // The folder's name (its parent's when it is a generic "model" folder inside a package).
    m.name = folder.filename() == "model" ? folder.parent_path().filename().string() : folder.filename().string();
    m.format = "safetensors";
    std::error_code ec;
    m.bytes = fs::file_size(folder / "model.safetensors", ec);
    try {
        std::ifstream in(folder / "config.json");
        const auto config = nlohmann::json::parse(in);
        m.architecture = config.value("model_type", "");
        m.kind = m.architecture == "bert" || m.architecture == "roberta" || m.architecture == "xlm-roberta" || m.architecture == "mpnet" ? "encoder" : "decoder";
        const SafetensorsFile weights(folder / "model.safetensors");
        std::map<std::string, std::uint64_t> byType;
        for (const auto &t : weights.tensors())
            byType[t.dtype] += t.elements;
        if (!byType.empty())
            m.quantisation = std::max_element(byType.begin(), byType.end(), [](const auto &a, const auto &b) { return a.second < b.second; })->first;
    } catch (const std::exception &e) {
        m.quantisation = std::string("unreadable: ") + e.what();
    }
    // Hugging Face hub snapshots sit in models--org--name/snapshots/<hash>/: name them by the repo.
    const std::string parent = folder.parent_path().parent_path().filename().string();
    if (parent.rfind("models--", 0) == 0) {
        std::string repo = parent.substr(8);
        const auto dash = repo.find("--");
        m.name = dash == std::string::npos ? repo : repo.substr(dash + 2);
    }
    return m;
}

void scan(const fs::path &dir, int depth, std::vector<FoundModel> &out, std::set<fs::path> &seen)
{
    std::error_code ec;
    if (depth > 6 || !fs::is_directory(dir, ec))
        return;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!seen.insert(canonical).second)
        return;
    if (fs::exists(dir / "config.json", ec) && fs::exists(dir / "model.safetensors", ec)) {
        out.push_back(describeFolder(dir));
        return;
    }
    std::vector<fs::path> children;
    for (const auto &entry : fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec))
        children.push_back(entry.path());
    std::sort(children.begin(), children.end());
    for (const fs::path &child : children) {
        if (child.filename().string().rfind('.', 0) == 0)
            continue; // .venv, .git, .locks
        if (fs::is_regular_file(child, ec) && child.extension() == ".gguf")
            out.push_back(describeGguf(child));
        else if (fs::is_directory(child, ec))
            scan(child, depth + 1, out, seen);
    }
}

} // namespace

std::vector<fs::path> modelFolders(const std::vector<fs::path> &extra)
{
    const std::string home = env("HOME");
    const std::string cache = env("XDG_CACHE_HOME").empty() ? home + "/.cache" : env("XDG_CACHE_HOME");
    std::vector<fs::path> roots;
    roots.push_back(env("KEEL_MODELS").empty() ? fs::path(cache) / "keel" / "models" : fs::path(env("KEEL_MODELS")));
    roots.push_back(env("HF_HOME").empty() ? fs::path(cache) / "huggingface" / "hub" : fs::path(env("HF_HOME")) / "hub");
    roots.insert(roots.end(), extra.begin(), extra.end());
    return roots;
}

std::vector<FoundModel> findModels(const std::vector<fs::path> &roots)
{
    std::vector<FoundModel> out;
    std::set<fs::path> seen;
    for (const fs::path &root : roots)
        scan(root, 0, out, seen);
    return out;
}

fs::path resolveModel(const std::string &model, const std::vector<fs::path> &extra)
{
    if (std::error_code ec; !model.empty() && fs::exists(model, ec))
        return model;
    auto key = [](const std::string &s) {
        std::string k;
        for (const char c : s)
            if (c != '-' && c != '_' && c != '.')
                k += char(std::tolower(static_cast<unsigned char>(c)));
        return k;
    };
    const std::string wanted = key(model);
    std::vector<FoundModel> partial;
    for (const auto &m : findModels(modelFolders(extra))) {
        const std::string name = key(m.name);
        if (name == wanted)
            return m.path;
        if (!wanted.empty() && name.find(wanted) != std::string::npos)
            partial.push_back(m);
    }
    if (partial.size() == 1)
        return partial.front().path;
    throwError(ErrorKind::NotFound, "no model \"" + model + "\"" + (partial.size() > 1 ? " (several match)" : "") +
                                        ": give a path, or a name that keel models lists");
}

} // namespace keel::nn
