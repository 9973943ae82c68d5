#pragma once

// Constrained decoding: a context-free grammar over bytes (JSON, or JSON that matches a JSON
// Schema), a matcher that follows the text generated so far, and the token mask that lets a
// decoder pick only tokens the grammar allows next. The server's response_format and the eval
// judges share it, so that their output always parses (unless the token limit cuts it short).

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace keel::nn {

class BpeTokenizer;

// Rules of alternatives of symbols: byte classes and references to rules. The first rule is
// where the text starts. Built only by the functions below, so it has no left recursion.
class Grammar {
public:
    // Any JSON value; any JSON object (OpenAI's json_object); a value that matches `schema`
    // (JSON text: type, properties, required, additionalProperties, items, minItems, maxItems,
    // enum, const, anyOf, oneOf, allOf of one, $ref into $defs/definitions, minLength,
    // maxLength, nullable; annotations such as title, description and format are ignored).
    // A keyword that asserts something the grammar cannot hold (pattern, minimum, ...) throws
    // keel::Error naming it and where it is, `where` first ("response_format.json_schema.schema").
    static std::shared_ptr<const Grammar> jsonValue();
    static std::shared_ptr<const Grammar> jsonObject();
    static std::shared_ptr<const Grammar> fromJsonSchema(std::string_view schema, const std::string &where = "schema");

    enum class Kind : std::uint8_t { End, Bytes, Rule };
    struct Symbol {
        Kind kind = Kind::End;
        std::uint32_t id = 0; // byte class or rule
    };
    const std::vector<Symbol> &symbols() const { return m_symbols; }
    const std::vector<std::uint32_t> &alternatives(std::uint32_t rule) const { return m_rules[rule]; }
    bool allows(std::uint32_t byteClass, unsigned char c) const { return m_classes[byteClass][c]; }

private:
    friend class GrammarBuilder;
    std::vector<Symbol> m_symbols;                  // each alternative's symbols, then End
    std::vector<std::vector<std::uint32_t>> m_rules; // per rule: where its alternatives start
    std::vector<std::bitset<256>> m_classes;
};

// Where the text generated so far can be in the grammar: a set of stacks of positions (the
// symbol to match next on top, where to return below).
class GrammarMatcher {
public:
    explicit GrammarMatcher(std::shared_ptr<const Grammar> grammar);
    // Takes the bytes when the grammar allows all of them, else changes nothing and says false.
    bool accept(std::string_view bytes);
    bool complete() const;  // the text so far is a whole sentence of the grammar
    bool mustEnd() const;   // ...and nothing may follow it
    bool dead() const { return m_stacks.empty(); }
    using Stack = std::vector<std::uint32_t>;
    // The state as bytes: equal keys, equal futures.
    std::string key() const;
    static std::string keyOf(const std::vector<Stack> &stacks);
    const std::vector<Stack> &stacks() const { return m_stacks; }
    // The stacks after byte `c` from `in` (empty: the grammar does not allow it).
    static void step(const Grammar &g, const std::vector<Stack> &in, unsigned char c, std::vector<Stack> &out);

private:
    std::shared_ptr<const Grammar> m_grammar;
    std::vector<Stack> m_stacks;
};

// A vocabulary's tokens as a trie of their bytes (special tokens left out: a grammar never
// allows them, except the end of text when the text is complete).
class TokenTrie {
public:
    explicit TokenTrie(const BpeTokenizer &tokenizer);
    struct Node {
        std::vector<std::pair<unsigned char, std::uint32_t>> children;
        std::vector<std::int32_t> tokens; // the tokens whose bytes end here
    };
    const std::vector<Node> &nodes() const { return m_nodes; }
    std::size_t vocabulary() const { return m_vocabulary; }
    std::int32_t eos() const { return m_eos; }
    const std::string &bytes(std::int32_t token) const { return m_bytes[std::size_t(token)]; }

private:
    std::vector<Node> m_nodes;
    std::vector<std::string> m_bytes;
    std::size_t m_vocabulary = 0;
    std::int32_t m_eos = -1;
};

// One generation under a grammar: which tokens may come next, and the chosen ones taken in.
class TokenConstraint {
public:
    TokenConstraint(std::shared_ptr<const Grammar> grammar, std::shared_ptr<const TokenTrie> trie);
    // Sets the logits of tokens the grammar does not allow next to −∞ (the end-of-text token is
    // allowed when the text so far is complete). False when no token is allowed.
    bool mask(std::vector<float> &logits);
    // Takes a chosen token in; throws keel::Error (Internal) when the grammar did not allow it.
    void accept(std::int32_t token);
    bool mustEnd() const { return m_matcher.mustEnd(); }
    bool complete() const { return m_matcher.complete(); }

private:
    using Mask = std::vector<std::uint64_t>;
    std::shared_ptr<const Mask> allowed();
    // The matcher's states met so far, numbered, with their transitions by byte filled in as
    // they are needed: walking the trie is then mostly table lookups (inside a string almost
    // every byte leads back to the same state).
    int stateOf(std::vector<GrammarMatcher::Stack> stacks);
    int transition(int state, unsigned char c);
    std::shared_ptr<const Grammar> m_grammar;
    std::shared_ptr<const TokenTrie> m_trie;
    GrammarMatcher m_matcher;
    std::unordered_map<std::string, std::shared_ptr<const Mask>> m_masks; // by matcher state
    std::vector<std::vector<GrammarMatcher::Stack>> m_states;
    std::unordered_map<std::string, int> m_stateIds;
    std::vector<std::vector<int>> m_transitions; // per state, per byte: the next state; −1 none, −2 not known yet
};

} // namespace keel::nn
