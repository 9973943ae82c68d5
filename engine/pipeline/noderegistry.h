#pragma once

#include "pipeline/nodetype.h"

#include <memory>
#include <string>
#include <vector>

namespace keel::pipeline {

// Every node type Keel has, in palette order. Each type lives in a file of its own under
// nodes/ and is listed once in noderegistry.cpp.
class NodeRegistry {
public:
    static const NodeRegistry &builtin();
    const NodeType *find(const std::string &id) const;
    const std::vector<NodeType> &types() const { return m_types; }
    void add(NodeType type);

private:
    std::vector<NodeType> m_types;
};

// The factories of nodes/*.cpp.
NodeType loadDatasetNode();
NodeType validateDataNode();
NodeType splitNode();
NodeType featureTransformNode();
NodeType trainNode();
NodeType evaluateNode();
NodeType evalGateNode();
NodeType registerModelNode();
NodeType setAliasNode();
NodeType driftCheckNode();
NodeType runCommandNode();

} // namespace keel::pipeline
