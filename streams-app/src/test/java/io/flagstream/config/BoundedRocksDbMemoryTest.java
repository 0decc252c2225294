package io.flagstream.config;

import io.flagstream.testing.TopologyFixture;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
            assertThat(first.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
        }
    }

    /**
     * Every open database holds at least one memtable block, and the write-buffer manager charges those blocks to the
     * shared cache. With RocksDB's default block (an eighth of the memtable, 1 MiB at the default bound) 150 lightly
     * used stores reserved 150 MiB of the 256 MiB cache: the mark where memtables are flushed early was passed by idle
     * stores, and data blocks had little cache left.
     */
    @Test
    void manyOpenStoresReserveLittleOfTheSharedCacheForTheirMemtables(@TempDir Path dir) throws RocksDBException {
        RocksDB.loadLibrary();
        BoundedRocksDbMemory.Memory memory = new BoundedRocksDbMemory.Memory(256L << 20);
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.CONFIG, memory);
        List<Options> options = new ArrayList<>();
        List<RocksDB> stores = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                Options o = new Options().setCreateIfMissing(true);
                o.setTableFormatConfig(new BlockBasedTableConfig());
                new BoundedRocksDbMemory().setConfig("store-" + i, o, configs);
                options.add(o);
                RocksDB store = RocksDB.open(o, dir.resolve("store-" + i).toString());
                stores.add(store);
                for (int k = 0; k < 50; k++) {
                    store.put(bytes("key-" + k), bytes("a value of a few dozen bytes, like a small state record"));
                }
            }

            long writeBufferShare = (long) ((256L << 20) * BoundedRocksDbMemory.WRITE_BUFFER_RATIO);
            assertThat(memory.cache().getUsage()).as("cache reserved for 150 stores' memtables").isLessThan(writeBufferShare / 4);
        } finally {
            stores.forEach(RocksDB::close);
            options.forEach(Options::close);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
