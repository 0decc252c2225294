package io.flagstream.config;

/**
 * Names of the topics FlagStream reads and writes; every one is configurable. {@code config} and
 * {@code allowList} are where operators publish live changes; {@code liveState} is where the app writes the
 * changes it accepted, read back by every instance.
 */
public record TopicNames(String payouts, String logins, String accountChanges, String alerts, String deadLetter,
                         String findings, String config, String allowList, String liveState) {
}
