package io.flagstream.serde;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry the serdes need: register a writer schema, and
 * find a writer schema by the id carried in a record's header.
 *
 * <p>Implementations must be thread-safe: one client is shared by every serde and every stream thread.
 * Failures (the registry refused, or could not be reached) are reported as {@link SchemaRegistryException}.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or finds it if it is already registered there.
     * Idempotent: the same schema under the same subject always yields the same id.
     *
     * @return the global id the registry assigned to the schema
     */
    int register(String subject, Schema schema);

    /** Returns the schema the registry stored under the global {@code id}, its references resolved. */
    Schema schemaById(int id);

    /**
     * Finds the id of {@code schema} under {@code subject} without registering it ({@code POST /subjects/{s}}),
     * for registries where clients may not register.
     *
     * @throws SchemaRegistryException {@linkplain SchemaRegistryException#isNotFound() not found} if it is not there
     */
    default int lookup(String subject, Schema schema) {
        throw new SchemaRegistryException(getClass().getSimpleName() + " cannot look schemas up");
    }

    /** The latest version registered under {@code subject}. */
    default SubjectVersion latest(String subject) {
        throw new SchemaRegistryException(getClass().getSimpleName() + " cannot list subject versions");
    }

    /** One version of a subject: its global schema id and the schema. */
    record SubjectVersion(String subject, int version, int id, Schema schema) {
    }
}
