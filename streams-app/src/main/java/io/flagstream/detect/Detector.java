package io.flagstream.detect;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import org.apache.kafka.streams.kstream.KStream;

/**
 * One red-flag rule. A detector adds its own sub-topology to the shared builder, taking its inputs from
 * {@link DetectorInputs} (so re-keys are shared), and returns its deduplicated alerts keyed by alert id.
 * Every processor, store and internal topic it creates is named with {@link #id()} as prefix.
 */
public interface Detector {
    /** Kebab-case rule id, also the alert's ruleId and the prefix of every name the detector creates. */
    String id();

    Indicator indicator();

    KStream<String, FraudAlert> build(DetectorInputs inputs);
}
