package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistry.dropScope("clients-test");
    }

    @Test
    void givesTheInMemoryRegistryOfTheScopeForAMockUrl() {
        SchemaRegistryClient client = SchemaRegistryClients.create(SchemaRegistrySettings.forUrl("mock://clients-test"));

        assertThat(client).isSameAs(InMemorySchemaRegistry.forScope("clients-test"));
    }

    @Test
    void givesAnHttpClientForAnHttpUrl() {
        SchemaRegistryClient client = SchemaRegistryClients.create(SchemaRegistrySettings.forUrl("http://127.0.0.1:8081"));

        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
    }

    @Test
    void refusesInvalidSettingsNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SchemaRegistryClients.create(SchemaRegistrySettings.forUrl("localhost:8081")))
                .withMessageStartingWith("schema.registry.url");
    }
}
