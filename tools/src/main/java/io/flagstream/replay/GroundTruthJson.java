package io.flagstream.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.PlantedCase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ground-truth.json}: the scenario, the allow-list a platform would know (corporate egress IPs,
 * agency payout instruments), the planted cases with their start, and every account's label.
 */
public final class GroundTruthJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GroundTruthJson() {
    }

    public static void write(Path file, DemoScenario scenario, GroundTruth truth, List<String> allowListIps,
                             List<String> allowListInstruments) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode s = root.putObject("scenario");
        s.put("seed", scenario.seed());
        s.put("accounts", scenario.accounts());
        s.put("days", scenario.days());
        s.put("start", scenario.start().toString());
        s.put("operatorTeams", scenario.operatorTeams());
        if (scenario.hard() != null) {
            s.put("preset", "hard");
            s.set("hard", MAPPER.valueToTree(scenario.hard()));
        }
        ObjectNode allow = root.putObject("allowList");
        allowListIps.forEach(allow.putArray("ips")::add);
        allowListInstruments.forEach(allow.putArray("instruments")::add);
        ArrayNode cases = root.putArray("cases");
        for (PlantedCase p : truth.cases()) {
            ObjectNode c = cases.addObject();
            c.put("ruleId", p.ruleId());
            c.put("entityType", p.entityType());
            c.put("entityId", p.entityId());
            c.put("story", p.story());
            c.put("start", p.start() == null ? null : p.start().toString());
        }
        ObjectNode labels = root.putObject("accountLabels");
        new TreeMap<>(truth.accountLabels()).forEach(labels::put);
        MAPPER.writeValue(file.toFile(), root);
    }

    public static GroundTruth read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": not a JSON object");
        }
        List<PlantedCase> cases = new ArrayList<>();
        JsonNode list = root.path("cases");
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String where = file + ": cases[" + i + "]";
            Instant t = instant(c.path("start"), where + ": field 'start'");
            cases.add(new PlantedCase(required(c, "ruleId", where), required(c, "entityType", where),
                    required(c, "entityId", where), c.path("story").asText(""), t));
        }
        Map<String, String> labels = new TreeMap<>();
        root.path("accountLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode scenario = root.path("scenario");
        return new GroundTruth(List.copyOf(cases), Map.copyOf(labels), scenario.path("days").asInt(0),
                instant(scenario.path("start"), file + ": scenario field 'start'"));
    }

    /** The timestamp in {@code node}, null when absent. */
    private static Instant instant(JsonNode node, String where) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + node.asText() + "' is not an ISO-8601 timestamp");
        }
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' missing or not a string");
        }
        return v.asText();
    }
}
