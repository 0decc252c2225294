package io.flagstream.alert;

import io.flagstream.alerts.FraudAlert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every alert record under {@link #MAX_BYTES} serialized, whatever its evidence and accounts: a finding that
 * summarises a big component or hundreds of alerts must still fit a Kafka record (and a reviewer's screen), and its
 * episode keeps a copy of it. Over the bound, the evidence (newest first) and then the accounts are halved until the
 * record fits; what was left out is counted (added to any count the producer gave) in the parameters {@value #EVIDENCE_LEFT_OUT} and {@value #ACCOUNTS_LEFT_OUT}
 * ({@code evidenceCount} keeps the count before any cap).
 */
public final class RecordSizeBound {
    /** 64 KiB: far below Kafka's 1 MB default, and room for a finding's 100 evidence entries. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final String EVIDENCE_LEFT_OUT = "evidence-left-out";
    public static final String ACCOUNTS_LEFT_OUT = "accounts-left-out";

    private RecordSizeBound() {
    }

    /** Avro single-object encoding: the binary record plus a 10-byte header, close to the wire format's 5. */
    public static int bytes(FraudAlert alert) {
        try {
            return alert.toByteBuffer().remaining();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FraudAlert bound(FraudAlert alert) {
        if (bytes(alert) <= MAX_BYTES) {
            return alert;
        }
        List<?> evidence = alert.getEvidence();
        List<String> accounts = alert.getAccounts();
        FraudAlert bounded = alert;
        int keepEvidence = evidence.size();
        int keepAccounts = accounts.size();
        while (bytes(bounded) > MAX_BYTES && (keepEvidence > 1 || keepAccounts > 1)) {
            if (keepEvidence > 1) {
                keepEvidence /= 2;
            } else {
                keepAccounts /= 2;
            }
            Map<String, String> parameters = new LinkedHashMap<>(alert.getParameters());
            parameters.put(EVIDENCE_LEFT_OUT, String.valueOf(leftOut(alert, EVIDENCE_LEFT_OUT) + evidence.size() - keepEvidence));
            parameters.put(ACCOUNTS_LEFT_OUT, String.valueOf(leftOut(alert, ACCOUNTS_LEFT_OUT) + accounts.size() - keepAccounts));
            bounded = FraudAlert.newBuilder(alert)
                    .setEvidence(List.copyOf(alert.getEvidence().subList(0, keepEvidence)))
                    .setAccounts(List.copyOf(accounts.subList(0, keepAccounts)))
                    .setParameters(parameters)
                    .build();
        }
        return bounded;
    }

    /** A count the alert's producer already gave (a finding that lists a sample of its accounts). */
    private static long leftOut(FraudAlert alert, String key) {
        String given = alert.getParameters().get(key);
        return given == null ? 0 : Long.parseLong(given);
    }
}
