package io.flagstream.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the topics FlagStream reads and writes; every one is configurable. {@code config},
 * {@code allowList} and {@code watchList} are where operators publish live changes; {@code liveState} is where the app writes the
 * changes it accepted, read back by every instance; {@code audit} (append-only) records every live change
 * accepted or refused.
 */
public record TopicNames(String payouts, String logins, String accountChanges, String alerts, String deadLetter,
                         String findings, String config, String allowList, String watchList, String liveState,
                         String audit) {
    private static final String PREFIX = "flagstream.topics.";

    static final Setting<String> PAYOUTS = topic("payouts", "payouts", "payout events (input)");
    static final Setting<String> LOGINS = topic("logins", "logins", "login events (input)");
    static final Setting<String> ACCOUNT_CHANGES = topic("account-changes", "account-changes", "account change events (input)");
    static final Setting<String> ALERTS = topic("alerts", "flagstream-alerts", "alerts (output)");
    static final Setting<String> DEAD_LETTER = topic("dead-letter", "flagstream-dead-letter", "records that could not be read or were refused");
    static final Setting<String> FINDINGS = topic("findings", "flagstream-findings", "OCSF Detection Findings (output, compacted)");
    static final Setting<String> CONFIG = topic("config", "flagstream-config", "live configuration changes, signed");
    static final Setting<String> ALLOW_LIST = topic("allow-list", "flagstream-allow-list", "live allow-list changes, signed");
    static final Setting<String> WATCH_LIST = topic("watch-list", "flagstream-watch-list", "live watch-list entries, signed");
    static final Setting<String> LIVE_STATE = topic("live-state", "flagstream-live-state", "the live changes the app accepted, read back by every instance");
    static final Setting<String> AUDIT = topic("audit", "flagstream-audit", "every live change accepted or refused (append-only)");

    static final List<Setting<?>> SETTINGS = List.of(PAYOUTS, LOGINS, ACCOUNT_CHANGES, ALERTS, DEAD_LETTER, FINDINGS, CONFIG,
            ALLOW_LIST, WATCH_LIST, LIVE_STATE, AUDIT);

    /** The topic kinds, as in their settings {@code flagstream.topics.<kind>}. */
    public static final List<String> KINDS = SETTINGS.stream().map(s -> s.name().substring(PREFIX.length())).toList();

    /**
     * Settings naming every topic {@code <prefix><kind>}: one run's own topics on a shared broker (tests,
     * benchmarks), so that runs never meet each other's records.
     */
    public static Map<String, String> prefixedSettings(String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        KINDS.forEach(kind -> settings.put(PREFIX + kind, prefix + kind));
        return settings;
    }

    static TopicNames read(RawConfig raw) {
        return new TopicNames(PAYOUTS.read(raw), LOGINS.read(raw), ACCOUNT_CHANGES.read(raw), ALERTS.read(raw),
                DEAD_LETTER.read(raw), FINDINGS.read(raw), CONFIG.read(raw), ALLOW_LIST.read(raw), WATCH_LIST.read(raw),
                LIVE_STATE.read(raw), AUDIT.read(raw));
    }

    private static Setting<String> topic(String kind, String defaultName, String doc) {
        return Setting.string(PREFIX + kind, defaultName, doc);
    }
}
