// safetensors: the 8-byte header length, the JSON header (dtypes, shapes, offsets, metadata),
// and every tensor's bytes read as floats (when small).
#include "fuzzinput.h"

#include "core/error.h"
#include "nn/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto path = keel::fuzz::writeInput(data, size, ".safetensors");
    try {
        const keel::nn::SafetensorsFile file(path);
        for (const auto &tensor : file.tensors()) {
            (void)file.find(tensor.name);
            (void)file.data(tensor);
            try {
                (void)file.toFloat(tensor);
            } catch (const keel::Error &) {
            }
        }
    } catch (const keel::Error &) {
    }
    return 0;
}
