#pragma once

// Guardrails: personal data (PII), prompt injection and refusals found in text. Each is an
// assertion (pii, prompt-injection, is-refusal and their not- forms) and a filter on retrieved
// context. Patterns, not models: what they find is listed with its span so a user sees why.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keel::eval {

struct Finding {
    std::string kind;        // "email", "phone", "credit_card", "iban", "ip_address", "us_ssn", "uk_nino", "name"; or the injection or refusal pattern's name
    std::size_t begin = 0, end = 0; // byte offsets
    std::string text;
};

// Card numbers pass the Luhn check and IBANs the ISO 13616 mod-97 check with their country's
// length; phone numbers need 9 to 15 digits in a phone's shape; `names` (people's names from a
// list) match whole words, case-insensitively. `kinds` empty: every kind.
std::vector<Finding> findPii(std::string_view text, const std::vector<std::string> &names = {}, const std::vector<std::string> &kinds = {});
// The text with each finding replaced by "[KIND]".
std::string redact(std::string_view text, const std::vector<Finding> &findings);

// Instructions aimed at the model hidden in an input or a retrieved document: overriding earlier
// instructions, revealing the system prompt, role switches, chat-template tokens, jailbreak
// personas (English and German phrasings).
std::vector<Finding> findPromptInjection(std::string_view text);

// A model declining to answer ("I'm sorry, but I can't…", "As an AI language model…").
std::vector<Finding> findRefusal(std::string_view text);

bool luhnValid(std::string_view digits);
bool ibanValid(std::string_view iban); // spaces allowed

} // namespace keel::eval
