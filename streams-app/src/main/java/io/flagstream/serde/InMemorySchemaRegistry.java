package io.flagstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in memory, for tests, for {@code mock://<scope>} URLs and behind the local registry
 * server.
 *
 * <p>Ids are assigned the way Confluent Schema Registry assigns them, so wire bytes written here are
 * byte-for-byte what a real registry would produce: ids are global (not per subject), start at 1,
 * and the same schema (with the same references) registered under any subject gets the id it got the first
 * time. Schemas may name types registered under other subjects ({@link Reference references}).
 *
 * <p>Compatibility is checked per subject with Avro's {@link SchemaCompatibility}, as Confluent does. A registry
 * made with {@link #InMemorySchemaRegistry()} (and every mock scope) checks none, so tests register old and new
 * versions at will; the local registry server uses {@link Compatibility#BACKWARD}, Confluent's default.
 *
 * <p>Failures carry Confluent's status and error code: 40401 subject not found, 40402 version not found,
 * 40403 schema not found, 42201 invalid schema, 409 incompatible.
 *
 * <p>Thread-safe: every method synchronizes on the instance. The serdes cache what they get, so
 * contention here is limited to the first record of each topic and writer schema.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /** Confluent's compatibility levels. */
    public enum Compatibility { NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE }

    /** A type named in a schema and registered as version {@code version} of {@code subject}. */
    public record Reference(String name, String subject, int version) {
    }

    /** A schema as registered: its global id, its text and the references that text needs. */
    public record Stored(int id, String text, List<Reference> references, Schema schema) {
    }

    /** Named registries for {@code mock://<scope>}: one scope per test class or fixture. */
    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keyed by the schema's text (as {@link Schema#toString()} gives it when it has no references) and references. */
    private final Map<String, Integer> idsByKey = new HashMap<>();
    /** Index {@code id - 1}: ids are dense and start at 1. */
    private final List<Stored> schemasById = new ArrayList<>();
    /** Per subject, the ids of its versions in version order (version n at index n - 1). */
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();
    private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
    private Compatibility globalCompatibility;

    /** A registry of its own, tied to no scope, checking no compatibility. */
    public InMemorySchemaRegistry() {
        this(Compatibility.NONE);
    }

    /** A registry of its own whose subjects are checked at {@code globalCompatibility} unless set otherwise. */
    public InMemorySchemaRegistry(Compatibility globalCompatibility) {
        this.globalCompatibility = Objects.requireNonNull(globalCompatibility, "globalCompatibility");
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
    public int register(String subject, Schema schema) {
        return register(subject, schema.toString(), List.of());
    }

    /**
     * Registers {@code text} (which may use the types of {@code references}) under {@code subject}, or finds it
     * there.
     *
     * @throws SchemaRegistryException 42201 if it does not parse, 409 if the subject's compatibility refuses it
     */
    public synchronized int register(String subject, String text, List<Reference> references) {
        Objects.requireNonNull(subject, "subject");
        Schema schema = parse(text, references);
        String key = key(text, schema, references);
        Integer id = idsByKey.get(key);
        List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
        // Re-registering a schema the subject already has is a lookup, not a new version.
        if (id != null && versions.contains(id)) {
            return id;
        }
        List<String> problems = incompatibilities(subject, schema, null);
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (" + compatibility(subject) + "): " + String.join("; ", problems), 409, 409);
        }
        if (id == null) {
            id = schemasById.size() + 1;
            schemasById.add(new Stored(id, references.isEmpty() ? schema.toString() : compact(text),
                    List.copyOf(references), schema));
            idsByKey.put(key, id);
        }
        idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        return stored(id).schema();
    }

    /** The schema with global {@code id} as registered, with its references. */
    public synchronized Stored stored(int id) {
        if (id < 1 || id > schemasById.size()) {
            // The same status and error code as Confluent, so callers handle both registries alike.
            throw new SchemaRegistryException("Schema " + id + " not found", 404, 40403);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return lookup(subject, schema.toString(), List.of()).id();
    }

    /** The version of {@code subject} that is {@code text} with {@code references}. */
    public synchronized SubjectVersion lookup(String subject, String text, List<Reference> references) {
        List<Integer> versions = versionIds(subject);
        Schema schema = parse(text, references);
        Integer id = idsByKey.get(key(text, schema, references));
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw new SchemaRegistryException("Schema not found", 404, 40403);
        }
        return new SubjectVersion(subject, index + 1, id, schema);
    }

    @Override
    public synchronized SubjectVersion latest(String subject) {
        return version(subject, versionIds(subject).size());
    }

    /** Version {@code version} (from 1) of {@code subject}. */
    public synchronized SubjectVersion version(String subject, int version) {
        List<Integer> versions = versionIds(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaRegistryException("Version " + version + " not found.", 404, 40402);
        }
        int id = versions.get(version - 1);
        return new SubjectVersion(subject, version, id, schemaById(id));
    }

    /** The subjects registered so far, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The schemas registered under {@code subject}, oldest version first; empty for an unknown subject. */
    public synchronized List<Schema> versions(String subject) {
        return idsBySubject.getOrDefault(subject, List.of()).stream().map(this::schemaById).toList();
    }

    /** The compatibility level checked for {@code subject}: its own, else the global one. */
    public synchronized Compatibility compatibility(String subject) {
        return subject == null ? globalCompatibility : compatibilityBySubject.getOrDefault(subject, globalCompatibility);
    }

    /** Sets the level of {@code subject}, or the global level when {@code subject} is null. */
    public synchronized void setCompatibility(String subject, Compatibility level) {
        Objects.requireNonNull(level, "level");
        if (subject == null) {
            globalCompatibility = level;
        } else {
            compatibilityBySubject.put(subject, level);
        }
    }

    /**
     * Why {@code text} may not be registered under {@code subject} at its compatibility level, checked against
     * {@code version} only, or (when null) against the versions the level names; empty when it may.
     */
    public synchronized List<String> incompatibilities(String subject, String text, List<Reference> references, Integer version) {
        if (version != null) {
            version(subject, version);
        }
        return incompatibilities(subject, parse(text, references), version);
    }

    private List<String> incompatibilities(String subject, Schema candidate, Integer version) {
        List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
        if (ids.isEmpty()) {
            return List.of();
        }
        Compatibility level = compatibility(subject);
        List<Integer> against = version != null ? List.of(ids.get(version - 1))
                : level.name().endsWith("_TRANSITIVE") ? ids : List.of(ids.get(ids.size() - 1));
        List<String> problems = new ArrayList<>();
        for (int id : against) {
            Schema existing = schemaById(id);
            boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
            boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
            if (backward) {
                problems.addAll(check(candidate, existing, "new schema cannot read version with id " + id));
            }
            if (forward) {
                problems.addAll(check(existing, candidate, "version with id " + id + " cannot read the new schema"));
            }
        }
        return problems;
    }

    private static List<String> check(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList();
    }

    private List<Integer> versionIds(String subject) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404, 40401);
        }
        return versions;
    }

    /** Parses {@code text} after the types its references define; 42201 if either fails. */
    private Schema parse(String text, List<Reference> references) {
        Objects.requireNonNull(text, "text");
        Schema.Parser parser = new Schema.Parser();
        for (Reference reference : references) {
            define(parser, reference, new HashSet<>());
        }
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            // SchemaParseException, AvroTypeException (a bad default), and anything else Avro throws on bad input.
            throw new SchemaRegistryException("Invalid schema: " + e.getMessage(), 422, 42201);
        }
    }

    private void define(Schema.Parser parser, Reference reference, Set<String> defined) {
        if (!defined.add(reference.subject() + "/" + reference.version())) {
            return;
        }
        Stored stored;
        try {
            stored = stored(version(reference.subject(), reference.version()).id());
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryException("Invalid schema: reference " + reference + " does not exist (" + e.getMessage() + ")",
                    422, 42201);
        }
        for (Reference inner : stored.references()) {
            define(parser, inner, defined);
        }
        if (parser.getTypes().containsKey(reference.name()) || parser.getTypes().containsKey(stored.schema().getFullName())) {
            return;
        }
        parser.parse(stored.text());
    }

    /** What makes two registrations the same schema: the text (normalised) and the references. */
    private static String key(String text, Schema schema, List<Reference> references) {
        return references.isEmpty() ? schema.toString() : compact(text) + references;
    }

    /** The text without insignificant white space: the text of a schema with references is kept as written. */
    private static String compact(String text) {
        try {
            return JSON.readTree(text).toString();
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Invalid schema: " + e.getOriginalMessage(), 422, 42201);
        }
    }
}
