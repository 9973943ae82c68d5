#include "pipeline/graph.h"
#include "pipeline/value.h"

#include <algorithm>
#include <map>
#include <set>

namespace keel::pipeline {

const char *toString(PortType type)
{
    switch (type) {
    case PortType::Dataset: return "Dataset";
    case PortType::Model: return "Model";
    case PortType::Metrics: return "Metrics";
    case PortType::DriftReport: return "DriftReport";
    case PortType::Index: return "Index";
    case PortType::EvalReport: return "EvalReport";
    case PortType::Text: return "Text";
    case PortType::Any: return "Any";
    }
    return "Any";
}

std::optional<PortType> portTypeFromString(const std::string &text)
{
    for (PortType t : {PortType::Dataset, PortType::Model, PortType::Metrics, PortType::DriftReport, PortType::Index,
                       PortType::EvalReport, PortType::Text, PortType::Any})
        if (text == toString(t))
            return t;
    return std::nullopt;
}

bool compatible(PortType from, PortType to)
{
    return from == to || to == PortType::Any || from == PortType::Any;
}

const Node *Graph::node(const std::string &id) const
{
    for (const Node &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

Node *Graph::node(const std::string &id)
{
    for (Node &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

std::vector<const Link *> Graph::linksInto(const std::string &id) const
{
    std::vector<const Link *> out;
    for (const Link &l : links)
        if (l.toNode == id)
            out.push_back(&l);
    return out;
}

std::vector<const Link *> Graph::linksOutOf(const std::string &id) const
{
    std::vector<const Link *> out;
    for (const Link &l : links)
        if (l.fromNode == id)
            out.push_back(&l);
    return out;
}

std::optional<std::vector<std::string>> Graph::topologicalOrder(std::vector<std::string> *cycle) const
{
    // Kahn's algorithm, always taking the earliest node in file order that is ready.
    std::map<std::string, int> pending;
    for (const Node &n : nodes)
        pending[n.id] = 0;
    for (const Link &l : links)
        if (pending.count(l.fromNode) && pending.count(l.toNode))
            ++pending[l.toNode];
    std::vector<std::string> order;
    std::set<std::string> done;
    if (pending.size() != nodes.size())
        return std::nullopt; // two nodes share an id: there is no order to speak of (validate() says so)
    while (order.size() < nodes.size()) {
        const Node *next = nullptr;
        for (const Node &n : nodes)
            if (!done.count(n.id) && pending[n.id] == 0) {
                next = &n;
                break;
            }
        if (!next)
            break;
        done.insert(next->id);
        order.push_back(next->id);
        for (const Link &l : links)
            if (l.fromNode == next->id && pending.count(l.toNode))
                --pending[l.toNode];
    }
    if (order.size() == nodes.size())
        return order;
    if (cycle) {
        // Walk back along links between the nodes left until one repeats.
        cycle->clear();
        std::string at;
        for (const Node &n : nodes)
            if (!done.count(n.id)) {
                at = n.id;
                break;
            }
        std::vector<std::string> path;
        while (std::find(path.begin(), path.end(), at) == path.end()) {
            path.push_back(at);
            for (const Link &l : links)
                if (l.toNode == at && !done.count(l.fromNode) && pending.count(l.fromNode)) {
                    at = l.fromNode;
                    break;
                }
        }
        auto start = std::find(path.begin(), path.end(), at);
        cycle->assign(start, path.end());
        std::reverse(cycle->begin(), cycle->end());
        // Told from the node that comes first in the file.
        auto first = std::min_element(cycle->begin(), cycle->end(), [&](const std::string &a, const std::string &b) {
            auto index = [&](const std::string &id) {
                return std::find_if(nodes.begin(), nodes.end(), [&](const Node &n) { return n.id == id; }) - nodes.begin();
            };
            return index(a) < index(b);
        });
        std::rotate(cycle->begin(), first, cycle->end());
    }
    return std::nullopt;
}

} // namespace keel::pipeline
