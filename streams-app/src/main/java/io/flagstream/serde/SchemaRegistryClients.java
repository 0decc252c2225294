package io.flagstream.serde;

/** Creates the {@link SchemaRegistryClient} that {@code schema.registry.url} asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * {@code mock://<scope>} gives the in-memory registry of that scope (shared by everything in the JVM
     * that names the same scope, as with Confluent's mock URLs); {@code http(s)://...} gives an
     * {@link HttpSchemaRegistryClient}.
     *
     * @throws IllegalArgumentException naming the bad setting if the settings are invalid
     */
    public static SchemaRegistryClient create(SchemaRegistrySettings settings) {
        settings.validate();
        return settings.isMock()
                ? InMemorySchemaRegistry.forScope(settings.mockScope())
                : new HttpSchemaRegistryClient(settings);
    }
}
