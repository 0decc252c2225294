package io.flagstream.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the off-heap memory of every RocksDB store of this instance together: one block cache shared by all stores
 * (index and filter blocks included) and one write-buffer manager that counts every memtable against that same
 * cache; and compresses their tables (LZ4). Without it each of our 40+ stores takes its own cache and up to three 16 MB memtables, per task: memory
 * grows with stores × partitions, outside the heap, until the container is killed.
 *
 * <p>Kafka creates a config setter per store by class name, so the shared cache travels in the Streams properties
 * ({@link #CONFIG}); it is created when the first store opens and lives as long as the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    public static final String CONFIG = "flagstream.internal.rocksdb-memory";
    /** Share of the cache reserved for index and filter blocks, so data blocks cannot evict them. */
    static final double HIGH_PRIORITY_RATIO = 0.1;
    /** Memtables may use at most this share of the bound. */
    static final double WRITE_BUFFER_RATIO = 0.5;
    static final int MEMTABLES_PER_STORE = 2;
    /** Open RocksDB databases an instance is sized for: stores × partitions × window segments. */
    static final int MAX_DATABASES = 1024;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Memory memory = memory(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setWriteBufferSize(memory.memtableBytes());
        options.setArenaBlockSize(memory.arenaBlockBytes());
        // Kafka opens stores uncompressed. Our values repeat field names, ids and country codes: LZ4 costs little
        // CPU (only on flush, compaction and a block-cache miss; cached blocks are uncompressed) and shrinks tables.
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: they are not this store's to close.
    }

    private static Memory memory(Map<String, Object> configs) {
        if (configs.get(CONFIG) instanceof Memory memory) {
            return memory;
        }
        throw new ConfigException(CONFIG, configs.get(CONFIG), "BoundedRocksDbMemory needs the shared Memory in the Streams properties");
    }

    /** The shared bound, created on first use (describing or replaying the topology never loads RocksDB). */
    public static final class Memory {
        private final long bytes;
        private Cache cache;
        private WriteBufferManager writeBuffers;

        public Memory(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        synchronized Cache cache() {
            if (cache == null) {
                cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_RATIO);
                writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_RATIO), cache);
            }
            return cache;
        }

        synchronized WriteBufferManager writeBuffers() {
            cache();
            return writeBuffers;
        }

        /** A memtable's size: small enough that many stores' memtables fit the write-buffer share. */
        long memtableBytes() {
            return Math.max(1L << 20, Math.min(16L << 20, (long) (bytes * WRITE_BUFFER_RATIO) / 16));
        }

        /**
         * The block a memtable takes memory in. RocksDB's default is an eighth of the memtable (1 MiB here), and
         * every open database holds at least one: with a few hundred databases (stores × partitions × window
         * segments) that alone passes the write-buffer manager's flush mark, and from then on every write flushes
         * the memtable it just started. The demo took 128 s instead of 75 s that way (docs/benchmarks.md). Sized so
         * that the first blocks of {@link #MAX_DATABASES} databases take a quarter of the write-buffer share.
         */
        long arenaBlockBytes() {
            return Math.max(4L << 10, Math.min(1L << 20, (long) (bytes * WRITE_BUFFER_RATIO) / (4L * MAX_DATABASES)));
        }
    }
}
