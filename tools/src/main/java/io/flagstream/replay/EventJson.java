package io.flagstream.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.serde.AvroTrust;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Lines form of the Avro contracts (see {@code docs/event-format.md}): one object per line, field
 * names as in the {@code .avsc}, nullable fields as a plain value or {@code null} (not Avro's tagged union
 * JSON), timestamps as ISO-8601 (written) or ISO-8601 / epoch milliseconds (read), decimals as a string
 * (written) or a string or number (read), enums by symbol, maps with sorted keys. Input events carry a
 * {@code type} field ({@code payout}, {@code login}, {@code account-change}); alerts do not.
 *
 * <p>Conversion is driven by the Avro schema, so a new optional field in a contract needs no code here.
 * Unknown fields are refused: a misspelt optional field would otherwise vanish silently.
 */
public final class EventJson {
    public static final String TYPE = "type";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SpecificData MODEL = SpecificData.get();

    static {
        // Records and enums are instantiated by schema name, which Avro 1.12 allows only for trusted classes.
        AvroTrust.trustFlagStreamClasses();
    }

    private EventJson() {
    }

    /** One line (no newline) for an input event: {@code type} first, then the fields in schema order. */
    public static String write(SpecificRecord event) {
        EventType type = EventType.of(event);
        ObjectNode node = NODES.objectNode();
        node.put(TYPE, type.label());
        node.setAll((ObjectNode) toJson(event, type.schema()));
        return stringify(node);
    }

    /** One line (no newline) for an alert: every {@link FraudAlert} field in schema order. */
    public static String writeAlert(FraudAlert alert) {
        return stringify(toJson(alert, FraudAlert.getClassSchema()));
    }

    /** Parses one line into an input event; the exception names the field at fault. */
    public static ReplayEvent read(String line) {
        ObjectNode node = parseObject(line);
        JsonNode typeNode = node.remove(TYPE);
        if (typeNode == null || typeNode.isNull()) {
            throw new JsonFieldException(TYPE, "missing (one of " + EventType.labels() + ")");
        }
        EventType type = EventType.ofLabel(typeNode.asText()).orElseThrow(() -> new JsonFieldException(TYPE,
                quote(typeNode) + " is not one of " + EventType.labels()));
        return ReplayEvent.of((SpecificRecord) fromJson(node, type.schema(), null));
    }

    /** Parses one line of an alerts file. */
    public static FraudAlert readAlert(String line) {
        return (FraudAlert) fromJson(parseObject(line), FraudAlert.getClassSchema(), null);
    }

    private static ObjectNode parseObject(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new JsonFieldException(null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new JsonFieldException(null, "not a JSON object");
        }
        return object;
    }

