#pragma once

// API keys of remote eval providers in the operating system's keychain (the Secret Service on
// Linux, through QtKeychain), under the service "Keel" and the key's name (OPENAI_API_KEY...).
// They go from there to the provider's request header and nowhere else.

#include <string>

namespace keel::models {

// The stored secret, or empty when there is none or no keychain answers (a headless CI machine:
// use the environment variable instead). Blocks the calling thread for the keychain's answer.
std::string readSecret(const std::string &name);
// Throws keel::Error (Io) with the keychain's message when it cannot store it.
void writeSecret(const std::string &name, const std::string &secret);

} // namespace keel::models
