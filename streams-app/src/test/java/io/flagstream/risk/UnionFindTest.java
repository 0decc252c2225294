package io.flagstream.risk;

import io.flagstream.state.ClusterNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The union-find forest against a brute-force connected-components oracle, on random links: 300 seeded trials each,
 * so a failure names its trial and replays.
 */
class UnionFindTest {
    private static final int TRIALS = 300;

    /** A node store that hands out copies, as a Kafka store does, and counts reads and writes. */
    private static final class CountingNodes implements UnionFind.Nodes {
        final Map<String, ClusterNode> nodes = new HashMap<>();
        int reads;
        int writes;

        @Override
        public ClusterNode get(String account) {
            reads++;
            ClusterNode n = nodes.get(account);
            return n == null ? null : ClusterNode.newBuilder(n).build();
        }

        @Override
        public void put(String account, ClusterNode node) {
            writes++;
            nodes.put(account, ClusterNode.newBuilder(node).build());
        }
    }

    private static String account(int i) {
        return "acct-" + i;
    }

    /** Links {@code ends[0]–ends[1]}, {@code ends[2]–ends[3]}, … as the cluster task does: find both, then union. */
    private static void link(UnionFind forest, int a, int b) {
        forest.union(forest.find(account(a)), forest.find(account(b)));
    }

    /** Up to {@code maxLinks} links among {@code accounts} accounts, as a flat list of link ends. */
    private static List<Integer> randomEnds(Random random, int accounts, int maxLinks) {
        List<Integer> ends = new ArrayList<>();
        int links = random.nextInt(maxLinks + 1);
        for (int i = 0; i < 2 * links; i++) {
            ends.add(random.nextInt(accounts));
        }
        return ends;
    }

    @Test
    void componentsAndSizesMatchTheOracle() {
        Random random = new Random(42);
        for (int trial = 0; trial < TRIALS; trial++) {
            componentsAndSizesMatchTheOracle(trial, randomEnds(random, 1 + random.nextInt(40), 60));
        }
    }

    private static void componentsAndSizesMatchTheOracle(int trial, List<Integer> ends) {
        UnionFind forest = new UnionFind(new CountingNodes());
        Map<Integer, Set<Integer>> edges = new HashMap<>();
        for (int i = 0; i + 1 < ends.size(); i += 2) {
            link(forest, ends.get(i), ends.get(i + 1));
            edges.computeIfAbsent(ends.get(i), k -> new HashSet<>()).add(ends.get(i + 1));
            edges.computeIfAbsent(ends.get(i + 1), k -> new HashSet<>()).add(ends.get(i));
        }
        List<Set<Integer>> components = components(edges);
        for (Set<Integer> component : components) {
            String root = forest.find(account(component.iterator().next()));
            assertThat(forest.size(root)).as("trial %d: size of %s", trial, component).isEqualTo(component.size());
            for (int member : component) {
                assertThat(forest.find(account(member))).as("trial %d: root of %d", trial, member).isEqualTo(root);
            }
        }
        Set<String> roots = new HashSet<>();
        components.forEach(c -> roots.add(forest.find(account(c.iterator().next()))));
        assertThat(roots).as("trial %d: one root per component, none shared", trial).hasSize(components.size());
    }

    @Test
    void aFindReadsAtMostLog2NNodesAndAUnionWritesTwo() {
        Random random = new Random(7);
        for (int trial = 0; trial < TRIALS; trial++) {
            aFindReadsAtMostLog2NNodesAndAUnionWritesTwo(trial, randomEnds(random, 256, 200));
        }
    }

    private static void aFindReadsAtMostLog2NNodesAndAUnionWritesTwo(int trial, List<Integer> ends) {
        CountingNodes nodes = new CountingNodes();
        UnionFind forest = new UnionFind(nodes);
        for (int i = 0; i + 1 < ends.size(); i += 2) {
            String a = forest.find(account(ends.get(i)));
            String b = forest.find(account(ends.get(i + 1)));
            int writes = nodes.writes;
            forest.union(a, b);
            assertThat(nodes.writes - writes).as("trial %d: a merge re-points one root, whatever the sizes", trial).isLessThanOrEqualTo(2);
        }
        int n = Math.max(1, nodes.nodes.size());
        int bound = 32 - Integer.numberOfLeadingZeros(n); // floor(log2 n) + 1
        for (String account : List.copyOf(nodes.nodes.keySet())) {
            int reads = nodes.reads;
            forest.find(account);
            assertThat(nodes.reads - reads).as("trial %d: reads to find %s among %d accounts", trial, account, n).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void aNewAccountIsAComponentOfOne() {
        UnionFind forest = new UnionFind(new CountingNodes());
        assertThat(forest.find("a")).isEqualTo("a");
        assertThat(forest.size("a")).isEqualTo(1);
    }

    @Test
    void theSmallerComponentHangsUnderTheLarger() {
        UnionFind forest = new UnionFind(new CountingNodes());
        link(forest, 1, 2);
        link(forest, 1, 3);
        UnionFind.Union union = forest.union(forest.find(account(9)), forest.find(account(3)));
        assertThat(union.root()).isEqualTo(forest.find(account(1)));
        assertThat(union.absorbed()).isEqualTo(account(9));
        assertThat(forest.size(union.root())).isEqualTo(4);
    }

    private static List<Set<Integer>> components(Map<Integer, Set<Integer>> edges) {
        List<Set<Integer>> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int start : edges.keySet()) {
            if (seen.add(start)) {
                Set<Integer> component = new HashSet<>(List.of(start));
                ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
                while (!queue.isEmpty()) {
                    for (int next : edges.getOrDefault(queue.poll(), Set.of())) {
                        if (seen.add(next)) {
                            component.add(next);
                            queue.add(next);
                        }
                    }
                }
                out.add(component);
            }
        }
        return out;
    }
}