    private static String stringify(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Avro value -> JSON ------------------------------------------------------------------------------

    static JsonNode toJson(Object value, Schema schema) {
        if (value == null) {
            return NullNode.getInstance();
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case UNION:
                return toJson(value, schema.getTypes().get(MODEL.resolveUnion(schema, value)));
            case RECORD: {
                IndexedRecord record = (IndexedRecord) value;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field f : schema.getFields()) {
                    node.set(f.name(), toJson(record.get(f.pos()), f.schema()));
                }
                return node;
            }
            case ENUM:
            case STRING:
                return NODES.textNode(value.toString());
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(toJson(item, schema.getElementType()));
                }
                return array;
            }
            case MAP: {
                ObjectNode node = NODES.objectNode();
                Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> sorted.put(k.toString(), v));
                sorted.forEach((k, v) -> node.set(k, toJson(v, schema.getValueType())));
                return node;
            }
            case BYTES:
                if (logical instanceof LogicalTypes.Decimal) {
                    return NODES.textNode(((BigDecimal) value).toPlainString());
                }
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case LONG:
                if (value instanceof Instant instant) {
                    return NODES.textNode(instant.toString());
                }
                return NODES.numberNode(((Number) value).longValue());
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case DOUBLE:
            case FLOAT: {
                double d = ((Number) value).doubleValue();
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            default:
                throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
        }
    }

    // ---- JSON -> Avro value ------------------------------------------------------------------------------

    static Object fromJson(JsonNode node, Schema schema, String path) {
        if (node == null || node.isNull()) {
            if (schema.getType() == Schema.Type.NULL
                    || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw new JsonFieldException(path, "must not be null");
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case UNION: {
                JsonFieldException first = null;
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return fromJson(node, branch, path);
                    } catch (JsonFieldException e) {
                        first = first == null ? e : first;
                    }
                }
                throw first;
            }
            case RECORD:
                return record(node, schema, path);
            case ENUM: {
                String symbol = text(node, path, "a symbol");
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new JsonFieldException(path, quote(node) + " is not one of " + String.join(", ", schema.getEnumSymbols()));
                }
                return MODEL.createEnum(symbol, schema);
            }
            case STRING:
                return text(node, path, "a string");
            case ARRAY: {
                if (!node.isArray()) {
                    throw new JsonFieldException(path, quote(node) + " is not an array");
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(fromJson(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return items;
            }
            case MAP: {
                if (!node.isObject()) {
                    throw new JsonFieldException(path, quote(node) + " is not an object");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), fromJson(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                }
                return map;
            }
            case BYTES:
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    return decimal(node, decimal, path);
                }
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(text(node, path, "base64")));
                } catch (IllegalArgumentException e) {
                    throw new JsonFieldException(path, quote(node) + " is not base64");
                }
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return timestamp(node, path);
                }
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new JsonFieldException(path, quote(node) + " is not a whole number");
                }
                return node.longValue();
            case INT:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new JsonFieldException(path, quote(node) + " is not a 32-bit whole number");
                }
                return node.intValue();
            case DOUBLE:
            case FLOAT: {
                double d;
                if (node.isNumber()) {
                    d = node.doubleValue();
                } else if (node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.asText())) {
                    d = Double.parseDouble(node.asText());
                } else {
                    throw new JsonFieldException(path, quote(node) + " is not a number");
                }
                return schema.getType() == Schema.Type.FLOAT ? (Object) (float) d : (Object) d;
            }
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new JsonFieldException(path, quote(node) + " is not true or false");
                }
                return node.booleanValue();
            default:
                throw new JsonFieldException(path, "unsupported Avro type " + schema.getType());
        }
    }

    private static Object record(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            throw new JsonFieldException(path, quote(node) + " is not an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            if (schema.getField(name) == null) {
                throw new JsonFieldException(child(path, name), "unknown field (not in " + schema.getName() + ")");
            }
        }
        IndexedRecord record = (IndexedRecord) MODEL.newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            String fieldPath = child(path, f.name());
            JsonNode value = node.get(f.name());
            if (value == null) {
                if (!f.hasDefaultValue()) {
                    throw new JsonFieldException(fieldPath, "missing");
                }
                value = f.defaultVal() == JsonProperties.NULL_VALUE ? NullNode.getInstance() : MAPPER.valueToTree(f.defaultVal());
            }
            record.put(f.pos(), fromJson(value, f.schema(), fieldPath));
        }
        return record;
    }

    private static BigDecimal decimal(JsonNode node, LogicalTypes.Decimal decimal, String path) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new JsonFieldException(path, quote(node) + " is not a decimal");
            }
        } else {
            throw new JsonFieldException(path, quote(node) + " is not a decimal");
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(decimal.getScale());
        } catch (ArithmeticException e) {
            throw new JsonFieldException(path, quote(node) + " has more than " + decimal.getScale() + " decimal places");
        }
        if (scaled.precision() > decimal.getPrecision()) {
            throw new JsonFieldException(path, quote(node) + " has more than " + decimal.getPrecision() + " digits");
        }
        return scaled;
    }

    private static Instant timestamp(JsonNode node, String path) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            try {
                return Instant.parse(s).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
                } catch (DateTimeParseException e2) {
                    // fall through to the error
                }
            }
        }
        throw new JsonFieldException(path, quote(node) + " is not an ISO-8601 timestamp or epoch milliseconds");
    }

    private static String text(JsonNode node, String path, String what) {
        if (!node.isTextual()) {
            throw new JsonFieldException(path, quote(node) + " is not " + what);
        }
        return node.asText();
    }

    private static String child(String path, String name) {
        return path == null ? name : path + "." + name;
    }

    private static String quote(JsonNode node) {
        String s = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
