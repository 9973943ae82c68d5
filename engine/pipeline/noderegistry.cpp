#include "pipeline/noderegistry.h"

namespace keel::pipeline {

const NodeRegistry &NodeRegistry::builtin()
{
    static const NodeRegistry registry = [] {
        NodeRegistry r;
        for (auto make : {loadDatasetNode, validateDataNode, splitNode, featureTransformNode, trainNode, evaluateNode, evalGateNode,
                          registerModelNode, setAliasNode, driftCheckNode, runCommandNode})
            r.add(make());
        return r;
    }();
    return registry;
}

const NodeType *NodeRegistry::find(const std::string &id) const
{
    for (const NodeType &t : m_types)
        if (t.id == id)
            return &t;
    return nullptr;
}

void NodeRegistry::add(NodeType type)
{
    m_types.push_back(std::move(type));
}

} // namespace keel::pipeline
