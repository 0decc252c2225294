package io.flagstream.live;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signature of a live change, carried in record headers so the payloads stay as they are.
 * The MAC covers a canonical form of everything that decides the change's effect and its audit entry:
 * {@code v1\n<topic>\n<key>\n<sha256 of value, hex, or "-" for a removal>\n<signed-by>\n<signed-at millis>}.
 * The topic is in it so a config change cannot be replayed as an allow-list entry. A change re-published
 * unchanged (a replay) still verifies; bounds and the audit trail limit what that can do.
 */
public final class ChangeSignature {
    public static final String SIGNATURE_HEADER = "flagstream-signature";
    public static final String SIGNED_BY_HEADER = "flagstream-signed-by";
    public static final String SIGNED_AT_HEADER = "flagstream-signed-at";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public ChangeSignature(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** Adds the signature headers for publishing {@code value} (null: a removal) under {@code key} on {@code topic}. */
    public void sign(Headers headers, String topic, String key, byte[] value, String signedBy, long signedAt) {
        headers.remove(SIGNATURE_HEADER).remove(SIGNED_BY_HEADER).remove(SIGNED_AT_HEADER);
        headers.add(SIGNED_BY_HEADER, signedBy.getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNED_AT_HEADER, Long.toString(signedAt).getBytes(StandardCharsets.UTF_8));
        headers.add(SIGNATURE_HEADER, Base64.getEncoder().encode(mac(topic, key, value, signedBy, signedAt)));
    }

    /**
     * Who signed the record, or throws {@link Refused} saying why it is not a validly signed change. The
     * comparison is {@link MessageDigest#isEqual}: constant time, so a forger learns nothing from timing.
     */
    public String verify(Headers headers, String topic, String key, byte[] value) {
        String signature = header(headers, SIGNATURE_HEADER);
        String signedBy = header(headers, SIGNED_BY_HEADER);
        String signedAt = header(headers, SIGNED_AT_HEADER);
        if (signature == null || signedBy == null || signedAt == null) {
            throw new Refused("unsigned: live changes must be published with the flagstream CLI, which signs them"
                    + " (headers " + SIGNATURE_HEADER + ", " + SIGNED_BY_HEADER + ", " + SIGNED_AT_HEADER + ")");
        }
        byte[] presented;
        long at;
        try {
            presented = Base64.getDecoder().decode(signature);
            at = Long.parseLong(signedAt);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed signature headers: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(mac(topic, key, value, signedBy, at), presented)) {
            throw new Refused("bad signature (signed by '" + signedBy + "'): not signed with this deployment's"
                    + " flagstream.live.signing.key, or altered after signing");
        }
        return signedBy;
    }

    /** The signer claimed in the headers, for the audit of a refused change (unverified). */
    public static String claimedSigner(Headers headers) {
        String by = header(headers, SIGNED_BY_HEADER);
        return by == null ? "" : by;
    }

    private byte[] mac(String topic, String key, byte[] value, String signedBy, long signedAt) {
        String canonical = String.join("\n", "v1", topic, key == null ? "" : key,
                value == null ? "-" : HexFormat.of().formatHex(sha256(value)), signedBy, Long.toString(signedAt));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(this.key);
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A change that is not validly signed. */
    public static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }
}
