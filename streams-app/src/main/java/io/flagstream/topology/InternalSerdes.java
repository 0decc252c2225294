package io.flagstream.topology;

import io.flagstream.events.Payout;
import io.flagstream.serde.InternalAvroSerde;
import io.flagstream.state.Episode;
import io.flagstream.state.ObservedEvent;

/**
 * Serdes for repartition topics and stores: plain Avro binary without the registry header, because only
 * this application reads them and a registry round trip per internal subject would buy nothing.
 */
public record InternalSerdes(InternalAvroSerde<Payout> payout,
                             InternalAvroSerde<ObservedEvent> observedEvent,
                             InternalAvroSerde<Episode> episode) {
    public static InternalSerdes create() {
        return new InternalSerdes(
                new InternalAvroSerde<>(Payout.class),
                new InternalAvroSerde<>(ObservedEvent.class),
                new InternalAvroSerde<>(Episode.class));
    }
}
