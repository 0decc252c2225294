package io.flagstream.config;

/**
 * Where detector state lives. RocksDB (default) keeps state on disk and bounds memory; in-memory stores are
 * faster and are restored from their changelogs at start, so they suit replays, tests and small deployments.
 */
public enum StoreType {
    ROCKSDB,
    IN_MEMORY
}
