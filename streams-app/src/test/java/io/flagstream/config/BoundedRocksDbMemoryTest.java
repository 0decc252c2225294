package io.flagstream.config;

import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Every RocksDB store of an instance shares one bounded block cache and one write-buffer manager. */
class BoundedRocksDbMemoryTest {
    @Test
    void rocksDbStoresGetTheSetterAndTheBoundFromTheSettings() {
        Map<String, String> settings = new HashMap<>(TopologyFixture.baseSettings("rocksdb-memory"));
        settings.put("flagstream.state.store-type", "rocksdb");
        settings.put("flagstream.state.rocksdb.memory.bytes", String.valueOf(64L << 20));
        Properties props = StreamsProperties.from(ConfigLoader.load(settings, Map.of()).kafka());

        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(new StreamsConfig(props).originals().get(BoundedRocksDbMemory.CONFIG))
                .isInstanceOfSatisfying(BoundedRocksDbMemory.Memory.class, m -> assertThat(m.bytes()).isEqualTo(64L << 20));
    }

    @Test
    void twoStoresShareOneCacheAndOneWriteBufferManagerWithSmallMemtables() {
        RocksDB.loadLibrary();
        BoundedRocksDbMemory.Memory memory = new BoundedRocksDbMemory.Memory(64L << 20);
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.CONFIG, memory);
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());

            new BoundedRocksDbMemory().setConfig("a16-timeline", first, configs);
            new BoundedRocksDbMemory().setConfig("a2-timeline", second, configs);

            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(first.writeBufferSize()).isEqualTo(2L << 20); // 32 MiB of memtables / 16
            assertThat(first.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbMemory.MEMTABLES_PER_STORE);
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        }
    }
}
