package io.flagstream.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One line of the append-only audit topic, as JSON: who ({@code signedBy}: verified when the outcome is
 * accepted, as claimed when refused), what ({@code topic}, {@code key}), when ({@code at}, app time of the
 * judgement; {@code signedAt}), the outcome with its reason, and the old and new value.
 */
record AuditEntry(Instant at, String topic, String key, String signedBy, String outcome, String reason,
                  String oldValue, String newValue) {
    static final String ACCEPTED = "accepted";
    static final String REFUSED = "refused";
    private static final ObjectMapper JSON = new ObjectMapper();

    String toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("at", at.toString()).put("topic", topic).put("key", key).put("signedBy", signedBy)
                .put("outcome", outcome).put("reason", reason).put("oldValue", oldValue).put("newValue", newValue);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
