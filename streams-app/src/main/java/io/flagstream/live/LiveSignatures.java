package io.flagstream.live;

import org.apache.kafka.common.header.Headers;

/** The validators' shared first check: a live change is judged only when validly signed. */
final class LiveSignatures {
    /** The dead letters' error type for a change refused for its signature. */
    static final String ERROR_TYPE = "SIGNATURE";

    private LiveSignatures() {
    }

    /** The verified signer; {@code signature} null (no key configured) refuses every change. */
    static String verify(ChangeSignature signature, Headers headers, String topic, String key, byte[] value) {
        if (signature == null) {
            throw new ChangeSignature.Refused("live changes are off: this deployment has no flagstream.live.signing.key");
        }
        return signature.verify(headers, topic, key, value);
    }
}
