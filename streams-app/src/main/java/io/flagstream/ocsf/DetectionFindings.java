package io.flagstream.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.BuildInfo;
import io.flagstream.alert.AlertFactory;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Evidence;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;
import io.flagstream.alerts.Threshold;
import io.flagstream.config.OcsfSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps one {@link FraudAlert} record to an OCSF 1.3.0 Detection Finding (class 2004, category 2 Findings).
 *
 * <ul>
 *   <li>{@code finding_info.uid} is the alert id, so every revision of an episode updates one finding.</li>
 *   <li>Activity: revision 0 is Create (1), a later revision Update (2), status CLOSED is Close (3);
 *       {@code type_uid = 2004 * 100 + activity_id}.</li>
 *   <li>Status: New (1) while open (FlagStream knows nothing of triage), Resolved (4) when closed.</li>
 *   <li>{@code risk_score} = min(100, base(severity) + min(20, 2 × (evidence count − 1))), with base LOW 20,
 *       MEDIUM 40, HIGH 60, CRITICAL 80: severity dominates, more evidence raises it a little.</li>
 *   <li>What OCSF has no attribute for (thresholds, detector parameters, the indicator summary, event times of
 *       the evidence, entity, window) goes under {@code unmapped.flagstream}.</li>
 * </ul>
 * Output is deterministic: the same alert gives the same bytes (fields in a fixed order, maps sorted).
 */
public final class DetectionFindings {
    public static final String OCSF_VERSION = "1.3.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    public static final String PRODUCT = "FlagStream";

    public static final int CREATE = 1;
    public static final int UPDATE = 2;
    public static final int CLOSE = 3;
    public static final int STATUS_NEW = 1;
    public static final int STATUS_RESOLVED = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final int CONFIDENCE_LOW = 1;
    public static final int CONFIDENCE_MEDIUM = 2;
    public static final int CONFIDENCE_HIGH = 3;

    private final String productVersion;
    /** The case view URL with {alert_id} etc. to fill in, or null. */
    private final String caseUrl;

    public DetectionFindings(String productVersion, String caseUrl) {
        this.productVersion = productVersion;
        this.caseUrl = caseUrl;
    }

    /** With the version Maven built ({@link BuildInfo}) and the configured case link. */
    public static DetectionFindings forThisBuild(OcsfSettings settings) {
        return new DetectionFindings(BuildInfo.version(), settings.caseUrl());
    }

    /**
     * How far the alert's evidence is past its thresholds, 0..100: 50 exactly at the line, 75 at twice (or half,
     * for an upper limit) the limit, approaching 100 beyond. The weakest threshold decides; an alert without
     * thresholds is 50. It says how clearly the rule's condition holds, not how likely the account is an operator.
     */
    public static int confidenceScore(List<Threshold> thresholds) {
        double weakest = Double.POSITIVE_INFINITY;
        for (Threshold t : thresholds) {
            double limit = t.getLimit();
            double observed = t.getObserved();
            double beyond = limit > 0 && observed > 0 ? Math.max(observed / limit, limit / observed) : 1.0;
            weakest = Math.min(weakest, beyond);
        }
        double ratio = Double.isInfinite(weakest) ? 1.0 : weakest;
        return (int) Math.round(100 * (1 - 0.5 / ratio));
    }

    /** OCSF confidence_id: Low under 40, Medium from 40 (50 is "at the threshold"), High from 75 (twice it). */
    public static int confidenceId(int score) {
        return score >= 75 ? CONFIDENCE_HIGH : score >= 40 ? CONFIDENCE_MEDIUM : CONFIDENCE_LOW;
    }

    public static int activityId(FraudAlert alert) {
        if (AlertFactory.CLOSED.equals(alert.getStatus())) {
            return CLOSE;
        }
        return alert.getRevision() == 0 ? CREATE : UPDATE;
    }

    public static int riskScore(Severity severity, int evidenceCount) {
        int base = switch (severity) {
            case LOW -> 20;
            case MEDIUM -> 40;
            case HIGH -> 60;
            case CRITICAL -> 80;
        };
        return Math.min(100, base + Math.min(20, 2 * Math.max(0, evidenceCount - 1)));
    }

