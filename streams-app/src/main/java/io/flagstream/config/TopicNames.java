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
    /** The topic kinds, as in their settings {@code flagstream.topics.<kind>}. */
    public static final List<String> KINDS = List.of("payouts", "logins", "account-changes", "alerts", "dead-letter",
            "findings", "config", "allow-list", "watch-list", "live-state", "audit");

    /**
     * Settings naming every topic {@code <prefix><kind>}: one run's own topics on a shared broker (tests,
     * benchmarks), so that runs never meet each other's records.
     */
    public static Map<String, String> prefixedSettings(String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        KINDS.forEach(kind -> settings.put("flagstream.topics." + kind, prefix + kind));
        return settings;
    }
}
