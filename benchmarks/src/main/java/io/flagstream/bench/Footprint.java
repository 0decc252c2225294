package io.flagstream.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/** Memory, local state and changelog sizes. */
public final class Footprint {
    private Footprint() {
    }

    /** Peak resident set size of this process ({@code VmHWM} in /proc/self/status), or -1 where there is no /proc. */
    public static long peakRssBytes() {
        return procStatusKb("self", "VmHWM:") * 1024;
    }

    /** Resident set size of another process ({@code VmRSS} in /proc/PID/status), or -1 where there is none. */
    static long rssBytes(long pid) {
        return procStatusKb(Long.toString(pid), "VmRSS:") * 1024;
    }

    private static long procStatusKb(String process, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", process, "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Bytes of every regular file under {@code dir}; 0 if it does not exist. */
    static long directoryBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a RocksDB file deleted while walking
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Bytes under an application's state dir by what they are: RocksDB tables ({@code sst}), its info logs, manifests and
     * options files, and the rest (checkpoints, locks): how much of the state is data and how much per-instance overhead.
     */
    static Map<String, Long> stateBytesByKind(Path appStateDir) {
        return stateBytesBy(appStateDir, (relative, name) -> name.endsWith(".sst") ? "sst"
                : name.startsWith("LOG") ? "rocksdb info logs"
                : name.startsWith("MANIFEST") ? "manifests"
                : name.startsWith("OPTIONS") ? "options files" : "other");
    }

    /** Bytes under an application's state dir per store (summed over tasks and segments). */
    static Map<String, Long> stateBytesByStore(Path appStateDir) {
        return stateBytesBy(appStateDir, (relative, name) -> storeOf(relative));
    }

    /** The store a file under an application's state dir belongs to, from its path relative to that dir. */
    static String storeOf(Path relative) {
        // <task>/rocksdb/<store>/… for key-value stores, <task>/<store>/<store>.<segment>/… for segmented ones
        int store = relative.getNameCount() > 2 && relative.getName(1).toString().equals("rocksdb") ? 2 : 1;
        return relative.getNameCount() > store + 1 ? relative.getName(store).toString() : "(task files)";
    }

    private static Map<String, Long> stateBytesBy(Path dir, BiFunction<Path, String, String> group) {
        Map<String, Long> bytes = new TreeMap<>();
        if (!Files.exists(dir)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                try {
                    bytes.merge(group.apply(dir.relativize(p), p.getFileName().toString()), Files.size(p), Long::sum);
                } catch (IOException e) {
                    // a RocksDB file deleted while walking
                }
            });
        } catch (IOException | RuntimeException e) {
            bytes.put("(unreadable)", -1L);
        }
        return bytes;
    }

    /** Sum of the log sizes on every broker of the application's {@code <app>-…-changelog} topics. */
    static long changelogBytes(Admin admin, String applicationId) {
        return logBytes(admin, applicationId, "-changelog");
    }

    static long logBytes(Admin admin, String prefix, String suffix) {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            List<Integer> ids = nodes.stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(ids).allDescriptions().get(30, TimeUnit.SECONDS);
            return dirs.values().stream().flatMap(m -> m.values().stream())
                    .flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().startsWith(prefix) && e.getKey().topic().endsWith(suffix))
                    .mapToLong(e -> e.getValue().size()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("describeLogDirs failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Deletes the application's internal topics (after measuring), so later runs share the broker with less. */
    static void deleteInternalTopics(Admin admin, String applicationId) {
        try {
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(applicationId + "-")).toList();
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            // Only housekeeping: the next run uses other topic names anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
