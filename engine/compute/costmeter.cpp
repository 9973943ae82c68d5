#include "compute/costmeter.h"

#include "compute/nvml.h"
#include "compute/torchruntime.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace keel::compute {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// "… MIG 3g.40gb" -> 3 of the GPU's 7 compute slices; 7 for a whole GPU.
int migSlices(const std::string &deviceName)
{
    const std::string profile = migProfileFromName(deviceName);
    const int slices = profile.empty() ? 7 : std::atoi(profile.c_str());
    return slices >= 1 && slices <= 7 ? slices : 7;
}

double number(const nlohmann::json &j, const char *field, const std::string &where)
{
    if (!j.contains(field))
        throwError(ErrorKind::BadInput, where + ": '" + field + "' is missing");
    if (!j[field].is_number() || j[field].get<double>() < 0)
        throwError(ErrorKind::BadInput, where + ": '" + field + "' must be a price of 0 or more, not " + j[field].dump());
    return j[field].get<double>();
}

} // namespace

Prices Prices::defaults()
{
    Prices p;
    p.gpus = {
        {"B200", 6.00, 3.00},     {"H200", 4.50, 2.20},      {"H100", 3.90, 1.90},   {"A100 80GB", 2.50, 1.00},
        {"A100-SXM4-80GB", 2.50, 1.00}, {"A100", 1.80, 0.75}, {"L40S", 1.70, 0.75}, {"L40", 1.40, 0.60},
        {"A10G", 1.00, 0.40},     {"A10", 0.90, 0.40},       {"L4", 0.80, 0.30},     {"T4", 0.50, 0.18},
        {"V100", 2.50, 0.80},     {"RTX 4090", 0.70, 0.35},
    };
    return p;
}

const GpuPrice &Prices::priceFor(const std::string &deviceName) const
{
    const std::string name = lower(deviceName);
    const GpuPrice *best = nullptr;
    for (const GpuPrice &g : gpus) {
        if (!g.model.empty() && name.find(lower(g.model)) != std::string::npos && (!best || g.model.size() > best->model.size()))
            best = &g;
    }
    return best ? *best : otherGpu;
}

double Prices::gpuHour(const std::string &deviceName) const
{
    const GpuPrice &p = priceFor(deviceName);
    return (spot ? p.spot : p.onDemand) * migSlices(deviceName) / 7.0;
}

std::string Prices::toJson() const
{
    nlohmann::json rows = nlohmann::json::array();
    for (const GpuPrice &g : gpus)
        rows.push_back({{"model", g.model}, {"on_demand", g.onDemand}, {"spot", g.spot}});
    const nlohmann::json j{{"gpus", rows},
                           {"other_gpu", {{"on_demand", otherGpu.onDemand}, {"spot", otherGpu.spot}}},
                           {"cpu_core_hour", {{"on_demand", cpuCoreHour}, {"spot", cpuCoreHourSpot}}},
                           {"spot", spot}};
    return j.dump(2);
}

Prices Prices::fromJson(const std::string &text)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throwError(ErrorKind::BadInput, std::string("prices: not JSON: ") + e.what());
    }
    if (!j.is_object())
        throwError(ErrorKind::BadInput, "prices: expected an object with 'gpus', 'other_gpu' and 'cpu_core_hour'");
    Prices p;
    if (j.contains("gpus")) {
        if (!j["gpus"].is_array())
            throwError(ErrorKind::BadInput, "prices: 'gpus' must be a list");
        int i = 0;
        for (const auto &row : j["gpus"]) {
            const std::string where = "prices: gpus[" + std::to_string(i++) + "]";
            if (!row.is_object() || !row.contains("model") || !row["model"].is_string() || row["model"].get<std::string>().empty())
                throwError(ErrorKind::BadInput, where + ": 'model' must name the GPU (\"H100\")");
            p.gpus.push_back({row["model"].get<std::string>(), number(row, "on_demand", where), number(row, "spot", where)});
        }
    } else {
        p.gpus = defaults().gpus;
    }
    if (j.contains("other_gpu")) {
        p.otherGpu.onDemand = number(j["other_gpu"], "on_demand", "prices: other_gpu");
        p.otherGpu.spot = number(j["other_gpu"], "spot", "prices: other_gpu");
    }
    if (j.contains("cpu_core_hour")) {
        p.cpuCoreHour = number(j["cpu_core_hour"], "on_demand", "prices: cpu_core_hour");
        p.cpuCoreHourSpot = number(j["cpu_core_hour"], "spot", "prices: cpu_core_hour");
    }
    if (j.contains("spot")) {
        if (!j["spot"].is_boolean())
            throwError(ErrorKind::BadInput, "prices: 'spot' must be true or false");
        p.spot = j["spot"].get<bool>();
    }
    return p;
}

CostMeter::CostMeter(Prices prices, std::vector<std::string> gpuNames, std::vector<int> gpuWorkers)
    : m_prices(std::move(prices)), m_gpuNames(std::move(gpuNames)), m_gpuWorkers(std::move(gpuWorkers))
{
}

const std::string &CostMeter::gpuName(int cudaIndex) const
{
    static const std::string unknown;
    return cudaIndex >= 0 && cudaIndex < int(m_gpuNames.size()) ? m_gpuNames[cudaIndex] : unknown;
}

double CostMeter::share(const DeviceId &device) const
{
    if (!device.isCuda())
        return 1.0;
    const int workers = device.index < int(m_gpuWorkers.size()) ? m_gpuWorkers[device.index] : 1;
    return workers > 1 ? 1.0 / workers : 1.0;
}

double CostMeter::runtimeHour(const DeviceId &device) const
{
    const double hour = deviceHour(device);
    return device.isCuda() ? hour : hour * double(torchrt::threads());
}

double CostMeter::deviceHour(const DeviceId &device) const
{
    if (!device.isCuda())
        return m_prices.cpuHour();
    return m_prices.gpuHour(gpuName(device.index));
}

} // namespace keel::compute
