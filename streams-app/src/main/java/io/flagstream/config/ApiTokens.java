package io.flagstream.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bearer tokens the data API accepts, each with the name of the client it was issued to (for the logs).
 * Tokens are kept only as SHA-256 digests and compared with {@link MessageDigest#isEqual} against every
 * entry, without stopping at a match: neither a token's length nor how many leading bytes matched shows in
 * the time an answer takes.
 */
public final class ApiTokens {
    /** Shorter tokens can be guessed; 16 characters of a random token are ≥ 80 bits. */
    public static final int MIN_LENGTH = 16;

    private record Entry(String client, byte[] digest) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Client name → token. The caller has checked {@link #MIN_LENGTH}. */
    public static ApiTokens of(Map<String, String> tokensByClient) {
        List<Entry> entries = new ArrayList<>();
        tokensByClient.forEach((client, token) -> entries.add(new Entry(client, digest(token))));
        return new ApiTokens(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The client an {@code Authorization} header authenticates, or null (no header, not Bearer, unknown token). */
    public String clientFor(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = digest(authorizationHeader.substring(7).trim());
        String client = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented)) {
                client = e.client();
            }
        }
        return client;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Never the tokens, not even their digests: this may end up in a log line. */
    @Override
    public String toString() {
        return entries.size() + " token(s) for " + entries.stream().map(Entry::client).toList();
    }
}
