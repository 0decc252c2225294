package io.flagstream.risk;

import io.flagstream.state.ClusterNode;
import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;

/** Reads the cluster task's union-find state in tests: which component an account is in, and its size. */
final class Components {
    private Components() {
    }

    /** The account's component size; 0 when the cluster task has never seen the account. */
    static int sizeOf(TopologyFixture f, String account) {
        KeyValueStore<String, ClusterNode> nodes = f.driver.getKeyValueStore(RiskTopology.NODES_STORE);
        String root = UnionFind.root(nodes, account);
        return root == null ? 0 : nodes.get(root).getSize();
    }

    /** True when the account is linked to no other account. */
    static boolean alone(TopologyFixture f, String account) {
        return sizeOf(f, account) <= 1;
    }

    static boolean together(TopologyFixture f, String a, String b) {
        KeyValueStore<String, ClusterNode> nodes = f.driver.getKeyValueStore(RiskTopology.NODES_STORE);
        String root = UnionFind.root(nodes, a);
        return root != null && root.equals(UnionFind.root(nodes, b));
    }
}
