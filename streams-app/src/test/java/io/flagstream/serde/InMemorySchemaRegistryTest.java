package io.flagstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flagstream.events.Login;
import io.flagstream.events.Payout;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void assignsGlobalIdsStartingAtOne() {
        assertThat(registry.register("payouts-value", Payout.getClassSchema())).isEqualTo(1);
        assertThat(registry.register("logins-value", Login.getClassSchema())).isEqualTo(2);
        assertThat(registry.schemaById(2)).isEqualTo(Login.getClassSchema());
    }

    @Test
    void givesTheSameSchemaTheSameIdUnderAnySubjectAndMakesItANewVersionThere() {
        int first = registry.register("payouts-value", Payout.getClassSchema());

        assertThat(registry.register("payouts-value", Payout.getClassSchema())).isEqualTo(first);
        assertThat(registry.register("payouts-retry-value", Payout.getClassSchema())).isEqualTo(first);
        assertThat(registry.versions("payouts-value")).hasSize(1);
        assertThat(registry.versions("payouts-retry-value")).containsExactly(Payout.getClassSchema());
    }

    @Test
    void listsVersionsOldestFirst() {
        registry.register("logins-value", Login.getClassSchema());
        registry.register("logins-value", Payout.getClassSchema());

        assertThat(registry.versions("logins-value")).containsExactly(Login.getClassSchema(), Payout.getClassSchema());
        assertThat(registry.versions("nothing-value")).isEmpty();
    }

    @Test
    void answersAnUnknownIdLikeConfluent() {
        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(404);
                    assertThat(e.errorCode()).hasValue(40403);
                })
                .hasMessage("Schema 1 not found");
    }

    @Test
    void sharesOneRegistryPerScopeUntilTheScopeIsDropped() {
        InMemorySchemaRegistry scoped = InMemorySchemaRegistry.forScope("in-memory-registry-test");
        try {
            scoped.register("payouts-value", Payout.getClassSchema());

            assertThat(InMemorySchemaRegistry.forScope("in-memory-registry-test")).isSameAs(scoped);
            assertThat(InMemorySchemaRegistry.forScope("another-scope-test").subjects()).isEmpty();
        } finally {
            InMemorySchemaRegistry.dropScope("in-memory-registry-test");
            InMemorySchemaRegistry.dropScope("another-scope-test");
        }

        assertThat(InMemorySchemaRegistry.forScope("in-memory-registry-test")).isNotSameAs(scoped);
        InMemorySchemaRegistry.dropScope("in-memory-registry-test");
    }
}
