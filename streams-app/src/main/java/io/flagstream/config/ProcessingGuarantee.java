package io.flagstream.config;

import org.apache.kafka.streams.StreamsConfig;

/** The two guarantees FlagStream supports, as Kafka Streams names them. */
public enum ProcessingGuarantee {
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE),
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2);

    private final String streamsValue;

    ProcessingGuarantee(String streamsValue) {
        this.streamsValue = streamsValue;
    }

    public String streamsValue() {
        return streamsValue;
    }
}
