package io.flagstream.replay;

import io.flagstream.config.StoreType;
import io.flagstream.detect.DetectorStores;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The production topology's stores without changelogs: a replay's state lives as long as the run and is never
 * restored, and the test driver would otherwise keep every changelog record of the run in memory.
 */
final class UnloggedStores extends DetectorStores {
    UnloggedStores(StoreType type) {
        super(type);
    }

    @Override
    public <S extends StateStore> StoreBuilder<S> logged(StoreBuilder<S> builder) {
        return builder.withLoggingDisabled();
    }

    @Override
    public <K, V, S extends StateStore> Materialized<K, V, S> logged(Materialized<K, V, S> materialized) {
        return materialized.withLoggingDisabled();
    }
}
