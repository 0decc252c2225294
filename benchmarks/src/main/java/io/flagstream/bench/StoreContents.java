package io.flagstream.bench;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a stopped application's RocksDB stores hold: entries and their key + value bytes before compression, per
 * store (summed over tasks and segments). Table sizes alone do not say whether a store is big because it keeps many
 * entries or big ones, which is what deciding how to shrink it needs. Kafka's own {@code offsets} column family is
 * not counted.
 */
final class StoreContents {
    private static final String KAFKA_OFFSETS_FAMILY = "offsets";

    record Live(long entries, long bytes) {
        Live plus(Live other) {
            return new Live(entries + other.entries, bytes + other.bytes);
        }
    }

    private StoreContents() {
    }

    /** Per store; empty if the dir is missing, {@code "(unreadable)"} if a database could not be opened. */
    static Map<String, Live> byStore(Path appStateDir) {
        Map<String, Live> live = new TreeMap<>();
        if (!Files.exists(appStateDir)) {
            return live;
        }
        RocksDB.loadLibrary();
        try (Stream<Path> files = Files.walk(appStateDir)) {
            for (Path current : files.filter(p -> p.getFileName().toString().equals("CURRENT")).toList()) {
                Path db = current.getParent();
                live.merge(Footprint.storeOf(appStateDir.relativize(current)), read(db), Live::plus);
            }
        } catch (IOException | RocksDBException e) {
            live.put("(unreadable)", new Live(-1, -1));
        }
        return live;
    }

    private static Live read(Path db) throws RocksDBException {
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options listing = new Options(); ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, db.toString())) {
                families.add(new ColumnFamilyDescriptor(name, familyOptions));
            }
            long entries = 0;
            long bytes = 0;
            try (DBOptions options = new DBOptions(); RocksDB rocks = RocksDB.openReadOnly(options, db.toString(), families, handles)) {
                for (ColumnFamilyHandle handle : handles) {
                    if (!KAFKA_OFFSETS_FAMILY.equals(new String(handle.getName(), StandardCharsets.UTF_8))) {
                        try (RocksIterator it = rocks.newIterator(handle)) {
                            for (it.seekToFirst(); it.isValid(); it.next()) {
                                entries++;
                                bytes += it.key().length + it.value().length;
                            }
                        }
                    }
                    handle.close();
                }
            }
            return new Live(entries, bytes);
        }
    }
}
