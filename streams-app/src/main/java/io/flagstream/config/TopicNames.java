package io.flagstream.config;

/** Names of the topics FlagStream reads and writes; every one is configurable. */
public record TopicNames(String payouts, String logins, String accountChanges, String alerts, String deadLetter,
                         String findings) {
}
