package io.flagstream.topics;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name together with the serdes its records use, so call sites never pair them by hand. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
