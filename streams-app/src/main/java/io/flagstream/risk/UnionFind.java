package io.flagstream.risk;

import io.flagstream.state.ClusterNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Connected components of accounts as a union-find forest kept one node per account ({@link ClusterNode}: parent
 * pointer, and the component's size at its root). Union by size keeps every path at most log2(n) long, and
 * {@link #find} halves the paths it walks, so a link costs O(log n) store reads and at most a few writes,
 * whatever the size of the components: a merge re-points one root, it never rewrites the members.
 */
public final class UnionFind {
    /** The node store, as the processor's key-value store or a map in tests. */
    interface Nodes {
        ClusterNode get(String account);

        void put(String account, ClusterNode node);

        static Nodes of(KeyValueStore<String, ClusterNode> store) {
            return new Nodes() {
                @Override
                public ClusterNode get(String account) {
                    return store.get(account);
                }

                @Override
                public void put(String account, ClusterNode node) {
                    store.put(account, node);
                }
            };
        }
    }

    /** The outcome of a union: the root that stays and the root it absorbed (null when both were one already). */
    record Union(String root, String absorbed) {
    }

    private final Nodes nodes;

    UnionFind(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The account's node, made a component of one (a root) when the account is new. */
    ClusterNode node(String account) {
        ClusterNode n = nodes.get(account);
        if (n == null) {
            n = new ClusterNode(account, 1, 0.0, Long.MIN_VALUE);
            nodes.put(account, n);
        }
        return n;
    }

    /** The root of the account's component, halving the path on the way (each node skips to its grandparent). */
    String find(String account) {
        String x = account;
        ClusterNode n = node(x);
        while (!n.getParent().equals(x)) {
            String parent = n.getParent();
            ClusterNode p = nodes.get(parent);
            if (!p.getParent().equals(parent)) {
                n.setParent(p.getParent());
                nodes.put(x, n);
            }
            x = parent;
            n = p;
        }
        return x;
    }

    /** The root without writing anything: for readers of a store they do not own (the HTTP risk query). */
    public static String root(ReadOnlyKeyValueStore<String, ClusterNode> nodes, String account) {
        ClusterNode n = nodes.get(account);
        if (n == null) {
            return null;
        }
        String x = account;
        while (!n.getParent().equals(x)) {
            x = n.getParent();
            n = nodes.get(x);
        }
        return x;
    }

    int size(String root) {
        return nodes.get(root).getSize();
    }

    /** Joins the components of the two roots: the smaller hangs under the larger (ties: under {@code a}). */
    Union union(String a, String b) {
        if (a.equals(b)) {
            return new Union(a, null);
        }
        ClusterNode na = nodes.get(a);
        ClusterNode nb = nodes.get(b);
        boolean aStays = na.getSize() >= nb.getSize();
        String big = aStays ? a : b;
        String small = aStays ? b : a;
        ClusterNode bigNode = aStays ? na : nb;
        ClusterNode smallNode = aStays ? nb : na;
        smallNode.setParent(big);
        nodes.put(small, smallNode);
        bigNode.setSize(na.getSize() + nb.getSize());
        nodes.put(big, bigNode);
        return new Union(big, small);
    }
}
