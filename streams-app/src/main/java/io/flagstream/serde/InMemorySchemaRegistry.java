package io.flagstream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for tests and for {@code mock://<scope>} URLs.
 *
 * <p>Ids are assigned the way Confluent Schema Registry assigns them, so wire bytes written here are
 * byte-for-byte what a real registry would produce: ids are global (not per subject), start at 1,
 * and the same schema text registered under any subject gets the id it got the first time.
 * Unlike Confluent it checks no compatibility: tests register old and new versions at will.
 *
 * <p>Thread-safe: every method synchronizes on the instance. The serdes cache what they get, so
 * contention here is limited to the first record of each topic and writer schema.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /** Named registries for {@code mock://<scope>}: one scope per test class or fixture. */
    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    /** Keyed by {@link Schema#toString()}, the text a Confluent serializer would send. */
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    /** Index {@code id - 1}: ids are dense and start at 1. */
    private final List<Schema> schemasById = new ArrayList<>();
    /** Per subject, the ids of its versions in version order (version n at index n - 1). */
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();

    /** A registry of its own, tied to no scope. */
    public InMemorySchemaRegistry() {
    }

    /** Returns the registry of {@code scope}, creating it on first use; the same instance until dropped. */
    public static InMemorySchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets {@code scope}, so the next {@link #forScope} starts empty; for test teardown. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Integer id = idsBySchemaText.get(schema.toString());
        if (id == null) {
            schemasById.add(schema);
            id = schemasById.size();
            idsBySchemaText.put(schema.toString(), id);
        }
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        // Re-registering a schema the subject already has is a lookup, not a new version.
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            // The same status and error code as Confluent, so callers handle both registries alike.
            throw new SchemaRegistryException("Schema " + id + " not found", 404, 40403);
        }
        return schemasById.get(id - 1);
    }

    /** The subjects registered so far, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The schemas registered under {@code subject}, oldest version first; empty for an unknown subject. */
    public synchronized List<Schema> versions(String subject) {
        return idsBySubject.getOrDefault(subject, List.of()).stream().map(this::schemaById).toList();
    }
}