    public String toJson(FraudAlert alert) {
        try {
            return JSON.writeValueAsString(toFinding(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OCSF finding of alert " + alert.getAlertId(), e);
        }
    }

    public ObjectNode toFinding(FraudAlert alert) {
        int activity = activityId(alert);
        boolean closed = activity == CLOSE;
        ObjectNode f = JSON.createObjectNode();
        f.put("activity_id", activity);
        f.put("activity_name", activityName(activity));
        f.put("category_uid", CATEGORY_UID);
        f.put("category_name", "Findings");
        f.put("class_uid", CLASS_UID);
        f.put("class_name", "Detection Finding");
        f.put("type_uid", CLASS_UID * 100L + activity);
        f.put("type_name", "Detection Finding: " + activityName(activity));
        f.put("time", alert.getDetectedAt().toEpochMilli());
        f.put("severity_id", severityId(alert.getSeverity()));
        f.put("severity", severityName(alert.getSeverity()));
        f.put("status_id", closed ? STATUS_RESOLVED : STATUS_NEW);
        f.put("status", closed ? "Resolved" : "New");
        f.put("message", alert.getDescription());
        f.set("metadata", metadata(alert));
        f.set("finding_info", findingInfo(alert));
        f.set("evidences", evidences(alert));
        f.set("resources", resources(alert));
        f.put("risk_score", riskScore(alert.getSeverity(), alert.getEvidenceCount()));
        int confidence = confidenceScore(alert.getThresholds());
        f.put("confidence_id", confidenceId(confidence));
        f.put("confidence", switch (confidenceId(confidence)) {
            case CONFIDENCE_HIGH -> "High";
            case CONFIDENCE_MEDIUM -> "Medium";
            default -> "Low";
        });
        f.put("confidence_score", confidence);
        ObjectNode unmapped = JSON.createObjectNode();
        unmapped.set("flagstream", flagstream(alert));
        f.set("unmapped", unmapped);
        return f;
    }

    private ObjectNode metadata(FraudAlert alert) {
        ObjectNode m = JSON.createObjectNode();
        m.put("version", OCSF_VERSION);
        // One event per alert record: the finding uid plus its revision.
        m.put("uid", alert.getAlertId() + ":" + alert.getRevision());
        ObjectNode product = m.putObject("product");
        product.put("name", PRODUCT);
        product.put("vendor_name", PRODUCT);
        product.put("version", productVersion);
        return m;
    }

    private ObjectNode findingInfo(FraudAlert alert) {
        ObjectNode fi = JSON.createObjectNode();
        fi.put("uid", alert.getAlertId());
        fi.put("title", alert.getTitle());
        fi.put("desc", alert.getDescription());
        fi.putArray("types").add(alert.getIndicator());
        ObjectNode analytic = fi.putObject("analytic");
        analytic.put("uid", alert.getRuleId());
        analytic.put("name", alert.getRuleId());
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        analytic.put("version", productVersion);
        fi.put("first_seen_time", alert.getFirstSeen().toEpochMilli());
        fi.put("last_seen_time", alert.getLastSeen().toEpochMilli());
        ArrayNode related = fi.putArray("related_events");
        for (Evidence e : alert.getEvidence()) {
            ObjectNode r = related.addObject();
            r.put("uid", e.getEventId());
            r.put("type", e.getSource());
        }
        if (caseUrl != null) {
            fi.put("src_url", caseUrl(alert));
        }
        return fi;
    }

    /**
     * One evidence artifact per distinct account, IP, device and payout instrument in the alert's evidence
     * events, in that order and in order of first appearance (newest event first).
     */
    private static ArrayNode evidences(FraudAlert alert) {
        Set<String> accounts = new LinkedHashSet<>();
        Map<String, Map<String, String>> ips = new LinkedHashMap<>();
        Set<String> devices = new LinkedHashSet<>();
        Map<String, Map<String, String>> instruments = new LinkedHashMap<>();
        for (Evidence e : alert.getEvidence()) {
            accounts.add(e.getAccountId());
            Map<String, String> facts = e.getFacts();
            for (String ipKey : new String[] {"ip", "requestIp"}) {
                String ip = facts.get(ipKey);
                if (ip != null) {
                    ips.putIfAbsent(ip, "ip".equals(ipKey) ? facts : Map.of());
                }
            }
            if (facts.get("deviceId") != null) {
                devices.add(facts.get("deviceId"));
            }
            if (facts.get("instrument") != null) {
                instruments.putIfAbsent(facts.get("instrument"), facts);
            }
        }
        ArrayNode out = JSON.createArrayNode();
        accounts.forEach(a -> out.addObject().putObject("user").put("uid", a));
        ips.forEach((ip, facts) -> {
            ObjectNode endpoint = out.addObject().putObject("src_endpoint");
            endpoint.put("ip", ip);
            if (facts.get("ipCountry") != null) {
                endpoint.putObject("location").put("country", facts.get("ipCountry"));
            }
            Integer asn = asn(facts.get("asn"));
            if (asn != null) {
                endpoint.putObject("autonomous_system").put("number", asn);
            }
        });
        devices.forEach(d -> {
            ObjectNode device = out.addObject().putObject("device");
            device.put("uid", d);
            device.put("type_id", 0);
            device.put("type", "Unknown");
        });
        instruments.forEach((fingerprint, facts) -> {
            ObjectNode data = out.addObject().putObject("data");
            data.put("payment_instrument", fingerprint);
            putIfPresent(data, "instrument_type", facts.get("instrumentType"));
            putIfPresent(data, "provider", facts.get("provider"));
            putIfPresent(data, "country", facts.get("instrumentCountry"));
        });
        return out;
    }

    /** The alert's entity, then every account involved, then the payout instruments in its evidence. */
    private static ArrayNode resources(FraudAlert alert) {
        Map<String, String> byUid = new LinkedHashMap<>();
        byUid.put(alert.getEntity().getType() + "\u0000" + alert.getEntity().getId(), alert.getEntity().getType());
        alert.getAccounts().forEach(a -> byUid.putIfAbsent("account\u0000" + a, "account"));
        for (Evidence e : alert.getEvidence()) {
            String fingerprint = e.getFacts().get("instrument");
            if (fingerprint != null) {
                byUid.putIfAbsent("instrument\u0000" + fingerprint, "instrument");
            }
        }
        ArrayNode out = JSON.createArrayNode();
        byUid.forEach((key, type) -> {
            ObjectNode r = out.addObject();
            r.put("uid", key.substring(key.indexOf('\u0000') + 1));
            r.put("type", type);
        });
        return out;
    }

    private static ObjectNode flagstream(FraudAlert alert) {
        ObjectNode u = JSON.createObjectNode();
        u.put("alert_id", alert.getAlertId());
        u.put("revision", alert.getRevision());
        u.put("alert_status", alert.getStatus());
        u.put("rule_id", alert.getRuleId());
        u.put("indicator", alert.getIndicator());
        putIfPresent(u, "indicator_summary", indicatorSummary(alert.getIndicator()));
        u.put("advisory", "US State/Treasury/FBI advisory on DPRK IT workers, May 2022");
        ObjectNode entity = u.putObject("entity");
        entity.put("type", alert.getEntity().getType());
        entity.put("id", alert.getEntity().getId());
        u.put("window_start_time", alert.getWindowStart().toEpochMilli());
        u.put("window_end_time", alert.getWindowEnd().toEpochMilli());
        u.put("accounts_count", alert.getAccounts().size());
        // OCSF 1.3.0's finding_info has no related_events_count (later versions do): the total stays here.
        u.put("evidence_count", alert.getEvidenceCount());
        ArrayNode thresholds = u.putArray("thresholds");
        for (Threshold t : alert.getThresholds()) {
            thresholds.addObject().put("name", t.getName()).put("limit", t.getLimit()).put("observed", t.getObserved());
        }
        ObjectNode parameters = u.putObject("parameters");
        new TreeMap<>(alert.getParameters()).forEach(parameters::put);
        ArrayNode evidence = u.putArray("evidence");
        for (Evidence e : alert.getEvidence()) {
            ObjectNode ev = evidence.addObject();
            ev.put("event_uid", e.getEventId());
            ev.put("source", e.getSource());
            ev.put("account_uid", e.getAccountId());
            ev.put("time", e.getTimestamp().toEpochMilli());
            ObjectNode facts = ev.putObject("facts");
            new TreeMap<>(e.getFacts()).forEach(facts::put);
        }
        return u;
    }

    private String caseUrl(FraudAlert alert) {
        return caseUrl.replace(OcsfSettings.ALERT_ID, encode(alert.getAlertId()))
                .replace("{rule_id}", encode(alert.getRuleId()))
                .replace("{entity_type}", encode(alert.getEntity().getType()))
                .replace("{entity_id}", encode(alert.getEntity().getId()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String activityName(int activity) {
        return switch (activity) {
            case CREATE -> "Create";
            case UPDATE -> "Update";
            case CLOSE -> "Close";
            default -> throw new IllegalArgumentException("activity " + activity);
        };
    }

    static int severityId(Severity severity) {
        return switch (severity) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    private static String severityName(Severity severity) {
        return switch (severity) {
            case LOW -> "Low";
            case MEDIUM -> "Medium";
            case HIGH -> "High";
            case CRITICAL -> "Critical";
        };
    }

    private static String indicatorSummary(String indicator) {
        try {
            return Indicator.valueOf(indicator).summary();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "AS64500" or "64500" to 64500; anything else to null. */
    static Integer asn(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.startsWith("AS") ? value.substring(2) : value;
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
