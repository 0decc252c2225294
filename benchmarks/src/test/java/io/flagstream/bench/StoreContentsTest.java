package io.flagstream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreContentsTest {
    @TempDir
    Path state;

    @Test
    void countsEachStoresEntriesAndBytesOverTasksAndSegmentsButNotKafkasOffsets() throws Exception {
        write(state.resolve("0_0/rocksdb/sessions-store"), 2, "abc", "12345");
        write(state.resolve("0_1/rocksdb/sessions-store"), 1, "abc", "12345");
        write(state.resolve("0_0/log-store/log-store.1700000000000"), 3, "k", "v");

        assertThat(StoreContents.byStore(state))
                .containsEntry("sessions-store", new StoreContents.Live(3, 3 * (4 + 5)))
                .containsEntry("log-store", new StoreContents.Live(3, 3 * (2 + 1)))
                .hasSize(2);
    }

    @Test
    void aMissingStateDirHoldsNothing() {
        assertThat(StoreContents.byStore(state.resolve("gone"))).isEmpty();
    }

    /** A closed database as Kafka leaves it: {@code n} entries in the default family, one in {@code offsets}. */
    private static void write(Path db, int n, String keyPrefix, String value) throws Exception {
        Files.createDirectories(db);
        RocksDB.loadLibrary();
        List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor("offsets".getBytes(StandardCharsets.UTF_8)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB rocks = RocksDB.open(options, db.toString(), families, handles)) {
            for (int i = 0; i < n; i++) {
                rocks.put(handles.get(0), (keyPrefix + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            }
            rocks.put(handles.get(1), "position".getBytes(StandardCharsets.UTF_8), new byte[64]);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
