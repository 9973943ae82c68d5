#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::pipeline {

// Where something was written in a pipeline file, for messages (1-based; 0 when unknown).
struct FilePos {
    int line = 0;
    int column = 0;
};

struct Node {
    std::string id;      // unique in the graph: "train_lr"
    std::string type;    // a NodeType id: "train"
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    double x = 0, y = 0; // where the canvas shows it
    FilePos pos;         // of the node in its file
    std::map<std::string, FilePos> paramPos;
};

struct Link {
    std::string fromNode, fromPort, toNode, toPort;
    FilePos pos;
};

// How a pipeline starts by itself (continuous training).
struct Trigger {
    std::string kind;    // schedule, files, drift
    std::string value;   // a cron expression, a folder, or a Drift check node's id
    FilePos pos;
};

// A pipeline: nodes with typed ports and parameters, and links from output to input ports.
struct Graph {
    std::string name;
    std::string description;
    std::vector<Node> nodes;
    std::vector<Link> links;
    std::vector<Trigger> triggers;

    const Node *node(const std::string &id) const;
    Node *node(const std::string &id);
    // The links into / out of a node.
    std::vector<const Link *> linksInto(const std::string &node) const;
    std::vector<const Link *> linksOutOf(const std::string &node) const;
    // Nodes in an order where every node comes after those it takes inputs from, ties by
    // their order in the file; nullopt when the links form a cycle (`cycle` then names one).
    std::optional<std::vector<std::string>> topologicalOrder(std::vector<std::string> *cycle = nullptr) const;
};

} // namespace keel::pipeline
