#include "compute/job.h"

namespace keel::compute {

const char *toString(DeviceNeed need)
{
    switch (need) {
    case DeviceNeed::Cpu: return "cpu";
    case DeviceNeed::Gpu: return "gpu";
    case DeviceNeed::Any: return "any";
    }
    return "cpu";
}

const char *toString(JobState state)
{
    switch (state) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Succeeded: return "succeeded";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
    }
    return "queued";
}

std::optional<DeviceNeed> deviceNeedFromString(std::string_view text)
{
    for (DeviceNeed n : {DeviceNeed::Cpu, DeviceNeed::Gpu, DeviceNeed::Any}) {
        if (text == toString(n))
            return n;
    }
    return std::nullopt;
}

std::optional<JobState> jobStateFromString(std::string_view text)
{
    for (JobState s : {JobState::Queued, JobState::Running, JobState::Succeeded, JobState::Failed, JobState::Cancelled}) {
        if (text == toString(s))
            return s;
    }
    return std::nullopt;
}

std::string DeviceId::toString() const
{
    return kind == Kind::Cpu ? std::string("cpu") : "cuda:" + std::to_string(index);
}

std::string userMessageFromException(const std::exception &e)
{
    std::string text = e.what();
    for (const char *marker : {"\nException raised from", "Exception raised from "}) {
        if (const auto pos = text.find(marker); pos != std::string::npos)
            text.erase(pos);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text.empty() ? std::string("unknown error") : text;
}

} // namespace keel::compute
